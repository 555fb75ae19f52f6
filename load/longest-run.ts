// The longest a load run of a profile can take when nothing hangs, from k6's own bounds: the
// scenario's length, its gracefulStop, setupTimeout, teardownTimeout, handleSummary's fixed
// timeout, and room to start. Past it, a run that is still going has hung (k6 stuck on an output,
// a VU that ignores its context): the harness stops it instead of waiting out a CI budget.
import type { Profile } from '../scenarios/index.ts';
import { parseDuration } from './engine/durations.ts';

/** k6's bounds outside the scenario itself, as data; each with where it comes from. */
export const RUN_BOUNDS_MS = {
  /** scenarios/lib/options.ts sets setupTimeout: '60s'. */
  setupTimeout: 60_000,
  /** k6's default teardownTimeout; no scenario changes it. */
  teardownTimeout: 60_000,
  /** k6 gives handleSummary a fixed 2 minutes (js/runner.go getTimeoutFor). */
  handleSummary: 120_000,
  /** Loading the bundle and initialising every VU before the first iteration, and flushing outputs at the end. */
  startAndFlush: 120_000,
  /** k6's defaults for what a profile leaves out. */
  gracefulStop: 30_000,
  gracefulRampDown: 30_000,
  maxDuration: 600_000,
} as const;

/** How long the scenarios themselves may run: the executor's length, then gracefulStop (and the warm-up before it). */
export function scenarioLengthMs(p: Profile): number {
  const stages = (p.stages ?? []).reduce((sum, s) => sum + parseDuration(s.duration), 0);
  const length: Record<string, () => number> = {
    'constant-arrival-rate': () => parseDuration(p.duration),
    'constant-vus': () => parseDuration(p.duration),
    'ramping-arrival-rate': () => stages,
    // Ramping VUs wind down over gracefulRampDown (30 s by default; profiles cannot set it).
    'ramping-vus': () => stages + RUN_BOUNDS_MS.gracefulRampDown,
    'per-vu-iterations': () => parseDuration(p.maxDuration, RUN_BOUNDS_MS.maxDuration),
    'shared-iterations': () => parseDuration(p.maxDuration, RUN_BOUNDS_MS.maxDuration),
  };
  const executor = length[p.executor] ?? (() => parseDuration(p.maxDuration, RUN_BOUNDS_MS.maxDuration));
  return parseDuration(p.warmUp) + executor() + parseDuration(p.gracefulStop, RUN_BOUNDS_MS.gracefulStop);
}

/** The whole run's bound: the scenarios, setup, teardown, handleSummary and room to start and flush. */
export function longestRunMs(p: Profile): number {
  const b = RUN_BOUNDS_MS;
  return scenarioLengthMs(p) + b.setupTimeout + b.teardownTimeout + b.handleSummary + b.startAndFlush;
}

/** "6m18s": a bound as a person reads it. */
export function minutesAndSeconds(ms: number): string {
  const s = Math.ceil(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${s % 60 ? `${s % 60}s` : ''}` : `${s}s`;
}
