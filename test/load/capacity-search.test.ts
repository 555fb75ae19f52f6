// The capacity search's logic, against a modelled API whose capacity is known exactly: where it
// stops, what it blames, and what it promises about the answer. (Against a real server on a real
// socket: test/load/capacity-real.test.ts.)
import { describe, expect, it } from 'vitest';
import { searchCapacity, type RunStep, type SearchOptions } from '../../load/capacity/search.ts';
import { exitCodeOf, verdictOf } from '../../load/capacity/verdict.ts';
import type { CapacityStep } from '../../reports/model.ts';

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
