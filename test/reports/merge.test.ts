// `report merge`: runners of one segmented test (real `load --execution-segment` processes on the
// built-in engine) judged as one test, and every refusal.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectCleanError, runCli, type CliResult } from '../helpers/cli.ts';
import { startTestServer, type TestServer } from '../helpers/reference-server.ts';

const TMP = mkdtempSync(join(tmpdir(), 'calls-harness-merge-'));
const HISTORY = join(TMP, 'history.ndjson');
const HALVES = [['0:1/2', 'a'], ['1/2:1', 'b']] as const;

/** Runners merge only when they loaded one target under one run id: every pair here shares both. */
let server: TestServer;

/** Two runner processes at once, 10 iterations/s for 2 s in all (21 iterations: 11 and 10). */
async function runPair(name: string, threshold: string): Promise<{ dirs: string[]; results: CliResult[] }> {
  const dirs = HALVES.map(([, part]) => join(TMP, `${name}-${part}`));
  const results = await Promise.all(HALVES.map(([segment], i) => runCli([
    'load', '--scenario', 'read-mix', '--engine', 'node', '--rate', '10', '--duration', '2s', '--quiet', '--threshold', threshold,
    '--target', server.url, '--agent', server.agentIds[0] as string, '--run-id', 'merge-test',
    '--execution-segment', segment, '--execution-segment-sequence', '0,1/2,1', '--report-dir', dirs[i] as string, '--history', HISTORY,
  ], { env: { CALLS_API_TOKEN: server.key }, timeoutMs: 60_000 })));
  return { dirs, results };
}

const merge = (dirs: string[], out: string) => runCli(['report', 'merge', ...dirs, '--report-dir', join(TMP, out), '--history', HISTORY, '--quiet'], 30_000);
const summaryOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { metrics: Record<string, { values: Record<string, number>; thresholds?: Record<string, { ok: boolean }> }>; harness: { runners?: { segment: string }[] } };

let few: { dirs: string[]; results: CliResult[] };
let many: { dirs: string[]; results: CliResult[] };

afterAll(async () => {
  await server?.close();
});

beforeAll(async () => {
  server = await startTestServer();
  // Each slice has about 10 iterations, the whole test 21.
  [few, many] = await Promise.all([runPair('few', 'iterations=count<15'), runPair('many', 'iterations=count>15')]);
}, 120_000);

