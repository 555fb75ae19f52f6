// An end-of-test text summary shaped like k6's own (jslib k6-summary's textSummary, which is not
// reachable offline): checks by group, every metric with its values, ✓/✗ beside metrics with
// thresholds; then each threshold with the value it judged and, when it failed, by how much.
// Runs inside k6's goja runtime: ES2017, no Node APIs. Names and sample bodies are a target's (a
// response quoted, a tag a URL gave): each goes through the boundary before k6 prints it.
import { terminalText, thresholdSamples } from '../../core/portable.ts';
import { SAMPLE_GROUP_PREFIX } from './sample-group.ts';

interface Check { name: string; passes: number; fails: number }
interface Group { name: string; checks?: Check[]; groups?: Group[] }
interface Metric { type?: string; contains?: string; values?: Record<string, number>; thresholds?: Record<string, { ok: boolean }> }

export interface SummaryData {
  metrics: Record<string, Metric>;
  root_group?: Group;
  options?: { summaryTrendStats?: string[]; noColor?: boolean };
  state?: { isStdOutTTY?: boolean };
}

const INDENT = '     ';
const EXPRESSION = /^\s*(avg|min|max|med|count|rate|value|p\(\d+(?:\.\d+)?\))\s*(<=|>=|===|==|!=|<|>)\s*(-?\d+(?:\.\d+)?)\s*$/;

type Paint = (text: string, ok: boolean) => string;

export function textSummary(data: SummaryData): string {
  const color = data.state !== undefined && data.state.isStdOutTTY === true && !(data.options && data.options.noColor);
  const paint: Paint = (text, ok) => (color ? `\x1b[${ok ? 32 : 31}m${terminalText(text)}\x1b[0m` : terminalText(text));
  const lines: string[] = [''];
  if (data.root_group) groupLines(data.root_group, INDENT, paint, lines, samplesOf(data.root_group));
  lines.push(...metricLines(data, paint), '', ...thresholdLines(data, paint), '');
  return lines.join('\n');
}

function groupLines(group: Group, indent: string, paint: Paint, out: string[], samples: Record<string, string>): void {
  for (const c of group.checks || []) {
    const ok = c.fails === 0;
    out.push(paint(`${indent}${ok ? '✓' : '✗'} ${c.name}`, ok));
    if (!ok) out.push(paint(`${indent} ↳  ${Math.floor((100 * c.passes) / (c.passes + c.fails))}% — ✓ ${c.passes} / ✗ ${c.fails}`, false));
    if (!ok && samples[c.name]) out.push(`${indent}    e.g. ${terminalText(samples[c.name] as string)}`);
  }
  if ((group.checks || []).length) out.push('');
  for (const g of group.groups || []) {
    if (g.name.indexOf(SAMPLE_GROUP_PREFIX) === 0) continue;
    out.push(`${indent}█ ${terminalText(g.name)}`, '');
    groupLines(g, `${indent}  `, paint, out, samples);
  }
}

/** The violation samples kept as groups (violation-sample.ts), as one line each, by check. */
function samplesOf(root: Group): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (g: Group) => {
    for (const child of g.groups || []) {
      if (child.name.indexOf(SAMPLE_GROUP_PREFIX) !== 0) {
        walk(child);
        continue;
      }
      try {
        const v = JSON.parse(child.name.slice(SAMPLE_GROUP_PREFIX.length)) as { check: string; status: number; errors: string[]; body: string };
        out[v.check] = [`status ${v.status}`].concat(v.errors, [`body ${v.body.length > 200 ? `${v.body.slice(0, 200)}…` : v.body}`]).join('; ');
        // eslint-disable-next-line @typescript-eslint/no-unused-vars -- k6 v0.48 needs the binding (ES2017)
      } catch (notJson) {
        // Not a sample after all: nothing to show.
      }
    }
  };
  walk(root);
  return out;
}

/** Metrics sorted by name, each sub-metric under its parent as `{ tag:value }`, names dotted to one width. */
function metricLines(data: SummaryData, paint: Paint): string[] {
  const names = sortedNames(data.metrics);
  const label = (name: string) => terminalText(name.indexOf('{') === -1 ? name : `  { ${name.slice(name.indexOf('{') + 1, -1)} }`);
  const width = Math.max(0, ...names.map((n) => label(n).length)) + 3;
  const stats = (data.options && data.options.summaryTrendStats) || ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'];
  return names.map((name) => {
    const m = data.metrics[name] as Metric;
    const verdicts = Object.keys(m.thresholds || {}).map((k) => (m.thresholds as Record<string, { ok: boolean }>)[k] as { ok: boolean });
    const mark = verdicts.length === 0 ? '  ' : !hasSamples(m) ? paint('- ', false) : verdicts.every((v) => v.ok) ? paint('✓ ', true) : paint('✗ ', false);
    const dotted = `${label(name)}${'.'.repeat(Math.max(1, width - label(name).length))}`;
    return `${INDENT.slice(2)}${mark}${dotted}: ${valuesText(m, stats)}`;
  });
}

