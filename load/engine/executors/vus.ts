// Closed-model executors: a set of VUs, each running iterations back to back.
import { InFlight, positive, type Executor, type ExecutorRun } from './executor.ts';
import type { Vu } from '../runtime.ts';

/** One VU looping until `keepGoing` says stop; it always finishes the iteration it is in. */
async function loop(run: ExecutorRun, vu: Vu, keepGoing: () => boolean): Promise<void> {
  while (keepGoing() && !run.stopped()) await run.iterate(vu);
}

export const constantVus: Executor = async (run) => {
  const c = run.config;
  const vus = positive(c.vus ?? 1, 'vus', c.executor);
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
  const targetAt = (t: number) => {
    let from = start;
    let offset = 0;
    for (const s of stages) {
      if (t < offset + s.ms) return Math.round(from + ((s.target - from) * (t - offset)) / s.ms);
      from = s.target;
      offset += s.ms;
    }
    return from;
  };
  const max = Math.max(start, ...stages.map((s) => s.target));
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
  return countedIterations(run, positive(c.vus ?? 1, 'vus', c.executor), () => {
    let done = 0;
    return () => done++ < iterations;
  });
};

export const sharedIterations: Executor = (run) => {
  const c = run.config;
  let left = positive(c.iterations ?? 1, 'iterations', c.executor);
  // Every VU draws from one count.
  return countedIterations(run, positive(c.vus ?? 1, 'vus', c.executor), () => () => left-- > 0);
};
