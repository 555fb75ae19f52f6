// Which statuses the document declares for an operation, and findings for the ones it does not.
import type { CatalogOperation } from '../openapi/index.ts';
import { SkipCheck } from './check.ts';
import type { Exchange, ExchangeResponse } from './exchange.ts';
import { finding, type Finding } from './finding.ts';

export function declaredStatuses(op: CatalogOperation): number[] {
  return [op.successStatus, ...Object.keys(op.errorResponses).map(Number)];
}

export function declaredText(op: CatalogOperation): string {
  return declaredStatuses(op).join(', ');
}

/** No response at all, or a response the check cannot read as JSON: a finding of its own. */
export function noResponseFinding(check: string, ex: Exchange, expected: string): Finding | null {
  return ex.response ? null : finding(check, ex, `No response (${ex.failure?.kind ?? 'unknown'})`, expected);
}

export function statusTitle(op: CatalogOperation, status: number): string {
  if (status >= 500) return `Server error ${status}`;
  // The harness never follows a redirect: the status the API sends is the one judged.
  if (status >= 300 && status < 400 && !declaredStatuses(op).includes(status)) return `Undocumented redirect ${status}`;
  return declaredStatuses(op).includes(status) ? `Status ${status}` : `Undocumented status ${status}`;
}

/**
 * The success response a check of the success body judges. Without one (another status, or no
 * answer) there is nothing to judge: the case is skipped, never passed, and
 * success_status_conformance reports what came instead.
 */
export function successResponse(ex: Exchange, op: CatalogOperation): ExchangeResponse {
  const res = ex.response;
  if (res && res.status === op.successStatus) return res;
  const got = res ? `${res.status}` : `no response (${ex.failure?.kind ?? 'unknown'})`;
  throw new SkipCheck(`not judged: the documented request got ${got}, not ${op.successStatus}; success_status_conformance reports it`);
}
