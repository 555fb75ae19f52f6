// The agent call list: newest first, cursor pagination, `since`, and its documented 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry, startTestServer, type TestServer } from '../helpers/reference-server.ts';

type Page = { calls: { id: string; created_at: string; ended_at: string | null }[]; entries: unknown[]; next_cursor: string | null };

let s: TestServer;
beforeAll(async () => { s = await startTestServer({ agents: 2, callsPerAgent: 23, liveRatio: 0.3 }); });
afterAll(async () => { await s.close(); });

const page = async (query: string, agent = s.agentIds[0]) => {
  const res = await s.call('GET', `/v1/agents/${agent}/calls${query}`);
  expect(res.status, res.text).toBe(200);
  expect(registry.issues('AgentCallListPage', res.json)).toEqual([]);
  return res.json as Page;
};

describe('listAgentCalls', () => {
  it('walks every call once, newest first, through next_cursor, null on the last page', async () => {
    const seen: Page['calls'] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const p: Page = await page(`?limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(p.entries).toEqual(p.calls);
      seen.push(...p.calls);
      cursor = p.next_cursor;
      pages++;
    } while (cursor !== null && pages < 20);
    expect(pages).toBe(5);
    expect(seen).toHaveLength(23);
    expect(new Set(seen.map((c) => c.id)).size).toBe(23);
    const times = seen.map((c) => Date.parse(c.created_at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(seen.filter((c) => c.ended_at === null)).toHaveLength(Math.round(23 * 0.3));
  });

  it('defaults to 50 per page and honours since as an inclusive lower bound', async () => {
    const all = await page('');
    expect(all.calls).toHaveLength(23);
    expect(all.next_cursor).toBeNull();
    const pivot = all.calls[9]?.created_at as string;
    const recent = await page(`?since=${encodeURIComponent(pivot)}`);
    expect(recent.calls.map((c) => c.id)).toEqual(all.calls.slice(0, 10).map((c) => c.id));
  });

  it('keeps each agent to its own calls', async () => {
    const a = await page('', s.agentIds[0]);
    const b = await page('', s.agentIds[1]);
    expect(a.calls.some((c) => b.calls.some((d) => d.id === c.id))).toBe(false);
  });

  it.each(['limit=0', 'limit=101', 'limit=ten', 'cursor=yesterday', 'since=2026-13-01'])('answers 400 VALIDATION_ERROR for %s', async (q) => {
    const res = await s.call('GET', `/v1/agents/${s.agentIds[0]}/calls?${q}`);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: 'VALIDATION_ERROR', issues: [{ path: q.split('=')[0] }] });
  });

  it('answers an unknown agent with the documented 404', async () => {
    const res = await s.call('GET', '/v1/agents/agt_unknown/calls');
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: 'not found', code: 'NOT_FOUND' });
  });
});

describe('seeded state', () => {
  it('is the same for the same seed and differs for another', async () => {
    const [a, b, c] = await Promise.all([startTestServer({ seed: 42 }), startTestServer({ seed: 42 }), startTestServer({ seed: 43 })]);
    const ids = async (x: TestServer) => ((await x.call('GET', `/v1/agents/${x.agentIds[0]}/calls`)).json as Page).calls.map((r) => r.id);
    expect(a.agentIds).toEqual(b.agentIds);
    expect(await ids(a)).toEqual(await ids(b));
    expect(c.agentIds).not.toEqual(a.agentIds);
    await Promise.all([a.close(), b.close(), c.close()]);
  });
});
