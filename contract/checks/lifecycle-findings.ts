// Small helpers the transfer lifecycle checks share.
import type { Exchange } from '../exchange.ts';
import { finding, type Finding } from '../finding.ts';
import type { ContractContext } from '../context.ts';
import { eventCount, transferStatus } from '../transfers.ts';

type Body = Record<string, unknown>;

export function bodyOf(ex: Exchange): Body {
  const json = ex.response?.json;
  return json && typeof json === 'object' ? (json as Body) : {};
}

/** The step must answer `status`; returns a finding when it does not. */
export function expectStatus(check: string, ex: Exchange, status: number, step: string): Finding | null {
  return ex.response?.status === status ? null : finding(check, ex, `${step} did not answer ${status}`, String(status));
}

/** Call detail must show the transfer in `status`, and the call's events must have grown. */
export async function expectReflected(ctx: ContractContext, check: string, ex: Exchange, callId: string, transferId: string, status: string, eventsBefore: number): Promise<Finding[]> {
  const out: Finding[] = [];
  const shown = await transferStatus(ctx, callId, transferId);
  if (shown !== status) out.push(finding(check, ex, `Call detail shows the transfer as ${shown ?? 'absent'}`, `transfers[] lists ${transferId} as ${status}`, String(shown)));
  const after = await eventCount(ctx, callId);
  if (after <= eventsBefore) out.push(finding(check, ex, 'The call\'s events did not record the transfer step', `more than ${eventsBefore} events`, `${after} events`));
  return out;
}

export function compact(list: (Finding | null)[]): Finding[] {
  return list.filter((f): f is Finding => f !== null);
}
