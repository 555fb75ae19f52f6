// The diff's section of the run's HTML report: the verdict, then every change with its severity,
// breaking rows marked.
import { htmlText } from '../../core/index.ts';
import { htmlTable } from '../html/page.ts';
import type { SpecDiff } from '../../openapi/index.ts';
import { specDiffVerdictLine } from './render-markdown.ts';

export function specDiffHtml(diff: SpecDiff): string {
  const rows = diff.operations.flatMap((o) => o.changes.map((c) => ({ row: [o.operationId, c.id, c.severity, c.message, c.from ?? '–', c.to ?? '–'], breaking: c.level === 'breaking' })));
  rows.sort((a, b) => Number(b.breaking) - Number(a.breaking));
  const bad = new Set(rows.flatMap((r, i) => (r.breaking ? [i] : [])));
  return [
    '<h2>API document changes</h2>',
    `<p>${htmlText(diff.from.file)} (${htmlText(diff.from.version || '?')}) → ${htmlText(diff.to.file)} (${htmlText(diff.to.version || '?')}): ${htmlText(specDiffVerdictLine(diff))}.</p>`,
    rows.length ? htmlTable(['operation', 'change', 'severity', 'what', 'old', 'new'], rows.map((r) => r.row), bad) : '',
  ].join('\n');
}
