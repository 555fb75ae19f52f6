// `report merge --prometheus`: two runners of one TestRun write their samples to a real Prometheus
// through the remote-write output k6's is mirrored by (load/outputs/prometheus-rw: trends as
// native histograms, each sample tagged with the testid and the runner's instance_id), and the
// merge reads them back as one test: counts exact, percentiles within the error it states, every
// threshold judged on the whole. Runs without k6 (test/load/real-k6-operator.test.ts runs real k6).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricType } from '../../load/engine/metrics/registry-types.ts';
import { remoteWriteConfig } from '../../load/outputs/prometheus-rw/config.ts';
import { NativeHistogramSink } from '../../load/outputs/prometheus-rw/native-histogram.ts';
import { RemoteWriteOutput } from '../../load/outputs/prometheus-rw/output.ts';
import { RemoteWriteClient } from '../../load/outputs/prometheus-rw/remote-write-client.ts';
import { expectCleanError, runCli } from '../helpers/cli.ts';
import { PROMETHEUS_BINARY, startPrometheus, type RunningPrometheus } from '../helpers/prometheus.ts';

// CI installs Prometheus (.ci/run): there a missing binary fails the suite instead of skipping.
const runnable = PROMETHEUS_BINARY !== null || process.env.CI === 'true';
const TMP = mkdtempSync(join(tmpdir(), 'calls-harness-prometheus-merge-'));
const OPERATIONS = ['getCall', 'listCallEvents', 'getCallReport', 'getCallRecording'];
const TESTID = 'calls-harness-read-mix-20261208T010000Z';

type Metric = { name: string; type: MetricType; contains: 'time' | 'data' | 'default' };
const m = (name: string, type: MetricType, contains: Metric['contains'] = 'default'): Metric => ({ name, type, contains });
const ITERATIONS = m('iterations', 'counter');
const REQS = m('http_reqs', 'counter');
const DURATION = m('http_req_duration', 'trend', 'time');
const WAITING = m('http_req_waiting', 'trend', 'time');
const FAILED = m('http_req_failed', 'rate');
const CHECKS = m('checks', 'rate');
const VIOLATIONS = m('contract_violations', 'rate');

/** A seeded log-normal around 8 ms: the same latencies each run. */
function latencies(n: number, seed: number): number[] {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) + 1) / (2 ** 31 + 1);
  return Array.from({ length: n }, () => Math.exp(Math.log(8) + 0.7 * Math.sqrt(-2 * Math.log(next())) * Math.cos(2 * Math.PI * next())));
}

/** One runner: an iteration of one request per latency, round the four operations; the requests at `failing` fail. */
async function runner(writeUrl: string, instance: string, ms: number[], failing: number[], env: Record<string, string> = {}): Promise<void> {
  const output = new RemoteWriteOutput(remoteWriteConfig({ K6_PROMETHEUS_RW_SERVER_URL: writeUrl, K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM: 'true', ...env }));
  output.start();
  const base = { testid: TESTID, instance_id: instance, testrun_name: 'calls-harness-read-mix', scenario: 'read_mix' };
  ms.forEach((t, i) => {
    const name = OPERATIONS[i % OPERATIONS.length] as string;
    const failed = failing.includes(i);
    const tags = { ...base, name, method: 'GET', status: failed ? '500' : '200', expected_response: String(!failed), url: `http://127.0.0.1:4010/v1/calls/c${i}` };
    output.onSample(REQS, 1, tags);
    output.onSample(DURATION, t + 0.2, tags);
    output.onSample(WAITING, t, tags);
    output.onSample(FAILED, failed ? 1 : 0, tags);
    output.onSample(CHECKS, 1, { ...base, check: 'status is documented' });
    output.onSample(VIOLATIONS, 0, { ...base, name });
    output.onSample(ITERATIONS, 1, base);
  });
  const stats = await output.stop();
  expect(stats.failed, stats.lastError ?? '').toBe(0);
}

/** k6's percentile of sorted values: linear between the closest ranks. */
function quantile(sorted: number[], p: number): number {
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const below = sorted[lo] as number;
  return below + ((sorted[Math.min(lo + 1, sorted.length - 1)] as number) - below) * (rank - lo);
}

const summaryOf = (dir: string) => JSON.parse(readFileSync(join(TMP, dir, 'summary.json'), 'utf8')) as { metrics: Record<string, { values: Record<string, number>; thresholds?: Record<string, { ok: boolean }> }> };

