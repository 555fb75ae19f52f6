// The diff for a terminal: the verdict, then one line per change, breaking ones first.
import type { SpecDiff } from './model.ts';
import { specDiffVerdictLine } from './render-markdown.ts';

export function renderSpecDiffText(diff: SpecDiff): string {
  const lines = [`${diff.breaking ? 'BREAKING' : 'COMPATIBLE'}: ${specDiffVerdictLine(diff)}`, `  old ${diff.from.file} (${diff.from.version || '?'})  new ${diff.to.file} (${diff.to.version || '?'})`];
  const all = diff.operations.flatMap((o) => o.changes.map((c) => ({ o, c })));
  all.sort((a, b) => Number(b.c.level === 'breaking') - Number(a.c.level === 'breaking'));
  for (const { o, c } of all) {
    lines.push(`  ${c.level === 'breaking' ? 'breaking  ' : 'compatible'} ${o.operationId}: ${c.message} [${c.id}]`, `             old ${c.from ?? '-'}  new ${c.to ?? '-'}`);
  }
  return lines.join('\n') + '\n';
}
