// Reports and recordings: finalize produces or refreshes the report; recordings wait for the end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry, startTestServer, type TestServer } from '../helpers/reference-server.ts';

let s: TestServer;
beforeAll(async () => { s = await startTestServer(); });
afterAll(async () => { await s.close(); });

describe('report', () => {
  it('a live call has none until finalize produces a heuristic one', async () => {
    const call = (await s.liveCallIds())[0] as string;
    const before = await s.call('GET', `/v1/calls/${call}/report`);
    expect(before.status).toBe(404);
    expect(before.json).toMatchObject({ code: 'REPORT_NOT_AVAILABLE' });

    const fin = await s.call('POST', `/v1/calls/${call}/report/finalize`);
    expect(fin.status).toBe(200);
    expect(registry.issues('FinalizeCallReportResponse', fin.json)).toEqual([]);

    const after = await s.call('GET', `/v1/calls/${call}/report`);
    expect(after.status).toBe(200);
    expect(after.json).toMatchObject({ analysis_status: 'heuristic', session_id: call });
    expect(((await s.call('GET', `/v1/calls/${call}`)).json as { report: unknown }).report).toMatchObject({ analysis_status: 'heuristic' });
  });

  it('finalize with forceAnalysis completes it, and retryWebhook counts another delivery', async () => {
    const call = (await s.liveCallIds())[1] as string;
    await s.call('POST', `/v1/calls/${call}/report/finalize`);
    const again = await s.call('POST', `/v1/calls/${call}/report/finalize`, { body: { forceAnalysis: true, retryWebhook: true } });
    expect(again.json).toMatchObject({ webhook: { attempts: 2, status: 'delivered' } });
    expect((await s.call('GET', `/v1/calls/${call}/report`)).json).toMatchObject({ analysis_status: 'completed' });
  });
});

describe('recording', () => {
  it('is 404 RECORDING_NOT_AVAILABLE while the call lasts, a signed URL once stored', async () => {
    const live = (await s.liveCallIds())[0] as string;
    const res = await s.call('GET', `/v1/calls/${live}/recording`);
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ code: 'RECORDING_NOT_AVAILABLE' });

    const rows = ((await s.call('GET', `/v1/agents/${s.agentIds[0]}/calls?limit=100`)).json as { calls: { id: string; recording_status: string }[] }).calls;
    const stored = rows.find((r) => r.recording_status === 'available')?.id as string;
    const ok = await s.call('GET', `/v1/calls/${stored}/recording`);
    expect(ok.status).toBe(200);
    expect((ok.json as { url: string }).url).toMatch(/^https:\/\/.+\?Expires=\d+&Signature=[0-9a-f]{64}$/);
    // Seed 1 has ended calls whose recording is still being stored.
    const processing = rows.find((r) => r.recording_status === 'processing')?.id as string;
    expect(processing).toBeDefined();
    expect((await s.call('GET', `/v1/calls/${processing}/recording`)).status).toBe(404);
  });
});
