// Capacity verdicts: along a ramping arrival rate (the capacity profile), the highest offered rate
// at which the SLO still held and the first window where it broke; and the `capacity` command's
// search, as the run's verdict and as lines and tables for every report.
import type { CapacitySearch, CapacityStep, CapacityVerdict, RunResult, TimelinePoint } from './model.ts';

export interface RampJudging {
  /** Windows ending at or before this second are the warm-up: no verdict on them. */
  warmUpS?: number;
  /** Consecutive one-second windows are judged together until they hold this many requests (200: ten beyond a p95). */
  minRequests?: number;
}

/** The capacity profile's ramp: its first 10 s (5 to 7 iterations/s) warm up; windows hold at least a p95's samples. */
export const RAMP_JUDGING: RampJudging = { warmUpS: 10, minRequests: 200 };

/**
 * Along the ramp, windows (of one second, or more until they hold `minRequests` requests) after
 * the warm-up, judged as a step is: the SLO broken is the API's limit; iterations dropped while the
 * SLO held are the generator's (out of VUs), never the API's. A window's p95 when merged is the
 * request-weighted mean of its seconds' p95s: an approximation, said so in the verdict's text.
 */
export function computeCapacity(timeline: TimelinePoint[], slo: { p95Ms: number; errorRate: number }, o: RampJudging = {}): CapacityVerdict {
  let highest: number | null = null;
  for (const w of mergeWindows(timeline.filter((p) => p.t > (o.warmUpS ?? 0)), o.minRequests ?? 0)) {
    const offered = round(w.iterationsPerS + w.droppedPerS);
    const api = w.p95 > slo.p95Ms ? `p95 ${w.p95.toFixed(0)} ms > ${slo.p95Ms} ms${w.seconds > 1 ? ` (over ${w.seconds} s)` : ''}` : w.errorRate > slo.errorRate ? `error rate ${(w.errorRate * 100).toFixed(2)}% > ${(slo.errorRate * 100).toFixed(2)}%` : null;
    const broke = api ?? (w.droppedPerS > 0 ? 'dropped iterations: the generator ran out of VUs (not the API; raise maxVUs)' : null);
    if (broke) return { highestRateHeld: highest, firstBreak: { what: broke, atRate: offered, t: w.t }, slo, limitedBy: api ? 'api' : 'generator' };
    if (w.requestsPerS > 0) highest = Math.max(highest ?? 0, offered);
  }
  return { highestRateHeld: highest, firstBreak: null, slo, limitedBy: null };
}

type Window = TimelinePoint & { seconds: number };

function mergeWindows(points: TimelinePoint[], minRequests: number): Window[] {
  const out: Window[] = [];
  let group: TimelinePoint[] = [];
  for (const p of points) {
    group.push(p);
    if (group.reduce((n, g) => n + g.requestsPerS, 0) >= minRequests) {
      out.push(merged(group));
      group = [];
    }
  }
  return out;
}

function merged(group: TimelinePoint[]): Window {
  if (group.length === 1) return { ...(group[0] as TimelinePoint), seconds: 1 };
  const requests = group.reduce((n, g) => n + g.requestsPerS, 0) || 1;
  const mean = (f: (g: TimelinePoint) => number) => group.reduce((n, g) => n + f(g), 0) / group.length;
  const weighted = (f: (g: TimelinePoint) => number) => group.reduce((n, g) => n + f(g) * g.requestsPerS, 0) / requests;
  return {
    t: (group[group.length - 1] as TimelinePoint).t, seconds: group.length,
    iterationsPerS: mean((g) => g.iterationsPerS), droppedPerS: mean((g) => g.droppedPerS), requestsPerS: mean((g) => g.requestsPerS),
    errorRate: weighted((g) => g.errorRate), p50: weighted((g) => g.p50), p95: weighted((g) => g.p95), p99: weighted((g) => g.p99),
  };
}

const round = (n: number) => Math.round(n * 10) / 10;

/** A capacity search's result: its verdict is the run's (found, or why not). */
export function withCapacity(result: RunResult, search: CapacitySearch): RunResult {
  const found = !search.interrupted && search.highestRateHeld !== null && search.limitedBy !== null && search.limitedBy !== 'generator';
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

/** For a terminal: the table without its last column (right-aligned it would be unreadable), then each step's why. */
export function capacityConsoleLines(c: CapacitySearch, align: (rows: string[][]) => string[]): string[] {
  const rows = [CAPACITY_STEP_HEADERS, ...capacityStepRows(c)].map((r) => r.slice(0, -1));
  return [capacityHeadline(c), capacitySloLine(c), ...align(rows), ...c.steps.map((s, i) => `  step ${i + 1}: ${s.why}`)];
}

export function capacitySloLine(c: CapacitySearch): string {
  return `SLO (each step judged after its warm-up): ${c.slo.map((t) => `${t.metric} ${t.expression}`).join(', ') || 'none'}`;
}
