// The `k6/http` module for scenarios run by the built-in engine: asyncRequest and friends.
import type { RequestParams, ResponseCallback } from '../http-client.ts';
import { runtime, unsupported } from './runtime-handle.ts';

type Range = { min: number; max: number };

export function expectedStatuses(...statuses: (number | Range)[]): ResponseCallback {
  // Called on every response: a set lookup, and no closure per call.
  const exact = new Set(statuses.filter((s): s is number => typeof s === 'number'));
  const ranges = statuses.filter((s): s is Range => typeof s !== 'number');
  const inRange = (status: number) => {
    for (const r of ranges) if (status >= r.min && status <= r.max) return true;
    return false;
  };
  const fn = ((status: number) => exact.has(status) || (ranges.length > 0 && inRange(status))) as ResponseCallback;
  fn.expected = true;
  return fn;
}

export function setResponseCallback(cb: ResponseCallback): void {
  runtime().setResponseCallback(cb);
}

export function asyncRequest(method: string, url: string, body?: string | null | Record<string, string>, params: RequestParams = {}) {
  const payload = body === undefined || body === null ? null : typeof body === 'string' ? body : new URLSearchParams(body).toString();
  return runtime().request(method.toUpperCase(), url, payload, params);
}

const SYNC = 'synchronous HTTP blocks the VU and cannot run in Node\'s event loop; use `await http.asyncRequest(...)`';
export const request = (): never => unsupported('http.request()', SYNC);
export const get = (): never => unsupported('http.get()', SYNC);
export const post = (): never => unsupported('http.post()', SYNC);
export const put = (): never => unsupported('http.put()', SYNC);
export const patch = (): never => unsupported('http.patch()', SYNC);
export const del = (): never => unsupported('http.del()', SYNC);
export const head = (): never => unsupported('http.head()', SYNC);
export const options = (): never => unsupported('http.options()', SYNC);
export const batch = (): never => unsupported('http.batch()', SYNC);

export default { asyncRequest, expectedStatuses, setResponseCallback, request, get, post, put, patch, del, head, options, batch };
