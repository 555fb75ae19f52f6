// A report written atomically survives a crash once the write returns: the file is synced, renamed
// over its name, and then its folder is synced (the new name is an entry of the folder; without it
// a crash can bring back the old file, or none). The system calls of a real process, under strace.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CHILD = fileURLToPath(new URL('../fixtures/write-atomic-child.ts', import.meta.url));

describe('writeFileAtomic', () => {
  it('syncs the folder after the rename', (ctx) => {
    if (spawnSync('strace', ['-V']).status !== 0) ctx.skip('strace is not installed');
    const dir = mkdtempSync(join(tmpdir(), 'calls-harness-durable-'));
    const file = join(dir, 'result.json');
    const trace = join(dir, 'trace.txt');
    const run = spawnSync('strace', ['-f', '-qq', '-e', 'trace=openat,fsync,rename,renameat,renameat2,close', '-o', trace, process.execPath, '--import', 'tsx', CHILD, file], { encoding: 'utf8', timeout: 30_000 });
    if (run.status !== 0 && /ptrace|Operation not permitted/.test(run.stderr)) ctx.skip(`strace cannot trace here: ${run.stderr.trim()}`);
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe('{"whole":true}\n');
    const lines = readFileSync(trace, 'utf8').split('\n');
    const renamed = lines.findIndex((l) => /rename\w*\(.*\.result\.json\.\d+\.[0-9a-f]+\.tmp".*"[^"]*\/result\.json".*= 0/.test(l));
    expect(renamed, 'the rename of the temporary file').toBeGreaterThan(-1);
    // After it: the folder opened, and that descriptor synced.
    const after = lines.slice(renamed + 1);
    const opened = after.map((l) => new RegExp(`openat\\(AT_FDCWD, "${dir}", O_RDONLY[^)]*\\) = (\\d+)`).exec(l)).find((m) => m !== null);
    expect(opened, `the folder opened after the rename:\n${after.join('\n')}`).toBeDefined();
    expect(after.some((l) => new RegExp(`fsync\\(${opened?.[1]}\\) += 0`).test(l)), `fsync(${opened?.[1]}) after the rename`).toBe(true);
  }, 40_000);
});
