// An adversarial HTTP target for tests: a loopback proxy (port 0) to a real upstream (the
// reference server) that answers the requests it picks in a way a real gateway or a broken
// service might: redirects, bodies that are not UTF-8 or not JSON, huge or endless bodies, 204s,
// HTTP/1.0 with Connection: close. Each misbehaviour is data in MISBEHAVIOURS, named for the report.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';

/** What the upstream answered, read whole (its bodies are small). */
export interface Upstream {
  status: number;
  contentType: string;
  body: Buffer;
}

export interface MisbehaviourContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** This target's own base URL (for redirects to the same API). */
  self: string;
  /** Sends the request on to the upstream, as it came. */
  upstream(): Promise<Upstream>;
  /** Bytes the streaming misbehaviours wrote, for all requests. */
  streamed: { bytes: number };
}

export type Misbehaviour = (ctx: MisbehaviourContext) => Promise<void> | void;

export interface AdversarialTarget {
  url: string;
  /** Requests received, and how many of them got the misbehaviour. */
  counts: { requests: number; misbehaved: number };
  /** Bytes written by the misbehaviours that stream (a huge or endless body). */
  streamed: { bytes: number };
  close(): Promise<void>;
}

const MB = 1024 * 1024;

/**
 * A request's headers, to send on with fetch: without the hop-by-hop ones and the length, which
 * fetch sets from the body itself. (The undici package, which the CLI loads and which then serves
 * this process's fetch too, refuses a length given beside a body.)
 */
export function forwardedHeaders(req: IncomingMessage): Record<string, string> {
  const headers = { ...req.headers } as Record<string, string>;
  for (const name of ['host', 'connection', 'content-length', 'transfer-encoding']) Reflect.deleteProperty(headers, name);
  return headers;
}

