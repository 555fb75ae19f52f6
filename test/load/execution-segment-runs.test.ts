// Runners with execution segments, on the built-in engine: together they start the iterations of
// one unsegmented run, each at its unsegmented time, with the VUs k6 would give each.
import { afterEach, describe, expect, it } from 'vitest';
import { executionTuple } from '../../load/engine/execution-segment.ts';
import { arrivalTimes, constantTimes } from '../../load/engine/executors/arrival-rate.ts';
import { arrivalRecorder } from '../helpers/arrival-recorder.ts';
import { metric, runFixture } from '../helpers/engine.ts';

let close: (() => Promise<void>) | undefined;
afterEach(async () => { await close?.(); close = undefined; });

const HALVES = '0,1/2,1';
const THIRDS = '0,1/3,2/3,1';

describe('segmented schedules', () => {
  it.each([[HALVES, ['0:1/2', '1/2:1']], [THIRDS, ['0:1/3', '1/3:2/3', '2/3:1']]])('constant and ramping arrivals of the segments of %s are the unsegmented ones, each once', (seq, segments) => {
    const whole = { constant: [...constantTimes(30, 1000, 5000)], ramping: [...arrivalTimes(3, [{ target: 60, durationMs: 3000 }, { target: 10, durationMs: 2000 }], 1000)] };
    for (const kind of ['constant', 'ramping'] as const) {
      // Striped by the tuple re-cut by maxVUs (10 here), as k6's arrival-rate executors stripe them.
      const parts = segments.map((seg) => {
        const indices = executionTuple(seg, seq).forValue(10)?.indices();
        return kind === 'constant' ? [...constantTimes(30, 1000, 5000, indices)] : [...arrivalTimes(3, [{ target: 60, durationMs: 3000 }, { target: 10, durationMs: 2000 }], 1000, indices)];
      });
      expect(parts.flat().sort((a, b) => a - b)).toEqual(whole[kind]);
      // Each segment gets its share of the VUs' share (within one) of the arrivals: 4, 3 and 3 tenths for thirds.
      parts.forEach((part, i) => expect(Math.abs(part.length - (whole[kind].length * executionTuple(segments[i], seq).scale(10)) / 10)).toBeLessThanOrEqual(1));
    }
  });
});

async function runSegment(segment?: string, sequence?: string, preAllocatedVUs = 4) {
  const rec = await arrivalRecorder();
  close = rec.close;
  const scenario = { executor: 'constant-arrival-rate', rate: 20, timeUnit: '1s', duration: '2s', preAllocatedVUs, gracefulStop: '1s' };
  // setup() sends one request just before the scenario starts: the origin of the schedule.
  const result = await runFixture('configurable', { URL: rec.url, SETUP_DELAY: '0', OPTIONS: JSON.stringify({ scenarios: { s: scenario } }) }, { executionSegment: segment, executionSegmentSequence: sequence });
  await rec.close();
  close = undefined;
  const t0 = (rec.arrivals.find((a) => !a.path.includes('vu='))?.at) as number;
  return { result, times: rec.arrivals.filter((a) => a.path.includes('vu=')).map((a) => a.at - t0), iterations: metric(result, 'iterations')?.values.count ?? 0, vusMax: metric(result, 'vus_max')?.values.value };
}

