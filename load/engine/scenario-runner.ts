// Runs one scenario of the options with its executor: VUs, iterations, gracefulStop.
import { parseDuration } from './durations.ts';
import type { ExecutionTuple } from './execution-segment.ts';
import { EXECUTORS, type ExecutorRun, type ScenarioConfig } from './executors/index.ts';
import type { RunState } from './run-state.ts';
import { iterationStorage, type IterationContext, type ScenarioState, type Vu } from './runtime.ts';
import { timerMs } from '../../core/index.ts';

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
  const running = new Set<Iteration>();
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
    iterate: (vu) => new Promise<void>((resolve) => startIteration(state, deps.fn, vuData.get(vu), running, new Iteration(vu, scenario, undefined, () => resolve()))),
    start: (vu, intendedAt, done) => startIteration(state, deps.fn, vuData.get(vu), running, new Iteration(vu, scenario, t0 + intendedAt, done)),
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
      // The two are bounded each (load/profile-limits.ts), their sum not: past a timer's bound it would fire at once.
      hardStop = setTimeout(interruptAll, timerMs(endMs + gracefulStopMs - (performance.now() - t0)));
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

/**
 * One iteration: its context for the k6 modules (found through iterationStorage), and what ends
 * it. A class, so that an arrival-rate executor's thousands a second cost no closure each.
 */
class Iteration implements IterationContext {
  readonly groups: string[] = [];
  interrupted = false;
  readonly iterationInScenario: number;
  readonly started = performance.now();
  /** The scenario's sample tags, made once (as RunState.baseTags shares them; never mutated). */
  readonly tags: Record<string, string>;

  constructor(
    readonly vu: Vu,
    readonly scenario: ScenarioState,
    /** performance.now() of its arrival (arrival-rate executors), for the start lag. */
    readonly intendedAt: number | undefined,
    private readonly done: (vu: Vu) => void,
  ) {
    this.iterationInScenario = scenario.iterations++;
    this.tags = (scenario.baseTags ??= { ...scenario.tags, scenario: scenario.name });
  }

  /** Its VU is free again: called once, when it ended or when it was interrupted. */
  release(): void {
    this.done(this.vu);
  }
}

function startIteration(state: RunState, fn: IterationFn, data: unknown, running: Set<Iteration>, it: Iteration): void {
  running.add(it);
  state.timeline.iterationStarted();
  if (it.intendedAt !== undefined) state.registry.add('iteration_start_lag', Math.max(0, it.started - it.intendedAt), it.tags);
  void iterationStorage.run(it, runIteration, state, fn, data, running, it);
}

async function runIteration(state: RunState, fn: IterationFn, data: unknown, running: Set<Iteration>, it: Iteration): Promise<void> {
  try {
    await fn(data);
  } catch (err) {
    if (!it.interrupted) state.recordError(err);
  }
  // An interrupted iteration was counted and its VU freed when it was interrupted.
  if (it.interrupted) return;
  try {
    running.delete(it);
    const end = performance.now();
    it.vu.iterations++;
    it.vu.scenarioIterations++;
    state.iterationsCompleted++;
    state.registry.add('iterations', 1, it.tags);
    state.registry.add('iteration_duration', end - it.started, it.tags);
    if (it.intendedAt !== undefined) state.registry.add('iteration_duration_from_intended', end - it.intendedAt, it.tags);
  } finally {
    // Whatever happened above, the VU goes back: a count that never drops would hang the run.
    it.release();
  }
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
