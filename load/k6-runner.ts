// Runs a bundle with real k6 when it is installed, passing k6's own outputs through.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { K6_COMPATIBILITY_MODE } from './bundle.ts';
import { guardProcessGroup } from './orphan-guard.ts';

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
  /** Passed as environment variables, so that the token never appears in a process listing. */
  env: Record<string, string>;
  outputs: string[];
  /** More `k6 run` flags (the execution segment: k6 reads it from its flags only, never from K6_* variables). */
  flags?: string[];
  /** Stops k6 the way Ctrl-C does: it ends the test and writes its summary. */
  signal?: AbortSignal;
  /** No progress bar (k6's --quiet). */
  quiet?: boolean;
  /**
   * The longest the run can take when nothing hangs (load/longest-run.ts): past it, k6 has hung and
   * is stopped as a signal stops it (SIGINT, then SIGKILL after the grace).
   */
  deadlineMs?: number;
}

export interface K6Exit {
  /** k6's exit code; 105 (interrupted) when it overran its deadline, whatever it exited with once stopped. */
  code: number;
  /** It was still running at the deadline and had to be stopped. */
  overran: boolean;
  /** The signal that ended k6 when it did not exit by itself (the harness's SIGKILL after the grace, the OOM killer...), else null. */
  signal: NodeJS.Signals | null;
}

/** How long k6 may take to write its summary once stopped, before it is killed. */
export const K6_STOP_GRACE_MS = 10_000;

/** k6's code for a run stopped from outside: what a hung run that had to be stopped ends with. */
const K6_INTERRUPTED = 105;

export function runK6(run: K6Run): Promise<K6Exit> {
  // Base mode: k6 before v0.53 would otherwise run Babel over the script (see K6_COMPATIBILITY_MODE).
  const args = ['run', '--no-usage-report', `--compatibility-mode=${K6_COMPATIBILITY_MODE}`, ...(run.quiet ? ['--quiet'] : []), ...run.outputs.flatMap((o) => ['--out', o]), ...(run.flags ?? []), run.bundle];
  return new Promise((resolve, reject) => {
    // Its own process group: Ctrl-C in a terminal reaches only the harness, which passes k6 one
    // SIGINT (a second one, from the terminal, would make k6 quit without its summary).
    const child = spawn(run.binary, args, { env: { ...process.env, ...run.env }, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
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
    const deadline = run.deadlineMs === undefined ? undefined : setTimeout(() => { if (killTimer) return; overran = true; stop(); }, run.deadlineMs);
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
      resolve({ code: overran ? K6_INTERRUPTED : (code ?? (sig ? K6_INTERRUPTED : 1)), overran, signal: code === null ? sig : null });
    });
  });
}
