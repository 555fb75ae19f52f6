// `report compare` and `report dashboard` as a user runs them: bad history files are one clear
// error or a warning naming the line, never an internal error; unlike or thin runs are "nothing
// comparable" (exit 2), never "No regression"; the comparison as a table and as JSON.
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendHistory, historyEntry, type HistoryEntry } from '../../reports/history.ts';
import { expectCleanError, runCliInProcess } from '../helpers/cli.ts';
import { fixedResult } from '../fixtures/results.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-report-cli-'));

function run(i: number, tweak: (e: HistoryEntry) => void = () => undefined): HistoryEntry {
  const e = historyEntry(fixedResult());
  e.runId = `r${i}`;
  e.startedAt = `2026-11-${String(10 + i).padStart(2, '0')}T01:00:00.000Z`;
  tweak(e);
  return e;
}

function historyFile(name: string, entries: HistoryEntry[]): string {
  const file = join(dir, name);
  for (const e of entries) appendHistory(file, e);
  return file;
}

describe('report compare', () => {
  it('a history that is a folder, or missing, is one clear error (exit 2), for compare and dashboard', async () => {
    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    for (const args of [['report', 'compare', '--history', folder], ['report', 'dashboard', '--history', folder, '--out', join(dir, 'd.html')]]) {
      const res = await runCliInProcess(args);
      expectCleanError(res, 'E_HISTORY_UNREADABLE');
      expect(res.stderr).toContain('is a folder, not a file');
    }
    expectCleanError(await runCliInProcess(['report', 'compare', '--history', join(dir, 'missing.ndjson')]), 'E_HISTORY_UNREADABLE');
  });

  it('skips lines with wrong field types, naming each line, and compares the rest', async () => {
    const file = historyFile('typed.ndjson', [run(0)]);
    appendFileSync(file, `${JSON.stringify({ ...run(1), passed: 'yes', load: 'none' })}\n{"version":1,"runId":"torn\n`);
    appendHistory(file, run(2));
    const res = await runCliInProcess(['report', 'compare', '--history', file]);
    expect(res.stderr).toContain(`${file} line 2 is damaged and was skipped (not a history entry:`);
    expect(res.stderr).toContain(`${file} line 3 is damaged and was skipped (not complete JSON`);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('transfer-flows: against run r0');
    expect(res.stdout).toContain('2 operation(s) compared: no regression.');
  });

  it('a run compared with nothing like it says so and exits 2, never "No regression"', async () => {
    const file = historyFile('unlike.ndjson', [
      run(0, (e) => { (e.load[0] as HistoryEntry['load'][number]).scenario = 'read-mix'; }),
      run(1, (e) => { e.target = 'https://other.example.com'; }),
      run(2),
    ]);
    const res = await runCliInProcess(['report', 'compare', '--history', file]);
    expect(res.code).toBe(2);
    expect(res.stdout).toContain('transfer-flows: nothing comparable (no earlier run of transfer-flows on profile capacity, engine node, target https://staging.example.com');
    expect(res.stdout).not.toMatch(/no regression/i);
    expect(res.stderr).toMatch(/^calls-harness: error E_NOTHING_COMPARABLE: Nothing was compared, so no verdict/);
  });

  it('too few samples on every operation is nothing comparable; --min-samples lowers the bar', async () => {
    const thin = (e: HistoryEntry) => { for (const op of e.load[0]?.operations ?? []) op.requests = 12; };
    const file = historyFile('thin.ndjson', [run(0, thin), run(1, thin)]);
    const res = await runCliInProcess(['report', 'compare', '--history', file]);
    expect(res.code).toBe(2);
    expect(res.stdout).toContain('left out transfer-flows/getCall: too few samples (12 now, 12 in the baseline; at least 30 needed)');
    expect(res.stderr).toContain('E_NOTHING_COMPARABLE');
    const lowered = await runCliInProcess(['report', 'compare', '--history', file, '--min-samples', '10']);
    expect(lowered.code, lowered.stderr).toBe(0);
    expect(lowered.stdout).toContain('2 operation(s) compared');
  });

  it('prints a table of every compared figure, takes its ratios from flags, and gives JSON', async () => {
    const file = historyFile('slower.ndjson', [run(0), run(1, (e) => { for (const op of e.load[0]?.operations ?? []) op.p95 *= 1.15; })]);
    const lenient = await runCliInProcess(['report', 'compare', '--history', file]);
    expect(lenient.code, lenient.stderr).toBe(0);
    expect(lenient.stdout).toMatch(/transfer-flows\/getCall\s+p95\s+320\.0 ms\s+368\.0 ms\s+\+48\.0 ms \(x1\.15\)\s+ok/);
    expect(lenient.stdout).toMatch(/transfer-flows\/getCall\s+errorRate\s+1\.00%\s+1\.00%\s+\+0\.00 pt\s+ok/);
    const strict = await runCliInProcess(['report', 'compare', '--history', file, '--p95-ratio', '1.1', '--json']);
    expect(strict.code).toBe(1);
    const json = JSON.parse(strict.stdout) as { regressions: { operationId: string; metric: string; baseline: number; current: number }[]; figures: unknown[]; rules: { p95Ratio: number } };
    expect(json.rules.p95Ratio).toBe(1.1);
    expect(json.figures).toHaveLength(8);
    expect(json.regressions.map((r) => `${r.operationId}:${r.metric}`)).toEqual(['getCall:p95', 'warmTransferCall:p95']);
    expect(json.regressions[0]).toMatchObject({ baseline: 320, current: 368 });
  });

  it('an interrupted newest run is not judged unless named: exit 2, never "no regression"', async () => {
    const file = historyFile('interrupted.ndjson', [run(0), run(1, (e) => { e.interrupted = true; })]);
    const res = await runCliInProcess(['report', 'compare', '--history', file]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/E_NOTHING_COMPARABLE: The newest run in .* \(r1\) was interrupted/);
    const named = await runCliInProcess(['report', 'compare', '--history', file, '--run', 'r1']);
    expect(named.code, named.stderr).toBe(0);
    expect(named.stderr).toContain('was interrupted');
  });

  it('bad flag values are one clear error', async () => {
    const file = historyFile('flags.ndjson', [run(0), run(1)]);
    for (const args of [['--p95-ratio', '0'], ['--min-samples', '-3'], ['--error-rate-delta', 'lots'], ['--baseline', 'median-of-0']]) {
      const res = await runCliInProcess(['report', 'compare', '--history', file, ...args]);
      expect(res.code, `${args.join(' ')}: ${res.stderr}`).toBe(2);
      expect(res.stderr, args.join(' ')).not.toContain('E_INTERNAL');
    }
    expectCleanError(await runCliInProcess(['report', 'compare', '--history', file, '--baseline', 'r9']), 'E_NO_BASELINE');
    expectCleanError(await runCliInProcess(['report', 'dashboard', '--history', file, '--last', '0', '--out', join(dir, 'd.html')]), 'E_USAGE');
  });
});

