// 429 answers are the target asking to slow down, not a conformance finding: the request is sent
// again after Retry-After, within bounds; past them the run stops as rate-limited.
import { RunStopped } from './run-stopped.ts';

/** The bounds, as data (the README lists them). */
export const RATE_LIMIT_POLICY = {
  /** Times one request is sent again after a 429. */
  retriesPerRequest: 3,
  /** Wait when a 429 has no usable Retry-After. */
  defaultWaitMs: 1_000,
  /** A Retry-After longer than this is not waited for: the run stops at once. */
  maxWaitPerAnswerMs: 30_000,
  /** All waits of one run together. */
  maxTotalWaitMs: 120_000,
} as const;

export interface RateLimitStats {
  /** 429 answers received. */
  answers: number;
  /** Requests sent again after a 429. */
  retries: number;
  /** Time spent waiting as the target asked, summed over requests. */
  waitedMs: number;
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | undefined, now = Date.now()): number | null {
  if (header === undefined) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export class RateLimitBudget {
  readonly stats: RateLimitStats = { answers: 0, retries: 0, waitedMs: 0 };
  /** Set once the limit persisted: the run stops, and no more requests go out. */
  exhausted: RunStopped | null = null;

  constructor(private readonly policy: typeof RATE_LIMIT_POLICY = RATE_LIMIT_POLICY) {}

  /** How long to wait before sending the request again, after its `attempt`-th 429 (0-based); throws when the limit persists. */
  waitBeforeRetry(retryAfter: string | undefined, attempt: number, what: string): number {
    this.stats.answers++;
    const asked = retryAfterMs(retryAfter);
    const wait = asked ?? this.policy.defaultWaitMs;
    const said = asked === null ? 'without a usable Retry-After' : `with Retry-After ${retryAfter}`;
    if (attempt >= this.policy.retriesPerRequest) {
      throw this.stop(`The target kept answering 429 (rate limited) to ${what}: still 429 after ${this.policy.retriesPerRequest} retries that honoured Retry-After. The run stopped; nothing about the API's conformance follows from it. Run again later, with a token whose rate limit fits a contract run, or against a target that is not rate-limiting.`);
    }
    if (wait > this.policy.maxWaitPerAnswerMs) {
      throw this.stop(`The target answered 429 (rate limited) to ${what} ${said}, longer than the ${this.policy.maxWaitPerAnswerMs / 1000} s the harness waits for one answer. The run stopped; run again when the limit has reset.`);
    }
    if (this.stats.waitedMs + wait > this.policy.maxTotalWaitMs) {
      throw this.stop(`The target answered 429 (rate limited) so often that the run would wait more than ${this.policy.maxTotalWaitMs / 1000} s in all (${Math.round(this.stats.waitedMs / 1000)} s already). The run stopped; run again with a higher rate limit or later.`);
    }
    this.stats.retries++;
    this.stats.waitedMs += wait;
    return wait;
  }

  private stop(message: string): RunStopped {
    this.exhausted ??= new RunStopped('E_RATE_LIMITED', message);
    return this.exhausted;
  }
}
