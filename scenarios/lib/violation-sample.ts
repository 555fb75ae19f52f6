// One offending response per failed check (per VU), kept where end-of-test summary data can show
// it on both engines and on plain k6: as an empty group in the checks tree, its name the sample as
// JSON. Secrets are cut out (core/secrets.ts) and the body capped, so the sample is safe in any report.
import { group } from 'k6';
import { SAMPLE_GROUP_PREFIX } from './sample-group.ts';
import { redact, registerSecret, TOKEN_PLACEHOLDER } from '../../core/portable.ts';

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
  // Redacted here, in the script, with the harness's one redactor (every encoding a target may
  // echo a secret in): a group's name is a tag on k6's own samples, which k6 writes to its outputs
  // (a remote-write receiver, a JSON file) before the harness can read anything back.
  registerSecret(token, TOKEN_PLACEHOLDER);
  // k6 hands the script its environment: the remote-write credentials a receiver may have echoed.
  registerSecret(__ENV.K6_PROMETHEUS_RW_BEARER_TOKEN, '$K6_PROMETHEUS_RW_BEARER_TOKEN');
  registerSecret(__ENV.K6_PROMETHEUS_RW_PASSWORD, '$K6_PROMETHEUS_RW_PASSWORD');
  const tokenFree = redact(body);
  const capped = tokenFree.length > BODY_CAP ? `${tokenFree.slice(0, BODY_CAP)}… (${tokenFree.length} characters)` : tokenFree;
  const sample: ViolationSample = { check, status, errors: errors.slice(0, 5), body: capped };
  // k6 refuses "::" in group names: it separates the groups of a path.
  group(`${SAMPLE_GROUP_PREFIX}${JSON.stringify(sample).split('::').join(': :')}`, () => undefined);
}

/** A compiled validator's errors as `/path must ...` lines. */
export function schemaErrors(errors: { instancePath: string; message?: string }[] | null | undefined): string[] {
  return (errors || []).map((e) => `${e.instancePath || '/'} ${e.message || 'is invalid'}`);
}
