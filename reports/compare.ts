// Regressions per operation between a run and its baselines, with rules that allow for noise:
// thresholds as ratios plus an absolute floor, and a minimum number of samples on both sides.
// Every figure compared is kept, regressed or not, so the table shows what changed.
import type { ScenarioBaseline } from './baseline.ts';
import type { HistoryEntry } from './history.ts';

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

export type Figure = 'p95' | 'p99' | 'errorRate' | 'throughput';

export interface ComparedFigure {
  scenario: string;
  operationId: string;
  metric: Figure;
  baseline: number;
  current: number;
  /** current / baseline, or null when the baseline is 0. */
  ratio: number | null;
  regressed: boolean;
}

export interface Comparison {
  runId: string;
  baselines: ScenarioBaseline[];
  figures: ComparedFigure[];
  regressions: ComparedFigure[];
  /** Operations left out for too few samples on either side. */
  insufficient: { scenario: string; operationId: string; current: number; baseline: number }[];
  /** Operations compared (enough samples on both sides). */
  compared: number;
}

export function compare(current: HistoryEntry, baselines: ScenarioBaseline[], rules: CompareRules = DEFAULT_RULES): Comparison {
  const out: Comparison = { runId: current.runId, baselines, figures: [], regressions: [], insufficient: [], compared: 0 };
  for (const section of current.load) {
    const chosen = baselines.find((b) => b.scenario === section.scenario);
    if (!chosen || 'nothing' in chosen) continue;
    // A baseline of another engine version is shown, not judged (unless asked: reports/baseline.ts).
    const judged = chosen.unjudged === undefined;
    for (const op of section.operations) {
      const b = chosen.section.operations.find((o) => o.operationId === op.operationId);
      if (!b) continue;
      if (op.requests < rules.minSamples || b.requests < rules.minSamples) {
        out.insufficient.push({ scenario: section.scenario, operationId: op.operationId, current: op.requests, baseline: b.requests });
        continue;
      }
      // Only what is judged counts as compared: figures shown across engine versions are no verdict.
      if (judged) out.compared++;
      out.figures.push(...operationFigures(section.scenario, op, b, judged, rules));
    }
  }
  out.regressions = out.figures.filter((f) => f.regressed);
  return out;
}

type OperationFigures = HistoryEntry['load'][number]['operations'][number];

/** One operation's four figures against its baseline, each flagged when judged and past its rule. */
function operationFigures(scenario: string, op: OperationFigures, b: OperationFigures, judged: boolean, rules: CompareRules): Comparison['figures'] {
  const figure = (metric: Figure, bv: number, cv: number, regressed: boolean) => ({ scenario, operationId: op.operationId, metric, baseline: bv, current: cv, ratio: bv ? cv / bv : null, regressed: judged && regressed });
  return [
    figure('p95', b.p95, op.p95, op.p95 > b.p95 * rules.p95Ratio && op.p95 - b.p95 > rules.minLatencyDeltaMs),
    figure('p99', b.p99, op.p99, op.p99 > b.p99 * rules.p99Ratio && op.p99 - b.p99 > rules.minLatencyDeltaMs),
    figure('errorRate', b.errorRate, op.errorRate, op.errorRate - b.errorRate > rules.errorRateDelta),
    figure('throughput', b.ratePerS, op.ratePerS, op.ratePerS < b.ratePerS * rules.throughputRatio),
  ];
}

/** Why nothing was compared, or null when something was. */
export function nothingComparable(c: Comparison, rules: CompareRules): string | null {
  if (c.compared > 0) return null;
  const reasons = c.baselines.map((b) => ('nothing' in b ? `${b.scenario}: ${b.nothing}` : b.unjudged ? `${b.scenario}: ${b.unjudged}` : `${b.scenario}: no operation with at least ${rules.minSamples} requests on both sides (lower it with --min-samples)`));
  return reasons.length ? reasons.join('; ') : 'the run has no load figures';
}
