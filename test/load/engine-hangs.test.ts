// The built-in engine ends whatever the script leaves hanging: an iteration, teardown() or
// handleSummary() that never settles is cut off at its bound (gracefulStop, teardownTimeout,
// handleSummary's 2 minutes as k6 has them), and the run says so instead of waiting forever.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDLE_SUMMARY_TIMEOUT_MS } from '../../load/engine/run-engine.ts';
import { arrivalRecorder } from '../helpers/arrival-recorder.ts';
import { runFixture } from '../helpers/engine.ts';

let rec: Awaited<ReturnType<typeof arrivalRecorder>>;
beforeAll(async () => { rec = await arrivalRecorder(); });
afterAll(async () => { await rec.close(); });

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-engine-hangs-'));
const once = { executor: 'shared-iterations', vus: 1, iterations: 2 };
const fixture = (options: Record<string, unknown>, env: Record<string, string> = {}, extra = {}) =>
  runFixture('configurable', { URL: rec.url, OPTIONS: JSON.stringify(options), ...env }, extra);

describe('what never settles is cut off', () => {
  it('teardown(): stopped at teardownTimeout with k6\'s exit 101 and its message, the iterations kept', async () => {
    const r = await fixture({ scenarios: { s: once }, teardownTimeout: '1s' }, { TEARDOWN_NEVER_SETTLES: '1' });
    expect(r.exitCode).toBe(101);
    expect(r.problems).toContain('teardown() execution timed out after 1 seconds (raise the teardownTimeout option)');
    expect(r.ms).toBeGreaterThanOrEqual(950);
    expect(r.ms).toBeLessThan(5000);
    expect(r.summary.metrics['iterations']?.values.count).toBe(2);
  });

  it('handleSummary(): the run ends at its bound, says so, and writes none of its files', async () => {
    const summaryFile = join(dir, 'never.json');
    const r = await fixture({ scenarios: { s: once } }, { SUMMARY_NEVER_SETTLES: '1', SUMMARY_FILE: summaryFile }, { handleSummaryTimeoutMs: 800 });
    expect(r.problems).toContain('handleSummary() execution timed out after 1 seconds (k6\'s limit for it): the files it returns were not written');
    expect(r.ms).toBeGreaterThanOrEqual(750);
    expect(r.ms).toBeLessThan(5000);
    expect(existsSync(summaryFile)).toBe(false);
    // The load itself was judged: its summary data is whole, and the exit code is the run's own.
    expect(r.exitCode).toBe(0);
    expect(r.summary.metrics['iterations']?.values.count).toBe(2);
  });

  it('handleSummary() that settles in time is not cut off; the bound is k6\'s 2 minutes', async () => {
    const summaryFile = join(dir, 'in-time.json');
    const r = await fixture({ scenarios: { s: once } }, { SUMMARY_FILE: summaryFile }, { handleSummaryTimeoutMs: 800 });
    expect(r.problems.filter((p) => p.includes('handleSummary'))).toEqual([]);
    expect(existsSync(summaryFile)).toBe(true);
    expect(HANDLE_SUMMARY_TIMEOUT_MS).toBe(120_000);
  });
});

describe('an iteration that never settles, in a scenario that counts interruptions', () => {
  it('is cut off at duration + gracefulStop, counted in interrupted_iterations, and fails its threshold (exit 99)', async () => {
    const options = { scenarios: { s: { executor: 'per-vu-iterations', vus: 2, iterations: 2, maxDuration: '400ms', gracefulStop: '300ms' } }, thresholds: { interrupted_iterations: ['count<=0'] } };
    const r = await runFixture('never-settles', { OPTIONS: JSON.stringify(options) });
    expect(r.ms).toBeGreaterThanOrEqual(650);
    expect(r.ms).toBeLessThan(3000);
    expect(r.summary.metrics['interrupted_iterations']?.values.count).toBe(2);
    expect(r.summary.metrics['iterations']?.values.count).toBe(2);
    expect(r.exitCode).toBe(99);
  });
});
