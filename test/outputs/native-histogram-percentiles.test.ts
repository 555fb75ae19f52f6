// Percentiles read from summed Prometheus native histograms (report merge --prometheus): for any
// samples, spread over any runners, each of k6's statistics is within the relative error the merge
// states of k6's own value from the raw samples, bucket boundaries between ranks included.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SummedHistogram } from '../../load/merge/native-histograms.ts';
import type { ApiHistogram } from '../../load/merge/prometheus-api.ts';
import { bucketKey } from '../../load/outputs/prometheus-rw/native-histogram.ts';

/** A runner's samples as Prometheus' API gives its native histogram: schema 3 buckets (l, u]. */
function asApi(values: number[]): ApiHistogram {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(bucketKey(v), (counts.get(bucketKey(v)) ?? 0) + 1);
  return {
    count: values.length, sum: values.reduce((a, b) => a + b, 0),
    buckets: [...counts].map(([k, count]) => ({ rule: 0, lower: 2 ** ((k - 1) / 8), upper: 2 ** (k / 8), count })),
  };
}

/** k6's percentile of sorted values: linear between the closest ranks. */
function k6Percentile(sorted: number[], p: number): number {
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const below = sorted[lo] as number;
  return below + ((sorted[Math.min(lo + 1, sorted.length - 1)] as number) - below) * (rank - lo);
}

describe('percentiles of summed native histograms', () => {
  it('are within the stated relative error of k6\'s, for any samples on any runners', () => {
    const latency = fc.double({ min: 1e-4, max: 30, noNaN: true });
    fc.assert(fc.property(fc.array(fc.array(latency, { minLength: 1, maxLength: 60 }), { minLength: 1, maxLength: 4 }), fc.constantFrom(0, 1, 50, 90, 95, 99, 99.9, 100), (runners, p) => {
      const sum = new SummedHistogram();
      for (const r of runners) sum.add(asApi(r));
      const exact = k6Percentile(runners.flat().sort((a, b) => a - b), p);
      const error = sum.relativeError();
      expect(error).toBeCloseTo(0.0433, 4);
      expect(Math.abs((sum.percentile(p) as number) - exact)).toBeLessThanOrEqual(exact * error * (1 + 1e-9));
    }), { numRuns: 300 });
  });

  it('count and average are exact; no samples, no percentile', () => {
    const sum = new SummedHistogram();
    expect(sum.percentile(50)).toBeNull();
    sum.add(asApi([0.01, 0.02]));
    sum.add(asApi([0.03]));
    expect(sum.values(['avg', 'med', 'count'], 1000)).toMatchObject({ count: 3, avg: 20 });
  });
});
