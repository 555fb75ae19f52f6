// k6/http's asyncRequest over keep-alive connection pools (undici), with k6's response shape,
// timings, error codes and metrics.
import { Client, type Dispatcher } from 'undici';
import { decodeBody } from './content-encoding.ts';
import type { Tags } from './metrics/registry.ts';

export interface RequestParams {
  headers?: Record<string, string>;
  tags?: Tags;
  timeout?: string | number;
  responseType?: 'text' | 'binary' | 'none';
  responseCallback?: ResponseCallback;
}

export type ResponseCallback = ((status: number) => boolean) & { expected?: true };

export interface Timings {
  blocked: number; connecting: number; tls_handshaking: number; sending: number; waiting: number; receiving: number; duration: number;
}

export interface K6Response {
  status: number;
  status_text: string;
  body: string | ArrayBuffer | null;
  headers: Record<string, string>;
  timings: Timings;
  error: string;
  error_code: number;
  url: string;
  proto: string;
  request: { method: string; url: string; headers: Record<string, string>; body: string };
  json(selector?: string): unknown;
}

export interface RequestOutcome {
  response: K6Response;
  bytesSent: number;
  bytesReceived: number;
}

export type Failure = { code: number; message: string };

/** k6's error codes for what can go wrong on the wire. */
export function errorCode(error: unknown, timedOut: boolean): Failure {
  const err = error as Error & { code?: string; cause?: { code?: string } };
  const code = err.code ?? err.cause?.code ?? '';
  if (timedOut) return { code: 1050, message: 'request timeout' };
  if (code === 'ECONNREFUSED') return { code: 1212, message: 'dial: connection refused' };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { code: 1101, message: 'lookup: no such host' };
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') return { code: 1220, message: 'read: connection reset by peer' };
  // The generator's own limit, not the target's fault: k6 v0.48 reports EMFILE as this dial error.
  if (code === 'EMFILE' || code === 'ENFILE') return { code: 1213, message: 'dial: unknown errno 24 error with msg `too many open files` (the generator ran out of file descriptors: raise `ulimit -n` or lower the VUs)' };
  if (code === BODY_TOO_LARGE) return { code: 1000, message: err.message };
  if (/CERT|TLS|SSL/.test(code)) return { code: 1300, message: `tls: ${err.message}` };
  return { code: 1000, message: err.message };
}

/** What a finished request leaves: its response and its bytes on the wire. */
type Settle<T> = (outcome: RequestOutcome) => T;

/**
 * One request in flight, and undici's handler for it: the handler's methods live on the
 * prototype, so a request costs this object, its timer and one promise (no closures per request).
 */
