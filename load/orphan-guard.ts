// No load outlives the harness. k6 and the runner processes run in process groups of their own (a
// terminal's Ctrl-C must reach only the harness, which passes each one SIGINT), so nothing kills
// them with the harness: a harness killed outright (SIGKILL, the OOM killer, a CI step whose
// parent died) runs no 'exit' handler and would leave them loading the target for the rest of the
// profile, or forever when they hang. A watchdog process, in a group of its own as well, holds a
// pipe from the harness and the list of groups to stop; when the pipe closes, the harness is gone
// however it ended, and the watchdog kills every group still listed, then exits.
import { spawn, type ChildProcess } from 'node:child_process';

/**
 * The watchdog, run as `node -e`. Lines on stdin: "+PID" watches the group PID leads, "-PID"
 * forgets it (reaped). Stop signals are ignored: a signal that stops a run gracefully reaches the
 * harness, which stops its children itself; only the pipe closing means the harness is gone.
 */
export const WATCHDOG_SOURCE = `
const groups = new Set();
let pending = '';
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => {});
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  pending += chunk;
  const lines = pending.split('\\n');
  pending = lines.pop();
  for (const line of lines) {
    const pid = Number(line.slice(1));
    if (!Number.isInteger(pid) || pid <= 1) continue;
    if (line[0] === '+') groups.add(pid); else groups.delete(pid);
  }
});
const killAll = () => {
  for (const pid of groups) {
    for (const target of [-pid, pid]) { try { process.kill(target, 'SIGKILL'); } catch {} }
  }
  process.exit(0);
};
process.stdin.on('end', killAll);
process.stdin.on('error', killAll);
process.stdin.on('close', killAll);
`;

let watchdog: ChildProcess | null = null;

function started(): ChildProcess {
  if (watchdog && watchdog.exitCode === null && watchdog.signalCode === null) return watchdog;
  // No environment: it needs none, and the token has no business in one more process.
  const child = spawn(process.execPath, ['-e', WATCHDOG_SOURCE], { env: {}, stdio: ['pipe', 'ignore', 'ignore'], detached: true });
  // It must never keep the harness alive: the pipe and the process are both left out of the event loop.
  child.unref();
  (child.stdin as NodeJS.WritableStream & { unref?: () => void }).unref?.();
  child.stdin?.on('error', () => undefined);
  child.on('error', () => undefined);
  watchdog = child;
  return child;
}

export interface GroupGuard {
  /** The group was reaped: the watchdog forgets it (its pid may be reused later). */
  release(): void;
}

/** Kills the process group `pid` leads if the harness ends before `release()`, however it ends. */
export function guardProcessGroup(pid: number): GroupGuard {
  const dog = started();
  dog.stdin?.write(`+${pid}\n`);
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      if (dog.stdin?.writable) dog.stdin.write(`-${pid}\n`);
    },
  };
}
