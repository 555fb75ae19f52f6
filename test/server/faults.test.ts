// Each fault, switched at start and at run time, seen over a real socket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry, startTestServer, type TestServer } from '../helpers/reference-server.ts';

let s: TestServer;
let path: string;
beforeAll(async () => {
  s = await startTestServer();
  path = `/v1/calls/${(await s.liveCallIds())[0]}`;
});
afterAll(async () => { await s.close(); });

describe('faults', () => {
  it('errorRate answers 500 and 503 Error bodies, at about the rate asked', async () => {
    s.setFaults({ errorRate: 0.5 });
    const statuses = await Promise.all(Array.from({ length: 200 }, () => s.call('GET', path).then((r) => { if (r.status >= 500) expect(registry.issues('Error', r.json)).toEqual([]); return r.status; })));
    s.setFaults({});
    const errors = statuses.filter((x) => x >= 500).length;
    expect(errors).toBeGreaterThan(60);
    expect(errors).toBeLessThan(140);
    expect(new Set(statuses)).toEqual(new Set([200, 500, 503]));
  });

  it('rateLimitRate answers 429 RATE_LIMITED with Retry-After', async () => {
    s.setFaults({ rateLimitRate: 1, retryAfterSeconds: 7 });
    const res = await s.call('GET', path);
    s.setFaults({});
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(res.json).toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('resetRate resets the connection', async () => {
    s.setFaults({ resetRate: 1 });
    const err = await s.call('GET', path).then(() => null, (e: Error) => e);
    s.setFaults({});
    expect(err).toBeInstanceOf(Error);
    expect(String((err as Error & { cause?: { code?: string } }).cause?.code ?? err)).toMatch(/ECONNRESET|UND_ERR_SOCKET|closed/i);
  });

  it('hangRate never answers (the client gives up), and the server still closes', async () => {
    const own = await startTestServer({ faults: { hangRate: 1 } });
    const err = await own.call('GET', `/v1/agents/${own.agentIds[0]}/calls`, { signal: AbortSignal.timeout(300) }).then(() => null, (e: Error) => e);
    expect(err?.name).toBe('TimeoutError');
    await own.close();
  });

  it('stall holds every response during the stall window', async () => {
    s.setFaults({ stall: { everyMs: 400, forMs: 200 } });
    const times = [];
    for (let i = 0; i < 20; i++) {
      times.push((await s.call('GET', path)).ms);
      await new Promise((r) => setTimeout(r, 20));
    }
    s.setFaults({});
    expect(Math.max(...times)).toBeGreaterThan(100);
    expect(Math.min(...times)).toBeLessThan(50);
  });

  it('rateLimit is a token bucket: the burst passes, then 429 with Retry-After until a token is back', async () => {
    // A token every 5 s: the third request must come before it, which 1 s left tight for a test
    // process held up on a busy machine.
    s.setFaults({ rateLimit: { perSecond: 0.2, burst: 2 } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(await s.call('GET', path));
    s.setFaults({});
    expect(statuses.map((r) => r.status)).toEqual([200, 200, 429]);
    // The whole seconds until that token: 5 at once, less as time passes.
    expect(Number(statuses[2]?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(statuses[2]?.headers.get('retry-after'))).toBeLessThanOrEqual(5);
  });

  it('dieAfter answers the first N requests, then resets or hangs every one, on every operation', async () => {
    s.setFaults({ dieAfter: { requests: 2, as: 'reset' } });
    const first = [await s.call('GET', path), await s.call('GET', `${path}/events`)];
    const after = await s.call('GET', `/v1/agents/${s.agentIds[0]}/calls`).then(() => null, (e: Error) => e);
    s.setFaults({});
    expect(first.map((r) => r.status)).toEqual([200, 200]);
    expect(after).toBeInstanceOf(Error);
    expect((await s.call('GET', path)).status).toBe(200);
    s.setFaults({ dieAfter: { requests: 0, as: 'hang' } });
    const hung = await s.call('GET', path, { signal: AbortSignal.timeout(300) }).then(() => null, (e: Error) => e);
    s.setFaults({});
    expect(hung?.name).toBe('TimeoutError');
  });

  it('faults scoped to operations leave the others alone', async () => {
    s.setFaults({ errorRate: 1, operations: ['listCallEvents'] });
    const events = await s.call('GET', `${path}/events`);
    const detail = await s.call('GET', path);
    s.setFaults({});
    expect(events.status).toBeGreaterThanOrEqual(500);
    expect(detail.status).toBe(200);
  });
});

describe('control API', () => {
  const control = (method: string, route: string, body?: unknown) => s.call(method, `/_harness/${route}`, { body });

  it('switches faults, latency and mutations at run time and shows the state', async () => {
    expect((await control('PUT', 'faults', { errorRate: 1, errorStatuses: [503] })).status).toBe(200);
    expect((await s.call('GET', path)).status).toBe(503);
    await control('PUT', 'faults', {});
    await control('PUT', 'mutations', ['wrong-success-status:getCall']);
    expect((await s.call('GET', path)).status).toBe(202);
    await control('PUT', 'mutations', []);
    await control('PUT', 'latency', { getCall: { model: 'fixed', ms: 60 } });
    expect((await s.call('GET', path)).ms).toBeGreaterThanOrEqual(55);
    expect((await control('GET', 'state')).json).toEqual({ faults: {}, latency: { getCall: { model: 'fixed', ms: 60 } }, mutations: [] });
    await control('PUT', 'latency', {});
  });

  it('rejects a bad setting with 400 and a message naming it, and requires a key', async () => {
    const bad = await control('PUT', 'faults', { errorRate: 2 });
    expect(bad.status).toBe(400);
    expect((bad.json as { error: string }).error).toContain('faults.errorRate');
    const unknown = await control('PUT', 'mutations', ['no-such-thing']);
    expect(unknown.json).toMatchObject({ code: 'E_UNKNOWN_MUTATION' });
    expect((await s.call('GET', '/_harness/state', { auth: null })).status).toBe(401);
  });
});
