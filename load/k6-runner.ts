// Runs a bundle with real k6 when it is installed, passing k6's own outputs through.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

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
  signal?: AbortSignal;
}

export function runK6(run: K6Run): Promise<number> {
  const args = ['run', '--no-usage-report', ...run.outputs.flatMap((o) => ['--out', o]), run.bundle];
  return new Promise((resolve, reject) => {
    const child = spawn(run.binary, args, { env: { ...process.env, ...run.env }, stdio: ['ignore', 'inherit', 'inherit'] });
    const stop = () => child.kill('SIGINT');
    run.signal?.addEventListener('abort', stop, { once: true });
    child.once('error', reject);
    child.once('close', (code, sig) => {
      run.signal?.removeEventListener('abort', stop);
      resolve(code ?? (sig ? 105 : 1));
    });
  });
}
