// The runners' sinks added up: a merged trend is the sum of their HDR histograms, so its
// percentiles are those of the whole test, never an average of the runners' percentiles.
import { parseDuration } from '../engine/durations.ts';
import type { RunnerMetrics } from '../engine/runner-output.ts';
import { GaugeSink, sinkFor, type MetricType, type Sink } from '../engine/metrics/sinks.ts';
import type { SummaryMetric } from '../engine/summary-data.ts';
import { parseThresholds, passes, type ParsedThreshold } from '../engine/thresholds.ts';

export interface MergedMetric {
  type: string;
  contains: string;
  sink: Sink;
}

/** Gauges whose runners' values add up to the whole test's: each runner counts its own VUs. */
const VU_GAUGES = new Set(['vus', 'vus_max']);

export function mergeSinks(runners: RunnerMetrics[]): Map<string, MergedMetric> {
  const merged = new Map<string, MergedMetric>();
  for (const runner of runners) {
    for (const [key, m] of Object.entries(runner.metrics)) {
      let into = merged.get(key);
      if (!into) merged.set(key, (into = { type: m.type, contains: m.contains, sink: m.type === 'gauge' ? new GaugeSink(VU_GAUGES.has(m.metric)) : sinkFor(m.type as MetricType) }));
      into.sink.absorb(m.sink);
    }
  }
  return merged;
}

export interface JudgedMetrics {
  metrics: Record<string, SummaryMetric>;
  failed: string[];
  thresholds: ParsedThreshold[];
}

/**
 * handleSummary's `metrics` for the whole test, and every threshold of the scenario judged on the
 * merged data with its own expression (as k6 judges it at the end of a run).
 */
export function judgeMerged(merged: Map<string, MergedMetric>, thresholdConfig: RunnerMetrics['thresholds'], trendStats: string[], durationMs: number): JudgedMetrics {
  const thresholds = parseThresholds(thresholdConfig, parseDuration);
  const elapsedS = durationMs / 1000;
  const verdicts = new Map<string, Record<string, { ok: boolean }>>();
  for (const t of thresholds) {
    const sink = merged.get(t.metricKey)?.sink;
    const ok = sink ? passes(t, sink.values([...new Set([...trendStats, t.stat])], elapsedS)) : false;
    verdicts.set(t.metricKey, { ...verdicts.get(t.metricKey), [t.source]: { ok } });
  }
  const metrics: Record<string, SummaryMetric> = {};
  for (const [key, m] of merged) {
    // As k6: a metric without samples is left out unless a threshold names it.
    if (!m.sink.samples && !verdicts.has(key)) continue;
    const judged = verdicts.get(key);
    metrics[key] = { type: m.type, contains: m.contains, values: m.sink.values(trendStats, elapsedS), ...(judged ? { thresholds: judged } : {}) };
  }
  const failed = [...verdicts].flatMap(([key, v]) => Object.entries(v).filter(([, r]) => !r.ok).map(([source]) => `${key}: ${source}`));
  return { metrics, failed, thresholds };
}
