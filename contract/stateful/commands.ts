// The commands a sequence is made of, drawn by fast-check: warm and blind transfers, complete,
// cancel (with and without tryNext), ending an ended transfer again, and the reads. Each runs its
// request, judges the response against the model, and updates the model.
import fc from 'fast-check';
import { expectClientError, expectStatus, judgeTimestamps, observeCall, observeEvents } from './judge.ts';
import { isOpen, pickTransfer, type LifecycleModel, type ModelCall, type ModelTransfer } from './model.ts';
import { ModelViolation } from './violation.ts';
import { jsonOf, send, type World } from './world.ts';

type Command = fc.AsyncCommand<LifecycleModel, World>;

/** Optional fields of the warm transfer request the commands add, drawn from its schema. */
export interface WarmExtras { summary?: string; metadata?: Record<string, string>; fallback?: 'return_to_assistant' | 'take_message' | 'end_call'; screening?: boolean }

const callOf = (m: LifecycleModel, i: number) => m.calls[i % m.calls.length] as ModelCall;

export class WarmTransfer implements Command {
  constructor(readonly call: number, readonly destinations: number, readonly extras: WarmExtras) {}
  check = () => true;
  async run(m: LifecycleModel, w: World): Promise<void> {
    const call = callOf(m, this.call);
    const to = Array.from({ length: this.destinations }, (_, i) => w.ctx.destinations[i % w.ctx.destinations.length] as string);
    const body: Record<string, unknown> = to.length === 1 ? { to: to[0] } : { destinations: to.map((n) => ({ to: n })) };
    if (this.extras.summary) body.summary = this.extras.summary;
    if (this.extras.metadata) body.metadata = this.extras.metadata;
    if (this.extras.fallback) body.fallback = { strategy: this.extras.fallback };
    if (this.extras.screening) body.screeningPrompt = 'Ask whether they can take the call now.';
    const ex = await send(w, this.toString(), 'warmTransferCall', { params: { id: call.id }, body });
    expectStatus(ex, 201, 'a warm transfer on a live call');
    const t = jsonOf(ex);
    if (typeof t.id !== 'string') throw new ModelViolation('warmTransferCall', 'the warm transfer has no id', 'an id', JSON.stringify(t).slice(0, 200));
    if (!isOpen(String(t.status))) throw new ModelViolation('warmTransferCall', `a new warm transfer is ${String(t.status)}`, 'requested, screening or bridging', String(t.status));
    if (t.transfer_to !== to[0]) throw new ModelViolation('warmTransferCall', 'the warm transfer did not dial the first destination', `transfer_to ${to[0]}`, String(t.transfer_to));
    judgeTimestamps('warmTransferCall', t);
    call.transfers.push({ id: t.id, kind: 'warm', status: String(t.status), destinations: to, index: 0, attempts: [t.id], ours: true });
    call.changedSinceEventsRead = true;
  }
  toString = () => `warm transfer on call ${this.call} to ${this.destinations} destination(s)${Object.keys(this.extras).length ? ` with ${Object.keys(this.extras).join(', ')}` : ''}`;
}

export class BlindTransfer implements Command {
  constructor(readonly call: number) {}
  check = () => true;
  async run(m: LifecycleModel, w: World): Promise<void> {
    const call = callOf(m, this.call);
    const ex = await send(w, this.toString(), 'blindTransferCall', { params: { id: call.id }, body: { to: w.ctx.destinations[0] } });
    expectStatus(ex, 201, 'a blind transfer on a live call');
    const t = jsonOf(ex);
    if (t.kind !== 'blind') throw new ModelViolation('blindTransferCall', 'a blind transfer is not of kind blind', 'kind blind', String(t.kind));
    judgeTimestamps('blindTransferCall', t);
    if (typeof t.id === 'string') call.transfers.push({ id: t.id, kind: 'blind', status: String(t.status), destinations: null, index: 0, attempts: [t.id], ours: true });
    call.changedSinceEventsRead = true;
  }
  toString = () => `blind transfer on call ${this.call}`;
}

export class Complete implements Command {
  constructor(readonly call: number, readonly pick: number) {}
  check = (m: Readonly<LifecycleModel>) => pickTransfer(callOf(m as LifecycleModel, this.call), this.pick, false) !== null;
  async run(m: LifecycleModel, w: World): Promise<void> {
    const call = callOf(m, this.call);
    const t = pickTransfer(call, this.pick, false) as ModelTransfer;
    // Complete joins a bridged consultation: wait (bounded) until call detail shows it bridging.
    if (!(await bridged(m, w, this.call, t, this.toString()))) return;
    const ex = await send(w, this.toString(), 'completeWarmTransfer', { params: { id: call.id, transferId: t.id }, body: {} });
    expectStatus(ex, 200, `complete of bridged transfer ${t.id}`);
    const body = jsonOf(ex);
    if (body.status !== 'completed') throw new ModelViolation('completeWarmTransfer', `complete answered ${String(body.status)}`, 'status completed', String(body.status));
    judgeTimestamps('completeWarmTransfer', body);
    t.status = 'completed';
    call.changedSinceEventsRead = true;
  }
  toString = () => `complete transfer ${this.pick} of call ${this.call}`;
}

