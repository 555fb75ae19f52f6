// Reads k6's JSON output (`k6 run --out json=FILE`): one JSON object per line, "Point" lines
// carrying metric samples. Gives a real k6 run what the built-in engine records itself: the
// per-second timeline and requests by operation and status.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import * as hdr from 'hdr-histogram-js';
import type { TimelinePoint } from './model.ts';

interface Point {
  type?: string;
  metric?: string;
  data?: { time?: string; value?: number; tags?: Record<string, string> };
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
  /** Per operation: "status:404" / "error_code:1050" -> count. */
  statusCounts: Record<string, Record<string, number>>;
}

export async function readK6Samples(file: string): Promise<K6Samples> {
  const windows = new Map<number, Window>();
  const statusCounts: Record<string, Record<string, number>> = {};
  let first = Infinity;
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    let p: Point;
    try {
      p = JSON.parse(line) as Point;
    } catch {
      continue; // a torn last line of an interrupted run
    }
    if (p.type !== 'Point' || !p.data?.time) continue;
    const t = Date.parse(p.data.time);
    first = Math.min(first, t);
    const second = Math.floor(t / 1000);
    let w = windows.get(second);
    if (!w) windows.set(second, (w = { iterations: 0, dropped: 0, requests: 0, failed: 0, durations: hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 2, bitBucketSize: 32 }) }));
    record(w, p, statusCounts);
  }
  const seconds = [...windows.keys()].sort((a, b) => a - b);
  const timeline = seconds.map((s) => {
    const w = windows.get(s) as Window;
    const q = (x: number) => (w.requests ? w.durations.getValueAtPercentile(x) / 1000 : 0);
    return { t: Math.round((s * 1000 + 1000 - first) / 100) / 10, iterationsPerS: w.iterations, droppedPerS: w.dropped, requestsPerS: w.requests, errorRate: w.requests ? w.failed / w.requests : 0, p50: q(50), p95: q(95), p99: q(99) };
  });
  return { timeline, statusCounts };
}

function record(w: Window, p: Point, statusCounts: K6Samples['statusCounts']): void {
  const v = p.data?.value ?? 0;
  const tags = p.data?.tags ?? {};
  switch (p.metric) {
    case 'iterations': w.iterations += v; break;
    case 'dropped_iterations': w.dropped += v; break;
    case 'http_req_failed': w.failed += v; break;
    case 'http_req_duration': w.durations.recordValue(Math.max(1, Math.round(v * 1000))); break;
    case 'http_reqs': {
      w.requests += v;
      const op = tags.name ?? 'unnamed';
      const counts = (statusCounts[op] ??= {});
      const key = tags.error_code ? `error_code:${tags.error_code}` : `status:${tags.status ?? '0'}`;
      counts[key] = (counts[key] ?? 0) + v;
      break;
    }
  }
}
