// The diff as Markdown for a pull request comment: the verdict first, then the breaking changes,
// then the others. Text from the documents is escaped (core/untrusted-text.ts): a document to
// compare may come from anywhere.
import { markdownCode, markdownText as esc } from '../../core/index.ts';
import { breakingChanges, gateFailures, type SpecChange, type SpecDiff } from '../../openapi/index.ts';

const code = (s: string | null) => (s === null ? '–' : markdownCode(s));
const MAX_ROWS = 100;

export function specDiffVerdictLine(diff: SpecDiff): string {
  const { breaking, nonBreaking } = diff.counts;
  // Let through by --fail-on error: said so, so that a pass never reads as "nothing breaks".
  const letThrough = gateFailures(diff).length ? '' : `; warnings, below --fail-on ${diff.failOn ?? 'warning'}: the gate lets them through`;
  if (diff.breaking) return `API document: ${breaking} breaking change(s) for existing clients, ${nonBreaking} compatible${letThrough}`;
  return `API document: no breaking change, ${nonBreaking} compatible change(s)`;
}

/** A message's `code` parts (names from the document) as code spans, the rest escaped. */
const messageCell = (message: string) => message.split('`').map((part, i) => (i % 2 ? code(part) : esc(part))).join('');

function rows(changes: { op: string; change: SpecChange }[]): string[] {
  const out = ['| operation | change | severity | what | old | new |', '| --- | --- | --- | --- | --- | --- |'];
  for (const { op, change } of changes.slice(0, MAX_ROWS)) out.push(`| ${esc(op)} | ${markdownCode(change.id)} | ${change.severity} | ${messageCell(change.message)} | ${code(change.from)} | ${code(change.to)} |`);
  if (changes.length > MAX_ROWS) out.push('', `… and ${changes.length - MAX_ROWS} more in the JSON report.`);
  return out;
}

/** The section the run's summary.md and the standalone report share; `depth` is the heading level. */
export function specDiffSection(diff: SpecDiff, depth = 3): string[] {
  const h = '#'.repeat(depth);
  const all = diff.operations.flatMap((o) => o.changes.map((change) => ({ op: o.operationId, change })));
  const broken = all.filter((c) => c.change.level === 'breaking');
  const compatible = all.filter((c) => c.change.level !== 'breaking');
  const out = [`${h} API document changes`, '', `${markdownCode(diff.from.file)} (${esc(diff.from.version || '?')}) → ${markdownCode(diff.to.file)} (${esc(diff.to.version || '?')}): ${esc(specDiffVerdictLine(diff).replace(/^API document: /, ''))}.`];
  const touched = diff.operations.filter((o) => breakingChanges(o).length).map((o) => o.operationId);
  if (touched.length) out.push('', `Operations broken: ${touched.map((t) => markdownCode(t)).join(', ')}.`);
  if (broken.length) out.push('', `${h}# Breaking`, '', ...rows(broken));
  if (compatible.length) out.push('', `${h}# Compatible`, '', ...rows(compatible));
  return out;
}

export function renderSpecDiffMarkdown(diff: SpecDiff): string {
  return [`## ${diff.breaking ? '❌ API document: BREAKING' : '✅ API document: compatible'}`, '', ...specDiffSection(diff, 3)].join('\n') + '\n';
}
