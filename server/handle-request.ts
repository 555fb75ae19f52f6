// One API request, start to finish: route, faults, auth, body, handler, mutations, latency.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CatalogOperation } from '../openapi/index.ts';
import { ApiError, unauthorized } from './api-error.ts';
import { decideFault, stallWait } from './faults.ts';
import { parseJsonBody, readBody, send } from './http-io.ts';
import { modelFor, sampleDelay } from './latency.ts';
import { activeFor } from './mutations/active.ts';
import { HANDLERS, type RouteResult } from './routes/index.ts';
import type { ServerRuntime } from './runtime.ts';
import { timerMs } from '../core/index.ts';

export interface Reply {
  status: number;
  json: string;
  contentType?: string;
  headers?: Record<string, string>;
}

/** Requests that will never be answered (the hang fault), released when the server closes. */
export type HungSet = Set<ServerResponse>;

export async function handleApiRequest(rt: ServerRuntime, req: IncomingMessage, res: ServerResponse, url: URL, hung: HungSet): Promise<void> {
  const arrived = performance.now();
  const match = rt.router.match(req.method ?? 'GET', url.pathname);
  if (match === 'no-route' || match === 'wrong-method') {
    const err = match === 'no-route' ? new ApiError(404, 'NOT_FOUND', 'no such route') : new ApiError(405, 'METHOD_NOT_ALLOWED', 'method not allowed');
    return send(res, err.status, JSON.stringify(err.body()));
  }
  const op = match.operation;
  // Every API request holds a worker first, as a saturated service's requests queue before any work.
  if (rt.workers) await rt.workers.pass();
  const fault = decideFault(rt.faults, op.operationId, rt.rnd, ++rt.servedSinceFaults, rt.bucket);
  if (fault.kind === 'reset') return void req.socket.resetAndDestroy();
  if (fault.kind === 'hang') return void hung.add(res);

  let reply: Reply;
  if (fault.kind === 'error') reply = errorReply(new ApiError(fault.status, fault.status === 503 ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_ERROR', 'injected fault'));
  else if (fault.kind === 'rate-limit') reply = errorReply(new ApiError(429, 'RATE_LIMITED', 'rate limit exceeded', undefined, { 'retry-after': String(fault.retryAfterSeconds) }));
  else reply = await answer(rt, req, op, match.params, url);

  const now = Date.now();
  const delay = sampleDelay(modelFor(rt.latency, op.operationId), rt.rnd) + stallWait(rt.faults, op.operationId, now, rt.epoch);
  // What the record holds is the request's time in the server, from its arrival to its answer:
  // the injected delay as it happened (a timer fires late on a busy server, or early by the event
  // loop's stale clock), the worker queue and the handling with it. That is the API's share of
  // what a client measures, the truth the accuracy benchmarks judge the harness by.
  const answered = () => {
    rt.delays.add(op.operationId, performance.now() - arrived);
    send(res, reply.status, reply.json, reply.contentType, reply.headers);
  };
  // Each part is bounded by the config's schema, but their sum (or a lognormal's tail) may pass
  // what a timer holds, and Node would answer such a delay in 1 ms.
  if (delay > 0) setTimeout(answered, timerMs(delay));
  else answered();
}

async function answer(rt: ServerRuntime, req: IncomingMessage, op: CatalogOperation, params: Record<string, string>, url: URL): Promise<Reply> {
  const id = op.operationId;
  const bypass = activeFor(rt.mutations, 'auth-bypass', id).length > 0;
  if (!bypass && rt.keys.check(req.headers.authorization) !== 'ok') {
    const badBody = activeFor(rt.mutations, 'auth-body', id).length > 0;
    if (op.requestBody) req.resume();
    return badBody ? { status: 401, json: '{"message":"Unauthorized"}' } : errorReply(unauthorized());
  }
  try {
    const body = op.requestBody ? await requestBody(rt, req, op) : undefined;
    const quirks = new Set(activeFor(rt.mutations, 'lifecycle', id).map((m) => m.name));
    const result = (HANDLERS[id] as (typeof HANDLERS)[string])({ store: rt.store, params, query: url.searchParams, body, now: Date.now(), quirks });
    return successReply(rt, id, result);
  } catch (err) {
    if (err instanceof ApiError) return errorReply(err);
    throw err;
  }
}

async function requestBody(rt: ServerRuntime, req: IncomingMessage, op: CatalogOperation): Promise<unknown> {
  const spec = op.requestBody as NonNullable<CatalogOperation['requestBody']>;
  const body = parseJsonBody(req, await readBody(req));
  if (body === undefined) {
    if (spec.required) throw new ApiError(400, 'VALIDATION_ERROR', 'invalid request body', [{ path: '', message: 'request body is required' }]);
    return undefined;
  }
  const issues = rt.registry.issues(spec.schema, body);
  if (issues.length) throw new ApiError(400, 'VALIDATION_ERROR', 'invalid request body', issues);
  return body;
}

function successReply(rt: ServerRuntime, operationId: string, result: RouteResult): Reply {
  let json = result.json ?? JSON.stringify(result.body);
  let status = result.status;
  const bodyMutations = [...activeFor(rt.mutations, 'body', operationId), ...activeFor(rt.mutations, 'lifecycle', operationId).filter((m) => m.mutate)];
  if (bodyMutations.length) {
    const body: unknown = JSON.parse(json);
    for (const m of bodyMutations) m.mutate?.(operationId, body);
    json = JSON.stringify(body);
  }
  if (activeFor(rt.mutations, 'status', operationId).length) status = status === 201 ? 200 : 202;
  const html = activeFor(rt.mutations, 'content-type', operationId).length > 0;
  return html ? { status, json, contentType: 'text/html; charset=utf-8' } : { status, json };
}

function errorReply(err: ApiError): Reply {
  return { status: err.status, json: JSON.stringify(err.body()), headers: err.headers };
}
