// The bundles' text summary (scenarios/lib/text-summary.ts), shaped like k6's own: on real k6
// v0.48 summary data, pinned by a snapshot, and its number formats as k6 prints them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summaryOutputs } from '../../scenarios/lib/summary.ts';
import { bytes, duration, textSummary, type SummaryData } from '../../scenarios/lib/text-summary.ts';
import { SAMPLE_GROUP_PREFIX } from '../../scenarios/lib/sample-group.ts';
import { PROJECT_ROOT } from '../../core/paths.ts';

const k6Data = () => JSON.parse(readFileSync(join(PROJECT_ROOT, 'test', 'fixtures', 'k6-summary', 'handle-summary-data.v0.48.json'), 'utf8')) as SummaryData;

describe('text summary', () => {
  it('real k6 v0.48 summary data: checks, every metric dotted to one width, sub-metrics under their parent, thresholds with their values', async () => {
    const text = textSummary(k6Data());
    expect(text).toContain('     ✓ sync 200');
    expect(text).toMatch(/\n {5}my_latency\.+: avg=721\.31µs +min=265\.12µs +med=676\.63µs +max=2\.04ms +p\(90\)=1\.05ms +p\(95\)=1\.17ms\n/);
    // A sub-metric under its parent, marked for its threshold.
    expect(text).toMatch(/\n {3}✓ {3}\{ kind:sync \}\.+: avg=898\.8µs/);
    expect(text).toMatch(/\n {5}data_received\.+: 95 kB +19 kB\/s\n/);
    expect(text).toMatch(/\n {5}http_req_failed\.+: 0% +✓ 0 +✗ 502\n/);
    expect(text).toMatch(/\n {5}http_reqs\.+: 502 +100\.339326\/s\n/);
    expect(text).toContain('     ✓ my_latency{kind:sync} p(95)<500: p(95)=1.23ms\n');
    expect(text).toContain('     ✓ my_latency{kind:sync} avg<400: avg=898.8µs\n');
    // One width for every metric name.
    const colons = text.split('\n').filter((l) => /\.{3,}: /.test(l)).map((l) => l.indexOf(': '));
    expect(new Set(colons).size).toBe(1);
    expect(text).not.toContain('\x1b[');
    await expect(text).toMatchFileSnapshot('__snapshots__/k6-text-summary.txt');
  });

  it('a failed threshold and a failing check, as k6 marks them, with the value and the miss; colours only on a TTY', () => {
    const data = k6Data();
    (data.metrics.http_req_failed as { thresholds?: Record<string, { ok: boolean }> }).thresholds = { 'rate<0.01': { ok: false } };
    (data.metrics.http_req_failed as { values: Record<string, number> }).values = { rate: 0.025, passes: 5, fails: 195 };
    const root = data.root_group as { checks: { name: string; passes: number; fails: number }[] };
    (root.checks[1] as { fails: number }).fails = 5;
    const text = textSummary(data);
    expect(text).toMatch(/\n {3}✗ http_req_failed\.+: 2\.5%/);
    expect(text).toContain('     ✗ http_req_failed rate<0.01: rate=2.5%, 1.5 points over the limit of 1%');
    expect(text).toContain('     ✗ async 200\n      ↳  98% — ✓ 251 / ✗ 5');
    const tty = textSummary({ ...data, state: { isStdOutTTY: true } });
    expect(tty).toContain('\x1b[31m     ✗ http_req_failed rate<0.01');
    const out = summaryOutputs(data, 'summary.json');
    expect(out.stdout).toContain('calls-harness: 1 threshold(s) failed (marked ✗ above); summary data in summary.json');
    expect(JSON.parse(out['summary.json'] as string)).toEqual(data);
  });

  it('a target\'s text (a failed check\'s sample body, a tag, a group name) is printed one line, nothing a terminal acts on; colours kept', () => {
    const hostile = 'x\ntouch owned\n\u001b]0;title\u0007\u001b[2J\u009b\u202e\u2028';
    const data = k6Data();
    const root = data.root_group as { checks: { name: string; passes: number; fails: number }[]; groups: { name: string; checks: unknown[]; groups: unknown[] }[] };
    Object.assign(root.checks[0] as object, { name: `sync ${hostile}`, fails: 2 });
    root.groups = [
      { name: `${SAMPLE_GROUP_PREFIX}${JSON.stringify({ check: `sync ${hostile}`, status: 200, errors: [hostile], body: hostile })}`, checks: [], groups: [] },
      { name: `group ${hostile}`, checks: [], groups: [] },
    ];
    data.metrics[`http_req_duration{name:${hostile}}`] = data.metrics['http_req_duration{name:idx}'] as SummaryData['metrics'][string];
    for (const state of [undefined, { isStdOutTTY: true }]) {
      const text = textSummary({ ...data, state });
      expect(text).toContain('e.g. status 200; x\\ntouch owned\\n\\x1b]0;title\\x07\\x1b[2J\\x9b\\u202e\\u2028; body x\\ntouch owned');
      // Only the colours' own escape sequences, and only on a TTY.
      // eslint-disable-next-line no-control-regex
      expect(text.replace(/\x1b\[(3[12]|0)m/g, '').split('\n').filter((l) => /[\u0000-\u001f\u007f-\u009f\u202e\u2028]/.test(l))).toEqual([]);
      expect(text.split('\n').filter((l) => l.startsWith('touch'))).toEqual([]);
    }
  });

  it('durations and data as k6 prints them', () => {
    expect([0, 0.0005, 0.08712, 12.345, 999.999, 1523.4, 123_456, 7_384_000].map(duration)).toEqual(['0s', '500ns', '87.12µs', '12.35ms', '1000ms', '1.52s', '2m3s', '2h3m4s']);
    expect([3, 95_380, 1_234_567].map(bytes)).toEqual(['3 B', '95 kB', '1.2 MB']);
  });
  it('says "no verdict" rather than "all thresholds held" for an interrupted run, or one where no iteration completed', () => {
    const held = summaryOutputs(k6Data(), '/dev/null').stdout;
    expect(held).toContain('calls-harness: all thresholds held;');
    const interrupted = summaryOutputs({ ...k6Data(), harness: { interrupted: true } }, '/dev/null').stdout;
    expect(interrupted).toContain('calls-harness: the run was interrupted: no verdict;');
    const data = k6Data() as SummaryData & { metrics: Record<string, unknown> };
    delete data.metrics.iterations;
    expect(summaryOutputs(data, '/dev/null').stdout).toContain('calls-harness: no iteration completed: no verdict;');
  });
});
