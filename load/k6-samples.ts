// Reduces k6's JSON output (`k6 run --out json=FILE`, gzipped when FILE ends in .gz) while
// streaming it: one JSON object per line, "Metric" lines declaring a metric and "Point" lines
// carrying its samples. Gives a real k6 run what the built-in engine records itself: the
// per-second timeline, and the sub-metrics by tag it makes without a threshold naming them
// (requests by operation and status, percentiles per operation, flows, outcomes), counted by the
// engine's own metrics registry so that both engines' reports read the same numbers.
import { createReadStream, existsSync, rmSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import * as hdr from 'hdr-histogram-js';
import { MetricsRegistry, type Metric } from './engine/metrics/registry.ts';
import type { MetricType } from './engine/metrics/registry-types.ts';
import type { TimelinePoint as EngineTimelinePoint } from './engine/timeline.ts';

/** A second of the run read from k6's samples: the engine's timeline point, without VUs (k6 does not write them). */
type TimelinePoint = Omit<EngineTimelinePoint, 'vus'>;
import type { SummaryMetric } from './summary-metrics.ts';
import { checkInputFile, INPUT_KINDS } from '../core/index.ts';

interface Point {
  type?: string;
  metric?: string;
  data?: { time?: string; value?: number; tags?: Record<string, string> | null; type?: MetricType; contains?: Metric['contains'] };
}

interface Window {
  iterations: number;
  dropped: number;
  requests: number;
  failed: number;
  durations: hdr.Histogram;
}

export interface K6Samples {
  timeline: TimelinePoint[];
  /** Sub-metrics keyed as k6 keys them (`http_reqs{name:getCall,status:500}`), with their values. */
  metrics: Record<string, SummaryMetric>;
  /** Why the output could not be read to its end (a gzip stream cut short by a killed k6). */
  damaged?: string;
}

/** The trend statistics the reports read (the scenarios ask k6 for the same). */
const TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'p(99.9)', 'count'];

/**
 * Metrics the reports never read: skipped by name, before parsing, as most lines are theirs
 * (three fifths of them in a transfer-flows run, of about 4 KB a request in all).
 */
const UNREAD = /^(vus|vus_max|data_sent|data_received|checks|group_duration|iteration_duration|http_req_(blocked|connecting|tls_handshaking|sending|waiting|receiving))$/;

/** Built-in metrics by type, for a sample whose "Metric" line is missing (a cut-off output). */
const BUILT_IN_TYPES: Record<string, [MetricType, Metric['contains']]> = {
  iterations: ['counter', 'default'], dropped_iterations: ['counter', 'default'], http_reqs: ['counter', 'default'],
  http_req_duration: ['trend', 'time'], http_req_failed: ['rate', 'default'],
};

/** Reads the samples, then deletes the file unless asked to keep it. Undefined when k6 wrote none. */
export async function reduceK6Samples(file: string, keep: boolean): Promise<K6Samples | undefined> {
  if (!existsSync(file)) return undefined;
  const samples = await readK6Samples(file);
  if (!keep) rmSync(file, { force: true });
  return samples;
}

export async function readK6Samples(file: string): Promise<K6Samples> {
  const windows = new Map<number, Window>();
  const registry = new MetricsRegistry();
  let first = Infinity;
  let last = -Infinity;
  const read = await forEachLine(file, (line) => {
    const p = parseLine(line);
    if (!p?.metric || !p.data) return;
    if (p.type === 'Metric') {
      if (p.data.type) registry.define(p.metric, p.data.type, p.data.contains ?? 'default');
      return;
    }
    if (p.type !== 'Point' || !p.data.time || !known(registry, p.metric)) return;
    const t = Date.parse(p.data.time);
    first = Math.min(first, t);
    last = Math.max(last, t);
    const value = p.data.value ?? 0;
    registry.add(p.metric, value, asEngineTags(p.data.tags ?? {}));
    recordWindow(windows, Math.floor(t / 1000), p.metric, value);
  });
  return { timeline: timeline(windows, first), metrics: submetricValues(registry, last > first ? (last - first) / 1000 : 0), ...(read.damaged ? { damaged: read.damaged } : {}) };
}

/** A line the reports read, parsed; null for the others and for a torn last line. */
function parseLine(line: string): Point | null {
  const at = line.lastIndexOf('"metric":"');
  if (at >= 0 && UNREAD.test(line.slice(at + 10, line.indexOf('"', at + 10)))) return null;
  try {
    const p = JSON.parse(line) as Point;
    return p.metric && UNREAD.test(p.metric) ? null : p;
  } catch {
    return null; // a torn last line of an interrupted run
  }
}

