// Sends catalog operations to the target and records each exchange; never throws for what the
// target does (refusals, timeouts, resets, HTML), only for the harness's own mistakes.
import type { CatalogOperation } from '../openapi/index.ts';
import { BAD_AUTH, type AuthVariant } from './auth-variants.ts';
import type { Credentials } from './credentials.ts';
import type { Exchange, ExchangeResponse, FailureKind } from './exchange.ts';
import { pathSegment, redact, redactValue } from '../core/index.ts';
import { jsonHazards } from './json-hazards.ts';
import { RateLimitBudget } from './rate-limit.ts';
import { limitText, readBody } from './read-body.ts';
import { RunInterrupted, type RunStopped } from './run-stopped.ts';
import type { TargetHealth } from './target-health.ts';

export interface SendOptions {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  auth?: AuthVariant;
}

export class ApiClient {
  /** Set once the target has answered: judges whether a request with no answer means the target is gone. */
  health: TargetHealth | null = null;
  readonly rateLimit = new RateLimitBudget();
  /** Aborted by a signal: requests in flight and Retry-After waits end at once. */
  interrupt: AbortSignal | null = null;

  constructor(
    readonly baseUrl: string,
    private readonly credentials: Credentials,
    readonly timeoutMs: number,
  ) {}

  urlFor(op: CatalogOperation, params: Record<string, string> = {}, query: Record<string, string> = {}): string {
    const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => pathSegment(params[name] ?? ''));
    const qs = new URLSearchParams(query).toString();
    return `${this.baseUrl.replace(/\/$/, '')}${path}${qs ? `?${qs}` : ''}`;
  }

  /**
   * Sends the request as the checks see it: 429s waited out as Retry-After asks (bounded), and no
   * answer at all confirmed against the target's health. Throws RunStopped when the target is lost
   * or stays rate-limited: neither is the API's conformance.
   */
  async send(op: CatalogOperation, opts: SendOptions = {}): Promise<Exchange> {
    for (let attempt = 0; ; attempt++) {
      this.throwIfStopping();
      const ex = await this.sendOnce(op, opts);
      // A request cut short by a signal says nothing about the API.
      if (this.interrupt?.aborted) throw new RunInterrupted();
      if (ex.failure) {
        await this.health?.confirm(`${op.operationId}: ${ex.failure.message}`);
        return ex;
      }
      if (ex.response?.status !== 429) return ex;
      const wait = this.rateLimit.waitBeforeRetry(ex.response.headers['retry-after'], attempt, `${op.method} ${new URL(ex.request.url).pathname}`);
      await pause(wait, this.interrupt);
    }
  }

  private throwIfStopping(): void {
    if (this.interrupt?.aborted) throw new RunInterrupted();
    const stopped = this.stopped();
    if (stopped) throw stopped;
  }

  /** Why no more requests may go out (the target is lost, or stayed rate-limited), or null. */
  stopped(): RunStopped | null {
    return this.health?.lost ?? this.rateLimit.exhausted;
  }

  private requestSignal(): AbortSignal {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    return this.interrupt ? AbortSignal.any([timeout, this.interrupt]) : timeout;
  }

  /** One request, as it went: no retry, no health judgement. */
  async sendOnce(op: CatalogOperation, opts: SendOptions = {}): Promise<Exchange> {
    const auth = opts.auth ?? 'valid';
    const url = this.urlFor(op, opts.params, opts.query);
    const headers: Record<string, string> = { accept: 'application/json' };
    const header = auth === 'valid' ? this.credentials.authorization() : BAD_AUTH[auth].header;
    if (header !== null) headers.authorization = header;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    // As recorded for findings and replays: an id or body field the target chose may be a secret it echoed.
    const request = redactValue({ method: op.method, url, auth, ...(opts.body === undefined ? {} : { body: opts.body }) });
    const t0 = performance.now();
    try {
      const res = await fetch(url, { method: op.method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body), signal: this.requestSignal(), redirect: 'manual' });
      const body = await readBody(res).catch((err: unknown) => { throw new BodyCut(res.status, err); });
      return { operationId: op.operationId, request, response: this.responseOf(res, body), ms: performance.now() - t0 };
    } catch (err) {
      // An error may quote the request's headers: what it says is redacted as answers are.
      const failure = err instanceof BodyCut ? err.failure(this.timeoutMs) : classify(err, this.timeoutMs);
      return { operationId: op.operationId, request, failure: { ...failure, message: redact(failure.message) }, ms: performance.now() - t0 };
    }
  }

  /** Header values as findings may quote them (a redirect's Location): a target may echo the token in any. */
  private redactedHeaders(headers: Headers): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of headers) out[name] = redact(value);
    return out;
  }

  /** The response as the checks read it: the body parsed unless it is too large or too deep to. */
  private responseOf(res: Response, body: Awaited<ReturnType<typeof readBody>>): ExchangeResponse {
    // Of an oversize body, only what a report can show is kept: redacted before it is cut, so a
    // token that straddles the cut never leaves its first characters in a report. Every secret
    // the harness holds is taken out, in every encoding a target may echo it in (core/secrets.ts).
    const redacted = redact(body.text);
    const text = body.oversize ? redacted.slice(0, OVERSIZE_TEXT_KEPT) : redacted;
    const head = { status: res.status, contentType: res.headers.get('content-type') ?? '', headers: this.redactedHeaders(res.headers), text };
    const wire = { ...(body.notUtf8At === undefined ? {} : { notUtf8At: body.notUtf8At }), ...(body.bom ? { bom: true } : {}) };
    if (body.oversize) {
      const limit = limitText(body.oversize.limitBytes);
      const inflated = body.oversize.encoding ? ` once inflated (Content-Encoding: ${body.oversize.encoding})` : '';
      const size = body.oversize.announcedBytes === null ? `the body went on past the ${limit} the harness reads${inflated}` : `the body is ${body.oversize.announcedBytes} bytes (Content-Length), beyond the ${limit} the harness reads`;
      return { ...head, oversize: body.oversize, jsonError: size };
    }
    // Judged and parsed as the target sent it, then redacted as values: a parser decodes escapes
    // (\u0073, \/) into the secret, and redacting raw text first could leave a broken escape.
    const hazards = redactValue(jsonHazards(body.text));
    const tooDeep = hazards.find((h) => h.kind === 'too-deep');
    // Never parsed: every check, report and JSON.stringify after would have to walk it.
    if (tooDeep) return { ...head, ...wire, hazards, jsonError: `the body is ${tooDeep.message} (at ${tooDeep.path})` };
    return { ...head, ...wire, ...(hazards.length ? { hazards } : {}), ...redactValue(parseJson(body.text)) };
  }
}

