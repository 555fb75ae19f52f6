// The history survives a process killed mid-append; damaged lines are skipped and reported.
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { appendHistory, historyEntry, HistoryError, readHistory } from '../../reports/history.ts';
import { fixedResult } from '../fixtures/results.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-history-'));
const APPENDER = fileURLToPath(new URL('../fixtures/append-history-forever.ts', import.meta.url));

describe('history store', () => {
  it('keeps every earlier run when the writer is killed mid-append, and takes new runs after', async () => {
    const file = join(dir, 'killed.ndjson');
    for (let i = 0; i < 3; i++) appendHistory(file, { ...historyEntry(fixedResult()), runId: `before-${i}` });
    for (let round = 0; round < 3; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', APPENDER, file], { stdio: 'ignore' });
      // Killed while it writes, however long it took to start on a busy machine.
      const before = statSync(file).size;
      for (let waited = 0; statSync(file).size === before && waited < 15_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 100 + round * 50));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('close', r));
    }
    appendHistory(file, { ...historyEntry(fixedResult()), runId: 'after' });
    const read = readHistory(file);
    expect(read.entries.slice(0, 3).map((e) => e.runId)).toEqual(['before-0', 'before-1', 'before-2']);
    expect(read.entries[read.entries.length - 1]?.runId).toBe('after');
    expect(read.entries.length).toBeGreaterThan(10);
    // At most the one line each kill cut short.
    expect(read.skipped.length).toBeLessThanOrEqual(3);
  }, 30_000);

  it('skips a line damaged by hand, reporting its number, and keeps the rest', () => {
    const file = join(dir, 'damaged.ndjson');
    appendHistory(file, { ...historyEntry(fixedResult()), runId: 'a' });
    appendFileSync(file, '{"version": 1, "runId": "half\n');
    appendFileSync(file, '[1, 2, 3]\n');
    appendHistory(file, { ...historyEntry(fixedResult()), runId: 'b' });
    const read = readHistory(file);
    expect(read.entries.map((e) => e.runId)).toEqual(['a', 'b']);
    expect(read.skipped.map((s) => s.line)).toEqual([2, 3]);
  });

  it('skips, by line number, a line that is JSON but not a history entry (wrong types, missing fields)', () => {
    const file = join(dir, 'typed.ndjson');
    const good = historyEntry(fixedResult());
    appendHistory(file, { ...good, runId: 'a' });
    const wrongTypes = { ...good, runId: 'b', load: [{ ...good.load[0], operations: [{ ...good.load[0]?.operations[0], p95: '320 ms', requests: null }] }] };
    appendFileSync(file, `${JSON.stringify(wrongTypes)}\n`);
    appendFileSync(file, `${JSON.stringify({ ...good, runId: 'c', startedAt: 'yesterday' })}\n`);
    appendFileSync(file, `${JSON.stringify({ version: 1, runId: 'd' })}\n`);
    appendHistory(file, { ...good, runId: 'e' });
    const read = readHistory(file);
    expect(read.entries.map((e) => e.runId)).toEqual(['a', 'e']);
    expect(read.skipped.map((s) => s.line)).toEqual([2, 3, 4]);
    expect(read.skipped[0]?.reason).toMatch(/\/load\/0\/operations\/0\/(p95|requests) must be number/);
    expect(read.skipped[1]?.reason).toMatch(/\/startedAt must match format "date-time"/);
    expect(read.skipped[2]?.reason).toMatch(/must have required property/);
  });

  it('a history path that is a folder or missing is one clear error', () => {
    expect(() => readHistory(dir)).toThrow(HistoryError);
    expect(() => readHistory(dir)).toThrow(/is a folder, not a file/);
    expect(() => readHistory(join(dir, 'nope.ndjson'))).toThrow(/does not exist/);
  });

  it('starts a new line when the file ends in the middle of one', () => {
    const file = join(dir, 'torn.ndjson');
    writeFileSync(file, `${JSON.stringify({ ...historyEntry(fixedResult()), runId: 'a' })}\n{"version":1,"run`);
    appendHistory(file, { ...historyEntry(fixedResult()), runId: 'b' });
    expect(readFileSync(file, 'utf8').split('\n').filter(Boolean)).toHaveLength(3);
    expect(readHistory(file).entries.map((e) => e.runId)).toEqual(['a', 'b']);
  });
});