/** Whether the metric is declared, declaring a built-in one whose "Metric" line is missing. */
function known(registry: MetricsRegistry, metric: string): boolean {
  if (registry.metrics.has(metric)) return true;
  const builtIn = BUILT_IN_TYPES[metric];
  if (builtIn) registry.define(metric, ...builtIn);
  return builtIn !== undefined;
}

/**
 * k6 tags `error_code` on every failed response, 1000 + the status for HTTP errors (1500 for a
 * 500); the built-in engine only on a failure without a status (timeout, reset). Kept as the
 * engine does, a 500 counts as a 5xx, not as an error of another kind.
 */
export function asEngineTags(tags: Record<string, string>): Record<string, string> {
  if (tags.error_code === undefined || !tags.status || tags.status === '0') return tags;
  const rest = { ...tags };
  delete rest.error_code;
  return rest;
}

function submetricValues(registry: MetricsRegistry, elapsedS: number): Record<string, SummaryMetric> {
  const out: Record<string, SummaryMetric> = {};
  for (const m of registry.metrics.values()) {
    for (const [key, sub] of m.submetrics) {
      if (sub.sink.samples) out[key] = { type: m.type, values: sub.sink.values(TREND_STATS, elapsedS) };
    }
  }
  return out;
}

function recordWindow(windows: Map<number, Window>, second: number, metric: string, v: number): void {
  let w = windows.get(second);
  if (!w) windows.set(second, (w = { iterations: 0, dropped: 0, requests: 0, failed: 0, durations: hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 2, bitBucketSize: 32 }) }));
  switch (metric) {
    case 'iterations': w.iterations += v; break;
    case 'dropped_iterations': w.dropped += v; break;
    case 'http_req_failed': w.failed += v; break;
    case 'http_req_duration': w.durations.recordValue(Math.max(1, Math.round(v * 1000))); break;
    case 'http_reqs': w.requests += v; break;
  }
}

function timeline(windows: Map<number, Window>, first: number): TimelinePoint[] {
  return [...windows.keys()].sort((a, b) => a - b).map((s) => {
    const w = windows.get(s) as Window;
    const q = (x: number) => (w.requests ? w.durations.getValueAtPercentile(x) / 1000 : 0);
    return { t: Math.round((s * 1000 + 1000 - first) / 100) / 10, iterationsPerS: w.iterations, droppedPerS: w.dropped, requestsPerS: w.requests, errorRate: w.requests ? w.failed / w.requests : 0, p50: q(50), p95: q(95), p99: q(99) };
  });
}

/** The longest line read: k6 writes one sample a line, a few hundred bytes with its tags. */
export const MAX_SAMPLE_LINE_CHARS = 1024 * 1024;

/**
 * Calls `each` for every line of the file, gunzipping a .gz one as it streams. A gzip stream cut
 * short (k6 killed mid-write) yields what it holds, and the reason it ended.
 */
export async function forEachLine(file: string, each: (line: string) => void): Promise<{ damaged?: string }> {
  // Never a FIFO or a device: a stream from one would wait, or read, without end.
  checkInputFile(file, INPUT_KINDS.k6Samples);
  const input = createReadStream(file);
  // A stream without its end gives every block it holds, then "unexpected end of file".
  const source = file.endsWith('.gz') ? input.pipe(createGunzip()) : input;
  if (source !== input) input.once('error', (err) => source.destroy(err));
  const decoder = new StringDecoder('utf8');
  let rest = '';
  try {
    for await (const chunk of source) {
      const lines = (rest + decoder.write(chunk as Buffer)).split('\n');
      rest = lines.pop() as string;
      for (const line of lines) each(line);
      // A line without end (a runner folder's file, a gzip of one gigabyte line) was kept whole and
      // re-split with every block: memory without bound and time quadratic in its length.
      if (rest.length > MAX_SAMPLE_LINE_CHARS) return { damaged: `k6's sample output ${file} holds a line longer than ${MAX_SAMPLE_LINE_CHARS / 1024 / 1024} MiB, which k6 never writes (a sample is one short line): it is not read past it; the timeline and errors by kind hold what came before` };
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw err;
    return { damaged: `k6's sample output ${file} could not be read to its end (${(err as Error).message}); the timeline and errors by kind hold what came before` };
  } finally {
    input.destroy();
  }
  if (rest) each(rest);
  return {};
}
