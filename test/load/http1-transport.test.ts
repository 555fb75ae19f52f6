// The built-in engine's own HTTP/1.1 client (http1-connection.ts, http-client.ts) against raw
// loopback servers that write exact bytes: each framing case of RFC 9112 is precise, and what a
// k6 script can observe (status, body, headers, error_code) is what k6 v0.48 (Go net/http) shows.
// Answers that break the rules, refused requests, timeouts and TLS: http1-transport-failures.test.ts.
import { describe, expect, it } from 'vitest';
import { Http1Connection, type ConnectionHome } from '../../load/engine/http1-connection.ts';
import { writeInParts, type RawHandler } from '../helpers/raw-http-server.ts';
import { sleep, until, useTransportClient } from '../helpers/transport-client.ts';

const { serve, send } = useTransportClient();

describe('framing of answers', () => {
  it('a Content-Length body split across TCP writes is read whole, and the next request reuses the connection', async () => {
    const s = await serve((req, socket) => {
      if (req.index === 0) void writeInParts(socket, ['HTTP/1.1 200 OK\r\nContent-Le', 'ngth: 11\r\nX-A: 1\r\n', '\r\nhel', 'lo wo', 'rld']);
      else socket.write('HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecond');
    });
    const first = await send('GET', `${s.url}/one`);
    expect([first.status, first.error_code, first.body, first.headers['X-A']]).toEqual([200, 0, 'hello world', '1']);
    const second = await send('GET', `${s.url}/two`);
    expect([second.status, second.body]).toEqual([200, 'second']);
    expect(s.counts.connections).toBe(1);
    expect(s.requests.map((r) => [r.path, r.connection, r.index])).toEqual([['/one', 0, 0], ['/two', 0, 1]]);
  });

  it('the request head as Go writes it: Host, a byte length for a body, a zero one for a POST without, none for a GET', async () => {
    const s = await serve((_req, socket) => void socket.write('HTTP/1.1 204 No Content\r\n\r\n'));
    await send('POST', `${s.url}/calls?x=1`, { body: 'h\u00e9llo \u{1F600}', headers: { 'Content-Type': 'text/plain' } });
    await send('POST', `${s.url}/empty`);
    await send('GET', `${s.url}/get`);
    const [withBody, empty, get] = s.requests;
    const { port } = new URL(s.url);
    expect([withBody?.path, withBody?.headers.host, withBody?.headers['content-length'], withBody?.headers['content-type'], withBody?.body]).toEqual(['/calls?x=1', `127.0.0.1:${port}`, '11', 'text/plain', 'h\u00e9llo \u{1F600}']);
    expect([empty?.headers['content-length'], empty?.body]).toEqual(['0', '']);
    expect([get?.method, get?.headers['content-length']]).toEqual(['GET', undefined]);
    expect(s.counts.connections).toBe(1);
  });

  it('a chunked body (extensions, splits inside a size line and a CRLF, trailers) is the concatenation of its chunks', async () => {
    const s = await serve((req, socket) => {
      if (req.index === 0) {
        void writeInParts(socket, [
          'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;foo=bar\r\nhel', 'lo\r', '\n', '6', '\r\n world\r\n1', 'A; ext="x y"\r\n',
          'abcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Trail', 'er: t\r\n', '\r\n',
        ]);
      } else {
        socket.write('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext');
      }
    });
    const res = await send('GET', `${s.url}/chunked`);
    expect([res.status, res.error_code, res.body]).toEqual([200, 0, 'hello worldabcdefghijklmnopqrstuvwxyz']);
    // The trailers and the last blank line were consumed exactly: the next answer on the connection is read as its own.
    const next = await send('GET', `${s.url}/next`);
    expect([next.status, next.body, s.counts.connections]).toEqual([200, 'next', 1]);
    // Trailers are not headers (Go keeps them in Response.Trailer, which k6 does not show).
    expect(res.headers['X-Trailer']).toBeUndefined();
  });

  it('Transfer-Encoding: chunked overrides a Content-Length, and neither shows in headers, as Go removes them', async () => {
    const s = await serve((_req, socket) => void socket.write('HTTP/1.1 200 OK\r\nContent-Length: 999\r\nTransfer-Encoding: chunked\r\nX-Kept: 1\r\n\r\n3\r\nabc\r\n0\r\n\r\n'));
    const res = await send('GET', `${s.url}/te`);
    expect([res.status, res.error_code, res.body]).toEqual([200, 0, 'abc']);
    expect(res.headers).toEqual({ 'X-Kept': '1' });
  });

  it('a transfer coding other than chunked alone is refused with error_code 1000, as Go refuses it', async () => {
    const s = await serve((_req, socket) => void socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n'));
    const res = await send('GET', `${s.url}/te`);
    expect([res.status, res.error_code]).toEqual([0, 1000]);
    expect(res.error).toMatch(/unsupported transfer encoding/);
  });

  it('100 Continue and 103 Early Hints before the answer: the response is the final one', async () => {
    const s = await serve((_req, socket) => {
      void writeInParts(socket, ['HTTP/1.1 100 Continue\r\n\r\n', 'HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n', 'HTTP/1.1 201 Created\r\nX-Final: yes\r\nContent-Length: 2\r\n\r\nok']);
    });
    const res = await send('POST', `${s.url}/calls`, { body: '{}' });
    expect([res.status, res.status_text, res.body, res.headers['X-Final'], res.headers.Link]).toEqual([201, '201 Created', 'ok', 'yes', undefined]);
  });

  it('status_text is the status as Go reads it, code and reason ("200 OK"), or the code alone without a reason', async () => {
    const s = await serve((req, socket) => void socket.write(req.index === 0 ? 'HTTP/1.1 418 I\'m a teapot\r\nContent-Length: 0\r\n\r\n' : 'HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n'));
    const teapot = await send('GET', `${s.url}/a`);
    const bare = await send('GET', `${s.url}/b`);
    expect([teapot.status, teapot.status_text, bare.status, bare.status_text]).toEqual([418, "418 I'm a teapot", 200, '200']);
  });

  it('five 1xx answers are skipped, a sixth fails the request with error_code 1000, as Go stops at five', async () => {
    const s = await serve((req, socket) => {
      const count = req.path === '/five' ? 5 : 6;
      socket.write(`${'HTTP/1.1 100 Continue\r\n\r\n'.repeat(count)}HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok`);
    });
    const five = await send('GET', `${s.url}/five`);
    expect([five.status, five.body]).toEqual([200, 'ok']);
    const six = await send('GET', `${s.url}/six`);
    expect([six.status, six.error_code]).toEqual([0, 1000]);
    expect(six.error).toMatch(/too many 1xx/);
  });

  it('HEAD with a Content-Length (even past the body limit) has no body, and the connection is reused', async () => {
    const s = await serve((req, socket) => {
      if (req.method === 'HEAD') socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${20 * 1024 * 1024}\r\n\r\n`);
      else socket.write('HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nget');
    });
    const head = await send('HEAD', `${s.url}/big`);
    expect([head.status, head.error_code, head.error, head.body, head.headers['Content-Length']]).toEqual([200, 0, '', '', String(20 * 1024 * 1024)]);
    const get = await send('GET', `${s.url}/small`);
    expect([get.status, get.body, s.counts.connections]).toEqual([200, 'get', 1]);
  });

  it('204 and 304 answers have no body (whatever their Content-Length), and the connection goes on', async () => {
    const answers = [
      'HTTP/1.1 204 No Content\r\n\r\n',
      'HTTP/1.1 304 Not Modified\r\nContent-Length: 100\r\nETag: "v1"\r\n\r\n',
      'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nafter',
    ];
    const s = await serve((req, socket) => void socket.write(answers[req.index] as string));
    const noContent = await send('DELETE', `${s.url}/a`);
    const notModified = await send('GET', `${s.url}/b`);
    const after = await send('GET', `${s.url}/c`);
    expect([noContent.status, noContent.body, noContent.error_code]).toEqual([204, '', 0]);
    expect([notModified.status, notModified.body, notModified.headers.Etag, notModified.error_code]).toEqual([304, '', '"v1"', 0]);
    expect([after.status, after.body]).toEqual([200, 'after']);
    expect(s.counts.connections).toBe(1);
  });

  it('an HTTP/1.0 answer without Content-Length is read until the server closes, and the next request dials again', async () => {
    const s = await serve(async (req, socket) => {
      await writeInParts(socket, ['HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil ', 'the ', `close ${req.connection}`]);
      socket.end();
    });
    const first = await send('GET', `${s.url}/a`);
    expect([first.status, first.error_code, first.body]).toEqual([200, 0, 'until the close 0']);
    const second = await send('GET', `${s.url}/b`);
    expect([second.status, second.body, s.counts.connections]).toEqual([200, 'until the close 1', 2]);
  });

  it('an HTTP/1.0 answer with Connection: keep-alive and a length keeps its connection, as Go does', async () => {
    const s = await serve((req, socket) => void socket.write(`HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\n${req.index}`));
    const bodies = [(await send('GET', `${s.url}/a`)).body, (await send('GET', `${s.url}/b`)).body];
    expect([bodies, s.counts.connections]).toEqual([['0', '1'], 1]);
  });

  it('bytes past the end of an answer: the answer stands, and that connection is not used again', async () => {
    const s = await serve((req, socket) => void socket.write(req.connection === 0 ? 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokSTRAY' : 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfresh'));
    const first = await send('GET', `${s.url}/a`);
    expect([first.status, first.body]).toEqual([200, 'ok']);
    await until(() => s.counts.closed === 1);
    const second = await send('GET', `${s.url}/b`);
    expect([second.status, second.body, s.requests.map((r) => r.connection)]).toEqual([200, 'fresh', [0, 1]]);
  });

  it('a Connection: close answer: the engine closes that connection and the next request opens a new one', async () => {
    const s = await serve((req, socket) => void socket.write(`HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\n${req.connection}`));
    const first = await send('GET', `${s.url}/a`);
    expect([first.status, first.body]).toEqual([200, '0']);
    // The server never closes: the client did.
    await until(() => s.counts.closed === 1);
    const second = await send('GET', `${s.url}/b`);
    expect([second.status, second.body, s.counts.connections]).toEqual([200, '1', 2]);
  });

  it('requests in flight together each get a connection; later ones reuse those, the most recent first', async () => {
    const s = await serve((req, socket) => {
      // The first connection answers last (40 ms apart): it is the most recently used one.
      setTimeout(() => socket.write(`HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n${req.connection}`), req.path === '/slow' ? (3 - req.connection) * 40 : 0);
    });
    const together = await Promise.all([send('GET', `${s.url}/slow`), send('GET', `${s.url}/slow`), send('GET', `${s.url}/slow`)]);
    expect(together.map((r) => r.body).sort()).toEqual(['0', '1', '2']);
    const after = [await send('GET', `${s.url}/a`), await send('GET', `${s.url}/b`)];
    // The connection that answered last is reused, and it stays the one on top.
    expect([after.map((r) => r.body), s.counts.connections]).toEqual([['0', '0'], 3]);
  });

  it('a connection that closes after its answer is forgotten by its pool, not only closed', async () => {
    const s = await serve((_req, socket) => void socket.write('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok'));
    const { port } = new URL(s.url);
    const home = { given: 0, forgotten: 0 };
    const pool: ConnectionHome = { give: () => { home.given++; }, forget: () => { home.forgotten++; } };
    const connection = new Http1Connection({ protocol: 'http:', hostname: '127.0.0.1', port: Number(port), host: `127.0.0.1:${port}` }, pool, 1024);
    const ended = new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      connection.send('GET', `GET / HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\n\r\n`, '', {
        onStart: () => undefined,
        onHead: () => undefined,
        onBody: (chunk) => { chunks.push(chunk); return undefined; },
        onEnd: () => resolve(Buffer.concat(chunks).toString()),
        onError: reject,
      });
    });
    expect(await ended).toBe('ok');
    await until(() => s.counts.closed === 1);
    await sleep(20);
    // Forgotten once: a pool that kept it would hold every connection of an HTTP/1.0 target until the run ends.
    expect([connection.closed, home.given, home.forgotten]).toEqual([true, 0, 1]);
  });
});

describe('reused connections the server closed', () => {
  it('closed while idle: the next GET is sent on a new connection and succeeds', async () => {
    const s = await serve((req, socket) => {
      socket.write(`HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\n${req.connection}`);
      setTimeout(() => socket.end(), 10);
    });
    expect((await send('GET', `${s.url}/a`)).body).toBe('0');
    await until(() => s.counts.closed === 1);
    const second = await send('GET', `${s.url}/b`);
    expect([second.status, second.error_code, second.body, s.counts.connections]).toEqual([200, 0, '1', 2]);
  });

  /** Answers the first request of each connection keep-alive, and closes a connection on its second request unanswered (a keep-alive timeout racing the request). */
  const closeOnReuse: RawHandler = (req, socket) => {
    if (req.index > 0) socket.destroy();
    else socket.write(`HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\n${req.connection}`);
  };

  it('a GET on a reused connection closed before any answer byte is sent again once, on a new connection', async () => {
    const s = await serve(closeOnReuse);
    await send('GET', `${s.url}/warm`);
    const res = await send('GET', `${s.url}/again`);
    expect([res.status, res.error_code, res.body]).toEqual([200, 0, '1']);
    expect(s.requests.map((r) => [r.path, r.connection])).toEqual([['/warm', 0], ['/again', 0], ['/again', 1]]);
  });

  it('a POST without an idempotency key is not sent again: it fails with 1220', async () => {
    const s = await serve(closeOnReuse);
    await send('GET', `${s.url}/warm`);
    const res = await send('POST', `${s.url}/calls`, { body: '{"a":1}' });
    expect([res.status, res.error_code, res.error]).toEqual([0, 1220, 'read: connection reset by peer']);
    expect(s.requests.filter((r) => r.method === 'POST').length).toBe(1);
  });

  it('a POST with an Idempotency-Key is sent again, once, with its body', async () => {
    const s = await serve(closeOnReuse);
    await send('GET', `${s.url}/warm`);
    const res = await send('POST', `${s.url}/calls`, { body: '{"a":1}', headers: { 'Idempotency-Key': 'k-1' } });
    expect([res.status, res.error_code, res.body]).toEqual([200, 0, '1']);
    const posts = s.requests.filter((r) => r.method === 'POST');
    expect(posts.map((r) => [r.connection, r.body, r.headers['idempotency-key']])).toEqual([[0, '{"a":1}', 'k-1'], [1, '{"a":1}', 'k-1']]);
  });

  it('a GET whose connection closes again on the resend fails: sent again once, not forever', async () => {
    const s = await serve((req, socket) => {
      if (req.connection === 0 && req.index === 0) socket.write('HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nw');
      else socket.destroy();
    });
    await send('GET', `${s.url}/warm`);
    const res = await send('GET', `${s.url}/gone`);
    expect([res.status, res.error_code]).toEqual([0, 1220]);
    expect(s.requests.filter((r) => r.path === '/gone').length).toBe(2);
  });
});
