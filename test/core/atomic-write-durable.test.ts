// A report written atomically survives a crash once the write returns: the file is synced, renamed
// over its name, and then its folder is synced (the new name is an entry of the folder; without it
// a crash can bring back the old file, or none). The system calls of a real process, under strace.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { folderSynced, traceScript } from '../helpers/strace.ts';

const CHILD = fileURLToPath(new URL('../fixtures/write-atomic-child.ts', import.meta.url));

describe('writeFileAtomic', () => {
  it('syncs the folder after the rename', (ctx) => {
    const dir = mkdtempSync(join(tmpdir(), 'calls-harness-durable-'));
    const file = join(dir, 'result.json');
    const traced = traceScript(CHILD, [file], dir);
    if ('skip' in traced) return ctx.skip(traced.skip);
    expect(readFileSync(file, 'utf8')).toBe('{"whole":true}\n');
    const renamed = traced.lines.findIndex((l) => /rename\w*\(.*\.result\.json\.\d+\.[0-9a-f]+\.tmp".*"[^"]*\/result\.json".*= 0/.test(l));
    expect(renamed, 'the rename of the temporary file').toBeGreaterThan(-1);
    // After it: the folder opened, and that descriptor synced.
    const after = traced.lines.slice(renamed + 1);
    const { synced, fd } = folderSynced(after, dir);
    expect(synced, `the folder opened (fd ${fd}) and synced after the rename:\n${after.join('\n')}`).toBe(true);
  }, 40_000);
});
