// The diff as GitHub Actions annotations, as oasdiff's `githubactions` format writes them: one
// workflow command per change, `::error` for a change that breaks clients, `::warning` for one
// that may, `::notice` for a compatible one; titled with the change's id, on the new document's
// file (and the line of what changed, where the caller can say), the message naming the operation.
// Every value through the boundary (core/untrusted-text.ts): the documents may come from anywhere.
import { githubMessage, githubProperty } from '../../core/index.ts';
import type { OperationDiff, SpecChange, SpecDiff } from '../../openapi/index.ts';

/** The 1-based line a JSON pointer of the new document is on, where known. */
export type PointerLine = (pointer: string) => number | undefined;

const LEVEL = { error: 'error', warning: 'warning', info: 'notice' } as const;
const ORDER = { error: 0, warning: 1, info: 2 } as const;

/** One annotation per change, errors first (GitHub shows the first ten of each level per step). */
export function renderSpecDiffGithub(diff: SpecDiff, lineOf: PointerLine = () => undefined): string {
  const all = diff.operations.flatMap((o) => o.changes.map((c) => ({ o, c })));
  all.sort((a, b) => ORDER[a.c.severity] - ORDER[b.c.severity]);
  return all.map(({ o, c }) => specChangeAnnotation(diff, o, c, lineOf) + '\n').join('');
}

export function specChangeAnnotation(diff: SpecDiff, o: OperationDiff, c: SpecChange, lineOf: PointerLine = () => undefined): string {
  const line = c.to === null ? undefined : lineOf(c.to);
  const props = [`title=${githubProperty(c.id)}`, `file=${githubProperty(diff.to.file)}`, ...(line ? [`line=${line}`] : [])];
  return `::${LEVEL[c.severity]} ${props.join(',')}::${githubMessage(`in API ${o.method.toUpperCase()} ${o.path} ${c.message}`)}`;
}
