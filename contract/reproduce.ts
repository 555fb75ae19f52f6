// The command that runs one (operation, check) case again with the same seed: what a finding
// prints so that whoever triages it can replay exactly the requests that found it.
import { shellWord } from '../core/index.ts';
import { isLoopback } from '../target/index.ts';
import { DEFAULT_MAX_EXAMPLES } from './request-bodies.ts';
import { DEFAULT_STATEFUL_RUNS } from './stateful/run-sequences.ts';

/** What decides which requests a case sends, besides the seed, operation and check. */
export interface RunControls {
  /** The target as reports may show it; absent for the embedded reference server. */
  target?: string;
  agentId?: string | null;
  callIds?: string[];
  /** Only when they differ from the defaults. */
  destinations?: string[];
  allowRemote?: boolean;
  seed: number;
  maxExamples: number;
  /** Lifecycle sequences drawn (--stateful-runs), when not the default. */
  statefulRuns?: number;
}

export function reproduceCommand(c: RunControls, operationId: string, check: string): string {
  const args = ['calls-harness', 'contract'];
  if (c.target) args.push('--target', shellWord(c.target));
  if (c.target && c.agentId) args.push('--agent', shellWord(c.agentId));
  for (const id of c.callIds ?? []) args.push('--call-id', shellWord(id));
  for (const n of c.destinations ?? []) args.push('--transfer-to', shellWord(n));
  // Only where it changes what runs: a loopback target (or the embedded server) needs none, and
  // `run` passes it to its contract stage whatever the target.
  if (c.allowRemote && c.target && !isLoopback(c.target)) args.push('--allow-remote');
  args.push('--seed', String(c.seed));
  if (c.maxExamples !== DEFAULT_MAX_EXAMPLES) args.push('--max-examples', String(c.maxExamples));
  if (c.statefulRuns !== undefined && c.statefulRuns !== DEFAULT_STATEFUL_RUNS) args.push('--stateful-runs', String(c.statefulRuns));
  args.push('--operations', operationId, '--checks', check);
  return args.join(' ');
}
