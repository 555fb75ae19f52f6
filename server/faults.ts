// Faults the server injects on purpose, each switchable at start and at run time.
import type { Random } from './random.ts';
import type { TokenBucket, TokenBucketConfig } from './token-bucket.ts';

export interface FaultConfig {
  /** Share of requests answered with a 5xx from errorStatuses. */
  errorRate?: number;
  errorStatuses?: number[];
  /** Share of requests that never get an answer. */
  hangRate?: number;
  /** Share of requests whose connection is reset. */
  resetRate?: number;
  /** Share of requests answered 429 with Retry-After. */
  rateLimitRate?: number;
  retryAfterSeconds?: number;
  /** A token bucket over the requests the faults apply to: beyond it, 429 with Retry-After until the next token. */
  rateLimit?: TokenBucketConfig | null;
  /** Every `everyMs`, every response is held for `forMs`. */
  stall?: { everyMs: number; forMs: number } | null;
  /** Limit the faults to these operationIds (all operations when absent). */
  operations?: string[];
  /**
   * The server "dies" after this many API requests (counted from when the faults were set): every
   * later request is reset or hangs, whatever its operation. For proving that a run tells a target
   * that stopped answering from an API that answers wrongly.
   */
  dieAfter?: { requests: number; as: 'reset' | 'hang' } | null;
}

export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'error'; status: number }
  | { kind: 'hang' }
  | { kind: 'reset' }
  | { kind: 'rate-limit'; retryAfterSeconds: number };

/** `served` counts the API requests since the faults were set, this one included; `bucket` is `rateLimit`'s state. */
export function decideFault(config: FaultConfig, operationId: string, rnd: Random, served = 0, bucket: TokenBucket | null = null): FaultDecision {
  if (config.dieAfter && served > config.dieAfter.requests) return { kind: config.dieAfter.as };
  if (config.operations && !config.operations.includes(operationId)) return { kind: 'none' };
  const wait = bucket?.take() ?? null;
  if (wait !== null) return { kind: 'rate-limit', retryAfterSeconds: wait };
  return rolledFault(config, rnd);
}

/** The faults given as shares of requests, decided by one roll. */
function rolledFault(config: FaultConfig, rnd: Random): FaultDecision {
  const roll = rnd.next();
  let edge = 0;
  if (roll < (edge += config.resetRate ?? 0)) return { kind: 'reset' };
  if (roll < (edge += config.hangRate ?? 0)) return { kind: 'hang' };
  if (roll < (edge += config.rateLimitRate ?? 0)) return { kind: 'rate-limit', retryAfterSeconds: config.retryAfterSeconds ?? 1 };
  if (roll < (edge += config.errorRate ?? 0)) {
    const statuses = config.errorStatuses?.length ? config.errorStatuses : [500, 503];
    return { kind: 'error', status: statuses[Math.floor(rnd.next() * statuses.length)] as number };
  }
  return { kind: 'none' };
}

/** How long a response ready at `now` must wait for the current stall window to end. */
export function stallWait(config: FaultConfig, operationId: string, now: number, epoch: number): number {
  const stall = config.stall;
  if (!stall || stall.everyMs <= 0 || stall.forMs <= 0) return 0;
  if (config.operations && !config.operations.includes(operationId)) return 0;
  // The stall closes each period, so a server that just started answers at once.
  const phase = (now - epoch) % stall.everyMs;
  const stallStart = stall.everyMs - stall.forMs;
  return phase >= stallStart ? stall.everyMs - phase : 0;
}
