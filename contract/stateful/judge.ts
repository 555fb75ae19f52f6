// What the model asks of each response: the promises of the transfer lifecycle, each broken one
// a ModelViolation naming the operation that showed it.
import { isEnded, isOpen, type LifecycleModel, type ModelCall, type ModelTransfer } from './model.ts';
import { ModelViolation } from './violation.ts';
import { jsonOf, send, type World } from './world.ts';
import type { Exchange, ExchangeResponse } from '../exchange.ts';

type TransferBody = { id?: unknown; status?: unknown; created_at?: unknown; updated_at?: unknown; completed_at?: unknown; transfer_to?: unknown; kind?: unknown };

/** The documented success status, or a violation showing what came instead. */
export function expectStatus(ex: Exchange, status: number, what: string): void {
  const got = ex.response?.status;
  if (got !== status) throw new ModelViolation(ex.operationId, `${what} was not accepted`, `${status}`, got === undefined ? 'no response' : `${got} ${ex.response?.text.slice(0, 200) ?? ''}`);
  // A body the model cannot read is said to be so, never judged as an object that lists nothing.
  const res = ex.response as ExchangeResponse;
  if (res.json === null || typeof res.json !== 'object' || Array.isArray(res.json)) {
    const why = res.json !== undefined ? JSON.stringify(res.json).slice(0, 200) : res.text === '' ? 'an empty body' : `${res.jsonError ?? 'not JSON'}: ${res.text.slice(0, 200)}`;
    throw new ModelViolation(ex.operationId, `${what} answered ${status} with a body that is not a JSON object`, `${status} with a JSON object`, why);
  }
}

/** A 4xx, as FACTS.md allows for what the document does not say (an ended transfer ended again). */
export function expectClientError(ex: Exchange, what: string): void {
  const got = ex.response?.status ?? 0;
  if (got < 400 || got >= 500) throw new ModelViolation(ex.operationId, `${what} was not refused`, 'a 4xx', `${got || 'no response'} ${ex.response?.text.slice(0, 200) ?? ''}`, true);
}

/** Timestamps of one transfer: created_at <= updated_at; completed_at exactly when completed, never before created_at. */
export function judgeTimestamps(operationId: string, t: TransferBody): void {
  const created = Date.parse(String(t.created_at));
  const updated = Date.parse(String(t.updated_at));
  const show = JSON.stringify({ id: t.id, status: t.status, created_at: t.created_at, updated_at: t.updated_at, completed_at: t.completed_at });
  if (updated < created) throw new ModelViolation(operationId, `transfer ${String(t.id)} was updated before it was created`, 'created_at <= updated_at', show);
  const completedAt = t.completed_at ?? null;
  if (t.status === 'completed' && completedAt === null) throw new ModelViolation(operationId, `completed transfer ${String(t.id)} has no completed_at`, 'completed_at set once completed', show);
  // The documents say complete sets completed_at; that nothing else does is what a client assumes.
  if (t.status !== 'completed' && completedAt !== null) throw new ModelViolation(operationId, `transfer ${String(t.id)} has a completed_at but is ${String(t.status)}`, 'completed_at only when completed', show, true);
  if (completedAt !== null && Date.parse(String(completedAt)) < created) throw new ModelViolation(operationId, `transfer ${String(t.id)} completed before it was created`, 'completed_at >= created_at', show);
}

/** A status the model allows for a transfer: an ended one stays as it ended; an open one may move on. */
export function judgeStatus(operationId: string, known: ModelTransfer, seen: TransferBody): void {
  const status = String(seen.status);
  if (isEnded(known.status) && status !== known.status) {
    throw new ModelViolation(operationId, `transfer ${known.id} was ${known.status} and is now shown as ${status}`, `status ${known.status} (an ended transfer stays ended)`, JSON.stringify({ id: seen.id, status: seen.status }));
  }
  if (!isOpen(status) && !isEnded(status)) throw new ModelViolation(operationId, `transfer ${known.id} has the unknown status ${status}`, 'a documented status', status);
}

/** Call detail: every transfer the model knows is listed, with a status the model allows. */
export async function observeCall(world: World, model: LifecycleModel, callIndex: number, command: string): Promise<Record<string, unknown>> {
  const call = model.calls[callIndex] as ModelCall;
  const ex = await send(world, command, 'getCall', { params: { id: call.id } });
  expectStatus(ex, 200, 'call detail');
  const listed = (jsonOf(ex).transfers as TransferBody[] | undefined) ?? [];
  const byId = new Map(listed.map((t) => [t.id, t]));
  for (const known of call.transfers) {
    const seen = byId.get(known.id);
    if (!seen) {
      throw new ModelViolation('getCall', `transfer ${known.id} is missing from the call's transfers`, `every transfer of the call (${call.transfers.length} known)`, `${listed.length} listed: ${listed.map((t) => String(t.id)).join(', ')}`, true);
    }
    judgeStatus('getCall', known, seen);
    judgeTimestamps('getCall', seen);
    known.status = String(seen.status);
  }
  return jsonOf(ex);
}

/** Call events: never fewer than before, and more after each change of state. */
export async function observeEvents(world: World, model: LifecycleModel, callIndex: number, command: string): Promise<void> {
  const call = model.calls[callIndex] as ModelCall;
  const ex = await send(world, command, 'listCallEvents', { params: { id: call.id } });
  expectStatus(ex, 200, 'call events');
  const count = ((jsonOf(ex).events as unknown[] | undefined) ?? []).length;
  if (count < call.events) throw new ModelViolation('listCallEvents', 'events disappeared from the call', `at least ${call.events} events`, `${count} events`, true);
  // The documents do not say that transfers write call events: a client reading them would assume it.
  if (call.changedSinceEventsRead && count === call.events) throw new ModelViolation('listCallEvents', 'a change of transfer state left no event', `more than ${call.events} events`, `${count} events`, true);
  call.events = count;
  call.changedSinceEventsRead = false;
}
