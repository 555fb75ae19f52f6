// Closed-model executors: a set of VUs, each running iterations back to back.
import { InFlight, positive, type Executor, type ExecutorRun } from './executor.ts';
import type { Vu } from '../runtime.ts';

/** One VU looping until `keepGoing` says stop; it always finishes the iteration it is in. */
async function loop(run: ExecutorRun, vu: Vu, keepGoing: () => boolean): Promise<void> {
  while (keepGoing() && !run.stopped()) await run.iterate(vu);
}

export const constantVus: Executor = async (run) => {
  const c = run.config;
  // This runner's share of the VUs (all of them when unsegmented); none: no work, as k6 skips it.
  const vus = run.segment.scale(positive(c.vus ?? 1, 'vus', c.executor));
  if (!vus) return;
  const end = run.durationMs(c.duration);
  run.scheduleEnds(end);
  run.setActiveVus(vus);
  const inFlight = new InFlight();
  for (let i = 0; i < vus; i++) inFlight.add(loop(run, run.newVu(), () => run.now() < end));
  await run.waitUntil(end);
  await inFlight.settled();
};

export const rampingVus: Executor = async (run) => {
  const c = run.config;
  const stages = ((c.stages as { target: number; duration: string }[] | undefined) ?? []).map((s) => ({ target: positive(s.target, 'stages[].target', c.executor), ms: run.durationMs(s.duration) }));
  const start = positive(c.startVUs ?? 1, 'startVUs', c.executor);
  const end = stages.reduce((sum, s) => sum + s.ms, 0);
  // A segment runs the VUs it owns of the test's target: its share of it, as k6's striped VUs.
  const targetAt = (t: number) => run.segment.scale(globalTargetAt(t));
  const globalTargetAt = (t: number) => {
    let from = start;
    let offset = 0;
    for (const s of stages) {
      if (t < offset + s.ms) return Math.round(from + ((s.target - from) * (t - offset)) / s.ms);
      from = s.target;
      offset += s.ms;
    }
    return from;
  };
  const max = run.segment.scale(Math.max(start, ...stages.map((s) => s.target)));
  if (!max) return;
  run.scheduleEnds(end);
  const pool = Array.from({ length: max }, () => run.newVu());
  const inFlight = new InFlight();
  const running = new Set<number>();
  while (run.now() < end && !run.stopped()) {
    const target = targetAt(run.now());
    for (let i = 0; i < target; i++) {
      if (running.has(i)) continue;
      running.add(i);
      // VU i runs while the target keeps it; ramping down lets it finish its iteration.
      inFlight.add(loop(run, pool[i] as Vu, () => run.now() < end && i < targetAt(run.now())).finally(() => running.delete(i)));
    }
    run.setActiveVus(running.size);
    await run.waitUntil(Math.min(end, run.now() + 50));
  }
  await inFlight.settled();
};

/** Runs `vus` VUs until each one's `keepGoing` says stop or maxDuration passes. */
async function countedIterations(run: ExecutorRun, vus: number, keepGoingFor: () => () => boolean): Promise<void> {
  if (!vus) return;
  const end = run.durationMs(run.config.maxDuration, 600_000);
  run.scheduleEnds(end);
  run.setActiveVus(vus);
  const inFlight = new InFlight();
  for (let i = 0; i < vus; i++) {
    const keepGoing = keepGoingFor();
    inFlight.add(loop(run, run.newVu(), () => keepGoing() && run.now() < end));
  }
  // Iterations still running at maxDuration + gracefulStop are interrupted (scheduleEnds).
  await inFlight.settled();
}

export const perVuIterations: Executor = (run) => {
  const c = run.config;
  const iterations = positive(c.iterations ?? 1, 'iterations', c.executor);
  // Each VU counts its own iterations.
  return countedIterations(run, run.segment.scale(positive(c.vus ?? 1, 'vus', c.executor)), () => {
    let done = 0;
    return () => done++ < iterations;
  });
};

export const sharedIterations: Executor = (run) => {
  const c = run.config;
  const vus = positive(c.vus ?? 1, 'vus', c.executor);
  // A segment's iterations: its share by the tuple re-cut by the VUs, as k6's GetIterations.
  let left = run.segment.forValue(vus)?.scale(positive(c.iterations ?? 1, 'iterations', c.executor)) ?? 0;
  // Every VU draws from one count.
  return countedIterations(run, run.segment.scale(vus), () => () => left-- > 0);
};
