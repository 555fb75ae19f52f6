// Converts one OpenAPI 3.0-flavoured schema node into JSON Schema 2020-12.
// The published document says `openapi: 3.1.0` but uses `nullable: true`, which means "or null".

export type JsonSchema = { [key: string]: unknown };

const COMPONENT_REF = '#/components/schemas/';

export function schemaFileName(componentName: string): string {
  return `${componentName}.json`;
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

export function convertSchema(node: unknown): JsonSchema {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) {
    throw new Error(`expected a schema object, got ${JSON.stringify(node)}`);
  }
  const out: JsonSchema = {};
  let nullable = false;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'nullable') nullable = value === true;
    else if (key === '$ref') out.$ref = convertRef(String(value));
    else if (key === 'example') out.examples = [value];
    else if (key === 'properties') out.properties = mapValues(value as Record<string, unknown>, convertSchema);
    else if (key === 'items' || key === 'not') out[key] = convertSchema(value);
    else if (key === 'additionalProperties' && typeof value === 'object') out[key] = convertSchema(value);
    else if (key === 'allOf' || key === 'anyOf' || key === 'oneOf') out[key] = (value as unknown[]).map(convertSchema);
    else out[key] = value;
  }
  return nullable ? allowNull(out) : out;
}

function mapValues<T, U>(record: Record<string, T>, fn: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, fn(v)]));
}
