// Durations a profile may hold each (up to what a Node timer waits) can add up past it: a run's
// end plus its gracefulStop was one timer, which Node fired after 1 ms, interrupting the iterations
// of a 1 s run at once. Each such sum is held at the bound instead (core/timer-bounds.ts).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../core/paths.ts';
import { runCliInProcess } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-duration-sums-'));

describe('durations that add up past a timer', () => {
  it('a 1 s run with a gracefulStop of 596h31m23s ends as a 1 s run, nothing interrupted', async () => {
    const smoke = JSON.parse(readFileSync(join(PROJECT_ROOT, 'load', 'profiles', 'smoke.json'), 'utf8')) as Record<string, unknown>;
    const file = join(dir, 'long-grace.json');
    // 2,147,483,000 ms of grace, within the limit; with the 1 s run it is past 2^31-1.
    // Ten iterations: the read mix reads each of its four operations, so every threshold is judged.
    writeFileSync(file, JSON.stringify({ ...smoke, $schema: undefined, rate: 10, duration: '1s', gracefulStop: '596h31m23s' }));
    const out = join(dir, 'run');
    const res = await runCliInProcess(['load', '--scenario', 'read-mix', '--engine', 'node', '--profile', file, '--report-dir', out, '--history', join(dir, 'history.ndjson'), '--quiet'], { env: { CALLS_API_TOKEN: undefined, CALLS_API_BASE_URL: undefined, CALLS_API_AGENT_ID: undefined } });
    expect(res.code, res.stdout + res.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { metrics: Record<string, { values: Record<string, number> }> };
    expect(summary.metrics.interrupted_iterations?.values.count ?? 0).toBe(0);
    expect(summary.metrics.iterations?.values.count).toBeGreaterThan(0);
  });
});
