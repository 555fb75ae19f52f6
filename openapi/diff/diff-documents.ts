// `schemas diff`: every change between two OpenAPI 3.x documents, per operation, classified as
// breaking existing clients or not.
import { compareOperation, operationChange } from './compare-operations.ts';
import { loadDocument, SpecDocumentError, type OpenApiDocument } from './load-document.ts';
import { SPEC_DIFF_VERSION, type DocumentRef, type OperationDiff, type SpecDiff } from './model.ts';
import { operationsOf, type Operation } from './operations.ts';
import { BrokenRefError } from './schema-view.ts';

export async function diffFiles(fromFile: string, toFile: string): Promise<SpecDiff> {
  const [oldDoc, newDoc] = [await loadDocument(fromFile), await loadDocument(toFile)];
  const oldOps = readOperations(fromFile, oldDoc);
  const newOps = readOperations(toFile, newDoc);
  try {
    return diffOperations(documentRef(fromFile, oldDoc), documentRef(toFile, newDoc), { oldDoc, newDoc }, oldOps, newOps);
  } catch (err) {
    // A $ref inside a schema is only followed while comparing: say which side it broke in.
    if (!(err instanceof BrokenRefError)) throw err;
    throw new SpecDocumentError(err.side === 'old' ? fromFile : toFile, 'not-openapi', err.message);
  }
}

function readOperations(file: string, doc: OpenApiDocument): Map<string, Operation> {
  try {
    return operationsOf(doc);
  } catch (err) {
    if (err instanceof BrokenRefError) throw new SpecDocumentError(file, 'not-openapi', err.message);
    throw err;
  }
}

const RFC3339_DATE = /^\d{4}-\d{2}-\d{2}(?:$|T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$)/;

/** oasdiff's sunset rule: a deprecated operation may go once its `x-sunset` date (if it has one) has passed. */
function removalRule(op: Operation, now = Date.now()): 'api-removed-without-deprecation' | 'api-removed-after-deprecation' | 'api-removed-before-sunset' | 'api-path-sunset-parse' {
  if (!op.deprecated) return 'api-removed-without-deprecation';
  if (op.sunset === null) return 'api-removed-after-deprecation';
  // An RFC 3339 date or date-time, as oasdiff reads it: Date.parse alone takes "March 1" (as 2001).
  const sunset = RFC3339_DATE.test(op.sunset) ? Date.parse(op.sunset) : Number.NaN;
  if (Number.isNaN(sunset)) return 'api-path-sunset-parse';
  return sunset > now ? 'api-removed-before-sunset' : 'api-removed-after-deprecation';
}

function documentRef(file: string, doc: OpenApiDocument): DocumentRef {
  return { file, title: doc.info?.title ?? '', version: doc.info?.version ?? '', openapi: doc.openapi };
}

export function diffOperations(from: DocumentRef, to: DocumentRef, docs: { oldDoc: OpenApiDocument; newDoc: OpenApiDocument }, oldOps: Map<string, Operation>, newOps: Map<string, Operation>): SpecDiff {
  const operations: OperationDiff[] = [];
  const entry = (op: Operation, state: OperationDiff['state'], changes: OperationDiff['changes']): OperationDiff => ({ operationId: op.operationId, method: op.method, path: op.path, state, changes });
  for (const [key, before] of oldOps) {
    const after = newOps.get(key);
    if (!after) {
      operations.push(entry(before, 'removed', [operationChange(removalRule(before), null, `(${before.method} ${before.path})`, before.pointer, null)]));
      continue;
    }
    const changes = compareOperation(docs, before, after);
    operations.push(entry(after, changes.length ? 'changed' : 'unchanged', changes));
  }
  for (const [key, after] of newOps) {
    if (!oldOps.has(key)) operations.push(entry(after, 'added', [operationChange('endpoint-added', null, `(${after.method} ${after.path})`, null, after.pointer)]));
  }
  operations.sort((a, b) => a.operationId.localeCompare(b.operationId));
  const all = operations.flatMap((o) => o.changes);
  const breaking = all.filter((c) => c.level === 'breaking').length;
  return { version: SPEC_DIFF_VERSION, from, to, breaking: breaking > 0, counts: { breaking, nonBreaking: all.length - breaking }, operations };
}
