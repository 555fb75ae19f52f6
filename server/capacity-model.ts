// A finite capacity: N workers, each held for a fixed service time per request, taken in
// arrival order. The true capacity is N * 1000 / serviceTimeMs requests/s; past it the queue
// grows without bound, as a saturated service's does, so a capacity search has a known answer.

export interface CapacityConfig {
  workers: number;
  serviceTimeMs: number;
}

export class WorkerPool {
  /** When each worker is next free (performance.now() ms). */
  private readonly freeAt: number[];
  private waiting = 0;

  constructor(readonly config: CapacityConfig) {
    this.freeAt = new Array<number>(config.workers).fill(0);
  }

  get capacityPerS(): number {
    return (this.config.workers * 1000) / this.config.serviceTimeMs;
  }

  /** Requests admitted and not yet through their service time. */
  get inSystem(): number {
    return this.waiting;
  }

  /**
   * Waits for a worker (first come, first served) and holds it for the service time; resolves
   * with the ms spent queueing and in service. Each worker's schedule is kept on its own clock,
   * not by chaining timers, so timer lateness adds to a response's latency but never lowers the
   * throughput below N * 1000 / serviceTimeMs.
   */
  pass(): Promise<number> {
    const now = performance.now();
    let w = 0;
    for (let i = 1; i < this.freeAt.length; i++) if ((this.freeAt[i] as number) < (this.freeAt[w] as number)) w = i;
    const done = Math.max(now, this.freeAt[w] as number) + this.config.serviceTimeMs;
    this.freeAt[w] = done;
    this.waiting++;
    return new Promise((resolve) => {
      setTimeout(() => {
        this.waiting--;
        resolve(performance.now() - now);
      }, done - now);
    });
  }
}
