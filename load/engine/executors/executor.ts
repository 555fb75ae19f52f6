// What every executor gets from the engine, and the parts of the schedule they share.
import type { ExecutionTuple } from '../execution-segment.ts';
import type { ScenarioState, Vu } from '../runtime.ts';

export interface ScenarioConfig {
  executor: string;
  startTime?: string;
  gracefulStop?: string;
  exec?: string;
  env?: Record<string, string>;
  tags?: Record<string, string>;
  [key: string]: unknown;
}

export interface ExecutorRun {
  config: ScenarioConfig;
  scenario: ScenarioState;
  /** This runner's execution segment in its sequence (0:1 alone when unsegmented): its share of VUs, iterations and arrivals. */
  segment: ExecutionTuple;
  /** ms since the scenario started. */
  now(): number;
  /** A new VU (counted in vus_max); null when the run is stopping. */
  newVu(): Vu;
  /** Runs one iteration on `vu`, resolved when it ended or was interrupted. */
  iterate(vu: Vu): Promise<void>;
  /**
   * Starts one iteration on `vu` that arrived at `intendedAt` (ms since scenario start), and calls
   * `done(vu)` once it ended or was interrupted: an arrival-rate executor starts thousands a
   * second, with no promise each.
   */
  start(vu: Vu, intendedAt: number, done: (vu: Vu) => void): void;
  /**
   * Resolves at `at` ms since scenario start, or earlier when the run stops; null when `at` has
   * passed and the event loop turned within the last millisecond (an executor behind its
   * schedule goes on at once: thousands of overdue arrivals need no promise each).
   */
  waitUntil(at: number): Promise<void> | null;
  stopped(): boolean;
  dropIteration(): void;
  /** Active VUs changed (the vus gauge). */
  setActiveVus(n: number): void;
  durationMs(text: unknown, fallbackMs?: number): number;
  /** The schedule ends at `endMs`: iterations still running at endMs + gracefulStop are interrupted. */
  scheduleEnds(endMs: number): void;
}

export type Executor = (run: ExecutorRun) => Promise<void>;

/** In-flight iterations, so that the end of a scenario can wait for them (up to gracefulStop). */
export class InFlight {
  private readonly running = new Set<Promise<void>>();

  add(p: Promise<void>): void {
    this.running.add(p);
    void p.finally(() => this.running.delete(p));
  }

  get size(): number {
    return this.running.size;
  }

  settled(): Promise<void> {
    return Promise.allSettled([...this.running]).then(() => undefined);
  }
}

export function positive(value: unknown, name: string, executor: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${executor}: "${name}" must be a number >= 0, got ${JSON.stringify(value)}`);
  return n;
}