describe.skipIf(!runnable)('report merge --prometheus', () => {
  let prom: RunningPrometheus;
  const a = latencies(400, 7);
  const b = latencies(300, 11).map((t) => t * 1.5);

  beforeAll(async () => {
    prom = await startPrometheus();
    // One failing request on each, of two operations: 1 in 175 each, below the profile's error rate of 1%.
    await Promise.all([runner(prom.writeUrl, '1', a, [201]), runner(prom.writeUrl, '2', b, [202])]);
  }, 60_000);
  afterAll(async () => prom?.stop());

  const merge = (out: string, more: string[] = [], url = prom.url) => runCli(['report', 'merge', '--prometheus', url, '--testid', TESTID, '--profile', 'smoke', ...more, '--report-dir', join(TMP, out), '--history', join(TMP, 'history.ndjson'), '--quiet'], 60_000);

  it('counts every iteration and request once, and gives percentiles of both runners as one within the error it states', async () => {
    const res = await merge('whole');
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/merged from Prometheus \(\d+ series of testid=calls-harness-read-mix-20261208T010000Z, runners 1, 2\): counters exact; trend percentiles from native histograms, each within 4\.33% of the exact value/);
    expect(res.stdout).toContain('percentiles within 4.33%, counts exact');
    const s = summaryOf('whole');
    expect(s.metrics.iterations?.values.count).toBe(700);
    expect(s.metrics.http_reqs?.values.count).toBe(700);
    expect(s.metrics['http_reqs{name:getCall}']?.values.count).toBe(175);
    expect(s.metrics.http_req_waiting?.values.count).toBe(700);
    const whole = [...a, ...b].sort((x, y) => x - y);
    for (const [stat, p] of [['med', 50], ['p(95)', 95], ['p(99)', 99]] as const) {
      const got = s.metrics.http_req_waiting?.values[stat] ?? NaN;
      expect(Math.abs(got - quantile(whole, p)), `${stat}: ${got} ms from Prometheus, exact ${quantile(whole, p)} ms`).toBeLessThanOrEqual(quantile(whole, p) * 0.0433 * 1.01);
    }
    // Failed requests weighted by their requests (k6 writes http_reqs with the same labels): exact.
    expect(s.metrics.http_req_failed?.values).toMatchObject({ passes: 2, fails: 698 });
    expect(s.metrics['http_req_failed{name:getCall}']?.thresholds?.['rate<0.01']?.ok).toBe(true);
    expect(s.metrics.checks?.thresholds?.['rate>0.99']?.ok).toBe(true);
  });

  it('a threshold that holds on each runner\'s slice but fails on the whole fails the verdict', async () => {
    const res = await merge('count', ['--threshold', 'iterations=count<500']);
    expect(res.code, res.stderr).toBe(99);
    expect(summaryOf('count').metrics.iterations?.thresholds?.['count<500']?.ok).toBe(false);
  });

  it('counts a series whose last sample came minutes before the test\'s end (past Prometheus\' 5-minute lookback)', async () => {
    const testid = 'calls-harness-read-mix-early';
    const client = new RemoteWriteClient(remoteWriteConfig({ K6_PROMETHEUS_RW_SERVER_URL: prom.writeUrl }));
    const end = Date.now();
    const labels = (name: string, tags: Record<string, string>) => Object.entries({ __name__: name, testid, instance_id: '1', ...tags }).sort(([x], [y]) => x.localeCompare(y)).map(([n, value]) => ({ name: n, value }));
    const histogram = (values: number[], at: number) => {
      const h = new NativeHistogramSink();
      for (const v of values) h.add(v);
      return h.toProto(at);
    };
    // getCall's series stopped ten minutes before the end; listCallEvents' went on to it.
    const early = end - 10 * 60_000;
    expect(await client.store([
      { labels: labels('k6_http_req_waiting_seconds', { name: 'getCall' }), histograms: [histogram([0.01, 0.02, 0.03], early)] },
      { labels: labels('k6_iterations_total', {}), samples: [{ value: 3, timestamp: early }] },
    ])).toBeNull();
    expect(await client.store([
      { labels: labels('k6_http_req_waiting_seconds', { name: 'listCallEvents' }), histograms: [histogram([0.04, 0.05], end)] },
      { labels: labels('k6_iterations_total', {}), samples: [{ value: 5, timestamp: end }] },
    ])).toBeNull();
    await client.close();
    const out = join(TMP, 'early');
    await runCli(['report', 'merge', '--prometheus', prom.url, '--testid', testid, '--profile', 'smoke', '--report-dir', out, '--history', join(TMP, 'history.ndjson'), '--quiet'], 60_000);
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { metrics: Record<string, { values: Record<string, number> }> };
    expect(s.metrics.iterations?.values.count).toBe(5);
    expect(s.metrics.http_req_waiting?.values.count).toBe(5);
    expect(s.metrics.http_req_waiting?.values.max).toBeGreaterThan(40);
  });

  it('refuses a testid Prometheus holds nothing of, a Prometheus that does not answer, and trends written as gauges', async () => {
    expectCleanError(await runCli(['report', 'merge', '--prometheus', prom.url, '--testid', 'calls-harness-read-mix-none', '--profile', 'smoke', '--report-dir', join(TMP, 'none')]), 'E_PROMETHEUS_NO_TEST');
    expectCleanError(await merge('down', [], 'http://127.0.0.1:1'), 'E_PROMETHEUS_UNREADABLE');
    const gauges = await startPrometheus();
    try {
      await runner(gauges.writeUrl, '1', a.slice(0, 20), [], { K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM: 'false' });
      const res = await merge('gauges', [], gauges.url);
      expectCleanError(res, 'E_PROMETHEUS_NO_TEST');
      expect(res.stderr).toContain('K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM=true');
    } finally {
      await gauges.stop();
    }
  });

  it('takes runner folders or Prometheus, not both, and Prometheus with a testid and a profile', async () => {
    expectCleanError(await runCli(['report', 'merge', TMP, '--prometheus', prom.url, '--testid', TESTID, '--profile', 'smoke']), 'E_USAGE');
    expectCleanError(await runCli(['report', 'merge', '--prometheus', prom.url, '--testid', TESTID]), 'E_USAGE');
    expectCleanError(await runCli(['report', 'merge', TMP, '--testid', TESTID]), 'E_USAGE');
  });
});
