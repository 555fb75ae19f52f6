// Trend percentiles from the HDR histogram agree with exact percentiles of the same samples.
import { describe, expect, it } from 'vitest';
import { TrendSink } from '../../load/engine/metrics/sinks.ts';
import { sampleDelay, summarize } from '../../server/latency.ts';
import { Random } from '../../server/random.ts';

describe('HDR trend percentiles', () => {
  it.each([
    ['log-normal latencies', (r: Random) => sampleDelay({ model: 'lognormal', p50Ms: 12, p99Ms: 180 }, r)],
    ['uniform sub-millisecond', (r: Random) => r.next()],
    ['bimodal with stalls', (r: Random) => (r.chance(0.03) ? 400 + r.next() * 100 : 2 + r.next() * 3)],
  ])('%s: within 0.1%% of exact', (_name, draw) => {
    const rnd = new Random(9);
    const values = Float64Array.from({ length: 200_000 }, () => draw(rnd));
    const sink = new TrendSink();
    for (const v of values) sink.add(v);
    const exact = summarize(values);
    for (const [p, want] of [[50, exact.p50], [90, exact.p90], [95, exact.p95], [99, exact.p99]] as const) {
      // 3 significant digits, on values recorded in whole microseconds.
      expect(Math.abs(sink.percentile(p) - want)).toBeLessThanOrEqual(want * 0.001 + 0.001);
    }
    expect(sink.stat('max')).toBe(exact.max);
    expect(sink.stat('avg')).toBeCloseTo(exact.mean, 9);
  });
});
