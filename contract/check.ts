// What a check is: a small named assertion about one operation, listed in checks/index.ts.
import type { CatalogOperation } from '../openapi/index.ts';
import type { ContractContext } from './context.ts';
import type { Finding } from './finding.ts';

export interface Check {
  /** Named as an assertion: what holds when the check passes. */
  name: string;
  description: string;
  appliesTo(op: CatalogOperation): boolean;
  /** Whether it changes state on the target (transfers dial real numbers on a real deployment). */
  mutates(op: CatalogOperation): boolean;
  run(ctx: ContractContext, op: CatalogOperation): Promise<Finding[]>;
}

export { SkipCheck } from './skip-check.ts';
