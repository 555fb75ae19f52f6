// `report merge` of the folders a k6-operator TestRun's pods leave (plain `k6 run`, no merge.json:
// summary.json with the bundle's runner record, and k6's samples as k6 v0.48 writes their lines),
// and every refusal: samples missing or cut short, segments with a gap or an overlap, runners of
// other bundles or tests. Runs without k6 (test/load/real-k6-operator.test.ts runs real k6).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { resolveRunShape } from '../../load/run-shape.ts';
import { expectCleanError, runCli } from '../helpers/cli.ts';

const TMP = mkdtempSync(join(tmpdir(), 'calls-harness-operator-folders-'));
const HISTORY = join(TMP, 'history.ndjson');
const SMOKE = resolveRunShape('smoke').profile;

const declare = (metric: string, type: string, contains = 'default') => JSON.stringify({ type: 'Metric', data: { name: metric, type, contains, thresholds: [], submetrics: null }, metric });
const point = (metric: string, value: number, tags: Record<string, string> = {}) => JSON.stringify({ type: 'Point', data: { time: '2026-12-08T01:00:00.250Z', value, tags }, metric });

interface Pod {
  segment: string;
  sequence?: string;
  durations: number[];
  testid?: string;
  bundle?: string;
  scenario?: string;
  /** k6's summary counts this many more requests than the samples hold (a file cut short, a copy stopped). */
  unwritten?: number;
  durationMs?: number;
}

/** A pod's results folder as the TestRun leaves it: k6's summary (with the runner record) and k6's samples. */
function pod(name: string, p: Pod): string {
  const dir = join(TMP, name);
  mkdirSync(dir);
  const lines = [
    declare('iterations', 'counter'), declare('http_req_duration', 'trend', 'time'), declare('http_req_waiting', 'trend', 'time'),
    ...p.durations.flatMap((ms) => [point('iterations', 1), point('http_req_duration', ms, { name: 'getCall', status: '200' }), point('http_req_waiting', ms - 1, { name: 'getCall', status: '200' })]),
  ];
  writeFileSync(join(dir, 'k6-samples.json.gz'), gzipSync(lines.join('\n')));
  const n = p.durations.length + (p.unwritten ?? 0);
  const summary = {
    metrics: {
      iterations: { type: 'counter', contains: 'default', values: { count: n, rate: n / 8 }, thresholds: { 'count<15': { ok: n < 15 } } },
      http_req_duration: { type: 'trend', contains: 'time', values: { count: n } },
      'http_req_duration{name:getCall}': { type: 'trend', contains: 'time', values: { count: n }, thresholds: { 'p(90)<100': { ok: true } } },
      http_req_waiting: { type: 'trend', contains: 'time', values: { count: n } },
    },
    root_group: { name: '', path: '', id: 'd41d8cd98f00b204e9800998ecf8427e', groups: [], checks: [] },
    options: { summaryTrendStats: ['med', 'p(90)', 'p(95)', 'p(99)', 'max', 'count'] },
    state: { testRunDurationMs: p.durationMs ?? 8200 },
    runner: {
      format: 'calls-harness-k6-runner/1', scenario: p.scenario ?? 'read-mix', segment: p.segment, sequence: p.sequence ?? '0,1/2,1', testid: p.testid ?? 'calls-harness-read-mix-t1',
      profile: 'smoke', profileData: SMOKE, target: 'http://127.0.0.1:4010', bundleSha256: p.bundle ?? 'b'.repeat(64),
    },
  };
  writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary));
  return dir;
}

const merge = (dirs: string[], out: string) => runCli(['report', 'merge', ...dirs, '--report-dir', join(TMP, out), '--history', HISTORY, '--quiet'], 30_000);
const summaryOf = (dir: string) => JSON.parse(readFileSync(join(TMP, dir, 'summary.json'), 'utf8')) as { metrics: Record<string, { values: Record<string, number>; thresholds?: Record<string, { ok: boolean }> }>; harness: { runners: { segment: string; exitCode: number }[] } };
const fast = (n: number, from = 10) => Array.from({ length: n }, (_, i) => from + i);

