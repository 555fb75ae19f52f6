// Where samples of one (sub-)metric accumulate, and the values k6 reports for each type.
import * as hdr from 'hdr-histogram-js';

import type { MetricType } from './registry-types.ts';

export type { MetricType };
export type Values = Record<string, number>;

/**
 * What a sink holds, as data: what an exact merge of runners' sinks needs (merge.json). Trends
 * carry their HDR histogram as hdr-histogram-js encodes it (compressed, base64).
 */
export type SinkState =
  | { kind: 'counter'; sum: number; samples: number }
  | { kind: 'gauge'; last: number; min: number; max: number; samples: number }
  | { kind: 'rate'; passes: number; samples: number }
  | { kind: 'trend'; hdr: string; sum: number; min: number; max: number; samples: number };

export interface Sink {
  add(value: number): void;
  values(trendStats: string[], elapsedS: number): Values;
  /** How many samples it holds (the thresholds' minimum-sample rules read it). */
  readonly samples: number;
  encode(): SinkState;
  /** Adds another runner's sink of the same metric, as if its samples had come here. */
  absorb(state: SinkState): void;
}

export class CounterSink implements Sink {
  private sum = 0;
  samples = 0;
  add(v: number): void {
    this.sum += v;
    this.samples++;
  }
  values(_t: string[], elapsedS: number): Values {
    return { count: this.sum, rate: elapsedS > 0 ? this.sum / elapsedS : 0 };
  }
  encode(): SinkState {
    return { kind: 'counter', sum: this.sum, samples: this.samples };
  }
  absorb(state: SinkState): void {
    if (state.kind !== 'counter') throw new Error(`cannot merge a ${state.kind} into a counter`);
    this.sum += state.sum;
    this.samples += state.samples;
  }
}

export class GaugeSink implements Sink {
  /** totals: a gauge whose runners' values add up to the whole test's (their VU counts). */
  constructor(private readonly totals = false) {}
  private last = 0;
  private min = Infinity;
  private max = -Infinity;
  samples = 0;
  add(v: number): void {
    this.last = v;
    this.min = Math.min(this.min, v);
    this.max = Math.max(this.max, v);
    this.samples++;
  }
  values(): Values {
    return this.samples ? { value: this.last, min: this.min, max: this.max } : { value: 0, min: 0, max: 0 };
  }
  encode(): SinkState {
    const { value, min, max } = this.values();
    return { kind: 'gauge', last: value as number, min: min as number, max: max as number, samples: this.samples };
  }
  /**
   * Runners' VU counts (vus, vus_max: a totals gauge) add up: the whole test's are their sums. Any
   * other gauge is a reading of one shared thing: its range is the lowest min and the highest
   * max any runner saw, and its last value one runner's last (runners end at about one moment).
   */
  absorb(state: SinkState): void {
    if (state.kind !== 'gauge') throw new Error(`cannot merge a ${state.kind} into a gauge`);
    if (!state.samples) return;
    const first = !this.samples;
    if (this.totals) {
      this.last = (first ? 0 : this.last) + state.last;
      this.min = (first ? 0 : this.min) + state.min;
      this.max = (first ? 0 : this.max) + state.max;
    } else {
      this.last = state.last;
      this.min = Math.min(this.min, state.min);
      this.max = Math.max(this.max, state.max);
    }
    this.samples += state.samples;
  }
}

export class RateSink implements Sink {
  private passes = 0;
  samples = 0;
  add(v: number): void {
    if (v !== 0) this.passes++;
    this.samples++;
  }
  values(): Values {
    return { rate: this.samples ? this.passes / this.samples : 0, passes: this.passes, fails: this.samples - this.passes };
  }
  encode(): SinkState {
    return { kind: 'rate', passes: this.passes, samples: this.samples };
  }
  absorb(state: SinkState): void {
    if (state.kind !== 'rate') throw new Error(`cannot merge a ${state.kind} into a rate`);
    this.passes += state.passes;
    this.samples += state.samples;
  }
}

/**
 * Values in ms; kept in an HDR histogram of microseconds (about 95 KB each, whatever the run's
 * length). 32-bit buckets: the packed ones save 55 KB but record four times slower.
 */
export class TrendSink implements Sink {
  private readonly histogram: hdr.Histogram;
  /**
   * Samples under 1.5 µs (they all fall in the lowest bucket, 1 µs), counted here and recorded
   * in one go when the histogram is read: k6's connecting, TLS and sending times of a kept-alive
   * connection are 0 on every request.
   */
  private zeros = 0;
  private sum = 0;
  private min = Infinity;
  private max = -Infinity;
  samples = 0;

  /** Packed buckets for the many small sinks of a per-series output: slower to record, far smaller. */
  constructor(bucketSize: 32 | 'packed' = 32) {
    this.histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3, bitBucketSize: bucketSize });
  }

  add(ms: number): void {
    const v = Math.max(0, ms);
    if (v < 0.0015) this.zeros++;
    else this.histogram.recordValue(Math.min(3_600_000_000, Math.round(v * 1000)));
    this.sum += v;
    this.min = Math.min(this.min, v);
    this.max = Math.max(this.max, v);
    this.samples++;
  }

  /** The histogram with every sample in it. */
  private get recorded(): hdr.Histogram {
    if (this.zeros) {
      this.histogram.recordValueWithCount(1, this.zeros);
      this.zeros = 0;
    }
    return this.histogram;
  }

  encode(): SinkState {
    const some = this.samples > 0;
    return { kind: 'trend', hdr: hdr.encodeIntoCompressedBase64(this.recorded), sum: this.sum, min: some ? this.min : 0, max: some ? this.max : 0, samples: this.samples };
  }

  absorb(state: SinkState): void {
    if (state.kind !== 'trend') throw new Error(`cannot merge a ${state.kind} into a trend`);
    if (!state.samples) return;
    this.recorded.add(hdr.decodeFromCompressedBase64(state.hdr, 32));
    this.sum += state.sum;
    this.min = Math.min(this.min, state.min);
    this.max = Math.max(this.max, state.max);
    this.samples += state.samples;
  }

  percentile(p: number): number {
    if (!this.samples) return 0;
    if (p >= 100) return this.max;
    if (p <= 0) return this.min;
    return Math.min(this.max, Math.max(this.min, this.recorded.getValueAtPercentile(p) / 1000));
  }

  values(trendStats: string[]): Values {
    const out: Values = {};
    for (const stat of trendStats) {
      const v = this.stat(stat);
      if (v !== undefined) out[stat] = v;
    }
    return out;
  }

  stat(stat: string): number | undefined {
    if (stat === 'avg') return this.samples ? this.sum / this.samples : 0;
    if (stat === 'min') return this.samples ? this.min : 0;
    if (stat === 'max') return this.samples ? this.max : 0;
    if (stat === 'med') return this.percentile(50);
    if (stat === 'count') return this.samples;
    if (stat === 'sum') return this.sum;
    const m = /^p\((\d+(?:\.\d+)?)\)$/.exec(stat);
    return m ? this.percentile(Number(m[1])) : undefined;
  }
}

export function sinkFor(type: MetricType): Sink {
  switch (type) {
    case 'counter': return new CounterSink();
    case 'gauge': return new GaugeSink();
    case 'rate': return new RateSink();
    case 'trend': return new TrendSink();
  }
}
