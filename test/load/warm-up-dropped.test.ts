// A profile with a warm-up judges its measured part only; dropped iterations carry no phase tag
// (no iteration ran to carry one), so their threshold is keyed by the measured scenario's name
// and still fails a run whose VUs cannot keep the rate. Built-in engine, real socket.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoad } from '../../load/run-load.ts';
import { start, type RunningServer } from '../../server/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-warm-up-'));
let server: RunningServer;
beforeAll(async () => {
  // 100 ms answers: one VU starts at most 10 iterations/s.
  server = await start({ port: 0, latency: { '*': { model: 'fixed', ms: 100 } } });
});
afterAll(async () => server.close());

describe('a warm-up profile', () => {
  it('fails dropped_iterations when one VU cannot hold the rate in the measured part', async () => {
    const profile = join(dir, 'one-vu.json');
    writeFileSync(profile, JSON.stringify({
      description: 'one VU at 40/s', executor: 'constant-arrival-rate', rate: 40, timeUnit: '1s', duration: '2s', preAllocatedVUs: 1, maxVUs: 1,
      warmUp: '1s', gracefulStop: '1s', latency: { 'p(95)': 5000 }, errorRate: 0.5,
    }));
    const run = await runLoad({ scenario: 'read-mix', profile, engine: 'node', target: server.url, token: server.apiKeys[0], agentId: server.agentIds[0], reportDir: join(dir, 'run'), quiet: true });
    const summary = JSON.parse(readFileSync(run.summaryFile, 'utf8')) as { metrics: Record<string, { values: { count?: number }; thresholds?: Record<string, { ok: boolean }> }> };
    const dropped = summary.metrics['dropped_iterations{scenario:read_mix}'];
    expect(dropped?.values.count).toBeGreaterThan(20);
    expect(dropped?.thresholds).toEqual({ 'count<=0': { ok: false } });
    expect(run.exitCode).toBe(99);
  }, 60_000);
});
