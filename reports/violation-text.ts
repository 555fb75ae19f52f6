// A failed check under load as text, one wording for every renderer:
// "getCall body is a valid CallDetail: 13 of 120 failed", then its sample response.
import type { LoadViolation } from './model.ts';

export function violationText(v: LoadViolation): string {
  return `${v.check}: ${v.fails} of ${v.fails + v.passes} failed`;
}

/** `status 200; /status must be string; body {"id":...}`, or '' when no response was kept. */
export function sampleText(v: LoadViolation): string {
  if (!v.sample) return '';
  return [`status ${v.sample.status}`, ...v.sample.errors, `body ${v.sample.body}`].join('; ');
}
