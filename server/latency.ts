// Injected latency: a model per operation, and the server's own record of every delay it
// injected, so that benchmarks can compare what the harness measured with the truth.
import type { Random } from './random.ts';

export type LatencyModel =
  | { model: 'none' }
  | { model: 'fixed'; ms: number }
  | { model: 'uniform'; minMs: number; maxMs: number }
  | { model: 'lognormal'; p50Ms: number; p99Ms: number };

/** Per operationId, with "*" for every operation not named. */
export type LatencyConfig = Record<string, LatencyModel>;

const Z_99 = 2.3263478740408408;

export function sampleDelay(model: LatencyModel, rnd: Random): number {
  switch (model.model) {
    case 'none':
      return 0;
    case 'fixed':
      return model.ms;
    case 'uniform':
      return model.minMs + rnd.next() * (model.maxMs - model.minMs);
    case 'lognormal': {
      const mu = Math.log(model.p50Ms);
      const sigma = (Math.log(model.p99Ms) - mu) / Z_99;
      return Math.exp(mu + sigma * rnd.gaussian());
    }
  }
}

export function modelFor(config: LatencyConfig, operationId: string): LatencyModel {
  return config[operationId] ?? config['*'] ?? { model: 'none' };
}

export interface DelayStats {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

const MAX_SAMPLES = 2_000_000;

/** Every injected delay in ms, per operation (capped, so a soak cannot exhaust memory). */
export class DelayRecord {
  private readonly samples = new Map<string, { data: Float64Array; length: number }>();

  add(operationId: string, ms: number): void {
    let rec = this.samples.get(operationId);
    if (!rec) this.samples.set(operationId, (rec = { data: new Float64Array(1024), length: 0 }));
    if (rec.length === rec.data.length) {
      if (rec.length >= MAX_SAMPLES) return;
      const grown = new Float64Array(rec.data.length * 2);
      grown.set(rec.data);
      rec.data = grown;
    }
    rec.data[rec.length++] = ms;
  }

  values(operationId: string): Float64Array {
    const rec = this.samples.get(operationId);
    return rec ? rec.data.slice(0, rec.length) : new Float64Array(0);
  }

  stats(): Record<string, DelayStats> {
    const out: Record<string, DelayStats> = {};
    for (const op of this.samples.keys()) out[op] = summarize(this.values(op));
    return out;
  }

  clear(): void {
    this.samples.clear();
  }
}

/** Exact percentiles (nearest rank) of the recorded delays. */
export function summarize(values: Float64Array): DelayStats {
  const sorted = values.slice().sort();
  const at = (q: number) => (sorted.length ? (sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number) : 0);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return { count: sorted.length, mean: sorted.length ? sum / sorted.length : 0, p50: at(0.5), p90: at(0.9), p95: at(0.95), p99: at(0.99), max: at(1) };
}
