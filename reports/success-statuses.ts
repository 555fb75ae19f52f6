// Each operation's documented success status, from the catalog: under load, a status that is
// neither it nor a 4xx or 5xx (a redirect the engine did not follow, a 204 for a 200) is an error
// of its own kind, so that errors by kind add up to the failed requests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMAS_DIR } from '../core/index.ts';

let byOperation: Map<string, number> | undefined;

export function successStatusOf(operationId: string): number | undefined {
  byOperation ??= new Map((JSON.parse(readFileSync(join(SCHEMAS_DIR, 'catalog.json'), 'utf8')) as { operations: { operationId: string; successStatus: number }[] }).operations
    .map((o) => [o.operationId, o.successStatus]));
  return byOperation.get(operationId);
}

/**
 * A status that is no error by class (1xx to 3xx) and not the one documented for success. A name
 * the catalog does not know (a scenario of the user's own) has no documented success: any 2xx is one.
 */
export function isUnexpectedStatus(operationId: string, status: number): boolean {
  if (status <= 0 || status >= 400) return false;
  const success = successStatusOf(operationId);
  return success === undefined ? status < 200 || status >= 300 : status !== success;
}
