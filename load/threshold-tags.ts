// The operation a threshold names by its `name` tag, checked before anything runs. The scenarios
// tag every request with `name:<operationId>` (scenarios/lib/calls-api.ts), so a name that is no
// operation of the catalog is a typo that no request will ever carry: k6 would judge its empty
// sub-metric as held. Refused up front, listing the names a request can carry.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMAS_DIR } from '../core/index.ts';
import { parseKey } from './summary-metrics.ts';

/** The names the scenarios tag requests with: the catalog's operationIds. */
export function operationNames(dir = SCHEMAS_DIR): string[] {
  const catalog = JSON.parse(readFileSync(join(dir, 'catalog.json'), 'utf8')) as { operations: { operationId: string }[] };
  return catalog.operations.map((o) => o.operationId);
}

/** The first threshold key whose `name` tag is no operation, with the fix; null when every one is. */
export function unknownOperationInThresholds(thresholds: Record<string, string[]>, names = operationNames()): string | null {
  for (const key of Object.keys(thresholds)) {
    const name = parseKey(key).tags.name;
    if (name !== undefined && !names.includes(name)) {
      return `The threshold "${key}" names the operation "${name}", which no request carries: the scenarios tag each request with name:<operationId>, so it would judge nothing.${suggestion(name, names)} Use one of: ${names.join(', ')}.`;
    }
  }
  return null;
}

/** The first key of a profile's `operations` that is no operation (its latency would judge nothing); null when none. */
export function unknownOperationInProfile(operations: Record<string, unknown> | undefined, names = operationNames()): string | null {
  const key = Object.keys(operations ?? {}).find((k) => !names.includes(k));
  if (key === undefined) return null;
  return `The profile's "operations" names "${key}", which is no operation: its latency limits would judge no request.${suggestion(key, names)} Use one of: ${names.join(', ')}.`;
}

/** " Did you mean getCall?" for a name that differs from one only in case or by two edits at most. */
function suggestion(name: string, names: string[]): string {
  const close = names.find((n) => n.toLowerCase() === name.toLowerCase()) ?? names.find((n) => editDistance(n.toLowerCase(), name.toLowerCase()) <= 2);
  return close ? ` Did you mean ${close}?` : '';
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min((row[j] as number) + 1, (next[j - 1] as number) + 1, (row[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length] as number;
}
