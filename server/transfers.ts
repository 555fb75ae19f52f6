// The transfer lifecycle (FACTS.md, "The warm transfer flow"). Every state change happens
// synchronously inside one request handler, so when complete and cancel race, exactly one wins.
import { ApiError } from './api-error.ts';
import { ENDED_TRANSFER_STATUSES, type Call, type Destination, type FallbackPlan, type Transfer, type TransferStatus } from './model.ts';
import { event } from './seed.ts';
import type { Store } from './store.ts';

export interface WarmRequest {
  to?: string;
  destinations?: Destination[];
  from?: string;
  participantIdentity?: string;
  outboundTrunkId?: string;
  screeningPrompt?: string;
  summary?: string;
  fallback?: { strategy?: FallbackPlan['strategy']; message?: string; takeMessagePrompt?: string; holdAudioUrl?: string };
  metadata?: Record<string, unknown>;
}

const SIP: Partial<Record<TransferStatus, [number, string]>> = {
  requested: [180, 'Ringing'],
  screening: [200, 'OK'],
  bridging: [200, 'OK'],
  completed: [200, 'OK'],
  cancelled: [487, 'Request Terminated'],
};

/** Applies the status changes that have fallen due for every transfer of the call. */
export function advanceCall(store: Store, call: Call, now: number): void {
  if (now < call.nextChangeAt) return;
  let next = Infinity;
  for (const transfer of store.transfersOf(call)) {
    while (transfer.pending.length && (transfer.pending[0] as { at: number }).at <= now) {
      const step = transfer.pending.shift() as { status: TransferStatus; at: number };
      setStatus(store, call, transfer, step.status, step.at);
    }
    if (transfer.pending.length) next = Math.min(next, (transfer.pending[0] as { at: number }).at);
  }
  call.nextChangeAt = next;
  store.touch(call, now);
}

export function startWarm(store: Store, call: Call, req: WarmRequest, now: number): Transfer {
  requireLive(call);
  const destinations: Destination[] = req.destinations ?? [{ to: req.to as string }];
  const fallback: FallbackPlan = {
    strategy: req.fallback?.strategy ?? 'return_to_assistant',
    message: req.fallback?.message ?? 'Sorry, nobody could take your call. I am back with you now.',
    takeMessagePrompt: req.fallback?.takeMessagePrompt ?? null,
    holdAudioUrl: req.fallback?.holdAudioUrl ?? null,
  };
  const transfer = dial(store, call, 'warm', destinations, 0, now, { req, fallback, attemptIds: [] });
  return transfer;
}

export function startBlind(store: Store, call: Call, to: string, identity: string | undefined, now: number): Transfer {
  requireLive(call);
  const transfer = dial(store, call, 'blind', [{ to }], 0, now, { req: { participantIdentity: identity }, attemptIds: [] });
  // A blind transfer hands the call off at once: there is no consultation to wait for.
  setStatus(store, call, transfer, 'completed', now);
  return transfer;
}

export function complete(store: Store, call: Call, transfer: Transfer, summary: string | undefined, now: number): Transfer {
  advanceCall(store, call, now);
  requireOpen(transfer);
  if (transfer.status !== 'bridging') {
    throw new ApiError(409, 'TRANSFER_NOT_BRIDGED', `transfer is ${transfer.status}: it can be completed once it is bridging`);
  }
  if (summary !== undefined) transfer.summary = summary;
  setStatus(store, call, transfer, 'completed', now);
  return transfer;
}

export interface CancelOutcome {
  transfer: Transfer;
  next: Transfer | null;
  fallback: FallbackPlan | null;
}

export function cancel(store: Store, call: Call, transfer: Transfer, opts: { tryNext?: boolean; reason?: string; voicemailDetected?: boolean; skipDestination?: boolean }, now: number): CancelOutcome {
  advanceCall(store, call, now);
  requireOpen(transfer);
  transfer.failureCause = opts.reason ?? null;
  transfer.voicemailDetected = opts.voicemailDetected === true;
  setStatus(store, call, transfer, 'cancelled', now);
  // The try-next-skips-destination mutation dials the one after the next, when there is one.
  const skip = opts.skipDestination === true && transfer.destinationIndex + 2 < transfer.destinations.length;
  const nextIndex = transfer.destinationIndex + (skip ? 2 : 1);
  if (opts.tryNext && nextIndex < transfer.destinations.length) {
    const next = dial(store, call, 'warm', transfer.destinations, nextIndex, now, { from: transfer, attemptIds: transfer.attemptIds });
    return { transfer, next, fallback: null };
  }
  return { transfer, next: null, fallback: transfer.fallback };
}

