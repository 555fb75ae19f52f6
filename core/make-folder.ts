// Makes a folder and its missing parents, one level at a time. Node's own
// mkdirSync(dir, { recursive: true }) never returns when a parent exists but refuses new entries
// with ENOENT (/proc/x, /sys/x): a --report-dir there hung the run instead of ending it.
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Throws the first error of the level that cannot be made (ENOENT, ENOTDIR, EACCES...), as mkdirSync does. */
export function makeFolder(path: string): void {
  const missing: string[] = [];
  let dir = resolve(path);
  while (!exists(dir)) {
    missing.push(dir);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const level of missing.reverse()) {
    try {
      mkdirSync(level);
    } catch (err) {
      // Made by another run meanwhile: as good as made here.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(level).isDirectory()) throw err;
    }
  }
  // A file where the folder should be: the same error mkdirSync gives.
  if (!statSync(resolve(path)).isDirectory()) throw Object.assign(new Error(`${resolve(path)} is a file`), { code: 'ENOTDIR' });
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
