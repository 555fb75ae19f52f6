// Durations measured in a scenario: on a monotonic clock where there is one (the built-in engine;
// k6 versions that have `performance`), so that a wall-clock step (NTP) during a run neither
// corrupts a duration sample nor ends a bounded wait early.
const perf = (globalThis as { performance?: { now(): number } }).performance;

/** Milliseconds on the monotonic clock (the wall clock where the runtime has no other). */
export const now: () => number = perf && typeof perf.now === 'function' ? () => perf.now() : () => Date.now();

/** Milliseconds since `t0` (a `now()`), never negative. */
export const since = (t0: number): number => Math.max(0, now() - t0);
