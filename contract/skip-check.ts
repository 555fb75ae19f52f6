// How a check says it could not run here, and whose doing that was (contract/skips.ts).
import type { SkippedBy } from './skips.ts';

/**
 * Thrown by a check that cannot run here (no live call, say): reported as skipped, never passed.
 * `by`: the target's unless the user's own flags left it out (contract/skips.ts): the target's
 * skips are no pass.
 */
export class SkipCheck extends Error {
  constructor(message: string, readonly by: SkippedBy = 'target') {
    super(message);
  }
}
