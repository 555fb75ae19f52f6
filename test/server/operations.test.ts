// Every operation answers its documented success status with a body valid against its schema.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareHappyRequest } from '../helpers/happy-requests.ts';
import { registry, startTestServer, type TestServer } from '../helpers/reference-server.ts';

let s: TestServer;
beforeAll(async () => { s = await startTestServer(); });
afterAll(async () => { await s.close(); });

describe.each(registry.catalog.operations.map((o) => [o.operationId, o] as const))('%s', (operationId, op) => {
  it(`answers ${op.successStatus} with application/json valid against ${op.responseSchema}`, async () => {
    const req = await prepareHappyRequest(s, operationId);
    const res = await s.call(req.method, req.path, { body: req.body });
    expect(res.status, res.text).toBe(op.successStatus);
    expect(res.contentType).toMatch(/^application\/json/);
    expect(registry.issues(op.responseSchema, res.json)).toEqual([]);
  });
});

describe('realistic values', () => {
  it('sends null for absent optional values, E.164 numbers, ISO times and cost strings', async () => {
    // A server of its own: the other tests finalize reports on the shared one.
    const fresh = await startTestServer({ seed: 7 });
    const live = (await fresh.liveCallIds())[0] as string;
    const detail = (await fresh.call('GET', `/v1/calls/${live}`)).json as Record<string, unknown>;
    expect(detail.ended_at).toBeNull();
    expect(detail.report).toBeNull();
    expect(detail.duration_seconds).toBeNull();
    expect(Date.parse(detail.created_at as string)).not.toBeNaN();
    const sources = new Set((detail.transcript as { entries: { source: string }[] }).entries.map((e) => e.source));
    expect(sources).toEqual(new Set(['system', 'agent', 'user']));

    const ended = (await fresh.endedCallIds())[0] as string;
    const report = (await fresh.call('GET', `/v1/calls/${ended}/report`)).json as Record<string, unknown>;
    expect(report.cost_micro_usd).toMatch(/^\d+$/);
    const events = ((await fresh.call('GET', `/v1/calls/${ended}/events`)).json as { events: { sip_status_code: number | null }[] }).events;
    expect(events.some((e) => typeof e.sip_status_code === 'number')).toBe(true);

    const warm = await fresh.call('POST', `/v1/calls/${live}/transfers/warm`, { body: { to: '+442071838750' } });
    expect((warm.json as { transfer_to: string }).transfer_to).toMatch(/^\+[1-9]\d{6,14}$/);
    await fresh.close();
  });

  it('answers an unknown call with 404 NOT_FOUND in the Error shape', async () => {
    for (const path of ['/v1/calls/call_nope', '/v1/calls/call_nope/events', '/v1/calls/call_nope/report', '/v1/calls/call_nope/recording']) {
      const res = await s.call('GET', path);
      expect(res.status).toBe(404);
      expect(res.json).toMatchObject({ code: 'NOT_FOUND' });
      expect(registry.issues('Error', res.json)).toEqual([]);
    }
  });

  it('answers an unknown route 404 and a wrong method 405', async () => {
    expect((await s.call('GET', '/v1/nothing')).status).toBe(404);
    expect((await s.call('DELETE', '/v1/calls/x')).status).toBe(405);
  });
});