/** Each sub-metric right after its parent, sub-metrics by their tags, as k6 lists them. */
function sortedNames(metrics: Record<string, Metric>): string[] {
  const sortKey = (name: string) => `${base(name)} ${name.slice(base(name).length + 1, -1)}`;
  return Object.keys(metrics).sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
}

function base(name: string): string {
  const i = name.indexOf('{');
  return i === -1 ? name : name.slice(0, i);
}

function valuesText(m: Metric, stats: string[]): string {
  const v = m.values || {};
  const time = m.contains === 'time';
  const num = (n: number) => (time ? duration(n) : m.contains === 'data' ? bytes(n) : trimmed(n, 6));
  if (m.type === 'trend') return stats.filter((s) => v[s] !== undefined).map((s) => `${s}=${s === 'count' ? trimmed(v[s] as number, 0) : num(v[s] as number)}`.padEnd(14)).join(' ').replace(/\s+$/, '');
  if (m.type === 'rate') return `${trimmed((v.rate || 0) * 100, 2)}%`.padEnd(7) + ` ✓ ${String(v.passes || 0).padEnd(8)} ✗ ${v.fails || 0}`;
  if (m.type === 'gauge') return `${num(v.value || 0)}`.padEnd(7) + ` min=${num(v.min || 0)}`.padEnd(12) + ` max=${num(v.max || 0)}`;
  return `${num(v.count || 0)}`.padEnd(7) + ` ${m.contains === 'data' ? `${bytes(v.rate || 0)}/s` : `${trimmed(v.rate || 0, 6)}/s`}`;
}

/** Every threshold with the value it judged (k6: `p(95)=612.3ms`); a failed one says by how much it missed. */
function thresholdLines(data: SummaryData, paint: Paint): string[] {
  const out: string[] = [];
  for (const name of sortedNames(data.metrics)) {
    const m = data.metrics[name] as Metric;
    for (const expr of Object.keys(m.thresholds || {})) {
      const ok = ((m.thresholds as Record<string, { ok: boolean }>)[expr] as { ok: boolean }).ok;
      // k6 marks a threshold on an empty (sub-)metric held, on its zeros: it judged nothing.
      if (!hasSamples(m)) out.push(paint(`${INDENT}- ${name} ${expr}: not judged, no samples`, false));
      else out.push(paint(`${INDENT}${ok ? '✓' : '✗'} ${name} ${expr}${figures(m, expr, ok)}`, ok));
    }
  }
  return out.length ? [`${INDENT}thresholds:`, ...out] : [];
}

/** False for a trend with count 0 and a rate with no passes or fails: the reports' rule (core/threshold-samples.ts). */
export function hasSamples(m: Metric): boolean {
  return thresholdSamples(m) !== 0;
}

function figures(m: Metric, expr: string, ok: boolean): string {
  const e = EXPRESSION.exec(expr);
  const observed = e ? (m.values || {})[e[1] as string] : undefined;
  if (!e || observed === undefined) return '';
  const stat = e[1] as string;
  const op = e[2] as string;
  const limit = Number(e[3]);
  const show = (n: number) => (stat === 'rate' ? `${trimmed(n * 100, 2)}%` : m.contains === 'time' ? duration(n) : trimmed(n, 3));
  const text = `: ${stat}=${show(observed)}`;
  if (ok) return text;
  const by = op.charAt(0) === '<' ? observed - limit : op.charAt(0) === '>' ? limit - observed : Math.abs(observed - limit);
  const side = op.charAt(0) === '<' ? 'over' : op.charAt(0) === '>' ? 'under' : 'off';
  return `${text}, ${stat === 'rate' ? `${trimmed(by * 100, 2)} points` : show(by)} ${side} the limit of ${show(limit)}`;
}

function trimmed(n: number, digits: number): string {
  return String(parseFloat(n.toFixed(digits)));
}

/** As k6 prints a duration given in ms: 87µs, 12.3ms, 1.52s, 2m3s. */
export function duration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 0.001) return `${Math.trunc(ms * 1e6)}ns`;
  if (ms < 1) return `${trimmed(ms * 1000, 2)}µs`;
  if (ms < 1000) return `${trimmed(ms, 2)}ms`;
  let out = `${trimmed((ms % 60000) / 1000, ms > 60000 ? 0 : 2)}s`;
  let rest = Math.trunc(ms / 60000);
  if (rest < 1) return out;
  out = `${rest % 60}m${out}`;
  rest = Math.trunc(rest / 60);
  return rest < 1 ? out : `${rest}h${out}`;
}

/** As k6 prints data: 95 kB, 1.2 MB. */
export function bytes(n: number): string {
  if (n < 10) return `${trimmed(n, 0)} B`;
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  const e = Math.min(units.length - 1, Math.floor(Math.log(n) / Math.log(1000)));
  const v = Math.floor((n / Math.pow(1000, e)) * 10 + 0.5) / 10;
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[e]}`;
}
