// A generator-bound run's figures are the generator's: in the history it is never a baseline, and
// `report compare` does not judge it unless it is named. Through the CLI, on a history file.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pickBaselines } from '../../reports/baseline.ts';
import { historyEntry, readHistory, type HistoryEntry } from '../../reports/history.ts';
import type { RunResult } from '../../reports/model.ts';
import { expectCleanError, runCliInProcess } from '../helpers/cli.ts';
import { fixedResult } from '../fixtures/results.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-generator-bound-history-'));

/** A run of the fixture, `slow` times slower, generator-bound or not. */
function run(runId: string, day: number, slow: number, bound: boolean): HistoryEntry {
  const r: RunResult = fixedResult();
  r.meta.runId = runId;
  r.meta.startedAt = `2026-11-${String(day).padStart(2, '0')}T01:00:00.000Z`;
  for (const l of r.load) {
    for (const o of l.operations) Object.assign(o, { p50: o.p50 * slow, p95: o.p95 * slow, p99: o.p99 * slow });
    if (bound) l.generatorBound = ['iterations started up to 900 ms late (p95)'];
  }
  return historyEntry(r);
}

function historyFile(name: string, entries: HistoryEntry[]): string {
  const file = join(dir, name);
  writeFileSync(file, entries.map((e) => JSON.stringify(e)).join('\n') + '\n');
  return file;
}

describe('a generator-bound run in the history', () => {
  it('is marked in its history line, which the schema takes', () => {
    const file = historyFile('marked.ndjson', [run('a', 10, 1, false), run('b', 11, 1, true)]);
    const read = readHistory(file);
    expect(read.skipped).toEqual([]);
    expect(read.entries.map((e) => e.load[0]?.generatorBound)).toEqual([undefined, true]);
  });

  it('is never a baseline: "last" skips it for the run before, so its slow figures hide no regression', () => {
    const entries = [run('steady', 10, 1, false), run('starved', 11, 5, true), run('now', 12, 1, false)];
    const [baseline] = pickBaselines('last', entries, entries[2] as HistoryEntry);
    expect(baseline && 'runIds' in baseline ? baseline.runIds : baseline).toEqual(['steady']);
  });

  it('as the newest run, is not judged unless named (exit 2 saying why), and named, is compared with a warning', async () => {
    const file = historyFile('newest.ndjson', [run('steady', 10, 1, false), run('starved', 11, 5, true)]);
    const refused = await runCliInProcess(['report', 'compare', '--history', file]);
    expectCleanError(refused, 'E_NOTHING_COMPARABLE');
    expect(refused.stderr).toContain('(starved) was generator-bound');
    const named = await runCliInProcess(['report', 'compare', '--history', file, '--run', 'starved']);
    expect(named.code).toBe(1);
    expect(named.stderr).toContain('warning: run starved was generator-bound');
  });

  // A history is a file the user may not have written (a CI artifact): its run ids and scenario
  // names reached these two warnings raw, an ESC sequence retitling the terminal.
  it('names a hostile run id and scenario in its warnings escaped', async () => {
    const id = 'r\u001b]0;owned\u0007\u001b[2J\n#';
    const hostile = run(id, 11, 5, true);
    hostile.interrupted = true;
    for (const l of hostile.load) l.scenario = `s\u009b2J\u202e`;
    const file = historyFile('hostile.ndjson', [run('steady', 10, 1, false), hostile]);
    const named = await runCliInProcess(['report', 'compare', '--history', file, '--run', id]);
    // eslint-disable-next-line no-control-regex
    expect(named.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(named.stderr).toContain('warning: run r\\x1b]0;owned\\x07\\x1b[2J\\n# was interrupted');
    expect(named.stderr).toContain('generator-bound (s\\x9b2J\\u202e)');
  });

  // A history shared by two versions of the harness (a CI cache, branches): the newest line is a
  // newer harness's, which this one skips. Judging the last line it reads instead compared an
  // older run and passed (exit 0), whatever the newest run did.
  it('whose newest line a newer harness wrote is not judged in its place: exit 2 saying why', async () => {
    const newer = { ...run('future', 12, 9, false), version: 2 };
    const file = historyFile('newer.ndjson', [run('steady', 10, 1, false), run('fine', 11, 1, false), newer as unknown as HistoryEntry]);
    const read = readHistory(file);
    expect(read.newerAfterLast).toEqual({ line: 3, version: 2 });
    expect(read.skipped[0]?.reason).toContain('written by a newer calls-harness (history version 2');
    const res = await runCliInProcess(['report', 'compare', '--history', file]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`line 3 was skipped (written by a newer calls-harness (history version 2; this one reads version 1))`);
    expect(res.stderr.trim().split('\n').pop()).toMatch(/^calls-harness: error E_NOTHING_COMPARABLE: .*\(line 3\) was written by a newer calls-harness \(history version 2\)/);
    // Named, an older run is compared as ever; and a newer line followed by runs this harness wrote is history.
    expect((await runCliInProcess(['report', 'compare', '--history', file, '--run', 'fine'])).code).toBe(0);
    const later = historyFile('newer-then-older.ndjson', [run('steady', 10, 1, false), newer as unknown as HistoryEntry, run('fine', 13, 1, false)]);
    expect(readHistory(later).newerAfterLast).toBeUndefined();
    expect((await runCliInProcess(['report', 'compare', '--history', later])).code).toBe(0);
  });
});
