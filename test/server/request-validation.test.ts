// Invalid request bodies get 400 VALIDATION_ERROR with issues naming the path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/reference-server.ts';

let s: TestServer;
let call: string;
beforeAll(async () => {
  s = await startTestServer();
  call = (await s.liveCallIds())[0] as string;
});
afterAll(async () => { await s.close(); });

const CASES: [string, string, unknown, string][] = [
  ['warm with a non-E.164 to', 'warm', { to: '5551234' }, '/to'],
  ['warm with neither to nor destinations', 'warm', { summary: 'x' }, '/'],
  ['warm with eleven destinations', 'warm', { destinations: Array.from({ length: 11 }, () => ({ to: '+12015550100' })) }, '/destinations'],
  ['warm with ringingTimeout 0', 'warm', { to: '+12015550100', ringingTimeout: 0 }, '/ringingTimeout'],
  ['warm with an unknown fallback strategy', 'warm', { to: '+12015550100', fallback: { strategy: 'hang_up' } }, '/fallback/strategy'],
  ['blind without to', 'blind', { playDialtone: true }, '/'],
  ['blind with a non-string header', 'blind', { to: '+12015550100', headers: { 'X-A': 1 } }, '/headers/X-A'],
];

describe('request bodies', () => {
  it.each(CASES)('%s', async (_name, kind, body, path) => {
    const res = await s.call('POST', `/v1/calls/${call}/transfers/${kind}`, { body });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: 'VALIDATION_ERROR' });
    expect((res.json as { issues: { path: string }[] }).issues.map((i) => i.path)).toContain(path);
  });

  it('rejects a missing required body, broken JSON, and a non-JSON content type', async () => {
    for (const [opts, message] of [
      [{}, 'request body is required'],
      [{ raw: '{"to":' }, 'body is not valid JSON'],
      [{ raw: 'to=+12015550100', contentType: 'application/x-www-form-urlencoded' }, 'content type must be application/json'],
    ] as const) {
      const res = await s.call('POST', `/v1/calls/${call}/transfers/blind`, opts);
      expect(res.status).toBe(400);
      expect((res.json as { issues: { message: string }[] }).issues[0]?.message).toContain(message);
    }
  });

  it('accepts an absent optional body and rejects a wrong-typed one', async () => {
    expect((await s.call('POST', `/v1/calls/${call}/report/finalize`)).status).toBe(200);
    expect((await s.call('POST', `/v1/calls/${call}/report/finalize`, { body: { forceAnalysis: 'yes' } })).status).toBe(400);
  });
});
