// The real side of a sequence: the target, the calls it runs on, and the numbered steps it took,
// each with its request and what came back, so that the smallest failing sequence can be shown,
// replayed and turned into a curl script.
import type { SendOptions } from '../api-client.ts';
import type { ContractContext } from '../context.ts';
import { curlFor } from '../curl.ts';
import type { Exchange } from '../exchange.ts';
import { clip, describeReceived } from '../finding.ts';

export interface SequenceStep {
  n: number;
  command: string;
  operationId: string;
  request: { method: string; url: string; body?: unknown };
  status: number | null;
  /** The part of the response the model judged (clipped). */
  received: string;
  curl: string;
  /** Set on the step whose response broke the model. */
  broke?: string;
}

export interface World {
  ctx: ContractContext;
  callIds: string[];
  steps: SequenceStep[];
}

/** Sends one request as a numbered step of the sequence. */
export async function send(world: World, command: string, operationId: string, opts: SendOptions): Promise<Exchange> {
  const ex = await world.ctx.client.send(world.ctx.operation(operationId), opts);
  const r = ex.request;
  world.steps.push({
    n: world.steps.length + 1, command, operationId,
    request: r.body === undefined ? { method: r.method, url: r.url } : { method: r.method, url: r.url, body: r.body },
    status: ex.response?.status ?? null,
    received: clip(describeReceived(ex)),
    curl: curlFor(r),
  });
  return ex;
}

export function jsonOf(ex: Exchange): Record<string, unknown> {
  const j = ex.response?.json;
  return j && typeof j === 'object' && !Array.isArray(j) ? (j as Record<string, unknown>) : {};
}
