// A thin Calls API client for k6: every request tagged with its operationId, every response
// checked for its status, and its body validated by the validators compiled at build time (every
// body, a sample, or none, as the profile's "validate" says; see body-sampling.ts).
import { check, type Checkers } from 'k6';
import http from 'k6/http';
import catalog from '../../schemas/catalog.json';
import { bodySampler, validateModeText } from './body-sampling.ts';
import { bodiesValidated, contractViolations } from './metrics.ts';
import type { ScenarioEnv } from './env.ts';
import { keepViolationSample, schemaErrors } from './violation-sample.ts';
import { pathSegment } from '../../core/portable.ts';
import * as validators from './validators.generated.js';

type Validator = ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null };

interface Operation {
  operationId: string;
  method: string;
  path: string;
  successStatus: number;
  responseSchema: string;
}

const OPERATIONS: Record<string, Operation> = {};
for (const op of catalog.operations as Operation[]) OPERATIONS[op.operationId] = op;

export interface ApiResult {
  status: number;
  /** The parsed body, or null when it was not JSON. */
  body: Record<string, unknown> | null;
  /** Status and body kept the contract. */
  ok: boolean;
  /** Why no answer came (status 0): k6's error text, e.g. a TLS or dial error; '' otherwise. */
  error: string;
}

export interface SendOptions {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /** Statuses besides the documented one that this step expects (a 409 for a race's loser). */
  alsoExpected?: number[];
  tags?: Record<string, string>;
}

/**
 * What a request of one operation with one set of expected statuses needs, made once (a load
 * run sends thousands a second): its response callback, check names, tags, path builder.
 */
interface Prepared {
  expected: number[];
  callback: ReturnType<typeof http.expectedStatuses>;
  statusCheck: string;
  successCheck: string;
  errorCheck: string;
  /** check() sets of one check each, judging the value given (made once, not per response). */
  checks: { status: Checkers<boolean>; success: Checkers<boolean>; error: Checkers<boolean> };
  /** The request's tags when the caller adds none (shared: neither engine keeps or changes them). */
  tags: Record<string, string>;
  /** The path with its {parameters} filled from the values given. */
  path: (params: Record<string, string> | undefined) => string;
}

const prepared: Record<string, Prepared> = {};

function prepare(op: Operation, also: number[] | undefined): Prepared {
  const key = also ? `${op.operationId}:${also.join(',')}` : op.operationId;
  let p = prepared[key];
  if (!p) {
    const expected = also ? [op.successStatus, ...also] : [op.successStatus];
    p = prepared[key] = {
      expected,
      callback: http.expectedStatuses(...expected),
      statusCheck: `${op.operationId} answers ${expected.join(' or ')}`,
      successCheck: `${op.operationId} body is a valid ${op.responseSchema}`,
      errorCheck: `${op.operationId} body is a valid ${op.responseSchema} or Error`,
      checks: { status: {}, success: {}, error: {} },
      tags: { name: op.operationId },
      path: pathBuilder(op.path),
    };
    p.checks.status[p.statusCheck] = holds;
    p.checks.success[p.successCheck] = holds;
    p.checks.error[p.errorCheck] = holds;
  }
  return p;
}

const holds = (ok: boolean) => ok;

/** `/v1/calls/{id}` as literal parts and parameter names, joined per request without a regex. */
function pathBuilder(template: string): (params: Record<string, string> | undefined) => string {
  const parts = template.split(/\{(\w+)\}/);
  if (parts.length === 1) return () => template;
  return (params) => {
    let out = parts[0] as string;
    for (let i = 1; i < parts.length; i += 2) out += pathSegment((params ?? {})[parts[i] as string] ?? '') + (parts[i + 1] as string);
    return out;
  };
}

/** The request headers of a token, made once (the token does not change during a run). */
const headersOf: Record<string, Record<string, string>> = {};

function headers(token: string): Record<string, string> {
  return (headersOf[token] ??= { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' });
}

/** One sampler per mode (a run has one); keys are operation and VU, as the sample is per VU. */
const samplers: Record<string, (key: string) => boolean> = {};

function validatesBody(env: ScenarioEnv, operationId: string): boolean {
  const mode = env.validate;
  if (mode.kind !== 'sample') return mode.kind === 'all';
  const sampler = (samplers[validateModeText(mode)] ??= bodySampler(mode));
  return sampler(`${operationId}:${__VU}`);
}

export async function send(env: ScenarioEnv, operationId: string, opts: SendOptions = {}): Promise<ApiResult> {
  const op = OPERATIONS[operationId];
  if (!op) throw new Error(`unknown operation ${operationId}`);
  const p = prepare(op, opts.alsoExpected);
  const q = opts.query;
  const query = q ? Object.keys(q).map((k) => `${k}=${encodeURIComponent(q[k] as string)}`).join('&') : '';
  const res = await http.asyncRequest(op.method, `${env.baseUrl}${p.path(opts.params)}${query ? `?${query}` : ''}`, opts.body === undefined ? null : JSON.stringify(opts.body), {
    headers: headers(env.token),
    tags: opts.tags ? { name: operationId, ...opts.tags } : p.tags,
    responseCallback: p.callback,
  });
  const body = parseJson(res.body);
  const ok = judge(env, op, p, res.status, body, res.body);
  return { status: res.status, body, ok, error: res.error };
}

function parseJson(text: unknown): Record<string, unknown> | null {
  try {
    return JSON.parse(text as string) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** Checks status and body (when this response is one the profile validates); keeps a sample of what failed. */
function judge(env: ScenarioEnv, op: Operation, p: Prepared, status: number, body: Record<string, unknown> | null, raw: unknown): boolean {
  const success = status === op.successStatus;
  const validate = (validators as unknown as Record<string, Validator>)[success ? op.responseSchema : 'Error'] as Validator;
  const statusOk = p.expected.indexOf(status) !== -1;
  const bodyCheck = success ? p.successCheck : p.errorCheck;
  let bodyOk = true;
  let ok = check(statusOk, p.checks.status);
  if (validatesBody(env, op.operationId)) {
    bodyOk = body !== null && validate(body);
    ok = check(bodyOk, success ? p.checks.success : p.checks.error) && ok;
    bodiesValidated.add(1, p.tags);
  }
  contractViolations.add(!ok, p.tags);
  if (!statusOk) keepViolationSample(p.statusCheck, status, [`status ${status}, expected ${p.expected.join(' or ')}`], String(raw ?? ''), env.token);
  if (!bodyOk) keepViolationSample(bodyCheck, status, body === null ? ['the body is not JSON'] : schemaErrors(validate.errors), String(raw ?? ''), env.token);
  return ok;
}
