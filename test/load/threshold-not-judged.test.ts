// A threshold whose (sub-)metric got no sample judged nothing: it is named "not judged" and the
// run is never a pass, on the built-in engine and on k6 (which marks it held, `p(95)=0s`), read
// from the summary data alike.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { describeEachK6 } from '../helpers/k6-binaries.ts';
import { k6Summary, writeFakeK6 } from '../helpers/fake-k6.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-not-judged-'));

interface Threshold { metric: string; expression: string; ok: boolean; judged?: false; observed?: number }
const resultOf = (report: string) => JSON.parse(readFileSync(join(report, 'result.json'), 'utf8')) as { verdict: { passed: boolean; reasons: string[] }; load: { thresholds: Threshold[] }[] };

describe('a threshold with no samples', () => {
  it('built-in engine: a short read-mix run (no getCallRecording request) and an operation it never sends are not judged, exit 99', { timeout: 40_000 }, async () => {
    const report = join(dir, 'node');
    // 4 iterations take getCall, listCallEvents, getCall, getCallReport (lib/weighted-mix.ts): no recording.
    const res = await runCli(['load', '--engine', 'node', '--scenario', 'read-mix', '--vus', '1', '--iterations', '4', '--threshold', 'http_req_duration{name:warmTransferCall}=p(95)<1000', '--report-dir', report, '--history', join(dir, 'h.ndjson')]);
    expect(res.code, res.stderr).toBe(99);
    const result = resultOf(report);
    const unjudged = result.load[0]?.thresholds.filter((t) => t.judged === false).map((t) => `${t.metric} ${t.expression}`);
    expect(unjudged).toEqual(expect.arrayContaining(['http_req_duration{name:warmTransferCall} p(95)<1000', 'http_req_duration{name:getCallRecording} p(95)<500', 'http_req_failed{name:getCallRecording} rate<0.01']));
    for (const t of result.load[0]?.thresholds.filter((x) => x.judged === false) ?? []) {
      expect(t.ok).toBe(false);
      expect(t.observed).toBeUndefined();
    }
    // Those that had samples are judged as before.
    expect(result.load[0]?.thresholds.find((t) => t.metric === 'http_req_duration{name:getCall}')).toMatchObject({ ok: true });
    expect(result.verdict.passed).toBe(false);
    expect(result.verdict.reasons.join('\n')).toMatch(/threshold\(s\) not judged, no samples \(.*http_req_duration\{name:warmTransferCall\} p\(95\)<1000/);
    // The scenario's own summary (printed without --quiet) never marks it held on its zeros.
    expect(res.stdout).not.toMatch(/✓ http_req_duration\{name:warmTransferCall\}/);
    expect(res.stdout).toMatch(/- http_req_duration\{name:warmTransferCall\} p\(95\)<1000: not judged, no samples/);
    expect(res.stdout).not.toContain('all thresholds held');
  });

  it('k6: a summary that marks it ok on count 0 (trend) or no passes and no fails (rate) is re-judged, exit 99, not 0', { timeout: 40_000 }, async () => {
    const bin = writeFakeK6(join(dir, 'bin'));
    const report = join(dir, 'k6');
    const summary = k6Summary({
      iterations: { type: 'counter', contains: 'default', values: { count: 4, rate: 4 } },
      'http_req_duration{name:getCall}': { type: 'trend', contains: 'time', values: { avg: 3, med: 3, 'p(95)': 4, 'p(99)': 4, max: 4, count: 4 }, thresholds: { 'p(95)<500': { ok: true } } },
      'http_req_duration{name:getCallRecording}': { type: 'trend', contains: 'time', values: { avg: 0, med: 0, 'p(95)': 0, 'p(99)': 0, max: 0, count: 0 }, thresholds: { 'p(95)<500': { ok: true } } },
      'checks{name:getCal}': { type: 'rate', contains: 'default', values: { rate: 0, passes: 0, fails: 0 }, thresholds: { 'rate>0.99': { ok: true } } },
      // A counter counts events: none is a count of 0, judged.
      'errors': { type: 'counter', contains: 'default', values: { count: 0, rate: 0 }, thresholds: { 'count<1': { ok: true } } },
    });
    const res = await runCli(['load', '--engine', 'k6', '--scenario', 'read-mix', '--report-dir', report, '--history', join(dir, 'h.ndjson'), '--quiet'], { env: { PATH: `${bin}${delimiter}${process.env.PATH}`, FAKE_K6_SUMMARY: summary, FAKE_K6_EXIT: '0' } });
    expect(res.code, res.stderr).toBe(99);
    const result = resultOf(report);
    const verdicts = Object.fromEntries(result.load[0]?.thresholds.map((t) => [t.metric, t]) ?? []);
    expect(verdicts['http_req_duration{name:getCallRecording}']).toMatchObject({ ok: false, judged: false });
    expect(verdicts['checks{name:getCal}']).toMatchObject({ ok: false, judged: false });
    expect(verdicts['http_req_duration{name:getCall}']).toMatchObject({ ok: true });
    expect(verdicts.errors).toMatchObject({ ok: true });
    expect(verdicts.errors?.judged).toBeUndefined();
    expect(result.verdict.reasons.join('\n')).toContain('2 threshold(s) not judged, no samples');
  });

});

// Real k6, once per k6 at hand (test/helpers/k6-binaries.ts): skipped where there is none.
describeEachK6('real k6', (k6) => {
    it('an operation the scenario never sends is not judged (k6 marks it held), exit 99', { timeout: 60_000 }, async () => {
      const report = join(dir, `real-k6-${k6.version.text}`);
      const res = await runCli(['load', '--engine', 'k6', '--scenario', 'read-mix', '--threshold', 'http_req_duration{name:warmTransferCall}=p(95)<1000', '--report-dir', report, '--history', join(dir, 'h.ndjson'), '--quiet'], { env: { PATH: `${k6.dir}${delimiter}${process.env.PATH}` }, timeoutMs: 55_000 });
      expect(res.code, res.stderr).toBe(99);
      const result = resultOf(report);
      expect(result.load[0]?.thresholds.find((t) => t.metric === 'http_req_duration{name:warmTransferCall}')).toMatchObject({ ok: false, judged: false });
      // The operations it sends are judged as k6 judged them.
      expect(result.load[0]?.thresholds.find((t) => t.metric === 'http_req_duration{name:getCall}')?.judged).toBeUndefined();
      expect(result.verdict.reasons).toEqual([expect.stringMatching(/^read-mix: 1 threshold\(s\) not judged, no samples \(http_req_duration\{name:warmTransferCall\} p\(95\)<1000\)$/)]);
    });
});
