// The warm transfer steps the flows and races share.
import type { ScenarioEnv } from './env.ts';
import { send } from './calls-api.ts';
import { timeToBridging } from './metrics.ts';
import { now, since } from './monotonic-clock.ts';
import { pause } from './pause.ts';

const POLL_MS = 50;

export interface Started {
  transferId: string;
  bridged: boolean;
}

/** Starts a warm transfer to `destinations` numbers and polls call detail (bounded) until it bridges. */
export async function warmAndBridge(env: ScenarioEnv, callId: string, destinations: number): Promise<Started | null> {
  const to = env.transferTo.slice(0, Math.max(1, destinations));
  const body = to.length === 1 ? { to: to[0] } : { destinations: to.map((n) => ({ to: n })) };
  const t0 = now();
  const warm = await send(env, 'warmTransferCall', { params: { id: callId }, body });
  const transferId = warm.body?.id;
  if (warm.status !== 201 || typeof transferId !== 'string') return null;
  while (since(t0) < env.bridgeTimeoutMs) {
    const detail = await send(env, 'getCall', { params: { id: callId } });
    const transfers = (detail.body?.transfers ?? []) as { id: string; status: string }[];
    const status = transfers.filter((t) => t.id === transferId).map((t) => t.status)[0];
    if (status === 'bridging') {
      timeToBridging.add(since(t0));
      return { transferId, bridged: true };
    }
    if (status === 'completed' || status === 'cancelled' || status === 'failed') break;
    await pause(POLL_MS);
  }
  return { transferId, bridged: false };
}
