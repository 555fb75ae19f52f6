// The wall clock stepped (NTP) while a run goes on: waits and rates measured on the monotonic clock
// are not corrupted. Only Date is faked (performance.now and the timers stay real), against the
// reference server on a real socket.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../../contract/api-client.ts';
import type { ContractContext } from '../../contract/context.ts';
import { Credentials } from '../../contract/credentials.ts';
import { waitForTransfer } from '../../contract/transfers.ts';
import { operation, startTestServer, type TestServer } from '../helpers/reference-server.ts';

const HOUR_MS = 3_600_000;
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ transferStepMs: 150 });
});
afterAll(async () => {
  await s.close();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Steps the wall clock by `ms` after `afterMs` of real time. */
function stepClockLater(ms: number, afterMs: number): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(() => {
      vi.setSystemTime(Date.now() + ms);
      resolve();
    }, afterMs);
  });
}

describe('a wall clock that jumps', () => {
  it('stepped back an hour, the rate limiter still refills: the reference server does not answer 429 for an hour', async () => {
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    // One token a second: the three calls meet an empty bucket unless a second passes between
    // them (at 20 a second, 50 ms on a busy machine refilled it and the third got 200).
    s.setFaults({ rateLimit: { perSecond: 1, burst: 2 } });
    try {
      const path = `/v1/agents/${s.agentIds[0]}/calls?limit=1`;
      expect([(await s.call('GET', path)).status, (await s.call('GET', path)).status, (await s.call('GET', path)).status]).toEqual([200, 200, 429]);
      // Stepped back, then a token's worth of real time: the bucket has refilled.
      await stepClockLater(-HOUR_MS, 1100);
      const after = await s.call('GET', path);
      expect(after.status, `Retry-After: ${after.headers.get('retry-after')}`).toBe(200);
    } finally {
      s.setFaults({});
    }
  });

  it('stepped forward an hour, a contract wait for bridging keeps waiting instead of giving up at once (a false skip)', async () => {
    const [callId] = await s.liveCallIds();
    const started = await s.call('POST', `/v1/calls/${callId}/transfers/warm`, { body: { destinations: [{ to: '+12015550100' }] } });
    expect(started.status).toBe(201);
    const transferId = (started.json as { id: string }).id;
    const ctx = { client: new ApiClient(s.url, new Credentials(s.key), 5000), bridgeTimeoutMs: 5000, operation } as unknown as ContractContext;
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    const [status] = await Promise.all([waitForTransfer(ctx, callId as string, transferId, 'bridging'), stepClockLater(HOUR_MS, 40)]);
    expect(status).toBe('bridging');
  });
});
