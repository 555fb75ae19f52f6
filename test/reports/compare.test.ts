// Compare finds a regression planted in a fixture history and none in a steady one; its noise
// rules and its bad input.
import { describe, expect, it } from 'vitest';
import { compare, CompareError, pickBaseline } from '../../reports/compare.ts';
import { historyEntry, type HistoryEntry, type HistoryOperation } from '../../reports/history.ts';
import { computeCapacity } from '../../reports/capacity.ts';
import { fixedResult } from '../fixtures/results.ts';

function history(n: number, tweak: (i: number, op: HistoryOperation) => void): HistoryEntry[] {
  return Array.from({ length: n }, (_, i) => {
    const e = historyEntry(fixedResult());
    e.runId = `r${i}`;
    e.startedAt = `2026-11-${String(10 + i).padStart(2, '0')}T01:00:00.000Z`;
    for (const op of e.load[0]?.operations ?? []) tweak(i, op);
    return e;
  });
}

// Noise: every metric wobbles by up to 8% from run to run.
const wobble = (i: number) => 1 + ((i * 37) % 9 - 4) / 50;

describe('compare', () => {
  it('finds none in a steady history', () => {
    const h = history(10, (i, op) => { op.p95 *= wobble(i); op.p99 *= wobble(i + 1); op.ratePerS *= wobble(i + 2); });
    const current = h[h.length - 1] as HistoryEntry;
    for (const spec of ['last', 'median-of-5', 'r3']) expect(compare(current, pickBaseline(spec, h, current).load).regressions, spec).toEqual([]);
  });

  it('finds the regression planted in the last run, by operation and metric', () => {
    const h = history(8, (i, op) => {
      op.p95 *= wobble(i);
      if (i === 7 && op.p95 > 100) { op.p95 *= 1.6; op.errorRate += 0.05; }
    });
    const current = h[7] as HistoryEntry;
    const found = compare(current, pickBaseline('median-of-5', h, current).load).regressions;
    expect(found.map((r) => `${r.operationId}:${r.metric}`).sort()).toEqual(['getCall:errorRate', 'getCall:p95']);
  });

  it('ignores operations with too few samples and latency changes below the floor', () => {
    const h = history(2, (i, op) => {
      if (op.operationId === 'getCall') op.requests = 10;
      else { op.p95 = i ? 1.9 : 1; op.p99 = i ? 2.5 : 1.2; }
    });
    const result = compare(h[1] as HistoryEntry, (h[0] as HistoryEntry).load);
    expect(result.regressions).toEqual([]);
    expect(result.insufficient.map((x) => x.operationId)).toEqual(['getCall']);
  });

  it('says clearly when the baseline names no run or the history is too short', () => {
    const h = history(3, () => undefined);
    const current = h[2] as HistoryEntry;
    expect(() => pickBaseline('r99', h, current)).toThrow(CompareError);
    expect(() => pickBaseline('median-of-5', h, current)).toThrow(/needs 5 earlier runs; the history has 2/);
    expect(() => pickBaseline('last', [current], current)).toThrow(/no run before this one/);
  });
});

describe('capacity verdict', () => {
  it('names the highest rate that held and what broke first', () => {
    const timeline = fixedResult().load[0]?.timeline ?? [];
    const verdict = computeCapacity(timeline, { p95Ms: 200, errorRate: 0.01 });
    expect(verdict.highestRateHeld).toBe(30);
    expect(verdict.firstBreak).toEqual({ what: 'p95 236 ms > 200 ms', atRate: 35, t: 7 });
    expect(computeCapacity(timeline, { p95Ms: 10_000, errorRate: 0.01 }).firstBreak?.what).toMatch(/^error rate/);
  });
});
