// The capacity verdict: along a ramping arrival rate, the highest offered rate at which the SLO
// still held, and the first window where it broke, with what broke.
import type { CapacityVerdict, TimelinePoint } from './model.ts';

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
