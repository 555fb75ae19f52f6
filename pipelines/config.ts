// The effective configuration, the same for every command: flags, then environment variables,
// then the config file, then defaults; each value remembers where it came from. Every error
// names the field, what was given, what is allowed, and the fix.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ErrorObject } from 'ajv/dist/2020.js';
import { checkTarget, isLoopback, TargetError } from '../target/index.ts';
import { harnessSchemaFile, harnessValidator } from '../openapi/index.ts';
import { CodedError, getAt, isDotSegment } from '../core/index.ts';
import { readJsonConfig } from './config-file.ts';

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

type Field = keyof HarnessConfig;

export interface ResolvedConfig {
  config: HarnessConfig;
  /** Where each field's value came from: a flag, a variable, the file, or the default. */
  sources: Record<Field, string>;
}

export const DEFAULT_CONFIG_FILE = 'calls-harness.config.json';

/** The flag that sets each field, so that sources and errors name what the user typed. */
const FLAG_OF: Record<Field, string> = {
  target: '--target', agentId: '--agent', callIds: '--call-id', transferTo: '--transfer-to', allowRemote: '--allow-remote',
  allowedTargets: '(config file only)', reportDir: '--report-dir', history: '--history', profile: '--profile', scenarios: '--scenario',
  engine: '--engine', release: '--release', timeoutMs: '--timeout-ms', thresholds: '--threshold',
};

/** Environment variables that set a field. */
const ENV_OF: Partial<Record<Field, string>> = { target: 'CALLS_API_BASE_URL', agentId: 'CALLS_API_AGENT_ID', release: 'CALLS_HARNESS_RELEASE' };

/** What each command does when nothing sets a field; data, shown by `config --print`. */
const DEFAULT_OF: Record<Field, string> = {
  target: 'the embedded reference server', agentId: 'an agent of the embedded server (none for a target)', callIds: 'the agent call list',
  transferTo: 'fictional 555 numbers', allowRemote: 'false', allowedTargets: 'none', reportDir: 'a new folder under reports/out/',
  history: 'reports/out/history.ndjson', profile: 'smoke', scenarios: 'transfer-flows and read-mix (run)', engine: 'k6 when on PATH, else the built-in engine',
  release: 'none', timeoutMs: '10000 (contract requests)', thresholds: "the profile's",
};

export function loadConfig(file: string | undefined, flags: HarnessConfig, env: NodeJS.ProcessEnv = process.env): HarnessConfig {
  return resolveConfig(file, flags, env).config;
}

export function resolveConfig(file: string | undefined, flags: HarnessConfig, env: NodeJS.ProcessEnv = process.env): ResolvedConfig {
  const path = file ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined);
  const fromFile = (path !== undefined ? readJsonConfig(path, 'configuration file') : {}) as HarnessConfig;
  const where = path !== undefined ? resolve(path) : 'the configuration';
  // Targets first: a bad one is E_BAD_TARGET wherever it was typed, not a schema error.
  checkTargets(fromFile, `The target in ${where}`, `An allowedTargets entry in ${where}`);
  check(fromFile, where);
  const fromFlags = Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined)) as HarnessConfig;
  const layers: [string, HarnessConfig][] = [[`file ${where}`, fromFile], ['environment', fromEnv(env)], ['flag', fromFlags]];
  const config: HarnessConfig = {};
  const sources = Object.fromEntries(Object.entries(DEFAULT_OF).map(([k, v]) => [k, `default: ${v}`])) as Record<Field, string>;
  for (const [layer, values] of layers) {
    for (const [key, value] of Object.entries(values) as [Field, unknown][]) {
      // Thresholds merge per metric: a flag for one metric leaves the file's others in place.
      const merged = key === 'thresholds' ? { ...config.thresholds, ...(value as Record<string, string[]>) } : value;
      (config as Record<string, unknown>)[key] = merged;
      sources[key] = layer === 'flag' ? `flag ${FLAG_OF[key]}` : layer === 'environment' ? `environment ${ENV_OF[key]}` : layer;
    }
  }
  checkTargets(config, sourceLabel(sources.target, 'target'), sourceLabel(sources.allowedTargets, 'allowedTargets entry'));
  check(config, 'the configuration (file, environment and flags)');
  checkIds(config, sources);
  return { config, sources };
}

