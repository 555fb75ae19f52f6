// The transfer lifecycle of FACTS.md, as the reference server keeps it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridgedWarmTransfer } from '../helpers/happy-requests.ts';
import { registry, startTestServer, waitForTransferStatus, type TestServer } from '../helpers/reference-server.ts';

type Transfer = { id: string; status: string; completed_at: string | null; kind: string; transfer_to: string };
type TransferResponse = Transfer & { routing_attempts: Transfer[]; next_transfer: Transfer | null; fallback: { action: string } | null };

let s: TestServer;
let live: string[];
beforeAll(async () => {
  s = await startTestServer({ transferStepMs: 15, callsPerAgent: 80 });
  live = await s.liveCallIds();
});
afterAll(async () => { await s.close(); });

const takeCall = () => live.pop() as string;
const detail = async (id: string, on: TestServer = s) => (await on.call('GET', `/v1/calls/${id}`)).json as { transfers: Transfer[] };
const eventTypes = async (id: string, on: TestServer = s) => ((await on.call('GET', `/v1/calls/${id}/events`)).json as { events: { event_type: string }[] }).events.map((e) => e.event_type);

describe('warm transfer', () => {
  it('starts requested, screens when asked, bridges, and completes with completed_at', async () => {
    // Steps of 300 ms on a server of its own: the early complete must reach it before bridging, which
    // 30 ms (this file's steps) did not leave a test process held up on a busy machine.
    const own = await startTestServer({ transferStepMs: 300 });
    try {
      const call = (await own.liveCallIds())[0] as string;
      const started = await own.call('POST', `/v1/calls/${call}/transfers/warm`, { body: { to: '+12015550100', screeningPrompt: 'Can you take a billing question?' } });
      expect(started.status).toBe(201);
      const t = started.json as TransferResponse;
      expect(t).toMatchObject({ kind: 'warm', status: 'requested', next_transfer: null, fallback: null });
      expect(t.routing_attempts.map((a) => a.id)).toEqual([t.id]);

      const early = await own.call('POST', `/v1/calls/${call}/transfers/${t.id}/complete`, { body: {} });
      expect(early.status).toBe(409);
      expect(registry.issues('Error', early.json)).toEqual([]);

      await waitForTransferStatus(own, call, t.id, 'bridging');
      const done = await own.call('POST', `/v1/calls/${call}/transfers/${t.id}/complete`, { body: { summary: 'billing' } });
      expect(done.status).toBe(200);
      expect(done.json).toMatchObject({ status: 'completed', summary: 'billing' });
      expect((done.json as Transfer).completed_at).not.toBeNull();

      expect((await detail(call, own)).transfers).toEqual([expect.objectContaining({ id: t.id, status: 'completed' })]);
      expect(await eventTypes(call, own)).toEqual(expect.arrayContaining(['transfer.requested', 'transfer.screening', 'transfer.bridging', 'transfer.completed']));
    } finally {
      await own.close();
    }
  });

  it('cancel with tryNext dials the next destination and lists every attempt', async () => {
    const call = takeCall();
    const first = await startBridgedWarmTransfer(s, call, 3);
    const res = await s.call('POST', `/v1/calls/${call}/transfers/${first}/cancel`, { body: { tryNext: true, reason: 'no answer' } });
    expect(res.status).toBe(200);
    const body = res.json as TransferResponse;
    expect(body.status).toBe('cancelled');
    expect(body.next_transfer).toMatchObject({ status: 'requested', transfer_to: '+12015550101' });
    expect(body.routing_attempts.map((a) => a.id)).toEqual([first, body.next_transfer?.id]);
    expect(body.fallback).toBeNull();
    expect(registry.issues('CallTransferResponse', body)).toEqual([]);
    const [was, next] = (await detail(call)).transfers.map((x) => x.status);
    expect(was).toBe('cancelled');
    expect(['requested', 'bridging']).toContain(next); // the next attempt advances on its own
    expect((await eventTypes(call)).filter((e) => e === 'transfer.cancelled')).toHaveLength(1);
  });

  it('cancel without destinations left applies the fallback', async () => {
    const call = takeCall();
    const started = await s.call('POST', `/v1/calls/${call}/transfers/warm`, { body: { to: '+12015550100', fallback: { strategy: 'take_message', takeMessagePrompt: 'Leave a message' } } });
    const id = (started.json as Transfer).id;
    const res = await s.call('POST', `/v1/calls/${call}/transfers/${id}/cancel`, { body: { tryNext: true } });
    expect(res.json).toMatchObject({ status: 'cancelled', next_transfer: null, fallback: { action: 'take_message', take_message_prompt: 'Leave a message', voicemail_detected: false } });
  });

  it.each([
    ['complete', 'complete'], ['complete', 'cancel'], ['cancel', 'complete'], ['cancel', 'cancel'],
  ])('a second %s after %s of an ended transfer is a 4xx Error', async (second, first) => {
    const call = takeCall();
    const id = await startBridgedWarmTransfer(s, call);
    expect((await s.call('POST', `/v1/calls/${call}/transfers/${id}/${first}`, { body: {} })).status).toBe(200);
    const again = await s.call('POST', `/v1/calls/${call}/transfers/${id}/${second}`, { body: {} });
    expect(again.status).toBeGreaterThanOrEqual(400);
    expect(again.status).toBeLessThan(500);
    expect(again.json).toMatchObject({ code: 'TRANSFER_ALREADY_ENDED' });
  });

  it('when complete and cancel race on one transfer, exactly one wins', async () => {
    for (let i = 0; i < 15; i++) {
      const call = takeCall();
      const id = await startBridgedWarmTransfer(s, call);
      const [c, x] = await Promise.all([
        s.call('POST', `/v1/calls/${call}/transfers/${id}/complete`, { body: {} }),
        s.call('POST', `/v1/calls/${call}/transfers/${id}/cancel`, { body: {} }),
      ]);
      expect([c.status, x.status].sort()).toEqual([200, 409]);
      const final = (await detail(call)).transfers.find((t) => t.id === id)?.status;
      expect(final).toBe(c.status === 200 ? 'completed' : 'cancelled');
      // The loser learns why, in the Error shape.
      expect((c.status === 200 ? x : c).json).toMatchObject({ code: 'TRANSFER_ALREADY_ENDED' });
    }
  });

  it('answers 404 for a transfer of another call and for a made-up transfer id', async () => {
    const [a, b] = [takeCall(), takeCall()];
    const id = await startBridgedWarmTransfer(s, a);
    for (const path of [`/v1/calls/${b}/transfers/${id}/complete`, `/v1/calls/${a}/transfers/xfer_madeup/cancel`]) {
      const res = await s.call('POST', path, { body: {} });
      expect(res.status).toBe(404);
      expect(res.json).toMatchObject({ code: 'NOT_FOUND' });
    }
  });

  it('refuses to transfer a call that has ended', async () => {
    const ended = (await s.endedCallIds())[0] as string;
    const res = await s.call('POST', `/v1/calls/${ended}/transfers/warm`, { body: { to: '+12015550100' } });
    expect(res.status).toBe(409);
    expect(res.json).toMatchObject({ code: 'CALL_NOT_ACTIVE' });
  });
});

describe('blind transfer', () => {
  it('hands the call off at once and shows in call detail and events', async () => {
    const call = takeCall();
    const res = await s.call('POST', `/v1/calls/${call}/transfers/blind`, { body: { to: '+12015550100', playDialtone: true } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ kind: 'blind', status: 'completed' });
    expect((await detail(call)).transfers[0]).toMatchObject({ kind: 'blind' });
    expect(await eventTypes(call)).toContain('transfer.completed');
    const id = (res.json as Transfer).id;
    expect((await s.call('POST', `/v1/calls/${call}/transfers/${id}/cancel`, { body: {} })).status).toBe(409);
  });
});
