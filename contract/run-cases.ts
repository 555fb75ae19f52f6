// Runs every (operation, check) case: skips what may not run here, never lets one case crash the run.
import type { CatalogOperation } from '../openapi/index.ts';
import { SkipCheck, type Check } from './check.ts';
import type { ContractContext } from './context.ts';
import type { CaseResult } from './result.ts';
import { RunInterrupted, RunStopped } from './run-stopped.ts';

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

export interface RunHooks {
  onDone?: (r: CaseResult, done: number, total: number) => void;
  /** Why the run must stop taking cases (the target is lost, say), or null to go on. */
  stopReason?: () => string | null;
  /** The reproduce command of a case, printed with each of its findings. */
  reproduce?: (operationId: string, check: string) => string;
}

/**
 * Runs the cases, `concurrency` at a time. When the run stops, the cases finished keep their
 * outcome; the case in flight and those never started are skipped with the reason, never passed.
 */
export async function runCases(ctx: ContractContext, cases: PlannedCase[], concurrency: number, hooks: RunHooks = {}): Promise<CaseResult[]> {
  const results: CaseResult[] = new Array(cases.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < cases.length && !hooks.stopReason?.()) {
      const i = next++;
      results[i] = await runCase(ctx, cases[i] as PlannedCase, hooks);
      hooks.onDone?.(results[i] as CaseResult, ++done, cases.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, cases.length) }, worker));
  const why = hooks.stopReason?.() ?? 'the run stopped';
  return cases.map((c, i) => results[i] ?? { ...caseBase(c), outcome: 'skipped', skippedBy: 'stop', findings: [], reason: `not run: ${why}`, ms: 0 });
}

const caseBase = (c: PlannedCase) => ({ operationId: c.op.operationId, check: c.check.name, description: c.check.description });

async function runCase(ctx: ContractContext, c: PlannedCase, hooks: RunHooks): Promise<CaseResult> {
  const base = caseBase(c);
  // Left out without --allow-remote: the user's choice.
  if (c.skip) return { ...base, outcome: 'skipped', skippedBy: 'choice', findings: [], reason: c.skip, ms: 0 };
  const t0 = performance.now();
  try {
    const found = await c.check.run(ctx, c.op);
    const reproduce = hooks.reproduce?.(base.operationId, base.check);
    const findings = found.map((f) => ({ ...f, seed: ctx.seed, ...(reproduce ? { reproduce } : {}) }));
    return { ...base, outcome: findings.length ? 'failed' : 'passed', findings, ms: performance.now() - t0 };
  } catch (err) {
    const ms = performance.now() - t0;
    if (err instanceof SkipCheck) return { ...base, outcome: 'skipped', skippedBy: err.by, findings: [], reason: err.message, ms };
    if (err instanceof RunStopped) return { ...base, outcome: 'skipped', skippedBy: 'stop', findings: [], reason: `not finished: the run stopped (${err.code})`, ms };
    if (err instanceof RunInterrupted) return { ...base, outcome: 'skipped', skippedBy: 'stop', findings: [], reason: 'not finished: the run was interrupted', ms };
    return { ...base, outcome: 'errored', findings: [], reason: `the check itself failed: ${(err as Error).message}`, ms };
  }
}
