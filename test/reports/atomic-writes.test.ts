// On a disk that fills up, a report is whole or absent and a history line whole or skipped: never
// half a file that a later reader takes for a run. On a real (tiny) tmpfs, filled for real.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileWriteError, writeFileAtomic } from '../../core/atomic-write.ts';
import { appendHistory, historyEntry, readHistory } from '../../reports/history.ts';
import { readSummaryFile } from '../../load/summary-file.ts';
import { k6RunnerMetrics } from '../../load/merge/k6-runner-metrics.ts';
import { writeRunFolder } from '../../reports/write-run-folder.ts';
import { fixedResult } from '../fixtures/results.ts';
import { mountTinyDisk, tinyDiskForFile } from '../helpers/tiny-disk.ts';

const APPENDER = fileURLToPath(new URL('../fixtures/append-history-n.ts', import.meta.url));

const tiny = tinyDiskForFile('1m');

describe('writes on a disk that fills up', () => {
  it('a report too big for the space left is absent, with no temporary file, and an older one stays whole', (ctx) => {
    const d = tiny(ctx);
    const folder = join(d.dir, 'replace');
    writeRunFolder(folder, fixedResult());
    const before = readFileSync(join(folder, 'result.json'), 'utf8');
    d.fill(4096);
    const big = JSON.stringify({ filler: 'x'.repeat(64 * 1024) });
    // Without the temporary file, writeFileSync would leave the first page of it as result.json.
    expect(() => writeFileAtomic(join(folder, 'result.json'), big)).toThrow(FileWriteError);
    expect(() => writeFileAtomic(join(folder, 'new.json'), big)).toThrow(/new\.json: ENOSPC: no space left on the device/);
    expect(readFileSync(join(folder, 'result.json'), 'utf8')).toBe(before);
    expect(existsSync(join(folder, 'new.json'))).toBe(false);
    expect(readdirSync(folder).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a run folder that cannot be finished has no result.json, so nothing reads it as a run', (ctx) => {
    const d = tiny(ctx);
    d.fill(0);
    const folder = join(d.dir, 'never-whole');
    let failed: unknown = null;
    try {
      writeRunFolder(folder, fixedResult());
    } catch (err) {
      failed = err;
    }
    expect(failed).toBeInstanceOf(FileWriteError);
    expect(existsSync(join(folder, 'result.json'))).toBe(false);
  });

  it('a history line cut short by the full disk is an error for the writer and skipped by readers, the runs before it kept', (ctx) => {
    tiny(ctx);
    // A fresh disk of its own: the tests above filled theirs.
    const runs = (n: number) => Array.from({ length: n }, (_, i) => ({ ...historyEntry(fixedResult()), runId: `r${i}` }));
    const free = mountTinyDisk('64k');
    if (typeof free === 'string') return ctx.skip(free);
    try {
      const history = join(free.dir, 'history.ndjson');
      for (const e of runs(2)) appendHistory(history, e);
      free.fill(0);
      // The tail page of the file has room for part of a line only.
      const long = { ...historyEntry(fixedResult()), runId: 'cut', release: 'r'.repeat(8000) };
      expect(() => appendHistory(history, long)).toThrow(/ENOSPC|of .* bytes/);
      const read = readHistory(history);
      expect(read.entries.map((e) => e.runId)).toEqual(['r0', 'r1']);
      // What was written of it, if anything, is skipped and named.
      expect(read.skipped.every((s) => s.line === 3 && /not complete JSON/.test(s.reason))).toBe(true);
      expect(readFileSync(history, 'utf8')).not.toContain('"runId":"cut"}');
    } finally {
      free.unmount();
    }
  });
});

describe('two runs appending to one history at once', () => {
  it('every line is whole: none interleaved, none lost, each writer in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'calls-harness-history-race-'));
    const file = join(dir, 'history.ndjson');
    const writers = ['a', 'b', 'c'];
    await Promise.all(writers.map((w) => new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', APPENDER, file, w, '40'], { stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`writer ${w} exited ${code}: ${err}`))));
    })));
    const read = readHistory(file);
    expect(read.skipped).toEqual([]);
    for (const w of writers) expect(read.entries.filter((e) => e.runId.startsWith(`${w}-`)).map((e) => e.runId)).toEqual(Array.from({ length: 40 }, (_, i) => `${w}-${i}`));
    rmSync(dir, { recursive: true });
  }, 50_000);
});

describe('summary data that a full disk cut short', () => {
  it('is said to be damaged and judged as no data, never parsed into a crash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'calls-harness-torn-summary-'));
    const file = join(dir, 'summary.json');
    writeFileSync(file, '{"metrics": {"http_reqs": {"type": "counter", "values": {"count": 12');
    const read = readSummaryFile(file);
    expect(read.summary).toBeNull();
    expect(read.problem).toMatch(/is damaged .*not a whole JSON object/);
    expect(readSummaryFile(join(dir, 'no-such-summary.json')).problem).toMatch(/no summary data was written/);
    // A segmented k6 runner's merge.json is left out, rather than the run crashing on it.
    const samples = join(dir, 'k6-samples.json');
    writeFileSync(samples, '');
    await expect(k6RunnerMetrics(samples, file, [], false)).resolves.toBeNull();
    rmSync(dir, { recursive: true });
  });
});
