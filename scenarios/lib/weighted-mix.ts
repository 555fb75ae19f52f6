// Which entry of a weighted mix an iteration takes: by count, not by chance (as body sampling is),
// so every run, and every stretch of one, holds each entry's share. A random draw could leave a
// 10% read unrequested for a whole smoke run (0.9^34: one run in 36) and gave a capacity step
// 199 of the 200 getCall samples it was planned for.
//
// The i-th iteration's roll is the fractional part of i/phi (the golden-ratio sequence), which
// spreads any stretch of consecutive iterations, or every k-th one (execution segments), evenly
// over [0, 1): in n consecutive iterations an entry of share w comes up n*w times give or take 4
// (checked in test/load/weighted-mix.test.ts up to 4,000 iterations; the deviation grows only as
// log n). Unlike a fixed cycle, it has no period to line up with the call picked by iteration.

const INVERSE_GOLDEN_RATIO = (Math.sqrt(5) - 1) / 2;

/** Cumulative shares, the last 1: [[0.5, 'a'], [0.7, 'b'], [1, 'c']] is a 50/20/30 mix. */
export type WeightedMix<T> = readonly (readonly [number, T])[];

/** The roll of the `iteration`-th iteration, in [0, 1). */
export function mixRoll(iteration: number): number {
  return (iteration * INVERSE_GOLDEN_RATIO) % 1;
}

/** The entry the `iteration`-th iteration (k6/execution's iterationInTest) takes. */
export function mixEntry<T>(mix: WeightedMix<T>, iteration: number): T {
  const roll = mixRoll(iteration);
  const entry = mix.find(([edge]) => roll < edge) ?? mix[mix.length - 1];
  if (!entry) throw new Error('an empty mix has no entry to take');
  return entry[1];
}
