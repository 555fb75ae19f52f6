// Prometheus native histograms (as k6's remote-write output sends a trend: schema 3, each bucket
// 2^(1/8) wider than the last) added up across series, and k6's trend statistics read from them.
// A percentile is known to its bucket: the estimate is the point of the bucket nearest, in
// relative terms, to both its ends, so it is off by at most (u-l)/(u+l) of the true value; for
// schema 3 that is 4.33%. That bound, over the buckets a statistic came from, is stated with it.
import type { ApiHistogram } from './prometheus-api.ts';

interface Bucket {
  lower: number;
  upper: number;
  count: number;
}

export class SummedHistogram {
  count = 0;
  sum = 0;
  private readonly buckets = new Map<string, Bucket>();

  add(h: ApiHistogram): void {
    this.count += h.count;
    this.sum += h.sum;
    for (const b of h.buckets) {
      const key = `${b.lower}|${b.upper}`;
      const into = this.buckets.get(key);
      if (into) into.count += b.count;
      else this.buckets.set(key, { lower: b.lower, upper: b.upper, count: b.count });
    }
  }

  /** The buckets in order, empty ones left out. */
  private ordered(): Bucket[] {
    return [...this.buckets.values()].filter((b) => b.count > 0).sort((a, b) => a.lower - b.lower || a.upper - b.upper);
  }

  /** The widest relative error of any bucket's estimate: what every percentile here is within. */
  relativeError(): number {
    return Math.max(0, ...this.ordered().filter((b) => b.lower > 0).map((b) => (b.upper - b.lower) / (b.upper + b.lower)));
  }

  /**
   * The value at k6's rank for percentile p (rank p/100 * (n-1), from the smallest), estimated in
   * its bucket; null without samples.
   */
  percentile(p: number): number | null {
    const buckets = this.ordered();
    const total = buckets.reduce((n, b) => n + b.count, 0);
    if (!total) return null;
    const rank = Math.floor((p / 100) * (total - 1));
    let seen = 0;
    for (const b of buckets) {
      seen += b.count;
      if (rank < seen) return estimate(b);
    }
    return estimate(buckets[buckets.length - 1] as Bucket);
  }

  /** k6's trend values (`avg`, `min`, `med`, `max`, `p(N)`, `count`), times scaled by `scale` (seconds to ms). */
  values(stats: string[], scale: number): Record<string, number> {
    const out: Record<string, number> = {};
    for (const stat of new Set([...stats, 'count'])) {
      const p = /^p\((\d+(?:\.\d+)?)\)$/.exec(stat);
      const v = stat === 'count' ? this.count : stat === 'avg' ? (this.count ? (this.sum / this.count) * scale : 0)
        : stat === 'min' ? (this.percentile(0) ?? 0) * scale : stat === 'max' ? (this.percentile(100) ?? 0) * scale
          : stat === 'med' ? (this.percentile(50) ?? 0) * scale : p ? (this.percentile(Number(p[1])) ?? 0) * scale : undefined;
      if (v !== undefined) out[stat] = v;
    }
    return out;
  }
}

/** The point of (l, u] whose relative distance to both ends is the same: 2lu/(l+u); 0 for the zero bucket. */
function estimate(b: Bucket): number {
  if (b.lower <= 0) return Math.max(0, b.upper) / 2;
  return (2 * b.lower * b.upper) / (b.lower + b.upper);
}
