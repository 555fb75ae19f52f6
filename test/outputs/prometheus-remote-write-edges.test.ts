// The remote-write output's edges: native histograms, a receiver that is down or says no (the
// test goes on and says so), and settings the engine refuses before any request.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remoteWriteConfig } from '../../load/outputs/prometheus-rw/config.ts';
import { bucketKey } from '../../load/outputs/prometheus-rw/native-histogram.ts';
import { RemoteWriteClient } from '../../load/outputs/prometheus-rw/remote-write-client.ts';
import { arrivalRecorder } from '../helpers/arrival-recorder.ts';
import { runCliInProcess } from '../helpers/cli.ts';
import { metric, runFixture } from '../helpers/engine.ts';
import { PROMETHEUS_BINARY, startPrometheus } from '../helpers/prometheus.ts';

let rec: Awaited<ReturnType<typeof arrivalRecorder>>;
beforeAll(async () => { rec = await arrivalRecorder(); });
afterAll(async () => { await rec.close(); });

const runnable = PROMETHEUS_BINARY !== null || process.env.CI === 'true';
const iterations = (n: number) => JSON.stringify({ scenarios: { s: { executor: 'shared-iterations', vus: 4, iterations: n } } });

describe('native histograms', () => {
  it('bucket keys follow schema 3: upper bounds 2^(k/8), inclusive', () => {
    expect(bucketKey(1)).toBe(0);
    expect(bucketKey(1.000001)).toBe(1);
    expect(bucketKey(2)).toBe(8);
    expect(bucketKey(2 ** (3 / 8))).toBe(3);
    expect(bucketKey(2 ** (3 / 8) * 1.0000001)).toBe(4);
    expect(bucketKey(0.001)).toBe(Math.ceil(Math.log2(0.001) * 8));
  });

  it.skipIf(!runnable)('a trend written as a native histogram holds every sample, its quantiles within a bucket of the summary\'s', async () => {
    const prom = await startPrometheus();
    try {
      const remoteWrite = remoteWriteConfig({ K6_PROMETHEUS_RW_SERVER_URL: prom.writeUrl, K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM: 'true', K6_PROMETHEUS_RW_PUSH_INTERVAL: '200ms' });
      const r = await runFixture('configurable', { URL: rec.url, OPTIONS: iterations(80), DELAY: '3' }, { remoteWrite });
      expect(r.exitCode, r.problems.join('\n')).toBe(0);
      const [count] = await prom.query('histogram_count(k6_custom_latency_seconds)');
      expect(count?.value).toBe(80);
      const med = metric(r, 'custom_latency')?.values.med as number;
      const [q50] = await prom.query('histogram_quantile(0.5, k6_custom_latency_seconds)');
      // One schema-3 bucket is 2^(1/8) wide: about 9%.
      expect(Math.abs((q50?.value as number) * 1000 - med) / med).toBeLessThan(0.1);
      expect(await prom.names()).not.toContain('k6_custom_latency_p99');
    } finally {
      await prom.stop();
    }
  });
});

describe('a receiver that is down or says no', () => {
  it('down: the run ends as it would without the output, and its problems say how many pushes failed', async () => {
    const remoteWrite = remoteWriteConfig({ K6_PROMETHEUS_RW_SERVER_URL: 'http://127.0.0.1:9/api/v1/write', K6_PROMETHEUS_RW_PUSH_INTERVAL: '100ms' });
    const r = await runFixture('configurable', { URL: rec.url, OPTIONS: iterations(20), DELAY: '20' }, { remoteWrite });
    expect(r.exitCode).toBe(0);
    expect(metric(r, 'iterations')?.values.count).toBe(20);
    expect(r.problems.join('\n')).toMatch(/Prometheus remote write to http:\/\/127\.0\.0\.1:9\/api\/v1\/write: \d+ of \d+ pushes failed \(last: ECONNREFUSED\)/);
  });

  it('rejecting: the receiver\'s status and answer are reported', async () => {
    const bodies: Buffer[] = [];
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        bodies.push(Buffer.concat(chunks));
        res.writeHead(400).end('out of order sample');
      });
    });
    await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', ok));
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/v1/write`;
      const r = await runFixture('configurable', { URL: rec.url, OPTIONS: iterations(10) }, { remoteWrite: remoteWriteConfig({ K6_PROMETHEUS_RW_SERVER_URL: url }) });
      expect(r.exitCode).toBe(0);
      expect(bodies.length).toBeGreaterThan(0);
      expect(r.problems.join('\n')).toContain('(last: HTTP 400: out of order sample)');
    } finally {
      await new Promise((ok) => receiver.close(ok));
    }
  });
});

describe('a receiver that answers without end', () => {
  // Its answer was read whole (res.body.text()) for the warning's 200 characters: a receiver that
  // sent gigabytes held them in memory until the 5 s timeout cut the push, which then said only
  // "aborted". Only the start is read; the connection is closed on the rest.
  it('the push reads the start of the answer, says the status, and leaves the rest unsent', async () => {
    const TOTAL = 256 * 1024 * 1024;
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let sent = 0;
    let finished = false;
    const receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(401, { 'content-type': 'text/plain', 'content-length': String(TOTAL) });
        const pump = () => {
          while (sent < TOTAL && !res.destroyed) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          if (sent >= TOTAL) res.end(() => (finished = true));
        };
        pump();
      });
    });
    await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', ok));
    const client = new RemoteWriteClient(remoteWriteConfig({ K6_PROMETHEUS_RW_SERVER_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/v1/write` }));
    try {
      const error = await client.store([{ labels: [{ name: '__name__', value: 'k6_x' }], samples: [{ value: 1, timestamp: Date.now() }] }]);
      expect(error).toMatch(/^HTTP 401: x{200}$/);
      expect(finished).toBe(false);
    } finally {
      await client.close();
      receiver.closeAllConnections();
      await new Promise((ok) => receiver.close(ok));
    }
  });
});

describe('settings refused before any request', () => {
  it.each([
    [{ K6_PROMETHEUS_RW_PUSH_INTERVAL: '5' }, /K6_PROMETHEUS_RW_PUSH_INTERVAL "5" is not a positive duration/],
    [{ K6_PROMETHEUS_RW_TREND_STATS: 'p99' }, /K6_PROMETHEUS_RW_TREND_STATS holds "p99"/],
    [{ K6_PROMETHEUS_RW_SERVER_URL: 'localhost:9090' }, /not (a URL|http\(s\))/],
    [{ K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM: 'yes' }, /"yes", not a boolean/],
  ])('%o', (env, message) => {
    expect(() => remoteWriteConfig(env)).toThrow(message);
  });

  it('the CLI refuses an output the built-in engine cannot write, and a bad setting, with exit 2 and a stable code', async () => {
    const csv = await runCliInProcess(['load', '--scenario', 'read-mix', '--engine', 'node', '--k6-out', 'csv=out.csv']);
    expect(csv.code).toBe(2);
    expect(csv.stderr).toMatch(/error E_OUTPUT_CONFIG: The built-in engine cannot write the k6 output "csv"/);
    const bad = await runCliInProcess(['load', '--scenario', 'read-mix', '--engine', 'node', '--k6-out', 'experimental-prometheus-rw'], { env: { K6_PROMETHEUS_RW_PUSH_INTERVAL: 'soon' } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('E_OUTPUT_CONFIG');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
