// Every way a token can be wrong gets the documented 401, on every operation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareHappyRequest } from '../helpers/happy-requests.ts';
import { registry, startTestServer, type TestServer } from '../helpers/reference-server.ts';

const REVOKED = 'sk_live_revokedrevokedrevoked01';
const VARIANTS: [string, (key: string) => string | null][] = [
  ['no Authorization header', () => null],
  ['Bearer with nothing after it', () => 'Bearer '],
  ['a Basic scheme', (key) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`],
  ['a malformed token', () => 'Bearer not-a-key'],
  ['an unknown key', () => 'Bearer sk_live_0000000000000000unknown'],
  ['a revoked key', () => `Bearer ${REVOKED}`],
  ['the key without its scheme', (key) => key],
];

let s: TestServer;
beforeAll(async () => { s = await startTestServer({ revokedKeys: [REVOKED] }); });
afterAll(async () => { await s.close(); });

describe.each(registry.catalog.operations.map((o) => [o.operationId] as const))('%s', (operationId) => {
  it.each(VARIANTS)('answers 401 UNAUTHORIZED for %s', async (_name, header) => {
    const req = await prepareHappyRequest(s, operationId);
    const res = await s.call(req.method, req.path, { body: req.body, auth: header(s.key) });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: 'Unauthorized', code: 'UNAUTHORIZED' });
    expect(registry.issues('Error', res.json)).toEqual([]);
  });
});

describe('keys', () => {
  it('accepts every configured key, and a key revoked at run time stops working', async () => {
    const keys = ['sk_test_aaaaaaaaaaaaaaaaaaaa01', 'sk_live_bbbbbbbbbbbbbbbbbbbb02'];
    const multi = await startTestServer({ apiKeys: keys });
    try {
      const path = `/v1/agents/${multi.agentIds[0]}/calls?limit=1`;
      for (const key of keys) expect((await multi.call('GET', path, { auth: `Bearer ${key}` })).status).toBe(200);
      multi.revokeKey(keys[0] as string);
      expect((await multi.call('GET', path, { auth: `Bearer ${keys[0]}` })).status).toBe(401);
      expect((await multi.call('GET', path, { auth: `Bearer ${keys[1]}` })).status).toBe(200);
    } finally {
      await multi.close();
    }
  });

  it('generates a well-formed key when none is given, different on every start', async () => {
    const other = await startTestServer();
    expect(s.key).toMatch(/^sk_test_[a-f0-9]{32}$/);
    expect(other.key).not.toBe(s.key);
    await other.close();
  });
});
