// A thin Calls API client for k6: every request tagged with its operationId, every response
// checked for its status, and its body validated by the validators compiled at build time (every
// body, a sample, or none, as the profile's "validate" says; see body-sampling.ts).
import { check } from 'k6';
import http from 'k6/http';
import catalog from '../../schemas/catalog.json';
import { bodySampler, validateModeText } from './body-sampling.ts';
import { bodiesValidated, contractViolations } from './metrics.ts';
import type { ScenarioEnv } from './env.ts';
import { keepViolationSample, schemaErrors } from './violation-sample.ts';
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
  const body = parseJson(res.body);
  const ok = judge(env, op, expected, res.status, body, String(res.body ?? ''));
  return { status: res.status, body, ok };
}

function parseJson(text: unknown): Record<string, unknown> | null {
  try {
    return JSON.parse(text as string) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** Checks status and body (when this response is one the profile validates); keeps a sample of what failed. */
function judge(env: ScenarioEnv, op: Operation, expected: number[], status: number, body: Record<string, unknown> | null, text: string): boolean {
  const names = prepare(op, expected);
  const success = status === op.successStatus;
  const validate = (validators as unknown as Record<string, Validator>)[success ? op.responseSchema : 'Error'] as Validator;
  const statusOk = expected.indexOf(status) !== -1;
  const checks: Record<string, () => boolean> = { [names.statusCheck]: () => statusOk };
  const bodyCheck = success ? names.successCheck : names.errorCheck;
  let bodyOk = true;
  if (validatesBody(env, op.operationId)) {
    bodyOk = body !== null && validate(body);
    checks[bodyCheck] = () => bodyOk;
    bodiesValidated.add(1, { name: op.operationId });
  }
  const ok = check(null, checks) && statusOk;
  contractViolations.add(!ok, { name: op.operationId });
  if (!statusOk) keepViolationSample(names.statusCheck, status, [`status ${status}, expected ${expected.join(' or ')}`], text, env.token);
  if (!bodyOk) keepViolationSample(bodyCheck, status, body === null ? ['the body is not JSON'] : schemaErrors(validate.errors), text, env.token);
  return ok;
}
