// One call of the CLI and what it writes to. `main(argv, io)` (cli/main.ts) runs a command with
// its own streams and its own record of how it ended; the commands print through `print` and
// `printError` and record their exit code with `setExitCode`, never through console, the process's
// streams or process.exitCode. So the same command runs as a process (bin/calls-harness.js hands
// it the process's streams, then exits with the code) or in-process (the tests: a call with
// captured streams, which returns the code and leaves the process as it found it).
import { AsyncLocalStorage } from 'node:async_hooks';
import { output, withOutput, type OutputStream } from '../core/index.ts';

export interface CliStream extends OutputStream {
  /** The terminal's width, when a terminal is behind the stream (help text is wrapped to it). */
  readonly columns?: number;
}

export interface CliIo {
  readonly stdout: CliStream;
  readonly stderr: CliStream;
  /**
   * The process's own exit, given only by the process's own io (`processIo()`): a second stop
   * signal exits through it at once, and the stop handlers then stay for the life of the process
   * (a signal after the command returned still makes the exit the interrupted one). Without it,
   * a call leaves no handler behind and never ends the process.
   */
  readonly exit?: (code: number) => never;
}

/** The process's streams and exit: what bin/calls-harness.js runs the CLI with. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, exit: (code) => process.exit(code) };
}

/** How a command ended, for the bound on the process's exit (cli/stop-signals.ts). */
export type Ending = 'run' | 'error';

export class Invocation {
  /** The exit code recorded last (the code set last wins, as process.exitCode did). */
  #code: number | undefined;
  /** A stop signal came. */
  stopped = false;
  /** The first ending recorded: a run that settled, or an error (null: the command just returned). */
  ending: Ending | null = null;
  /** Whether the recorded code is mirrored onto process.exitCode (the process's invocation, once returned). */
  mirrored = false;
  readonly #cleanups: (() => void)[] = [];

  constructor(readonly io: CliIo) {}

  get code(): number | undefined {
    return this.#code;
  }

  record(code: number): void {
    this.#code = code;
    if (this.mirrored) process.exitCode = code;
  }

  ended(how: Ending): void {
    this.ending ??= how;
  }

  /** Undone when an in-process call returns (a signal handler); kept for the process's own. */
  onReturn(cleanup: () => void): void {
    this.#cleanups.push(cleanup);
  }

  returned(): void {
    if (this.io.exit) return;
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
  }
}

const current = new AsyncLocalStorage<Invocation>();
/** The process's own invocation: code that runs outside `main` (a test's fixture) records there. */
let processInvocation: Invocation | null = null;

/** The invocation in progress. */
export function invocation(): Invocation {
  return current.getStore() ?? (processInvocation ??= new Invocation(processIo()));
}

/** Runs `fn` as one invocation with `io`'s streams; the process's io makes it the process's invocation. */
export function withInvocation<T>(io: CliIo, fn: (inv: Invocation) => Promise<T>): Promise<T> {
  const inv = new Invocation(io);
  if (io.exit) processInvocation = inv;
  return current.run(inv, () => withOutput(io, () => fn(inv)));
}

/** The process's invocation, once `main` returned (bin/calls-harness.js bounds its exit on it). */
export function theProcessInvocation(): Invocation {
  return processInvocation ??= new Invocation(processIo());
}

/** A line on the command's stdout (what console.log printed). */
export function print(text: string): void {
  output().stdout.write(`${text}\n`);
}

/** A line on the command's stderr (what console.error printed). */
export function printError(text: string): void {
  output().stderr.write(`${text}\n`);
}

/** Text on stdout as it is, no line end added. */
export function write(text: string): void {
  output().stdout.write(text);
}

/** Text on stderr as it is. */
export function writeError(text: string): void {
  output().stderr.write(text);
}

/** Whether a terminal reads the command's stdout (colours, rewritten lines). */
export function stdoutIsTTY(): boolean {
  return output().stdout.isTTY === true;
}

/** The command's exit code, returned by `main` (the code set last wins). */
export function setExitCode(code: number): void {
  invocation().record(code);
}
