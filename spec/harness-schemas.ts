// The harness's own JSON Schemas (schemas/harness/*.schema.json), compiled on first use by one
// ajv instance: commands that never validate a config, a profile or server options pay nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
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
  return validate;
}