describe('report compare after real runs', () => {
  it('two smoke read-mix runs against the reference server: too few samples per operation is nothing comparable, not "No regression"', async () => {
    const history = join(dir, 'real.ndjson');
    for (const i of [1, 2]) {
      const res = await runCliInProcess(['load', '--scenario', 'read-mix', '--profile', 'smoke', '--engine', 'node', '--history', history, '--report-dir', join(dir, `real-run-${i}`), '--quiet'], 60_000);
      expect(res.code, res.stderr).toBe(0);
    }
    const res = await runCliInProcess(['report', 'compare', '--history', history]);
    expect(res.code, res.stdout + res.stderr).toBe(2);
    expect(res.stdout).toMatch(/read-mix: against run \S+/);
    expect(res.stdout).toMatch(/left out read-mix\/getCall: too few samples \(\d+ now, \d+ in the baseline; at least 30 needed\)/);
    expect(res.stderr).toContain('E_NOTHING_COMPARABLE');
    // With the bar lowered, every operation's figures are compared and shown (setup's call list too).
    const lowered = await runCliInProcess(['report', 'compare', '--history', history, '--min-samples', '1', '--json']);
    expect([0, 1], lowered.stderr).toContain(lowered.code);
    const json = JSON.parse(lowered.stdout) as { figures: { operationId: string; metric: string }[] };
    // An operation compares when both runs sent it (read-mix sends each of its reads in any 30 iterations).
    const [first, second] = readFileSync(history, 'utf8').trim().split('\n').map((l) => new Set((JSON.parse(l) as HistoryEntry).load[0]?.operations.filter((o) => o.requests >= 1).map((o) => o.operationId)));
    const both = [...(first ?? [])].filter((op) => second?.has(op)).sort();
    expect(both).toContain('getCall');
    expect([...new Set(json.figures.map((f) => f.operationId))].sort()).toEqual(both);
  }, 120_000);
});

describe('report render', () => {
  it('a summary that is a folder, not summary data, or an unknown profile is one clear error', async () => {
    const notSummary = join(dir, 'not-summary.json');
    appendFileSync(notSummary, '[1, 2, 3]');
    for (const [args, code] of [
      [['--summary', dir], 'E_NO_RESULT'],
      [['--summary', notSummary], 'E_NO_RESULT'],
      [['--summary', notSummary, '--profile', 'nope'], 'E_UNKNOWN_PROFILE'],
    ] as [string[], string][]) {
      expectCleanError(await runCliInProcess(['report', 'render', '--scenario', 'read-mix', '--out', join(dir, 'rendered'), ...args]), code);
    }
  });
});

describe('report dashboard', () => {
  it('writes the page from a history with a damaged line, warning about it', async () => {
    const file = historyFile('dash.ndjson', [run(0), run(1)]);
    appendFileSync(file, '{"version":1,"runId":3}\n');
    const out = join(dir, 'dashboard.html');
    const res = await runCliInProcess(['report', 'dashboard', '--history', file, '--out', out]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toContain('line 3 is damaged and was skipped');
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('1 damaged history line(s) skipped');
    // The capacity profile's SLO (load/profiles/capacity.json) is drawn.
    expect(html).toMatch(/"sloP95":\d+/);
  });
});