const OVERSIZE_TEXT_KEPT = 4096;

/** Waits `ms`, or less when the signal aborts. */
function pause(ms: number, signal: AbortSignal | null): Promise<void> {
  return new Promise((resolve) => {
    const done = () => { clearTimeout(timer); resolve(); };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

function parseJson(text: string): { json?: unknown; jsonError?: string } {
  try {
    return { json: JSON.parse(text) };
  } catch (err) {
    return { jsonError: (err as Error).message };
  }
}

type Failure = { kind: FailureKind; message: string };

/** The status line and headers came, the body did not end: a cut body, not a silent target. */
class BodyCut extends Error {
  constructor(readonly status: number, readonly reason: unknown) {
    super('body cut');
  }

  failure(timeoutMs: number): Failure {
    const inner = classify(this.reason, timeoutMs);
    if (inner.kind === 'timeout') return { kind: 'timeout', message: `a ${this.status} answer whose body did not end within ${timeoutMs} ms` };
    return { kind: 'truncated', message: `a ${this.status} answer whose body ended early: ${inner.message}` };
  }
}

/** Error codes of undici and Node, by what they mean for a report. */
const BY_CODE: [RegExp, (code: string, detail: string) => Failure][] = [
  [/^ECONNREFUSED$/, () => ({ kind: 'refused', message: 'connection refused' })],
  [/^(ENOTFOUND|EAI_AGAIN)$/, (code) => ({ kind: 'dns', message: `host name does not resolve (${code})` })],
  [/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i, (_c, detail) => ({ kind: 'tls', message: `TLS failed: ${detail}` })],
  [/^(ECONNRESET|UND_ERR_SOCKET|EPIPE)$/, (code) => ({ kind: 'reset', message: `connection reset (${code})` })],
  [/^UND_ERR_HEADERS_OVERFLOW$/, (code) => ({ kind: 'other', message: `an answer whose headers passed the 16 KiB an HTTP client reads (${code})` })],
];

/** Names what went wrong on the wire, from undici's error and its cause. */
export function classify(err: unknown, timeoutMs: number): Failure {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  const code = e.cause?.code ?? '';
  const detail = `${e.cause?.message ?? e.message}`;
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return { kind: 'timeout', message: `no complete answer within ${timeoutMs} ms` };
  const known = BY_CODE.find(([pattern]) => pattern.test(code));
  if (known) return known[1](code, detail);
  if (/certificate/i.test(detail)) return { kind: 'tls', message: `TLS failed: ${detail}` };
  if (/terminated|premature|aborted/i.test(`${e.message} ${detail}`)) return { kind: 'truncated', message: `the body ended early: ${detail}` };
  return { kind: 'other', message: `${code ? `${code}: ` : ''}${detail}` };
}
