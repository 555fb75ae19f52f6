// The generator's own load while it runs in this process (the built-in engine): its CPU, as a
// share of one core, and how late its event loop ran. Either near its limit means the rate it
// was asked for was not what it offered.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

export interface ProbeReading {
  cpu: number;
  eventLoopP99Ms: number;
  /** The median delay: a loop late throughout shows it however briefly it was watched. */
  eventLoopP50Ms: number;
  /** How long the loop was watched: a p99 over less time is its worst interval or little more. */
  eventLoopWatchedMs: number;
}

const RESOLUTION_MS = 10;

export class GeneratorProbe {
  private histogram: IntervalHistogram | null = null;
  private cpu0: NodeJS.CpuUsage | null = null;
  private t0 = 0;
  /** What it measured up to freeze(), once frozen. */
  private frozen: ProbeReading | null | undefined;

  start(): void {
    if (this.histogram) return;
    this.histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    this.histogram.enable();
    this.cpu0 = process.cpuUsage();
    this.t0 = performance.now();
  }

  get started(): boolean {
    return this.histogram !== null;
  }

  /** Ends the measurement now (the load is over); stop() then gives what it measured up to here. */
  freeze(): void {
    if (this.frozen === undefined) this.frozen = this.read();
  }

  /** null when it never started (the run ended before its measured part). */
  stop(): ProbeReading | null {
    return this.frozen !== undefined ? this.frozen : this.read();
  }

  private read(): ProbeReading | null {
    if (!this.histogram || !this.cpu0) return null;
    this.histogram.disable();
    const used = process.cpuUsage(this.cpu0);
    const wallMs = performance.now() - this.t0;
    const reading = {
      cpu: wallMs > 0 ? (used.user + used.system) / 1000 / wallMs : 0,
      eventLoopP99Ms: delayMs(this.histogram, 99),
      eventLoopP50Ms: delayMs(this.histogram, 50),
      eventLoopWatchedMs: Math.round(wallMs),
    };
    this.histogram = null;
    return reading;
  }
}

/**
 * The histogram holds each whole interval between its timer's ticks (ns): the delay is what
 * exceeds the resolution.
 */
function delayMs(histogram: IntervalHistogram, percentile: number): number {
  return histogram.count ? Math.max(0, histogram.percentile(percentile) / 1e6 - RESOLUTION_MS) : 0;
}
