// The end-of-test data handleSummary receives, in the structure real k6 gives it
// (test/fixtures/k6-summary/handle-summary-data.v0.48.json), plus a `harness` section of what k6 lacks.
import { output } from '../../core/index.ts';
import type { Sink } from './metrics/sinks.ts';
import type { RunState } from './run-state.ts';
import { passes, type ParsedThreshold } from './thresholds.ts';
import type { TimelinePoint } from './timeline.ts';

export const DEFAULT_TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'];

export interface SummaryMetric {
  type: string;
  contains: string;
  values: Record<string, number>;
  thresholds?: Record<string, { ok: boolean }>;
}

export interface SummaryData {
  metrics: Record<string, SummaryMetric>;
  root_group: unknown;
  options: { summaryTrendStats: string[]; summaryTimeUnit: string; noColor: boolean };
  state: { isStdOutTTY: boolean; isStdErrTTY: boolean; testRunDurationMs: number };
  harness: { engine: 'calls-harness'; interrupted: boolean; abortReason: string | null; interruptedIterations: number; iterationErrors: { message: string; count: number }[]; timeline: TimelinePoint[] };
}

/** The (sub-)metric a threshold judges. */
export function thresholdSink(state: RunState, t: ParsedThreshold): Sink | undefined {
  const metric = state.registry.metrics.get(t.metric);
  return Object.keys(t.tags).length ? metric?.submetrics.get(t.metricKey)?.sink : metric?.sink;
}

export function thresholdVerdicts(state: RunState, thresholds: ParsedThreshold[], trendStats: string[]): Map<string, Record<string, { ok: boolean }>> {
  const elapsedS = state.elapsedMs() / 1000;
  const out = new Map<string, Record<string, { ok: boolean }>>();
  for (const t of thresholds) {
    const sink = thresholdSink(state, t);
    const stats = [...new Set([...trendStats, t.stat])];
    const ok = sink ? passes(t, sink.values(stats, elapsedS)) : false;
    out.set(t.metricKey, { ...out.get(t.metricKey), [t.source]: { ok } });
  }
  return out;
}

export function summaryData(state: RunState, thresholds: ParsedThreshold[], trendStats: string[], interrupted: boolean): SummaryData {
  const elapsedS = state.elapsedMs() / 1000;
  const verdicts = thresholdVerdicts(state, thresholds, trendStats);
  const metrics: Record<string, SummaryMetric> = {};
  for (const m of state.registry.metrics.values()) {
    // k6 leaves out metrics that never got a sample, unless a threshold names them.
    if (!m.sink.samples && !verdicts.has(m.name)) continue;
    metrics[m.name] = entry(m.type, m.contains, m.sink.values(trendStats, elapsedS), verdicts.get(m.name));
    for (const [key, sub] of m.submetrics) {
      if (!sub.sink.samples && !verdicts.has(key)) continue;
      metrics[key] = entry(m.type, m.contains, sub.sink.values(trendStats, elapsedS), verdicts.get(key));
    }
  }
  return {
    metrics,
    root_group: state.checks.root,
    options: { summaryTrendStats: trendStats, summaryTimeUnit: '', noColor: false },
    state: { isStdOutTTY: output().stdout.isTTY === true, isStdErrTTY: output().stderr.isTTY === true, testRunDurationMs: state.elapsedMs() },
    harness: { engine: 'calls-harness', interrupted, abortReason: state.abortReason, interruptedIterations: state.iterationsInterrupted, iterationErrors: [...state.errors].map(([message, count]) => ({ message, count })), timeline: state.timeline.points },
  };
}

function entry(type: string, contains: string, values: Record<string, number>, thresholds?: Record<string, { ok: boolean }>): SummaryMetric {
  return thresholds ? { type, contains, values, thresholds } : { type, contains, values };
}

export function failedThresholds(data: SummaryData): string[] {
  return Object.entries(data.metrics).flatMap(([name, m]) => Object.entries(m.thresholds ?? {}).filter(([, v]) => !v.ok).map(([expr]) => `${name}: ${expr}`));
}
