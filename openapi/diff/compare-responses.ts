// The responses of one operation, old against new: statuses, media types, headers, and the JSON
// schema of each success response.
import { compareSchemas, type Comparison } from './compare-schemas.ts';
import type { Documents } from './documents.ts';
import type { SpecChange } from './model.ts';
import { operationChange } from './operation-change.ts';
import type { Operation, Success } from './operations.ts';

type Emit = (c: SpecChange) => void;

/**
 * Success statuses present on both sides are compared as they are; when each side has exactly one
 * and they differ (201 became 200), the status change is reported and the two bodies still compared.
 */
function successPairs(before: Operation, after: Operation): [string, string][] {
  const pairs: [string, string][] = [...before.successes.keys()].filter((s) => after.successes.has(s)).map((s) => [s, s]);
  const [onlyBefore] = before.successes.keys();
  const [onlyAfter] = after.successes.keys();
  if (before.successes.size === 1 && after.successes.size === 1 && onlyBefore !== undefined && onlyAfter !== undefined && onlyBefore !== onlyAfter) pairs.push([onlyBefore, onlyAfter]);
  return pairs;
}

export function compareResponses(docs: Documents, before: Operation, after: Operation, emit: Emit): void {
  for (const [status, was] of before.successes) {
    if (!after.successes.has(status)) emit(operationChange('response-success-status-removed', status, status, was.pointer, `${after.pointer}/responses`));
  }
  for (const [status, now] of after.successes) {
    if (!before.successes.has(status)) emit(operationChange('response-success-status-added', status, status, `${before.pointer}/responses`, now.pointer));
  }
  for (const [status, pointer] of before.otherStatuses) {
    if (!after.otherStatuses.has(status)) emit(operationChange('response-non-success-status-removed', status, status, pointer, `${after.pointer}/responses`));
  }
  for (const [status, pointer] of after.otherStatuses) {
    if (!before.otherStatuses.has(status)) emit(operationChange('response-non-success-status-added', status, status, `${before.pointer}/responses`, pointer));
  }
  for (const [oldStatus, newStatus] of successPairs(before, after)) {
    const was = before.successes.get(oldStatus);
    const now = after.successes.get(newStatus);
    if (was && now) compareSuccess(docs, newStatus, was, now, emit);
  }
}

function compareSuccess(docs: Documents, status: string, was: Success, now: Success, emit: Emit): void {
  for (const [type, pointer] of was.mediaTypes) {
    if (!now.mediaTypes.has(type)) emit(operationChange('response-media-type-removed', status, `(${type}, status ${status})`, pointer, now.pointer));
  }
  for (const [type, pointer] of now.mediaTypes) {
    if (!was.mediaTypes.has(type)) emit(operationChange('response-media-type-added', status, `(${type}, status ${status})`, was.pointer, pointer));
  }
  compareHeaders(docs, status, was, now, emit);
  if (was.schema && now.schema) compareSchemas({ ...docs, direction: 'response', root: 'body', emit }, '', was.schema, now.schema);
}

function compareHeaders(docs: Documents, status: string, was: Success, now: Success, emit: Emit): void {
  const cmp: Comparison = { ...docs, direction: 'response', root: 'header', emit };
  for (const [name, old] of was.headers) {
    const header = now.headers.get(name);
    const target = `${status} ${name}`;
    if (!header) {
      emit(operationChange(old.required ? 'required-response-header-removed' : 'optional-response-header-removed', target, `\`${name}\` (status ${status})`, old.pointer, now.pointer));
      continue;
    }
    if (old.required !== header.required) emit(operationChange(header.required ? 'response-header-became-required' : 'response-header-became-optional', target, `\`${name}\` (status ${status})`, old.pointer, header.pointer));
    if (old.schema && header.schema) compareSchemas(cmp, target, old.schema, header.schema);
  }
  for (const [name, header] of now.headers) {
    if (!was.headers.has(name)) emit(operationChange('response-header-added', `${status} ${name}`, `\`${name}\` (status ${status})`, was.pointer, header.pointer));
  }
}
