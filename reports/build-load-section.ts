// A load run's section of the result, from the end-of-test summary data of either engine.
import { computeCapacity, RAMP_JUDGING } from './capacity.ts';
import { parseKey, type RunShape, submetrics, type SummaryLike, values } from '../load/index.ts';
import { shapeSummary } from './shape-summary.ts';
import { isUnexpectedStatus } from './success-statuses.ts';
import type { FlowStats, LoadSection, OperationStats, Percentiles, TimelinePoint } from './model.ts';
import { loadViolations } from './load-violations.ts';
import { thresholdVerdicts } from './threshold-verdicts.ts';

export interface LoadInfo {
  scenario: string;
  profile: string;
  engine: 'k6' | 'node';
  /** k6's version ("v1.3.0") or the harness's for the built-in engine, when known. */
  engineVersion?: string;
  exitCode: number;
  problems: string[];
  /** The profile's SLO, for the capacity verdict. */
  slo: { p95Ms: number; errorRate: number };
  /** How the run was shaped, when the harness ran it. */
  shape?: RunShape;
  /** What says the generator was the limit (load/generator-bound.ts). */
  generatorBound?: string[];
}

const TIMEOUT = '1050';
const RESET = '1220';

export function percentiles(v: Record<string, number>): Percentiles {
  return { p50: v.med ?? v['p(50)'] ?? 0, p90: v['p(90)'] ?? 0, p95: v['p(95)'] ?? 0, p99: v['p(99)'] ?? 0, p999: v['p(99.9)'] ?? 0, max: v.max ?? 0 };
}

export function loadSection(summary: SummaryLike, info: LoadInfo): LoadSection {
  const durationS = (summary.state?.testRunDurationMs ?? 0) / 1000;
  const timeline = (summary.harness?.timeline as TimelinePoint[] | undefined) ?? [];
  return {
    scenario: info.scenario, profile: info.profile, engine: info.engine, ...(info.engineVersion ? { engineVersion: info.engineVersion } : {}), exitCode: info.exitCode,
    interrupted: summary.harness?.interrupted === true || info.exitCode === 105,
    durationS,
    iterations: values(summary, 'iterations').count ?? 0,
    droppedIterations: values(summary, 'dropped_iterations').count ?? 0,
    operations: operations(summary, durationS),
    flows: flows(summary),
    outcomes: Object.fromEntries([...submetrics(summary, 'transfer_outcomes', ['outcome']), ...submetrics(summary, 'race_outcomes', ['outcome'])].map((s) => [s.tags.outcome as string, s.values.count ?? 0])),
    checks: checks(summary.root_group),
    thresholds: thresholdVerdicts(summary),
    violations: loadViolations(checks(summary.root_group), summary.root_group),
    timeline,
    capacity: isCapacityRamp(info) ? computeCapacity(timeline, info.slo, RAMP_JUDGING) : null,
    problems: info.problems,
    ...(info.shape ? { shape: shapeSummary(info.shape, values(summary, 'bodies_validated').count ?? 0) } : {}),
    ...(info.generatorBound?.length ? { generatorBound: info.generatorBound } : {}),
  };
}

/** The capacity profile's ramp, even with flags in its name (--validate, or stages of its own). */
function isCapacityRamp(info: LoadInfo): boolean {
  if (!info.shape) return info.profile === 'capacity';
  return info.shape.label === 'capacity' && info.shape.profile.executor === 'ramping-arrival-rate';
}

function operations(summary: SummaryLike, durationS: number): OperationStats[] {
  return submetrics(summary, 'http_req_duration', ['name']).map(({ tags, values: v }) => {
    const op = tags.name as string;
    const counts = countsFromSummary(summary, op);
    const requests = v.count ?? values(summary, `http_reqs{name:${op}}`).count ?? 0;
    const byKind = { status_4xx: 0, status_5xx: 0, status_unexpected: 0, timeout: 0, reset: 0, other: 0, contract_violation: values(summary, `contract_violations{name:${op}}`).passes ?? 0 };
    for (const [key, n] of Object.entries(counts)) {
      if (/^status:4/.test(key)) byKind.status_4xx += n;
      else if (/^status:5/.test(key)) byKind.status_5xx += n;
      else if (key.startsWith('status:') && isUnexpectedStatus(op, Number(key.slice('status:'.length)))) byKind.status_unexpected += n;
      else if (key === `error_code:${TIMEOUT}`) byKind.timeout += n;
      else if (key === `error_code:${RESET}`) byKind.reset += n;
      else if (key.startsWith('error_code:')) byKind.other += n;
    }
    leaveOutExpected4xx(byKind, values(summary, `http_req_failed{name:${op}}`).passes);
    return { operationId: op, requests, ratePerS: durationS ? requests / durationS : 0, errorRate: values(summary, `http_req_failed{name:${op}}`).rate ?? 0, errorsByKind: byKind, ...percentiles(v) };
  }).sort((a, b) => a.operationId.localeCompare(b.operationId));
}

/**
 * A 4xx the scenario expects (a race's loser 409, a report not there yet 404) is an answer, not an
 * error. No other kind is ever expected, so the failed requests beyond the other kinds are the 4xx
 * that failed: with that, the kinds add up to the failed requests (http_req_failed).
 */
function leaveOutExpected4xx(byKind: OperationStats['errorsByKind'], failed: number | undefined): void {
  if (failed === undefined) return;
  const others = byKind.status_5xx + (byKind.status_unexpected ?? 0) + byKind.timeout + byKind.reset + byKind.other;
  byKind.status_4xx = Math.min(byKind.status_4xx, Math.max(0, failed - others));
}

/** Requests by status and error code, from `http_reqs{name,status}` sub-metrics (the built-in engine's, or read from k6's samples). */
function countsFromSummary(summary: SummaryLike, op: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, m] of Object.entries(summary.metrics ?? {})) {
    const { metric, tags } = parseKey(key);
    if (metric !== 'http_reqs' || tags.name !== op || Object.keys(tags).length !== 2) continue;
    const [k, v] = Object.entries(tags).find(([name]) => name !== 'name') as [string, string];
    out[`${k}:${v}`] = m.values?.count ?? 0;
  }
  return out;
}

function flows(summary: SummaryLike): FlowStats[] {
  return submetrics(summary, 'flow_duration', ['flow']).map(({ tags, values: v }) => ({ flow: tags.flow as string, count: v.count ?? 0, ...percentiles(v) })).sort((a, b) => a.flow.localeCompare(b.flow));
}

type Group = { checks?: { name: string; passes: number; fails: number }[]; groups?: Group[] };

function checks(root: unknown): { name: string; passes: number; fails: number }[] {
  const out: { name: string; passes: number; fails: number }[] = [];
  const walk = (g: Group | undefined) => {
    for (const c of g?.checks ?? []) out.push({ name: c.name, passes: c.passes, fails: c.fails });
    for (const child of g?.groups ?? []) walk(child);
  };
  walk(root as Group | undefined);
  return out;
}
