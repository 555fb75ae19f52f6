// The load profiles on disk, each validated against schemas/harness/profile.schema.json.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { SCHEMAS_DIR } from '../spec/paths.ts';
import { PROFILES_DIR } from './bundle.ts';

export class ProfileError extends Error {
  constructor(readonly code: 'E_UNKNOWN_PROFILE' | 'E_PROFILE_INVALID', message: string) {
    super(message);
  }
}

const ajv = new Ajv2020({ allErrors: false, strict: false });
const validate = ajv.compile(JSON.parse(readFileSync(join(SCHEMAS_DIR, 'harness', 'profile.schema.json'), 'utf8')) as object);

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
