// A failed check under load as text, one wording for every renderer:
// "getCall body is a valid CallDetail: 13 of 120 failed", then its sample response.
import type { LoadViolation } from './model.ts';

export function violationText(v: LoadViolation): string {
  return `${v.check}: ${v.fails} of ${v.fails + v.passes} failed`;
}

/** `status 200; /status must be string; body {"id":...}` with the body cut at `maxBody`, or '' when no response was kept. */
export function sampleText(v: LoadViolation, maxBody = Infinity): string {
  if (!v.sample) return '';
  const body = v.sample.body.length > maxBody ? `${v.sample.body.slice(0, maxBody)}… (all of it in result.json)` : v.sample.body;
  return [`status ${v.sample.status}`, ...v.sample.errors, `body ${body}`].join('; ');
}
