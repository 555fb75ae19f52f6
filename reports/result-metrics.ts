// The harness's own results as Prometheus series, so a nightly dashboard plots them beside k6's:
// the gate's verdict, contract findings by check and operation, per-operation and per-flow
// figures from the merged summary (exact, unlike per-series k6 percentiles), and capacity.
// Every series carries the release (CALLS_HARNESS_RELEASE) and the target.
import type { Label, TimeSeries } from '../load/index.ts';
import type { ContractSection, LoadSection, RunResult } from './model.ts';

const PREFIX = 'calls_harness_';
const STATS = ['p50', 'p95', 'p99'] as const;

type Put = (name: string, labels: Record<string, string>, value: number | null | undefined) => void;

export function resultMetrics(r: RunResult): TimeSeries[] {
  const timestamp = Date.parse(r.meta.finishedAt);
  const base = { release: r.meta.release ?? '', target: r.meta.target };
  const out: TimeSeries[] = [];
  const put: Put = (name, labels, value) => {
    if (value === null || value === undefined || !Number.isFinite(value)) return;
    out.push({ labels: labelsOf(`${PREFIX}${name}`, { ...base, ...labels }), samples: [{ value, timestamp }] });
  };
  put('run_passed', {}, r.verdict.passed ? 1 : 0);
  put('run_interrupted', {}, r.meta.interrupted ? 1 : 0);
  if (r.contract) contractMetrics(r.contract, put);
  for (const l of r.load) loadMetrics(l, put);
  if (r.capacity?.limitedBy) put('capacity_rate', { scenario: r.load[0]?.scenario ?? '', limited_by: r.capacity.limitedBy }, r.capacity.highestRateHeld ?? 0);
  return out;
}

function contractMetrics(c: ContractSection, put: Put): void {
  put('contract_could_not_finish', {}, c.error ? 1 : 0);
  for (const k of c.cases) {
    if (k.outcome !== 'skipped') put('contract_findings', { check: k.check, operation: k.operationId }, k.findings + (k.outcome === 'errored' ? 1 : 0));
  }
}

function loadMetrics(l: LoadSection, put: Put): void {
  const run = { scenario: l.scenario, profile: l.profile, engine: l.engine };
  put('load_passed', run, l.exitCode === 0 ? 1 : 0);
  put('load_iterations_total', run, l.iterations);
  put('load_dropped_iterations_total', run, l.droppedIterations);
  for (const o of l.operations) {
    const op = { ...run, operation: o.operationId };
    put('operation_requests_total', op, o.requests);
    put('operation_rate', op, o.ratePerS);
    put('operation_error_rate', op, o.errorRate);
    for (const stat of STATS) put('operation_duration_seconds', { ...op, stat }, o[stat] / 1000);
  }
  for (const f of l.flows) for (const stat of STATS) put('flow_duration_seconds', { ...run, flow: f.flow, stat }, f[stat] / 1000);
  for (const t of l.thresholds) put('threshold_passed', { ...run, metric: t.metric, threshold: t.expression }, t.ok ? 1 : 0);
  if (l.capacity) put('capacity_rate', { ...run, limited_by: 'ramp' }, l.capacity.highestRateHeld ?? 0);
}

function labelsOf(name: string, labels: Record<string, string>): Label[] {
  const out: Label[] = [{ name: '__name__', value: name }];
  for (const [k, v] of Object.entries(labels)) if (v) out.push({ name: k, value: v });
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
