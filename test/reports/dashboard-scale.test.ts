// The dashboard judges each run against the median of up to 5 earlier comparable runs. Found by a
// scan of the history per run, that was quadratic (16,000 runs: 68 s); the index gives the very
// same baselines, so the same regressions, for a history of any order, in n log n.
import { describe, expect, it } from 'vitest';
import { regresses, syntheticHistory } from '../../bench/dashboard.ts';
import { comparableBefore } from '../../reports/baseline.ts';
import { ComparableIndex } from '../../reports/comparable-index.ts';
import type { HistoryEntry } from '../../reports/history.ts';
import { regressionsByRun, renderDashboard } from '../../reports/render-dashboard.ts';

describe('dashboard over a long history', () => {
  it('finds for every run the baselines a scan of the history finds, whatever the order of the lines', () => {
    // Lines out of time order, runs started in the same minute, a run written twice.
    const entries: HistoryEntry[] = syntheticHistory(600).map((e, i) => ({ ...e, startedAt: new Date(Date.parse(e.startedAt) + ((i * 7919) % 13) * 60_000 * (i % 3 === 0 ? -1 : 1)).toISOString() }));
    entries.push({ ...(entries[300] as HistoryEntry) });
    const index = new ComparableIndex(entries, 5);
    let compared = 0;
    for (const e of entries) {
      for (const section of e.load) {
        const scan = comparableBefore(entries, e, section).slice(-5).map((c) => c.entry.runId);
        expect(index.before(e, section).map((c) => c.entry.runId), `${e.runId} ${section.scenario}`).toEqual(scan);
        compared += scan.length;
      }
    }
    expect(compared).toBeGreaterThan(5000);
  });

  it('flags exactly the regressed runs of 20,000, and draws every run', () => {
    const entries = syntheticHistory(20_000);
    const flagged = regressionsByRun(entries);
    const expected = entries.filter((_, i) => regresses(i)).map((e) => e.runId);
    expect([...flagged.keys()].sort()).toEqual(expected.sort());
    expect(flagged.get('run-10500')).toEqual(expect.arrayContaining(['read-mix/getCall p95', 'transfer-flows/getCallReport p99']));
    expect(renderDashboard(entries, 0)).toContain('20000 runs');
  });
});
