// An --slo on a metric the search also observes (http_req_duration, http_req_failed, iterations)
// is judged, never replaced by the observer's always-true expression: `--slo
// "http_req_duration=p(95)<300"`, the most natural SLO of all, was silently dropped.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliInProcess } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-capacity-slo-'));

describe('capacity --slo on an observed metric', () => {
  it('is part of the SLO and breaks the step it fails', async () => {
    const out = join(dir, 'run');
    const res = await runCliInProcess(['capacity', '--scenario', 'read-mix', '--engine', 'node', '--slo', 'http_req_duration=p(95)<0.001', '--step', '1s', '--warm-up', '1s', '--max-duration', '20s', '--start-rate', '5', '--report-dir', out, '--history', join(dir, 'h.ndjson'), '--quiet'], 60_000);
    expect(res.code, res.stderr).toBe(1);
    const { capacity } = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as { capacity: { slo: { metric: string; expression: string }[]; steps: { held: boolean; why: string }[]; highestRateHeld: number | null } };
    expect(capacity.slo).toContainEqual({ metric: 'http_req_duration', expression: 'p(95)<0.001' });
    expect(capacity.slo.map((t) => t.expression)).not.toContain('p(95)>=0');
    expect(capacity.highestRateHeld).toBeNull();
    expect(capacity.steps[0]?.held).toBe(false);
    expect(capacity.steps[0]?.why).toContain('http_req_duration p(95)<0.001');
  }, 60_000);
});
