// Compare finds a regression planted in a fixture history and none in a steady one; its noise
// rules and its bad input.
import { describe, expect, it } from 'vitest';
import { CompareError, pickBaselines } from '../../reports/baseline.ts';
import { compare, DEFAULT_RULES, nothingComparable } from '../../reports/compare.ts';
import { historyEntry, type HistoryEntry, type HistoryOperation, type HistorySection } from '../../reports/history.ts';
import { renderComparison } from '../../reports/render-comparison.ts';
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
  const judge = (spec: string, h: HistoryEntry[], current: HistoryEntry, rules = DEFAULT_RULES) => compare(current, pickBaselines(spec, h, current), rules);

  it('finds none in a steady history, and keeps every compared figure with its change', () => {
    const h = history(10, (i, op) => { op.p95 *= wobble(i); op.p99 *= wobble(i + 1); op.ratePerS *= wobble(i + 2); });
    const current = h[h.length - 1] as HistoryEntry;
    for (const spec of ['last', 'median-of-5', 'r3']) expect(judge(spec, h, current).regressions, spec).toEqual([]);
    const last = judge('last', h, current);
    // Two operations, four figures each.
    expect(last.figures).toHaveLength(8);
    const p95 = last.figures.find((f) => f.operationId === 'getCall' && f.metric === 'p95');
    expect(p95).toMatchObject({ baseline: (h[8]?.load[0]?.operations[0]?.p95), current: current.load[0]?.operations[0]?.p95, regressed: false });
    expect(p95?.ratio).toBeCloseTo((p95?.current ?? 0) / (p95?.baseline ?? 1), 10);
  });

  it('finds the regression planted in the last run, by operation and metric', () => {
    const h = history(8, (i, op) => {
      op.p95 *= wobble(i);
      if (i === 7 && op.p95 > 100) { op.p95 *= 1.6; op.errorRate += 0.05; }
    });
    const found = judge('median-of-5', h, h[7] as HistoryEntry).regressions;
    expect(found.map((r) => `${r.operationId}:${r.metric}`).sort()).toEqual(['getCall:errorRate', 'getCall:p95']);
  });

  it('its ratios, floor and minimum samples are the caller\'s to set', () => {
    const h = history(2, (i, op) => { op.p95 *= i ? 1.15 : 1; op.requests = 20; });
    const current = h[1] as HistoryEntry;
    expect(judge('last', h, current).compared).toBe(0);
    expect(judge('last', h, current, { ...DEFAULT_RULES, minSamples: 10 }).regressions).toEqual([]);
    const strict = judge('last', h, current, { ...DEFAULT_RULES, minSamples: 10, p95Ratio: 1.1 }).regressions;
    expect(strict.map((r) => `${r.operationId}:${r.metric}`).sort()).toEqual(['getCall:p95', 'warmTransferCall:p95']);
    // warmTransferCall's p95 moves 9 ms: under a 10 ms floor it is noise.
    const floored = judge('last', h, current, { ...DEFAULT_RULES, minSamples: 10, p95Ratio: 1.1, minLatencyDeltaMs: 10 }).regressions;
    expect(floored.map((r) => r.operationId)).toEqual(['getCall']);
  });

  it('ignores operations with too few samples and latency changes below the floor, and says when nothing was compared', () => {
    const h = history(2, (i, op) => {
      if (op.operationId === 'getCall') op.requests = 10;
      else { op.p95 = i ? 1.9 : 1; op.p99 = i ? 2.5 : 1.2; }
    });
    const result = judge('last', h, h[1] as HistoryEntry);
    expect(result.regressions).toEqual([]);
    expect(result.insufficient.map((x) => x.operationId)).toEqual(['getCall']);
    expect(nothingComparable(result, DEFAULT_RULES)).toBeNull();
    const thin = history(2, (_i, op) => { op.requests = 12; });
    const none = judge('last', thin, thin[1] as HistoryEntry);
    expect(none.compared).toBe(0);
    expect(nothingComparable(none, DEFAULT_RULES)).toMatch(/no operation with at least 30 requests on both sides/);
    expect(renderComparison(none, DEFAULT_RULES)).toContain('Nothing comparable');
  });

  it('compares like with like: another scenario, profile, target or engine, or an interrupted run, is never the baseline', () => {
    const h = history(6, () => undefined);
    const current = h[5] as HistoryEntry;
    (h[4] as HistoryEntry).target = 'https://other.example.com';
    (h[3]?.load[0] as HistorySection).profile = 'nightly';
    (h[2]?.load[0] as HistorySection).engine = 'k6';
    (h[1] as HistoryEntry).interrupted = true;
    (h[0]?.load[0] as HistorySection).scenario = 'read-mix';
    const chosen = pickBaselines('last', h, current);
    expect(chosen).toEqual([{ scenario: 'transfer-flows', nothing: 'no earlier run of transfer-flows on profile capacity, engine node, target https://staging.example.com (interrupted and generator-bound runs do not count)' }]);
    expect(nothingComparable(compare(current, chosen), DEFAULT_RULES)).toMatch(/^transfer-flows: no earlier run/);
    // One comparable run further back is found past the unlike ones.
    (h[0]?.load[0] as HistorySection).scenario = 'transfer-flows';
    expect(pickBaselines('last', h, current)[0]).toMatchObject({ label: 'run r0', runIds: ['r0'] });
    expect(pickBaselines('median-of-2', h, current)[0]).toMatchObject({ nothing: expect.stringMatching(/^only 1 earlier run\(s\), median-of-2 needs 2/) });
  });

  it('runs against the embedded reference server are of one target, whatever port it listened on', () => {
    const h = history(2, () => undefined);
    h.forEach((e, i) => Object.assign(e, { embedded: true, target: `http://127.0.0.1:${40_000 + i}` }));
    expect(pickBaselines('last', h, h[1] as HistoryEntry)[0]).toMatchObject({ label: 'run r0' });
    // A loopback target that is not the embedded server keeps its port.
    (h[0] as HistoryEntry).embedded = false;
    expect(pickBaselines('last', h, h[1] as HistoryEntry)[0]).toMatchObject({ nothing: expect.stringContaining('target the embedded reference server') });
  });

  it('a run named by hand is compared as asked, with every difference said', () => {
    const h = history(3, () => undefined);
    (h[0] as HistoryEntry).target = 'https://other.example.com';
    (h[0]?.load[0] as HistorySection).profile = 'nightly';
    const chosen = pickBaselines('r0', h, h[2] as HistoryEntry)[0];
    expect(chosen).toMatchObject({ label: 'run r0', notes: ['profile nightly, not capacity', 'target https://other.example.com, not https://staging.example.com'] });
  });

  it('says clearly when the baseline names no run or the history is too short', () => {
    const h = history(3, () => undefined);
    const current = h[2] as HistoryEntry;
    expect(() => pickBaselines('r99', h, current)).toThrow(CompareError);
    expect(() => pickBaselines('median-of-0', h, current)).toThrow(/at least one run/);
    expect(pickBaselines('median-of-5', h, current)[0]).toMatchObject({ nothing: expect.stringMatching(/^only 2 earlier run\(s\), median-of-5 needs 5/) });
    expect(() => pickBaselines('last', [current], current)).toThrow(/no run before this one/);
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
