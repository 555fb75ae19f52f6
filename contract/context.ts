// What every check can use during one contract run, and the documented request per operation.
import type { CatalogOperation } from '../spec/catalog.ts';
import type { SchemaRegistry } from '../spec/schema-registry.ts';
import type { ApiClient, SendOptions } from './api-client.ts';
import type { CallSupply } from './call-supply.ts';
import { SkipCheck } from './check.ts';
import type { Exchange } from './exchange.ts';
import { bridgedTransfer } from './transfers.ts';

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

/** Parameters and body of a request the documented success status should answer. */
export async function documentedRequest(ctx: ContractContext, op: CatalogOperation): Promise<SendOptions> {
  const live = () => {
    const id = ctx.calls.takeLive();
    if (!id) throw new SkipCheck('the agent has no live call');
    return id;
  };
  switch (op.operationId) {
    case 'listAgentCalls':
      if (!ctx.calls.agentId) throw new SkipCheck('no agent given (--agent)', 'choice');
      return { params: { id: ctx.calls.agentId } };
    case 'getCallReport':
      return { params: { id: ctx.calls.endedCall() } };
    case 'getCallRecording':
      return { params: { id: ctx.calls.endedCall(true) } };
    case 'finalizeCallReport':
      return { params: { id: ctx.calls.endedCall() }, body: {} };
    case 'blindTransferCall':
      return { params: { id: live() }, body: { to: ctx.destinations[0] } };
    case 'warmTransferCall':
      return { params: { id: live() }, body: { to: ctx.destinations[0] } };
    case 'completeWarmTransfer':
    case 'cancelWarmTransfer': {
      const t = await bridgedTransfer(ctx);
      return { params: { id: t.callId, transferId: t.transferId }, body: {} };
    }
    default:
      return { params: { id: ctx.calls.anyCall() } };
  }
}