export class Cancel implements Command {
  constructor(readonly call: number, readonly pick: number, readonly tryNext: boolean) {}
  check = (m: Readonly<LifecycleModel>) => pickTransfer(callOf(m as LifecycleModel, this.call), this.pick, false) !== null;
  async run(m: LifecycleModel, w: World): Promise<void> {
    const call = callOf(m, this.call);
    const t = pickTransfer(call, this.pick, false) as ModelTransfer;
    const ex = await send(w, this.toString(), 'cancelWarmTransfer', { params: { id: call.id, transferId: t.id }, body: this.tryNext ? { tryNext: true } : {} });
    // An open transfer may have failed on its own meanwhile: then a 4xx refusal is fair. Nothing
    // else excuses a cancel that was not accepted (a 5xx, or a 4xx for a transfer still open).
    const status = ex.response?.status ?? 0;
    if (status >= 400 && status < 500 && (await endedOnItsOwn(m, w, this.call, t, this.toString()))) return;
    expectStatus(ex, 200, `cancel of open transfer ${t.id}`);
    const body = jsonOf(ex);
    if (body.status !== 'cancelled') throw new ModelViolation('cancelWarmTransfer', `cancel answered ${String(body.status)}`, 'status cancelled', String(body.status));
    judgeTimestamps('cancelWarmTransfer', body);
    t.status = 'cancelled';
    call.changedSinceEventsRead = true;
    judgeNext(call, t, body, this.tryNext);
  }
  toString = () => `cancel transfer ${this.pick} of call ${this.call}${this.tryNext ? ' with tryNext' : ''}`;
}

export class EndAgain implements Command {
  constructor(readonly call: number, readonly pick: number, readonly how: 'complete' | 'cancel') {}
  check = (m: Readonly<LifecycleModel>) => pickTransfer(callOf(m as LifecycleModel, this.call), this.pick, true) !== null;
  async run(m: LifecycleModel, w: World): Promise<void> {
    const call = callOf(m, this.call);
    const t = pickTransfer(call, this.pick, true) as ModelTransfer;
    const operationId = this.how === 'complete' ? 'completeWarmTransfer' : 'cancelWarmTransfer';
    const ex = await send(w, this.toString(), operationId, { params: { id: call.id, transferId: t.id }, body: {} });
    expectClientError(ex, `${this.how} of ${t.status} transfer ${t.id}`);
  }
  toString = () => `${this.how} ended transfer ${this.pick} of call ${this.call} again`;
}

export class ReadCall implements Command {
  constructor(readonly call: number) {}
  check = () => true;
  async run(m: LifecycleModel, w: World): Promise<void> {
    await observeCall(w, m, this.call % m.calls.length, this.toString());
  }
  toString = () => `read call ${this.call}`;
}

export class ReadEvents implements Command {
  constructor(readonly call: number) {}
  check = () => true;
  async run(m: LifecycleModel, w: World): Promise<void> {
    await observeEvents(w, m, this.call % m.calls.length, this.toString());
  }
  toString = () => `read events of call ${this.call}`;
}

/** cancel with tryNext and a destination left dials the next one, and lists every attempt. */
function judgeNext(call: ModelCall, t: ModelTransfer, body: Record<string, unknown>, tryNext: boolean): void {
  const next = (body.next_transfer ?? null) as { id?: unknown; transfer_to?: unknown; status?: unknown } | null;
  const left = t.destinations !== null && t.index + 1 < t.destinations.length;
  if (!tryNext || !left) {
    if (next !== null) throw new ModelViolation('cancelWarmTransfer', `cancel ${tryNext ? 'with tryNext but no destination left' : 'without tryNext'} dialled again`, 'next_transfer null', JSON.stringify(next).slice(0, 200));
    return;
  }
  const expectedTo = (t.destinations as string[])[t.index + 1];
  if (!next || next.transfer_to !== expectedTo) {
    throw new ModelViolation('cancelWarmTransfer', 'tryNext did not dial the next destination in order', `next_transfer to destination ${t.index + 2} (${expectedTo})`, JSON.stringify(next ? { transfer_to: next.transfer_to } : null));
  }
  const attempts = ((body.routing_attempts as ({ id?: unknown } | null)[] | undefined) ?? []).map((a) => a?.id);
  const all = [...t.attempts, next.id];
  if (!all.every((id) => attempts.includes(id))) throw new ModelViolation('cancelWarmTransfer', 'routing_attempts does not list every attempt', `routing_attempts with ${all.join(', ')}`, JSON.stringify(attempts));
  if (typeof next.id === 'string') {
    call.transfers.push({ id: next.id, kind: 'warm', status: String(next.status), destinations: t.destinations, index: t.index + 1, attempts: [...t.attempts, next.id], ours: true });
  }
}

async function bridged(m: LifecycleModel, w: World, callIndex: number, t: ModelTransfer, command: string): Promise<boolean> {
  // Monotonic: a wall clock stepped forward (NTP) must not end the wait at once.
  const deadline = performance.now() + w.ctx.bridgeTimeoutMs;
  for (;;) {
    await observeCall(w, m, callIndex % m.calls.length, `${command}: wait until bridging`);
    if (t.status === 'bridging') return true;
    if (!isOpen(t.status) || performance.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function endedOnItsOwn(m: LifecycleModel, w: World, callIndex: number, t: ModelTransfer, command: string): Promise<boolean> {
  await observeCall(w, m, callIndex % m.calls.length, `${command}: did it fail on its own?`);
  return t.status === 'failed';
}
