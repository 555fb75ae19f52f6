// A real k6 run's JSON output gives the same timeline and errors by kind as the built-in engine.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readK6Samples } from '../../reports/k6-samples.ts';

describe('k6 JSON output', () => {
  it('reads Point lines into per-second windows and requests by operation and status', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'calls-harness-k6-')), 'samples.json');
    const point = (metric: string, second: number, value: number, tags: Record<string, string> = {}) =>
      JSON.stringify({ type: 'Point', metric, data: { time: new Date(Date.UTC(2026, 10, 24, 1, 0, second, 250)).toISOString(), value, tags } });
    const lines = [
      JSON.stringify({ type: 'Metric', metric: 'http_reqs', data: { type: 'counter' } }),
      ...[0, 1].flatMap((s) => [
        point('iterations', s, 1), point('iterations', s, 1),
        point('http_reqs', s, 1, { name: 'getCall', status: '200' }), point('http_req_duration', s, 10 + s * 10),
        point('http_reqs', s, 1, { name: 'getCall', status: s ? '503' : '200' }), point('http_req_duration', s, 20 + s * 10), point('http_req_failed', s, s),
      ]),
      point('http_reqs', 2, 1, { name: 'getCall', status: '0', error_code: '1050' }), point('dropped_iterations', 2, 1),
      '{"type":"Point","metric":"http_reqs","data":{"ti',
    ];
    writeFileSync(file, lines.join('\n'));
    const samples = await readK6Samples(file);
    expect(samples.statusCounts).toEqual({ getCall: { 'status:200': 3, 'status:503': 1, 'error_code:1050': 1 } });
    expect(samples.timeline).toHaveLength(3);
    expect(samples.timeline[0]).toMatchObject({ iterationsPerS: 2, requestsPerS: 2, errorRate: 0 });
    expect(samples.timeline[1]).toMatchObject({ iterationsPerS: 2, requestsPerS: 2, errorRate: 0.5 });
    expect(samples.timeline[1]?.p99).toBeCloseTo(30, 0);
    expect(samples.timeline[2]).toMatchObject({ droppedPerS: 1, requestsPerS: 1 });
  });
});
