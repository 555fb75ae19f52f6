// The `k6/metrics` module for scenarios run by the built-in engine.
import type { Metric } from '../metrics/registry.ts';
import type { MetricType, Tags } from '../metrics/registry-types.ts';
import { runtime } from './runtime-handle.ts';

class CustomMetric {
  readonly #metric: Metric;

  constructor(readonly name: string, type: MetricType, isTime = false) {
    if (!/^[A-Za-z_][\w]{0,127}$/.test(name)) throw new Error(`invalid metric name "${name}": letters, digits and underscores, starting with a letter`);
    this.#metric = runtime().registry.define(name, type, isTime ? 'time' : 'default');
  }

  add(value: number | boolean, tags?: Tags): void {
    const rt = runtime();
    const it = rt.iteration();
    const base = rt.baseTagsOf(it);
    rt.sample(this.#metric, typeof value === 'boolean' ? Number(value) : value, tags ? { ...base, ...tags } : { ...base }, it);
  }
}

export class Counter extends CustomMetric {
  constructor(name: string) { super(name, 'counter'); }
}
export class Gauge extends CustomMetric {
  constructor(name: string, isTime = false) { super(name, 'gauge', isTime); }
}
export class Rate extends CustomMetric {
  constructor(name: string) { super(name, 'rate'); }
}
export class Trend extends CustomMetric {
  constructor(name: string, isTime = false) { super(name, 'trend', isTime); }
}

export default { Counter, Gauge, Rate, Trend };
