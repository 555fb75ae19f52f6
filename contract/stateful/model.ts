// What the documented transfer lifecycle lets a client know (FACTS.md, "The warm transfer flow"):
// the transfers of each call, the last status each was seen in, which destinations each warm
// transfer was given, and the attempts a tryNext chain has made.
export const OPEN_STATUSES = ['requested', 'screening', 'bridging'] as const;
export const ENDED_STATUSES = ['completed', 'cancelled', 'failed'] as const;

export interface ModelTransfer {
  id: string;
  kind: 'warm' | 'blind';
  /** The last status the API answered for it. */
  status: string;
  /** The destinations of the warm transfer request (null for one the run did not start). */
  destinations: string[] | null;
  /** Which destination this attempt dialled. */
  index: number;
  /** Every attempt of its tryNext chain so far, this one last. */
  attempts: string[];
  /** Started by this run: only these are completed or cancelled by the commands. */
  ours: boolean;
}

export interface ModelCall {
  id: string;
  /** In the order they were started. */
  transfers: ModelTransfer[];
  /** Events seen at the last read, and whether the state changed since. */
  events: number;
  changedSinceEventsRead: boolean;
}

export interface LifecycleModel {
  calls: ModelCall[];
}

export const isEnded = (status: string) => (ENDED_STATUSES as readonly string[]).includes(status);
export const isOpen = (status: string) => (OPEN_STATUSES as readonly string[]).includes(status);

/** The i-th open (or ended) warm transfer this run started on a call, counting round. */
export function pickTransfer(call: ModelCall, pick: number, ended: boolean): ModelTransfer | null {
  const candidates = call.transfers.filter((t) => t.ours && t.kind === 'warm' && isEnded(t.status) === ended);
  return candidates.length ? (candidates[pick % candidates.length] as ModelTransfer) : null;
}
