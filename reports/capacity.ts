// Capacity verdicts: along a ramping arrival rate (the capacity profile), the highest offered rate
// at which the SLO still held and the first window where it broke; and the `capacity` command's
// search, as the run's verdict and as lines and tables for every report.
import type { CapacitySearch, CapacityStep, CapacityVerdict, RunResult, TimelinePoint } from './model.ts';

export function computeCapacity(timeline: TimelinePoint[], slo: { p95Ms: number; errorRate: number }): CapacityVerdict {
  let highest: number | null = null;
  for (const point of timeline) {
    const offered = point.iterationsPerS + point.droppedPerS;
    const broke = point.droppedPerS > 0 ? 'dropped iterations (the generator ran out of VUs)' : point.p95 > slo.p95Ms ? `p95 ${point.p95.toFixed(0)} ms > ${slo.p95Ms} ms` : point.errorRate > slo.errorRate ? `error rate ${(point.errorRate * 100).toFixed(2)}% > ${(slo.errorRate * 100).toFixed(2)}%` : null;
    if (broke) return { highestRateHeld: highest, firstBreak: { what: broke, atRate: round(offered), t: point.t }, slo };
    if (point.requestsPerS > 0) highest = Math.max(highest ?? 0, round(offered));
  }
  return { highestRateHeld: highest, firstBreak: null, slo };
}

const round = (n: number) => Math.round(n * 10) / 10;

/** A capacity search's result: its verdict is the run's (found, or why not). */
export function withCapacity(result: RunResult, search: CapacitySearch): RunResult {
  const found = !search.interrupted && (search.limitedBy === 'max-rate' || search.limitedBy === 'max-duration' || (search.limitedBy === 'api' && search.highestRateHeld !== null));
  const reasons = found ? [] : [search.verdict, ...(search.interrupted && !result.verdict.reasons.includes('interrupted before the end') ? ['interrupted before the end'] : [])];
  return { ...result, verdict: { passed: found, reasons }, capacity: search };
}

const rateText = (n: number | null, digits = 0) => (n === null ? '-' : n.toFixed(digits));
const pct = (n: number | null) => (n === null ? '-' : `${(n * 100).toFixed(2)}%`);
const heldText = (s: CapacityStep) => (s.held === true ? 'held' : s.held === false ? 'broke' : 'not judged');

/** One line per finished step, as the search goes. */
export function capacityStepLine(s: CapacityStep): string {
  return `capacity step (${s.phase}) ${s.rate}/s: ${heldText(s)}; achieved ${rateText(s.achieved, 1)}/s, p95 ${rateText(s.p95, 1)} ms, p99 ${rateText(s.p99, 1)} ms, errors ${pct(s.errorRate)}; ${s.why}`;
}

export const CAPACITY_STEP_HEADERS = ['step', 'rate/s', 'achieved/s', 'p95 ms', 'p99 ms', 'errors', 'verdict', 'why'];

export function capacityStepRows(c: CapacitySearch): string[][] {
  return c.steps.map((s, i) => [`${i + 1} ${s.phase}`, String(s.rate), rateText(s.achieved, 1), rateText(s.p95, 1), rateText(s.p99, 1), pct(s.errorRate), heldText(s), s.why]);
}

/** The headline: the answer first, then how it was bounded. */
export function capacityHeadline(c: CapacitySearch): string {
  const held = c.highestRateHeld === null ? 'none' : `${c.highestRateHeld} ${c.unit}`;
  return `Capacity: ${held} (limited by ${c.limitedBy ?? 'nothing: interrupted'}${c.firstBrokenRate !== null ? `, first broken at ${c.firstBrokenRate} ${c.unit}` : ''}, resolution ${Math.round(c.resolution * 100)}%). ${c.verdict}`;
}

export function capacitySloLine(c: CapacitySearch): string {
  return `SLO (each step judged after its warm-up): ${c.slo.map((t) => `${t.metric} ${t.expression}`).join(', ') || 'none'}`;
}
