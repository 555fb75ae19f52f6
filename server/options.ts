// Server options: defaults as one plain object, and validation against the config schema.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { SCHEMAS_DIR } from '../spec/paths.ts';
import { ServerConfigError } from './config-error.ts';
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
};

const SCHEMA_FILE = join(SCHEMAS_DIR, 'harness', 'server-config.schema.json');
const ajv = new Ajv2020({ allErrors: true, strict: false });
ajv.addSchema(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object);
const SCHEMA_ID = 'https://speko-calls-harness.invalid/schemas/harness/server-config.schema.json';

/** Checks a (partial) configuration, or one of its parts named by a $defs entry. */
export function validateServerConfig(config: unknown, part?: 'latency' | 'faults' | 'mutations', origin = 'server configuration', label: (field: string) => string = (f) => `"${f}"`): void {
  const validate = ajv.getSchema(part ? `${SCHEMA_ID}#/$defs/${part}` : SCHEMA_ID);
  if (!validate) throw new Error(`schema ${SCHEMA_FILE} failed to load`);
  if (validate(config)) return;
  const first = pickError(validate.errors ?? []);
  const field = (part ? `${part}${first.instancePath.replace(/\//g, '.')}` : first.instancePath.slice(1).replace(/\//g, '.')) || '(root)';
  const given = JSON.stringify(valueAt(config, first.instancePath)) ?? 'nothing';
  throw new ServerConfigError('E_SERVER_CONFIG', `Invalid ${origin}: ${label(field)} ${describe(first)}; given ${given}. Fix that value (the schema is schemas/harness/server-config.schema.json).`);
}

export function resolveServerOptions(partial: Partial<ServerOptions>, origin?: string, label?: (field: string) => string): ServerOptions {
  validateServerConfig(partial, undefined, origin, label);
  return { ...DEFAULT_SERVER_OPTIONS, ...partial };
}

function pickError(errors: ErrorObject[]): ErrorObject {
  // oneOf failures report every branch; the most specific error is the deepest one.
  return [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length)[0] as ErrorObject;
}

function describe(e: ErrorObject): string {
  if (e.keyword === 'additionalProperties') return `has an unknown field "${String(e.params.additionalProperty)}"`;
  if (e.keyword === 'enum' || e.keyword === 'const') return `must be one of ${JSON.stringify(e.params.allowedValues ?? e.params.allowedValue)}`;
  return e.message ?? e.keyword;
}

function valueAt(root: unknown, pointer: string): unknown {
  return pointer.split('/').slice(1).reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), root);
}
