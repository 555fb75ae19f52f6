// The generator's own health while the built-in engine runs a `load` in this process: how late its
// event loop ran, its CPU, and whether it ran out of file descriptors. With the iterations' start
// lag (from the summary), these say when a run measured the generator rather than the API.
import { GeneratorProbe } from './capacity/generator-probe.ts';
import { DescriptorWatch, type DescriptorReading } from './descriptor-watch.ts';
import type { Progress } from './engine/run-engine.ts';

export interface GeneratorReading {
  /** Share of one core this process used (the embedded server included, when it runs here). */
  cpu: number | null;
  eventLoopP99Ms: number | null;
  /** The median delay and how long the loop was watched (absent from runner files written before they were kept). */
  eventLoopP50Ms?: number | null;
  eventLoopWatchedMs?: number | null;
  /** Set when the process reached its open-file limit. */
  descriptors: DescriptorReading | null;
}

/**
 * Runners of one test, as one generator: the latest event loop, the busiest CPU, any that ran out
 * of descriptors. They ran the same load, so the shortest watch is how long all were watched.
 */
export function worstReading(readings: (GeneratorReading | undefined)[]): GeneratorReading | undefined {
  const known = readings.filter((r): r is GeneratorReading => r !== undefined);
  if (!known.length) return undefined;
  const extreme = (pick: (r: GeneratorReading) => number | null | undefined, choose: (a: number, b: number) => number) =>
    known.reduce<number | null>((m, r) => { const v = pick(r) ?? null; return v === null ? m : m === null ? v : choose(m, v); }, null);
  return {
    cpu: extreme((r) => r.cpu, Math.max), eventLoopP99Ms: extreme((r) => r.eventLoopP99Ms, Math.max),
    eventLoopP50Ms: extreme((r) => r.eventLoopP50Ms, Math.max), eventLoopWatchedMs: extreme((r) => r.eventLoopWatchedMs, Math.min),
    descriptors: known.find((r) => r.descriptors)?.descriptors ?? null,
  };
}

export class GeneratorWatch {
  private readonly probe = new GeneratorProbe();
  private readonly descriptors = new DescriptorWatch();

  constructor() {
    this.descriptors.start();
  }

  /**
   * The run's progress callback, starting the probe at the first tick: by then the script is
   * loaded, so compiling the bundle (a one-off pause) is not counted as the generator falling behind.
   */
  progress(next?: (p: Progress) => void): (p: Progress) => void {
    return (p) => {
      this.probe.start();
      next?.(p);
    };
  }

  /**
   * The load is over: what follows (building the summary, handleSummary(), writing the reports) is
   * a one-off pause like compiling the bundle, not the generator falling behind. Counted, a short
   * run's p99 was that pause alone: 403 ms for a 1 s run on a busy machine, so generator-bound.
   */
  loadEnded(): void {
    this.probe.freeze();
  }

  stop(): GeneratorReading {
    const reading = this.probe.stop();
    return {
      cpu: reading?.cpu ?? null, eventLoopP99Ms: reading?.eventLoopP99Ms ?? null, eventLoopP50Ms: reading?.eventLoopP50Ms ?? null,
      eventLoopWatchedMs: reading?.eventLoopWatchedMs ?? null, descriptors: this.descriptors.stop(),
    };
  }
}
