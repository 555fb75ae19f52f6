// Thresholds in k6's expression syntax: `p(95)<300`, `avg<200`, `rate<0.01`, `count>0`, on a
// metric or a tagged sub-metric such as `http_req_duration{name:warmTransferCall}`.
import { submetricKey, type Tags } from './metrics/registry.ts';
import type { Values } from './metrics/sinks.ts';

export interface ThresholdSpec {
  threshold: string;
  abortOnFail?: boolean;
  delayAbortEval?: string;
}

export interface ParsedThreshold {
  metricKey: string;
  metric: string;
  tags: Tags;
  source: string;
  stat: string;
  op: string;
  value: number;
  abortOnFail: boolean;
  delayAbortEvalMs: number;
}

export class ThresholdError extends Error {}

const EXPRESSION = /^\s*(avg|min|max|med|count|rate|value|p\(\d+(?:\.\d+)?\))\s*(<=|>=|===|==|!=|<|>)\s*(-?\d+(?:\.\d+)?)\s*$/;
const KEY = /^([A-Za-z_][\w.-]*)(?:\{(.*)\})?$/;

export function parseMetricKey(key: string): { metric: string; tags: Tags } {
  const m = KEY.exec(key.trim());
  if (!m) throw new ThresholdError(`threshold metric "${key}" is not a metric name, optionally with {tag:value}`);
  const tags: Tags = {};
  for (const pair of (m[2] ?? '').split(',').filter((p) => p.trim())) {
    const i = pair.indexOf(':');
    if (i < 1) throw new ThresholdError(`threshold metric "${key}": "${pair}" is not tag:value`);
    // As k6 reads them (lib/metrics AddSubmetric): spaces and quotes around names and values dropped.
    tags[unquote(pair.slice(0, i))] = unquote(pair.slice(i + 1));
  }
  return { metric: m[1] as string, tags };
}

const unquote = (s: string) => s.trim().replace(/^["']+|["']+$/g, '');

export function parseThresholds(config: Record<string, (string | ThresholdSpec)[]>, parseDuration: (s: string) => number): ParsedThreshold[] {
  return Object.entries(config).flatMap(([metricKey, list]) => {
    const { metric, tags } = parseMetricKey(metricKey);
    // Keyed as the registry keys the sub-metric, so that `{name: getCall}` judges the samples of `{name:getCall}`.
    const key = Object.keys(tags).length ? submetricKey(metric, tags) : metric;
    return list.map((entry) => {
      const spec = typeof entry === 'string' ? { threshold: entry } : entry;
      const m = EXPRESSION.exec(spec.threshold);
      if (!m) throw new ThresholdError(`threshold "${spec.threshold}" on ${metricKey} is not a k6 expression such as p(95)<300, avg<200, rate<0.01 or count>0`);
      return {
        metricKey: key, metric, tags, source: spec.threshold.trim(),
        stat: m[1] as string, op: m[2] as string, value: Number(m[3]),
        abortOnFail: spec.abortOnFail === true,
        delayAbortEvalMs: spec.delayAbortEval ? parseDuration(spec.delayAbortEval) : 0,
      };
    });
  });
}

/** Which stats each metric type offers to thresholds, as k6 allows them. */
const ALLOWED: Record<string, RegExp> = {
  counter: /^(count|rate)$/,
  gauge: /^value$/,
  rate: /^rate$/,
  trend: /^(avg|min|max|med|p\(.+\))$/,
};

export function checkStatFits(t: ParsedThreshold, type: string): void {
  if (!(ALLOWED[type] as RegExp).test(t.stat)) {
    throw new ThresholdError(`threshold "${t.source}" on ${t.metricKey}: a ${type} metric has no "${t.stat}" (it offers ${String(ALLOWED[type]).replace(/[/^$()\\]/g, '').replace(/\|/g, ', ')})`);
  }
}

export function passes(t: ParsedThreshold, values: Values): boolean {
  const actual = values[t.stat] ?? 0;
  switch (t.op) {
    case '<': return actual < t.value;
    case '<=': return actual <= t.value;
    case '>': return actual > t.value;
    case '>=': return actual >= t.value;
    case '!=': return actual !== t.value;
    default: return actual === t.value;
  }
}
