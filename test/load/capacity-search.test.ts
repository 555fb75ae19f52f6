// The capacity search's logic, against a modelled API whose capacity is known exactly: where it
// stops, what it blames, and what it promises about the answer. (Against a real server on a real
// socket: test/load/capacity-real.test.ts.)
import { describe, expect, it } from 'vitest';
import { searchCapacity, type RunStep, type SearchOptions } from '../../load/capacity/search.ts';
import { adviceFor, exitCodeOf, verdictOf } from '../../load/capacity/verdict.ts';
import { DEFAULT_LIMITS, judgeStep, samplesNeeded } from '../../load/capacity/judge-step.ts';
import { measuredSeconds, type SampleNeed } from '../../load/capacity/step-length.ts';
import { nothingToJudge } from '../../load/capacity/run-step.ts';
import { computeCapacity } from '../../reports/capacity.ts';
import type { CapacityStep, TimelinePoint } from '../../reports/model.ts';
import type { SummaryLike } from '../../load/summary-metrics.ts';

const generator = { droppedIterations: 0, startLagP95Ms: 1, cpu: 0.3, eventLoopP99Ms: 12, vusMax: 10, maxVUs: 100 };

/** An API that holds every rate up to `capacity`; the generator offers up to `generatorMax`. */
function modelled(capacity: number, generatorMax = Infinity, flaky: number[] = []): RunStep & { rates: number[] } {
  const rates: number[] = [];
  const run = (rate: number, phase: CapacityStep['phase']): Promise<CapacityStep> => {
    rates.push(rate);
    const gen = rate > generatorMax;
    const held = gen ? null : rate <= capacity && !(phase === 'confirm' && flaky.includes(rate));
    return Promise.resolve({ phase, rate, achieved: rate, measuredS: 10, p95: 10, p99: 20, errorRate: 0, held, why: gen ? 'generator' : held ? 'held' : 'broke', generator });
  };
  return Object.assign(run, { rates });
}

function options(o: Partial<SearchOptions> = {}): SearchOptions {
  let clock = 0;
  return { startRate: 10, maxRate: 100_000, growth: 2, resolution: 0.05, maxDurationMs: 600_000, now: () => (clock += 1), stepCostMs: () => 1000, ...o };
}