/** Empty variables are kept, not skipped: `CALLS_API_BASE_URL=` must not mean the embedded server. */
function fromEnv(env: NodeJS.ProcessEnv): HarnessConfig {
  const out: HarnessConfig = {};
  if (env.CALLS_API_BASE_URL !== undefined) out.target = env.CALLS_API_BASE_URL;
  if (env.CALLS_API_AGENT_ID) out.agentId = env.CALLS_API_AGENT_ID;
  if (env.CALLS_HARNESS_RELEASE) out.release = env.CALLS_HARNESS_RELEASE;
  return out;
}

function sourceLabel(source: string, field: string): string {
  if (source.startsWith('flag ')) return `The flag ${source.slice(5)}`;
  if (source.startsWith('environment ')) return `The variable ${source.slice(12)}`;
  return `The ${field} in ${source.replace(/^file /, '')}`;
}

/** Checks and normalises the target and allowedTargets in place (the schema judges other types). */
function checkTargets(config: HarnessConfig, targetSource: string, allowedSource: string): void {
  if (typeof config.target === 'string') config.target = targetOrFail(config.target, targetSource);
  if (Array.isArray(config.allowedTargets)) config.allowedTargets = config.allowedTargets.map((t) => (typeof t === 'string' ? targetOrFail(t, allowedSource) : t));
}

function targetOrFail(raw: string, source: string): string {
  try {
    return checkTarget(raw, source);
  } catch (err) {
    if (err instanceof TargetError) throw new CodedError(err.code, err.message);
    throw err;
  }
}

function check(config: unknown, where: string): void {
  const validate = harnessValidator('config');
  if (validate(config)) return;
  const e = validate.errors?.[0] as ErrorObject;
  const path = e.instancePath.split('/').slice(1);
  const field = path.join('.') || String((e.params as { additionalProperty?: string }).additionalProperty ?? '(root)');
  const given = path.length ? ` is ${JSON.stringify(getAt(config, e.instancePath))}` : ' is not allowed';
  throw new CodedError('E_CONFIG_INVALID', `In ${where}, "${field}"${given}: it ${allowedText(e)}. Fix that field (schema: schemas/harness/config.schema.json).`);
}

function allowedText(e: ErrorObject): string {
  if (e.keyword === 'additionalProperties') return `must be a known field (see ${harnessSchemaFile('config')})`;
  if (e.keyword === 'enum') return `must be one of ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`;
  if (e.keyword === 'minLength' && (e.params as { limit: number }).limit === 1) return 'must not be empty';
  return e.message ?? 'must be a valid value';
}

/**
 * Ids go into request paths (core/path-segment.ts): "." and ".." cannot, as no client
 * sends them as written (GET /v1/calls/.. is GET /v1/). Refused here, for every command alike.
 */
function checkIds(config: HarnessConfig, sources: Record<Field, string>): void {
  const agent = config.agentId !== undefined && isDotSegment(config.agentId) ? config.agentId : undefined;
  const call = (config.callIds ?? []).find(isDotSegment);
  const [field, id] = agent !== undefined ? ['agentId', agent] as const : ['callIds', call] as const;
  if (id !== undefined) refuseDotId(sourceLabel(sources[field], field), id, field === 'agentId' ? 'an agent id' : 'a call id');
}

/** E_BAD_ID for "." or "..", named with where it came from (`bundle --agent` too). */
export function refuseDotId(source: string, id: string, what: string): void {
  if (!isDotSegment(id)) return;
  throw new CodedError('E_BAD_ID', `${source} gives "${id}" as ${what}: "." and ".." are path navigation, not ids, and URL parsers resolve them even when percent-encoded (GET /v1/calls/.. reaches GET /v1/), so no request could name it. Give a real id (the agent call list shows the calls), or leave it out.`);
}

/** Loopback, --allow-remote, or the (checked, normalised) target listed under allowedTargets. */
export function remoteAllowed(config: HarnessConfig): boolean {
  const t = config.target;
  return !t || isLoopback(t) || config.allowRemote === true || (config.allowedTargets ?? []).includes(t);
}

/** The configuration as `config --print` shows it: the token only as whether it is set, and each value's source. */
export function printable(resolved: ResolvedConfig, env: NodeJS.ProcessEnv = process.env): Record<string, unknown> {
  const token = env.CALLS_API_TOKEN;
  return {
    ...resolved.config,
    // Not even a prefix: a short or hand-made token would be given away by its first characters.
    token: token ? `(set in CALLS_API_TOKEN: ${token.length} characters, masked)` : '(not set: CALLS_API_TOKEN)',
    sources: resolved.sources,
  };
}
