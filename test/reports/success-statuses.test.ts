// Which answers under load are an unexpected status (errors by kind): anything below 400 but the
// documented success; for a request name the catalog does not know, anything below 400 but a 2xx.
import { describe, expect, it } from 'vitest';
import { isUnexpectedStatus } from '../../reports/success-statuses.ts';

describe('an unexpected status', () => {
  it('of a documented operation: a redirect or another 2xx than its success', () => {
    expect(isUnexpectedStatus('getCall', 200)).toBe(false);
    expect(isUnexpectedStatus('getCall', 204)).toBe(true);
    expect(isUnexpectedStatus('getCall', 302)).toBe(true);
    expect(isUnexpectedStatus('getCall', 404)).toBe(false);
  });

  it('of a name the catalog does not know (a scenario of the user\'s own): a redirect, never its 200s', () => {
    expect(isUnexpectedStatus('myHealthCheck', 200)).toBe(false);
    expect(isUnexpectedStatus('myHealthCheck', 201)).toBe(false);
    expect(isUnexpectedStatus('myHealthCheck', 301)).toBe(true);
    expect(isUnexpectedStatus('myHealthCheck', 0)).toBe(false);
  });
});
