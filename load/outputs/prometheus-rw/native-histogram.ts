// A Prometheus native (sparse exponential) histogram, as k6 builds one for a trend with
// K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM: bucket factor 1.1, which the Go client turns into
// schema 3 (each bucket 2^(1/8) wider than the last), and the client's default zero threshold.
import type { NativeHistogram } from './write-request.ts';

const SCHEMA = 3;
const ZERO_THRESHOLD = 2 ** -128;

export class NativeHistogramSink {
  private count = 0;
  private sum = 0;
  private zeroCount = 0;
  private readonly buckets = new Map<number, number>();

  add(v: number): void {
    this.count++;
    this.sum += v;
    if (Math.abs(v) <= ZERO_THRESHOLD) {
      this.zeroCount++;
      return;
    }
    // Durations and sizes are never negative; a negative value is counted in the zero bucket.
    if (v < 0) {
      this.zeroCount++;
      return;
    }
    const key = bucketKey(v);
    this.buckets.set(key, (this.buckets.get(key) ?? 0) + 1);
  }

  toProto(timestamp: number): NativeHistogram {
    const keys = [...this.buckets.keys()].sort((a, b) => a - b);
    const positiveSpans: NativeHistogram['positiveSpans'] = [];
    const positiveDeltas: number[] = [];
    let previousKey = 0;
    let previousCount = 0;
    for (const [i, key] of keys.entries()) {
      const last = positiveSpans[positiveSpans.length - 1];
      // A span covers consecutive keys; the first span's offset is its first key, later ones the gap.
      if (i > 0 && key === previousKey + 1 && last) last.length++;
      else positiveSpans.push({ offset: i === 0 ? key : key - previousKey - 1, length: 1 });
      const count = this.buckets.get(key) as number;
      positiveDeltas.push(count - previousCount);
      previousKey = key;
      previousCount = count;
    }
    return { countInt: this.count, sum: this.sum, schema: SCHEMA, zeroThreshold: ZERO_THRESHOLD, zeroCountInt: this.zeroCount, positiveSpans, positiveDeltas, timestamp };
  }
}

/** The index of the bucket (2^((k-1)/8), 2^(k/8)] that holds v: upper bounds are inclusive. */
export function bucketKey(v: number): number {
  const key = Math.ceil(Math.log2(v) * 2 ** SCHEMA);
  // log2 rounding can put a value just past a bound into the bucket below, or the reverse.
  if (2 ** (key / 2 ** SCHEMA) < v) return key + 1;
  if (2 ** ((key - 1) / 2 ** SCHEMA) >= v) return key - 1;
  return key;
}
