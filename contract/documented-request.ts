// The request each operation's documented success answers, built from what the target has now.
import type { CatalogOperation } from '../openapi/index.ts';
import type { SendOptions } from './api-client.ts';
import type { ContractContext } from './context.ts';
import { SkipCheck } from './skip-check.ts';
import { bridgedTransfer } from './transfers.ts';

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
