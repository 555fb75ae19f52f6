// Every contract mutation, on every operation it applies to, really breaks the documented contract.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeMutations } from '../../server/index.ts';
import { prepareHappyRequest } from '../helpers/happy-requests.ts';
import { operation, registry, startTestServer, type TestServer } from '../helpers/reference-server.ts';

let s: TestServer;
beforeAll(async () => { s = await startTestServer({ callsPerAgent: 120 }); });
afterAll(async () => { await s.close(); });

const cases = describeMutations(registry.catalog.operations.map((o) => o.operationId)).flatMap((m) => m.operations.map((op) => [m.name, op, m.stage] as const));

describe('contract mutations', () => {
  it('offers every kind the issue names, each on at least one operation', () => {
    const names = describeMutations(s.operationIds).filter((m) => m.operations.length > 0).map((m) => m.name);
    expect(names.sort()).toEqual([
      'auth-ignored', 'bad-401-body', 'call-detail-lists-recent-three', 'completed-before-created', 'completed-shows-bridging-again', 'drop-required-field', 'enum-violation',
      'malformed-date-time', 'non-json-content-type', 'null-not-allowed', 'try-next-skips-destination', 'wrong-success-status', 'wrong-type',
    ]);
  });

  it.each(cases)('%s on %s breaks the contract', async (name, operationId, stage) => {
    const op = operation(operationId);
    const req = await prepareHappyRequest(s, operationId);
    s.setMutations([`${name}:${operationId}`]);
    try {
      const unauthenticated = stage === 'auth-body' || stage === 'auth-bypass';
      const res = await s.call(req.method, req.path, { body: req.body, auth: unauthenticated ? null : undefined });
      if (stage === 'body') {
        expect(res.status).toBe(op.successStatus);
        expect(registry.issues(op.responseSchema, res.json).length).toBeGreaterThan(0);
      } else if (stage === 'status') {
        expect(res.status).not.toBe(op.successStatus);
        expect(res.status).toBeLessThan(300);
      } else if (stage === 'content-type') {
        expect(res.contentType).not.toMatch(/json/);
      } else if (stage === 'auth-body') {
        expect(res.status).toBe(401);
        expect(registry.issues('Error', res.json).length).toBeGreaterThan(0);
      } else if (stage === 'lifecycle') {
        // Schema-valid on its own: only a sequence shows the break (test/contract/lifecycle-model.test.ts).
        expect(res.status).toBe(op.successStatus);
        expect(registry.issues(op.responseSchema, res.json)).toEqual([]);
      } else {
        expect(res.status).toBe(op.successStatus);
      }
    } finally {
      s.setMutations([]);
    }
  });

  it('a mutation scoped to one operation leaves the others keeping their contract', async () => {
    const detail = await prepareHappyRequest(s, 'getCall');
    s.setMutations(['drop-required-field:listCallEvents', 'auth-ignored:listCallEvents']);
    const res = await s.call('GET', detail.path);
    const unauth = await s.call('GET', detail.path, { auth: null });
    s.setMutations([]);
    expect(registry.issues('CallDetail', res.json)).toEqual([]);
    expect(unauth.status).toBe(401);
  });

  it('an unscoped mutation applies to every operation it can', async () => {
    s.setMutations(['wrong-success-status']);
    const list = await s.call('GET', `/v1/agents/${s.agentIds[0]}/calls`);
    s.setMutations([]);
    expect(list.status).toBe(202);
  });

  it('refuses an unknown mutation, an unknown operation, and a mutation that cannot apply', () => {
    expect(() => s.setMutations(['nope'])).toThrow(/Unknown mutation "nope"/);
    expect(() => s.setMutations(['wrong-type:deleteCall'])).toThrow(/unknown operation "deleteCall"/);
    expect(() => s.setMutations(['enum-violation:getCallRecording'])).toThrow(/cannot apply to getCallRecording/);
  });
});
