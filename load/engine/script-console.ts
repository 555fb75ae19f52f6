// Where a script's console goes on the built-in engine: stderr, as k6 logs console output to
// stderr (so that the harness's stdout holds only what it prints itself: `run --json` is one JSON
// document), or nowhere with --quiet, as k6's output is not shown then. The script runs in the
// harness's process and calls the global console, so the global is swapped for the run and put
// back after; runs that overlap in one process (tests) share the swap, undone by the last.
// A script prints what the target answered (a body it logs to debug a check), so what it prints
// is captured text like any other: redacted (core/secrets.ts) before it is written.
import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { format } from 'node:util';
import { output, redact } from '../../core/index.ts';

const METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

export type ScriptConsole = 'stderr' | 'none';

let installed: { original: Console; depth: number } | null = null;

/** Sends the script's console where asked until the returned function is called. */
export function installScriptConsole(where: ScriptConsole): () => void {
  if (installed) installed.depth++;
  else {
    installed = { original: globalThis.console, depth: 1 };
    // The harness's stderr of the call that starts the run (core/output.ts): the process's, or a caller's.
    const stderr = output().stderr;
    const stream = new Writable({ write: (chunk: Buffer | string, _encoding, done) => { if (where === 'stderr') stderr.write(chunk.toString()); done(); } });
    const scriptConsole = new Console({ stdout: stream, stderr: stream });
    for (const name of METHODS) {
      const print = scriptConsole[name].bind(scriptConsole);
      scriptConsole[name] = (...args: unknown[]) => print(redact(format(...args)));
    }
    globalThis.console = scriptConsole;
  }
  let undone = false;
  return () => {
    if (undone || !installed) return;
    undone = true;
    if (--installed.depth === 0) {
      globalThis.console = installed.original;
      installed = null;
    }
  };
}
