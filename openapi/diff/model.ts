// What `schemas diff` finds: one versioned model that the renderers and the run's result read.
// Described by schemas/harness/spec-diff.schema.json.
import type { Level, Severity } from './rules.ts';

export const SPEC_DIFF_VERSION = 1;

export interface SpecChange {
  /** The change kind, named after oasdiff's check id (e.g. `response-optional-property-removed`). */
  id: string;
  level: Level;
  /** oasdiff's level: `error` (breaks), `warning` (breaks only some clients, or only by our stricter reading), `info`. */
  severity: Severity;
  /** The property path (`transfers[].status`), parameter (`query limit`) or status it is about; null for the operation. */
  target: string | null;
  /** One line for a person: what changed, and from what to what. */
  message: string;
  /** Where it is in the old document (JSON pointer, `$ref`s followed), or null when it is only in the new one. */
  from: string | null;
  /** Where it is in the new document, or null when it is only in the old one. */
  to: string | null;
}

export interface OperationDiff {
  /** The new document's operationId, or the old one's for a removed operation. */
  operationId: string;
  method: string;
  path: string;
  state: 'added' | 'removed' | 'changed' | 'unchanged';
  changes: SpecChange[];
}

export interface DocumentRef {
  file: string;
  title: string;
  version: string;
  openapi: string;
}

export interface SpecDiff {
  version: typeof SPEC_DIFF_VERSION;
  from: DocumentRef;
  to: DocumentRef;
  /** True when any change breaks existing clients: the verdict, and exit 1. */
  breaking: boolean;
  counts: { breaking: number; nonBreaking: number };
  operations: OperationDiff[];
  /** The gate's threshold it was judged by (--fail-on); absent: `warning`, every breaking change fails. */
  failOn?: FailOn;
}

export function breakingChanges(op: OperationDiff): SpecChange[] {
  return op.changes.filter((c) => c.level === 'breaking');
}

/** The gate's threshold: `warning` fails on every breaking change, `error` only on definite ones (oasdiff --fail-on ERR). */
export type FailOn = 'error' | 'warning';

export function failsGate(change: SpecChange, failOn: FailOn): boolean {
  return change.severity === 'error' || (change.severity === 'warning' && failOn === 'warning');
}

/** The changes that fail the gate at the diff's own threshold: none means exit 0 and no verdict reason. */
export function gateFailures(diff: SpecDiff): SpecChange[] {
  return diff.operations.flatMap((o) => o.changes).filter((c) => failsGate(c, diff.failOn ?? 'warning'));
}
