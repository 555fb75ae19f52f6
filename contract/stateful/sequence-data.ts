// A sequence as data: what a replay file holds, and the commands it stands for.
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
