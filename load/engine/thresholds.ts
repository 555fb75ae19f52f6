// Thresholds in k6's expression syntax: `p(95)<300`, `avg<200`, `rate<0.01`, `count>0`, on a
// metric or a tagged sub-metric such as `http_req_duration{name:warmTransferCall}`.
import { CodedError } from '../../core/index.ts';
import { submetricKey, type Tags } from './metrics/registry.ts';
import { parseGoFloat } from './go-float.ts';
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

export class ThresholdError extends CodedError {
  override readonly messageHasFix = false;
  constructor(message: string) {
    super('E_BAD_THRESHOLD', message);
  }
}

// As k6 scans an expression (thresholds_parser.go): the first of these operators found splits it.
const OPERATORS = ['<=', '<', '>=', '>', '===', '==', '!='] as const;
const METHODS = new Set(['count', 'rate', 'value', 'avg', 'min', 'med', 'max']);
const EXAMPLES = 'such as p(95)<300, avg<200, rate<0.01 or count>0';

/** `p(95)<300` as k6 reads it, or the reason k6 would refuse it. */
function parseExpression(text: string): { stat: string; op: string; value: number } | string {
  const op = OPERATORS.find((o) => text.includes(o));
  if (!op) return `has no comparison (<, <=, >, >=, ==, === or !=): write it ${EXAMPLES}`;
  const at = text.indexOf(op);
  const method = text.slice(0, at).trim();
  const right = text.slice(at + op.length).trim();
  const stat = statOf(method);
  if (stat === null) return `has "${method}" where k6 wants avg, min, max, med, count, rate, value or p(N)`;
  const value = parseGoFloat(right);
  if (value === null) return `compares with "${right}", which is not a number k6 reads (e.g. 300, 0.01, 1e3)`;
  return { stat, op, value };
}

/** The statistic a method names; p(N) kept as the sinks name it (p(95.0) is p(95); past 0..100, the min or max). */
function statOf(method: string): string | null {
  if (METHODS.has(method)) return method;
  const m = /^p\((.*)\)$/.exec(method);
  const pct = m ? parseGoFloat(m[1] as string) : null;
  if (pct === null || Number.isNaN(pct)) return null;
  const clamped = Math.min(100, Math.max(0, pct));
  return `p(${Number.isInteger(clamped) ? String(clamped) : clamped.toFixed(12).replace(/\.?0+$/, '')})`;
}

const KEY = /^([A-Za-z_][\w.-]*)(?:\{(.*)\})?$/;

export function parseMetricKey(key: string): { metric: string; tags: Tags } {
  const m = KEY.exec(key.trim());
  if (!m) throw new ThresholdError(`threshold metric "${key}" is not a metric name, optionally with {tag:value}`);
  const tags: Tags = {};
  // As k6: braces hold one or more tag:value pairs, none empty (`{}`, `{a:}` and `{a:b,}` refused).
  for (const pair of m[2] === undefined ? [] : m[2].split(',')) {
    const i = pair.indexOf(':');
    if (i < 1 || !pair.slice(0, i).trim() || !unquote(pair.slice(i + 1))) throw new ThresholdError(`threshold metric "${key}": "${pair}" is not tag:value (write {name:getCall}, or no braces for the whole metric)`);
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
      const e = typeof spec.threshold === 'string' ? parseExpression(spec.threshold) : 'is not a string';
      if (typeof e === 'string') throw new ThresholdError(`threshold "${String(spec.threshold)}" on ${metricKey} is not a k6 expression: it ${e}`);
      return {
        metricKey: key, metric, tags, source: spec.threshold.trim(),
        stat: e.stat, op: e.op, value: e.value,
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
const OFFERED: Record<string, string> = { counter: 'count, rate', gauge: 'value', rate: 'rate', trend: 'avg, min, max, med, p(N)' };

export function checkStatFits(t: ParsedThreshold, type: string): void {
  if (!(ALLOWED[type] as RegExp).test(t.stat)) {
    throw new ThresholdError(`threshold "${t.source}" on ${t.metricKey}: a ${type} metric has no "${t.stat}" (it offers ${OFFERED[type] ?? ''})`);
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
