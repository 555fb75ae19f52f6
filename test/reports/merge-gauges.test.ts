// Runners' gauges merged: VU counts add up to the whole test's, any other gauge keeps the range
// its runners saw (a sum of two runners' minimums is no reading anyone took).
import { describe, expect, it } from 'vitest';
import { GaugeSink } from '../../load/engine/metrics/sinks.ts';
import type { RunnerMetric, RunnerMetrics } from '../../load/engine/runner-output.ts';
import { mergeSinks } from '../../load/merge/merge-metrics.ts';

/** A runner's gauge as its engine encodes it, from the readings it took. */
function gauge(metric: string, readings: number[]): RunnerMetric {
  const sink = new GaugeSink();
  for (const v of readings) sink.add(v);
  return { metric, tags: {}, type: 'gauge', contains: 'default', sink: sink.encode() };
}

function runner(metrics: RunnerMetric[]): RunnerMetrics {
  return {
    durationMs: 1000, trendStats: [], thresholds: {}, metrics: Object.fromEntries(metrics.map((m) => [m.metric, m])),
    rootGroup: { name: '', path: '', id: '', groups: [], checks: [] }, timeline: [], interrupted: false, abortReason: null, interruptedIterations: 0, iterationErrors: [],
  };
}

describe('merged gauges', () => {
  const merged = mergeSinks([
    runner([gauge('queue_depth', [4, 9, 6]), gauge('vus', [2, 5, 3]), gauge('vus_max', [5, 5])]),
    runner([gauge('queue_depth', [7, 12, 8]), gauge('vus', [1, 4, 2]), gauge('vus_max', [4, 4])]),
  ]);

  it('a gauge of one shared thing keeps the lowest min and the highest max any runner saw', () => {
    expect(merged.get('queue_depth')?.sink.values([], 1)).toEqual({ value: 8, min: 4, max: 12 });
  });

  it('VU counts add up: the whole test ran the sum of its runners\' VUs', () => {
    expect(merged.get('vus')?.sink.values([], 1)).toEqual({ value: 5, min: 3, max: 9 });
    expect(merged.get('vus_max')?.sink.values([], 1)).toEqual({ value: 9, min: 9, max: 9 });
  });
});
