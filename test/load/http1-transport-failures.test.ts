// The built-in engine's own HTTP/1.1 client against raw loopback servers, where it must fail as
// k6 v0.48 (Go net/http) fails: answers cut short or malformed, requests refused before they are
// sent, timeouts, a certificate that does not verify. The framing cases: http1-transport.test.ts.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeInParts } from '../helpers/raw-http-server.ts';
import { sleep, until, useTransportClient } from '../helpers/transport-client.ts';

const { serve, send } = useTransportClient();

describe('broken answers', () => {
  it('an answer cut short mid-body: status 0 and error_code 1220', async () => {
    const s = await serve((_req, socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf');
      setTimeout(() => socket.end(), 20);
    });
    const res = await send('GET', `${s.url}/cut`);
    expect([res.status, res.error_code, res.body]).toEqual([0, 1220, '']);
  });

  it('a chunked answer cut short before its last chunk: status 0 and error_code 1220', async () => {
    const s = await serve((_req, socket) => {
      socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n');
      setTimeout(() => socket.end(), 20);
    });
    const res = await send('GET', `${s.url}/cut`);
    expect([res.status, res.error_code]).toEqual([0, 1220]);
  });

  it('a malformed status line: error_code 1000, and the message says malformed', async () => {
    const s = await serve((_req, socket) => void socket.write('HTTP/1.1 OK\r\nContent-Length: 0\r\n\r\n'));
    const res = await send('GET', `${s.url}/bad`);
    expect([res.status, res.error_code]).toEqual([0, 1000]);
    expect(res.error).toMatch(/malformed/);
  });

  it('conflicting Content-Length values: error_code 1000; the same value twice is one length, as Go keeps it', async () => {
    const s = await serve((req, socket) => {
      const second = req.path === '/conflict' ? 6 : 5;
      socket.write(`HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: ${second}\r\n\r\nfive!`);
    });
    const conflict = await send('GET', `${s.url}/conflict`);
    expect([conflict.status, conflict.error_code]).toEqual([0, 1000]);
    expect(conflict.error).toMatch(/Content-Length/);
    const same = await send('GET', `${s.url}/same`);
    expect([same.status, same.error_code, same.body, same.headers['Content-Length']]).toEqual([200, 0, 'five!', '5']);
  });

  it('an invalid chunk size: error_code 1000', async () => {
    const s = await serve((_req, socket) => void socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n'));
    const res = await send('GET', `${s.url}/bad-chunk`);
    expect([res.status, res.error_code]).toEqual([0, 1000]);
    expect(res.error).toMatch(/chunk size/);
  });

  it('a chunk line past 4096 bytes (Go\'s limit) is refused with error_code 1000, whole or without its end', async () => {
    const long = `1;${'x'.repeat(5000)}`;
    const s = await serve((req, socket) => {
      const line = req.path === '/whole' ? `${long}\r\na\r\n0\r\n\r\n` : long;
      void writeInParts(socket, ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n', line.slice(0, 2000), line.slice(2000)]);
    });
    for (const path of ['/whole', '/endless']) {
      const res = await send('GET', `${s.url}${path}`, { timeoutMs: 2000 });
      expect([path, res.status, res.error_code]).toEqual([path, 0, 1000]);
      expect(res.error).toMatch(/chunk line longer than 4096 bytes/);
    }
  });

  it('a head and chunk lines that arrive a few bytes at a time are read whole, the body intact', async () => {
    const answer = 'HTTP/1.1 200 OK\r\nX-Slow: yes\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n3;e=1\r\nefg\r\n10\r\nhijklmnopqrstuvw\r\n0\r\nT: 1\r\n\r\n';
    const s = await serve((_req, socket) => void writeInParts(socket, answer.match(/[\s\S]{1,3}/g) ?? [], 1));
    const first = await send('GET', `${s.url}/slow`);
    const second = await send('GET', `${s.url}/slow`);
    for (const res of [first, second]) expect([res.status, res.error_code, res.headers['X-Slow'], res.body]).toEqual([200, 0, 'yes', 'abcdefghijklmnopqrstuvw']);
    expect(s.counts.connections).toBe(1);
  });

  it('response headers past the limit (10 MiB, as Go) are refused with error_code 1000', async () => {
    const filler = Buffer.alloc(1024 * 1024, 'a');
    const s = await serve(async (_req, socket) => {
      socket.write('HTTP/1.1 200 OK\r\nX-Big: ');
      // 11 MiB of one header value, no end of the head in sight.
      for (let i = 0; i < 11 && !socket.destroyed; i++) {
        if (!socket.write(filler)) await new Promise((resolve) => socket.once('drain', resolve));
      }
    });
    const res = await send('GET', `${s.url}/huge-head`, { timeoutMs: 20_000 });
    expect([res.status, res.error_code]).toEqual([0, 1000]);
    expect(res.error).toMatch(/headers larger than/);
  });
});

describe('headers', () => {
  it('a request header value with CR LF is refused before anything is sent: error_code 1000', async () => {
    const s = await serve((_req, socket) => void socket.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'));
    const res = await send('GET', `${s.url}/inject`, { headers: { 'X-Evil': 'a\r\nX-Injected: 1' } });
    expect([res.status, res.error_code]).toEqual([0, 1000]);
    expect(res.error).toMatch(/invalid header "x-evil"/);
    await sleep(50);
    expect([s.counts.connections, s.requests.length]).toEqual([0, 0]);
    // The client still works afterwards, and what it sends is clean.
    expect((await send('GET', `${s.url}/clean`)).status).toBe(200);
    expect(s.requests.map((r) => r.headers['x-injected'])).toEqual([undefined]);
  });

  it('an invalid method is refused before anything is sent: error_code 1000', async () => {
    const s = await serve((_req, socket) => void socket.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'));
    const res = await send('GET /x HTTP/1.1\r\n', `${s.url}/m`);
    expect([res.status, res.error_code]).toEqual([0, 1000]);
    await sleep(50);
    expect(s.counts.connections).toBe(0);
  });

  it('a response header sent twice is joined with ", " under its canonical name; an obs-fold line continues it', async () => {
    const s = await serve((_req, socket) => void socket.write('HTTP/1.1 200 OK\r\nx-multi: a\r\nX-MULTI: b\r\ncontent-type: text/plain\r\nX-Folded: one\r\n  two\r\nContent-Length: 0\r\n\r\n'));
    const res = await send('GET', `${s.url}/h`);
    expect(res.headers['X-Multi']).toBe('a, b');
    expect(res.headers['x-multi']).toBeUndefined();
    expect(res.headers['Content-Type']).toBe('text/plain');
    expect(res.headers['X-Folded']).toBe('one two');
  });
});

describe('timeouts and TLS', () => {
  it('an answer that never comes fails at the timeout with 1050, and the socket is closed', async () => {
    const s = await serve(() => undefined);
    const t0 = performance.now();
    const res = await send('GET', `${s.url}/never`, { timeoutMs: 300 });
    const elapsed = performance.now() - t0;
    expect([res.status, res.error_code, res.error]).toEqual([0, 1050, 'request timeout']);
    // Not before the timeout (a bound the test can check on any machine; its upper side is the test's own timeout).
    expect(elapsed).toBeGreaterThanOrEqual(290);
    await until(() => s.counts.closed === 1);
  });

  it('a body that stops coming fails at the timeout with 1050; the next request dials a new connection', async () => {
    const s = await serve((req, socket) => {
      if (req.connection === 0) socket.write('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf');
      else socket.write('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nwhole');
    });
    const stalled = await send('GET', `${s.url}/stall`, { timeoutMs: 300 });
    expect([stalled.status, stalled.error_code, stalled.body]).toEqual([0, 1050, '']);
    await until(() => s.counts.closed === 1);
    const next = await send('GET', `${s.url}/next`);
    expect([next.status, next.body, s.counts.connections]).toEqual([200, 'whole', 2]);
  });

  it('a self-signed certificate fails verification: error_code 1300, as k6 without insecureSkipTLSVerify', async (ctx) => {
    const dir = mkdtempSync(join(tmpdir(), 'calls-harness-tls-'));
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    } catch {
      ctx.skip();
      return;
    }
    let answered = 0;
    const https: HttpsServer = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_req, res) => {
      answered++;
      res.end('secret');
    });
    await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = https.address() as AddressInfo;
      const res = await send('GET', `https://127.0.0.1:${port}/`);
      expect([res.status, res.error_code, res.body]).toEqual([0, 1300, '']);
      expect(res.error).toMatch(/^tls: /);
      expect(answered).toBe(0);
    } finally {
      https.closeAllConnections();
      await new Promise((resolve) => https.close(resolve));
    }
  });
});
