// Who a skipped contract check was skipped by, and what that makes of the verdict. A check the
// user left out (no --allow-remote, a filter, no --agent, one --transfer-to) keeps a pass, labelled
// partial; a check the target gave nothing to judge (its transfers never bridged, its agent has no
// live call, it answered the documented request with another status, it was too slow for the
// sequences) is no pass: the run did not show the API does what is documented. Classified where
// each skip is thrown (SkipCheck's `by`), so a new skip is the target's unless said otherwise.

/** `choice`: the user's (flags, config); `target`: what the target did or lacked; `stop`: the run stopped (its own error says why). */
export type SkippedBy = 'choice' | 'target' | 'stop';

interface SkippedCase {
  outcome: string;
  skippedBy?: SkippedBy;
  reason?: string;
}

/** The skipped cases by who skipped them (a case of an older result, without `skippedBy`, counts as the target's). */
export function skipsBy(cases: readonly SkippedCase[], by: SkippedBy): SkippedCase[] {
  return cases.filter((c) => c.outcome === 'skipped' && (c.skippedBy ?? 'target') === by);
}

/** The distinct reasons of some skipped cases, in one phrase. */
export function skipReasons(cases: readonly SkippedCase[]): string {
  return [...new Set(cases.map((c) => c.reason ?? 'skipped'))].join('; ');
}

/** Why a contract run is no pass for its skips (the target's, or any under --fail-on-skip), or null. */
export function skipFailure(cases: readonly SkippedCase[], failOnSkip: boolean): string | null {
  const byTarget = skipsBy(cases, 'target');
  if (byTarget.length) return `contract: ${byTarget.length} check(s) not judged because the target did not do what they need (${skipReasons(byTarget)}): not a pass`;
  const chosen = skipsBy(cases, 'choice');
  if (failOnSkip && chosen.length) return `contract: ${chosen.length} check(s) skipped and --fail-on-skip asks for every check (${skipReasons(chosen)})`;
  return null;
}

/** "partial: 22 check(s) skipped by choice (...)" for a pass that left checks out (skipped, or filtered by `narrowedBy`), or null. */
export function partialLabel(cases: readonly SkippedCase[], narrowedBy: readonly string[] = []): string | null {
  const chosen = skipsBy(cases, 'choice');
  const parts = [...(chosen.length ? [`${chosen.length} of ${cases.length} check(s) skipped by choice (${skipReasons(chosen)})`] : []), ...(narrowedBy.length ? [`only what ${narrowedBy.join(' and ')} asked for ran`] : [])];
  return parts.length ? `partial: ${parts.join('; ')}` : null;
}
