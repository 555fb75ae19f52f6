// What the schema's patterns let through but no run can do: a duration longer than a Node timer
// waits (it fires at once, with a TimeoutOverflowWarning, and the run never ends as asked), and
// VUs or rates past what one generator can hold (1M VUs measured 2.7 GB and 25 s to start on the
// built-in engine; 10M iterations/s spent 38 s dropping the arrivals of a 2 s run). Shared by the
// run-shaping flags and profile files, so a flag and a file are refused alike.
import { parseDuration } from './engine/durations.ts';

/** 2^31-1 ms, about 596 hours: the longest setTimeout waits. */
export const LONGEST_MS = 2 ** 31 - 1;
export const LONGEST_TEXT = '596h (24 days)';
/** VUs, and iterations started per second, of one run (split it with --runners or --execution-segment for more). */
export const MOST_PER_RUN = 1_000_000;

const DURATION = /^(\d+(\.\d+)?(ms|s|m|h))+$/;
const COUNTED = new Set(['vus', 'preAllocatedVUs', 'maxVUs', 'startVUs', 'rate', 'startRate', 'target']);

/** The first field of profile data past these limits, as "/path: why", or null. */
export function profileLimitProblem(data: unknown, path = ''): string | null {
  if (Array.isArray(data)) {
    for (const [i, v] of data.entries()) {
      const found = profileLimitProblem(v, `${path}/${i}`);
      if (found) return found;
    }
    return null;
  }
  if (data === null || typeof data !== 'object') return null;
  for (const [key, value] of Object.entries(data)) {
    const found = fieldProblem(key, value, `${path}/${key}`) ?? profileLimitProblem(value, `${path}/${key}`);
    if (found) return found;
  }
  return null;
}

function fieldProblem(key: string, value: unknown, at: string): string | null {
  if (typeof value === 'string' && DURATION.test(value) && parseDuration(value) > LONGEST_MS) return `${at}: ${value} is longer than ${LONGEST_TEXT}, the longest a Node timer waits`;
  if (typeof value === 'number' && COUNTED.has(key) && !(Number.isFinite(value) && value <= MOST_PER_RUN)) return `${at}: ${value} is more than ${MOST_PER_RUN}, the most VUs or iterations per second one run holds (split a bigger test with --runners or --execution-segment)`;
  return null;
}
