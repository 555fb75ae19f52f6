// The built-in engine's request timings as k6 splits them (http_req_blocked, _connecting,
// _sending, _waiting, _receiving) and the version it reports, against raw loopback servers that
// decide when each byte of the answer goes out.
import { describe, expect, it } from 'vitest';
import { writeInParts } from '../helpers/raw-http-server.ts';
import { sleep, useTransportClient } from '../helpers/transport-client.ts';

const { serve, send } = useTransportClient();

describe('timings of a request', () => {
  it('connecting is the request that opened its connection; the next one on it connects in no time', async () => {
    const s = await serve((_req, socket) => void socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'));
    const first = await send('GET', `${s.url}/a`);
    const second = await send('GET', `${s.url}/b`);
    expect(s.counts.connections).toBe(1);
    expect(first.timings.connecting).toBeGreaterThan(0);
    expect(second.timings.connecting).toBe(0);
    expect([first.timings.tls_handshaking, second.timings.tls_handshaking]).toEqual([0, 0]);
    for (const t of [first.timings, second.timings]) {
      expect(t.blocked).toBeGreaterThanOrEqual(0);
      expect(t.duration).toBeCloseTo(t.sending + t.waiting + t.receiving, 6);
    }
  });

  it('waiting ends at the first byte of the answer, and receiving is the rest of it', async () => {
    const s = await serve((_req, socket) => {
      void (async () => {
        await sleep(150);
        await writeInParts(socket, ['HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello', 'world'], 200);
      })();
    });
    const res = await send('GET', `${s.url}/slow`);
    expect(res.body).toBe('helloworld');
    // The head came 150 ms after the request, the last bytes 200 ms after it.
    expect(res.timings.waiting).toBeGreaterThanOrEqual(140);
    expect(res.timings.waiting).toBeLessThan(300);
    expect(res.timings.receiving).toBeGreaterThanOrEqual(190);
    expect(res.timings.duration).toBeGreaterThanOrEqual(330);
  });

  it('proto is the version the answer was sent in, as Go\'s Response.Proto', async () => {
    const s = await serve((req, socket) => {
      if (req.path === '/old') socket.end('HTTP/1.0 200 OK\r\n\r\nold');
      else socket.write('HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nnew');
    });
    const old = await send('GET', `${s.url}/old`);
    const current = await send('GET', `${s.url}/new`);
    expect([old.proto, old.body]).toEqual(['HTTP/1.0', 'old']);
    expect([current.proto, current.body]).toEqual(['HTTP/1.1', 'new']);
  });
});
