// The contract run as a person reads it in a terminal: the findings, then one line of counts.
// Every line through the boundary (core/untrusted-text.ts): reasons and findings are the target's.
import { terminalText } from '../core/index.ts';
import { allFindings, type ContractResult, countOutcomes, skipReasons, skipsBy } from '../contract/index.ts';
import { findingText } from './finding-text.ts';
import { securityLine } from './security-line.ts';

/** `verdict`: the run's (reports/build-result.ts), which also judges the skips; without it, from the findings alone. */
/** The console's contract text: findings, then the headline, which says PASS only when `verdict` (the run's) does. */
export function contractConsole(result: ContractResult, verdict: { passed: boolean; partial?: string }): string {
  const counts = countOutcomes(result);
  const findings = allFindings(result);
  const lines: string[] = [];
  const security = securityLine(findings);
  for (const f of findings) lines.push(...findingText(f).split('\n'), '');
  for (const c of result.cases.filter((x) => x.outcome === 'errored')) lines.push(`[harness error] ${c.operationId} ${c.check}: ${c.reason}`, '');
  const word = headlineWord(result, counts, verdict);
  lines.push(`Contract ${word} against ${result.target}${result.embedded ? ' (embedded reference server)' : ''}: ${counts.passed} passed, ${counts.failed} failed, ${counts.errored} errored, ${counts.skipped} skipped; ${findings.length} finding(s).`);
  if (security) lines.push(security);
  if (result.stopped) lines.push(`Stopped (${result.stopped.code}): the cases above were checked before it; the rest are skipped, never passed.`);
  const rl = result.rateLimit;
  if (rl.answers) lines.push(`Rate limited: ${rl.answers} answer(s) 429, ${rl.retries} request(s) sent again after Retry-After, ${(rl.waitedMs / 1000).toFixed(1)} s waited (not findings).`);
  const skipped = result.cases.filter((c) => c.outcome === 'skipped');
  if (skipped.length) lines.push(...skippedLines(result));
  return lines.map(terminalText).join('\n');
}

/**
 * The headline's verdict. A PASS needs evidence: a run stopped, interrupted or with nothing passed
 * never says PASS, whatever its verdict object.
 */
function headlineWord(result: ContractResult, counts: Record<string, number>, verdict: { passed: boolean; partial?: string }): string {
  if (result.stopped) return 'COULD NOT FINISH';
  if (result.interrupted) return 'INTERRUPTED';
  if (counts.failed || counts.errored || !verdict.passed) return 'FAIL';
  if (!counts.passed) return 'NOTHING JUDGED';
  return verdict.partial ? 'PASS (partial)' : 'PASS';
}

/** The skips by who made them: the target's fail the run, the user's leave it partial. */
function skippedLines(result: ContractResult): string[] {
  const byTarget = skipsBy(result.cases, 'target');
  const chosen = skipsBy(result.cases, 'choice');
  const stopped = skipsBy(result.cases, 'stop');
  return [
    ...(byTarget.length ? [`Not judged, the target did not do what they need (${byTarget.length}, no pass): ${skipReasons(byTarget)}`] : []),
    ...(chosen.length ? [`Skipped by choice (${chosen.length}): ${skipReasons(chosen)}`] : []),
    ...(stopped.length ? [`Not run (${stopped.length}): ${skipReasons(stopped)}`] : []),
  ];
}
