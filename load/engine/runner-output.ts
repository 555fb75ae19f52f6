// What one runner of a segmented test leaves for an exact merge (merge.json beside summary.json):
// every (sub-)metric's sink as data (trends as encoded HDR histograms), checks by group, the
// per-second timeline, and the thresholds to judge the merged data with.
import type { GroupData } from './checks-tree.ts';
import type { Tags } from './metrics/registry.ts';
import type { SinkState } from './metrics/sinks.ts';
import type { RunState } from './run-state.ts';
import type { ThresholdSpec } from './thresholds.ts';
import type { TimelinePoint } from './timeline.ts';

export interface RunnerMetric {
  /** The metric's name and, for a sub-metric, its tags (the key is `name{tag:value,...}`). */
  metric: string;
  tags: Tags;
  type: string;
  contains: string;
  sink: SinkState;
}

/** The engine's part of merge.json; the run adds what it knows (scenario, bundle, segment, exit code). */
export interface RunnerMetrics {
  durationMs: number;
  trendStats: string[];
  /** The script's thresholds as k6 took them (after --threshold overrides): the merge judges with these. */
  thresholds: Record<string, (string | ThresholdSpec)[]>;
  metrics: Record<string, RunnerMetric>;
  rootGroup: GroupData;
  timeline: TimelinePoint[];
  interrupted: boolean;
  abortReason: string | null;
  interruptedIterations: number;
  iterationErrors: { message: string; count: number }[];
}

export function runnerMetrics(state: RunState, thresholds: RunnerMetrics['thresholds'], trendStats: string[], interrupted: boolean): RunnerMetrics {
  const metrics: Record<string, RunnerMetric> = {};
  for (const m of state.registry.metrics.values()) {
    // A metric a threshold names is kept without samples too: the merge must judge it.
    metrics[m.name] = { metric: m.name, tags: {}, type: m.type, contains: m.contains, sink: m.sink.encode() };
    for (const [key, sub] of m.submetrics) metrics[key] = { metric: m.name, tags: sub.tags, type: m.type, contains: m.contains, sink: sub.sink.encode() };
  }
  return {
    durationMs: state.elapsedMs(), trendStats, thresholds, metrics, rootGroup: state.checks.root, timeline: state.timeline.points,
    interrupted, abortReason: state.abortReason, interruptedIterations: state.iterationsInterrupted,
    iterationErrors: [...state.errors].map(([message, count]) => ({ message, count })),
  };
}
