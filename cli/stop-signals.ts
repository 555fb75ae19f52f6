// One way every long-running command stops: SIGINT (Ctrl-C), SIGTERM (a cancelled or timed-out CI
// job) and SIGHUP (a closed terminal) alike. The first signal aborts the run, which then stops its
// children, writes every report marked interrupted and exits with the command's "interrupted"
// code; a second signal exits at once. A run that was stopped never exits 0, whatever it was
// doing when the signal came.

/** k6's exit code for a run stopped from outside; `load` and `run` use it on both engines. */
export const EXIT_INTERRUPTED = 105;

const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** After the command has written its reports, how long lingering sockets may keep the process up. */
const EXIT_AFTER_STOP_MS = 2000;
/**
 * The same without a signal: a run that has printed its verdict never hangs on a handle something
 * left open (a timer of an abandoned iteration, a socket), which would keep a CI step waiting.
 */
export const EXIT_AFTER_SETTLE_MS = 5000;

export interface StopSignals {
  /** Aborted by the first signal. */
  readonly signal: AbortSignal;
  /** The signal that stopped the run, or null. */
  readonly received: NodeJS.Signals | null;
  /**
   * The command's exit code, made final: the interrupted code when a signal came at any moment.
   * The process then exits soon even if a socket or timer is still open (2 s after a stop, 5 s
   * otherwise, saying so).
   */
  settle(exitCode: number): number;
}

export function handleStopSignals(interruptedExitCode: number, out: NodeJS.WritableStream = process.stderr): StopSignals {
  const controller = new AbortController();
  let received: NodeJS.Signals | null = null;
  const onSignal = (sig: NodeJS.Signals) => {
    process.exitCode = interruptedExitCode;
    if (received) {
      out.write(`calls-harness: ${sig} again: exiting at once (exit ${interruptedExitCode}); reports may be missing.\n`);
      process.exit(interruptedExitCode);
    }
    received = sig;
    out.write(`\ncalls-harness: stopping (${sig}); the reports will be written and marked interrupted. Send it again to exit at once.\n`);
    controller.abort(new Error(`stopped by ${sig}`));
  };
  // Kept until the process ends: a signal while the reports are written still counts.
  for (const sig of STOP_SIGNALS) process.on(sig, onSignal);
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
    settle(exitCode: number): number {
      const code = received ? interruptedExitCode : exitCode;
      process.exitCode = code;
      if (received) exitOnceWritten(code, EXIT_AFTER_STOP_MS);
      else exitOnceWritten(code, EXIT_AFTER_SETTLE_MS, (final) => out.write(`calls-harness: something was still open ${EXIT_AFTER_SETTLE_MS / 1000} s after the run ended (a timer or socket a scenario left behind); exiting with the run's code ${final}.\n`));
      return code;
    },
  };
}

/**
 * The same bound for a command that ended on an error (reports that could not be written after the
 * load, a refused input): its code is final, and what a scenario left open never keeps it up.
 */
export function exitAfterError(code: number, out: NodeJS.WritableStream = process.stderr): void {
  process.exitCode = code;
  exitOnceWritten(code, EXIT_AFTER_SETTLE_MS, (final) => out.write(`calls-harness: something was still open ${EXIT_AFTER_SETTLE_MS / 1000} s after the command ended (a timer or socket a scenario left behind); exiting with its code ${final}.\n`));
}

/**
 * Exits with `code` once `afterMs` have passed (if the process is still up then), but never while
 * output is still on its way to a slow reader (`run --json | ...`): a report cut short would be worse.
 */
function exitOnceWritten(code: number, afterMs: number, sayWhy?: (final: number) => void): void {
  const pending = () => process.stdout.writableLength + process.stderr.writableLength > 0;
  const attempt = () => {
    if (pending()) {
      setTimeout(attempt, 200).unref();
      return;
    }
    // The code set last wins: a command that settled, then failed to write, exits with the failure's.
    const final = typeof process.exitCode === 'number' ? process.exitCode : code;
    sayWhy?.(final);
    process.exit(final);
  };
  setTimeout(attempt, afterMs).unref();
}
