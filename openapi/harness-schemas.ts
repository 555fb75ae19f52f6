// The harness's own JSON Schemas (schemas/harness/*.schema.json), compiled on first use by one
// ajv instance: commands that never validate a config, a profile or server options pay nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { SCHEMAS_DIR } from '../core/index.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

export type HarnessSchema = 'server-config' | 'config' | 'profile' | 'run-result' | 'history-entry' | 'spec-diff' | 'lifecycle-replay' | 'runner-file';

const ID_BASE = 'https://speko-calls-harness.invalid/schemas/harness/';
let ajv: Ajv2020 | undefined;

export function harnessSchemaFile(name: HarnessSchema): string {
  return join(SCHEMAS_DIR, 'harness', `${name}.schema.json`);
}

/** Harness schemas that `$ref` another one, which must be added before they compile. */
const REFERS_TO: Partial<Record<HarnessSchema, HarnessSchema[]>> = { 'run-result': ['spec-diff'] };
const added = new Set<HarnessSchema>();

function addWithReferences(instance: Ajv2020, name: HarnessSchema): void {
  if (added.has(name)) return;
  added.add(name);
  for (const other of REFERS_TO[name] ?? []) addWithReferences(instance, other);
  instance.addSchema(JSON.parse(readFileSync(harnessSchemaFile(name), 'utf8')) as object);
}

/** The validator of a harness schema, or of one of its `$defs` entries. */
export function harnessValidator(name: HarnessSchema, def?: string): ValidateFunction {
  if (!ajv) {
    ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
  }
  const id = `${ID_BASE}${name}.schema.json`;
  addWithReferences(ajv, name);
  const validate = ajv.getSchema(def ? `${id}#/$defs/${def}` : id);
  if (!validate) throw new Error(`no schema ${id}${def ? `#/$defs/${def}` : ''}`);
  return finiteFirst(validate);
}

/**
 * The validator, with the data first held to what JSON writes back and a recursive walk survives.
 * JSON.parse reads 1e309 as Infinity and ajv's "number" takes it: a profile's `"p(95)": 1e309`
 * passed here, became null once written into the bundle's CALLS_PROFILE_JSON, and failed there as
 * a bug in the harness. A runner file's groups nested 100,000 deep overflowed ajv's recursive walk
 * of the recursive group schema (E_INTERNAL). Either is refused here as a schema error, with its
 * JSON Pointer, so each caller words it as it words every other invalid field.
 */
function finiteFirst(validate: ValidateFunction): ValidateFunction {
  const checked = ((data: unknown) => {
    const found = firstUnwritable(data);
    checked.errors = found && [found];
    if (found) return false;
    const ok = validate(data);
    checked.errors = validate.errors ?? null;
    return ok;
  }) as ValidateFunction;
  return Object.assign(checked, { schema: validate.schema, schemaEnv: validate.schemaEnv });
}

/** Deeper than any harness file nests (a run result: about 10 levels), and far from the stack's end. */
export const MAX_HARNESS_DEPTH = 200;

const infinite = (v: unknown) => typeof v === 'number' && !Number.isFinite(v);

/**
 * The first number that is not finite or value nested past MAX_HARNESS_DEPTH, as a schema error, or
 * null. A loop, not recursion, so that no nesting overflows it; paths are spelled only once one is
 * found: a 100,000-run history is checked line by line, and nearly every line holds none.
 */
function firstUnwritable(data: unknown): ErrorObject | null {
  const values: unknown[] = [data];
  const depths: number[] = [0];
  while (values.length) {
    const value = values.pop();
    const depth = depths.pop() as number;
    if (infinite(value)) return errorAt(data, (v) => infinite(v), 'type', 'must be a finite number (past 1.8e308 a number reads as Infinity)');
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_HARNESS_DEPTH) return errorAt(data, (_, d) => d >= MAX_HARNESS_DEPTH, 'maxDepth', `nests deeper than ${MAX_HARNESS_DEPTH} levels, which no harness file does`);
    // for...in over own keys, not Object.values: no array made per object on this hot path.
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      values.push((value as Record<string, unknown>)[key]);
      depths.push(depth + 1);
    }
  }
  return null;
}

/** The schema error at the first value `is` picks (depth first, as found), with its JSON Pointer. */
function errorAt(data: unknown, is: (value: unknown, depth: number) => boolean, keyword: string, message: string): ErrorObject {
  const stack: [unknown, string, number][] = [[data, '', 0]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [value, path, depth] = item;
    if (is(value, depth) && (keyword !== 'maxDepth' || (value !== null && typeof value === 'object'))) return { instancePath: path, schemaPath: `#/${keyword}`, keyword, params: {}, message };
    if (value === null || typeof value !== 'object') continue;
    for (const [key, child] of Object.entries(value)) stack.push([child, `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, depth + 1]);
  }
  return { instancePath: '', schemaPath: `#/${keyword}`, keyword, params: {}, message };
}
