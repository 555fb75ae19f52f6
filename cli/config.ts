// The effective configuration: an optional JSON file, then environment variables, then flags.
// Every error names the field, what was given, what is allowed, and the fix.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ErrorObject } from 'ajv/dist/2020.js';
import { harnessSchemaFile, harnessValidator } from '../spec/harness-schemas.ts';
import { getAt } from '../spec/json-pointer.ts';
import { readJsonConfig } from './config-file.ts';
import { HarnessError } from './errors.ts';

export interface HarnessConfig {
  target?: string;
  agentId?: string;
  callIds?: string[];
  transferTo?: string[];
  allowRemote?: boolean;
  allowedTargets?: string[];
  reportDir?: string;
  history?: string;
  profile?: string;
  scenarios?: string[];
  engine?: 'k6' | 'node';
  release?: string;
  timeoutMs?: number;
  thresholds?: Record<string, string[]>;
}

export const DEFAULT_CONFIG_FILE = 'calls-harness.config.json';

function fromEnv(env: NodeJS.ProcessEnv): HarnessConfig {
  const out: HarnessConfig = {};
  if (env.CALLS_API_BASE_URL) out.target = env.CALLS_API_BASE_URL;
  if (env.CALLS_API_AGENT_ID) out.agentId = env.CALLS_API_AGENT_ID;
  if (env.CALLS_HARNESS_RELEASE) out.release = env.CALLS_HARNESS_RELEASE;
  return out;
}

export function loadConfig(file: string | undefined, flags: HarnessConfig, env: NodeJS.ProcessEnv = process.env): HarnessConfig {
  const path = file ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined);
  const fromFile = path ? readJsonConfig(path, 'configuration file') : {};
  check(fromFile, path ? resolve(path) : 'the configuration');
  const defined = Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined)) as HarnessConfig;
  const merged = { ...fromFile, ...fromEnv(env), ...defined } as HarnessConfig;
  check(merged, 'the configuration (file, environment and flags)');
  return merged;
}

function check(config: unknown, where: string): void {
  const validate = harnessValidator('config');
  if (validate(config)) return;
  const e = validate.errors?.[0] as ErrorObject;
  const path = e.instancePath.split('/').slice(1);
  const field = path.join('.') || String((e.params as { additionalProperty?: string }).additionalProperty ?? '(root)');
  const given = path.length ? ` is ${JSON.stringify(getAt(config, e.instancePath))}` : ' is not allowed';
  throw new HarnessError('E_CONFIG_INVALID', `In ${where}, "${field}"${given}: it must be ${allowedText(e)}. Fix that field (schema: schemas/harness/config.schema.json).`);
}

function allowedText(e: ErrorObject): string {
  if (e.keyword === 'additionalProperties') return `a known field (see ${harnessSchemaFile('config')})`;
  if (e.keyword === 'enum') return `one of ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`;
  return (e.message ?? 'a valid value').replace(/^must /, '');
}

/** The configuration as `config --print` shows it: the token only as whether it is set. */
export function printable(config: HarnessConfig, env: NodeJS.ProcessEnv = process.env): Record<string, unknown> {
  const token = env.CALLS_API_TOKEN;
  return { ...config, token: token ? `${token.slice(0, 3)}… (set in CALLS_API_TOKEN, masked)` : '(not set: CALLS_API_TOKEN)' };
}
