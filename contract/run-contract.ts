// A whole contract run: pick the target (the embedded server when none is given), find calls,
// run every check on every operation it applies to, and return the result as data.
import { type CatalogOperation, loadSchemaRegistry } from '../openapi/index.ts';
import { ApiClient } from './api-client.ts';
import { ContractStartError, loadCallSupply } from './call-supply.ts';
import type { Check } from './check.ts';
import { CHECKS } from './checks/index.ts';
import type { ContractContext } from './context.ts';
import { documentedRequest } from './documented-request.ts';
import { Credentials } from './credentials.ts';
import type { Exchange } from './exchange.ts';
import type { CaseResult, ContractResult } from './result.ts';
import { reproduceCommand, type RunControls } from './reproduce.ts';
import { DEFAULT_MAX_EXAMPLES } from './request-bodies.ts';
import { planCases, runCases } from './run-cases.ts';
import { RunInterrupted, RunStopped } from './run-stopped.ts';
import { checkTarget, displayTarget, isLoopback, openTarget, requireAnsweringTarget, TargetError, TargetUnreachableError, tokenProblem } from '../target/index.ts';
import { TargetHealth, type Probe } from './target-health.ts';

export interface ContractOptions {
  /** Base URL of the Calls API; the embedded reference server when absent. */
  target?: string;
  token?: string;
  agentId?: string;
  callIds?: string[];
  destinations?: string[];
  allowRemote?: boolean;
  timeoutMs?: number;
  seed?: number;
  /** Generated bodies per operation (default 3). */
  maxExamples?: number;
  concurrency?: number;
  /** Only these operationIds; every one when absent. */
  operations?: string[];
  /** Only these checks, by name; every one when absent. */
  checks?: string[];
  /**
   * The target is a reference server the caller started (the main job's): the reproduce commands
   * leave it out, as `contract` starts its own, seeded alike, and the caller's is gone by then.
   */
  targetIsEmbedded?: boolean;
  /** Lifecycle sequences the stateful check draws (default 25). */
  statefulRuns?: number;
  /** A replay file's sequence for the stateful check to run instead of drawing (--replay). */
  replay?: unknown;
  onCaseDone?: (result: CaseResult, done: number, total: number) => void;
  /** Stops the run (SIGINT, SIGTERM): no new case starts, and what was checked is returned. */
  signal?: AbortSignal;
}

/** Fictional numbers (555 exchange): safe to "dial" on the reference server. */
export const DEFAULT_DESTINATIONS = ['+12015550100', '+12015550101', '+12015550102'];

export async function runContract(opts: ContractOptions = {}): Promise<ContractResult> {
  const startedAt = new Date().toISOString();
  const registry = loadSchemaRegistry();
  const { operations, checks, maxExamples } = whatToRun(registry.catalog.operations, opts);
  // Transfers step every 20 ms on an embedded server: the lifecycle checks wait on them less.
  const opened = await openTarget(opts.target === undefined ? {} : { target: checkedTarget(opts.target), token: checkedToken(opts.token), agentId: opts.agentId }, { transferStepMs: 20 });
  const embedded = opened.server;
  try {
    const target = opened.url;
    const token = opened.token as string;
    const client = new ApiClient(target, new Credentials(token), opts.timeoutMs ?? 10_000);
    client.interrupt = opts.signal ?? null;
    const byId = (id: string) => registry.catalog.operations.find((o) => o.operationId === id) as CatalogOperation;
    const agentId = opened.agentId ?? null;
    // Given call ids, no call list is asked first: the target is asked whether it answers at all,
    // so a dead one cannot start (not "lost" during a run in which it never answered).
    if (!embedded) await answeringOrNot(opts.callIds, target, client.timeoutMs);
    const calls = await startedOrNot(() => loadCallSupply(client, byId('listAgentCalls'), agentId, opts.callIds ?? []));
    client.health = new TargetHealth(healthProbe(client, byId('listAgentCalls'), agentId), displayTarget(target));
    const ctx = context(client, registry, calls, opts, byId, maxExamples);
    const cases = planCases(operations, checks, isLoopback(target) || opts.allowRemote === true);
    ctx.plannedOperations = [...new Set(cases.filter((c) => !c.skip).map((c) => c.op.operationId))];
    const controls = runControls(opts, embedded || opts.targetIsEmbedded ? undefined : displayTarget(target), ctx);
    const results = await runCases(ctx, cases, opts.concurrency ?? 6, {
      onDone: opts.onCaseDone,
      stopReason: () => stopReasonOf(client, opts.signal),
      reproduce: (op, check) => reproduceCommand(controls, op, check),
    });
    return {
      target: displayTarget(target), embedded: embedded !== null, specVersion: registry.catalog.specVersion, seed: ctx.seed, maxExamples,
      startedAt, finishedAt: new Date().toISOString(), cases: results, ...endState(client, opts.signal),
    };
  } finally {
    await opened.close();
  }
}

