// The contract part of report.html: counts, why the run could not start or finish, and the
// findings in a table that fits a laptop screen (fixed layout, left-aligned, long curl lines and
// bodies wrapped), each with its curl line and the command that runs its case again.
import { contractErrorLabel } from '../contract-reproduce.ts';
import type { ContractSection } from '../model.ts';
import { securityLine } from '../security-line.ts';
import { htmlText } from '../../core/index.ts';

/** Column widths in percent: the reproduce column gets the most, as it is what a reader copies. */
const COLUMNS: [string, number][] = [['operation', 11], ['check', 13], ['finding', 18], ['expected', 14], ['received', 16], ['reproduce', 28]];

export function contractHtml(c: ContractSection): string {
  const count = (o: string) => c.cases.filter((x) => x.outcome === o).length;
  const error = c.error ? ` ${contractErrorLabel(c)}: <code>${htmlText(c.error.code)}</code> ${htmlText(c.error.message)}` : '';
  const rl = c.rateLimit?.answers ? ` Rate limited: ${c.rateLimit.answers} answer(s) 429, ${c.rateLimit.retries} sent again after Retry-After, ${(c.rateLimit.waitedMs / 1000).toFixed(1)} s waited (not findings).` : '';
  const security = securityLine(c.findings);
  return [
    '<h2>Contract</h2>',
    `<p>${count('passed')} passed, ${count('failed')} failed, ${count('errored')} errored, ${count('skipped')} skipped.${error}${rl}</p>`,
    security ? `<p class="security"><strong>${htmlText(security)}</strong></p>` : '',
    c.findings.length ? findingsTable(c) : '',
  ].join('\n');
}

function findingsTable(c: ContractSection): string {
  const cols = `<colgroup>${COLUMNS.map(([, w]) => `<col style="width:${w}%">`).join('')}</colgroup>`;
  const head = `<tr>${COLUMNS.map(([h]) => `<th>${h}</th>`).join('')}</tr>`;
  const rows = c.findings.map((f) => {
    const text = [f.operationId, f.check, f.title, f.expected, f.received].map((t) => `<td>${htmlText(t)}</td>`).join('').replace(/<\/td>$/, '') + sequenceHtml(f) + '</td>';
    const again = f.reproduce ? `<code class="cmd">${htmlText(f.reproduce)}</code>` : '';
    return `<tr>${text}<td class="reproduce"><code class="cmd">${htmlText(f.curl)}</code>${again}</td></tr>`;
  });
  return `<table class="contract">${cols}${head}\n${rows.join('\n')}</table>`;
}

/** A lifecycle finding's smallest failing sequence, one numbered step a line, the breaking one marked. */
function sequenceHtml(f: ContractSection['findings'][number]): string {
  if (!f.sequence?.length) return '';
  const steps = f.sequence.map((s) => `<li${s.broke ? ' class="broke"' : ''}>${htmlText(`${s.command}: ${s.request.method} ${new URL(s.request.url).pathname} -> ${s.status ?? 'no response'}`)}${s.broke ? ` <strong>${htmlText(s.broke)}</strong>` : ''}</li>`);
  return `<details class="sequence"><summary>smallest failing sequence (${f.sequence.length} requests)</summary><ol>${steps.join('')}</ol></details>`;
}
