// A sequence as data: what a replay file holds, the commands it stands for, and how they are drawn.
import fc from 'fast-check';
import { BlindTransfer, Cancel, Complete, EndAgain, ReadCall, ReadEvents, WarmTransfer, type WarmExtras } from './commands.ts';

export type CommandData =
  | { type: 'warm'; call: number; destinations: number; extras: WarmExtras }
  | { type: 'blind'; call: number }
  | { type: 'complete'; call: number; pick: number }
  | { type: 'cancel'; call: number; pick: number; tryNext: boolean }
  | { type: 'end-again'; call: number; pick: number; how: 'complete' | 'cancel' }
  | { type: 'read-call'; call: number }
  | { type: 'read-events'; call: number };

export type LifecycleCommand = WarmTransfer | BlindTransfer | Complete | Cancel | EndAgain | ReadCall | ReadEvents;

export function dataOf(c: LifecycleCommand): CommandData {
  if (c instanceof WarmTransfer) return { type: 'warm', call: c.call, destinations: c.destinations, extras: c.extras };
  if (c instanceof BlindTransfer) return { type: 'blind', call: c.call };
  if (c instanceof Complete) return { type: 'complete', call: c.call, pick: c.pick };
  if (c instanceof Cancel) return { type: 'cancel', call: c.call, pick: c.pick, tryNext: c.tryNext };
  if (c instanceof EndAgain) return { type: 'end-again', call: c.call, pick: c.pick, how: c.how };
  if (c instanceof ReadCall) return { type: 'read-call', call: c.call };
  return { type: 'read-events', call: c.call };
}

export function commandOf(d: CommandData): LifecycleCommand {
  switch (d.type) {
    case 'warm': return new WarmTransfer(d.call, d.destinations, d.extras ?? {});
    case 'blind': return new BlindTransfer(d.call);
    case 'complete': return new Complete(d.call, d.pick);
    case 'cancel': return new Cancel(d.call, d.pick, d.tryNext);
    case 'end-again': return new EndAgain(d.call, d.pick, d.how);
    case 'read-call': return new ReadCall(d.call);
    case 'read-events': return new ReadEvents(d.call);
  }
}

/** Every command, drawn with the shapes the request schemas allow (1 to 10 destinations). */
export function commandArbitraries(calls: number, maxDestinations: number): fc.Arbitrary<LifecycleCommand>[] {
  // Most commands go to the first call, so that one call reaches deep states (many transfers).
  const call = fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat({ max: calls - 1 }) });
  const pick = fc.nat({ max: 9 });
  const extras = fc.record({
    summary: fc.constantFrom('Caller wants to reschedule.', 'VIP customer'),
    metadata: fc.constant({ source: 'calls-harness' }),
    fallback: fc.constantFrom('return_to_assistant' as const, 'take_message' as const, 'end_call' as const),
    screening: fc.boolean(),
  }, { requiredKeys: [] });
  const warm = fc.tuple(call, fc.integer({ min: 1, max: Math.max(1, Math.min(10, maxDestinations)) }), extras).map(([c, n, e]) => new WarmTransfer(c, n, e));
  const cancel = fc.tuple(call, pick, fc.boolean()).map(([c, p, n]) => new Cancel(c, p, n));
  // fast-check draws each entry alike: transfers and their ends are listed twice, so that the
  // sequences reach deep states (a tryNext chain, a call with many transfers) within few runs.
  return [
    warm, warm,
    call.map((c) => new BlindTransfer(c)),
    fc.tuple(call, pick).map(([c, p]) => new Complete(c, p)),
    cancel, cancel,
    fc.tuple(call, pick, fc.constantFrom('complete' as const, 'cancel' as const)).map(([c, p, h]) => new EndAgain(c, p, h)),
    call.map((c) => new ReadCall(c)),
    call.map((c) => new ReadEvents(c)),
  ];
}
