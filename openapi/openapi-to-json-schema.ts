// Converts one OpenAPI 3.0-flavoured schema node into JSON Schema 2020-12.
// The published document says `openapi: 3.1.0` but uses `nullable: true`, which means "or null".

export type JsonSchema = { [key: string]: unknown };

const COMPONENT_REF = '#/components/schemas/';

/**
 * What a schema or operation of an imported document may be called. A name becomes a file name
 * (schemas/calls/<name>.json), a TypeScript type and a JavaScript export, and an operationId a
 * file name and a word of printed commands: a document is not trusted to keep `../`, spaces or
 * code out of them, so anything but an identifier is refused, never written.
 */
export const IMPORTED_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function importedName(name: string, what: string): string {
  if (!IMPORTED_NAME.test(name)) throw new Error(`the ${what} ${JSON.stringify(name)} is not an identifier (letters, digits and _; it names files and generated code)`);
  return name;
}

export function schemaFileName(componentName: string): string {
  return `${importedName(componentName, 'schema name')}.json`;
}

export function convertRef(ref: string): string {
  if (!ref.startsWith(COMPONENT_REF)) {
    throw new Error(`unsupported $ref "${ref}": only ${COMPONENT_REF}* references can be imported`);
  }
  return schemaFileName(ref.slice(COMPONENT_REF.length));
}

/** Wraps a schema so that it also accepts null, without wrapping twice. */
export function allowNull(schema: JsonSchema): JsonSchema {
  if (acceptsNull(schema)) return schema;
  if (typeof schema.type === 'string') {
    const widened: JsonSchema = { ...schema, type: [schema.type, 'null'] };
    if (Array.isArray(schema.enum)) widened.enum = [...schema.enum, null];
    return widened;
  }
  return { anyOf: [schema, { type: 'null' }] };
}

export function acceptsNull(schema: JsonSchema): boolean {
  if (Array.isArray(schema.type) && schema.type.includes('null')) return true;
  if (schema.type === 'null') return true;
  const anyOf = schema.anyOf;
  return Array.isArray(anyOf) && anyOf.some((s) => (s as JsonSchema).type === 'null');
}

type KeyConverter = (value: unknown) => [string, unknown];
const schemaList = (value: unknown) => (value as unknown[]).map(convertSchema);

/** How each keyword carries over; keywords not listed are copied as they are. */
const KEYWORDS: Record<string, KeyConverter> = {
  $ref: (v) => ['$ref', convertRef(String(v))],
  example: (v) => ['examples', [v]],
  properties: (v) => ['properties', mapValues(v as Record<string, unknown>, convertSchema)],
  items: (v) => ['items', convertSchema(v)],
  not: (v) => ['not', convertSchema(v)],
  additionalProperties: (v) => ['additionalProperties', typeof v === 'object' ? convertSchema(v) : v],
  allOf: (v) => ['allOf', schemaList(v)],
  anyOf: (v) => ['anyOf', schemaList(v)],
  oneOf: (v) => ['oneOf', schemaList(v)],
};

export function convertSchema(node: unknown): JsonSchema {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) {
    throw new Error(`expected a schema object, got ${JSON.stringify(node)}`);
  }
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'nullable') continue;
    const convert = KEYWORDS[key];
    const [outKey, outValue] = convert ? convert(value) : [key, value];
    out[outKey] = outValue;
  }
  return (node as { nullable?: unknown }).nullable === true ? allowNull(out) : out;
}

function mapValues<T, U>(record: Record<string, T>, fn: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, fn(v)]));
}
