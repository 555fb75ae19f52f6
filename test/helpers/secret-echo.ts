// Hostile echoes of secrets, for the canary tests: a target (a misbehaviour for
// adversarial-target.ts) that hands back the bearer token it was sent in every encoding, in
// headers, JSON fields (raw escapes that a parser decodes to the token) and error messages; and a
// remote-write receiver that records each payload and refuses it, quoting its credentials.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { uncompressSync } from 'snappy';
import { decodeWriteRequest } from '../../load/outputs/prometheus-rw/write-request.ts';
import type { Misbehaviour } from './adversarial-target.ts';
import { secretEncodings } from './secret-encodings.ts';

/** The bearer token of a request, as a target sees it. */
const bearerOf = (req: IncomingMessage) => /^Bearer (.*)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';

/**
 * Every encoding of the token the request carried: in an x-echo-N header each, as extra fields of a
 * JSON object body (written raw, so `\/` and `\u` escapes decode to the token when parsed), and in
 * the message of a 500 for a call's events (which breaks the lifecycle model: replay files). As a
 * gateway does, it sends the upstream its own key (`upstreamKey`), so the token may hold any character.
 */
export const echoTheToken = (upstreamKey: string): Misbehaviour => async ({ req, res, upstream }) => {
  const forms = Object.values(secretEncodings(bearerOf(req)));
  req.headers.authorization = `Bearer ${upstreamKey}`;
  const headers: Record<string, string> = Object.fromEntries(forms.map((f, i) => [`x-echo-${i}`, f]));
  if (/\/events$/.test(req.url ?? '')) {
    const body = `{"code":"INTERNAL","message":"upstream refused the key ${forms.join(' ')}"}`;
    res.writeHead(500, { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }).end(body);
    return;
  }
  const up = await upstream();
  let body = up.body.toString('utf8');
  if (/^\s*\{/.test(body)) body = body.replace(/^\s*\{/, `{${forms.map((f, i) => `"echo_${i}":"${f}",`).join('')}`);
  res.writeHead(up.status, { ...headers, 'content-type': up.contentType || 'application/json', 'content-length': String(Buffer.byteLength(body)) }).end(body);
};

export interface EchoingReceiver {
  url: string;
  /** Every label value of every payload received, one a line. */
  labels(): string;
  pushes(): number;
  close(): Promise<void>;
}

/**
 * A remote-write receiver that keeps each payload and answers 401, its body quoting `secrets` (by
 * name) in one encoding per push, in turn, so that what the harness keeps of the last refusal (200
 * characters) holds each secret whatever push came last.
 */
export async function startEchoingReceiver(secrets: string[]): Promise<EchoingReceiver> {
  const payloads: Buffer[] = [];
  const encodings = secrets.map((s) => Object.values(secretEncodings(s)));
  let pushes = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      payloads.push(Buffer.concat(chunks));
      const n = pushes++;
      const quoted = encodings.map((forms) => forms[n % forms.length]).join(' ');
      res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': `Bearer error="${quoted}"` }).end(`unauthorized: ${quoted}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    labels: () => payloads.map((p) => decodeWriteRequest(p, (b) => uncompressSync(b) as Buffer)).flatMap((w) => w.timeseries.flatMap((t) => t.labels.map((l) => `${l.name}=${l.value}`))).join('\n'),
    pushes: () => pushes,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
