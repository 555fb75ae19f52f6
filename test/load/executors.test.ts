// Each executor's schedule, seen from a server that records when requests arrive.
import { afterEach, describe, expect, it } from 'vitest';
import { arrivalTimes, constantTimes } from '../../load/engine/executors/arrival-rate.ts';
import { arrivalRecorder } from '../helpers/arrival-recorder.ts';
import { metric, runFixture } from '../helpers/engine.ts';

let close: (() => Promise<void>) | undefined;
afterEach(async () => { await close?.(); close = undefined; });

async function run(scenario: Record<string, unknown>, delayMs = 0) {
  const rec = await arrivalRecorder();
  close = rec.close;
  const result = await runFixture('configurable', { URL: rec.url, DELAY: String(delayMs), OPTIONS: JSON.stringify({ scenarios: { s: scenario } }) });
  const times = rec.arrivals.map((a) => a.at);
  const vus = new Set(rec.arrivals.map((a) => new URL(a.path, 'http://x').searchParams.get('vu')));
  return { result, times, vus, maxInFlight: rec.inFlightMax(), iterations: metric(result, 'iterations')?.values.count ?? 0 };
}

const gaps = (t: number[]) => t.slice(1).map((v, i) => v - (t[i] as number));
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] as number;

describe('executors', () => {
  it('constant-arrival-rate starts iterations on a fixed schedule, the first at once and the last at the end, as k6 does', async () => {
    const r = await run({ executor: 'constant-arrival-rate', rate: 20, timeUnit: '1s', duration: '1s', preAllocatedVUs: 5, gracefulStop: '1s' });
    // k6 v0.48.0 runs 21 here: t = 0, 50 ms, ..., 1000 ms.
    expect(r.iterations).toBe(21);
    expect(median(gaps(r.times))).toBeGreaterThan(40);
    expect(median(gaps(r.times))).toBeLessThan(60);
  });

  it('constant-arrival-rate keeps its schedule when iterations are slow, adding VUs up to maxVUs', async () => {
    const r = await run({ executor: 'constant-arrival-rate', rate: 20, timeUnit: '1s', duration: '1s', preAllocatedVUs: 2, maxVUs: 20, gracefulStop: '2s' }, 300);
    expect(r.iterations).toBe(21);
    expect(r.maxInFlight).toBeGreaterThan(4);
    expect(metric(r.result, 'vus_max')?.values.value).toBeGreaterThan(2);
    expect(metric(r.result, 'dropped_iterations')).toBeUndefined();
  });

  it('arrival-rate drops iterations when no VU is free', async () => {
    const r = await run({ executor: 'constant-arrival-rate', rate: 20, timeUnit: '1s', duration: '1s', preAllocatedVUs: 1, maxVUs: 1, gracefulStop: '1s' }, 200);
    expect(r.iterations).toBeLessThan(8);
    expect(metric(r.result, 'dropped_iterations')?.values.count).toBeGreaterThan(10);
    expect((metric(r.result, 'dropped_iterations')?.values.count ?? 0) + r.iterations).toBe(21);
  });

  it('ramping-arrival-rate follows its stages', async () => {
    const r = await run({ executor: 'ramping-arrival-rate', startRate: 0, timeUnit: '1s', preAllocatedVUs: 10, stages: [{ target: 40, duration: '1s' }, { target: 40, duration: '500ms' }], gracefulStop: '1s' });
    // k6 v0.48.0 runs 39 here: the 40th would start exactly at the end.
    expect(r.iterations).toBe(39);
    const t0 = r.times[0] as number;
    expect(r.times.filter((t) => t - t0 < 500).length).toBeLessThan(r.times.filter((t) => t - t0 >= 500 && t - t0 < 1000).length);
  });

  it('constant-vus runs VUs back to back for the duration', async () => {
    const r = await run({ executor: 'constant-vus', vus: 3, duration: '1s', gracefulStop: '1s' }, 100);
    expect(r.vus.size).toBe(3);
    expect(r.maxInFlight).toBe(3);
    // Back to back: each VU starts iterations until 1 s is up, so 3 VUs run 3 s / (mean iteration
    // time) of them, within one each. Measured against the iterations' own time, not 100 ms: a
    // busy machine's late timers lengthen every iteration (at 125 ms, 24 where 30 were expected).
    const meanMs = metric(r.result, 'iteration_duration')?.values.avg as number;
    expect(meanMs).toBeGreaterThanOrEqual(99);
    // Each iteration takes its 100 ms, and no more than a busy machine's stalls add.
    expect(meanMs).toBeLessThan(300);
    expect(Math.abs(r.iterations - 3000 / meanMs), `${r.iterations} iterations of ${meanMs} ms`).toBeLessThanOrEqual(3);
  });

  it('ramping-vus grows and shrinks the VUs with its stages', async () => {
    const r = await run({ executor: 'ramping-vus', startVUs: 0, stages: [{ target: 4, duration: '800ms' }, { target: 0, duration: '400ms' }], gracefulRampDown: '0s', gracefulStop: '1s' }, 50);
    const t0 = r.times[0] as number;
    const early = r.times.filter((t) => t - t0 < 200).length;
    const middle = r.times.filter((t) => t - t0 >= 600 && t - t0 < 800).length;
    expect(middle).toBeGreaterThan(early);
    expect(r.maxInFlight).toBeLessThanOrEqual(4);
  });

  it('per-vu-iterations runs each VU its iterations', async () => {
    const r = await run({ executor: 'per-vu-iterations', vus: 3, iterations: 4 });
    expect(r.iterations).toBe(12);
    expect(r.vus.size).toBe(3);
  });

  it('shared-iterations shares one count between VUs', async () => {
    const r = await run({ executor: 'shared-iterations', vus: 3, iterations: 10 }, 10);
    expect(r.iterations).toBe(10);
    expect(r.vus.size).toBe(3);
  });

  it('startTime delays a scenario, and several scenarios run at once', async () => {
    const rec = await arrivalRecorder();
    close = rec.close;
    const options = { scenarios: { a: { executor: 'shared-iterations', vus: 1, iterations: 2 }, b: { executor: 'shared-iterations', vus: 1, iterations: 2, startTime: '300ms' } } };
    const t0 = performance.now();
    const result = await runFixture('configurable', { URL: rec.url, OPTIONS: JSON.stringify(options) });
    expect(metric(result, 'iterations')?.values.count).toBe(4);
    expect(rec.arrivals.filter((a) => a.at - t0 >= 300)).toHaveLength(2);
  });
});

describe('arrival times', () => {
  it('integrate a linear ramp exactly, as k6 plans them', () => {
    const times = [...arrivalTimes(0, [{ target: 100, durationMs: 1000 }], 1000)];
    // The i-th arrival where the area under the rate reaches i; the 50th falls on the end.
    expect(times).toHaveLength(49);
    expect(times[0]).toBeCloseTo(Math.sqrt(2 / 1e-4), 6);
    expect(times[24]).toBeCloseTo(Math.sqrt(2 * 25 / 1e-4), 6);
  });

  it('give the iteration counts a real k6 v0.48.0 gave for the same options', () => {
    expect([...constantTimes(20, 1000, 1000)]).toHaveLength(21);
    expect([...constantTimes(4, 1000, 8000)]).toHaveLength(33);
    expect([...arrivalTimes(0, [{ target: 40, durationMs: 1000 }, { target: 40, durationMs: 500 }], 1000)]).toHaveLength(39);
    expect([...arrivalTimes(5, [{ target: 25, durationMs: 2000 }], 1000)]).toHaveLength(30);
  });
});
