// When the engine's HTTP/1.1 connections end: the engine closing them under a request (the run
// ended), the server asking in any of its Connection fields, and a 101 that hands the connection
// to another protocol. Raw loopback servers write the exact bytes.
import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../../load/engine/http-client.ts';
import { startRawServer, type RawServer } from '../helpers/raw-http-server.ts';
import { sleep, until, useTransportClient } from '../helpers/transport-client.ts';

const { serve, send } = useTransportClient();

let own: RawServer | null = null;
afterEach(async () => {
  await own?.close();
  own = null;
});

describe('connection lifecycle', () => {
  it('closing the client under a request fails it: a body read until close is not a short success, and a GET is not sent again', async () => {
    own = await startRawServer((req, socket) => {
      // HTTP/1.0, no length: the body ends when the connection does. The second request gets a keep-alive answer, then nothing.
      if (req.path === '/first') socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
      else socket.write('HTTP/1.0 200 OK\r\n\r\npartial');
    });
    const client = new HttpClient();
    const get = (path: string) => client.request('GET', `${own?.url}${path}`, null, {}, 5000, null, null, (o) => o.response);
    expect((await get('/first')).status).toBe(200);
    const pending = get('/until-close');
    await until(() => own?.requests.length === 2);
    await sleep(50);
    await client.close();
    const res = await pending;
    expect(res.status).toBe(0);
    expect(res.error_code).toBe(1000);
    expect(res.error).toContain('the engine closed the connection');
    await sleep(100);
    // One connection, never a new one for a resend.
    expect(own.counts.connections).toBe(1);
  });

  it('any Connection field saying close closes the connection after the answer, however many fields there are', async () => {
    const s = await serve((_req, socket) => void socket.write('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok'));
    expect((await send('GET', `${s.url}/a`)).status).toBe(200);
    expect((await send('GET', `${s.url}/b`)).status).toBe(200);
    expect(s.counts.connections).toBe(2);
    expect(s.requests.map((r) => r.connection)).toEqual([0, 1]);
  });

  it('a token of a Connection list counts as a token, not as a substring (x-close keeps the connection alive)', async () => {
    const s = await serve((_req, socket) => void socket.write('HTTP/1.1 200 OK\r\nConnection: x-close, keep-alive\r\nContent-Length: 2\r\n\r\nok'));
    await send('GET', `${s.url}/a`);
    await send('GET', `${s.url}/b`);
    expect(s.counts.connections).toBe(1);
  });

  it('a connection that answered 101 is not used again', async () => {
    const s = await serve((req, socket) => {
      if (req.path === '/upgrade') socket.write('HTTP/1.1 101 Switching Protocols\r\nConnection: upgrade\r\nUpgrade: other\r\n\r\n');
      else socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    });
    expect((await send('GET', `${s.url}/upgrade`)).status).toBe(101);
    expect((await send('GET', `${s.url}/after`)).status).toBe(200);
    expect(s.requests.map((r) => [r.path, r.connection])).toEqual([['/upgrade', 0], ['/after', 1]]);
  });
});
