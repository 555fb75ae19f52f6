// Every metric of a run: built-in and custom, each with its sub-metrics by tag. Sub-metrics exist
// for every tag set a threshold names (as in k6) and, beyond k6, for every value of the tags in
// AUTO_TAGS, so that per-operation percentiles need no threshold to appear.
import { sinkFor, type Sink } from './sinks.ts';
import type { MetricType, Tags } from './registry-types.ts';

export type { Tags };



export interface Metric {
  name: string;
  type: MetricType;
  contains: 'time' | 'data' | 'default';
  sink: Sink;
  /** Keyed as k6 keys them: `name{tag:value,...}`. */
  submetrics: Map<string, { tags: Tags; sink: Sink }>;
  /** The sub-metrics thresholds named, each once: matched against every sample's tags. */
  selected: { tags: Tags; sink: Sink }[];
  /** Tag sets whose every combination of values gets a sub-metric without a threshold naming it. */
  autoTags: string[][];
}

/**
 * Tag sets whose every combination of values gets a sub-metric of its own, per metric (requests
 * by operation and status feed the reports' errors by kind); custom metrics use CUSTOM_AUTO_TAGS.
 */
const AUTO_TAGS: Record<string, string[][]> = {
  http_req_duration: [['name'], ['expected_response']],
  http_req_waiting: [['name']],
  http_req_failed: [['name']],
  http_reqs: [['name'], ['name', 'status'], ['name', 'error_code']],
  iteration_duration: [['scenario']],
  iterations: [['scenario']],
};
const CUSTOM_AUTO_TAGS = [['name'], ['flow'], ['outcome']];
const BUILT_IN = /^(vus|vus_max|iterations|dropped_iterations|data_sent|data_received|checks|group_duration|iteration_|http_req)/;

export class MetricsRegistry {
  readonly metrics = new Map<string, Metric>();
  /** Tag selectors named by thresholds, per metric, each once (keyed as its sub-metric). */
  private readonly selectors = new Map<string, Map<string, Tags>>();

  define(name: string, type: MetricType, contains: Metric['contains'] = 'default'): Metric {
    const existing = this.metrics.get(name);
    if (existing) {
      if (existing.type !== type) throw new Error(`metric "${name}" is already a ${existing.type}, cannot redefine it as a ${type}`);
      return existing;
    }
    const autoTags = AUTO_TAGS[name] ?? (BUILT_IN.test(name) ? [] : CUSTOM_AUTO_TAGS);
    const metric: Metric = { name, type, contains, sink: sinkFor(type), submetrics: new Map(), selected: [], autoTags };
    this.metrics.set(name, metric);
    for (const tags of this.selectors.get(name)?.values() ?? []) this.selectOnce(metric, tags);
    return metric;
  }

  /**
   * A threshold's `metric{tag:value}`: the sub-metric exists from the start, samples or not.
   * Named by several expressions (`p(95)<500`, `p(99)<1000`), it is still fed once per sample.
   */
  select(name: string, tags: Tags): void {
    let forMetric = this.selectors.get(name);
    if (!forMetric) this.selectors.set(name, (forMetric = new Map()));
    forMetric.set(submetricKey(name, tags), tags);
    const metric = this.metrics.get(name);
    if (metric) this.selectOnce(metric, tags);
  }

  private selectOnce(metric: Metric, tags: Tags): void {
    const sub = this.sub(metric, tags);
    if (!metric.selected.includes(sub)) metric.selected.push(sub);
  }

  /** Every sample as recorded, for an output that keeps series of its own (remote write). */
  onSample: ((metric: Metric, value: number, tags: Tags) => void) | null = null;

  add(name: string, value: number, tags: Tags): void {
    const metric = this.metrics.get(name);
    if (!metric) throw new Error(`metric "${name}" was never defined`);
    this.onSample?.(metric, value, tags);
    metric.sink.add(value);
    for (const sub of metric.selected) if (matches(sub.tags, tags)) sub.sink.add(value);
    // Auto sub-metrics are found by key, not by scanning: one lookup per tag set. One that a
    // threshold also names was counted by the scan above.
    for (const keys of metric.autoTags) {
      const key = autoKey(name, tags, keys);
      if (key === null) continue;
      const sub = metric.submetrics.get(key) ?? this.sub(metric, pick(tags, keys));
      if (!metric.selected.includes(sub)) sub.sink.add(value);
    }
  }

  private sub(metric: Metric, tags: Tags): { tags: Tags; sink: Sink } {
    const key = submetricKey(metric.name, tags);
    let sub = metric.submetrics.get(key);
    if (!sub) metric.submetrics.set(key, (sub = { tags, sink: sinkFor(metric.type) }));
    return sub;
  }
}

export function submetricKey(name: string, tags: Tags): string {
  return `${name}{${Object.entries(tags).map(([k, v]) => `${k}:${v}`).join(',')}}`;
}

/** The sub-metric key of the tags named by `keys`, or null when one of them is absent (hot path: no allocation but the string). */
function autoKey(name: string, tags: Tags, keys: string[]): string | null {
  let key = `${name}{`;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    const v = tags[k];
    if (v === undefined) return null;
    key += `${i ? ',' : ''}${k}:${v}`;
  }
  return `${key}}`;
}

function pick(tags: Tags, keys: string[]): Tags {
  return Object.fromEntries(keys.map((k) => [k, tags[k] as string]));
}

function matches(selector: Tags, tags: Tags): boolean {
  for (const k in selector) if (tags[k] !== selector[k]) return false;
  return true;
}
