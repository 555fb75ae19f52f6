// A finding is data: which check, where, what was declared, what came back, how to reproduce it.
import { curlFor } from './curl.ts';
import type { Exchange } from './exchange.ts';

export type Severity = 'error' | 'warning';

export interface Finding {
  check: string;
  operationId: string;
  severity: Severity;
  title: string;
  expected: string;
  received: string;
  instancePath?: string;
  request: { method: string; url: string; body?: unknown };
  status?: number;
  curl: string;
  /** The run's --seed: with `reproduce`, the same requests again. */
  seed?: number;
  /** `calls-harness contract --seed S --operations ID --checks NAME`: the case that found it, alone. */
  reproduce?: string;
  /** A lifecycle finding: the smallest sequence that breaks the model, its steps numbered. */
  sequence?: { n: number; command: string; operationId: string; request: { method: string; url: string; body?: unknown }; status: number | null; received: string; curl: string; broke?: string }[];
  /** What `contract --replay FILE` runs again, when written to a file. */
  replay?: unknown;
  /** The finding rests on what any client would assume where the documents are silent. */
  assumption?: boolean;
  /** A request without a valid token was accepted: a hole in authentication (reports say it first). */
  security?: boolean;
}

const MAX_RECEIVED = 500;

export function finding(check: string, ex: Exchange, title: string, expected: string, received?: string, extra: Partial<Finding> = {}): Finding {
  const r = ex.request;
  const request = r.body === undefined ? { method: r.method, url: r.url } : { method: r.method, url: r.url, body: r.body };
  return {
    check,
    operationId: ex.operationId,
    severity: 'error',
    title,
    expected,
    received: clip(received ?? describeReceived(ex)),
    request,
    ...(ex.response ? { status: ex.response.status } : {}),
    curl: curlFor(r),
    ...extra,
  };
}

/** "201 application/json {...}", or why nothing came back. */
export function describeReceived(ex: Exchange): string {
  if (ex.failure) return `no response: ${ex.failure.kind} (${ex.failure.message})`;
  const res = ex.response;
  if (!res) return 'no response';
  const location = res.status >= 300 && res.status < 400 && res.headers.location !== undefined ? ` redirect to ${res.headers.location} (not followed)` : '';
  // A body the harness did not read whole says so: what is shown is not all that came.
  const unread = res.oversize ? ` [${res.jsonError}]` : '';
  return `${res.status}${location} ${res.contentType || '(no content type)'}${unread} ${res.text}`;
}

export function clip(text: string): string {
  return text.length > MAX_RECEIVED ? `${text.slice(0, MAX_RECEIVED)}… (${text.length} characters)` : text;
}
