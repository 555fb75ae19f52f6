// One way every long-running command stops: SIGINT (Ctrl-C), SIGTERM (a cancelled or timed-out CI
// job) and SIGHUP (a closed terminal) alike. The first signal aborts the run, which then stops its
// children, writes every report marked interrupted and exits with the command's "interrupted"
// code; a second signal exits at once. A run that was stopped never exits 0, whatever it was
// doing when the signal came.
import { output } from '../core/index.ts';
import { invocation, theProcessInvocation, type Invocation } from './io.ts';

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
   * The command's exit code, made final and recorded (cli/io.ts): the interrupted code when a
   * signal came at any moment. A process then exits soon after the command returns, even if a
   * socket or timer is still open (2 s after a stop, 5 s otherwise, saying so: `exitWhenDone`).
   */
  settle(exitCode: number): number;
}

/**
 * Stop signals, for the command of the invocation in progress (cli/io.ts). The handlers are the
 * process's: an in-process call removes them when it returns; the process's own keeps them to
 * its end, so that a signal while the process winds down still makes its exit the interrupted one.
 */
export function handleStopSignals(interruptedExitCode: number): StopSignals {
  const inv = invocation();
  const out = output().stderr;
  const controller = new AbortController();
  let received: NodeJS.Signals | null = null;
  const onSignal = (sig: NodeJS.Signals) => {
    inv.record(interruptedExitCode);
    if (received) {
      out.write(`calls-harness: ${sig} again: exiting at once (exit ${interruptedExitCode}); reports may be missing.\n`);
      inv.io.exit?.(interruptedExitCode);
      return;
    }
    received = sig;
    inv.stopped = true;
    out.write(`\ncalls-harness: stopping (${sig}); the reports will be written and marked interrupted. Send it again to exit at once.\n`);
    controller.abort(new Error(`stopped by ${sig}`));
  };
  for (const sig of STOP_SIGNALS) process.on(sig, onSignal);
  inv.onReturn(() => {
    for (const sig of STOP_SIGNALS) process.off(sig, onSignal);
  });
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
    settle(exitCode: number): number {
      const code = received ? interruptedExitCode : exitCode;
      inv.record(code);
      inv.ended('run');
      return code;
    },
  };
}

/**
 * The process's exit once its command returned with `code` (bin/calls-harness.js): at once when
 * nothing is left open; when something is (a timer of an abandoned iteration, a socket), a
 * command that settled a run or ended on an error still exits with its code within the bound a
 * settled run has, so that it never keeps a CI step waiting. A command that only returned (serve,
 * whose server is what it leaves running) is not bounded.
 */
export function exitWhenDone(code: number, inv: Invocation = theProcessInvocation()): void {
  inv.mirrored = true;
  inv.record(inv.code ?? code);
  if (!inv.ending) return;
  if (inv.stopped) exitOnceWritten(inv, EXIT_AFTER_STOP_MS);
  else {
    const what = inv.ending === 'run' ? ['the run', "the run's code"] : ['the command', 'its code'];
    exitOnceWritten(inv, EXIT_AFTER_SETTLE_MS, (final) => output().stderr.write(`calls-harness: something was still open ${EXIT_AFTER_SETTLE_MS / 1000} s after ${what[0]} ended (a timer or socket a scenario left behind); exiting with ${what[1]} ${final}.\n`));
  }
}

/**
 * Exits with the invocation's code once `afterMs` have passed (if the process is still up then),
 * but never while output is still on its way to a slow reader (`run --json | ...`): a report cut
 * short would be worse.
 */
function exitOnceWritten(inv: Invocation, afterMs: number, sayWhy?: (final: number) => void): void {
  const pending = () => process.stdout.writableLength + process.stderr.writableLength > 0;
  const attempt = () => {
    if (pending()) {
      setTimeout(attempt, 200).unref();
      return;
    }
    // The code set last wins: a command that settled, then failed to write, exits with the failure's.
    const final = inv.code ?? 0;
    sayWhy?.(final);
    inv.io.exit?.(final);
  };
  setTimeout(attempt, afterMs).unref();
}
