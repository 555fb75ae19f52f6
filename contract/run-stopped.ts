// Why a contract run stopped before its end: the target's health, never the API's conformance.
// A stopped run is "could not finish" (exit 2), with every case checked before it kept.

export type StopCode = 'E_TARGET_LOST' | 'E_RATE_LIMITED';

export class RunStopped extends Error {
  constructor(readonly code: StopCode, message: string) {
    super(message);
  }
}

/** A signal (SIGINT, SIGTERM) stopped the run: what was in flight is not finished, and no finding. */
export class RunInterrupted extends Error {
  constructor() {
    super('the run was interrupted');
  }
}
