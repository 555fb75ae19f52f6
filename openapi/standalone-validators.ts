// ajv standalone code for the k6 bundles: the response schemas compiled to plain JavaScript once,
// so that no schema is compiled inside k6.
import { Ajv2020 } from 'ajv/dist/2020.js';
import standaloneCodeModule from 'ajv/dist/standalone/index.js';
import addFormatsModule from 'ajv-formats';
import type { CatalogOperation } from './catalog.ts';
import type { JsonSchema } from './openapi-to-json-schema.ts';

// Both ship CommonJS; under NodeNext their default exports arrive wrapped.
const standaloneCode = standaloneCodeModule as unknown as (ajv: Ajv2020, refs: Record<string, string>) => string;
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

export const VALIDATORS_FILE = 'scenarios/lib/validators.generated.js';
export const VALIDATORS_TYPES_FILE = 'scenarios/lib/validators.generated.d.ts';

export function standaloneValidators(schemas: JsonSchema[], operations: CatalogOperation[], header: string): Map<string, string> {
  const ajv = new Ajv2020({ code: { source: true, esm: true, lines: false }, strict: false, allErrors: true });
  addFormats(ajv);
  for (const s of schemas) ajv.addSchema(s);
  const names = [...new Set([...operations.map((o) => o.responseSchema), 'Error'])].sort();
  const byName = new Map(schemas.map((s) => [String(s.title), String(s.$id)]));
  const code = standaloneCode(ajv, Object.fromEntries(names.map((n) => [n, byName.get(n) as string])));
  const types = names.map((n) => `export declare const ${n}: Validator;`).join('\n');
  return new Map([
    [VALIDATORS_FILE, `// ${header}\n${code}\n`],
    [VALIDATORS_TYPES_FILE, `// ${header}\nexport interface Validator {\n  (data: unknown): boolean;\n  errors?: { instancePath: string; message?: string }[] | null;\n}\n${types}\n`],
  ]);
}
