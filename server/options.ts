// Server options: defaults as one plain object, and validation against the config schema.
import type { ErrorObject } from 'ajv/dist/2020.js';
import { getAt, LONGEST_TIMER_MS, LONGEST_TIMER_TEXT } from '../core/index.ts';
import { harnessValidator } from '../openapi/index.ts';
import { ServerConfigError } from './config-error.ts';
import type { CapacityConfig } from './capacity-model.ts';
import type { FaultConfig } from './faults.ts';
import type { LatencyConfig } from './latency.ts';

export interface ServerOptions {
  port: number;
  host: string;
  apiKeys: string[];
  revokedKeys: string[];
  seed: number;
  agents: number;
  callsPerAgent: number;
  liveRatio: number;
  transferStepMs: number;
  latency: LatencyConfig;
  faults: FaultConfig;
  mutations: string[];
  /** A finite capacity (N workers, each held serviceTimeMs per request), or null for none. */
  capacity: CapacityConfig | null;
}

export const DEFAULT_SERVER_OPTIONS: ServerOptions = {
  port: 0,
  host: '127.0.0.1',
  apiKeys: [],
  revokedKeys: [],
  seed: 1,
  agents: 3,
  callsPerAgent: 40,
  liveRatio: 0.5,
  transferStepMs: 100,
  latency: {},
  faults: {},
  mutations: [],
  capacity: null,
};


/** Checks a (partial) configuration, or one of its parts named by a $defs entry. */
export function validateServerConfig(config: unknown, part?: 'latency' | 'faults' | 'mutations', origin = 'server configuration', label: (field: string) => string = (f) => `"${f}"`): void {
  const validate = harnessValidator('server-config', part);
  if (validate(config)) return;
  const first = pickError(validate.errors ?? []);
  const field = (part ? `${part}${first.instancePath.replace(/\//g, '.')}` : first.instancePath.slice(1).replace(/\//g, '.')) || '(root)';
  const given = JSON.stringify(getAt(config, first.instancePath)) ?? 'nothing';
  throw new ServerConfigError('E_SERVER_CONFIG', `Invalid ${origin}: ${label(field)} ${describe(first)}; given ${given}. Fix that value (the schema is schemas/harness/server-config.schema.json).`);
}

export function resolveServerOptions(partial: Partial<ServerOptions>, origin?: string, label?: (field: string) => string): ServerOptions {
  validateServerConfig(partial, undefined, origin, label);
  return { ...DEFAULT_SERVER_OPTIONS, ...partial };
}

function pickError(errors: ErrorObject[]): ErrorObject {
  // oneOf failures report every branch; the most specific error is the deepest one, and among
  // the deepest, not a branch's const (a latency model's "model": the branch that was meant failed elsewhere).
  const rank = (e: ErrorObject) => e.instancePath.split('/').length * 2 + (e.keyword === 'const' ? 0 : 1);
  return [...errors].sort((a, b) => rank(b) - rank(a))[0] as ErrorObject;
}

function describe(e: ErrorObject): string {
  if (e.keyword === 'additionalProperties') return `has an unknown field "${String(e.params.additionalProperty)}"`;
  // A time past what a Node timer holds would fire at once: say why the bound is there.
  if (e.keyword === 'maximum' && e.params.limit === LONGEST_TIMER_MS) return `must be at most ${LONGEST_TIMER_MS} ms (${LONGEST_TIMER_TEXT}: the longest a Node timer waits)`;
  if (e.keyword === 'enum' || e.keyword === 'const') return `must be one of ${JSON.stringify(e.params.allowedValues ?? e.params.allowedValue)}`;
  return e.message ?? e.keyword;
}
