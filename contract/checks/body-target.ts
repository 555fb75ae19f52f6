// Where the body checks send their bodies: a call (or a bridged transfer) the operation can act on.
import type { CatalogOperation } from '../../openapi/index.ts';
import { SkipCheck } from '../check.ts';
import type { ContractContext } from '../context.ts';
import { bridgedTransfer } from '../transfers.ts';

export async function bodyTarget(ctx: ContractContext, op: CatalogOperation): Promise<Record<string, string>> {
  if (op.operationId === 'completeWarmTransfer' || op.operationId === 'cancelWarmTransfer') {
    const t = await bridgedTransfer(ctx);
    return { id: t.callId, transferId: t.transferId };
  }
  if (op.operationId === 'finalizeCallReport') return { id: ctx.calls.endedCall() };
  const live = ctx.calls.takeLive();
  if (!live) throw new SkipCheck('the agent has no live call');
  return { id: live };
}

/** The smallest body the operation documents as valid, to break one rule at a time. */
export function baseBody(ctx: ContractContext, op: CatalogOperation): Record<string, unknown> {
  return op.operationId === 'blindTransferCall' || op.operationId === 'warmTransferCall' ? { to: ctx.destinations[0] } : {};
}
