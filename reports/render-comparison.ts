// `report compare` in a terminal: what each scenario was compared with, a table of every compared
// figure with baseline, current and change, then what was left out and the verdict. Each line
// through the boundary: names come from a history file.
import { terminalText } from '../core/index.ts';
import type { Comparison, ComparedFigure, CompareRules } from './compare.ts';
import { nothingComparable } from './compare.ts';
import { alignColumns } from './table.ts';

export function renderComparison(c: Comparison, rules: CompareRules): string {
  const lines: string[] = [];
  for (const b of c.baselines) {
    if ('nothing' in b) lines.push(`${b.scenario}: nothing comparable (${b.nothing})`);
    else lines.push(`${b.scenario}: against ${b.label}${b.notes.length ? ` (named by hand: ${b.notes.join('; ')})` : ''}${b.unjudged || b.acrossVersions ? `: ${b.unjudged ?? b.acrossVersions}` : ''}`);
  }
  if (c.figures.length) {
    const rows = c.figures.map((f) => [`${f.scenario}/${f.operationId}`, f.metric, value(f.metric, f.baseline), value(f.metric, f.current), change(f), verdictOf(c, f)]);
    lines.push('', ...alignColumns([['operation', 'figure', 'baseline', 'current', 'change', 'verdict'], ...rows]));
  }
  for (const i of c.insufficient) lines.push(`  left out ${i.scenario}/${i.operationId}: too few samples (${i.current} now, ${i.baseline} in the baseline; at least ${rules.minSamples} needed)`);
  const why = nothingComparable(c, rules);
  lines.push('', why ? `Nothing comparable: ${why}.` : `${c.compared} operation(s) compared: ${c.regressions.length ? `${c.regressions.length} regression(s).` : 'no regression.'}`);
  return lines.map(terminalText).join('\n');
}

/** A figure against a baseline of another engine version is not judged: it says so rather than "ok". */
function verdictOf(c: Comparison, f: ComparedFigure): string {
  if (f.regressed) return 'REGRESSED';
  const b = c.baselines.find((x) => x.scenario === f.scenario);
  return b && 'unjudged' in b && b.unjudged ? 'not judged' : 'ok';
}

export function value(metric: ComparedFigure['metric'], v: number): string {
  return metric === 'errorRate' ? `${(v * 100).toFixed(2)}%` : metric === 'throughput' ? `${v.toFixed(1)}/s` : `${v.toFixed(1)} ms`;
}

function change(f: ComparedFigure): string {
  if (f.metric === 'errorRate') return `${f.current >= f.baseline ? '+' : ''}${((f.current - f.baseline) * 100).toFixed(2)} pt`;
  const delta = f.current - f.baseline;
  const abs = f.metric === 'throughput' ? `${delta >= 0 ? '+' : ''}${delta.toFixed(1)}/s` : `${delta >= 0 ? '+' : ''}${delta.toFixed(1)} ms`;
  return f.ratio === null ? abs : `${abs} (x${f.ratio.toFixed(2)})`;
}
