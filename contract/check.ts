// What a check is: a small named assertion about one operation, listed in checks/index.ts.
import type { CatalogOperation } from '../spec/catalog.ts';
import type { ContractContext } from './context.ts';
import type { Finding } from './finding.ts';
import type { SkippedBy } from './skips.ts';

export interface Check {
  /** Named as an assertion: what holds when the check passes. */
  name: string;
  description: string;
  appliesTo(op: CatalogOperation): boolean;
  /** Whether it changes state on the target (transfers dial real numbers on a real deployment). */
  mutates(op: CatalogOperation): boolean;
  run(ctx: ContractContext, op: CatalogOperation): Promise<Finding[]>;
}

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
