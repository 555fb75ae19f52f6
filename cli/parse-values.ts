// Parsers for flag values; each failure names the flag, what was given, and what is allowed.
import { InvalidArgumentError } from 'commander';
import type { LatencyModel } from '../server/index.ts';

export function wholeNumber(flag: string) {
  return (raw: string): number => {
    if (!/^-?\d+$/.test(raw)) throw new InvalidArgumentError(`${flag} takes a whole number, got "${raw}".`);
    if (!Number.isSafeInteger(Number(raw))) throw new InvalidArgumentError(`${flag} takes a whole number of at most ${Number.MAX_SAFE_INTEGER} either side of 0, got "${raw}".`);
    return Number(raw);
  };
}

export function fraction(flag: string) {
  return (raw: string): number => {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`${flag} takes a number from 0 to 1, got "${raw}".`);
    return n;
  };
}

/** A number above 0 (fractions allowed), e.g. milliseconds or a rate. */
export function positiveNumber(flag: string) {
  return (raw: string): number => {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${flag} takes a number above 0, got "${raw}".`);
    return n;
  };
}

/** A number of 0 or more (fractions allowed), e.g. a floor that 0 turns off. */
export function nonNegativeNumber(flag: string) {
  return (raw: string): number => {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${flag} takes a number of 0 or more, got "${raw}".`);
    return n;
  };
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** "a,b" (repeatable): every name, trimmed, empty ones refused. */
export function commaList(flag: string) {
  return (raw: string, previous: string[] = []): string[] => {
    const names = raw.split(',').map((n) => n.trim());
    if (names.some((n) => n === '')) throw new InvalidArgumentError(`${flag} takes names separated by commas, with no empty one, got "${raw}".`);
    return [...previous, ...names];
  };
}

/** Runner processes on one machine: past this many, runners belong on more machines (--execution-segment, then report merge). */
export const MAX_RUNNERS = 64;
export const RUNNERS_WHY = ' (processes on this machine: for more, run runners on several machines with --execution-segment and `calls-harness report merge` their folders)';

/** A whole number from 1 to `most` (default: the largest a double holds exactly, so that it round-trips). */
export function positiveWhole(flag: string, most = Number.MAX_SAFE_INTEGER, why = '') {
  return (raw: string): number => {
    if (!/^\d+$/.test(raw.trim()) || Number(raw) < 1) throw new InvalidArgumentError(`${flag} takes a whole number of 1 or more, got "${raw}".`);
    if (Number(raw) > most) throw new InvalidArgumentError(`${flag} takes a whole number of 1 or more, at most ${most}${why}, got "${raw}".`);
    return Number(raw);
  };
}

/** A process's exit code, 0 to 255 (k6's: 0 passed, 99 a threshold failed, 105 stopped from outside...). */
export function exitCodeValue(flag: string) {
  return (raw: string): number => {
    if (!/^\d+$/.test(raw.trim()) || Number(raw) > 255) throw new InvalidArgumentError(`${flag} takes an exit code, a whole number from 0 to 255, got "${raw}".`);
    return Number(raw);
  };
}

export const LATENCY_SYNTAX = '[operationId=]none | fixed:MS | uniform:MIN-MAX | lognormal:P50:P99 (milliseconds)';

/** "getCall=lognormal:5:40" -> ["getCall", model]; without "op=" the model applies to every operation ("*"). */
export function parseLatencySpec(spec: string): [string, LatencyModel] {
  const eq = spec.indexOf('=');
  const op = eq === -1 ? '*' : spec.slice(0, eq);
  const [kind, ...args] = spec.slice(eq + 1).split(':');
  const nums = args.flatMap((a) => a.split('-')).map(Number);
  const ok = nums.every((n) => Number.isFinite(n) && n >= 0);
  // Two numbers, the first no larger: uniform's MIN-MAX, lognormal's P50:P99.
  const rising = ok && nums.length === 2 && (nums[0] as number) <= (nums[1] as number);
  if (kind === 'none' && nums.length === 0) return [op, { model: 'none' }];
  if (ok && kind === 'fixed' && nums.length === 1) return [op, { model: 'fixed', ms: nums[0] as number }];
  if (rising && kind === 'uniform') return [op, { model: 'uniform', minMs: nums[0] as number, maxMs: nums[1] as number }];
  if (rising && kind === 'lognormal' && (nums[0] as number) > 0) {
    return [op, { model: 'lognormal', p50Ms: nums[0] as number, p99Ms: nums[1] as number }];
  }
  throw new InvalidArgumentError(`--latency "${spec}" is not a latency model. Use ${LATENCY_SYNTAX}, e.g. --latency lognormal:5:40 or --latency getCall=fixed:3.`);
}

/** "200/2000": every 2000 ms, hold responses for 200 ms. */
export function parseStall(raw: string): { everyMs: number; forMs: number } {
  const m = /^(\d+)\/(\d+)$/.exec(raw);
  if (!m || Number(m[2]) <= 0 || Number(m[1]) > Number(m[2])) {
    throw new InvalidArgumentError(`--stall takes FOR_MS/EVERY_MS with FOR_MS no larger than EVERY_MS (e.g. 200/2000), got "${raw}".`);
  }
  return { forMs: Number(m[1]), everyMs: Number(m[2]) };
}

/** "5/10": a token bucket of 5 requests/s with bursts of 10. */
export function parseRateLimit(raw: string): { perSecond: number; burst: number } {
  const m = /^(\d+(?:\.\d+)?)\/(\d+)$/.exec(raw);
  if (!m || Number(m[1]) <= 0 || Number(m[2]) < 1) {
    throw new InvalidArgumentError(`--rate-limit takes PER_SECOND/BURST with PER_SECOND above 0 and BURST of 1 or more (e.g. 5/10), got "${raw}".`);
  }
  return { perSecond: Number(m[1]), burst: Number(m[2]) };
}

/** "200" or "200:hang": after 200 requests, reset (the default) or hang every one. */
export function parseDieAfter(raw: string): { requests: number; as: 'reset' | 'hang' } {
  const m = /^(\d+)(?::(reset|hang))?$/.exec(raw);
  if (!m) throw new InvalidArgumentError(`--die-after takes N or N:reset or N:hang (requests answered before every one is reset or hangs), got "${raw}".`);
  return { requests: Number(m[1]), as: (m[2] ?? 'reset') as 'reset' | 'hang' };
}

const E164 = /^\+[1-9]\d{6,14}$/;

export function e164(flag: string) {
  return (raw: string): string => {
    if (!E164.test(raw)) throw new InvalidArgumentError(`${flag} takes an E.164 phone number such as +12015550100, got "${raw}".`);
    return raw;
  };
}

/** A Kubernetes object name (RFC 1123 subdomain): what kubectl would accept for a Secret. */
export function kubernetesName(flag: string) {
  return (raw: string): string => {
    if (raw.length > 253 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(raw)) {
      throw new InvalidArgumentError(`${flag} takes a Kubernetes object name: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit (e.g. calls-api-token), got "${raw}".`);
    }
    return raw;
  };
}

/** A run id: what a testid, a tag and a folder name all hold (letters, digits, ".", "-", "_"). */
export function runIdValue(flag: string) {
  return (raw: string): string => {
    if (!/^[A-Za-z0-9._-]{1,100}$/.test(raw)) throw new InvalidArgumentError(`${flag} takes 1 to 100 letters, digits, dots, dashes or underscores (e.g. nightly-2026-12-07), got "${raw}".`);
    return raw;
  };
}
