// Compares one operation of the old document with the same method and path in the new one:
// its identity, parameters, request body and success responses.
import { compareSchemas, type Comparison } from './compare-schemas.ts';
import type { SpecChange } from './model.ts';
import type { Operation } from './operations.ts';
import { OPERATION_RULES, ruleText, type OperationRuleId } from './rules.ts';

export interface Documents {
  oldDoc: unknown;
  newDoc: unknown;
}

export function operationChange(id: OperationRuleId, target: string | null, detail: string, from: string | null, to: string | null): SpecChange {
  const rule = OPERATION_RULES[id];
  return { id, level: rule.level, target, message: ruleText(rule, detail), from, to };
}

export function compareOperation(docs: Documents, before: Operation, after: Operation): SpecChange[] {
  const changes: SpecChange[] = [];
  const emit = (c: SpecChange) => changes.push(c);
  if (before.operationId !== after.operationId) {
    emit(operationChange('api-operation-id-updated', null, `from ${before.operationId} to ${after.operationId}`, `${before.pointer}/operationId`, `${after.pointer}/operationId`));
  }
  if (!before.deprecated && after.deprecated) emit(operationChange('api-deprecated', null, '', before.pointer, `${after.pointer}/deprecated`));
  compareParameters(docs, before, after, emit);
  compareRequestBody(docs, before, after, emit);
  compareSuccesses(docs, before, after, emit);
  return changes;
}

function compareParameters(docs: Documents, before: Operation, after: Operation, emit: (c: SpecChange) => void): void {
  for (const [key, was] of before.parameters) {
    const now = after.parameters.get(key);
    if (!now) {
      emit(operationChange('request-parameter-removed', key, `\`${key}\``, was.pointer, after.pointer));
      continue;
    }
    if (was.required !== now.required) {
      emit(operationChange(now.required ? 'request-parameter-became-required' : 'request-parameter-became-optional', key, `\`${key}\``, was.pointer, now.pointer));
    }
    if (was.schema && now.schema) compareSchemas({ ...docs, direction: 'request', root: 'parameter', emit }, key, was.schema, now.schema);
  }
  for (const [key, now] of after.parameters) {
    if (before.parameters.has(key)) continue;
    emit(operationChange(now.required ? 'new-required-request-parameter' : 'new-optional-request-parameter', key, `\`${key}\``, before.pointer, now.pointer));
  }
}

function compareRequestBody(docs: Documents, before: Operation, after: Operation, emit: (c: SpecChange) => void): void {
  const was = before.requestBody;
  const now = after.requestBody;
  if (!was && !now) return;
  if (!was && now) return emit(operationChange(now.required ? 'added-required-request-body' : 'added-optional-request-body', null, '', before.pointer, now.pointer));
  if (was && !now) return emit(operationChange('request-body-removed', null, '', was.pointer, after.pointer));
  if (!was || !now) return;
  if (was.required !== now.required) emit(operationChange(now.required ? 'request-body-became-required' : 'request-body-became-optional', null, '', was.pointer, now.pointer));
  if (was.schema && now.schema) compareSchemas({ ...docs, direction: 'request', root: 'body', emit }, '', was.schema, now.schema);
}

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

function compareSuccesses(docs: Documents, before: Operation, after: Operation, emit: (c: SpecChange) => void): void {
  for (const [status, was] of before.successes) {
    if (!after.successes.has(status)) emit(operationChange('response-success-status-removed', status, status, was.pointer, `${after.pointer}/responses`));
  }
  for (const [status, now] of after.successes) {
    if (!before.successes.has(status)) emit(operationChange('response-success-status-added', status, status, `${before.pointer}/responses`, now.pointer));
  }
  const cmp: Comparison = { ...docs, direction: 'response', root: 'body', emit };
  for (const [oldStatus, newStatus] of successPairs(before, after)) {
    const was = before.successes.get(oldStatus);
    const now = after.successes.get(newStatus);
    if (!was || !now) continue;
    if (was.hasJson && !now.hasJson) emit(operationChange('response-media-type-removed', newStatus, `(status ${newStatus})`, was.pointer, now.pointer));
    if (was.schema && now.schema) compareSchemas(cmp, '', was.schema, now.schema);
  }
}
