// A run whose generator dropped iterations says so in its verdict: its latencies cannot be read as
// the API's alone.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliInProcess } from '../helpers/cli.ts';

describe('a generator-bound run', () => {
  it('fails with a reason that names the generator, not only the threshold', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'calls-harness-generator-bound-'));
    const profile = join(dir, 'one-vu.json');
    // One VU cannot start 5,000 iterations a second: each takes a request of a millisecond or so.
    writeFileSync(profile, JSON.stringify({ description: 'one VU at 5000/s', executor: 'constant-arrival-rate', rate: 5000, timeUnit: '1s', duration: '1s', preAllocatedVUs: 1, maxVUs: 1, gracefulStop: '2s', latency: { 'p(95)': 5000 }, errorRate: 0.5 }));
    const res = await runCliInProcess(['load', '--scenario', 'read-mix', '--engine', 'node', '--profile', profile, '--report-dir', join(dir, 'run'), '--history', join(dir, 'h.ndjson')], 30_000);
    expect(res.code).toBe(99);
    const result = JSON.parse(readFileSync(join(dir, 'run', 'result.json'), 'utf8')) as { verdict: { passed: boolean; reasons: string[] }; load: { droppedIterations: number }[] };
    expect(result.load[0]?.droppedIterations).toBeGreaterThan(0);
    expect(result.verdict.passed).toBe(false);
    expect(result.verdict.reasons.join('\n')).toMatch(/read-mix: generator-bound: \d+ iteration\(s\) dropped/);
    expect(readFileSync(join(dir, 'run', 'summary.md'), 'utf8')).toContain('generator-bound');
  });
});
