// A run's result as GitHub Actions annotations (`--format githubactions`): one workflow command per
// contract finding, per failed threshold, per change of the API document that breaks clients (run
// --spec-from), and one for a verdict that failed for a reason none of them carries, so that a red
// job always says why on its summary page. Findings are the target's text: each value goes through
// the boundary (core/untrusted-text.ts), where a line break cannot start a command of its own.
import { githubMessage, githubProperty } from '../core/index.ts';
import { failsGate } from '../openapi/index.ts';
import { specChangeAnnotation } from './diff/render-github.ts';
import { findingText } from './finding-text.ts';
import type { RunResult } from './model.ts';
import { thresholdLine } from './threshold-text.ts';

const command = (level: 'error' | 'warning' | 'notice', title: string, message: string) => `::${level} title=${githubProperty(title)}::${githubMessage(message)}`;

export function renderGithubAnnotations(result: RunResult): string {
  const lines = [...specDiffLines(result), ...contractLines(result), ...loadLines(result)];
  if (!result.verdict.passed && !lines.some((l) => l.startsWith('::error'))) lines.push(command('error', 'calls-harness verdict', `FAIL: ${result.verdict.reasons.join('\n')}`));
  if (result.verdict.passed && result.verdict.partial) lines.push(command('notice', 'calls-harness verdict (partial)', result.verdict.partial));
  return lines.map((l) => l + '\n').join('');
}

/** The changes of the API document that fail the gate (run --spec-from). */
function specDiffLines(result: RunResult): string[] {
  const diff = result.specDiff;
  if (!diff) return [];
  return diff.operations.flatMap((o) => o.changes.filter((c) => failsGate(c, diff.failOn ?? 'warning')).map((c) => specChangeAnnotation(diff, o, c)));
}

function contractLines(result: RunResult): string[] {
  const contract = result.contract;
  if (!contract) return [];
  const lines = contract.error ? [command('error', `contract ${contract.error.code}`, contract.error.message)] : [];
  // A hole in authentication first: GitHub shows the first ten errors of a step.
  const findings = [...contract.findings].sort((a, b) => Number(b.security === true) - Number(a.security === true));
  return [...lines, ...findings.map((f) => command(f.severity, `${f.check} (${f.operationId})`, findingText(f)))];
}

function loadLines(result: RunResult): string[] {
  return result.load.flatMap((l) => [
    ...(l.error ? [command('error', `load ${l.scenario} ${l.error.code}`, l.error.message)] : []),
    ...l.thresholds.filter((t) => !t.ok).map((t) => command('error', `threshold ${l.scenario} ${t.metric} ${t.expression}`, `${l.scenario} (${l.profile}): ${thresholdLine(t)}`)),
  ]);
}
