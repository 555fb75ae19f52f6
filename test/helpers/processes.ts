// The processes of this machine as /proc shows them: which ones still run, and which ones a run
// started (found by a string only their command lines hold, such as a fresh run folder).
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { answersVersion } from './fake-k6.ts';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  cmdline: string;
}

/** Running: it exists and is no zombie (a zombie runs nothing; nobody may have reaped it yet). */
export function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX]/s.test(stat);
  } catch {
    return false;
  }
}

/** Every running process whose command line contains `marker`. */
export function processesWith(marker: string): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      if (!cmdline.includes(marker) || !running(pid)) continue;
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      found.push({ pid, ppid, cmdline });
    } catch {
      // Gone while listed.
    }
  }
  return found;
}

/** The running children of `pid`. */
export function childrenOf(pid: number): ProcessInfo[] {
  return processesWith('').filter((p) => p.ppid === pid);
}

/** Polls `check` every 50 ms until it holds; false when `ms` pass first. */
export async function eventually(check: () => boolean, ms: number): Promise<boolean> {
  const until = performance.now() + ms;
  for (;;) {
    if (check()) return true;
    if (performance.now() > until) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A stand-in for k6, written as `k6` into `binDir` (put it first on PATH). It records its pid in
 * STAND_IN_K6_PID_DIR (one file per process), prints "stand-in k6 running", ignores SIGTERM and
 * never exits by itself: a k6 that hangs after its test. SIGINT is ignored too, unless
 * STAND_IN_K6_SIGINT=exit-0: then it exits 0 at once, as a k6 whose thresholds held. With
 * STAND_IN_K6_SIGINT=killed it is killed (SIGKILL) as soon as it runs.
 */
export function writeHangingK6(binDir: string): string {
  mkdirSync(binDir, { recursive: true });
  const file = join(binDir, 'k6');
  writeFileSync(file, `#!${process.execPath}
${answersVersion()}
const fs = require('node:fs');
const dir = process.env.STAND_IN_K6_PID_DIR;
if (dir) fs.writeFileSync(dir + '/' + process.pid, JSON.stringify(process.argv.slice(2)));
process.on('SIGINT', () => { if (process.env.STAND_IN_K6_SIGINT === 'exit-0') process.exit(0); });
process.on('SIGTERM', () => {});
process.stderr.write('stand-in k6 running\\n');
// Killed from outside, as by the OOM killer.
if (process.env.STAND_IN_K6_SIGINT === 'killed') process.kill(process.pid, 'SIGKILL');
setInterval(() => {}, 1000);
`);
  chmodSync(file, 0o755);
  return file;
}

/** The pids the stand-in k6 recorded in `dir`. */
export function standInPids(dir: string): number[] {
  return existsSync(dir) ? readdirSync(dir).filter((n) => /^\d+$/.test(n)).map(Number) : [];
}
