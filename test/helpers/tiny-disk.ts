// A real small file system (tmpfs) that a test can fill up, for what a full disk does to a run.
// Mounting needs root with CAP_SYS_ADMIN; elsewhere `mountTinyDisk` says why it cannot.
import { spawnSync } from 'node:child_process';
import { closeSync, ftruncateSync, fstatSync, mkdtempSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

export interface TinyDisk {
  dir: string;
  /** Fills the disk (afresh), then frees `leaveBytes` (rounded to pages by tmpfs), so the next big write stops part-way. */
  fill(leaveBytes?: number): void;
  unmount(): void;
}

export function mountTinyDisk(size: string): TinyDisk | string {
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root';
  const dir = mkdtempSync(join(tmpdir(), 'calls-harness-tiny-disk-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { encoding: 'utf8' });
  if (mounted.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return `mount -t tmpfs is not permitted here (${(mounted.stderr || mounted.error?.message || '').trim()})`;
  }
  return {
    dir,
    fill(leaveBytes = 0) {
      // One filler at a time: the space left is what this call says, whatever was filled before.
      for (const f of readdirSync(dir).filter((n) => n.startsWith('filler-'))) rmSync(join(dir, f));
      const fd = openSync(join(dir, `filler-${Date.now()}`), 'w');
      const chunk = Buffer.alloc(64 * 1024, 1);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
      }
      if (leaveBytes) ftruncateSync(fd, Math.max(0, fstatSync(fd).size - leaveBytes));
      closeSync(fd);
    },
    unmount() {
      spawnSync('umount', ['-l', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A tiny disk for the tests of one file: mounted before them, unmounted after. The function it
 * returns gives the disk, or skips the test with the reason it cannot be mounted here.
 */
export function tinyDiskForFile(size: string): (ctx: { skip: (reason: string) => void }) => TinyDisk {
  let disk: TinyDisk | string = 'not mounted yet';
  beforeAll(() => {
    disk = mountTinyDisk(size);
  });
  afterAll(() => {
    if (typeof disk !== 'string') disk.unmount();
  });
  return (ctx) => {
    if (typeof disk === 'string') ctx.skip(disk);
    return disk as TinyDisk;
  };
}
