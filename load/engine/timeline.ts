// Per-second windows of a run, for "over time" charts and the capacity verdict: offered arrival
// rate, requests, errors and latency percentiles of each window.
import * as hdr from 'hdr-histogram-js';

export interface TimelinePoint {
  /** Seconds since the run started, at the end of the window. */
  t: number;
  iterationsPerS: number;
  droppedPerS: number;
  requestsPerS: number;
  errorRate: number;
  p50: number;
  p95: number;
  p99: number;
  vus: number;
}

export class Timeline {
  readonly points: TimelinePoint[] = [];
  private readonly window = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 2, bitBucketSize: 32 });
  private started = 0;
  private dropped = 0;
  private requests = 0;
  private failed = 0;
  private last = performance.now();
  private readonly t0 = performance.now();

  iterationStarted(): void {
    this.started++;
  }

  iterationDropped(): void {
    this.dropped++;
  }

  request(durationMs: number, failed: boolean): void {
    this.requests++;
    if (failed) this.failed++;
    this.window.recordValue(Math.max(1, Math.round(durationMs * 1000)));
  }

  /** Closes the current window. */
  flush(vus: number): void {
    const now = performance.now();
    const seconds = (now - this.last) / 1000;
    if (seconds <= 0.05) return;
    const p = (q: number) => (this.requests ? this.window.getValueAtPercentile(q) / 1000 : 0);
    this.points.push({
      t: Math.round((now - this.t0) / 100) / 10,
      iterationsPerS: this.started / seconds, droppedPerS: this.dropped / seconds, requestsPerS: this.requests / seconds,
      errorRate: this.requests ? this.failed / this.requests : 0, p50: p(50), p95: p(95), p99: p(99), vus,
    });
    this.window.reset();
    this.started = this.dropped = this.requests = this.failed = 0;
    this.last = now;
  }
}
