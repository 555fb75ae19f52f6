// A rate limiter as real services have one: a token bucket. A request that finds it empty is
// answered 429 with Retry-After, the whole seconds until the next token. It refills on the
// monotonic clock: a wall clock stepped back (NTP) must not empty it for as long as the step.

export interface TokenBucketConfig {
  /** Tokens added per second. */
  perSecond: number;
  /** Tokens the bucket holds: the burst a client may send at once. */
  burst: number;
}

export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(private readonly config: TokenBucketConfig, now = performance.now()) {
    this.tokens = config.burst;
    this.at = now;
  }

  /** Takes a token: null when one was there, else the seconds to wait for the next (at least 1). */
  take(now = performance.now()): number | null {
    this.tokens = Math.min(this.config.burst, this.tokens + (Math.max(0, now - this.at) / 1000) * this.config.perSecond);
    this.at = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return null;
    }
    return Math.max(1, Math.ceil((1 - this.tokens) / this.config.perSecond));
  }
}