export class PendingRequest<T = unknown> implements Dispatcher.DispatchHandler {
  private readonly t0 = performance.now();
  private startedAt = this.t0;
  private headersAt = this.t0;
  private endedAt = this.t0;
  private status = 0;
  private statusText = '';
  private responseHeaders: Record<string, string> = {};
  private readonly chunks: Buffer[] = [];
  private bytes = 0;
  private controller: Dispatcher.DispatchController | null = null;
  /** The connection it was sent on, given back to its pool once the request is over. */
  private connection: { pool: ConnectionPool; client: Client } | null = null;
  private pendingAbort: Error | null = null;
  private timedOut = false;
  private settled = false;
  private failure: Failure | null = null;
  private readonly timer: NodeJS.Timeout;

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
    private readonly settle: Settle<T>,
    private readonly resolve: (value: T) => void,
    private readonly reject: (err: unknown) => void,
  ) {
    this.timer = setTimeout(onTimeout, timeoutMs, this);
  }

  dispatchOn(pool: ConnectionPool, options: Dispatcher.DispatchOptions): void {
    const client = pool.take();
    this.connection = { pool, client };
    client.dispatch(options, this);
  }

  /** Aborts the request (a stopped run, an interrupted iteration); it settles as a failure. */
  abort(err: Error): void {
    if (this.controller) this.controller.abort(err);
    else this.pendingAbort ??= err;
  }

  expire(): void {
    this.timedOut = true;
    this.abort(new Error('request timeout'));
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.startedAt = performance.now();
    this.controller = controller;
    if (this.pendingAbort) controller.abort(this.pendingAbort);
  }

  onResponseStart(_c: Dispatcher.DispatchController, code: number, headers: Record<string, string | string[] | undefined>, text?: string): void {
    this.headersAt = performance.now();
    this.status = code;
    this.statusText = text ?? '';
    this.responseHeaders = canonicalHeaders(headers);
    if (Number(headers['content-length']) > RESPONSE_LIMIT_BYTES) this.controller?.abort(bodyTooLarge());
  }

  onResponseData(_c: Dispatcher.DispatchController, chunk: Buffer): void {
    this.bytes += chunk.length;
    if (this.bytes > RESPONSE_LIMIT_BYTES) this.controller?.abort(bodyTooLarge());
    else this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    this.endedAt = performance.now();
    this.finish(null);
  }

  onResponseError(_c: Dispatcher.DispatchController, err: Error): void {
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
    clearTimeout(this.timer);
    if (this.connection) this.connection.pool.give(this.connection.client);
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
    const waiting = failure ? this.endedAt - this.startedAt : this.headersAt - this.startedAt;
    const receiving = failure ? 0 : this.endedAt - this.headersAt;
    const timings: Timings = { blocked: this.startedAt - this.t0, connecting: 0, tls_handshaking: 0, sending: 0, waiting, receiving, duration: waiting + receiving };
    const text = buffer.toString('utf8');
    const body = this.responseType === 'none' ? null : this.responseType === 'binary' ? buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) : text;
    const response = new HttpResponse(status, failure ? '' : this.statusText, body, text, responseHeaders, timings, failure, url, { method, url, headers, body: payload });
    const bytesSent = Buffer.byteLength(payload) + headerBytes(headers, method.length + url.length + 12);
    return { response, bytesSent, bytesReceived: wire.length + headerBytes(responseHeaders, 17) };
  }
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

function onTimeout(request: { expire(): void }): void {
  request.expire();
}

/** k6's Response: data, with json() on the prototype rather than a closure per response. */
class HttpResponse implements K6Response {
  readonly error: string;
  readonly error_code: number;
  readonly proto = 'HTTP/1.1';
  readonly #text: string;

  constructor(
    readonly status: number,
    readonly status_text: string,
    readonly body: string | ArrayBuffer | null,
    text: string,
    readonly headers: Record<string, string>,
    readonly timings: Timings,
    failure: Failure | null,
    readonly url: string,
    readonly request: K6Response['request'],
  ) {
    this.#text = text;
    this.error = failure?.message ?? '';
    this.error_code = failure?.code ?? (status >= 400 ? 1000 + status : 0);
  }

  json(selector?: string): unknown {
    if (selector) throw new Error('json(selector) is not supported by the built-in engine: parse the body and select in code');
    return JSON.parse(this.#text) as unknown;
  }
}

/**
 * The most of one response the engine keeps: a body past it (a runaway or endless answer) fails
 * the request instead of filling the generator's memory. k6 has no such limit; a Calls API
 * answer is a few KB. Headers may be as large as Go's client allows (k6's: 10 MiB), not undici's 16 KiB.
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
  /** Requests in flight, so that a stopped run or an interrupted iteration can abort them. */
  readonly inFlight = new Set<{ readonly owner: unknown; abort(err: Error): void }>();

  /**
   * Sends one request; `settle` turns its outcome into what the promise resolves with (the
   * caller records its samples there). `refuse`, when given, aborts it before it is sent (the
   * run is stopping). One timer per request enforces the timeout.
   */
  request<T>(method: string, url: string, body: string | null, params: RequestParams, timeoutMs: number, owner: unknown, refuse: Error | null, settle: Settle<T>): Promise<T> {
    const target = targetOf(url);
    const headers: Record<string, string> = { 'user-agent': 'calls-harness (k6 compatible)' };
    const given = params.headers;
    if (given) for (const k in given) headers[lowerCase(k)] = String(given[k]);
    const payload = body ?? '';
    if (payload) headers['content-length'] = String(Buffer.byteLength(payload));
    return new Promise<T>((resolve, reject) => {
      const pending = new PendingRequest(this, method, url, headers, payload, params.responseType, owner, timeoutMs, settle, resolve, reject);
      this.inFlight.add(pending);
      if (refuse) pending.abort(refuse);
      try {
        pending.dispatchOn(this.poolOf(target.origin), { origin: target.origin, path: target.path, method, headers, body: payload || null });
      } catch (err) {
        pending.failed(err as Error);
      }
    });
  }

