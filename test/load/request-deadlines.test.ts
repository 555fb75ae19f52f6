// Request timeouts kept one timer per timeout value (load/engine/deadlines.ts): each request still
// fails at its own time with k6's 1050, an answered one never does, and once no request waits no
// timer is left to keep the process alive.
import { describe, expect, it } from 'vitest';
import { sleep, useTransportClient } from '../helpers/transport-client.ts';

const { serve, send } = useTransportClient();

const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('request deadlines', () => {
  it('requests with one timeout fail in the order sent, each at its own time; one answered in between does not', async () => {
    const s = await serve((req, socket) => {
      if (req.path === '/answered') setTimeout(() => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'), 50);
    });
    const t0 = performance.now();
    const at = (p: Promise<{ error_code: number }>) => p.then((r) => ({ code: r.error_code, ms: performance.now() - t0 }));
    const first = at(send('GET', `${s.url}/never-1`, { timeoutMs: 300 }));
    await sleep(100);
    const answered = at(send('GET', `${s.url}/answered`, { timeoutMs: 300 }));
    await sleep(100);
    const third = at(send('GET', `${s.url}/never-2`, { timeoutMs: 300 }));
    const [a, b, c] = await Promise.all([first, answered, third]);
    expect([a.code, b.code, c.code]).toEqual([1050, 0, 1050]);
    expect(a.ms).toBeGreaterThanOrEqual(295);
    expect(a.ms).toBeLessThan(450);
    expect(b.ms).toBeLessThan(300);
    // Sent 200 ms after the first: expires 200 ms after it, not with it.
    expect(c.ms - a.ms).toBeGreaterThanOrEqual(150);
  });

  it('different timeouts each hold to their own, and no timer is left once nothing waits', async () => {
    const s = await serve(() => undefined);
    const before = timers();
    const t0 = performance.now();
    const long = send('GET', `${s.url}/long`, { timeoutMs: 400 }).then((r) => ({ code: r.error_code, ms: performance.now() - t0 }));
    const short = send('GET', `${s.url}/short`, { timeoutMs: 150 }).then((r) => ({ code: r.error_code, ms: performance.now() - t0 }));
    expect(timers()).toBeGreaterThanOrEqual(before + 2);
    const [l, sh] = await Promise.all([long, short]);
    expect([l.code, sh.code]).toEqual([1050, 1050]);
    expect(sh.ms).toBeGreaterThanOrEqual(145);
    expect(sh.ms).toBeLessThan(350);
    expect(l.ms).toBeGreaterThanOrEqual(395);
    // Both queues' timers were armed while the requests waited; none is left (a timer from an earlier test may have ended since).
    expect(timers()).toBeLessThanOrEqual(before);
  });
});
