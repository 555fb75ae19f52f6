// The diff for a terminal: the verdict, then one line per change with its oasdiff severity, errors
// first, then warnings, then the compatible ones. Each line through the boundary
// (core/untrusted-text.ts): names and values are a document's, which may come from anywhere.
import { terminalText } from '../../core/index.ts';
import type { SpecDiff } from '../../openapi/index.ts';
import { specDiffVerdictLine } from './render-markdown.ts';

export function renderSpecDiffText(diff: SpecDiff): string {
  const lines = [`${diff.breaking ? 'BREAKING' : 'COMPATIBLE'}: ${specDiffVerdictLine(diff)}`, `  old ${diff.from.file} (${diff.from.version || '?'})  new ${diff.to.file} (${diff.to.version || '?'})`];
  const all = diff.operations.flatMap((o) => o.changes.map((c) => ({ o, c })));
  const order = { error: 0, warning: 1, info: 2 };
  all.sort((a, b) => order[a.c.severity] - order[b.c.severity]);
  for (const { o, c } of all) {
    lines.push(`  ${c.severity.padEnd(7)} ${o.operationId}: ${c.message} [${c.id}]`, `          old ${c.from ?? '-'}  new ${c.to ?? '-'}`);
  }
  return lines.map(terminalText).join('\n') + '\n';
}
