// Contract violations under load, by check and operation, from the checks tree of the summary:
// "getCall body is a valid CallDetail: 13 fails" rather than only "contract_violations failed".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMAS_DIR } from '../spec/paths.ts';
import type { LoadViolation } from './model.ts';

let operationIds: string[] | undefined;

/** The catalog's operationIds, longest first so that a name is never matched by its prefix. */
function knownOperations(): string[] {
  operationIds ??= (JSON.parse(readFileSync(join(SCHEMAS_DIR, 'catalog.json'), 'utf8')) as { operations: { operationId: string }[] }).operations
    .map((o) => o.operationId).sort((a, b) => b.length - a.length);
  return operationIds;
}

/** Every check that failed at least once, most failures first, with the operation it names. */
export function loadViolations(checks: { name: string; passes: number; fails: number }[]): LoadViolation[] {
  return checks
    .filter((c) => c.fails > 0)
    .map((c) => ({ operationId: knownOperations().find((op) => c.name.startsWith(`${op} `)) ?? null, check: c.name, fails: c.fails, passes: c.passes }))
    .sort((a, b) => b.fails - a.fails || a.check.localeCompare(b.check));
}
