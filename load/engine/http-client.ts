// k6/http's asyncRequest over keep-alive connection pools (http1-connection.ts), with k6's
// response shape, timings, error codes and metrics.
import { boundedCache } from './bounded-cache.ts';
import { decodeBody } from './content-encoding.ts';
import { Deadlines, type DeadlineQueue, type Expiring } from './deadlines.ts';
import { HttpResponse, type Failure, type K6Response, type Timings } from './http-response.ts';
import { K6_DIAL_TOO_MANY_OPEN_FILES } from '../k6-error-codes.ts';
import { ConnectionPool } from './connection-pool.ts';
import { PEER_CLOSED, type Exchange, type Http1Connection, type OpenedAt, type Origin } from './http1-connection.ts';
import type { ResponseHead } from './http1-head.ts';
import type { Tags } from './metrics/registry.ts';

export interface RequestParams {
  headers?: Record<string, string>;
  tags?: Tags;
  timeout?: string | number;
  responseType?: 'text' | 'binary' | 'none';
  responseCallback?: ResponseCallback;
}

export type ResponseCallback = ((status: number) => boolean) & { expected?: true };

export type { Failure, K6Response, Timings } from './http-response.ts';

export interface RequestOutcome {
  response: K6Response;
  bytesSent: number;
  bytesReceived: number;
}

/** The peer ended the connection under the request (k6 says it so for a reset, a broken pipe and an early close). */
const RESET: Failure = { code: 1220, message: 'read: connection reset by peer' };
/** The generator's own limit, not the target's fault: k6 v0.48 reports EMFILE as this dial error. */
const NO_DESCRIPTOR: Failure = { code: K6_DIAL_TOO_MANY_OPEN_FILES, message: 'dial: unknown errno 24 error with msg `too many open files` (the generator ran out of file descriptors: raise `ulimit -n` or lower the VUs)' };

/** k6's error codes for what can go wrong on the wire, by the Node error code that says it. */
const WIRE_FAILURES: Record<string, Failure> = {
  ECONNREFUSED: { code: 1212, message: 'dial: connection refused' },
  ENOTFOUND: { code: 1101, message: 'lookup: no such host' },
  EAI_AGAIN: { code: 1101, message: 'lookup: no such host' },
  ECONNRESET: RESET,
  EPIPE: RESET,
  [PEER_CLOSED]: RESET,
  EMFILE: NO_DESCRIPTOR,
  ENFILE: NO_DESCRIPTOR,
};

/** k6's error code and message for a failed request. */
export function errorCode(error: unknown, timedOut: boolean): Failure {
  const err = error as Error & { code?: string; cause?: { code?: string } };
  const code = err.code ?? err.cause?.code ?? '';
  if (timedOut) return { code: 1050, message: 'request timeout' };
  const known = WIRE_FAILURES[code];
  if (known) return known;
  if (/CERT|TLS|SSL/.test(code)) return { code: 1300, message: `tls: ${err.message}` };
  return { code: 1000, message: err.message };
}

/** What a finished request leaves: its response and its bytes on the wire. */
type Settle<T> = (outcome: RequestOutcome) => T;

/**
 * One request in flight, and the exchange its connection reports to: the methods live on the
 * prototype, so a request costs this object and one promise (no closures, no timer per request).
 */
export class PendingRequest<T = unknown> implements Exchange, Expiring {
  private readonly t0 = performance.now();
  /** k6's timings: blocked until the connection (DNS included), connecting, TLS, then from the request written. */
  private blocked = 0;
  private connecting = 0;
  private tlsHandshaking = 0;
  private sending = 0;
  private startedAt = this.t0;
  private headersAt = this.t0;
  private endedAt = this.t0;
  private status = 0;
  private statusText = '';
  private proto = 'HTTP/1.1';
  private responseHeaders: Record<string, string> = {};
  private readonly chunks: Buffer[] = [];
  private bytes = 0;
  private connection: Http1Connection | null = null;
  /** Sent again once already, on a fresh connection, after a reused one had been closed under it. */
  private resent = false;
  private timedOut = false;
  private settled = false;
  private failure: Failure | null = null;
  dueAt = 0;
  dueNext: Expiring | null = null;
  duePrev: Expiring | null = null;
  dueQueue: DeadlineQueue | null = null;

