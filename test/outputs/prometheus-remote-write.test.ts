// The built-in engine's experimental-prometheus-rw output against a real Prometheus: the numbers
// a nightly dashboard reads there are the summary's own, under k6's metric names.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SummaryData } from '../../load/engine/summary-data.ts';
import { PROMETHEUS_BINARY, startPrometheus, type RunningPrometheus } from '../helpers/prometheus.ts';
import { smoke } from '../helpers/smoke-run.ts';

// CI installs Prometheus (.ci/run): there a missing binary fails the suite instead of skipping.
const runnable = PROMETHEUS_BINARY !== null || process.env.CI === 'true';
const K6_NAMES = (JSON.parse(readFileSync(new URL('../fixtures/prometheus-rw/k6-v0.48-read-mix-smoke.json', import.meta.url), 'utf8')) as { names: string[] }).names;

describe.skipIf(!runnable)('Prometheus remote write from the built-in engine', () => {
  let prom: RunningPrometheus;
  let summary: SummaryData;
  let problems: string[];
  const saved = { ...process.env };

  beforeAll(async () => {
    prom = await startPrometheus();
    Object.assign(process.env, { K6_PROMETHEUS_RW_SERVER_URL: prom.writeUrl, K6_PROMETHEUS_RW_PUSH_INTERVAL: '1s', K6_PROMETHEUS_RW_TREND_STATS: 'p(95),p(99),count' });
    const run = await smoke('read-mix', { k6Outputs: ['experimental-prometheus-rw'] });
    expect(run.result.exitCode, run.result.problems.join('\n')).toBe(0);
    summary = run.summary;
    problems = run.result.problems;
  }, 60_000);

  afterAll(async () => {
    process.env = saved;
    await prom?.stop();
  });

  const last = (expr: string) => prom.query(`last_over_time(${expr}[1h])`);
  const count = (key: string) => summary.metrics[key]?.values.count ?? NaN;

  it('writes every metric name real k6 writes, and reports no failed push', async () => {
    const names = await prom.names();
    expect(K6_NAMES.filter((n) => !names.includes(n))).toEqual([]);
    expect(names).toContain('k6_http_req_duration_p95');
    expect(problems.filter((p) => p.includes('remote write'))).toEqual([]);
  });

  it('request counts, in all and per operation, equal the summary\'s', async () => {
    const total = await prom.query('sum(last_over_time(k6_http_reqs_total[1h]))');
    expect(total[0]?.value).toBe(count('http_reqs'));
    const byName = await prom.query('sum by (name) (last_over_time(k6_http_reqs_total[1h]))');
    expect(byName.length).toBeGreaterThanOrEqual(4);
    for (const r of byName) expect(r.value, r.metric.name).toBe(count(`http_reqs{name:${r.metric.name}}`));
  });

  it('each check\'s rate equals the summary\'s passes over its runs', async () => {
    const checks = new Map<string, { passes: number; fails: number }>();
    const walk = (g: { checks: { name: string; passes: number; fails: number }[]; groups: unknown[] }) => {
      for (const c of g.checks) checks.set(c.name, c);
      for (const sub of g.groups) walk(sub as typeof g);
    };
    walk(summary.root_group as unknown as Parameters<typeof walk>[0]);
    const rates = await last('k6_checks_rate');
    expect(rates.length).toBeGreaterThan(0);
    for (const r of rates) {
      const c = checks.get(r.metric.check as string);
      expect(c, r.metric.check).toBeDefined();
      expect(r.value).toBeCloseTo((c as { passes: number }).passes / ((c as { passes: number }).passes + (c as { fails: number }).fails), 12);
    }
  });

  it('a p99 and a count of one series equal the summary\'s, in seconds as k6 writes them', async () => {
    const [p99] = await last('k6_iteration_duration_p99');
    const scenario = p99?.metric.scenario as string;
    const fromSummary = summary.metrics[`iteration_duration{scenario:${scenario}}`]?.values as Record<string, number>;
    expect(p99?.value).toBeCloseTo(fromSummary['p(99)'] as number / 1000, 9);
    // k6 divides every stat of a time trend by 1000, its count included.
    const [n] = await last('k6_iteration_duration_count');
    expect(n?.value).toBeCloseTo(fromSummary.count as number / 1000, 12);
  });
});
