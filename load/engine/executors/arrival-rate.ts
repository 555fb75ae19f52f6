// Open-model executors: iterations start on a schedule whether or not earlier ones have
// finished, so a slow server cannot slow the arrivals down (no coordinated omission).
import { positive, type Executor, type ExecutorRun } from './executor.ts';
import type { Vu } from '../runtime.ts';

interface Stage {
  target: number;
  duration: string;
}

/**
 * Arrival times (ms since start) as k6 plans them for ramping-arrival-rate: the i-th arrival
 * (from 1) falls where the integral of the linearly changing rate reaches i; one that would start
 * exactly at the end of the stages does not run.
 */
export function* arrivalTimes(startRate: number, stages: { target: number; durationMs: number }[], timeUnitMs: number, indices: Iterator<number> = everyIndex()): Generator<number> {
  let offset = 0;
  let done = 0;
  // The 1-based arrivals this runner's execution segment owns (all of them when unsegmented).
  let i = indices.next().value as number;
  let rate = startRate / timeUnitMs;
  const total = stages.reduce((sum, s) => sum + s.durationMs, 0);
  for (const stage of stages) {
    const end = stage.target / timeUnitMs;
    const T = stage.durationMs;
    const slope = T > 0 ? (end - rate) / T : 0;
    const endCount = done + rate * T + (slope * T * T) / 2;
    for (; i <= endCount + 1e-9; i = indices.next().value as number) {
      const n = i - done;
      const t = offset + (Math.abs(slope) < 1e-15 ? n / rate : (-rate + Math.sqrt(Math.max(0, rate * rate + 2 * slope * n))) / slope);
      if (t >= total) return;
      yield t;
    }
    done = endCount;
    offset += T;
    rate = end;
  }
}

/**
 * constant-arrival-rate as k6 runs it: the first at once, then every 1/rate, up to and including
 * the end; a segment keeps the arrivals it owns, at their unsegmented times.
 */
export function* constantTimes(rate: number, timeUnitMs: number, durationMs: number, indices: Iterator<number> = everyIndex()): Generator<number> {
  const period = timeUnitMs / rate;
  for (let i = indices.next().value as number; (i - 1) * period <= durationMs + 1e-9; i = indices.next().value as number) yield (i - 1) * period;
}

function* everyIndex(): Generator<number> {
  for (let i = 1; ; i++) yield i;
}

/**
 * The VUs and arrivals of this runner's segment, as k6 splits them: VU counts scaled by the
 * segment's tuple, arrivals striped by the tuple re-cut by maxVUs (k6's Init of both executors);
 * null when the segment gets no VU (k6 skips an executor without work).
 */
function segmentShare(run: ExecutorRun): { pre: number; max: number; indices: Iterator<number> } | null {
  const c = run.config;
  const pre = positive(c.preAllocatedVUs ?? 1, 'preAllocatedVUs', c.executor);
  const max = Math.max(pre, positive(c.maxVUs ?? pre, 'maxVUs', c.executor));
  const striped = run.segment.forValue(max);
  if (!striped || run.segment.scale(max) === 0) return null;
  return { pre: run.segment.scale(pre), max: run.segment.scale(max), indices: striped.indices() };
}

async function runArrivals(run: ExecutorRun, share: { pre: number; max: number }, times: Iterable<number>, endMs: number): Promise<void> {
  const { pre, max } = share;
  const idle: Vu[] = Array.from({ length: pre }, () => run.newVu());
  let allocated = pre;
  const running = new RunningCount();
  // The VU is free again however its iteration ended (the engine calls this exactly once).
  const free = (vu: Vu) => {
    idle.push(vu);
    run.setActiveVus(allocated - idle.length);
    running.ended();
  };
  run.scheduleEnds(endMs);
  // `times` ends with the schedule; only a stopped run ends it sooner.
  for (const at of times) {
    const wait = run.waitUntil(at);
    if (wait) await wait;
    if (run.stopped()) break;
    let vu = idle.pop();
    if (!vu && allocated < max) {
      vu = run.newVu();
      allocated++;
    }
    if (!vu) {
      run.dropIteration();
      continue;
    }
    run.setActiveVus(allocated - idle.length);
    running.started();
    run.start(vu, at, free);
  }
  await run.waitUntil(endMs);
  await running.none();
}

/** Iterations running, by count: a promise per arrival costs more than a counter (thousands a second). */
class RunningCount {
  private n = 0;
  private waiter: (() => void) | null = null;

  started(): void {
    this.n++;
  }

  ended(): void {
    if (--this.n === 0 && this.waiter) this.waiter();
  }

  none(): Promise<void> {
    return this.n === 0 ? Promise.resolve() : new Promise((resolve) => (this.waiter = resolve));
  }
}

export const constantArrivalRate: Executor = (run) => {
  const c = run.config;
  const rate = positive(c.rate, 'rate', c.executor);
  const unit = run.durationMs(c.timeUnit, 1000);
  const duration = run.durationMs(c.duration);
  const share = segmentShare(run);
  return share ? runArrivals(run, share, constantTimes(rate, unit, duration, share.indices), duration) : Promise.resolve();
};

export const rampingArrivalRate: Executor = (run) => {
  const c = run.config;
  const stages = ((c.stages as Stage[] | undefined) ?? []).map((s) => ({ target: positive(s.target, 'stages[].target', c.executor), durationMs: run.durationMs(s.duration) }));
  const total = stages.reduce((sum, s) => sum + s.durationMs, 0);
  const share = segmentShare(run);
  return share ? runArrivals(run, share, arrivalTimes(positive(c.startRate ?? 0, 'startRate', c.executor), stages, run.durationMs(c.timeUnit, 1000), share.indices), total) : Promise.resolve();
};
