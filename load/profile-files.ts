// The load profiles on disk, each validated against schemas/harness/profile.schema.json.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { harnessValidator } from '../spec/harness-schemas.ts';
import { PROFILES_DIR } from './bundle.ts';

export class ProfileError extends Error {
  constructor(readonly code: 'E_UNKNOWN_PROFILE' | 'E_PROFILE_INVALID', message: string) {
    super(message);
  }
}


export function profileNames(dir = PROFILES_DIR): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
}

/** Every profile must be valid before any is used: a broken file breaks every bundle. */
export function checkProfiles(dir = PROFILES_DIR): void {
  for (const name of profileNames(dir)) {
    const file = join(dir, `${name}.json`);
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new ProfileError('E_PROFILE_INVALID', `The profile ${file} is not valid JSON (${(err as Error).message}). Fix the file.`);
    }
    const validate = harnessValidator('profile');
    if (!validate(data)) {
      const e = validate.errors?.[0];
      throw new ProfileError('E_PROFILE_INVALID', `The profile ${file} breaks its schema at "${e?.instancePath || '/'}": ${e?.message ?? 'invalid'}${e?.params ? ` ${JSON.stringify(e.params)}` : ''}. Fix it (schema: schemas/harness/profile.schema.json).`);
    }
  }
}

export function requireProfile(name: string, dir = PROFILES_DIR): void {
  const names = profileNames(dir);
  if (!names.includes(name)) throw new ProfileError('E_UNKNOWN_PROFILE', `Unknown profile "${name}". Profiles: ${names.join(', ')} (files in load/profiles/).`);
  checkProfiles(dir);
}

/** A profile's SLO (its p95 latency and error-rate thresholds), which the capacity verdict judges by. */
export function profileSlo(name: string, dir = PROFILES_DIR): { p95Ms: number; errorRate: number } {
  const p = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as { latency: { 'p(95)'?: number }; errorRate: number };
  return { p95Ms: p.latency['p(95)'] ?? Infinity, errorRate: p.errorRate };
}
