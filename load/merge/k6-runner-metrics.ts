// merge.json for a real k6 runner: k6 keeps no histogram it hands out, so its JSON sample output
// (the one `load` already reads) is counted again by the engine's own metrics registry, with the
// sub-metrics its thresholds name, and encoded as the built-in engine encodes its sinks.
import { existsSync } from 'node:fs';
import type { GroupData } from '../engine/checks-tree.ts';
import { MetricsRegistry } from '../engine/metrics/registry.ts';
import type { MetricType } from '../engine/metrics/registry-types.ts';
import type { Sink } from '../engine/metrics/sinks.ts';
import type { RunnerMetric, RunnerMetrics } from '../engine/runner-output.ts';
import { DEFAULT_TREND_STATS } from '../engine/summary-data.ts';
import { parseMetricKey } from '../engine/thresholds.ts';
import type { TimelinePoint } from '../engine/timeline.ts';
import { asEngineTags, forEachLine } from '../k6-samples.ts';
import { readSummaryFile } from '../summary-file.ts';

export interface K6Summary {
  metrics?: Record<string, { type?: string; contains?: string; thresholds?: Record<string, unknown>; values?: Record<string, number> }>;
  root_group?: GroupData;
  options?: { summaryTrendStats?: string[] };
  state?: { testRunDurationMs?: number };
}

const TYPES = new Set(['counter', 'gauge', 'rate', 'trend']);

interface Line {
  type?: string;
  metric?: string;
  data?: { value?: number; tags?: Record<string, string> | null; type?: MetricType; contains?: 'time' | 'data' | 'default' };
}

/** The runner metrics of a k6 run, from its summary data and its JSON samples; null when k6 wrote either not. */
export async function k6RunnerMetrics(samplesFile: string, summaryFile: string, timeline: TimelinePoint[], interrupted: boolean): Promise<RunnerMetrics | null> {
  if (!existsSync(samplesFile)) return null;
  // A summary k6 could not finish writing (a full disk) is none: no merge.json rather than a crash.
  const summary = readSummaryFile(summaryFile).summary as K6Summary | null;
  if (!summary) return null;
  return (await countK6Samples(samplesFile, summary, timeline, interrupted)).runner;
}

export interface CountedK6Samples {
  runner: RunnerMetrics;
  /** Why the samples could not be read to their end (a gzip stream cut short), when they could not. */
  damaged?: string;
  /** Each metric's sample count in k6's summary beside the count its samples hold, where they differ. */
  missing: { metric: string; summary: number; samples: number }[];
}

/** k6's JSON samples counted again, beside the summary data k6 wrote at the same run's end. */
export async function countK6Samples(samplesFile: string, summary: K6Summary, timeline: TimelinePoint[], interrupted: boolean): Promise<CountedK6Samples> {
  // The thresholds as k6 judged them: the expressions its summary lists under each (sub-)metric.
  const thresholds = Object.fromEntries(Object.entries(summary.metrics ?? {}).filter(([, m]) => m.thresholds).map(([key, m]) => [key, Object.keys(m.thresholds ?? {})]));
  const registry = thresholdedRegistry(summary, Object.keys(thresholds));
  const read = await forEachLine(samplesFile, (text) => {
    let line: Line;
    try {
      line = JSON.parse(text) as Line;
    } catch {
      return; // a torn last line of an interrupted run
    }
    if (!line.metric || !line.data) return;
    if (line.type === 'Metric' && line.data.type) registry.define(line.metric, line.data.type, line.data.contains ?? 'default');
    else if (line.type === 'Point' && registry.metrics.has(line.metric)) registry.add(line.metric, line.data.value ?? 0, asEngineTags(line.data.tags ?? {}));
  });
  const metrics: Record<string, RunnerMetric> = {};
  for (const m of registry.metrics.values()) {
    metrics[m.name] = { metric: m.name, tags: {}, type: m.type, contains: m.contains, sink: m.sink.encode() };
    for (const [key, sub] of m.submetrics) metrics[key] = { metric: m.name, tags: sub.tags, type: m.type, contains: m.contains, sink: sub.sink.encode() };
  }
  const runner: RunnerMetrics = {
    durationMs: summary.state?.testRunDurationMs ?? 0, trendStats: summary.options?.summaryTrendStats ?? DEFAULT_TREND_STATS, thresholds, metrics,
    rootGroup: summary.root_group ?? { name: '', path: '', id: '', groups: [], checks: [] }, timeline, interrupted, abortReason: null, interruptedIterations: 0, iterationErrors: [],
  };
  return { runner, ...(read.damaged ? { damaged: read.damaged } : {}), missing: missingSamples(summary, registry) };
}

/**
 * The metrics whose samples are fewer (or more) than k6's summary counted: k6 writes both from one
 * run, so they differ only when the samples were cut short (a copy stopped midway, a file truncated).
 */
function missingSamples(summary: K6Summary, registry: MetricsRegistry): CountedK6Samples['missing'] {
  const out: CountedK6Samples['missing'] = [];
  for (const [name, m] of Object.entries(summary.metrics ?? {})) {
    if (name.includes('{') || !m.values) continue;
    const pair = countPair(m.type, m.values, registry.metrics.get(name)?.sink);
    if (!pair) continue;
    const [counted, samples] = pair;
    if (Math.abs(samples - counted) > 1e-9 * Math.max(1, Math.abs(counted))) out.push({ metric: name, summary: counted, samples });
  }
  return out;
}

/** What k6's summary counted of a metric and what its samples hold: trends and rates by their samples, a counter by its sum. */
function countPair(type: string | undefined, values: Record<string, number>, sink: Sink | undefined): [number, number] | null {
  switch (type) {
    case 'rate': return [(values.passes ?? 0) + (values.fails ?? 0), sink?.samples ?? 0];
    case 'trend': return [values.count ?? 0, sink?.samples ?? 0];
    case 'counter': return [values.count ?? 0, sink?.values([], 0).count ?? 0];
    default: return null;
  }
}

/**
 * A registry with every metric a threshold names, and its sub-metrics selected. k6 declares a
 * metric in its samples only with its first sample: one a threshold names that had none
 * (dropped_iterations of a run that dropped nothing) is k6's count 0, not a missing metric.
 */
function thresholdedRegistry(summary: K6Summary, keys: string[]): MetricsRegistry {
  const registry = new MetricsRegistry();
  for (const key of keys) {
    const { metric, tags } = parseMetricKey(key);
    const declared = summary.metrics?.[metric] ?? summary.metrics?.[key];
    if (declared?.type && TYPES.has(declared.type)) registry.define(metric, declared.type as MetricType, declared.contains === 'time' || declared.contains === 'data' ? declared.contains : 'default');
    if (Object.keys(tags).length) registry.select(metric, tags);
  }
  return registry;
}