  constructor(
    private readonly client: HttpClient,
    readonly method: string,
    readonly url: string,
    private readonly headers: Record<string, string>,
    private readonly payload: string,
    private readonly responseType: RequestParams['responseType'],
    /** Whose request this is (an iteration): what HttpClient.abort(owner) aborts. */
    readonly owner: unknown,
    timeoutMs: number,
    private readonly pool: ConnectionPool,
    private readonly head: string,
    private readonly settle: Settle<T>,
    private readonly resolve: (value: T) => void,
    private readonly reject: (err: unknown) => void,
  ) {
    client.deadlines.add(this, timeoutMs);
  }

  send(fresh: boolean): void {
    this.startedAt = performance.now();
    this.sending = 0;
    this.connection = fresh ? this.pool.fresh() : this.pool.take();
    this.connection.send(this.method, this.head, this.payload, this);
  }

  /** Aborts the request (a stopped run, an interrupted iteration, its timeout); it settles as a failure. */
  abort(err: Error): void {
    if (this.settled) return;
    if (this.connection) this.connection.abort(err);
    else this.failed(err);
  }

  expire(): void {
    this.timedOut = true;
    this.abort(new Error('request timeout'));
  }

  onStart(opened: OpenedAt | null): void {
    const now = performance.now();
    if (opened) {
      // A new connection: written when it was up (its buffered request goes out at once).
      this.blocked = opened.resolved - this.t0;
      this.connecting = opened.connected - opened.resolved;
      this.tlsHandshaking = opened.secured - opened.connected;
    } else {
      this.blocked = this.startedAt - this.t0;
      this.sending = now - this.startedAt;
    }
    this.startedAt = now;
  }

  onHead(head: ResponseHead, bodyLength: number | null, firstByteAt: number): Error | undefined {
    this.headersAt = firstByteAt;
    this.status = head.status;
    this.statusText = head.statusText;
    this.responseHeaders = head.headers;
    this.proto = head.minor === 0 ? 'HTTP/1.0' : 'HTTP/1.1';
    return bodyLength !== null && bodyLength > RESPONSE_LIMIT_BYTES ? bodyTooLarge() : undefined;
  }

  onBody(chunk: Buffer): Error | undefined {
    this.bytes += chunk.length;
    if (this.bytes > RESPONSE_LIMIT_BYTES) return bodyTooLarge();
    this.chunks.push(chunk);
    return undefined;
  }

  onEnd(): void {
    this.endedAt = performance.now();
    this.finish(null);
  }

  onError(err: Error, unsent: boolean): void {
    // A reused connection the server had closed: sent again once on a new one, where Go's
    // transport would (a request it can replay: GET, HEAD, OPTIONS, TRACE, or an idempotency key).
    if (unsent && !this.resent && !this.settled && !this.pool.closed && replayable(this.method, this.headers)) {
      this.resent = true;
      this.send(true);
      return;
    }
    this.failed(err);
  }

  /** The request could not be sent, or its answer not read. */
  failed(err: Error): void {
    this.endedAt = performance.now();
    this.finish(errorCode(err, this.timedOut));
  }

  private finish(failure: Failure | null): void {
    if (this.settled) return;
    this.settled = true;
    this.failure = failure;
    this.connection = null;
    this.client.deadlines.remove(this);
    this.client.inFlight.delete(this);
    settleSoon(this);
  }

  /** Its samples recorded and its promise resolved (the script goes on), after the reads of this turn. */
  deliver(): void {
    try {
      this.resolve(this.settle(this.outcome(this.failure)));
    } catch (err) {
      this.reject(err);
    }
  }

