// The contract run as a person reads it in a terminal: the findings, then one line of counts.
// Every line through the boundary (core/untrusted-text.ts): reasons and findings are the target's.
import { terminalText } from '../core/index.ts';
import { countOutcomes, allFindings, type ContractResult } from '../contract/result.ts';
import { findingText } from './finding-text.ts';
import { securityLine } from './security-line.ts';

export function contractConsole(result: ContractResult): string {
  const counts = countOutcomes(result);
  const findings = allFindings(result);
  const lines: string[] = [];
  const security = securityLine(findings);
  for (const f of findings) lines.push(...findingText(f).split('\n'), '');
  for (const c of result.cases.filter((x) => x.outcome === 'errored')) lines.push(`[harness error] ${c.operationId} ${c.check}: ${c.reason}`, '');
  const verdict = result.stopped ? 'COULD NOT FINISH' : counts.failed || counts.errored ? 'FAIL' : 'PASS';
  lines.push(`Contract ${verdict} against ${result.target}${result.embedded ? ' (embedded reference server)' : ''}: ${counts.passed} passed, ${counts.failed} failed, ${counts.errored} errored, ${counts.skipped} skipped; ${findings.length} finding(s).`);
  if (security) lines.push(security);
  if (result.stopped) lines.push(`Stopped (${result.stopped.code}): the cases above were checked before it; the rest are skipped, never passed.`);
  const rl = result.rateLimit;
  if (rl.answers) lines.push(`Rate limited: ${rl.answers} answer(s) 429, ${rl.retries} request(s) sent again after Retry-After, ${(rl.waitedMs / 1000).toFixed(1)} s waited (not findings).`);
  const skipped = result.cases.filter((c) => c.outcome === 'skipped');
  if (skipped.length) lines.push(`Skipped: ${[...new Set(skipped.map((c) => c.reason))].join('; ')}`);
  return lines.map(terminalText).join('\n');
}
