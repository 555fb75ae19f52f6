// The capacity search, free of I/O: constant-rate steps rising geometrically from the start rate
// until one breaks the SLO, then bisection between the last that held and the first that broke,
// then the highest held step repeated to confirm it. Each step is run by the caller.
import type { CapacitySearch, CapacityStep } from './model.ts';

export interface SearchOptions {
  startRate: number;
  maxRate: number;
  /** Each growing step's rate is the last one's times this. */
  growth: number;
  /** Bisection stops when the first broken rate is within this fraction above the last held one. */
  resolution: number;
  /** The search's time budget, and a clock in ms. */
  maxDurationMs: number;
  now: () => number;
  /** How long a step at this rate will take (ms): no step starts that the budget cannot finish. */
  stepCostMs: (rate: number) => number;
  signal?: AbortSignal;
}

export type RunStep = (rate: number, phase: CapacityStep['phase']) => Promise<CapacityStep>;

export type Outcome = Omit<CapacitySearch, 'slo' | 'verdict' | 'advice'>;

/** Arrival rates are whole iterations per second, as k6 takes them. */
const whole = (rate: number) => Math.max(1, Math.round(rate));

export async function searchCapacity(runStep: RunStep, o: SearchOptions): Promise<Outcome> {
  const steps: CapacityStep[] = [];
  const began = o.now();
  let held: number | null = null;
  let broken: number | null = null;
  let confirmed = false;
  const end = (limitedBy: Outcome['limitedBy'], interrupted = false): Outcome => ({
    highestRateHeld: held, limitedBy, unit: 'iterations/s', firstBrokenRate: broken, confirmed, resolution: o.resolution, steps, interrupted,
  });
  /** Runs a step unless the budget or the user says no; null says why not. */
  const step = async (rate: number, phase: CapacityStep['phase']): Promise<CapacityStep | 'budget' | 'interrupted'> => {
    if (o.signal?.aborted) return 'interrupted';
    if (o.now() - began + o.stepCostMs(rate) > o.maxDurationMs) return 'budget';
    let s = await runStep(rate, phase);
    steps.push(s);
    // A step too short to judge is run again once: the caller lengthens it to the samples it needs.
    if (s.held === null && s.unjudged && !o.signal?.aborted && o.now() - began + o.stepCostMs(rate) <= o.maxDurationMs) {
      s = await runStep(rate, phase);
      steps.push(s);
    }
    return o.signal?.aborted ? 'interrupted' : s;
  };
  // What a step that did not end in a verdict means for the whole search.
  const stopped = (s: 'budget' | 'interrupted' | CapacityStep): Outcome | null => {
    if (s === 'interrupted' || (typeof s === 'object' && s.held === null && o.signal?.aborted)) return end(null, true);
    if (s === 'budget') return end(broken === null ? 'max-duration' : 'api');
    // Too short to judge even when repeated (the next step is as long as its samples need, up to
    // the longest step the budget allows): the budget is what ran out, not the generator.
    if (s.held === null && s.unjudged) return end(broken === null ? 'max-duration' : 'api');
    if (s.held === null) return end('generator');
    return null;
  };

  // Grow until a step breaks, or the maximum rate holds; null when a step broke.
  const grow = async (): Promise<Outcome | null> => {
    for (let rate = whole(Math.min(o.startRate, o.maxRate)); ; rate = whole(Math.min(rate * o.growth, o.maxRate))) {
      const s = await step(rate, 'grow');
      const stop = stopped(s);
      if (stop) return stop;
      if (!(s as CapacityStep).held) {
        broken = rate;
        return null;
      }
      held = rate;
      if (rate >= o.maxRate) return end('max-rate');
    }
  };
  // Bisect down to the resolution, then confirm the highest held rate; a failed confirmation
  // makes it the new broken bound and the search goes on below it.
  const narrow = async (): Promise<Outcome> => {
    for (;;) {
      while (broken !== null && held !== null && broken / held - 1 > o.resolution) {
        const mid = whole(Math.sqrt(held * broken));
        if (mid <= held || mid >= broken) break;
        const s = await step(mid, 'bisect');
        const stop = stopped(s);
        if (stop) return stop;
        if ((s as CapacityStep).held) held = mid;
        else broken = mid;
      }
      if (held === null) return end('api');
      const again = await step(held, 'confirm');
      const stop = stopped(again);
      if (stop) return stop;
      if ((again as CapacityStep).held) {
        confirmed = true;
        return end('api');
      }
      broken = held;
      held = highestHeldBelow(steps, held);
    }
  };
  return (await grow()) ?? narrow();
}

function highestHeldBelow(steps: CapacityStep[], rate: number): number | null {
  const below = steps.filter((s) => s.held === true && s.rate < rate).map((s) => s.rate);
  return below.length ? Math.max(...below) : null;
}
