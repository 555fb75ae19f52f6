// k6/http's asyncRequest over keep-alive connection pools (undici), with k6's response shape,
// timings, error codes and metrics.
import { Agent, type Dispatcher } from 'undici';
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
  if (/CERT|TLS|SSL/.test(code)) return { code: 1300, message: `tls: ${err.message}` };
  return { code: 1000, message: err.message };
}

export class HttpClient {
  private readonly agent = new Agent({ keepAliveTimeout: 60_000, connections: null, pipelining: 1 });

  /**
   * Sends one request. `onAbortable` hands the caller a function that aborts it (for an
   * interrupted iteration or a stopped run) and returns how to let go of it; one timer per
   * request enforces the timeout. Cheaper than combining AbortSignals on every request.
   */
  async request(method: string, url: string, body: string | null, params: RequestParams, onAbortable: (abort: (err: Error) => void) => () => void, timeoutMs: number): Promise<RequestOutcome> {
    const target = targetOf(url);
    const headers: Record<string, string> = { 'user-agent': 'calls-harness (k6 compatible)' };
    const given = params.headers;
    if (given) for (const k in given) headers[k.toLowerCase()] = String(given[k]);
    const payload = body ?? '';
    if (payload) headers['content-length'] = String(Buffer.byteLength(payload));
    const t0 = performance.now();
    const marks = { start: t0, headers: t0, end: t0 };
    const res = { status: 0, statusText: '', headers: {} as Record<string, string>, chunks: [] as Buffer[] };
    let timedOut = false;
    let abort: ((err: Error) => void) | undefined;
    let pendingAbort: Error | undefined;
    const release = onAbortable((err) => (abort ? abort(err) : (pendingAbort = err)));
    const timer = setTimeout(() => {
      timedOut = true;
      const err = new Error('request timeout');
      if (abort) abort(err);
      else pendingAbort = err;
    }, timeoutMs);
    try {
      await new Promise<void>((resolve, reject) => {
        const handler: Dispatcher.DispatchHandler = {
          onRequestStart: (controller) => {
            marks.start = performance.now();
            abort = (err) => controller.abort(err);
            if (pendingAbort) controller.abort(pendingAbort);
          },
          onResponseStart: (_c, code, h, text) => {
            marks.headers = performance.now();
            res.status = code;
            res.statusText = text ?? '';
            res.headers = canonicalHeaders(h);
          },
          onResponseData: (_c, chunk) => void res.chunks.push(chunk),
          onResponseEnd: () => {
            marks.end = performance.now();
            resolve();
          },
          onResponseError: (_c, err) => reject(err),
        };
        this.agent.dispatch({ origin: target.origin, path: target.path, method, headers, body: payload || null }, handler);
      });
    } catch (err) {
      marks.end = performance.now();
      return this.outcome(method, url, headers, payload, { status: 0, statusText: '', headers: {}, chunks: [], failure: errorCode(err, timedOut) }, t0, marks, params);
    } finally {
      clearTimeout(timer);
      release();
    }
    return this.outcome(method, url, headers, payload, res, t0, marks, params);
  }

  private outcome(method: string, url: string, headers: Record<string, string>, payload: string, res: { status: number; statusText: string; headers: Record<string, string>; chunks: Buffer[]; failure?: Failure }, t0: number, marks: { start: number; headers: number; end: number }, params: RequestParams): RequestOutcome {
    // Most bodies arrive in one chunk: no copy of it then.
    const buffer = res.chunks.length === 1 ? (res.chunks[0] as Buffer<ArrayBuffer>) : Buffer.concat(res.chunks);
    const blocked = marks.start - t0;
    const waiting = res.failure ? marks.end - marks.start : marks.headers - marks.start;
    const receiving = res.failure ? 0 : marks.end - marks.headers;
    const timings: Timings = { blocked, connecting: 0, tls_handshaking: 0, sending: 0, waiting, receiving, duration: waiting + receiving };
    const text = buffer.toString('utf8');
    const body = params.responseType === 'none' ? null : params.responseType === 'binary' ? buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) : text;
    const response: K6Response = {
      status: res.status, status_text: res.statusText, body, headers: res.headers, timings,
      error: res.failure?.message ?? '', error_code: res.failure?.code ?? (res.status >= 400 ? 1000 + res.status : 0),
      url, proto: 'HTTP/1.1', request: { method, url, headers, body: payload },
      json: (selector?: string) => {
        if (selector) throw new Error('json(selector) is not supported by the built-in engine: parse the body and select in code');
        return JSON.parse(text) as unknown;
      },
    };
    const bytesSent = Buffer.byteLength(payload) + headerBytes(headers, method.length + url.length + 12);
    return { response, bytesSent, bytesReceived: buffer.length + headerBytes(res.headers, 17) };
  }

  close(): Promise<void> {
    return this.agent.close();
  }
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