interface DialContext {
  req?: Partial<WarmRequest>;
  from?: Transfer;
  fallback?: FallbackPlan;
  attemptIds: string[];
}

function dial(store: Store, call: Call, kind: Transfer['kind'], destinations: Destination[], index: number, now: number, ctx: DialContext): Transfer {
  const destination = destinations[index] as Destination;
  const inherited = inheritedSettings(destination, ctx);
  const transfer: Transfer = {
    id: `xfer_${store.rnd.token(16)}`,
    callId: call.id,
    organizationId: call.organizationId,
    kind,
    status: 'requested',
    transferTo: destination.to,
    fromRoomName: call.roomName,
    consultationRoomName: kind === 'warm' ? `consult-${store.rnd.token(10)}` : null,
    callerIdentity: ctx.from?.callerIdentity ?? `caller-${call.id.slice(5, 13)}`,
    recipientIdentity: ctx.req?.participantIdentity ?? `recipient-${store.rnd.token(8)}`,
    ...inherited,
    failureCause: null,
    createdAt: now,
    updatedAt: now,
    completedAt: null,
    pending: [],
    attemptIds: ctx.attemptIds,
    destinations,
    destinationIndex: index,
    fallback: ctx.fallback ?? (ctx.from?.fallback as FallbackPlan),
    voicemailDetected: false,
  };
  if (kind === 'warm') schedule(store, call, transfer, now);
  transfer.attemptIds.push(transfer.id);
  store.transfers.set(transfer.id, transfer);
  call.transferIds.push(transfer.id);
  recordEvent(store, call, transfer, now);
  return transfer;
}

/** A destination's own settings win over the request's, which win over the previous attempt's. */
function inheritedSettings(d: Destination, ctx: DialContext): Pick<Transfer, 'screeningPrompt' | 'outboundTrunkId' | 'summary' | 'metadata'> {
  const layers = [d, ctx.req ?? {}, ctx.from ?? {}] as Record<string, unknown>[];
  const first = (key: string) => (layers.map((l) => l[key]).find((v) => v !== undefined && v !== null) ?? null) as string | null;
  const metadata = (ctx.req?.metadata ?? ctx.from?.metadata ?? {}) as Record<string, unknown>;
  return {
    screeningPrompt: first('screeningPrompt'),
    outboundTrunkId: first('outboundTrunkId'),
    summary: first('summary'),
    metadata: d.label ? { ...metadata, label: d.label } : { ...metadata },
  };
}

/** Warm transfers advance on their own: screening (when asked for), then bridging. */
function schedule(store: Store, call: Call, transfer: Transfer, now: number): void {
  const step = store.transferStepMs;
  if (transfer.screeningPrompt) transfer.pending.push({ status: 'screening', at: now + step });
  transfer.pending.push({ status: 'bridging', at: now + step * (transfer.screeningPrompt ? 2 : 1) });
  call.nextChangeAt = Math.min(call.nextChangeAt, (transfer.pending[0] as { at: number }).at);
}

function setStatus(store: Store, call: Call, transfer: Transfer, status: TransferStatus, at: number): void {
  transfer.status = status;
  transfer.updatedAt = at;
  if (status === 'completed') transfer.completedAt = at;
  if (ENDED_TRANSFER_STATUSES.has(status)) transfer.pending = [];
  recordEvent(store, call, transfer, at);
}

function recordEvent(store: Store, call: Call, transfer: Transfer, at: number): void {
  const [code, text] = SIP[transfer.status] ?? [null, null];
  call.events.push(event(store.rnd, 'speko', `transfer.${transfer.status}`, transfer.status, code, text, at, { transfer_id: transfer.id, kind: transfer.kind, transfer_to: transfer.transferTo }));
  store.touch(call, at);
}

function requireLive(call: Call): void {
  if (call.endedAt !== null) throw new ApiError(409, 'CALL_NOT_ACTIVE', 'call has ended: only a live call can be transferred');
}

function requireOpen(transfer: Transfer): void {
  if (ENDED_TRANSFER_STATUSES.has(transfer.status)) {
    throw new ApiError(409, 'TRANSFER_ALREADY_ENDED', `transfer is already ${transfer.status}`);
  }
  if (transfer.kind !== 'warm') throw new ApiError(409, 'NOT_A_WARM_TRANSFER', 'only a warm transfer can be completed or cancelled');
}