  private outcome(failure: Failure | null): RequestOutcome {
    const { method, url, headers, payload } = this;
    // Most bodies arrive in one chunk: no copy of it then.
    const wire = failure ? EMPTY : this.chunks.length === 1 ? (this.chunks[0] as Buffer<ArrayBuffer>) : Buffer.concat(this.chunks);
    const encoding = failure || !hasBody(method, this.status) ? undefined : this.responseHeaders['Content-Encoding'];
    const decoded = encoding ? decodeBody(wire, encoding, RESPONSE_LIMIT_BYTES, tooLargeFailure) : wire;
    if (!Buffer.isBuffer(decoded)) failure = decoded;
    const buffer = failure ? EMPTY : (decoded as Buffer<ArrayBuffer>);
    const status = failure ? 0 : this.status;
    const responseHeaders = failure ? {} : this.responseHeaders;
    const timings = this.timings(failure !== null);
    const text = buffer.toString('utf8');
    const body = this.responseType === 'none' ? null : this.responseType === 'binary' ? buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) : text;
    const response = new HttpResponse(status, failure ? '' : this.statusText, body, text, responseHeaders, timings, failure, url, { method, url, headers, body: payload }, failure ? 'HTTP/1.1' : this.proto);
    const bytesSent = Buffer.byteLength(payload) + headerBytes(headers, method.length + url.length + 12);
    return { response, bytesSent, bytesReceived: wire.length + headerBytes(responseHeaders, 17) };
  }

  /** k6's timings; a failed request waited from its start to its failure, and received nothing. */
  private timings(failed: boolean): Timings {
    const sending = failed ? 0 : this.sending;
    const waiting = failed ? this.endedAt - this.startedAt : this.headersAt - this.startedAt;
    const receiving = failed ? 0 : this.endedAt - this.headersAt;
    return { blocked: this.blocked, connecting: this.connecting, tls_handshaking: this.tlsHandshaking, sending, waiting, receiving, duration: sending + waiting + receiving };
  }
}

/** Go's Request.isReplayable: a method without side effects, or a request that names its idempotency key. */
function replayable(method: string, headers: Record<string, string>): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS' || method === 'TRACE' || 'idempotency-key' in headers || 'x-idempotency-key' in headers;
}

const EMPTY = Buffer.alloc(0) as Buffer<ArrayBuffer>;

/**
 * Requests whose answers were read in this turn of the event loop, delivered together once the
 * loop has read every socket that was ready. Delivering one at once would run its script (parse,
 * validate, the next request) before the next ready socket is read, and that socket's answer
 * would be timed late by all of it: under load the reported percentiles would be the generator's.
 */
let answered: { deliver(): void }[] = [];

function settleSoon(request: { deliver(): void }): void {
  if (answered.push(request) === 1) setImmediate(deliverAnswered);
}

function deliverAnswered(): void {
  const batch = answered;
  answered = [];
  for (const request of batch) request.deliver();
}

/**
 * The most of one response the engine keeps: a body past it (a runaway or endless answer) fails
 * the request instead of filling the generator's memory. k6 has no such limit; a Calls API
 * answer is a few KB. Headers may be as large as Go's client allows (k6's: 10 MiB).
 */
export const RESPONSE_LIMIT_BYTES = 10 * 1024 * 1024;
const BODY_TOO_LARGE = 'E_BODY_TOO_LARGE';

/** HEAD, 204 and 304 answers have no body, whatever coding their headers name. */
function hasBody(method: string, status: number): boolean {
  return method !== 'HEAD' && status !== 204 && status !== 304;
}

function tooLargeFailure(): Failure {
  return errorCode(bodyTooLarge(), false);
}

function bodyTooLarge(): Error {
  return Object.assign(new Error(`response body larger than ${RESPONSE_LIMIT_BYTES / 1024 / 1024} MiB: the engine read no further`), { code: BODY_TOO_LARGE });
}

