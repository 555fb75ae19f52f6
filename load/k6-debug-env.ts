// k6 prints what a request carried when its environment asks it to: K6_HTTP_DEBUG (any value is
// k6's --http-debug; "full" adds the bodies) writes every request's headers to the terminal,
// Authorization: Bearer <token> among them, and the answers' bodies, which a target may fill with
// echoed secrets. Nothing the harness does afterwards can take that back out of a terminal or a CI
// log, so the variable never reaches k6: it is removed, and the run says so once.
//
// Removed rather than refused: the variable is often left exported from an earlier debugging
// session, and a nightly job must not stop over it; the run is the same without it, only quieter.
// Debugging the harness's requests is what the built-in engine and contract findings (curl lines
// with $CALLS_API_TOKEN) are for.

import { output } from '../core/index.ts';

/** Variables that make k6 print request headers or bodies. */
export const HEADER_PRINTING_VARIABLES = ['K6_HTTP_DEBUG'] as const;

/** `env` without the variables that would make k6 print headers, and the names of those it held. */
export function withoutHeaderPrinting(env: Record<string, string | undefined>): { env: Record<string, string | undefined>; removed: string[] } {
  const removed = HEADER_PRINTING_VARIABLES.filter((name) => env[name] !== undefined);
  if (!removed.length) return { env, removed: [] };
  const kept = Object.fromEntries(Object.entries(env).filter(([name]) => !(removed as string[]).includes(name)));
  return { env: kept, removed };
}

/** The outputs already told (core/output.ts): once per process, or per in-process call of the CLI. */
const told = new WeakSet<object>();

/** The one line that says the variables were removed, the first time only (a run starts k6 once per stage). */
export function removedNotice(removed: readonly string[]): string | null {
  const out = output();
  if (!removed.length || told.has(out)) return null;
  told.add(out);
  return `calls-harness: ${removed.join(', ')} removed from k6's environment: with it k6 prints every request's headers (Authorization: Bearer <the API token>) and answers the target may fill with secrets. The run is otherwise the same; to see requests, read the contract findings' curl lines or run with --engine node.`;
}

/** Writes the notice to stderr, the first time only. */
export function sayRemoved(removed: readonly string[]): void {
  const notice = removedNotice(removed);
  if (notice) output().stderr.write(`${notice}\n`);
}