/** The token, once it is known to be set and sendable; the message never shows it. */
function checkedToken(token: string | undefined): string {
  if (!token) throw new ContractStartError('E_NO_TOKEN', 'No API token: set CALLS_API_TOKEN to a key for the target. The token is read from the environment only, so that it never lands in shell history or reports.');
  const problem = tokenProblem(token);
  if (problem) throw new ContractStartError('E_BAD_TOKEN', problem);
  return token;
}

/** Rate limiting seen, and why the run ended early, if it did. */
function endState(client: ApiClient, signal: AbortSignal | undefined): Pick<ContractResult, 'rateLimit' | 'stopped' | 'interrupted'> {
  const stopped = client.stopped();
  return {
    rateLimit: { ...client.rateLimit.stats },
    ...(stopped ? { stopped: { code: stopped.code, message: stopped.message } } : {}),
    ...(signal?.aborted ? { interrupted: true } : {}),
  };
}

/** Why no more cases may start: the target's health (RunStopped), or a signal. */
function stopReasonOf(client: ApiClient, signal: AbortSignal | undefined): string | null {
  const stopped = client.stopped();
  if (stopped) return `the run stopped (${stopped.code})`;
  return signal?.aborted ? 'the run was interrupted' : null;
}

/** What to run is settled before anything is started or sent: a typo costs no traffic. */
function whatToRun(all: CatalogOperation[], opts: ContractOptions): { operations: CatalogOperation[]; checks: readonly Check[]; maxExamples: number } {
  const operations = pickOperations(all, opts.operations);
  const checks = pickChecks(CHECKS, checksAsked(opts));
  if (!planCases(operations, checks, true).length) throw nothingToRun(all, operations, checks);
  const maxExamples = opts.maxExamples ?? DEFAULT_MAX_EXAMPLES;
  if (!Number.isInteger(maxExamples) || maxExamples < 1) throw new ContractStartError('E_USAGE', `--max-examples takes a whole number of 1 or more, got ${maxExamples}.`);
  return { operations, checks, maxExamples };
}

/** A target lost or rate-limited (or a signal) before the first case means the run could not start. */
async function startedOrNot<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (err instanceof RunStopped) throw new ContractStartError(err.code, err.message);
    if (err instanceof RunInterrupted) throw new ContractStartError('E_INTERRUPTED', 'Stopped by a signal before the first check: nothing was checked. Run it again to the end for a verdict.');
    throw err;
  }
}

async function answeringOrNot(callIds: string[] | undefined, target: string, timeoutMs: number): Promise<void> {
  if (!callIds?.length) return;
  try {
    await requireAnsweringTarget(displayTarget(target), 'no check was run', timeoutMs);
  } catch (err) {
    if (err instanceof TargetUnreachableError) throw new ContractStartError(err.code, err.message);
    throw err;
  }
}

/** The request that answered at the start (the agent call list), or, with --call-id only, the base URL: any HTTP answer counts. */
function healthProbe(client: ApiClient, list: CatalogOperation, agentId: string | null): Probe {
  return async () => {
    const ex = agentId
      ? await client.sendOnce(list, { params: { id: agentId }, query: { limit: '1' } })
      : await client.sendOnce({ ...list, path: '/', operationId: 'healthProbe', method: 'GET' });
    // A probe a signal cut short judges nothing: the run is ending anyway.
    if (client.interrupt?.aborted) return { answered: true, why: 'interrupted' };
    return { answered: ex.response !== undefined, why: ex.failure?.message ?? 'answered' };
  };
}

