// The built-in engine's `experimental-prometheus-rw` output: every sample into its series, a
// push on k6's interval, a last push at the end. Pushes never overlap and never throw; what
// failed is counted and reported with the run's problems.
import type { MetricType, Tags } from '../../engine/metrics/registry-types.ts';
import type { RemoteWriteConfig } from './config.ts';
import { RemoteWriteClient } from './remote-write-client.ts';
import { SeriesStore } from './series-store.ts';

export interface PushStats { pushes: number; failed: number; series: number; lastError: string | null }

export class RemoteWriteOutput {
  private readonly store: SeriesStore;
  private readonly client: RemoteWriteClient;
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> = Promise.resolve();
  private pushing = false;
  readonly stats: PushStats = { pushes: 0, failed: 0, series: 0, lastError: null };

  constructor(private readonly config: RemoteWriteConfig) {
    this.store = new SeriesStore(config);
    this.client = new RemoteWriteClient(config);
  }

  start(): void {
    this.timer = setInterval(() => {
      // A receiver slower than the interval gets the next push late, not two at once (k6 warns too).
      if (!this.pushing) this.inFlight = this.push();
    }, this.config.pushIntervalMs);
    this.timer.unref();
  }

  onSample(metric: { name: string; type: MetricType; contains: 'time' | 'data' | 'default' }, value: number, tags: Tags): void {
    this.store.add(metric, value, tags, Date.now());
  }

  /** The last push (and stale markers when asked for); resolves even when the receiver is down. */
  async stop(): Promise<PushStats> {
    if (this.timer) clearInterval(this.timer);
    await this.inFlight;
    await this.push();
    if (this.config.staleMarkers) await this.send(this.store.staleMarkers(Date.now() + 1));
    await this.client.close();
    this.stats.series = this.store.size;
    return this.stats;
  }

  private async push(): Promise<void> {
    this.pushing = true;
    try {
      await this.send(this.store.changed());
    } finally {
      this.pushing = false;
    }
  }

  private async send(series: ReturnType<SeriesStore['changed']>): Promise<void> {
    if (!series.length) return;
    this.stats.pushes++;
    const error = await this.client.store(series);
    if (error) {
      this.stats.failed++;
      this.stats.lastError = error;
    }
  }
}

/** What the run's problems say about the output. */
export function describePushes(url: string, s: PushStats): string | null {
  if (!s.failed) return null;
  const u = new URL(url);
  return `Prometheus remote write to ${u.protocol}//${u.host}${u.pathname}: ${s.failed} of ${s.pushes} pushes failed (last: ${s.lastError}); the test itself was not affected`;
}
