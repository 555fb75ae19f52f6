// Transfer steps the lifecycle checks share: start a warm transfer, wait until it bridges.
import type { Exchange } from './exchange.ts';
import type { ContractContext } from './context.ts';
import { SkipCheck } from './skip-check.ts';
import { describeReceived } from './finding.ts';

export interface StartedTransfer {
  callId: string;
  transferId: string;
  exchange: Exchange;
}

/** Starts a warm transfer, or returns the exchange that shows why none started. */
export async function startWarmTransfer(ctx: ContractContext, destinations = 1): Promise<StartedTransfer | Exchange> {
  const callId = ctx.calls.takeLive();
  if (!callId) throw new SkipCheck('the agent has no live call to transfer');
  const to = ctx.destinations.slice(0, destinations);
  const body = to.length === 1 ? { to: to[0] } : { destinations: to.map((n) => ({ to: n })) };
  const ex = await ctx.client.send(ctx.operation('warmTransferCall'), { params: { id: callId }, body });
  const id = (ex.response?.json as { id?: unknown } | undefined)?.id;
  // Any 2xx with an id will do here: warmTransferCall's own checks judge the status.
  const status = ex.response?.status ?? 0;
  if (status < 200 || status >= 300 || typeof id !== 'string') return ex;
  return { callId, transferId: id, exchange: ex };
}

/** Polls call detail (bounded) until the transfer shows `status`; returns the last status seen. */
export async function waitForTransfer(ctx: ContractContext, callId: string, transferId: string, status: string): Promise<string | null> {
  // Monotonic: a wall clock stepped forward (NTP) must not end the wait at once and make a finding of it.
  const deadline = performance.now() + ctx.bridgeTimeoutMs;
  let seen: string | null = null;
  while (performance.now() < deadline) {
    seen = await transferStatus(ctx, callId, transferId);
    if (seen === status) return seen;
    await new Promise((r) => setTimeout(r, 25));
  }
  return seen;
}

export async function transferStatus(ctx: ContractContext, callId: string, transferId: string): Promise<string | null> {
  const ex = await ctx.client.send(ctx.operation('getCall'), { params: { id: callId } });
  const transfers = (ex.response?.json as { transfers?: { id?: string; status?: string }[] } | undefined)?.transfers;
  return transfers?.find((t) => t.id === transferId)?.status ?? null;
}

export async function eventCount(ctx: ContractContext, callId: string): Promise<number> {
  const ex = await ctx.client.send(ctx.operation('listCallEvents'), { params: { id: callId } });
  return ((ex.response?.json as { events?: unknown[] } | undefined)?.events ?? []).length;
}

/** A bridged warm transfer to end. When none can be had, the check is skipped: the warm transfer's own checks report why. */
export async function bridgedTransfer(ctx: ContractContext, destinations = 1): Promise<StartedTransfer> {
  const started = await startWarmTransfer(ctx, destinations);
  if (!('transferId' in started)) throw new SkipCheck(`no warm transfer to end: warmTransferCall received ${describeReceived(started).slice(0, 120)}`);
  const status = await waitForTransfer(ctx, started.callId, started.transferId, 'bridging');
  if (status !== 'bridging') throw new SkipCheck(`the warm transfer did not bridge within ${ctx.bridgeTimeoutMs} ms (last status: ${status ?? 'unknown'})`);
  return started;
}
