// The longest a Node timer waits: 2^31-1 ms (about 596 hours, 24 days). A setTimeout past it fires
// after 1 ms with a TimeoutOverflowWarning, so a delay meant to be long answers at once.
export const LONGEST_TIMER_MS = 2 ** 31 - 1;
export const LONGEST_TIMER_TEXT = 'about 596 hours, 24 days';

/** A wait as a timer can hold it: past the longest, the longest (never the 1 ms Node would make of it). */
export function timerMs(ms: number): number {
  return Math.min(Math.max(0, ms), LONGEST_TIMER_MS);
}
