// Where real k6 is installed (skipped where it is not): `load --runners 2 --engine k6` merges its
// runners into one verdict. It always failed: E_MERGE_MISMATCH on thresholds listed in k6's map
// order, then dropped_iterations count<=0 failed on the merge (k6 writes no sample of a counter
// that never counted).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { describeEachK6 } from '../helpers/k6-binaries.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-k6-runners-'));

describeEachK6('real k6 runners', (k6) => {
  it('load --runners 2 --engine k6 merges into one passing verdict', async () => {
    const out = join(dir, `run-${k6.version.text}`);
    const res = await runCli(['load', '--scenario', 'read-mix', '--engine', 'k6', '--runners', '2', '--report-dir', out, '--history', join(dir, 'history.ndjson'), '--quiet'],
      { env: { CALLS_API_TOKEN: undefined, CALLS_API_BASE_URL: undefined, CALLS_API_AGENT_ID: undefined }, timeoutMs: 55_000 });
    expect(res.code, res.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { metrics: Record<string, { values: Record<string, number> }>; harness: { runners: { exitCode: number }[] } };
    expect(summary.harness.runners.map((r) => r.exitCode)).toEqual([0, 0]);
    expect(summary.metrics.iterations?.values.count).toBeGreaterThan(0);
    // The merged result names the one k6 both runners ran.
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as { load: { engine: string; engineVersion?: string }[] };
    expect(result.load[0]).toMatchObject({ engine: 'k6', engineVersion: k6.version.text });
  }, 60_000);
});
