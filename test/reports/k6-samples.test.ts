// A real k6 run's JSON output (gzipped, as `--out json=FILE.gz` writes it) gives the same timeline
// and sub-metrics as the built-in engine: requests by operation and status, flows, outcomes.
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGzip, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readK6Samples, reduceK6Samples } from '../../load/k6-samples.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-k6-'));

// k6's own line shapes: "metric" last, a "Metric" line before the first point of each metric.
const declare = (metric: string, type: string, contains = 'default') => JSON.stringify({ type: 'Metric', data: { name: metric, type, contains, thresholds: [], submetrics: null }, metric });
const point = (metric: string, second: number, value: number, tags: Record<string, string> = {}) =>
  JSON.stringify({ type: 'Point', data: { time: new Date(Date.UTC(2026, 10, 24, 1, 0, second, 250)).toISOString(), value, tags }, metric });
const request = (second: number, ms: number, tags: Record<string, string>) => {
  const failed = tags.status !== '200' ? 1 : 0;
  return [
    point('http_reqs', second, 1, tags), point('http_req_duration', second, ms, tags), point('http_req_blocked', second, 0.01, tags),
    point('http_req_failed', second, failed, tags), point('contract_violations', second, 0, { name: tags.name as string }),
  ];
};

const lines = [
  declare('iterations', 'counter'), declare('dropped_iterations', 'counter'), declare('http_reqs', 'counter'), declare('http_req_duration', 'trend', 'time'),
  declare('http_req_blocked', 'trend', 'time'), declare('http_req_failed', 'rate'), declare('contract_violations', 'rate'),
  declare('flow_duration', 'trend', 'time'), declare('transfer_outcomes', 'counter'),
  ...[0, 1].flatMap((s) => [
    point('iterations', s, 1), point('iterations', s, 1),
    ...request(s, 10 + s * 10, { name: 'getCall', status: '200', method: 'GET' }),
    // k6 tags every failed response with error_code, 1000 + the status for an HTTP error.
    ...request(s, 20 + s * 10, s ? { name: 'getCall', status: '500', error_code: '1500', method: 'GET' } : { name: 'getCall', status: '200', method: 'GET' }),
    point('flow_duration', s, 900 + s * 100, { flow: 'complete' }), point('transfer_outcomes', s, 1, { outcome: s ? 'cancelled' : 'completed' }),
  ]),
  ...request(2, 60_000, { name: 'getCall', status: '0', error_code: '1050', method: 'GET' }), point('dropped_iterations', 2, 1),
  point('contract_violations', 2, 1, { name: 'getCall' }),
];

describe('k6 JSON output', () => {
  it('reduces Point lines to per-second windows and the sub-metrics the built-in engine makes', async () => {
    const file = join(dir, 'samples.json.gz');
    writeFileSync(file, gzipSync(lines.join('\n')));
    const samples = await readK6Samples(file);
    expect(samples.damaged).toBeUndefined();
    // A 500 is a 5xx, counted once by status (not also by its error_code 1500); a timeout by its code.
    const counts = Object.fromEntries(Object.entries(samples.metrics).filter(([k]) => k.startsWith('http_reqs{')).map(([k, m]) => [k, m.values?.count]));
    expect(counts).toEqual({ 'http_reqs{name:getCall}': 5, 'http_reqs{name:getCall,status:200}': 3, 'http_reqs{name:getCall,status:500}': 1, 'http_reqs{name:getCall,status:0}': 1, 'http_reqs{name:getCall,error_code:1050}': 1 });
    expect(samples.metrics['http_req_duration{name:getCall}']?.values).toMatchObject({ count: 5, max: 60_000 });
    expect(samples.metrics['http_req_duration{name:getCall}']?.values?.med).toBeCloseTo(20, 1); // HDR, 3 digits
    expect(samples.metrics['http_req_failed{name:getCall}']?.values).toMatchObject({ passes: 2, fails: 3 });
    expect(samples.metrics['contract_violations{name:getCall}']?.values).toMatchObject({ passes: 1, fails: 5 });
    expect(samples.metrics['flow_duration{flow:complete}']?.values).toMatchObject({ count: 2, min: 900, max: 1000 });
    expect(samples.metrics['transfer_outcomes{outcome:completed}']?.values?.count).toBe(1);
    expect(samples.metrics['transfer_outcomes{outcome:cancelled}']?.values?.count).toBe(1);
    // What the reports never read is skipped before parsing.
    expect(Object.keys(samples.metrics).some((k) => k.startsWith('http_req_blocked'))).toBe(false);

    expect(samples.timeline).toHaveLength(3);
    expect(samples.timeline[0]).toMatchObject({ iterationsPerS: 2, requestsPerS: 2, errorRate: 0 });
    expect(samples.timeline[1]).toMatchObject({ iterationsPerS: 2, requestsPerS: 2, errorRate: 0.5 });
    expect(samples.timeline[1]?.p99).toBeCloseTo(30, 0);
    expect(samples.timeline[2]).toMatchObject({ droppedPerS: 1, requestsPerS: 1, errorRate: 1 });
  });

  it('reads plain JSON output the same, and skips a torn last line', async () => {
    const file = join(dir, 'samples.json');
    writeFileSync(file, [...lines, '{"type":"Point","data":{"ti'].join('\n'));
    const plain = await readK6Samples(file);
    const gz = join(dir, 'same.json.gz');
    writeFileSync(gz, gzipSync(lines.join('\n')));
    expect(plain).toEqual(await readK6Samples(gz));
  });

  it('keeps what a gzip stream cut short holds, and says it was cut', async () => {
    const whole = gzipSync(lines.join('\n'));
    const file = join(dir, 'cut.json.gz');
    writeFileSync(file, whole.subarray(0, whole.length - 12)); // no gzip trailer: k6 killed mid-write
    const samples = await readK6Samples(file);
    expect(samples.damaged).toMatch(/could not be read to its end/);
    expect(samples.timeline.length).toBeGreaterThan(0);
  });

  // A runner folder's samples file with a line that does not end (here 64 MiB in a small gzip):
  // the line was kept whole and re-split with every block, quadratic in its length.
  it('stops at a line longer than any k6 writes, keeps what came before, and says why', { timeout: 30_000 }, async () => {
    const file = join(dir, 'endless-line.json.gz');
    const gzip = createGzip({ level: 1 });
    const done = pipeline(gzip, createWriteStream(file));
    gzip.write(lines.join('\n') + '\n');
    const block = Buffer.alloc(1024 * 1024, 'x');
    for (let i = 0; i < 64; i++) if (!gzip.write(block)) await once(gzip, 'drain');
    gzip.end();
    await done;
    const samples = await readK6Samples(file);
    expect(samples.damaged).toMatch(/holds a line longer than 1 MiB, which k6 never writes/);
    expect(samples.timeline.length).toBeGreaterThan(0);
  });

  it('deletes the raw output once reduced, unless asked to keep it', async () => {
    const kept = join(dir, 'kept.json.gz');
    const dropped = join(dir, 'dropped.json.gz');
    writeFileSync(kept, gzipSync(lines.join('\n')));
    writeFileSync(dropped, gzipSync(lines.join('\n')));
    expect((await reduceK6Samples(kept, true))?.timeline).toHaveLength(3);
    expect((await reduceK6Samples(dropped, false))?.timeline).toHaveLength(3);
    expect(existsSync(kept)).toBe(true);
    expect(existsSync(dropped)).toBe(false);
    expect(await reduceK6Samples(join(dir, 'never-written.json.gz'), false)).toBeUndefined();
  });
});
