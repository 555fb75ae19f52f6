// The result as Markdown: the verdict first, then the tables. Fit for a pull request comment and
// for $GITHUB_STEP_SUMMARY. Everything from the target is escaped.
import type { RunResult } from './model.ts';
import { flowRows, FLOW_HEADERS, operationRows, OPERATION_HEADERS } from './table.ts';

const esc = (s: string) => s.replace(/[\\`*_{}[\]<>|#]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');

function table(headers: string[], rows: string[][]): string[] {
  return [`| ${headers.join(' | ')} |`, `|${headers.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)];
}

function metaLine(m: RunResult['meta']): string {
  const parts = [`Target \`${m.target}\`${m.embedded ? ' (embedded reference server)' : ''}`, `spec ${esc(m.specVersion)}`, `harness ${m.harnessVersion}${m.gitRevision ? ` (${m.gitRevision})` : ''}`];
  if (m.release) parts.push(`release ${esc(m.release)}`);
  parts.push(m.startedAt);
  if (m.interrupted) parts.push('**interrupted**');
  return parts.join(' · ');
}

export function renderMarkdown(result: RunResult): string {
  const out: string[] = [
    `## ${result.verdict.passed ? '✅ Calls API: PASS' : '❌ Calls API: FAIL'}`,
    '',
    ...result.verdict.reasons.map((r) => `- ${esc(r)}`),
    ...(result.verdict.reasons.length ? [''] : []),
    metaLine(result.meta),
  ];
  if (result.contract) {
    const c = result.contract;
    const count = (o: string) => c.cases.filter((x) => x.outcome === o).length;
    out.push('', '### Contract', '', `${count('passed')} passed, ${count('failed')} failed, ${count('errored')} errored, ${count('skipped')} skipped.`);
    if (c.error) out.push('', `Could not start: \`${c.error.code}\` ${esc(c.error.message)}`);
    if (c.findings.length) {
      out.push('', ...table(['operation', 'check', 'finding', 'expected', 'received'], c.findings.slice(0, 50).map((f) => [f.operationId, f.check, f.title, f.expected, f.received.slice(0, 120)])));
      if (c.findings.length > 50) out.push('', `… and ${c.findings.length - 50} more in result.json.`);
    }
  }
  for (const l of result.load) {
    out.push('', `### Load: ${esc(l.scenario)} (${esc(l.profile)}, ${l.engine === 'k6' ? 'k6' : 'built-in engine'})`, '', `${l.iterations} iterations in ${l.durationS.toFixed(1)} s${l.droppedIterations ? `, ${l.droppedIterations} dropped` : ''}.`, '', ...table(OPERATION_HEADERS, operationRows(l)));
    if (l.flows.length) out.push('', ...table(FLOW_HEADERS, flowRows(l)));
    const failed = l.thresholds.filter((t) => !t.ok);
    out.push('', failed.length ? `Thresholds failed: ${failed.map((t) => `\`${t.metric}\` \`${t.expression}\``).join(', ')}` : `All ${l.thresholds.length} thresholds held.`);
    if (l.capacity) out.push('', `Capacity: highest rate held **${l.capacity.highestRateHeld ?? 'none'}/s**; ${l.capacity.firstBreak ? `first break at ${l.capacity.firstBreak.atRate}/s (${esc(l.capacity.firstBreak.what)})` : 'no break within the run'}.`);
  }
  return out.join('\n') + '\n';
}
