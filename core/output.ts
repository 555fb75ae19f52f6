// Where the harness's own text goes: the process's stdout and stderr, unless a caller runs a
// command in-process with streams of its own (cli/main.ts's `main(argv, io)`, which the tests call
// to capture what a command prints without starting a process). The streams travel with the async
// context of the call (AsyncLocalStorage), so that a runner's relayed lines (load/run-runners.ts),
// k6's redacted output (load/k6-runner.ts) or a script's console reach the caller's streams from
// any room, however deep, without being passed down by hand.
import { AsyncLocalStorage } from 'node:async_hooks';

/** What the harness writes to: a text sink, and whether a terminal is behind it. */
export interface OutputStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface Output {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
}

const PROCESS_OUTPUT: Output = {
  get stdout() {
    return process.stdout;
  },
  get stderr() {
    return process.stderr;
  },
};

const current = new AsyncLocalStorage<Output>();

/** The streams of the call in progress: the process's own outside `withOutput`. */
export function output(): Output {
  return current.getStore() ?? PROCESS_OUTPUT;
}

/** Runs `fn` with `out` as the harness's stdout and stderr, for everything it starts. */
export function withOutput<T>(out: Output, fn: () => T): T {
  return current.run(out, fn);
}
