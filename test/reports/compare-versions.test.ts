// A baseline is a run of the same engine and version: a k6 v1.3 run against k6 v0.48 runs is shown
// but not judged (one line says so) unless --across-versions; within a version, compare judges as
// before; history lines written before versions were recorded stay readable and comparable.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pickBaselines } from '../../reports/baseline.ts';
import { compare } from '../../reports/compare.ts';
import { historyEntry, readHistory, type HistoryEntry } from '../../reports/history.ts';
import { regressionsByRun, renderDashboard } from '../../reports/render-dashboard.ts';
import { harnessValidator } from '../../openapi/harness-schemas.ts';
import { runCliInProcess } from '../helpers/cli.ts';
import { fixedResult } from '../fixtures/results.ts';

/** Runs of one scenario on k6, each with its version (none: a line from before versions were recorded) and getCall's p95 scaled. */
function runs(specs: { version?: string; p95x?: number }[]): HistoryEntry[] {
  return specs.map(({ version, p95x = 1 }, i) => {
    const e = historyEntry(fixedResult());
    e.runId = `r${i}`;
    e.startedAt = `2026-11-${String(10 + i).padStart(2, '0')}T01:00:00.000Z`;
    const s = e.load[0] as HistoryEntry['load'][number];
    s.engine = 'k6';
    if (version) s.engineVersion = version;
    else delete s.engineVersion;
    for (const op of s.operations) if (op.operationId === 'getCall') op.p95 *= p95x;
    return e;
  });
}

const regressed = (h: HistoryEntry[], spec = 'last', acrossVersions = false) => compare(h.at(-1) as HistoryEntry, pickBaselines(spec, h, h.at(-1) as HistoryEntry, { acrossVersions })).regressions.map((r) => `${r.operationId}:${r.metric}`);

describe('compare across engine versions', () => {
  it('lines with and without a version are valid history lines', () => {
    const validate = harnessValidator('history-entry');
    for (const e of runs([{ version: 'v1.3.0' }, {}])) expect(validate(JSON.parse(JSON.stringify(e))), JSON.stringify(validate.errors)).toBe(true);
  });

  it('a k6 v1.3 run three times slower than the v0.48 runs before it: shown, not judged, said in one line', () => {
    const h = runs([{ version: 'v0.48.0' }, { version: 'v0.48.0' }, { version: 'v1.3.0', p95x: 3.31 }]);
    const [b] = pickBaselines('last', h, h[2] as HistoryEntry);
    expect(b).toMatchObject({ runIds: ['r1'], unjudged: 'the baseline ran on k6 v0.48.0, this run on k6 v1.3.0: a change across engine versions is not judged as a regression (give --across-versions to judge it)' });
    expect(regressed(h)).toEqual([]);
    expect(regressed(h, 'median-of-2')).toEqual([]);
    expect(regressed(h, 'r0')).toEqual([]);
    // Asked: judged as any baseline, and said so.
    expect(regressed(h, 'last', true)).toEqual(['getCall:p95']);
    expect(pickBaselines('last', h, h[2] as HistoryEntry, { acrossVersions: true })[0]).toMatchObject({ acrossVersions: expect.stringContaining('k6 v0.48.0, this run on k6 v1.3.0') });
  });

  it('within a version, as before: the baseline is the last run of this version, other versions between them skipped', () => {
    const h = runs([{ version: 'v1.3.0' }, { version: 'v0.48.0' }, { version: 'v1.3.0', p95x: 3.31 }]);
    expect(pickBaselines('last', h, h[2] as HistoryEntry)[0]).toMatchObject({ runIds: ['r0'], notes: [] });
    expect((pickBaselines('last', h, h[2] as HistoryEntry)[0] as { unjudged?: string }).unjudged).toBeUndefined();
    expect(regressed(h)).toEqual(['getCall:p95']);
    const steady = runs([{ version: 'v0.48.0' }, { version: 'v0.48.0', p95x: 1.05 }]);
    expect(regressed(steady)).toEqual([]);
  });

  it('lines without a version compare among themselves as before', () => {
    expect(regressed(runs([{}, {}, { p95x: 3.31 }]))).toEqual(['getCall:p95']);
  });

  it('the dashboard marks no cross-version change as a regression, and names each run\'s version', () => {
    const h = runs([{ version: 'v0.48.0' }, { version: 'v0.48.0' }, { version: 'v1.3.0', p95x: 3.31 }, { version: 'v1.3.0', p95x: 3.31 * 2 }]);
    const flagged = regressionsByRun(h);
    expect(flagged.get('r2')).toBeUndefined();
    expect(flagged.get('r3')).toEqual(['transfer-flows/getCall p95']);
    expect(renderDashboard(h, 0)).toContain('transfer-flows (capacity, k6 v1.3.0)');
  });

  it('report compare on such a history: the one line, "not judged", nothing compared (exit 2); exit 1 with --across-versions', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'calls-harness-versions-')), 'history.ndjson');
    writeFileSync(file, runs([{ version: 'v0.48.0' }, { version: 'v1.3.0', p95x: 3.31 }]).map((e) => JSON.stringify(e)).join('\n') + '\n');
    expect(readHistory(file).entries).toHaveLength(2);
    const plain = await runCliInProcess(['report', 'compare', '--history', file], 20_000);
    // Shown, not judged: no verdict, so never exit 0 (E_NOTHING_COMPARABLE says why, once).
    expect(plain.code, plain.stderr).toBe(2);
    expect(plain.stderr).toMatch(/^calls-harness: error E_NOTHING_COMPARABLE: Nothing was compared, so no verdict: transfer-flows: .*give --across-versions to judge it/);
    expect(plain.stdout).toContain('transfer-flows: against run r0: the baseline ran on k6 v0.48.0, this run on k6 v1.3.0: a change across engine versions is not judged as a regression (give --across-versions to judge it)');
    expect(plain.stdout).not.toContain('REGRESSED');
    expect(plain.stdout).toMatch(/getCall +p95 .* not judged/);
    const across = await runCliInProcess(['report', 'compare', '--history', file, '--across-versions'], 20_000);
    expect(across.code, across.stderr).toBe(1);
    expect(across.stdout).toMatch(/getCall +p95 .* REGRESSED/);
    expect(across.stdout).toContain('judged across engine versions (--across-versions)');
  }, 45_000);
});