describe('capacity search', () => {
  it('finds the capacity within the resolution below the truth, and confirms it', async () => {
    for (const capacity of [37, 337, 1234, 5000]) {
      const run = modelled(capacity);
      const r = await searchCapacity(run, options());
      expect(r.limitedBy).toBe('api');
      expect(r.highestRateHeld).toBeLessThanOrEqual(capacity);
      expect(r.highestRateHeld as number).toBeGreaterThanOrEqual(capacity / 1.05 - 1);
      expect((r.firstBrokenRate as number) / (r.highestRateHeld as number) - 1).toBeLessThanOrEqual(0.05 + 1 / (r.highestRateHeld as number));
      expect(r.confirmed).toBe(true);
      const last = r.steps[r.steps.length - 1] as CapacityStep;
      expect(last).toMatchObject({ phase: 'confirm', rate: r.highestRateHeld, held: true });
      expect(exitCodeOf(r)).toBe(0);
    }
  });

  it('grows geometrically, then bisects between the last held and the first broken rate', async () => {
    const run = modelled(100);
    const r = await searchCapacity(run, options({ startRate: 10 }));
    expect(run.rates.slice(0, 5)).toEqual([10, 20, 40, 80, 160]);
    expect(r.steps.slice(0, 5).every((s) => s.phase === 'grow')).toBe(true);
    const bisect = r.steps.filter((s) => s.phase === 'bisect').map((s) => s.rate);
    expect(bisect.length).toBeGreaterThan(0);
    for (const rate of bisect) expect(rate > 80 && rate < 160).toBe(true);
  });

  it('says so when even the start rate breaks the SLO (exit 1)', async () => {
    const r = await searchCapacity(modelled(5), options({ startRate: 10 }));
    expect(r).toMatchObject({ highestRateHeld: null, firstBrokenRate: 10, limitedBy: 'api' });
    expect(r.steps).toHaveLength(1);
    expect(exitCodeOf(r)).toBe(1);
    expect(verdictOf(r)).toMatch(/start rate broke/);
  });

  it('runs a step too short to judge again (the caller lengthens it), and never calls it the generator', async () => {
    const thinAt = (rates: Set<number>): RunStep & { rates: number[] } => {
      const base = modelled(100);
      const run = async (rate: number, phase: CapacityStep['phase']): Promise<CapacityStep> => {
        const s = await base(rate, phase);
        if (!rates.has(rate)) return s;
        rates.delete(rate);
        return { ...s, held: null, unjudged: true, why: 'no latency threshold could be judged' };
      };
      return Object.assign(run, { rates: base.rates });
    };
    const once = thinAt(new Set([10]));
    const r = await searchCapacity(once, options());
    expect(once.rates.slice(0, 3)).toEqual([10, 10, 20]);
    expect(r).toMatchObject({ limitedBy: 'api', confirmed: true });
    // Too short even when repeated: the budget ran out, not the generator, and nothing passes.
    const never: RunStep = (rate, phase) => Promise.resolve({ phase, rate, achieved: rate, measuredS: 10, p95: 10, p99: 20, errorRate: 0, held: null, unjudged: true, why: 'thin', generator });
    const stuck = await searchCapacity(never, options());
    expect(stuck).toMatchObject({ highestRateHeld: null, limitedBy: 'max-duration' });
    expect(stuck.steps).toHaveLength(2);
    expect(exitCodeOf(stuck)).toBe(2);
  });

  it('stops at the maximum rate when the SLO still holds there', async () => {
    const run = modelled(10_000);
    const r = await searchCapacity(run, options({ startRate: 100, maxRate: 500 }));
    expect(run.rates).toEqual([100, 200, 400, 500]);
    expect(r).toMatchObject({ highestRateHeld: 500, limitedBy: 'max-rate' });
    expect(exitCodeOf(r)).toBe(0);
    expect(verdictOf(r)).toMatch(/at least/);
  });

  it('stops as soon as the generator cannot offer the rate, and never calls it the API (exit 3)', async () => {
    const run = modelled(1000, 300);
    const r = await searchCapacity(run, options({ startRate: 100 }));
    expect(r.limitedBy).toBe('generator');
    expect(r.highestRateHeld).toBe(200);
    expect(r.firstBrokenRate).toBeNull();
    expect(run.rates).toEqual([100, 200, 400]);
    expect(exitCodeOf(r)).toBe(3);
    expect(verdictOf(r)).toMatch(/not known/);
  });

  it('says what would help the generator: more VUs when they ran out, more runners or sampled validation when it was busy', async () => {
    const limited = (g: Partial<typeof generator>): RunStep => (rate, phase) => Promise.resolve({ phase, rate, achieved: rate, measuredS: 10, p95: 10, p99: 20, errorRate: 0, held: null, why: 'generator', generator: { ...generator, ...g } });
    const outOfVus = await searchCapacity(limited({ droppedIterations: 30, vusMax: 100, maxVUs: 100 }), options());
    expect(adviceFor(outOfVus, 'node')).toMatch(/raise maxVUs in the profile \(--profile FILE; the step used all 100/);
    expect(adviceFor(outOfVus, 'node')).not.toMatch(/runners/);
    const busy = await searchCapacity(limited({ eventLoopP99Ms: 180 }), options());
    expect(adviceFor(busy, 'node')).toMatch(/more runners.*--validate sample:0\.1.*a core of its own/);
    expect(adviceFor(busy, 'k6')).not.toMatch(/a core of its own/);
    expect(adviceFor(await searchCapacity(modelled(100), options()), 'node')).toBeNull();
  });

  it('a confirmation that fails lowers the answer instead of keeping it', async () => {
    const first = await searchCapacity(modelled(100), options());
    const shaky = first.highestRateHeld as number;
    const run = modelled(100, Infinity, [shaky]);
    const r = await searchCapacity(run, options());
    expect(r.highestRateHeld).toBeLessThan(shaky);
    expect(r.confirmed).toBe(true);
    expect(r.steps.filter((s) => s.phase === 'confirm').map((s) => s.held)).toEqual([false, true]);
  });

  it('starts no step the time budget cannot finish', async () => {
    let clock = 0;
    const run = modelled(10_000);
    // The caller's clock advances by each step's length.
    const timed: RunStep = async (rate, phase) => {
      const s = await run(rate, phase);
      clock += 1000;
      return s;
    };
    const bounded = await searchCapacity(timed, options({ maxDurationMs: 3500, now: () => clock, stepCostMs: () => 1000 }));
    expect(bounded.steps).toHaveLength(3);
    expect(bounded.limitedBy).toBe('max-duration');
    expect(bounded.highestRateHeld).toBe(40);
    expect(verdictOf(bounded)).toMatch(/at least/);
  });

  it('a budget that ends during bisection still answers, unconfirmed', async () => {
    let clock = 0;
    const run = modelled(100);
    const timed: RunStep = async (rate, phase) => {
      const s = await run(rate, phase);
      clock += 1000;
      return s;
    };
    const r = await searchCapacity(timed, options({ maxDurationMs: 6500, now: () => clock }));
    expect(r).toMatchObject({ limitedBy: 'api', highestRateHeld: 80, firstBrokenRate: 113, confirmed: false });
    expect(verdictOf(r)).toMatch(/not confirmed/);
  });

  it('Ctrl-C keeps the finished steps and gives no verdict', async () => {
    const stop = new AbortController();
    const run = modelled(1000);
    const interrupting: RunStep = async (rate, phase) => {
      const s = await run(rate, phase);
      if (run.rates.length === 3) stop.abort();
      return s;
    };
    const r = await searchCapacity(interrupting, options({ signal: stop.signal }));
    expect(r.interrupted).toBe(true);
    expect(r.limitedBy).toBeNull();
    expect(r.steps).toHaveLength(3);
    expect(exitCodeOf(r)).toBe(105);
  });
});

describe('a step verdict', () => {
  /** End-of-test summary data as either engine writes it for a step, thresholds on the measured part. */
  function summary(o: { p95?: number; p95Ok?: boolean; p99Count?: number; dropped?: number; startLagP95?: number } = {}): SummaryLike {
    const p95 = o.p95 ?? 30;
    return {
      metrics: {
        'http_req_duration{name:getCall,phase:measured}': { values: { 'p(95)': p95, 'p(99)': p95 * 1.5, count: o.p99Count ?? 2000 }, thresholds: { 'p(95)<40': { ok: o.p95Ok ?? p95 < 40 }, 'p(99)<100': { ok: true } } },
        'http_req_failed{name:getCall,phase:measured}': { values: { rate: 0 }, thresholds: { 'rate<0.01': { ok: true } } },
        'dropped_iterations{scenario:read_mix}': { values: { count: o.dropped ?? 0 }, thresholds: { 'count<=0': { ok: !o.dropped } } },
        'iterations{phase:measured}': { values: { count: 600 }, thresholds: { 'count>=0': { ok: true } } },
        'http_req_duration{phase:measured}': { values: { 'p(95)': p95, 'p(99)': p95 * 1.5 }, thresholds: { 'p(95)>=0': { ok: true } } },
        'http_req_failed{phase:measured}': { values: { rate: 0 }, thresholds: { 'rate>=0': { ok: true } } },
        ...(o.dropped ? { dropped_iterations: { values: { count: o.dropped } } } : {}),
        ...(o.startLagP95 ? { 'iteration_start_lag{phase:measured}': { values: { 'p(95)': o.startLagP95 }, thresholds: { 'p(95)>=0': { ok: true } } } } : {}),
        vus_max: { values: { value: 20, min: 5, max: 20 } },
      },
    };
  }
  const judge = (s: SummaryLike, g: { cpu?: number; eventLoopP99Ms?: number } = {}) => judgeStep({ phase: 'grow', rate: 200, measuredS: 3, summary: s, cpu: g.cpu ?? 0.3, eventLoopP99Ms: g.eventLoopP99Ms ?? 5, maxVUs: 20 });

  it('holds when every SLO threshold held on enough samples, and reads the measured part', () => {
    const step = judge(summary());
    expect(step).toMatchObject({ held: true, achieved: 200, p95: 30, errorRate: 0 });
    expect(step.why).toBe('every SLO threshold held');
  });

  it('breaks on an SLO threshold, naming it as the profile states it', () => {
    const step = judge(summary({ p95: 55 }));
    expect(step.held).toBe(false);
    expect(step.why).toMatch(/http_req_duration\{name:getCall\} p\(95\)<40 \(was 55\)/);
  });

  it('a busy generator is never the API: no verdict when its CPU or event loop was at the limit, even over a broken threshold', () => {
    for (const g of [{ cpu: 0.99 }, { eventLoopP99Ms: 250 }]) {
      const step = judge(summary({ p95: 55 }), g);
      expect(step.held).toBeNull();
      expect(step.why).toMatch(/generator could not offer 200\/s: (its CPU was at 99%|its event loop was up to 250 ms late)/);
    }
  });

  it('iterations that only started late are the generator\'s while the SLO holds; with the SLO broken, the API broke it on less than the rate', () => {
    const held = judge(summary({ startLagP95: 116 }));
    expect(held.held).toBeNull();
    expect(held.why).toMatch(/generator could not offer 200\/s: iterations started up to 116 ms late/);
    const broken = judge(summary({ p95: 317, startLagP95: 116 }));
    expect(broken.held).toBe(false);
    expect(broken.why).toMatch(/broke http_req_duration\{name:getCall\} p\(95\)<40 \(was 317\); iterations started up to 116 ms late/);
    // A late event loop besides is in every latency measured: no verdict; nor where CPU and event
    // loop were not read (late starts may then be a starved generator).
    expect(judge(summary({ p95: 317, startLagP95: 116 }), { eventLoopP99Ms: 150 }).held).toBeNull();
    const unread = judgeStep({ phase: 'grow', rate: 200, measuredS: 3, summary: summary({ p95: 317, startLagP95: 116 }), cpu: null, eventLoopP99Ms: null, maxVUs: 20 });
    expect(unread.held).toBeNull();
    expect(unread.why).toMatch(/iterations started up to 116 ms late/);
  });

  it('dropped iterations with the SLO held are the generator\'s; with the SLO broken, the API\'s slow answers held the VUs', () => {
    const held = judge(summary({ dropped: 40 }));
    expect(held.held).toBeNull();
    expect(held.why).toMatch(/40 iterations dropped \(VUs 20 of 20\)/);
    const broken = judge(summary({ p95: 80, dropped: 40 }));
    expect(broken.held).toBe(false);
    expect(broken.why).toMatch(/p\(95\)<40.*40 iterations dropped/);
  });

  it('a percentile that held on too few samples is not judged, and says so', () => {
    const step = judge(summary({ p99Count: 300, p95Ok: false, p95: 30 }));
    // p(95) needs 200 samples (300 broke it), p(99) needs 1000 (300 cannot judge it).
    expect(step.held).toBe(false);
    expect(step.why).toMatch(/too few samples to judge http_req_duration\{name:getCall\} p\(99\)<100 \(300 of 1000\)/);
  });

  it('a step none of whose percentiles could be judged never holds', () => {
    const thin = judge(summary({ p99Count: 150 }));
    expect(thin.held).toBeNull();
    expect(thin.why).toMatch(/no latency threshold could be judged: too few samples for http_req_duration\{name:getCall\} p\(95\)<40 \(150 of 200\), http_req_duration\{name:getCall\} p\(99\)<100 \(150 of 1000\)/);
  });

  it('a percentile that failed on too few samples is broken all the same', () => {
    const slow = judge(summary({ p99Count: 20, p95: 6254 }));
    expect(slow.held).toBe(false);
    expect(slow.why).toMatch(/broke http_req_duration\{name:getCall\} p\(95\)<40 \(was 6254 on 20 samples\)/);
  });
});

describe('a step with nothing to judge', () => {
  it('is no verdict at all when its summary is missing or no iteration ended in its measured part', () => {
    expect(nothingToJudge(null, 20, 5)).toMatch(/the step at 20\/s wrote no end-of-test summary, so it cannot be judged/);
    const none: SummaryLike = { metrics: { 'iterations{phase:measured}': { values: { count: 0 }, thresholds: { 'count>=0': { ok: true } } } } };
    expect(nothingToJudge(none, 20, 5)).toMatch(/no iteration of the step at 20\/s ended in its 5 s measured part/);
    expect(nothingToJudge({}, 20, 5)).toMatch(/no iteration/);
    const some: SummaryLike = { metrics: { 'iterations{phase:measured}': { values: { count: 3 } } } };
    expect(nothingToJudge(some, 20, 5)).toBeNull();
  });
});

describe('the capacity profile\'s ramp, judged as steps are', () => {
  const point = (t: number, rate: number, o: Partial<TimelinePoint> = {}): TimelinePoint => ({ t, iterationsPerS: rate, droppedPerS: 0, requestsPerS: rate, errorRate: 0, p50: 5, p95: 20, p99: 40, ...o });
  const slo = { p95Ms: 200, errorRate: 0.01 };

  it('leaves the warm-up out of the verdict', () => {
    const timeline = [point(1, 5, { p95: 900 }), point(2, 5), ...Array.from({ length: 10 }, (_, i) => point(i + 3, 300 + i * 10))];
    expect(computeCapacity(timeline, slo).firstBreak?.t).toBe(1);
    expect(computeCapacity(timeline, slo, { warmUpS: 2 })).toMatchObject({ highestRateHeld: 390, firstBreak: null, limitedBy: null });
  });

  it('judges seconds with too few requests together, not one by one', () => {
    // One slow request in a second of 50 is a p95 over the SLO; in 200 requests it is not.
    const timeline = [point(1, 50), point(2, 50, { p95: 400 }), point(3, 50), point(4, 50), point(5, 300, { p95: 500 })];
    expect(computeCapacity(timeline, slo).firstBreak?.t).toBe(2);
    const merged = computeCapacity(timeline, slo, { minRequests: 200 });
    expect(merged).toMatchObject({ highestRateHeld: 50, firstBreak: { atRate: 300, t: 5 }, limitedBy: 'api' });
  });

  it('dropped iterations while the SLO holds are the generator\'s, never the API\'s', () => {
    const timeline = [point(1, 100), point(2, 200, { droppedPerS: 20, iterationsPerS: 180 })];
    const verdict = computeCapacity(timeline, slo);
    expect(verdict).toMatchObject({ highestRateHeld: 100, limitedBy: 'generator', firstBreak: { atRate: 200 } });
    expect(verdict.firstBreak?.what).toMatch(/generator ran out of VUs \(not the API/);
    const slow = computeCapacity([point(1, 100), point(2, 200, { droppedPerS: 20, p95: 900 })], slo);
    expect(slow.limitedBy).toBe('api');
  });
});

describe('a step lengthened for its samples', () => {
  /** A seeded generator, so a failure repeats. */
  function lcg(seed: number): () => number {
    let s = seed >>> 0;
    return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  }
  /** A metric's samples in `iterations` of a scenario that draws it at random in half of them. */
  const draws = (iterations: number, share: number, random: () => number) => {
    let n = 0;
    for (let i = 0; i < iterations; i++) if (random() < share) n += 1;
    return n;
  };

  it('gets the samples it needs though a random mix gives each step a different share', () => {
    const random = lcg(7);
    const needed = samplesNeeded('p(95)<100', DEFAULT_LIMITS.minTailSamples);
    const lengths = { stepS: 2, maxStepS: 60 };
    let short = 0;
    const trials = 2000;
    for (let t = 0; t < trials; t++) {
      const rate = 100 + Math.floor(random() * 200);
      // The first step, too short: what it saw is all the next one knows of the share.
      const first = measuredSeconds(rate, lengths, null);
      const seen = draws(first * rate, 0.5, random);
      const needs: SampleNeed[] = [{ metric: 'http_req_duration{name:getCall,phase:measured}', needed, perIteration: seen / (first * rate) }];
      const second = measuredSeconds(rate, lengths, needs);
      if (draws(second * rate, 0.5, random) < needed) short += 1;
    }
    // Planned for exactly the samples needed, about half the repeated steps fell short.
    expect(short / trials).toBeLessThan(0.005);
  });

  it('is never shorter than --step nor longer than the longest step', () => {
    const need: SampleNeed = { metric: 'm', needed: 1000, perIteration: 0.5 };
    expect(measuredSeconds(10_000, { stepS: 5, maxStepS: 60 }, [need])).toBe(5);
    expect(measuredSeconds(1, { stepS: 5, maxStepS: 60 }, [need])).toBe(60);
    expect(measuredSeconds(100, { stepS: 5, maxStepS: 60 }, [{ ...need, perIteration: 0 }])).toBe(5);
  });
});
