// Compares one operation of the old document with the same method and path in the new one:
// its identity, deprecation, security, parameters, request body and responses.
import { compareResponses } from './compare-responses.ts';
import { compareSchemas } from './compare-schemas.ts';
import { compareSecurity } from './compare-security.ts';
import type { Documents } from './documents.ts';
import type { SpecChange } from './model.ts';
import { operationChange } from './operation-change.ts';
import type { Operation, Parameter } from './operations.ts';

export { operationChange } from './operation-change.ts';

export type { Documents } from './documents.ts';

type Emit = (c: SpecChange) => void;

export function compareOperation(docs: Documents, before: Operation, after: Operation): SpecChange[] {
  const changes: SpecChange[] = [];
  const emit: Emit = (c) => changes.push(c);
  if (before.operationId !== after.operationId) {
    emit(operationChange('api-operation-id-updated', null, `from ${before.operationId} to ${after.operationId}`, `${before.pointer}/operationId`, `${after.pointer}/operationId`));
  }
  if (!before.deprecated && after.deprecated) emit(operationChange('api-deprecated', null, '', before.pointer, `${after.pointer}/deprecated`));
  if (before.deprecated && !after.deprecated) emit(operationChange('endpoint-reactivated', null, '', `${before.pointer}/deprecated`, after.pointer));
  compareSecurity(before.security, after.security, emit);
  compareParameters(docs, before, after, emit);
  compareRequestBody(docs, before, after, emit);
  compareResponses(docs, before, after, emit);
  return changes;
}

/** `path id` in the old operation is `path callId` in the new when the template renamed it in place. */
function pathRenames(before: Operation, after: Operation): Map<string, string> {
  const names = (path: string) => [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1] as string);
  const now = names(after.path);
  return new Map(names(before.path).map((name, i) => [`path ${name}`, `path ${now[i] ?? name}`]));
}

function compareParameters(docs: Documents, before: Operation, after: Operation, emit: Emit): void {
  const renames = pathRenames(before, after);
  const matched = new Set<string>();
  for (const [oldKey, was] of before.parameters) {
    const key = renames.get(oldKey) ?? oldKey;
    const now = after.parameters.get(key);
    if (!now) {
      emit(operationChange(was.deprecated ? 'request-parameter-removed-with-deprecation' : 'request-parameter-removed', oldKey, `\`${oldKey}\``, was.pointer, after.pointer));
      continue;
    }
    matched.add(key);
    if (key !== oldKey) emit(operationChange('request-path-parameter-renamed', key, `from \`${oldKey}\` to \`${key}\``, was.pointer, now.pointer));
    compareParameter(docs, key, was, now, emit);
  }
  for (const [key, now] of after.parameters) {
    if (matched.has(key)) continue;
    emit(operationChange(now.required ? 'new-required-request-parameter' : 'new-optional-request-parameter', key, `\`${key}\``, before.pointer, now.pointer));
  }
}

function compareParameter(docs: Documents, key: string, was: Parameter, now: Parameter, emit: Emit): void {
  if (was.required !== now.required) {
    emit(operationChange(now.required ? 'request-parameter-became-required' : 'request-parameter-became-optional', key, `\`${key}\``, was.pointer, now.pointer));
  }
  if (was.deprecated !== now.deprecated) emit(operationChange(now.deprecated ? 'request-parameter-deprecated' : 'request-parameter-reactivated', key, `\`${key}\``, was.pointer, now.pointer));
  if (was.serialization !== now.serialization) emit(operationChange('request-parameter-style-changed', key, `\`${key}\` from ${was.serialization} to ${now.serialization}`, was.pointer, now.pointer));
  if (was.schema && now.schema) compareSchemas({ ...docs, direction: 'request', root: 'parameter', emit }, key, was.schema, now.schema);
}

function compareRequestBody(docs: Documents, before: Operation, after: Operation, emit: Emit): void {
  const was = before.requestBody;
  const now = after.requestBody;
  if (!was && !now) return;
  if (!was && now) return emit(operationChange(now.required ? 'added-required-request-body' : 'added-optional-request-body', null, '', before.pointer, now.pointer));
  if (was && !now) return emit(operationChange('request-body-removed', null, '', was.pointer, after.pointer));
  if (!was || !now) return;
  if (was.required !== now.required) emit(operationChange(now.required ? 'request-body-became-required' : 'request-body-became-optional', null, '', was.pointer, now.pointer));
  compareRequestMediaTypes(was, now, emit);
  if (was.schema && now.schema) compareSchemas({ ...docs, direction: 'request', root: 'body', emit }, '', was.schema, now.schema);
}

type RequestBody = NonNullable<Operation['requestBody']>;

function compareRequestMediaTypes(was: RequestBody, now: RequestBody, emit: Emit): void {
  for (const [type, pointer] of was.mediaTypes) {
    if (!now.mediaTypes.has(type)) emit(operationChange('request-body-media-type-removed', null, `(${type})`, pointer, now.pointer));
  }
  for (const [type, pointer] of now.mediaTypes) {
    if (!was.mediaTypes.has(type)) emit(operationChange('request-body-media-type-added', null, `(${type})`, was.pointer, pointer));
  }
}
