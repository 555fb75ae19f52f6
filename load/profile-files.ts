// The load profiles: load/profiles/*.json by name, or a user's own file by path. Each file is
// validated alone against schemas/harness/profile.schema.json, so a broken file breaks only the
// runs that use it.
import { CodedError, INPUT_KINDS, InputFileError, PROJECT_ROOT, readInputFile } from '../core/index.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { firstSchemaError, type Profile } from '../scenarios/index.ts';
import { harnessValidator } from '../openapi/index.ts';
import { profileLimitProblem } from './profile-limits.ts';

export const PROFILES_DIR = join(PROJECT_ROOT, 'load', 'profiles');


export class ProfileError extends CodedError {}

/** A profile read from disk: its label (name, or file base name), file and data. */
export interface ProfileFile {
  label: string;
  file: string;
  profile: Profile;
}

export function profileNames(dir = PROFILES_DIR): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
}

/** `--profile` takes a name from load/profiles/ or a path: anything with a slash or ending in .json. */
export function isProfilePath(value: string): boolean {
  return value.endsWith('.json') || /[/\\]/.test(value);
}

/** Reads and validates one profile, by name or by path. */
export function loadProfile(nameOrPath: string, dir = PROFILES_DIR): ProfileFile {
  if (isProfilePath(nameOrPath)) {
    const file = resolve(nameOrPath);
    let text: string;
    try {
      text = readInputFile(file, INPUT_KINDS.profile);
    } catch (err) {
      if (err instanceof InputFileError) throw new ProfileError('E_PROFILE_NOT_FOUND', err.message);
      throw new ProfileError('E_PROFILE_NOT_FOUND', `Cannot read the profile file ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}). Give --profile an existing JSON file, or a profile name (${profileNames(dir).join(', ')}).`);
    }
    // Never the name of a built-in profile: a file's runs must not be compared with the built-in's.
    return { label: `file-${basename(file, '.json')}`, file, profile: parseProfile(text, file) };
  }
  const names = profileNames(dir);
  if (!names.includes(nameOrPath)) {
    throw new ProfileError('E_UNKNOWN_PROFILE', `Unknown profile "${nameOrPath}". Profiles: ${names.join(', ')} (files in load/profiles/), or give --profile the path of a JSON file of your own.`);
  }
  const file = join(dir, `${nameOrPath}.json`);
  return { label: nameOrPath, file, profile: parseProfile(readFileSync(file, 'utf8'), file) };
}

/** The profile data of one file's text, or an error naming the file and the field. */
export function parseProfile(text: string, file: string): Profile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ProfileError('E_PROFILE_INVALID', `The profile ${file} is not valid JSON (${(err as Error).message}). Fix the file.`);
  }
  return checkProfile(data, `The profile ${file}`);
}

/** Validates profile data against the schema; `what` names it in the error ("The profile x.json"). */
export function checkProfile(data: unknown, what: string): Profile {
  const validate = harnessValidator('profile');
  if (!validate(data)) {
    const { field, message } = firstSchemaError(validate.errors);
    throw new ProfileError('E_PROFILE_INVALID', `${what} is invalid at "${field}": ${message}. Fix it (schema: schemas/harness/profile.schema.json).`);
  }
  const beyond = profileLimitProblem(data);
  if (beyond) throw new ProfileError('E_PROFILE_INVALID', `${what} is invalid at ${beyond}. Lower that value.`);
  return data as Profile;
}

/** Every valid profile in the folder, and the error of each invalid one (left out, not fatal). */
export function validProfiles(dir = PROFILES_DIR): { profiles: Record<string, Profile>; invalid: ProfileError[] } {
  const profiles: Record<string, Profile> = {};
  const invalid: ProfileError[] = [];
  for (const name of profileNames(dir)) {
    try {
      profiles[name] = loadProfile(name, dir).profile;
    } catch (err) {
      if (!(err instanceof ProfileError)) throw err;
      invalid.push(err);
    }
  }
  return { profiles, invalid };
}

/** Validates the named profile only: other profiles' files may be broken without affecting it. */
export function requireProfile(name: string, dir = PROFILES_DIR): Profile {
  return loadProfile(name, dir).profile;
}

/** A profile's SLO (its p95 latency and error-rate thresholds), which the capacity verdict judges by. */
export function sloOfProfile(p: Profile): { p95Ms: number; errorRate: number } {
  return { p95Ms: p.latency['p(95)'] ?? Infinity, errorRate: p.errorRate };
}

export function profileSlo(nameOrPath: string, dir = PROFILES_DIR): { p95Ms: number; errorRate: number } {
  return sloOfProfile(loadProfile(nameOrPath, dir).profile);
}
