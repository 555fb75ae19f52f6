// Every time series k6's remote-write output keeps: one per metric and full tag set, each with a
// sink over the whole run (k6 writes cumulative values, not per-interval ones), and which series
// changed since the last push, for only those are written.
import { redactValue } from '../../../core/index.ts';
import { CounterSink, GaugeSink, RateSink, TrendSink } from '../../engine/metrics/sinks.ts';
import type { MetricType, Tags } from '../../engine/metrics/registry-types.ts';
import { NativeHistogramSink } from './native-histogram.ts';
import { statSuffix, type RemoteWriteConfig } from './config.ts';
import type { Label, TimeSeries } from './write-request.ts';

export interface MetricInfo { name: string; type: MetricType; contains: 'time' | 'data' | 'default' }

interface Series {
  metric: MetricInfo;
  tags: Tags;
  sink: CounterSink | GaugeSink | RateSink | TrendSink | NativeHistogramSink;
  /** The last sample's time, in ms since the epoch (k6 truncates sample times to ms). */
  latest: number;
  /** What was last written for it, so a push carries only what moved. */
  written: number;
}

export class SeriesStore {
  private readonly series = new Map<string, Series>();

  constructor(private readonly config: Pick<RemoteWriteConfig, 'trendStats' | 'trendAsNativeHistogram'>) {}

  add(metric: MetricInfo, value: number, tags: Tags, now: number): void {
    const key = seriesKey(metric.name, tags);
    let s = this.series.get(key);
    // Labels are redacted once, as the series is made (not per sample): a url tag holds ids the
    // target chose, and the receiver (the team's Prometheus) is an output like any report.
    if (!s) this.series.set(key, (s = { metric, tags: redactValue({ ...tags }), sink: this.sinkFor(metric), latest: now, written: -1 }));
    // Native histograms hold the base unit (seconds); the other sinks hold what k6 recorded.
    s.sink.add(s.sink instanceof NativeHistogramSink ? adaptUnit(metric, value) : value);
    if (now > s.latest) s.latest = now;
  }

  /** The series changed since the last call, in remote-write form. */
  changed(): TimeSeries[] {
    const out: TimeSeries[] = [];
    for (const s of this.series.values()) {
      if (s.latest <= s.written) continue;
      s.written = s.latest;
      out.push(...this.toTimeSeries(s, s.latest));
    }
    return out;
  }

  /** Every series with a stale marker, so dashboards end the lines when the test ends. */
  staleMarkers(now: number): TimeSeries[] {
    const STALE_NAN = Buffer.from('7ff0000000000002', 'hex').readDoubleBE(0);
    return [...this.series.values()].flatMap((s) => this.toTimeSeries(s, now)).map((ts) => ({ labels: ts.labels, samples: [{ value: STALE_NAN, timestamp: now }] }));
  }

  get size(): number {
    return this.series.size;
  }

  private sinkFor(metric: MetricInfo): Series['sink'] {
    switch (metric.type) {
      case 'counter': return new CounterSink();
      case 'gauge': return new GaugeSink();
      case 'rate': return new RateSink();
      case 'trend': return this.config.trendAsNativeHistogram ? new NativeHistogramSink() : new TrendSink('packed');
    }
  }

  private toTimeSeries(s: Series, timestamp: number): TimeSeries[] {
    const { metric, sink } = s;
    const one = (suffix: string, value: number): TimeSeries => ({ labels: labelsOf(metric.name, suffix, s.tags), samples: [{ value, timestamp }] });
    if (sink instanceof CounterSink) return [one('total', sink.values([], 0).count as number)];
    if (sink instanceof GaugeSink) return [one('', sink.values().value as number)];
    if (sink instanceof RateSink) return [one('rate', sink.values().rate as number)];
    if (sink instanceof NativeHistogramSink) return [{ labels: labelsOf(metric.name, baseUnit(metric), s.tags), histograms: [sink.toProto(timestamp)] }];
    // As k6 does, every stat of a time trend is divided by 1000, its count included.
    return this.config.trendStats.map((stat) => one(statSuffix(stat), adaptUnit(metric, sink.stat(stat) ?? 0)));
  }
}

/** k6's labels: every tag with a value, plus __name__ = k6_<metric>[_<suffix>], sorted by name. */
function labelsOf(name: string, suffix: string, tags: Tags): Label[] {
  const labels: Label[] = [{ name: '__name__', value: `k6_${name}${suffix ? `_${suffix}` : ''}` }];
  for (const [k, v] of Object.entries(tags)) if (k && v) labels.push({ name: k, value: v });
  return labels.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function seriesKey(name: string, tags: Tags): string {
  let key = name;
  for (const k of Object.keys(tags).sort()) key += `\u0000${k}=${tags[k]}`;
  return key;
}

function adaptUnit(metric: MetricInfo, v: number): number {
  return metric.contains === 'time' ? v / 1000 : v;
}

function baseUnit(metric: MetricInfo): string {
  return metric.contains === 'time' ? 'seconds' : metric.contains === 'data' ? 'bytes' : '';
}
