// Runs one scenario of the options with its executor: VUs, iterations, gracefulStop.
import { parseDuration } from './durations.ts';
import type { ExecutionTuple } from './execution-segment.ts';
import { EXECUTORS, type ExecutorRun, type ScenarioConfig } from './executors/index.ts';
import type { RunState } from './run-state.ts';
import { iterationStorage, type IterationContext, type ScenarioState, type Vu } from './runtime.ts';

export type IterationFn = (data: unknown) => unknown;

export interface ScenarioDeps {
  state: RunState;
  fn: IterationFn;
  setupData: unknown;
  nextVuId: () => number;
  segment: ExecutionTuple;
}

export async function runScenario(name: string, config: ScenarioConfig, deps: ScenarioDeps): Promise<void> {
  const { state } = deps;
  const waits = new ScheduleWaits(state.stop.signal);
  await waits.sleep(parseDuration(config.startTime ?? '0s'));
  if (state.stop.signal.aborted) return waits.close();
  const scenario: ScenarioState = { name, executor: config.executor, startTime: Date.now(), tags: config.tags ?? {}, env: config.env ?? {}, iterations: 0 };
  const t0 = performance.now();
  const gracefulStopMs = parseDuration(config.gracefulStop ?? '30s');
  const running = new Set<IterationContext & { release: () => void }>();
  let hardStop: NodeJS.Timeout | undefined;
  const interruptAll = () => {
    for (const it of running) {
      it.interrupted = true;
      state.abortRequests(it);
      state.iterationsInterrupted++;
      it.release();
    }
    running.clear();
  };
  const onStop = () => interruptAll();
  state.stop.signal.addEventListener('abort', onStop, { once: true });
  const data = JSON.stringify(deps.setupData ?? null);
  const vuData = new WeakMap<Vu, unknown>();
  const turns = new EventLoopTurns();

  const run: ExecutorRun = {
    config, scenario, segment: deps.segment,
    now: () => performance.now() - t0,
    newVu: (): Vu => {
      state.vusInitialized++;
      state.registry.add('vus_max', state.vusInitialized, {});
      const vu = { id: deps.nextVuId(), iterations: 0, scenarioIterations: 0 };
      // Each VU gets its own copy of the setup data, as in k6.
      vuData.set(vu, JSON.parse(data) as unknown);
      return vu;
    },
    iterate: (vu, intendedAt) => iterate(state, deps.fn, vuData.get(vu), scenario, vu, running, intendedAt === undefined ? undefined : t0 + intendedAt),
    waitUntil: (at) => {
      const ms = at - (performance.now() - t0);
      if (ms > 0 || state.stop.signal.aborted) return waits.sleep(ms);
      return turns.due();
    },
    stopped: () => state.stop.signal.aborted,
    dropIteration: () => {
      state.registry.add('dropped_iterations', 1, { scenario: name });
      state.timeline.iterationDropped();
    },
    setActiveVus: (n) => {
      state.vusActive = n;
      state.registry.add('vus', n, {});
    },
    durationMs: (text, fallback) => parseDuration(text as string | undefined, fallback),
    scheduleEnds: (endMs) => {
      clearTimeout(hardStop);
      hardStop = setTimeout(interruptAll, Math.max(0, endMs + gracefulStopMs - (performance.now() - t0)));
    },
  };
  try {
    await (EXECUTORS[config.executor] as (r: ExecutorRun) => Promise<void>)(run);
  } finally {
    clearTimeout(hardStop);
    waits.close();
    state.stop.signal.removeEventListener('abort', onStop);
    run.setActiveVus(0);
  }
}

function iterate(state: RunState, fn: IterationFn, data: unknown, scenario: ScenarioState, vu: Vu, running: Set<IterationContext & { release: () => void }>, intendedAt?: number): Promise<void> {
  return new Promise<void>((release) => {
    const ctx = { vu, scenario, iterationInScenario: scenario.iterations++, groups: [], interrupted: false, release };
    running.add(ctx);
    const started = performance.now();
    state.timeline.iterationStarted();
    // The scenario's sample tags, made once (as RunState.baseTags shares them; never mutated).
    const tags = (scenario.baseTags ??= { ...scenario.tags, scenario: scenario.name });
    if (intendedAt !== undefined) state.registry.add('iteration_start_lag', Math.max(0, started - intendedAt), tags);
    void iterationStorage.run(ctx, async () => {
      try {
        await fn(data);
      } catch (err) {
        if (!ctx.interrupted) state.recordError(err);
      }
      if (ctx.interrupted) return;
      running.delete(ctx);
      const end = performance.now();
      vu.iterations++;
      vu.scenarioIterations++;
      state.iterationsCompleted++;
      state.registry.add('iterations', 1, tags);
      state.registry.add('iteration_duration', end - started, tags);
      if (intendedAt !== undefined) state.registry.add('iteration_duration_from_intended', end - intendedAt, tags);
      release();
    });
  });
}

/**
 * A wait whose time has passed resolves at once, but an executor behind its schedule must still
 * let the event loop turn: otherwise it starts every overdue iteration in one tick (a socket each,
 * as no response can be read in between to free a VU and its connection), and a short stall grows
 * into hundreds of VUs and dropped iterations. One overdue wait per millisecond waits for a turn.
 */
class EventLoopTurns {
  private last = performance.now();

  /** null when the loop turned less than 1 ms ago: go on without yielding (not even a microtask). */
  due(): Promise<void> | null {
    const now = performance.now();
    if (now - this.last < 1) return null;
    return new Promise((resolve) => {
      setImmediate(() => {
        this.last = performance.now();
        resolve();
      });
    });
  }
}

/**
 * A scenario's waits (its startTime, then its executor's schedule), which a stopped run ends at
 * once. An arrival-rate executor waits thousands of times a second: one abort listener serves
 * them all, rather than one added and removed per wait.
 */
class ScheduleWaits {
  private readonly waiting = new Set<() => void>();
  private readonly wakeAll = () => {
    for (const wake of this.waiting) wake();
    this.waiting.clear();
  };

  constructor(private readonly signal: AbortSignal) {
    signal.addEventListener('abort', this.wakeAll, { once: true });
  }

  sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waiting.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.waiting.add(wake);
    });
  }

  close(): void {
    this.signal.removeEventListener('abort', this.wakeAll);
    this.wakeAll();
  }
}
