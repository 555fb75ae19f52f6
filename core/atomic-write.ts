// A report file is whole or absent: written to a temporary file beside it, synced, then renamed
// over its name, and the folder synced so that the rename survives a crash. A full disk or a crash
// mid-write never leaves half a report that a later reader (report render, compare, merge) would
// take for a run.
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { makeFolder } from './make-folder.ts';

/** A file that could not be written, by its own name (never the temporary one). */
export class FileWriteError extends Error {
  constructor(readonly path: string, readonly code: string, readonly reason: string) {
    super(`${path}: ${reason}`);
  }
}

const REASONS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOENT: 'its folder does not exist',
  ENOTDIR: 'a part of its path is a file, not a folder',
  EISDIR: 'it is a folder',
  EMFILE: 'too many open files (raise `ulimit -n`)',
  EIO: 'input/output error',
};

/** "ENOSPC: no space left on the device": the code, for scripts, and what it means, for people. */
export function writeErrorReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (!code) return (err as Error).message ?? String(err);
  return REASONS[code] ? `${code}: ${REASONS[code]}` : code;
}

/** The folder and its parents (make-folder.ts), its failure (a full disk, a read-only parent) a FileWriteError naming it. */
export function makeFolderToWrite(dir: string): void {
  try {
    makeFolder(dir);
  } catch (err) {
    throw new FileWriteError(resolve(dir), (err as NodeJS.ErrnoException).code ?? 'EIO', writeErrorReason(err));
  }
}

export function writeFileAtomic(path: string, content: string | Uint8Array, mode = 0o644): void {
  const full = resolve(path);
  const temp = join(dirname(full), `.${basename(full)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | null = null;
  try {
    fd = openSync(temp, 'wx', mode);
    const bytes = typeof content === 'string' ? Buffer.from(content) : content;
    // writeSync may write less than asked (a disk filling up): loop, and a write of nothing is an error.
    for (let off = 0; off < bytes.length; ) {
      const n = writeSync(fd, bytes, off, bytes.length - off);
      if (n <= 0) throw Object.assign(new Error('short write'), { code: 'ENOSPC' });
      off += n;
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(temp, full);
    syncFolder(dirname(full));
  } catch (err) {
    if (fd !== null) closeQuietly(fd);
    removeQuietly(temp);
    throw new FileWriteError(full, (err as NodeJS.ErrnoException).code ?? 'EIO', writeErrorReason(err));
  }
}

/**
 * A new name (the rename here, a file created) is an entry of the folder: until the folder is
 * synced, a crash may bring back the old file, or none, after the write returned. Best effort: the file is written whatever happens here,
 * and a folder that cannot be opened or synced (Windows, some file systems, a folder that can be
 * written but not read) costs only that durability, never the report.
 */
export function syncFolder(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // As durable as this platform makes it.
  } finally {
    closeSync(fd);
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Already failing: the write's own error is the one to report.
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Never created (the folder is not writable), or already gone.
  }
}
