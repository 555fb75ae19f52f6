// How many files this process may open: the CLI names it when the machine runs out (core/machine-errors.ts),
// the built-in engine when its VUs do (load/descriptor-watch.ts).
import { readFileSync } from 'node:fs';

/** The soft limit on open files (`ulimit -n`), or null where /proc does not say. */
export function openFileLimit(): number | null {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
    const soft = Number(line?.slice('Max open files'.length).trim().split(/\s+/)[0]);
    return Number.isFinite(soft) && soft > 0 ? soft : null;
  } catch {
    return null;
  }
}
