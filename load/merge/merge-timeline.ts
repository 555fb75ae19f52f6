// The runners' per-second windows side by side (they start together): rates add up; error rates
// and window percentiles are weighted by each runner's requests. Window percentiles are for the
// charts only: every summary percentile and threshold comes from the merged histograms.
import type { TimelinePoint } from '../engine/timeline.ts';

export function mergeTimelines(timelines: TimelinePoint[][]): TimelinePoint[] {
  const length = Math.max(0, ...timelines.map((t) => t.length));
  return Array.from({ length }, (_, i) => {
    const points = timelines.map((t) => t[i]).filter((p): p is TimelinePoint => p !== undefined);
    const requests = points.reduce((s, p) => s + p.requestsPerS, 0);
    const weighted = (f: (p: TimelinePoint) => number) => (requests ? points.reduce((s, p) => s + f(p) * p.requestsPerS, 0) / requests : 0);
    const sum = (f: (p: TimelinePoint) => number) => points.reduce((s, p) => s + f(p), 0);
    return {
      t: Math.max(...points.map((p) => p.t)),
      iterationsPerS: sum((p) => p.iterationsPerS), droppedPerS: sum((p) => p.droppedPerS), requestsPerS: requests,
      errorRate: weighted((p) => p.errorRate), p50: weighted((p) => p.p50), p95: weighted((p) => p.p95), p99: weighted((p) => p.p99), vus: sum((p) => p.vus),
    };
  });
}
