// Loads the committed schemas into one ajv (2020-12) instance and hands out compiled validators.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { fullFormats } from './formats.ts';
import { SCHEMA_BASE_ID, type Catalog } from './import.ts';
import type { JsonSchema } from './openapi-to-json-schema.ts';
import { SCHEMAS_DIR } from '../core/index.ts';

// ajv-formats ships CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

export interface SchemaIssue {
  path: string;
  message: string;
}

export class SchemaRegistry {
  private readonly ajv: Ajv2020;
  private readonly cache = new Map<string, ValidateFunction>();
  /** The raw schemas by name (CallDetail, ...), for tools that read schemas rather than validate. */
  readonly schemaMap: ReadonlyMap<string, JsonSchema>;

  constructor(readonly catalog: Catalog, schemas: JsonSchema[]) {
    this.ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(this.ajv);
    // The same formats the k6 bundles carry, so that contract and load judge alike.
    this.ajv.addFormat('date-time', fullFormats['date-time']);
    this.ajv.addFormat('uri', fullFormats.uri);
    for (const schema of schemas) this.ajv.addSchema(schema);
    this.schemaMap = new Map(schemas.map((s) => [String(s.title), s]));
  }

  validator(schemaName: string): ValidateFunction {
    let fn = this.cache.get(schemaName);
    if (!fn) {
      const compiled = this.ajv.getSchema(SCHEMA_BASE_ID + schemaName + '.json');
      if (!compiled) throw new Error(`no schema named "${schemaName}" in ${SCHEMAS_DIR}/calls`);
      fn = compiled;
      this.cache.set(schemaName, fn);
    }
    return fn;
  }

  /** Validates and returns every issue, with its instance path; an empty list means valid. */
  issues(schemaName: string, data: unknown): SchemaIssue[] {
    const fn = this.validator(schemaName);
    return fn(data) ? [] : toIssues(fn.errors ?? []);
  }
}

export function toIssues(errors: ErrorObject[]): SchemaIssue[] {
  return errors.map((e) => ({ path: e.instancePath || '/', message: e.message ?? e.keyword }));
}

let shared: SchemaRegistry | undefined;

/** The registry over the committed schemas/ folder, loaded once per process. */
export function loadSchemaRegistry(dir = SCHEMAS_DIR): SchemaRegistry {
  if (dir === SCHEMAS_DIR && shared) return shared;
  const callsDir = join(dir, 'calls');
  const schemas = readdirSync(callsDir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(callsDir, f), 'utf8')) as JsonSchema);
  const catalog = JSON.parse(readFileSync(join(dir, 'catalog.json'), 'utf8')) as Catalog;
  const registry = new SchemaRegistry(catalog, schemas);
  if (dir === SCHEMAS_DIR) shared = registry;
  return registry;
}