describe('report merge of k6-operator runner folders', () => {
  it('merges the histograms rebuilt from the samples and judges every threshold on the whole: one that held on each slice fails', async () => {
    const a = pod('a', { segment: '0:1/2', durations: [...fast(9), 500] });
    const b = pod('b', { segment: '1/2:1', durations: [...fast(9, 20), 700] });
    const res = await merge([a, b], 'merged');
    expect(res.code, res.stderr).toBe(99);
    const merged = summaryOf('merged');
    expect(merged.metrics.iterations?.values.count).toBe(20);
    expect(merged.metrics.iterations?.thresholds?.['count<15']?.ok).toBe(false);
    const duration = merged.metrics['http_req_duration{name:getCall}'];
    expect(duration?.values.count).toBe(20);
    expect(duration?.values.max).toBe(700);
    // p(90) of the 20 together is their 18th value, 28 ms (each runner's own: 18 and 28), from the merged histogram.
    expect(duration?.values['p(90)']).toBeCloseTo(28, 1);
    expect(duration?.thresholds?.['p(90)<100']?.ok).toBe(true);
    // Every metric of the samples, not only those a threshold names.
    expect(merged.metrics.http_req_waiting?.values.count).toBe(20);
    expect(merged.harness.runners.map((r) => [r.segment, r.exitCode])).toEqual([['0:1/2', 0], ['1/2:1', 0]]);
  });

  it('refuses a runner without its samples, naming the file and the TestRun\'s --out', async () => {
    const a = pod('no-samples-a', { segment: '0:1/2', durations: fast(5) });
    const b = pod('no-samples-b', { segment: '1/2:1', durations: fast(5) });
    rmSync(join(b, 'k6-samples.json.gz'));
    const res = await merge([a, b], 'no-samples');
    expectCleanError(res, 'E_RUNNER_INCOMPLETE');
    expect(res.stderr).toContain('has no k6-samples.json.gz');
    // And one whose k6 never wrote its summary (killed, or its setup() failed).
    rmSync(join(a, 'summary.json'));
    const unfinished = await merge([a, pod('no-summary-b', { segment: '1/2:1', durations: fast(5) })], 'no-summary');
    expectCleanError(unfinished, 'E_RUNNER_INCOMPLETE');
    expect(unfinished.stderr).toContain('has k6\'s samples but no summary.json');
  });

  it('refuses samples cut short: a gzip without its end, or fewer samples than k6\'s summary counted', async () => {
    const a = pod('torn-a', { segment: '0:1/2', durations: fast(200) });
    const b = pod('torn-b', { segment: '1/2:1', durations: fast(200) });
    const file = join(b, 'k6-samples.json.gz');
    const whole = readFileSync(file);
    writeFileSync(file, whole.subarray(0, Math.floor(whole.length / 2)));
    const torn = await merge([a, b], 'torn');
    expectCleanError(torn, 'E_RUNNER_INCOMPLETE');
    expect(torn.stderr).toContain('cut short');
    const c = pod('short-c', { segment: '1/2:1', durations: fast(10), unwritten: 3 });
    const short = await merge([a, c], 'short');
    expectCleanError(short, 'E_RUNNER_INCOMPLETE');
    expect(short.stderr).toMatch(/holds 10 of \w+, where k6's summary beside it counts 13/);
  });

  it('refuses segments that leave a gap or overlap', async () => {
    const sequence = '0,1/3,2/3,1';
    const first = pod('gap-1', { segment: '0:1/3', sequence, durations: fast(3) });
    const last = pod('gap-3', { segment: '2/3:1', sequence, durations: fast(3) });
    expectCleanError(await merge([first, last], 'gap'), 'E_MERGE_SEGMENTS');
    const again = pod('overlap-1', { segment: '0:1/3', sequence, durations: fast(3) });
    const middle = pod('overlap-2', { segment: '1/3:2/3', sequence, durations: fast(3) });
    expectCleanError(await merge([first, again, middle, last], 'overlap'), 'E_MERGE_SEGMENTS');
  });

  it('refuses runners of another bundle or another test (testid)', async () => {
    const a = pod('same-a', { segment: '0:1/2', durations: fast(3) });
    const otherBundle = pod('bundle-b', { segment: '1/2:1', durations: fast(3), bundle: 'c'.repeat(64) });
    const bundle = await merge([a, otherBundle], 'bundle');
    expectCleanError(bundle, 'E_MERGE_MISMATCH');
    expect(bundle.stderr).toContain('bundle (sha256 of the k6 bundle)');
    const otherTest = pod('test-b', { segment: '1/2:1', durations: fast(3), testid: 'calls-harness-read-mix-t2' });
    const test = await merge([a, otherTest], 'test');
    expectCleanError(test, 'E_MERGE_MISMATCH');
    expect(test.stderr).toContain('run id calls-harness-read-mix-t1');
  });

  it('refuses a scenario this harness does not have: its name would name the merged folder', async () => {
    const scenario = '../../../outside';
    const res = await runCli(['report', 'merge', pod('path-a', { segment: '0:1/2', durations: fast(3), scenario }), pod('path-b', { segment: '1/2:1', durations: fast(3), scenario }), '--history', HISTORY, '--quiet'], 30_000);
    expectCleanError(res, 'E_UNKNOWN_SCENARIO');
  });

  it('refuses a runner record whose segment k6 would not take', async () => {
    const a = pod('bad-a', { segment: '0:1/2', durations: fast(3) });
    const b = pod('bad-b', { segment: '1/2:1/3', durations: fast(3) });
    const res = await merge([a, b], 'bad-segment');
    expectCleanError(res, 'E_RUNNER_INCOMPLETE');
    expect(res.stderr).toContain('is not one k6 takes');
  });

  it('a runner that ran less than its profile\'s duration (its pod deleted) is merged as it stands, never a pass', async () => {
    const a = pod('stopped-a', { segment: '0:1/2', durations: fast(3) });
    const b = pod('stopped-b', { segment: '1/2:1', durations: fast(2), durationMs: 3100 });
    const res = await merge([a, b], 'stopped');
    expect(res.code, res.stderr).toBe(105);
    expect(res.stderr).toContain('it ran 3.1 s of its profile\'s 8.0 s');
    expect(summaryOf('stopped').harness.runners.map((r) => r.exitCode)).toEqual([0, 105]);
    // One that ran no iteration (its setup() failed) adds nothing: never a pass either.
    const idle = await merge([a, pod('idle-b', { segment: '1/2:1', durations: [] })], 'idle');
    expect(idle.code, idle.stderr).toBe(107);
    expect(idle.stderr).toContain('it ran no iteration');
  });
});