  /** Aborts the requests of one owner (an iteration), or all of them. */
  abort(err: Error, owner?: unknown): void {
    for (const request of this.inFlight) if (owner === undefined || request.owner === owner) request.abort(err);
  }

  private poolOf(origin: string): ConnectionPool {
    let pool = this.pools.get(origin);
    if (!pool) this.pools.set(origin, (pool = new ConnectionPool(origin)));
    return pool;
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
  }
}

/**
 * Keep-alive connections to one origin, one request at a time each, as many as requests in
 * flight (k6 has no limit either): the idle ones on a stack, the most recently used first (as Go's
 * transport reuses them). undici's Pool finds a free connection by scanning all of them, twice
 * per request: at a few hundred connections (thousands of requests a second against a slow
 * answer) that scan cost more than the request.
 */
class ConnectionPool {
  private readonly idle: Client[] = [];
  private readonly all = new Set<Client>();

  constructor(private readonly origin: string) {}

  take(): Client {
    let client = this.idle.pop();
    while (client && (client.closed || client.destroyed)) client = this.idle.pop();
    if (client) return client;
    client = new Client(this.origin, { keepAliveTimeout: 60_000, pipelining: 1, maxHeaderSize: RESPONSE_LIMIT_BYTES });
    this.all.add(client);
    return client;
  }

  /** A connection whose request is over (answered or failed: undici reconnects it on its next request). */
  give(client: Client): void {
    if (!client.closed && !client.destroyed) this.idle.push(client);
  }

  close(): Promise<unknown> {
    this.idle.length = 0;
    return Promise.all([...this.all].map((c) => c.close()));
  }
}

/** Lower-cased header names already made (a script sends the same few on every request), bounded. */
const lowerNames = new Map<string, string>();

function lowerCase(name: string): string {
  let lower = lowerNames.get(name);
  if (lower === undefined) {
    lower = name.toLowerCase();
    if (lowerNames.size < CANONICAL_NAMES_KEPT) lowerNames.set(name, lower);
  }
  return lower;
}

/** Header lines' bytes on the wire ("name: value\r\n"), plus the start line's. */
function headerBytes(h: Record<string, string>, start: number): number {
  let n = start;
  for (const k in h) n += k.length + (h[k] as string).length + 4;
  return n;
}

/** Origin and path of each URL, parsed once: a script sends a bounded set of URLs, mostly (bounded too). */
const targets = new Map<string, { origin: string; path: string }>();
const TARGETS_KEPT = 10_000;

function targetOf(url: string): { origin: string; path: string } {
  let target = targets.get(url);
  if (!target) {
    const parsed = new URL(url);
    target = { origin: parsed.origin, path: parsed.pathname + parsed.search };
    if (targets.size < TARGETS_KEPT) targets.set(url, target);
  }
  return target;
}

/** Canonical header names already made (a server sends the same few on every response), bounded. */
const canonicalNames = new Map<string, string>();
const CANONICAL_NAMES_KEPT = 1000;

function canonicalName(name: string): string {
  let canonical = canonicalNames.get(name);
  if (canonical === undefined) {
    canonical = name.split('-').map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('-');
    if (canonicalNames.size < CANONICAL_NAMES_KEPT) canonicalNames.set(name, canonical);
  }
  return canonical;
}

/** k6 canonicalizes response header names (Content-Type). */
function canonicalHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k in h) {
    const v = h[k];
    if (v === undefined) continue;
    out[canonicalName(k)] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}
