// What every check can use during one contract run, and the documented request per operation.
import type { CatalogOperation, SchemaRegistry } from '../openapi/index.ts';
import type { ApiClient } from './api-client.ts';
import type { CallSupply } from './call-supply.ts';
import type { Exchange } from './exchange.ts';

export interface ContractContext {
  client: ApiClient;
  registry: SchemaRegistry;
  calls: CallSupply;
  /** E.164 numbers that transfers may dial: from configuration, never generated. */
  destinations: string[];
  /** The run's --seed: each case derives its own generator seed from it (request-bodies.ts). */
  seed: number;
  /** Generated bodies per operation (--max-examples). */
  maxExamples: number;
  bridgeTimeoutMs: number;
  /** Lifecycle sequences drawn by the stateful check (--stateful-runs). */
  statefulRuns?: number;
  /** A sequence to replay instead of drawing new ones (--replay). */
  replay?: unknown;
  /** The operations this run has cases for: a check judging several reports where it can. */
  plannedOperations?: string[];
  operation(id: string): CatalogOperation;
  /** The documented request for the operation, sent once per run and shared by the checks. */
  documentedExchange(op: CatalogOperation): Promise<Exchange>;
}
