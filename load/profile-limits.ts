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
const VUS = new Set(['vus', 'preAllocatedVUs', 'maxVUs', 'startVUs']);
/** Iterations started per timeUnit: limited per second, as they load the generator and the target. */
const RATES = new Set(['rate', 'startRate']);

/**
 * The first field of profile data past these limits, as "/path: why", or null. Rates are judged
 * per second (rate / timeUnit): `rate: 1000000, timeUnit: "1ms"` is 10^9/s, which the rate alone
 * hid. `stageUnit` is the timeUnit of the enclosing arrival-rate executor, whose stage targets are rates.
 */
export function profileLimitProblem(data: unknown, path = '', stageUnit: RateUnit | null = null): string | null {
  if (Array.isArray(data)) {
    for (const [i, v] of data.entries()) {
      const found = profileLimitProblem(v, `${path}/${i}`, stageUnit);
      if (found) return found;
    }
    return null;
  }
  return data !== null && typeof data === 'object' ? objectProblem(data as Record<string, unknown>, path, stageUnit) : null;
}

function objectProblem(o: Record<string, unknown>, path: string, stageUnit: RateUnit | null): string | null {
  const unit = timeUnitOf(o, path);
  if (typeof unit === 'string') return unit;
  const short = shortDurationProblem(o, path);
  if (short) return short;
  // A ramping-arrival-rate's stage targets are rates per its timeUnit; a ramping-vus's are VUs.
  const stagesUnit = isArrivalRate(o) ? unit : null;
  for (const [key, value] of Object.entries(o)) {
    const at = `${path}/${key}`;
    const found = fieldProblem(key, value, at, key === 'target' ? stageUnit : RATES.has(key) ? unit : null) ?? profileLimitProblem(value, at, key === 'stages' ? stagesUnit : null);
    if (found) return found;
  }
  return null;
}

/** A timeUnit, and what one iteration per it is worth per second. */
interface RateUnit { perSecond: number; text: string }

/** This object's timeUnit (1s without one: k6's default), or why it is refused. */
function timeUnitOf(o: Record<string, unknown>, path: string): RateUnit | string {
  const raw = o.timeUnit;
  if (typeof raw !== 'string' || !DURATION.test(raw)) return { perSecond: 1, text: '1s' };
  const ms = parseDuration(raw);
  if (!(ms > 0)) return `${path}/timeUnit: ${raw} is no time at all: a rate per it would be infinite (give at least 1ms, e.g. "1s")`;
  return { perSecond: 1000 / ms, text: raw };
}

/**
 * The durations k6 runs an executor for no less than 1s ("the duration must be at least 1s", exit
 * 104): the built-in engine ran a profile's "duration": "0.0000001s" as one iteration and passed.
 * A warm-up is a scenario of the same executor for that long (scenarios/lib/warm-up.ts).
 */
export const SHORTEST_MS = 1000;
const AT_LEAST_SHORTEST: Record<string, string[]> = {
  'constant-vus': ['duration', 'warmUp'],
  'constant-arrival-rate': ['duration', 'warmUp'],
  'shared-iterations': ['maxDuration'],
  'per-vu-iterations': ['maxDuration'],
};

function shortDurationProblem(o: Record<string, unknown>, path: string): string | null {
  for (const key of AT_LEAST_SHORTEST[String(o.executor)] ?? []) {
    const value = o[key];
    if (typeof value === 'string' && DURATION.test(value) && parseDuration(value) < SHORTEST_MS) return `${path}/${key}: ${value} is shorter than 1s, the least k6 runs a ${String(o.executor)} executor for (k6 refuses it: "the ${key === 'maxDuration' ? 'maxDuration' : 'duration'} must be at least 1s")`;
  }
  return null;
}

function isArrivalRate(o: Record<string, unknown>): boolean {
  return typeof o.executor === 'string' ? o.executor.endsWith('arrival-rate') : o.timeUnit !== undefined;
}

function fieldProblem(key: string, value: unknown, at: string, unit: RateUnit | null): string | null {
  if (typeof value === 'string' && DURATION.test(value) && parseDuration(value) > LONGEST_MS) return `${at}: ${value} is longer than ${LONGEST_TEXT}, the longest a Node timer waits`;
  if (typeof value !== 'number') return null;
  if (unit !== null) {
    const rate = value * unit.perSecond;
    if (!(Number.isFinite(rate) && rate <= MOST_PER_RUN)) return `${at}: ${value} per ${unit.text === '1s' ? 'second' : `timeUnit ${unit.text}`} is ${unit.perSecond === 1 ? '' : `${formatRate(rate)} iterations/s, `}more than ${MOST_PER_RUN} iterations/s, the most one run holds (lower it, lengthen timeUnit, or split a bigger test with --runners or --execution-segment)`;
    return null;
  }
  if ((VUS.has(key) || key === 'target') && !(Number.isFinite(value) && value <= MOST_PER_RUN)) return `${at}: ${value} is more than ${MOST_PER_RUN}, the most VUs one run holds (split a bigger test with --runners or --execution-segment)`;
  return null;
}

function formatRate(rate: number): string {
  return Number.isFinite(rate) ? (rate >= 1e12 ? rate.toExponential(2) : String(Math.round(rate))) : 'infinite';
}
