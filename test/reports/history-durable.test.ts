// The history file, once appendHistory made it, survives a crash: the line is synced, and so is the
// folder the new file is an entry of (as writeFileAtomic syncs a report's folder). The system calls
// of a real process, under strace.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { folderSynced, traceScript } from '../helpers/strace.ts';

const APPEND = fileURLToPath(new URL('../fixtures/append-history-n.ts', import.meta.url));

describe('appendHistory', () => {
  it('syncs the folder after it created the history file and synced its line', (ctx) => {
    const dir = mkdtempSync(join(tmpdir(), 'calls-harness-history-durable-'));
    const file = join(dir, 'history.ndjson');
    const traced = traceScript(APPEND, [file, 'first', '1'], dir);
    if ('skip' in traced) return ctx.skip(traced.skip);
    expect(readFileSync(file, 'utf8')).toContain('"runId":"first-0"');
    const created = traced.lines.findIndex((l) => new RegExp(`openat\\(AT_FDCWD, "${file}", [^)]*O_CREAT[^)]*\\) = \\d+`).test(l));
    expect(created, 'the history file created').toBeGreaterThan(-1);
    const after = traced.lines.slice(created + 1);
    const { synced, fd } = folderSynced(after, dir);
    expect(synced, `the folder opened (fd ${fd}) and synced after the file was created:\n${after.join('\n')}`).toBe(true);
  }, 40_000);
});
