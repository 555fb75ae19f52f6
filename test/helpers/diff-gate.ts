// Runs `calls-harness schemas diff` (in-process) on a pair of documents made from the published one (the old one
// edited by `before`, the new one by `before` then `change`) and checks the changes it reports.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { SpecChange, SpecDiff } from '../../openapi/diff/model.ts';
import { allRules } from '../../openapi/diff/rules.ts';
import { harnessValidator } from '../../openapi/harness-schemas.ts';
import { DEFAULT_OPENAPI } from '../../core/paths.ts';
import { runCliInProcess } from './cli.ts';

export type Json = Record<string, unknown>;
export type Schema = Json & { properties: Record<string, Json>; required?: string[] };
export interface Doc {
  openapi: string;
  security?: Json[];
  paths: Record<string, Record<string, Json & { parameters?: Json[]; responses: Record<string, Json>; requestBody?: Json }>>;
  components: { schemas: Record<string, Schema>; securitySchemes: Record<string, Json> };
}

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-diff-rules-'));
export const published = (): Doc => JSON.parse(readFileSync(DEFAULT_OPENAPI, 'utf8')) as Doc;
export const schema = (d: Doc, name: string) => d.components.schemas[name] as Schema;
export const op = (d: Doc, path: string, method = 'get') => d.paths[path]?.[method] as Doc['paths'][string][string];
export const param = (d: Doc, name: string) => (op(d, '/v1/agents/{id}/calls').parameters as Json[]).find((p) => p.name === name) as Json & { schema: Json };
export const S = '/components/schemas';
export const LIST = '/paths/~1v1~1agents~1{id}~1calls/get';
export const GET_CALL = '/paths/~1v1~1calls~1{id}/get';
export const WARM = `${S}/WarmTransferRequest/properties`;

export type Change = SpecChange & { operationId: string };
let runs = 0;

/** Writes the old document (published, or edited by `before`) and the new one (`before`, then `change`), and runs the gate. */
export async function gate(change: (d: Doc) => void, before?: (d: Doc) => void): Promise<{ code: number | null; changes: Change[] }> {
  const write = (name: string, edit: (d: Doc) => void) => {
    const d = published();
    edit(d);
    const file = join(dir, `${name}-${++runs}.json`);
    writeFileSync(file, JSON.stringify(d));
    return file;
  };
  const from = write('old', (d) => before?.(d));
  const to = write('new', (d) => {
    before?.(d);
    change(d);
  });
  const json = join(dir, `diff-${runs}.json`);
  const r = await runCliInProcess(['schemas', 'diff', '--from', from, '--to', to, '--json', json]);
  expect(r.stderr).toBe('');
  const diff = JSON.parse(readFileSync(json, 'utf8')) as SpecDiff;
  const validate = harnessValidator('spec-diff');
  expect(validate(diff), JSON.stringify(validate.errors)).toBe(true);
  return { code: r.code, changes: diff.operations.flatMap((o) => o.changes.map((c) => ({ operationId: o.operationId, ...c }))) };
}

export interface Expected {
  operationId: string;
  id: string;
  severity: SpecChange['severity'];
  target?: string | null;
  from?: string | null;
  to?: string | null;
}

/** The change is there once for that operation and place, with its severity, the verdict that follows from it, and its pointers. */
export function expectChange(changes: Change[], e: Expected): void {
  const found = changes.filter((c) => c.operationId === e.operationId && c.id === e.id && (e.target === undefined || c.target === e.target));
  expect(found, `${e.operationId} ${e.id} in\n${changes.map((c) => `${c.operationId} ${c.id} ${c.target} ${c.from} ${c.to}`).join('\n')}`).toHaveLength(1);
  const c = found[0] as Change;
  expect(c.severity).toBe(e.severity);
  // Every id it reports is in the rule table the README points to.
  expect(allRules().has(c.id), c.id).toBe(true);
  expect(c.level).toBe(e.severity === 'info' ? 'non-breaking' : 'breaking');
  if (e.from !== undefined) expect(c.from).toBe(e.from);
  if (e.to !== undefined) expect(c.to).toBe(e.to);
}

export const ids = (changes: Change[], operationId: string) => changes.filter((c) => c.operationId === operationId).map((c) => c.id).sort();