describe('report merge', () => {
  it('a threshold that holds on each runner\'s slice but fails on the whole fails the merged verdict', async () => {
    expect(few.results.map((r) => r.code)).toEqual([0, 0]);
    const res = await merge(few.dirs, 'few-merged');
    expect(res.code).toBe(99);
    const merged = summaryOf(join(TMP, 'few-merged'));
    expect(merged.metrics.iterations?.values.count).toBe(21);
    expect(merged.metrics.iterations?.thresholds?.['count<15']?.ok).toBe(false);
    for (const dir of few.dirs) expect(summaryOf(dir).metrics.iterations?.thresholds?.['count<15']?.ok).toBe(true);
    const result = JSON.parse(readFileSync(join(TMP, 'few-merged', 'result.json'), 'utf8')) as { verdict: { passed: boolean } };
    expect(result.verdict.passed).toBe(false);
    expect(readFileSync(join(TMP, 'few-merged', 'junit.xml'), 'utf8')).toContain('count&lt;15');
  });

  it('and the reverse: one that fails on each slice but holds on the whole passes, with merged percentiles between the runners\'', async () => {
    expect(many.results.map((r) => r.code)).toEqual([99, 99]);
    const res = await merge(many.dirs, 'many-merged');
    expect(res.code).toBe(0);
    const merged = summaryOf(join(TMP, 'many-merged'));
    expect(merged.metrics.iterations?.thresholds?.['count>15']?.ok).toBe(true);
    expect(merged.harness.runners?.map((r) => r.segment)).toEqual(['0:1/2', '1/2:1']);
    const runners = many.dirs.map(summaryOf);
    const requests = runners.map((s) => s.metrics.http_reqs?.values.count ?? 0);
    expect(merged.metrics.http_reqs?.values.count).toBe(requests.reduce((a, b) => a + b, 0));
    // A percentile of the whole lies between the slices' (an average of them would too, but a merged
    // histogram also keeps max and min exact).
    const p95 = runners.map((s) => s.metrics.http_req_duration?.values['p(95)'] ?? 0);
    expect(merged.metrics.http_req_duration?.values['p(95)']).toBeGreaterThanOrEqual(Math.min(...p95) - 1e-9);
    expect(merged.metrics.http_req_duration?.values['p(95)']).toBeLessThanOrEqual(Math.max(...p95) + 1e-9);
    expect(merged.metrics.http_req_duration?.values.max).toBe(Math.max(...runners.map((s) => s.metrics.http_req_duration?.values.max ?? 0)));
    const history = readFileSync(HISTORY, 'utf8').trim().split('\n');
    expect(history.length).toBeGreaterThanOrEqual(6);
  });

  it('refuses a missing segment', async () => {
    const res = await merge([few.dirs[0] as string], 'missing');
    expectCleanError(res, 'E_MERGE_SEGMENTS');
    expect(res.stderr).toContain('no runner ran 1/2:1');
  });

  it('refuses overlapping segments (a runner given twice)', async () => {
    const res = await merge([few.dirs[0] as string, few.dirs[0] as string, few.dirs[1] as string], 'overlap');
    expectCleanError(res, 'E_MERGE_SEGMENTS');
    expect(res.stderr).toContain('overlap');
  });

  it('refuses runners of different thresholds, scenarios, bundles or sequences', async () => {
    expectCleanError(await merge([few.dirs[0] as string, many.dirs[1] as string], 'thresholds'), 'E_MERGE_MISMATCH');
    for (const [field, value] of [['scenario', 'transfer-flows'], ['bundleHash', '0'.repeat(64)], ['sequence', '0,1/3,1']] as const) {
      const copy = join(TMP, `edited-${field}`);
      cpSync(few.dirs[1] as string, copy, { recursive: true });
      const file = join(copy, 'merge.json');
      writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), [field]: value }));
      const res = await merge([few.dirs[0] as string, copy], `mismatch-${field}`);
      expectCleanError(res, 'E_MERGE_MISMATCH');
      expect(res.stderr).toContain(value);
    }
  });

  it('refuses an incomplete runner folder: no merge.json, or a damaged one', async () => {
    const copy = join(TMP, 'incomplete');
    cpSync(few.dirs[1] as string, copy, { recursive: true });
    writeFileSync(join(copy, 'merge.json'), '{"format":"calls-harness-runner/1","metr');
    expectCleanError(await merge([few.dirs[0] as string, copy], 'damaged'), 'E_RUNNER_INCOMPLETE');
    rmSync(join(copy, 'merge.json'));
    const res = await merge([few.dirs[0] as string, copy], 'no-merge-json');
    expectCleanError(res, 'E_RUNNER_INCOMPLETE');
    expect(res.stderr).toContain('has no merge.json');
  });

  it('refuses a merge.json that is JSON of the wrong shape, naming the file and the field', async () => {
    const original = JSON.parse(readFileSync(join(few.dirs[1] as string, 'merge.json'), 'utf8')) as Record<string, unknown>;
    const wrong: [string, Record<string, unknown>, RegExp][] = [
      ['no-thresholds', { ...original, thresholds: undefined }, /at "\/" it must have required property 'thresholds'/],
      ['bad-sink', { ...original, metrics: { iterations: { metric: 'iterations', tags: {}, type: 'counter', contains: 'default', sink: { kind: 'counter', sum: 'many' } } } }, /at "\/metrics\/iterations\/sink/],
      ['bad-segment', { ...original, segment: '1/2:1/3' }, /its segment "1\/2:1\/3" is not one k6 takes/],
    ];
    for (const [name, data, message] of wrong) {
      const copy = join(TMP, `wrong-${name}`);
      cpSync(few.dirs[1] as string, copy, { recursive: true });
      writeFileSync(join(copy, 'merge.json'), JSON.stringify(data));
      const res = await merge([few.dirs[0] as string, copy], `wrong-${name}`);
      expectCleanError(res, 'E_RUNNER_INCOMPLETE');
      expect(res.stderr, name).toContain(join(copy, 'merge.json'));
      expect(res.stderr, name).toMatch(message);
    }
  });
});
