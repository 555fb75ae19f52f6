// What the machine refused, said as such: a system error that escaped to the top (a full disk, the
// open-file limit) is the machine's, never reported as a bug in the harness (E_INTERNAL, exit 70).
import { openFileLimit } from './open-file-limit.ts';
import { writeErrorReason } from './atomic-write.ts';

const FULL = new Set(['ENOSPC', 'EDQUOT', 'EROFS']);
const FDS = new Set(['EMFILE', 'ENFILE']);

export function machineError(err: unknown): { code: 'E_FD_LIMIT' | 'E_OUTPUT_NOT_WRITABLE'; message: string } | null {
  const e = err as NodeJS.ErrnoException;
  const where = e.path ? ` (${e.syscall ?? 'open'} ${e.path})` : '';
  if (e.code && FDS.has(e.code)) {
    const limit = openFileLimit();
    return { code: 'E_FD_LIMIT', message: `calls-harness ran out of file descriptors${where}: ${e.code === 'ENFILE' ? 'the system-wide table is full' : `the limit of this process is ${limit ?? 'unknown'} (\`ulimit -n\`)`}. Raise it (\`ulimit -n 65536\` in the shell that runs calls-harness, or LimitNOFILE= for a service), or run fewer VUs, then run again.` };
  }
  if (e.code && FULL.has(e.code)) {
    return { code: 'E_OUTPUT_NOT_WRITABLE', message: `A write failed${where}: ${writeErrorReason(err)}. Free space on that device (or make it writable), then run again.` };
  }
  return null;
}
