// Regressions per operation between a run and a baseline, with rules that allow for noise:
// thresholds as ratios plus an absolute floor, and a minimum number of samples on both sides.
import type { HistoryEntry, HistoryOperation } from './history.ts';

export interface CompareRules {
  p95Ratio: number;
  p99Ratio: number;
  /** Latency changes smaller than this many ms are noise, whatever the ratio. */
  minLatencyDeltaMs: number;
  errorRateDelta: number;
  throughputRatio: number;
  minSamples: number;
}

export const DEFAULT_RULES: CompareRules = { p95Ratio: 1.2, p99Ratio: 1.3, minLatencyDeltaMs: 2, errorRateDelta: 0.01, throughputRatio: 0.8, minSamples: 30 };

export interface Regression {
  scenario: string;
  operationId: string;
  metric: 'p95' | 'p99' | 'errorRate' | 'throughput';
  baseline: number;
  current: number;
}

export interface Comparison {
  regressions: Regression[];
  /** Operations left out for too few samples. */
  insufficient: { scenario: string; operationId: string; current: number; baseline: number }[];
  compared: number;
}

export class CompareError extends Error {
  constructor(readonly code: 'E_NO_BASELINE' | 'E_TOO_FEW_RUNS' | 'E_BAD_BASELINE', message: string) {
    super(message);
  }
}

type Baseline = HistoryEntry['load'];

/** `last`, `median-of-N`, or a run id, from the runs before `current`. */
export function pickBaseline(spec: string, history: HistoryEntry[], current: HistoryEntry): { label: string; load: Baseline } {
  const before = history.filter((e) => e.runId !== current.runId && e.startedAt <= current.startedAt);
  if (spec === 'last') {
    const last = before[before.length - 1];
    if (!last) throw new CompareError('E_TOO_FEW_RUNS', 'There is no run before this one to compare with. Run again to build up history, or name a baseline run.');
    return { label: `run ${last.runId}`, load: last.load };
  }
  const m = /^median-of-(\d+)$/.exec(spec);
  if (m) {
    const n = Number(m[1]);
    if (n < 1) throw new CompareError('E_BAD_BASELINE', `median-of-${n} needs at least one run.`);
    if (before.length < n) throw new CompareError('E_TOO_FEW_RUNS', `median-of-${n} needs ${n} earlier runs; the history has ${before.length}. Use a smaller N, or "last".`);
    return { label: `median of the last ${n} runs`, load: medianOf(before.slice(-n)) };
  }
  const named = history.find((e) => e.runId === spec);
  if (!named) throw new CompareError('E_NO_BASELINE', `The history has no run "${spec}". Give a run id from the history, "last", or "median-of-N".`);
  return { label: `run ${named.runId}`, load: named.load };
}

export function compare(current: HistoryEntry, baseline: Baseline, rules: CompareRules = DEFAULT_RULES): Comparison {
  const out: Comparison = { regressions: [], insufficient: [], compared: 0 };
  for (const section of current.load) {
    const base = baseline.find((b) => b.scenario === section.scenario);
    for (const op of section.operations) {
      const b = base?.operations.find((o) => o.operationId === op.operationId);
      if (!b) continue;
      if (op.requests < rules.minSamples || b.requests < rules.minSamples) {
        out.insufficient.push({ scenario: section.scenario, operationId: op.operationId, current: op.requests, baseline: b.requests });
        continue;
      }
      out.compared++;
      const push = (metric: Regression['metric'], bv: number, cv: number) => out.regressions.push({ scenario: section.scenario, operationId: op.operationId, metric, baseline: bv, current: cv });
      if (op.p95 > b.p95 * rules.p95Ratio && op.p95 - b.p95 > rules.minLatencyDeltaMs) push('p95', b.p95, op.p95);
      if (op.p99 > b.p99 * rules.p99Ratio && op.p99 - b.p99 > rules.minLatencyDeltaMs) push('p99', b.p99, op.p99);
      if (op.errorRate - b.errorRate > rules.errorRateDelta) push('errorRate', b.errorRate, op.errorRate);
      if (op.ratePerS < b.ratePerS * rules.throughputRatio) push('throughput', b.ratePerS, op.ratePerS);
    }
  }
  return out;
}

/** Per scenario and operation, the median of each figure over `entries`. */
export function medianOf(entries: HistoryEntry[]): Baseline {
  const scenarios = [...new Set(entries.flatMap((e) => e.load.map((l) => l.scenario)))];
  return scenarios.map((scenario) => {
    const sections = entries.flatMap((e) => e.load.filter((l) => l.scenario === scenario));
    const ops = [...new Set(sections.flatMap((s) => s.operations.map((o) => o.operationId)))];
    return {
      scenario, profile: sections[0]?.profile ?? '', engine: sections[0]?.engine ?? '',
      operations: ops.map((operationId) => {
        const all = sections.flatMap((s) => s.operations.filter((o) => o.operationId === operationId));
        const med = (k: keyof HistoryOperation) => median(all.map((o) => o[k] as number));
        return { operationId, requests: med('requests'), ratePerS: med('ratePerS'), errorRate: med('errorRate'), p50: med('p50'), p95: med('p95'), p99: med('p99') };
      }),
    };
  });
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
