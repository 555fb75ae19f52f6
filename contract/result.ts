// The outcome of a contract run, as data for the renderers.
import type { Finding } from './finding.ts';

export type CaseOutcome = 'passed' | 'failed' | 'skipped' | 'errored';

export interface CaseResult {
  operationId: string;
  check: string;
  description: string;
  outcome: CaseOutcome;
  findings: Finding[];
  /** Why it was skipped, or what broke inside the harness. */
  reason?: string;
  ms: number;
}

export interface ContractResult {
  target: string;
  embedded: boolean;
  specVersion: string;
  seed: number;
  startedAt: string;
  finishedAt: string;
  cases: CaseResult[];
}

export function allFindings(result: ContractResult): Finding[] {
  return result.cases.flatMap((c) => c.findings);
}

export function countOutcomes(result: ContractResult): Record<CaseOutcome, number> {
  const counts: Record<CaseOutcome, number> = { passed: 0, failed: 0, skipped: 0, errored: 0 };
  for (const c of result.cases) counts[c.outcome]++;
  return counts;
}