function runControls(opts: ContractOptions, target: string | undefined, ctx: ContractContext): RunControls {
  const destinations = opts.destinations?.length && opts.destinations.join() !== DEFAULT_DESTINATIONS.join() ? opts.destinations : undefined;
  return {
    ...(target ? { target, agentId: opts.agentId ?? null, callIds: opts.callIds ?? [] } : {}), ...(destinations ? { destinations } : {}),
    allowRemote: opts.allowRemote === true, seed: ctx.seed, maxExamples: ctx.maxExamples,
    ...(ctx.statefulRuns !== undefined ? { statefulRuns: ctx.statefulRuns } : {}),
  };
}

function context(client: ApiClient, registry: ContractContext['registry'], calls: ContractContext['calls'], opts: ContractOptions, operation: (id: string) => CatalogOperation, maxExamples: number): ContractContext {
  const documented = new Map<string, Promise<Exchange>>();
  const ctx: ContractContext = {
    client, registry, calls, operation,
    destinations: opts.destinations?.length ? opts.destinations : DEFAULT_DESTINATIONS,
    seed: opts.seed ?? 1,
    maxExamples,
    bridgeTimeoutMs: 10_000,
    ...(opts.statefulRuns !== undefined ? { statefulRuns: opts.statefulRuns } : {}),
    ...(opts.replay !== undefined ? { replay: opts.replay } : {}),
    documentedExchange(op) {
      let p = documented.get(op.operationId);
      if (!p) {
        p = documentedRequest(ctx, op).then((req) => client.send(op, req));
        documented.set(op.operationId, p);
      }
      return p;
    },
  };
  return ctx;
}

/** The one target check every command uses (target/check-target.ts), as a start error here. */
function checkedTarget(target: string): string {
  try {
    return checkTarget(target);
  } catch (err) {
    if (err instanceof TargetError) throw new ContractStartError(err.code, err.message);
    throw err;
  }
}

/** The lifecycle check, the one a replay file's sequence belongs to. */
const REPLAYED_CHECK = 'lifecycle_model_holds';

/**
 * --replay runs the sequence the file holds: the lifecycle check alone (the operations it judges
 * share that one run), never the whole suite around it. A --checks without it is a contradiction.
 */
function checksAsked(opts: ContractOptions): string[] | undefined {
  if (opts.replay === undefined) return opts.checks;
  if (opts.checks?.length && !opts.checks.includes(REPLAYED_CHECK)) {
    throw new ContractStartError('E_USAGE', `--replay runs a lifecycle sequence, which only the ${REPLAYED_CHECK} check runs, but --checks ${opts.checks.join(',')} leaves that check out. Drop --checks (or name ${REPLAYED_CHECK}) to replay the file, or drop --replay to run those checks.`);
  }
  return [REPLAYED_CHECK];
}

function pickOperations(all: CatalogOperation[], only?: string[]): CatalogOperation[] {
  if (!only?.length) return all;
  const unknown = only.filter((id) => !all.some((o) => o.operationId === id));
  if (unknown.length) throw new ContractStartError('E_UNKNOWN_OPERATION', `Unknown operation(s) ${unknown.join(', ')} in --operations. Known operations: ${all.map((o) => o.operationId).join(', ')}.`);
  return all.filter((o) => only.includes(o.operationId));
}

function pickChecks(all: readonly Check[], only?: string[]): readonly Check[] {
  if (!only?.length) return all;
  const unknown = only.filter((name) => !all.some((c) => c.name === name));
  if (unknown.length) throw new ContractStartError('E_UNKNOWN_CHECK', `Unknown check(s) ${unknown.join(', ')} in --checks. Known checks: ${all.map((c) => c.name).join(', ')}.`);
  return all.filter((c) => only.includes(c.name));
}

function nothingToRun(all: CatalogOperation[], operations: CatalogOperation[], checks: readonly Check[]): ContractStartError {
  const where = checks.map((c) => `${c.name} applies to ${all.filter((o) => c.appliesTo(o)).map((o) => o.operationId).join(', ') || 'no operation'}`).join('; ');
  return new ContractStartError('E_NO_CASES', `No check asked for applies to the operations asked for (${operations.map((o) => o.operationId).join(', ')}), so nothing would be checked: ${where}. Pick operations the checks apply to (--operations), or other checks (--checks).`);
}
