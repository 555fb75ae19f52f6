// A thin Calls API client for k6: every request tagged with its operationId, every response
// checked for its status, and its body validated by the validators compiled at build time (every
// body, a sample, or none, as the profile's "validate" says; see body-sampling.ts).
import { check } from 'k6';
import http from 'k6/http';
import catalog from '../../schemas/catalog.json';
import { bodySampler, validateModeText } from './body-sampling.ts';
import { bodiesValidated, contractViolations } from './metrics.ts';
import type { ScenarioEnv } from './env.ts';
import * as validators from './validators.generated.js';

type Validator = (data: unknown) => boolean;

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
}

export interface SendOptions {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /** Statuses besides the documented one that this step expects (a 409 for a race's loser). */
  alsoExpected?: number[];
  tags?: Record<string, string>;
}

/** Response callbacks and check names, made once per operation and expected statuses. */
const prepared: Record<string, { callback: ReturnType<typeof http.expectedStatuses>; statusCheck: string; successCheck: string; errorCheck: string }> = {};

function prepare(op: Operation, expected: number[]) {
  const key = `${op.operationId}:${expected.join(',')}`;
  let p = prepared[key];
  if (!p) {
    p = prepared[key] = {
      callback: http.expectedStatuses(...expected),
      statusCheck: `${op.operationId} answers ${expected.join(' or ')}`,
      successCheck: `${op.operationId} body is a valid ${op.responseSchema}`,
      errorCheck: `${op.operationId} body is a valid ${op.responseSchema} or Error`,
    };
  }
  return p;
}

/** One sampler per mode (a run has one); keys are operation and VU, as the sample is per VU. */
const samplers: Record<string, (key: string) => boolean> = {};

function validatesBody(env: ScenarioEnv, operationId: string): boolean {
  const mode = validateModeText(env.validate);
  const sampler = (samplers[mode] ??= bodySampler(env.validate));
  return sampler(`${operationId}:${__VU}`);
}

export async function send(env: ScenarioEnv, operationId: string, opts: SendOptions = {}): Promise<ApiResult> {
  const op = OPERATIONS[operationId];
  if (!op) throw new Error(`unknown operation ${operationId}`);
  const path = op.path.replace(/\{(\w+)\}/g, (_m: string, name: string) => encodeURIComponent((opts.params ?? {})[name] ?? ''));
  const query = Object.keys(opts.query ?? {}).map((k) => `${k}=${encodeURIComponent((opts.query ?? {})[k] as string)}`).join('&');
  const expected = opts.alsoExpected ? [op.successStatus, ...opts.alsoExpected] : [op.successStatus];
  const names = prepare(op, expected);
  const res = await http.asyncRequest(op.method, `${env.baseUrl}${path}${query ? `?${query}` : ''}`, opts.body === undefined ? null : JSON.stringify(opts.body), {
    headers: { Authorization: `Bearer ${env.token}`, 'Content-Type': 'application/json' },
    tags: { name: operationId, ...opts.tags },
    responseCallback: names.callback,
  });
  let body: Record<string, unknown> | null = null;
  try {
    body = JSON.parse(res.body as string) as Record<string, unknown>;
  } catch {
    body = null;
  }
  const success = res.status === op.successStatus;
  const schema = success ? op.responseSchema : 'Error';
  const validate = (validators as unknown as Record<string, Validator>)[schema] as Validator;
  const checks: Record<string, (r: typeof res) => boolean> = { [names.statusCheck]: (r) => expected.indexOf(r.status) !== -1 };
  if (validatesBody(env, operationId)) {
    checks[success ? names.successCheck : names.errorCheck] = () => body !== null && validate(body);
    bodiesValidated.add(1, { name: operationId });
  }
  const results = check(res, checks);
  const ok = results && expected.indexOf(res.status) !== -1;
  contractViolations.add(!ok, { name: operationId });
  return { status: res.status, body, ok };
}
