// Injected latency follows its model, and the server's record of it is the truth benchmarks use.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleDelay, summarize } from '../../server/latency.ts';
import { Random } from '../../server/random.ts';
import { startTestServer, type TestServer } from '../helpers/reference-server.ts';

let s: TestServer;
beforeAll(async () => { s = await startTestServer(); });
afterAll(async () => { await s.close(); });

describe('latency models', () => {
  it('log-normal samples have the p50 and p99 asked for', () => {
    const rnd = new Random(3);
    const values = Float64Array.from({ length: 200_000 }, () => sampleDelay({ model: 'lognormal', p50Ms: 20, p99Ms: 120 }, rnd));
    const stats = summarize(values);
    expect(stats.p50).toBeGreaterThan(19.4);
    expect(stats.p50).toBeLessThan(20.6);
    expect(stats.p99).toBeGreaterThan(114);
    expect(stats.p99).toBeLessThan(126);
  });

  it('uniform samples stay inside their bounds and fixed is fixed', () => {
    const rnd = new Random(4);
    const uniform = Array.from({ length: 10_000 }, () => sampleDelay({ model: 'uniform', minMs: 5, maxMs: 9 }, rnd));
    expect(Math.min(...uniform)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...uniform)).toBeLessThan(9);
    expect(sampleDelay({ model: 'fixed', ms: 12 }, rnd)).toBe(12);
  });
});

describe('the record of injected delays', () => {
  it('holds one entry per answered request, per operation, and each response took at least that long', async () => {
    s.clearDelays();
    s.setLatency({ '*': { model: 'uniform', minMs: 10, maxMs: 40 }, listCallEvents: { model: 'fixed', ms: 5 } });
    const call = (await s.liveCallIds())[0] as string;
    s.clearDelays();
    const seen: number[] = [];
    for (let i = 0; i < 15; i++) seen.push((await s.call('GET', `/v1/calls/${call}`)).ms);
    const eventsSeen = (await s.call('GET', `/v1/calls/${call}/events`)).ms;
    s.setLatency({});
    const recorded = Array.from(s.delays('getCall'));
    expect(recorded).toHaveLength(15);
    // Each is the request's time in the server, the delay as it happened (a timer fires late on a
    // busy server, or early by the event loop's stale clock): never more than the client saw.
    recorded.forEach((d, i) => expect(seen[i]).toBeGreaterThanOrEqual(d));
    // And the delays were injected: with a timer firing a ms or two early, this fails only if all
    // 15 draws from 10..40 ms fell under 22, odds of 1e-6.
    expect(Math.max(...recorded)).toBeGreaterThan(20);
    const events = s.delayStats().listCallEvents;
    expect(events?.count).toBe(1);
    expect(events?.max).toBeLessThanOrEqual(eventsSeen);
    expect(events?.max).toBeGreaterThan(0);
  });
});
