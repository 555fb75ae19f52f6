// The result in a terminal: the verdict, an aligned table per load run, the contract's counts.
// Colours only when asked (on a TTY). Every line goes through the boundary (core/untrusted-text.ts)
// before it is coloured: a reason, a name or a sample response a target chose is one line with
// nothing a terminal acts on, and the only escape sequences printed are the colours.
import { terminalText } from '../core/index.ts';
import { capacityConsoleLines } from './capacity.ts';
import type { LoadSection, RunResult } from './model.ts';
import { engineLabel } from './engine-label.ts';
import { specDiffVerdictLine } from './diff/render-markdown.ts';
import { shapeLine } from './shape-summary.ts';
import { thresholdLine } from './threshold-text.ts';
import { sampleText, violationText } from './violation-text.ts';
import { alignColumns as align, flowRows, FLOW_HEADERS, operationRows, OPERATION_HEADERS } from './table.ts';

/** A line, coloured as a whole when `color` is set (only when asked: on a TTY). */
type Line = string | { color: number; text: string };

/** PASS, PASS (partial: what was left out), or FAIL: why; one line a terminal shows as it is. */
export function verdictText(v: RunResult['verdict']): string {
  return terminalText(!v.passed ? `FAIL: ${v.reasons.join('; ')}` : v.partial ? `PASS (${v.partial})` : 'PASS');
}

function verdictLine(v: RunResult['verdict']): Line {
  return { color: v.passed ? 32 : 31, text: verdictText(v) };
}

export function renderConsole(result: RunResult, color: boolean): string {
  const lines: Line[] = [];
  const v = result.verdict;
  lines.push(verdictLine(v));
  if (result.capacity) lines.push(...capacityConsoleLines(result.capacity, align));
  if (result.specDiff) lines.push(specDiffVerdictLine(result.specDiff));
  if (result.contract) {
    const c = result.contract;
    const count = (o: string) => c.cases.filter((x) => x.outcome === o).length;
    lines.push(`contract: ${count('passed')} passed, ${count('failed')} failed, ${count('errored')} errored, ${count('skipped')} skipped; ${c.findings.length} finding(s)${c.error ? ` (${c.error.code})` : ''}`);
  }
  for (const l of result.load) {
    lines.push('', `${l.scenario} (${l.profile}, ${terminalText(engineLabel(l.engine, l.engineVersion))}): ${l.iterations} iterations in ${l.durationS.toFixed(1)} s${l.droppedIterations ? `, ${l.droppedIterations} dropped` : ''}${l.interrupted ? ', interrupted' : ''}`);
    if (l.shape) lines.push(`shape: ${shapeLine(l.shape)}`);
    lines.push(...align([OPERATION_HEADERS, ...operationRows(l)]));
    if (l.flows.length) lines.push(...align([FLOW_HEADERS, ...flowRows(l)]));
    lines.push(...thresholdLines(l));
    if (l.capacity) lines.push(`capacity: highest rate held ${l.capacity.highestRateHeld ?? 'none'}/s; ${l.capacity.firstBreak ? `first break at ${l.capacity.firstBreak.atRate}/s: ${l.capacity.firstBreak.what}` : 'no break'}`);
  }
  return lines.map((line) => {
    if (typeof line === 'string') return terminalText(line);
    return color ? `\x1b[${line.color}m${terminalText(line.text)}\x1b[0m` : terminalText(line.text);
  }).join('\n');
}

/** Failed thresholds with their observed values and misses (as k6 prints them), then the checks that failed. */
function thresholdLines(l: LoadSection): Line[] {
  const failed = l.thresholds.filter((t) => !t.ok);
  // A stage that ended in an error judged nothing: "all 0 held" would read as a pass.
  if (l.error) return [{ color: 31, text: `could not run to a verdict (${l.error.code}): ${l.error.message}` }];
  const lines: Line[] = [failed.length ? { color: 31, text: `thresholds failed${failed.some((t) => t.judged === false) ? ' or not judged' : ''} (${failed.length} of ${l.thresholds.length}):` } : `thresholds: all ${l.thresholds.length} held`];
  for (const t of failed) lines.push({ color: 31, text: `  ✗ ${thresholdLine(t)}` });
  if (l.violations?.length) lines.push('checks failed:');
  for (const v of l.violations ?? []) lines.push(`  ✗ ${violationText(v)}`, ...(v.sample ? [`      e.g. ${sampleText(v, 160)}`] : []));
  return lines;
}
