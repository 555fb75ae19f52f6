// A script run in a process of its own under strace, so that a test can read its system calls
// (durability: what was synced, in what order).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The trace's lines, or why it cannot be traced here (no strace, no ptrace in this container). */
export function traceScript(script: string, args: string[], dir: string): { lines: string[] } | { skip: string } {
  if (spawnSync('strace', ['-V']).status !== 0) return { skip: 'strace is not installed' };
  const trace = join(dir, 'trace.txt');
  const run = spawnSync('strace', ['-f', '-qq', '-e', 'trace=openat,fsync,rename,renameat,renameat2,close', '-o', trace, process.execPath, '--import', 'tsx', script, ...args], { encoding: 'utf8', timeout: 30_000 });
  if (run.status !== 0 && /ptrace|Operation not permitted/.test(run.stderr)) return { skip: `strace cannot trace here: ${run.stderr.trim()}` };
  if (run.status !== 0) throw new Error(`${script} exited ${run.status}: ${run.stderr}`);
  return { lines: readFileSync(trace, 'utf8').split('\n') };
}

/** Whether, in these lines, the folder is opened and that descriptor synced (as atomic-write.ts syncs a folder). */
export function folderSynced(lines: string[], dir: string): { synced: boolean; fd: string | undefined } {
  const opened = lines.map((l) => new RegExp(`openat\\(AT_FDCWD, "${dir}", O_RDONLY[^)]*\\) = (\\d+)`).exec(l)).find((m) => m !== null);
  const fd = opened?.[1];
  return { synced: fd !== undefined && lines.some((l) => new RegExp(`fsync\\(${fd}\\) += 0`).test(l)), fd };
}
