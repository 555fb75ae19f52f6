// One offending response per failed check (per VU), kept where end-of-test summary data can show
// it on both engines and on plain k6: as an empty group in the checks tree, its name the sample as
// JSON. The token is cut out and the body capped, so the sample is safe in any report.
import { group } from 'k6';
import { SAMPLE_GROUP_PREFIX } from './sample-group.ts';

const BODY_CAP = 1024;
const kept: Record<string, boolean> = {};

export interface ViolationSample {
  check: string;
  status: number;
  errors: string[];
  body: string;
}

export function keepViolationSample(check: string, status: number, errors: string[], body: string, token: string): void {
  if (kept[check]) return;
  kept[check] = true;
  const tokenFree = token ? body.split(token).join('[CALLS_API_TOKEN]') : body;
  const capped = tokenFree.length > BODY_CAP ? `${tokenFree.slice(0, BODY_CAP)}… (${tokenFree.length} characters)` : tokenFree;
  const sample: ViolationSample = { check, status, errors: errors.slice(0, 5), body: capped };
  // k6 refuses "::" in group names: it separates the groups of a path.
  group(`${SAMPLE_GROUP_PREFIX}${JSON.stringify(sample).split('::').join(': :')}`, () => undefined);
}

/** A compiled validator's errors as `/path must ...` lines. */
export function schemaErrors(errors: { instancePath: string; message?: string }[] | null | undefined): string[] {
  return (errors || []).map((e) => `${e.instancePath || '/'} ${e.message || 'is invalid'}`);
}
