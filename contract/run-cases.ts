// Runs every (operation, check) case: skips what may not run here, never lets one case crash the run.
import type { CatalogOperation } from '../spec/catalog.ts';
import { SkipCheck, type Check } from './check.ts';
import type { ContractContext } from './context.ts';
import type { CaseResult } from './result.ts';

export interface PlannedCase {
  op: CatalogOperation;
  check: Check;
  skip?: string;
}

export function planCases(operations: CatalogOperation[], checks: readonly Check[], allowMutating: boolean): PlannedCase[] {
  return operations.flatMap((op) =>
    checks.filter((check) => check.appliesTo(op)).map((check) => {
      const skip = check.mutates(op) && !allowMutating ? 'changes state on a remote target: run with --allow-remote to include it' : undefined;
      return skip ? { op, check, skip } : { op, check };
    }),
  );
}

export async function runCases(ctx: ContractContext, cases: PlannedCase[], concurrency: number, onDone?: (r: CaseResult, done: number, total: number) => void): Promise<CaseResult[]> {
  const results: CaseResult[] = new Array(cases.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < cases.length) {
      const i = next++;
      results[i] = await runCase(ctx, cases[i] as PlannedCase);
      onDone?.(results[i] as CaseResult, ++done, cases.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, cases.length) }, worker));
  return results;
}

async function runCase(ctx: ContractContext, c: PlannedCase): Promise<CaseResult> {
  const base = { operationId: c.op.operationId, check: c.check.name, description: c.check.description };
  if (c.skip) return { ...base, outcome: 'skipped', findings: [], reason: c.skip, ms: 0 };
  const t0 = performance.now();
  try {
    const findings = await c.check.run(ctx, c.op);
    return { ...base, outcome: findings.length ? 'failed' : 'passed', findings, ms: performance.now() - t0 };
  } catch (err) {
    if (err instanceof SkipCheck) return { ...base, outcome: 'skipped', findings: [], reason: err.message, ms: performance.now() - t0 };
    return { ...base, outcome: 'errored', findings: [], reason: `the check itself failed: ${(err as Error).message}`, ms: performance.now() - t0 };
  }
}
