// The nightly Grafana dashboard against a real Prometheus fed by real runs: the main job on the
// built-in engine and a capacity search, both writing with --k6-out experimental-prometheus-rw.
// Every panel's query must return data, so a panel never ships empty.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../helpers/cli.ts';
import { PROMETHEUS_BINARY, startPrometheus, type RunningPrometheus } from '../helpers/prometheus.ts';

const runnable = PROMETHEUS_BINARY !== null || process.env.CI === 'true';
const DASHBOARD = new URL('../../grafana/dashboards/calls-harness-nightly.json', import.meta.url);

interface Panel { type: string; title: string; targets?: { expr: string }[] }
const panels = (JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: Panel[] }).panels.filter((p) => p.type !== 'row');

describe.skipIf(!runnable)('the Grafana dashboard', () => {
  let prom: RunningPrometheus;
  const dir = mkdtempSync(join(tmpdir(), 'calls-harness-grafana-'));

  beforeAll(async () => {
    prom = await startPrometheus();
    const env = { K6_PROMETHEUS_RW_SERVER_URL: prom.writeUrl, K6_PROMETHEUS_RW_PUSH_INTERVAL: '1s', CALLS_HARNESS_RELEASE: 'nightly-test' };
    const history = join(dir, 'history.ndjson');
    const job = await runCliInProcess(['run', '--engine', 'node', '--k6-out', 'experimental-prometheus-rw', '--report-dir', join(dir, 'run'), '--history', history, '--quiet'], { env, timeoutMs: 90_000 });
    expect(job.code, job.stderr).toBe(0);
    // A one-VU generator against 20 ms answers: the search ends within seconds, generator-bound (exit 3),
    // and its capacity result is written like any other.
    const profile = join(dir, 'one-vu.json');
    const capacityProfile = JSON.parse(readFileSync(new URL('../../load/profiles/capacity.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    writeFileSync(profile, JSON.stringify({ ...capacityProfile, preAllocatedVUs: 1, maxVUs: 1 }));
    const capacity = await runCliInProcess([
      'capacity', '--scenario', 'read-mix', '--engine', 'node', '--workers', '1', '--service-time', '20', '--profile', profile, '--start-rate', '100',
      '--step', '2s', '--warm-up', '1s', '--max-duration', '30s', '--k6-out', 'experimental-prometheus-rw', '--report-dir', join(dir, 'capacity'), '--history', history, '--quiet',
    ], { env, timeoutMs: 90_000 });
    expect(capacity.code, capacity.stderr).toBe(3);
  }, 200_000);

  afterAll(async () => {
    await prom?.stop();
  });

  it('has panels for the nightly questions', () => {
    const titles = panels.map((p) => p.title);
    for (const t of ['Gate verdict', 'Contract findings by check', 'Capacity held (iterations/s)', 'p95 per operation over nights', 'Error rate per operation', 'Flow duration p95']) expect(titles).toContain(t);
  });

  it.each(panels.map((p) => [p.title, p] as const))('"%s" returns data', async (_title, panel) => {
    for (const t of panel.targets ?? []) {
      // Grafana's variables, as Grafana would fill them in for the last hour.
      const series = await prom.query(t.expr.replaceAll('$target', '.*').replaceAll('$__rate_interval', '5m'));
      expect(series.length, t.expr).toBeGreaterThan(0);
    }
  });

  it('the harness results carry the release and the target, and agree with result.json', async () => {
    const result = JSON.parse(readFileSync(join(dir, 'run', 'result.json'), 'utf8')) as { verdict: { passed: boolean }; meta: { target: string }; load: { scenario: string; operations: { operationId: string; p95: number }[] }[] };
    const passed = await prom.query(`calls_harness_run_passed{release="nightly-test", target="${result.meta.target}"}`);
    expect(passed.map((p) => p.value)).toEqual([result.verdict.passed ? 1 : 0]);
    const op = result.load[0]?.operations[0];
    const [p95] = await prom.query(`calls_harness_operation_duration_seconds{stat="p95", scenario="${result.load[0]?.scenario}", operation="${op?.operationId}", release="nightly-test"}`);
    expect(p95?.value).toBeCloseTo((op?.p95 ?? NaN) / 1000, 9);
  });
});
