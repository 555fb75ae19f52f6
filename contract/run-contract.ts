// A whole contract run: pick the target (the embedded server when none is given), find calls,
// run every check on every operation it applies to, and return the result as data.
import { start } from '../server/index.ts';
import { loadSchemaRegistry } from '../spec/schema-registry.ts';
import type { CatalogOperation } from '../spec/catalog.ts';
import { ApiClient } from './api-client.ts';
import { ContractStartError, loadCallSupply } from './call-supply.ts';
import { CHECKS } from './checks/index.ts';
import type { ContractContext } from './context.ts';
import { documentedRequest } from './context.ts';
import { Credentials } from './credentials.ts';
import type { Exchange } from './exchange.ts';
import type { CaseResult, ContractResult } from './result.ts';
import { planCases, runCases } from './run-cases.ts';
import { displayTarget, isLoopback } from './target.ts';

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
  concurrency?: number;
  operations?: string[];
  onCaseDone?: (result: CaseResult, done: number, total: number) => void;
}

/** Fictional numbers (555 exchange): safe to "dial" on the reference server. */
export const DEFAULT_DESTINATIONS = ['+12015550100', '+12015550101', '+12015550102'];

export async function runContract(opts: ContractOptions = {}): Promise<ContractResult> {
  const startedAt = new Date().toISOString();
  const embedded = opts.target === undefined ? await start({ port: 0, transferStepMs: 20 }) : null;
  try {
    const target = embedded ? embedded.url : checkedTarget(opts.target as string);
    const token = embedded ? (embedded.apiKeys[0] as string) : opts.token;
    if (!token) throw new ContractStartError('E_NO_TOKEN', 'No API token: set CALLS_API_TOKEN to a key for the target. The token is read from the environment only, so that it never lands in shell history or reports.');
    const registry = loadSchemaRegistry();
    const operations = pickOperations(registry.catalog.operations, opts.operations);
    const client = new ApiClient(target, new Credentials(token), opts.timeoutMs ?? 10_000);
    const byId = (id: string) => registry.catalog.operations.find((o) => o.operationId === id) as CatalogOperation;
    const agentId = embedded ? (embedded.agentIds[0] as string) : (opts.agentId ?? null);
    const calls = await loadCallSupply(client, byId('listAgentCalls'), agentId, opts.callIds ?? []);
    const ctx = context(client, registry, calls, opts, byId);
    const cases = planCases(operations, CHECKS, isLoopback(target) || opts.allowRemote === true);
    const results = await runCases(ctx, cases, opts.concurrency ?? 6, opts.onCaseDone);
    return { target: displayTarget(target), embedded: embedded !== null, specVersion: registry.catalog.specVersion, seed: ctx.seed, startedAt, finishedAt: new Date().toISOString(), cases: results };
  } finally {
    await embedded?.close();
  }
}

function context(client: ApiClient, registry: ContractContext['registry'], calls: ContractContext['calls'], opts: ContractOptions, operation: (id: string) => CatalogOperation): ContractContext {
  const documented = new Map<string, Promise<Exchange>>();
  const ctx: ContractContext = {
    client, registry, calls, operation,
    destinations: opts.destinations?.length ? opts.destinations : DEFAULT_DESTINATIONS,
    seed: opts.seed ?? 1,
    bridgeTimeoutMs: 10_000,
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

function checkedTarget(target: string): string {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new ContractStartError('E_BAD_TARGET', `The target "${target}" is not a URL. Give the Calls API base URL, e.g. --target https://staging.example.com.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ContractStartError('E_BAD_TARGET', `The target "${target}" must be an http or https URL.`);
  return target;
}

function pickOperations(all: CatalogOperation[], only?: string[]): CatalogOperation[] {
  if (!only?.length) return all;
  const unknown = only.filter((id) => !all.some((o) => o.operationId === id));
  if (unknown.length) throw new ContractStartError('E_UNKNOWN_OPERATION', `Unknown operation(s) ${unknown.join(', ')}. Known operations: ${all.map((o) => o.operationId).join(', ')}.`);
  return all.filter((o) => only.includes(o.operationId));
}

