// The one configuration path, field by field: flags, then environment, then the file, then
// defaults, each value with its source; targets checked and normalised wherever they were typed.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { remoteAllowed, resolveConfig } from '../../pipelines/config.ts';
import { HarnessError } from '../../cli/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-config-'));

function configFile(content: object): string {
  const path = join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

function errorOf(fn: () => unknown): HarnessError {
  try {
    fn();
  } catch (err) {
    if (err instanceof HarnessError) return err;
    throw err;
  }
  throw new Error('no error thrown');
}

describe('resolveConfig', () => {
  it('flags over environment over file over defaults, with the source of each field', () => {
    const file = configFile({ target: 'http://127.0.0.1:4010/', agentId: 'agt_file', profile: 'nightly', release: 'file', thresholds: { checks: ['rate>0.9'], 'http_req_duration{name:getCall}': ['p(95)<900'] } });
    const { config, sources } = resolveConfig(file, { release: 'flag', thresholds: { checks: ['rate>0.99'] } }, { CALLS_API_AGENT_ID: 'agt_env', CALLS_HARNESS_RELEASE: 'env' });
    expect(config).toMatchObject({ target: 'http://127.0.0.1:4010', agentId: 'agt_env', profile: 'nightly', release: 'flag' });
    // Per metric: the flag's checks threshold, the file's getCall one.
    expect(config.thresholds).toEqual({ checks: ['rate>0.99'], 'http_req_duration{name:getCall}': ['p(95)<900'] });
    expect(sources).toMatchObject({ target: `file ${file}`, agentId: 'environment CALLS_API_AGENT_ID', release: 'flag --release', profile: `file ${file}`, history: 'default: reports/out/history.ndjson' });
  });

  it('an empty target from a flag or the environment is E_BAD_TARGET naming where it came from', () => {
    const fromFlag = errorOf(() => resolveConfig(undefined, { target: '' }, {}));
    expect(fromFlag.code).toBe('E_BAD_TARGET');
    expect(fromFlag.message).toMatch(/^The flag --target is empty/);
    const fromEnv = errorOf(() => resolveConfig(undefined, {}, { CALLS_API_BASE_URL: '' }));
    expect(fromEnv.message).toMatch(/^The variable CALLS_API_BASE_URL is empty/);
  });

  it('a bad target in the file is E_BAD_TARGET naming the file, its credentials never echoed', () => {
    const file = configFile({ target: 'https://deploy:s3cretpass@staging.example.com:123456' });
    const err = errorOf(() => resolveConfig(file, {}, {}));
    expect(err.code).toBe('E_BAD_TARGET');
    expect(err.message).toContain(file);
    expect(err.message).not.toContain('s3cretpass');
  });

  it('allowedTargets are checked and compared normalised', () => {
    const file = configFile({ target: 'https://staging.example.com/', allowedTargets: ['https://staging.example.com'] });
    expect(remoteAllowed(resolveConfig(file, {}, {}).config)).toBe(true);
    expect(remoteAllowed(resolveConfig(file, { target: 'https://prod.example.com' }, {}).config)).toBe(false);
    expect(errorOf(() => resolveConfig(configFile({ allowedTargets: ['staging'] }), {}, {})).code).toBe('E_BAD_TARGET');
  });
});