export class HttpClient {
  private readonly pools = new Map<string, ConnectionPool>();
  readonly deadlines = new Deadlines();
  /** Requests in flight, so that a stopped run or an interrupted iteration can abort them. */
  readonly inFlight = new Set<{ readonly owner: unknown; abort(err: Error): void }>();

  /**
   * Sends one request; `settle` turns its outcome into what the promise resolves with (the
   * caller records its samples there). `refuse`, when given, aborts it before it is sent (the
   * run is stopping). Its timeout is kept in `deadlines` (a timer per timeout, not per request).
   */
  request<T>(method: string, url: string, body: string | null, params: RequestParams, timeoutMs: number, owner: unknown, refuse: Error | null, settle: Settle<T>): Promise<T> {
    const target = targetOf(url);
    const headers: Record<string, string> = { 'user-agent': 'calls-harness (k6 compatible)' };
    const given = params.headers;
    if (given) for (const k in given) headers[lowerCase(k)] = String(given[k]);
    const payload = body ?? '';
    // Go sends a length for every body, and a zero one for POST, PUT and PATCH without a body.
    if (payload || method === 'POST' || method === 'PUT' || method === 'PATCH') headers['content-length'] = String(Buffer.byteLength(payload));
    return new Promise<T>((resolve, reject) => {
      let head = '';
      try {
        head = requestHead(method, target, headers);
      } catch (err) {
        refuse ??= err as Error;
      }
      const pending = new PendingRequest(this, method, url, headers, payload, params.responseType, owner, timeoutMs, this.poolOf(target), head, settle, resolve, reject);
      this.inFlight.add(pending);
      if (refuse) pending.abort(refuse);
      else pending.send(false);
    });
  }

  /** Aborts the requests of one owner (an iteration), or all of them. */
  abort(err: Error, owner?: unknown): void {
    for (const request of this.inFlight) if (owner === undefined || request.owner === owner) request.abort(err);
  }

  private poolOf(target: Target): ConnectionPool {
    let pool = this.pools.get(target.origin);
    if (!pool) this.pools.set(target.origin, (pool = new ConnectionPool(target, RESPONSE_LIMIT_BYTES)));
    return pool;
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
  }
}

/** The request line and headers, ending with the blank line; a header that would break the framing is refused. */
function requestHead(method: string, target: Target, headers: Record<string, string>): string {
  if (!TOKEN.test(method)) throw new Error(`invalid method ${JSON.stringify(method)}`);
  let head = `${method} ${target.path} HTTP/1.1\r\n`;
  if (!('host' in headers)) head += `host: ${target.host}\r\n`;
  for (const name in headers) {
    const value = headers[name] as string;
    if (!TOKEN.test(name) || /[\r\n\0]/.test(value)) throw new Error(`invalid header ${JSON.stringify(name)}: a header name is a token and a value holds no CR, LF or NUL`);
    head += `${name}: ${value}\r\n`;
  }
  return `${head}\r\n`;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Lower-cased header names already made (a script sends the same few on every request). */
const lowerCase = boundedCache(1000, (name) => name.toLowerCase());

/** Header lines' bytes on the wire ("name: value\r\n"), plus the start line's. */
function headerBytes(h: Record<string, string>, start: number): number {
  let n = start;
  for (const k in h) n += k.length + (h[k] as string).length + 4;
  return n;
}

interface Target extends Origin {
  /** scheme://host[:port], the key of its connection pool. */
  origin: string;
  path: string;
}

/** Origin and path of each URL, parsed once: a script sends a bounded set of URLs, mostly. */
const targetOf = boundedCache(10_000, (url): Target => {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`unsupported protocol scheme ${JSON.stringify(parsed.protocol.slice(0, -1))}`);
  const port = parsed.port ? Number(parsed.port) : parsed.protocol === 'https:' ? 443 : 80;
  return { origin: parsed.origin, protocol: parsed.protocol, hostname: parsed.hostname, port, host: parsed.host, path: parsed.pathname + parsed.search };
});
