// Prometheus native histograms (as k6's remote-write output sends a trend: schema 3, each bucket
// 2^(1/8) wider than the last) added up across series, and k6's trend statistics read from them.
// A sample is known to its bucket: its estimate is the point of the bucket nearest, in relative
// terms, to both its ends, so it is off by at most (u-l)/(u+l) of the true value; for schema 3
// that is 4.33%, and a percentile interpolated between two such estimates keeps that bound. That bound, over the buckets a statistic came from, is stated with it.
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
   * k6's percentile p: between the samples of ranks floor and ceil of p/100 * (n-1) (from the
   * smallest), as k6 interpolates, each sample's value estimated in its bucket. Each estimate is
   * within the bucket's relative error of its sample, so their interpolation is within it of k6's
   * value too, wherever a bucket boundary falls. null without samples.
   */
  percentile(p: number): number | null {
    const buckets = this.ordered();
    const total = buckets.reduce((n, b) => n + b.count, 0);
    if (!total) return null;
    const rank = (p / 100) * (total - 1);
    const lo = Math.floor(rank);
    const at = (i: number): number => {
      let seen = 0;
      for (const b of buckets) {
        seen += b.count;
        if (i < seen) return estimate(b);
      }
      return estimate(buckets[buckets.length - 1] as Bucket);
    };
    const below = at(lo);
    return below + (at(Math.min(lo + 1, total - 1)) - below) * (rank - lo);
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
