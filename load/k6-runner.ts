// Runs a bundle with real k6 when it is installed, passing k6's own outputs through, redacted.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { K6_COMPATIBILITY_MODE } from './bundle.ts';
import { guardProcessGroup } from './orphan-guard.ts';
import { output as harnessOutput, redact, timerMs } from '../core/index.ts';
import { sayRemoved, withoutHeaderPrinting } from './k6-debug-env.ts';
import { pipeRedacted } from './redacted-output.ts';

/** The k6 binary on PATH, or null. */
export function findK6(pathVar = process.env.PATH ?? ''): string | null {
  for (const dir of pathVar.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, process.platform === 'win32' ? 'k6.exe' : 'k6');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

export interface K6Run {
  binary: string;
  bundle: string;
  /** Flags for `k6 run` that depend on the k6 version (load/k6-version.ts: where its REST API listens). */
  args?: string[];
  /** Passed as environment variables, so that the token never appears in a process listing. */
  env: Record<string, string>;
  outputs: string[];
  /** More `k6 run` flags (the execution segment: k6 reads it from its flags only, never from K6_* variables). */
  flags?: string[];
  /** Stops k6 the way Ctrl-C does: it ends the test and writes its summary. */
  signal?: AbortSignal;
  /** No progress bar (k6's --quiet). */
  quiet?: boolean;
  /** Where k6's own output (banner, progress, summary, logs) goes: see K6Output. */
  output?: K6Output;
  /**
   * The longest the run can take when nothing hangs (load/longest-run.ts): past it, k6 has hung and
   * is stopped as a signal stops it (SIGINT, then SIGKILL after the grace).
   */
  deadlineMs?: number;
}

/**
 * Where k6's stdout and stderr go: the terminal as they are (the default); both to stderr, so that
 * the harness's stdout holds only what it prints itself (`run --json`: one JSON document); or
 * nowhere (`--quiet`: the verdict, its reasons and where the reports are, nothing of k6's).
 */
export type K6Output = 'terminal' | 'stderr' | 'none';

/** The output a command's flags ask for: quiet wins over --json, which needs stdout to itself. */
export function k6OutputFor(flags: { quiet?: boolean; json?: boolean }): K6Output {
  if (flags.quiet) return 'none';
  return flags.json ? 'stderr' : 'terminal';
}

/** What is kept of k6's stderr when it is not shown: its last lines, bounded. */
const LAST_WORDS_LINES = 10;
const LAST_WORDS_CHARS = 2000;

export interface K6Exit {
  /** k6's exit code; 105 (interrupted) when it overran its deadline, whatever it exited with once stopped. */
  code: number;
  /** It was still running at the deadline and had to be stopped. */
  overran: boolean;
  /** The signal that ended k6 when it did not exit by itself (the harness's SIGKILL after the grace, the OOM killer...), else null. */
  signal: NodeJS.Signals | null;
  /** With output 'none': the last lines k6 wrote to stderr (its error, when it ended with one), when it wrote any. */
  lastWords?: string;
}

/** How long k6 may take to write its summary once stopped, before it is killed. */
export const K6_STOP_GRACE_MS = 10_000;

/** k6's code for a run stopped from outside: what a hung run that had to be stopped ends with. */
const K6_INTERRUPTED = 105;

export function runK6(run: K6Run): Promise<K6Exit> {
  // Base mode: k6 before v0.53 would otherwise run Babel over the script (see K6_COMPATIBILITY_MODE).
  const args = ['run', '--no-usage-report', `--compatibility-mode=${K6_COMPATIBILITY_MODE}`, ...(run.args ?? []), ...(run.quiet ? ['--quiet'] : []), ...run.outputs.flatMap((o) => ['--out', o]), ...(run.flags ?? []), run.bundle];
  return new Promise((resolve, reject) => {
    // Its own process group: Ctrl-C in a terminal reaches only the harness, which passes k6 one
    // SIGINT (a second one, from the terminal, would make k6 quit without its summary).
    const { env, removed } = withoutHeaderPrinting({ ...process.env, ...run.env });
    sayRemoved(removed);
    // Its output passes through the redactor (load/redacted-output.ts), never straight to the
    // terminal: to stdout and stderr, stdout onto stderr when stdout is the harness's JSON, and
    // with output 'none' only stderr's last lines kept, which say why a run k6 ended with an error failed.
    const output = run.output ?? 'terminal';
    const streams = harnessOutput();
    const child = spawn(run.binary, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const tail = output === 'none' ? keepTail(child.stderr) : null;
    if (output === 'none') child.stdout.resume();
    const printed = output === 'none' ? Promise.resolve() : Promise.all([pipeRedacted(child.stdout, output === 'stderr' ? streams.stderr : streams.stdout), pipeRedacted(child.stderr, streams.stderr)]);
    // Even a harness killed outright (no 'exit' handler runs) takes k6's group with it.
    const guard = child.pid === undefined ? null : guardProcessGroup(child.pid);
    let killTimer: NodeJS.Timeout | undefined;
    // Once only: a second SIGINT makes k6 quit without its summary.
    const stop = () => {
      if (killTimer) return;
      child.kill('SIGINT');
      killTimer = setTimeout(() => child.kill('SIGKILL'), K6_STOP_GRACE_MS);
    };
    let overran = false;
    // A profile's longest run plus the grace may pass what a timer holds, which would fire at once.
    const deadline = run.deadlineMs === undefined ? undefined : setTimeout(() => { if (killTimer) return; overran = true; stop(); }, timerMs(run.deadlineMs));
    // Whatever ends the harness (a second signal exits at once), k6 never keeps loading the target.
    const reap = () => child.kill('SIGKILL');
    process.once('exit', reap);
    if (run.signal?.aborted) stop();
    else run.signal?.addEventListener('abort', stop, { once: true });
    child.once('error', (err) => {
      clearTimeout(deadline);
      guard?.release();
      process.off('exit', reap);
      reject(err);
    });
    child.once('close', (code, sig) => {
      clearTimeout(killTimer);
      clearTimeout(deadline);
      guard?.release();
      process.off('exit', reap);
      run.signal?.removeEventListener('abort', stop);
      // A hung run stopped at its deadline is interrupted, never a pass, whatever k6 said on its way out.
      const lastWords = tail ? redact(tail.text()) : '';
      // Resolved once all k6 printed is through: the harness's verdict comes after k6's summary.
      void printed.then(() => resolve({ code: overran ? K6_INTERRUPTED : (code ?? (sig ? K6_INTERRUPTED : 1)), overran, signal: code === null ? sig : null, ...(lastWords ? { lastWords } : {}) }));
    });
  });
}

/** Reads a stream to its end, keeping only its last lines (bounded in lines and characters). */
function keepTail(stream: NodeJS.ReadableStream): { text: () => string } {
  let lines: string[] = [];
  let partial = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = (parts.pop() ?? '').slice(-LAST_WORDS_CHARS);
    lines = [...lines, ...parts.filter((l) => l.trim() !== '')].slice(-LAST_WORDS_LINES);
  });
  return { text: () => [...lines, ...(partial.trim() ? [partial] : [])].slice(-LAST_WORDS_LINES).join('\n').slice(-LAST_WORDS_CHARS) };
}