describe('segmented runs', () => {
  it('0:1/2 and 1/2:1 of a constant-arrival-rate run start the iterations of the whole run, each at its time', async () => {
    const whole = await runSegment();
    const first = await runSegment('0:1/2', HALVES);
    const second = await runSegment('1/2:1', HALVES);
    expect(whole.iterations).toBe(41);
    expect(Math.abs(first.iterations + second.iterations - whole.iterations)).toBeLessThanOrEqual(1);
    expect([first.iterations, second.iterations]).toEqual([21, 20]);
    // 0:1/2 owns arrivals 1, 3, 5... (t = 0, 100 ms, ...), 1/2:1 owns 2, 4, 6... (t = 50 ms, 150 ms, ...).
    // None early (a slot taken from the other half would be 50 ms early); typically on time: the
    // median lag within 20 ms, under half the 50 ms between the halves' slots. Not every lag: a busy
    // machine holds up the odd arrival 40 to 60 ms (seen with both cores taken) and the schedule catches up.
    const late = (times: number[], expected: (k: number) => number) => times.map((t, k) => t - expected(k));
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    for (const lags of [late(first.times, (k) => k * 100), late(second.times, (k) => 50 + k * 100)]) {
      for (const lag of lags) expect(lag).toBeGreaterThan(-5);
      expect(median(lags), lags.map((l) => l.toFixed(1)).join(' ')).toBeLessThan(20);
    }
    expect([first.vusMax, second.vusMax]).toEqual([2, 2]);
    expect(whole.vusMax).toBe(4);
  });

  it('arrivals follow the split of the VUs, as in k6: halves of 5 VUs take 3/5 and 2/5 of the iterations', async () => {
    const first = await runSegment('0:1/2', HALVES, 5);
    const second = await runSegment('1/2:1', HALVES, 5);
    expect([first.vusMax, second.vusMax]).toEqual([3, 2]);
    // 41 arrivals striped by 0,3/5,1: arrivals 1, 3 and 5 of every 5 to the first, 2 and 4 to the second.
    expect([first.iterations, second.iterations]).toEqual([25, 16]);
    expect(second.times[0]).toBeGreaterThan(45);
  });

  it.each([
    // shared-iterations: VUs split 5/5, the 101 iterations by the share of VUs (k6's GetIterations).
    [{ executor: 'shared-iterations', vus: 10, iterations: 101, maxDuration: '10s' }, [51, 50], [5, 5]],
    // per-vu-iterations: 3 VUs split 2/1 (0:1/2 takes the first of every two), each runs its 4.
    [{ executor: 'per-vu-iterations', vus: 3, iterations: 4, maxDuration: '10s' }, [8, 4], [2, 1]],
  ])('closed-model executors split as k6 splits them: %j', async (scenario, iterations, vus) => {
    const parts = [];
    for (const segment of ['0:1/2', '1/2:1']) {
      const rec = await arrivalRecorder();
      close = rec.close;
      const result = await runFixture('configurable', { URL: rec.url, OPTIONS: JSON.stringify({ scenarios: { s: { ...scenario, gracefulStop: '1s' } } }) }, { executionSegment: segment, executionSegmentSequence: HALVES });
      parts.push({ iterations: metric(result, 'iterations')?.values.count, vus: metric(result, 'vus_max')?.values.value, requests: rec.arrivals.filter((a) => a.path.includes('vu=')).length });
      await rec.close();
      close = undefined;
    }
    expect(parts.map((p) => p.iterations)).toEqual(iterations);
    expect(parts.map((p) => p.requests)).toEqual(iterations);
    expect(parts.map((p) => p.vus)).toEqual(vus);
  });

  it('ramping-vus: each segment runs its striped share of the target VUs', async () => {
    const stages = [{ target: 5, duration: '1s' }, { target: 5, duration: '500ms' }];
    const peaks = [];
    for (const segment of ['0:1/3', '1/3:2/3', '2/3:1']) {
      const rec = await arrivalRecorder();
      close = rec.close;
      const result = await runFixture('configurable', { URL: rec.url, DELAY: '20', OPTIONS: JSON.stringify({ scenarios: { s: { executor: 'ramping-vus', startVUs: 0, stages, gracefulRampDown: '0s', gracefulStop: '1s' } } }) }, { executionSegment: segment, executionSegmentSequence: THIRDS });
      peaks.push(metric(result, 'vus_max')?.values.value);
      await rec.close();
      close = undefined;
    }
    // 5 VUs striped over thirds: 2, 2 and 1 (k6's ScaleInt64), adding up to the whole.
    expect(peaks).toEqual([2, 2, 1]);
  });

  it('a segment that is not in its sequence is refused before any request', async () => {
    await expect(runSegment('0:1/3', HALVES)).rejects.toThrow(/couldn't find segment 0:1\/3 in sequence 0,1\/2,1/);
  });
});
