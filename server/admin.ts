// The control API under /_harness/: switch faults, mutations and latency at run time, and read
// the record of injected delays. Same bearer keys as the API; never part of the Calls API.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, unauthorized } from './api-error.ts';
import { ServerConfigError } from './config-error.ts';
import { readBody, send } from './http-io.ts';
import { describeMutations } from './mutations/active.ts';
import type { ServerRuntime } from './runtime.ts';

export const ADMIN_PREFIX = '/_harness/';

export async function handleAdminRequest(rt: ServerRuntime, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  try {
    if (rt.keys.check(req.headers.authorization) !== 'ok') throw unauthorized();
    const route = `${req.method} ${url.pathname.slice(ADMIN_PREFIX.length)}`;
    const body = req.method === 'PUT' || req.method === 'POST' ? await jsonBody(req) : undefined;
    send(res, 200, JSON.stringify(adminAction(rt, route, body)));
  } catch (err) {
    const apiErr = err instanceof ServerConfigError ? new ApiError(400, err.code, err.message) : err;
    if (!(apiErr instanceof ApiError)) throw err;
    send(res, apiErr.status, JSON.stringify(apiErr.body()));
  }
}

function adminAction(rt: ServerRuntime, route: string, body: unknown): unknown {
  switch (route) {
    case 'GET state':
      return state(rt);
    case 'PUT faults':
      rt.setFaults(body as never);
      return state(rt);
    case 'PUT latency':
      rt.setLatency(body as never);
      return state(rt);
    case 'PUT mutations':
      rt.setMutations(body as never);
      return state(rt);
    case 'GET mutations':
      return describeMutations(rt.operationIds);
    case 'GET delays':
      return rt.delays.stats();
    case 'DELETE delays':
      rt.delays.clear();
      return {};
    case 'POST revoke':
      rt.keys.revoke(String((body as { key?: unknown } | undefined)?.key ?? ''));
      return {};
    default:
      throw new ApiError(404, 'NOT_FOUND', `no control route "${route}"`);
  }
}

function state(rt: ServerRuntime) {
  return { faults: rt.faults, latency: rt.latency, mutations: rt.mutationSpecs };
}

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const raw = await readBody(req);
  try {
    return raw.length ? JSON.parse(raw.toString('utf8')) : undefined;
  } catch {
    throw new ApiError(400, 'VALIDATION_ERROR', 'control request body is not valid JSON');
  }
}
