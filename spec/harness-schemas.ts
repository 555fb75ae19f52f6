// The harness's own JSON Schemas (schemas/harness/*.schema.json), compiled on first use by one
// ajv instance: commands that never validate a config, a profile or server options pay nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { SCHEMAS_DIR } from './paths.ts';

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
 * The validator, with every number first held to be finite. JSON.parse reads 1e309 as Infinity
 * and ajv's "number" takes it: a profile's `"p(95)": 1e309` passed here, became null once written
 * into the bundle's CALLS_PROFILE_JSON, and failed there as a bug in the harness. No harness file
 * can hold a number JSON cannot write back, so it is refused here as the schema's type error.
 */
function finiteFirst(validate: ValidateFunction): ValidateFunction {
  const checked = ((data: unknown) => {
    const at = nonFiniteAt(data);
    checked.errors = at === null ? null : [{ instancePath: at, schemaPath: '#/type', keyword: 'type', params: { type: 'number' }, message: 'must be a finite number (past 1.8e308 a number reads as Infinity)' } satisfies ErrorObject];
    if (at !== null) return false;
    const ok = validate(data);
    checked.errors = validate.errors ?? null;
    return ok;
  }) as ValidateFunction;
  return Object.assign(checked, { schema: validate.schema, schemaEnv: validate.schemaEnv });
}

/**
 * The JSON Pointer of the first number that is not finite, or null; a loop, not recursion, so that
 * no nesting overflows it. Paths are spelled only once one is found: a 100,000-run history is
 * checked line by line, and nearly every line holds none.
 */
function nonFiniteAt(data: unknown): string | null {
  const values: unknown[] = [data];
  while (values.length) {
    const value = values.pop();
    if (typeof value === 'number' && !Number.isFinite(value)) return pathOfNonFinite(data);
    if (value !== null && typeof value === 'object') {
      // for...in over own keys, not Object.values: no array made per object on this hot path.
      for (const key in value) if (Object.hasOwn(value, key)) values.push((value as Record<string, unknown>)[key]);
    }
  }
  return null;
}


function pathOfNonFinite(data: unknown): string | null {
  const stack: [unknown, string][] = [[data, '']];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [value, path] = item;
    if (typeof value === 'number' && !Number.isFinite(value)) return path;
    if (value === null || typeof value !== 'object') continue;
    for (const [key, child] of Object.entries(value)) stack.push([child, `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`]);
  }
  return null;
}
