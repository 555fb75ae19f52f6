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
  /** Per tag set of autoTags, its sub-metrics found by tag values, one map level per tag. */
  autoIndex: AutoLevel[];
}

type Sub = { tags: Tags; sink: Sink };

/**
 * One level of an auto sub-metric index: the next level by the value of the next tag, and the
 * sub-metric at the last one. A sample finds its sub-metrics by Map lookups, with no key string
 * made per sample (the hot path of every request).
 */
interface AutoLevel {
  next: Map<string, AutoLevel>;
  sub?: Sub;
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
    const metric: Metric = { name, type, contains, sink: sinkFor(type), submetrics: new Map(), selected: [], autoTags, autoIndex: autoTags.map(() => ({ next: new Map() })) };
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

  /** A defined metric, to feed with addTo (no lookup by name per sample). */
  metric(name: string): Metric {
    const metric = this.metrics.get(name);
    if (!metric) throw new Error(`metric "${name}" was never defined`);
    return metric;
  }

  add(name: string, value: number, tags: Tags): void {
    this.addTo(this.metric(name), value, tags);
  }

  addTo(metric: Metric, value: number, tags: Tags): void {
    this.onSample?.(metric, value, tags);
    metric.sink.add(value);
    for (const sub of metric.selected) if (matches(sub.tags, tags)) sub.sink.add(value);
    // Auto sub-metrics are found by tag values, not by scanning. One that a threshold also names
    // was counted by the scan above.
    for (let i = 0; i < metric.autoTags.length; i++) {
      const sub = this.autoSub(metric, i, tags);
      if (sub && !metric.selected.includes(sub)) sub.sink.add(value);
    }
  }

  /** The sub-metric of the i-th auto tag set for these tags; null when one of its tags is absent. */
  private autoSub(metric: Metric, i: number, tags: Tags): Sub | null {
    const keys = metric.autoTags[i] as string[];
    let level = metric.autoIndex[i] as AutoLevel;
    for (const k of keys) {
      const v = tags[k];
      if (v === undefined) return null;
      // A script's tag may be a number: keyed as its text, as the sub-metric's key writes it.
      const text = typeof v === 'string' ? v : String(v);
      let next = level.next.get(text);
      if (!next) level.next.set(text, (next = { next: new Map() }));
      level = next;
    }
    return (level.sub ??= this.sub(metric, pick(tags, keys)));
  }

  private sub(metric: Metric, tags: Tags): Sub {
    const key = submetricKey(metric.name, tags);
    let sub = metric.submetrics.get(key);
    if (!sub) metric.submetrics.set(key, (sub = { tags, sink: sinkFor(metric.type) }));
    return sub;
  }
}

export function submetricKey(name: string, tags: Tags): string {
  return `${name}{${Object.entries(tags).map(([k, v]) => `${k}:${v}`).join(',')}}`;
}

function pick(tags: Tags, keys: string[]): Tags {
  return Object.fromEntries(keys.map((k) => [k, tags[k] as string]));
}

function matches(selector: Tags, tags: Tags): boolean {
  for (const k in selector) if (tags[k] !== selector[k]) return false;
  return true;
}
