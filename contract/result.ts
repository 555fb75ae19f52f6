// The outcome of a contract run, as data for the renderers.
import type { Finding } from './finding.ts';
import type { RateLimitStats } from './rate-limit.ts';
import type { StopCode } from './run-stopped.ts';
import type { SkippedBy } from './skips.ts';

export type CaseOutcome = 'passed' | 'failed' | 'skipped' | 'errored';

export interface CaseResult {
  operationId: string;
  check: string;
  description: string;
  outcome: CaseOutcome;
  findings: Finding[];
  /** Why it was skipped, or what broke inside the harness. */
  reason?: string;
  /** Who a skipped case was skipped by (contract/skips.ts): the user's choice keeps a pass, the target's does not. */
  skippedBy?: SkippedBy;
  ms: number;
}

export interface ContractResult {
  target: string;
  embedded: boolean;
  specVersion: string;
  seed: number;
  /** Generated bodies per operation. */
  maxExamples: number;
  startedAt: string;
  finishedAt: string;
  cases: CaseResult[];
  /** 429 answers and the waits they asked for: rate limiting, never findings. */
  rateLimit: RateLimitStats;
  /** Set when the run could not finish (the target stopped answering, or stayed rate-limited). */
  stopped?: { code: StopCode; message: string };
  /** Set when a signal (SIGINT, SIGTERM) stopped the run: the cases not run are skipped, never passed. */
  interrupted?: boolean;
}

export function allFindings(result: ContractResult): Finding[] {
  return result.cases.flatMap((c) => c.findings);
}

export function countOutcomes(result: ContractResult): Record<CaseOutcome, number> {
  const counts: Record<CaseOutcome, number> = { passed: 0, failed: 0, skipped: 0, errored: 0 };
  for (const c of result.cases) counts[c.outcome]++;
  return counts;
}
