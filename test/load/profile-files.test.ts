// Each profile file stands alone: a broken one breaks only the runs that use it, the bundles
// leave it out, and a bundle checks a profile given as data (CALLS_PROFILE_JSON) itself, before
// any request.
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundlePath, bundleScenarios } from '../../load/bundle.ts';
import { runEngine } from '../../load/engine/run-engine.ts';
import { PROFILES_DIR, ProfileError, requireProfile, validProfiles } from '../../load/profile-files.ts';
import { profileModules } from '../../load/profile-modules.ts';
import { arrivalRecorder } from '../helpers/arrival-recorder.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-profile-files-'));
const profiles = join(dir, 'profiles');
const broken = { description: 'rate zero', executor: 'constant-arrival-rate', rate: 0, duration: '1s', preAllocatedVUs: 1, latency: {}, errorRate: 0.01 };

beforeAll(() => {
  mkdirSync(profiles);
  copyFileSync(join(PROFILES_DIR, 'smoke.json'), join(profiles, 'smoke.json'));
  writeFileSync(join(profiles, 'broken.json'), JSON.stringify(broken));
  writeFileSync(join(profiles, 'torn.json'), '{"description": "cut short"');
});

describe('one profile file at a time', () => {
  it('a run of a valid profile ignores a broken one beside it', () => {
    expect(requireProfile('smoke', profiles).executor).toBe('constant-arrival-rate');
  });

  it('a run of the broken profile is refused, naming the file and the field', () => {
    const err = (() => { try { requireProfile('broken', profiles); return null; } catch (e) { return e; } })();
    expect(err).toBeInstanceOf(ProfileError);
    expect((err as ProfileError).code).toBe('E_PROFILE_INVALID');
    expect((err as Error).message).toContain(join(profiles, 'broken.json'));
    expect((err as Error).message).toContain('"/rate"');
  });

  it('the bundles hold the valid profiles and leave the broken ones out', async () => {
    const found = validProfiles(profiles);
    expect(Object.keys(found.profiles)).toEqual(['smoke']);
    expect(found.invalid.map((e) => e.message).join('\n')).toMatch(/broken\.json[\s\S]*torn\.json/);
    // The virtual modules the scenarios import, built as the bundler builds them.
    const entry = join(dir, 'entry.ts');
    writeFileSync(entry, "import profiles from 'calls-harness:profiles';\nimport validate from 'calls-harness:profile-validator';\nexport { profiles, validate };\n");
    const out = join(dir, 'entry.mjs');
    await build({ entryPoints: [entry], outfile: out, bundle: true, format: 'esm', platform: 'neutral', plugins: [profileModules(profiles)], logLevel: 'silent' });
    const mod = (await import(pathToFileURL(out).href)) as { profiles: Record<string, unknown>; validate: ((d: unknown) => boolean) & { errors?: { instancePath: string }[] } };
    expect(Object.keys(mod.profiles)).toEqual(['smoke']);
    expect(mod.validate(mod.profiles.smoke)).toBe(true);
    expect(mod.validate(broken)).toBe(false);
    expect(mod.validate.errors?.[0]?.instancePath).toBe('/rate');
  });
});

describe('a profile as data (CALLS_PROFILE_JSON)', () => {
  let target: Awaited<ReturnType<typeof arrivalRecorder>>;
  const out = join(dir, 'bundles');
  beforeAll(async () => {
    target = await arrivalRecorder();
    await bundleScenarios(out, 'k6', ['read-mix']);
    await bundleScenarios(out, 'node', ['read-mix']);
  });
  afterAll(() => target.close());

  const run = (profileJson: string) => runEngine({
    bundle: bundlePath(out, 'node', 'read-mix'), k6Bundle: bundlePath(out, 'k6', 'read-mix'),
    env: { CALLS_API_BASE_URL: target.url, CALLS_API_TOKEN: 'sk_test_x', CALLS_API_AGENT_ID: 'agt_1', CALLS_PROFILE: 'mine', CALLS_PROFILE_JSON: profileJson },
  });

  it.each([
    [JSON.stringify({ ...broken, rate: 5, duration: '1 second' }), '"/duration"'],
    [JSON.stringify({ description: 'x', executor: 'constant-vus', duration: '1s', latency: {}, errorRate: 0.01 }), '"/vus"'],
    ['{"executor": ', 'is not JSON'],
  ])('the bundle refuses an invalid one at init, naming the field, before any request (%#)', async (json, what) => {
    await expect(run(json)).rejects.toThrow(what);
    expect(target.arrivals).toHaveLength(0);
  });
});
