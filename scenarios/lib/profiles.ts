// The load profiles (data in load/profiles/, found by glob when bundling), in every scenario
// bundle so that a plain `k6 run -e CALLS_PROFILE=nightly` picks them by name; or one profile
// given as data in CALLS_PROFILE_JSON (how the harness passes a profile shaped by its flags, or a
// user's own file), checked against the profile schema compiled into the bundle.
import profiles from 'calls-harness:profiles';
import validateProfile from 'calls-harness:profile-validator';
import type { Profile } from './profile-data.ts';
import { firstSchemaError } from './schema-error.ts';

export type { Percentiles, Profile } from './profile-data.ts';

/** The valid profiles of load/profiles/ when the bundle was built (invalid files are left out). */
export const PROFILES: Record<string, Profile> = profiles;

/** The profile a run uses: CALLS_PROFILE_JSON when set, else the profile named. Throws at init, before any request. */
export function effectiveProfile(name: string, json: string | undefined): Profile {
  if (!json) {
    const profile = PROFILES[name];
    if (!profile) throw new Error(`unknown profile "${name}"; this bundle holds ${Object.keys(PROFILES).join(', ')} (or pass a profile as data in CALLS_PROFILE_JSON)`);
    return profile;
  }
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (err) {
    throw new Error(`CALLS_PROFILE_JSON is not JSON (${(err as Error).message})`);
  }
  if (!validateProfile(data)) {
    const { field, message } = firstSchemaError(validateProfile.errors);
    throw new Error(`CALLS_PROFILE_JSON is invalid at "${field}": ${message} (schema: schemas/harness/profile.schema.json)`);
  }
  return data as Profile;
}
