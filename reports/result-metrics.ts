// The harness's own results as Prometheus series, so a nightly dashboard plots them beside k6's:
// the gate's verdict, contract findings by check and operation, per-operation and per-flow
// figures from the merged summary (exact, unlike per-series k6 percentiles), and capacity.
// Every series carries the release (CALLS_HARNESS_RELEASE) and the target.
import type { Label, TimeSeries } from '../load/outputs/prometheus-rw/write-request.ts';
import type { RunResult } from './model.ts';

const PREFIX = 'calls_harness_';

export function resultMetrics(r: RunResult): TimeSeries[] {
  const timestamp = Date.parse(r.meta.finishedAt);
  const base = { release: r.meta.release ?? '', target: r.meta.target };
  const out: TimeSeries[] = [];
  const put = (name: string, labels: Record<string, string>, value: number | null | undefined) => {
    if (value === null || value === undefined || !Number.isFinite(value)) return;
    out.push({ labels: labelsOf(`${PREFIX}${name}`, { ...base, ...labels }), samples: [{ value, timestamp }] });
  };

  put('run_passed', {}, r.verdict.passed ? 1 : 0);
  put('run_interrupted', {}, r.meta.interrupted ? 1 : 0);
  if (r.contract) {
    put('contract_could_not_finish', {}, r.contract.error ? 1 : 0);
    for (const c of r.contract.cases) {
      if (c.outcome === 'skipped') continue;
      put('contract_findings', { check: c.check, operation: c.operationId }, c.findings + (c.outcome === 'errored' ? 1 : 0));
    }
  }
  for (const l of r.load) {
    const run = { scenario: l.scenario, profile: l.profile, engine: l.engine };
    put('load_passed', run, l.exitCode === 0 ? 1 : 0);
    put('load_iterations_total', run, l.iterations);
    put('load_dropped_iterations_total', run, l.droppedIterations);
    for (const o of l.operations) {
      const op = { ...run, operation: o.operationId };
      put('operation_requests_total', op, o.requests);
      put('operation_rate', op, o.ratePerS);
      put('operation_error_rate', op, o.errorRate);
      for (const stat of ['p50', 'p95', 'p99'] as const) put('operation_duration_seconds', { ...op, stat }, o[stat] / 1000);
    }
    for (const f of l.flows) {
      for (const stat of ['p50', 'p95', 'p99'] as const) put('flow_duration_seconds', { ...run, flow: f.flow, stat }, f[stat] / 1000);
    }
    for (const t of l.thresholds) put('threshold_passed', { ...run, metric: t.metric, threshold: t.expression }, t.ok ? 1 : 0);
    if (l.capacity) put('capacity_rate', { ...run, limited_by: 'ramp' }, l.capacity.highestRateHeld ?? 0);
  }
  const search = r.capacity;
  if (search && search.limitedBy) {
    const scenario = r.load[0]?.scenario ?? '';
    put('capacity_rate', { scenario, limited_by: search.limitedBy }, search.highestRateHeld ?? 0);
  }
  return out;
}

function labelsOf(name: string, labels: Record<string, string>): Label[] {
  const out: Label[] = [{ name: '__name__', value: name }];
  for (const [k, v] of Object.entries(labels)) if (v) out.push({ name: k, value: v });
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