/** Answers `status` with `body` as it is, the headers given and nothing else added. */
function answer(res: ServerResponse, status: number, headers: Record<string, string>, body: Buffer | string): void {
  res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

/** The upstream's JSON body with `edit` applied to its text (a duplicate key, a huge number). */
const editedJson = (edit: (text: string) => string): Misbehaviour => async ({ res, upstream }) => {
  const up = await upstream();
  answer(res, up.status, { 'content-type': 'application/json' }, edit(up.body.toString('utf8')));
};

/** The upstream's status, with the headers and body `edit` makes of its answer. */
const withBody = (edit: (up: Upstream) => [Record<string, string>, Buffer]): Misbehaviour => async ({ res, upstream }) => {
  const up = await upstream();
  answer(res, up.status, ...edit(up));
};

/** A JSON string of `totalBytes`, written as the socket drains (Infinity: never ended). */
function streamBody(res: ServerResponse, streamed: { bytes: number }, totalBytes: number, declareLength: boolean): void {
  const chunk = Buffer.alloc(64 * 1024, 'a');
  res.writeHead(200, { 'content-type': 'application/json', ...(declareLength ? { 'content-length': String(totalBytes + 2) } : {}) });
  res.write('"');
  let sent = 0;
  const pump = () => {
    while (sent < totalBytes && !res.destroyed) {
      sent += chunk.length;
      streamed.bytes += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    if (!res.destroyed && Number.isFinite(totalBytes)) res.end('"');
  };
  res.on('close', () => { sent = Infinity; });
  pump();
}

/** Nested arrays `depth` deep: JSON that a recursive parser or validator cannot walk. */
export const deeplyNested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** The upstream answer sent back as a raw HTTP/1.0 response, and the connection closed. */
async function http10Close(ctx: MisbehaviourContext): Promise<void> {
  const up = await ctx.upstream();
  const head = `HTTP/1.0 ${up.status} X\r\ncontent-type: ${up.contentType}\r\ncontent-length: ${up.body.length}\r\nconnection: close\r\n\r\n`;
  const socket = ctx.req.socket as Socket;
  socket.end(Buffer.concat([Buffer.from(head, 'latin1'), up.body]));
}

export const MISBEHAVIOURS = {
  'redirect to the same API': ({ req, res, self }) => answer(res, 302, { location: `${self}${req.url ?? '/'}${req.url?.includes('?') ? '&' : '?'}redirected=1` }, ''),
  'redirect to another host': ({ res }) => answer(res, 307, { location: 'http://calls-api.invalid/v1/elsewhere' }, ''),
  'redirect loop': ({ req, res }) => answer(res, 301, { location: req.url ?? '/' }, ''),
  'a body that is not UTF-8': async ({ res, upstream }) => {
    // Two bytes no UTF-8 text holds, inside the status string: still JSON to a lenient decoder.
    const up = await upstream();
    const at = up.body.indexOf('"status":"') + '"status":"'.length;
    answer(res, up.status, { 'content-type': 'application/json' }, at < '"status":"'.length ? up.body : Buffer.concat([up.body.subarray(0, at), Buffer.from([0xff, 0xfe]), up.body.subarray(at)]));
  },
  'a JSON body with a byte order mark': withBody((up) => [{ 'content-type': 'application/json' }, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), up.body])]),
  'Content-Type charset=utf-16': withBody((up) => [{ 'content-type': 'application/json; charset=utf-16' }, up.body]),
  'no Content-Type': withBody((up) => [{}, up.body]),
  'text/plain with JSON inside': withBody((up) => [{ 'content-type': 'text/plain' }, up.body]),
  'duplicate JSON keys': editedJson((t) => t.replace(/^\{/, '{"status":"not-a-status",')),
  'an integer beyond 2^53': editedJson((t) => t.replace(/^\{/, '{"duration_seconds":9007199254740993,').replace(/,"duration_seconds":(null|\d+)/, '')),
  'deeply nested JSON': editedJson((t) => t.replace(/^\{/, `{"x_deep":${deeplyNested(200_000)},`)),
  'a null body': ({ res }) => answer(res, 200, { 'content-type': 'application/json' }, 'null'),
  'an empty body with 200': ({ res }) => answer(res, 200, { 'content-type': 'application/json' }, ''),
  '204 where a body is documented': ({ res }) => { res.writeHead(204).end(); },
  'a HEAD-like answer (Content-Length, no body)': ({ res }) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1234' });
    res.flushHeaders();
    setTimeout(() => res.destroy(), 50);
  },
  'HTTP/1.0 and Connection: close': http10Close,
  'a 64 KB header': withBody((up) => [{ 'content-type': 'application/json', 'x-padding': 'a'.repeat(64 * 1024) }, up.body]),
} satisfies Record<string, Misbehaviour>;

export type MisbehaviourName = keyof typeof MISBEHAVIOURS;

/** A body of `bytes` (a JSON string), with a Content-Length when `declareLength`; Infinity never ends. */
export const hugeBody = (bytes: number, declareLength: boolean): Misbehaviour => ({ res, streamed }) => streamBody(res, streamed, bytes, declareLength);
export const FIFTY_MB = 50 * MB;

/** 50 MB of JSON string gzipped to about 50 KB, sent with Content-Encoding: gzip: a client that inflates it all holds 50 MB. */
export const gzipBomb = (): Misbehaviour => {
  const packed = gzipSync(Buffer.concat([Buffer.from('"'), Buffer.alloc(FIFTY_MB, 'a'), Buffer.from('"')]));
  return ({ res }) => answer(res, 200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }, packed);
};

/**
 * Starts the target. Requests for which `picks(path, req)` is true get `misbehave`; the rest
 * are sent on to `upstreamUrl` and answered as it answered.
 */
export async function startAdversarialTarget(upstreamUrl: string, picks: (path: string, req: IncomingMessage) => boolean, misbehave: Misbehaviour): Promise<AdversarialTarget> {
  const counts = { requests: 0, misbehaved: 0 };
  const streamed = { bytes: 0 };
  let self = '';
  const server = createServer((req, res) => {
    counts.requests++;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const upstream = async (): Promise<Upstream> => {
        const up = await fetch(upstreamUrl + (req.url ?? '/'), { method: req.method, headers: forwardedHeaders(req), body: chunks.length ? Buffer.concat(chunks) : undefined, redirect: 'manual' });
        return { status: up.status, contentType: up.headers.get('content-type') ?? '', body: Buffer.from(await up.arrayBuffer()) };
      };
      const picked = picks((req.url ?? '/').split('?')[0] as string, req);
      if (picked) counts.misbehaved++;
      const run = picked ? misbehave({ req, res, self, upstream, streamed }) : upstream().then((up) => answer(res, up.status, up.contentType ? { 'content-type': up.contentType } : {}, up.body));
      void Promise.resolve(run).catch(() => res.destroy());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  self = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: self,
    counts,
    streamed,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** A request carrying the valid token given, and none other. */
export const withToken = (req: IncomingMessage, token: string) => req.headers.authorization === `Bearer ${token}`;

/** Call detail, the operation most misbehaviours are put on. */
export const isCallDetail = (path: string) => /^\/v1\/calls\/[^/]+$/.test(path);
