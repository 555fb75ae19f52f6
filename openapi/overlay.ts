// Applies schemas/overlay.json: the corrections where the real service differs from the document.
import { allowNull, type JsonSchema } from './openapi-to-json-schema.ts';
import { getAt, setAt } from '../core/index.ts';

export interface Correction {
  schema: string;
  pointer: string;
  action: 'allow-null' | 'require' | 'replace' | 'add';
  value?: unknown;
  reason: string;
  source: string;
}

export interface Overlay {
  optionalPropertiesAcceptNull?: { reason: string; source: string };
  corrections: Correction[];
}

export function applyCorrection(schemas: Map<string, JsonSchema>, c: Correction): void {
  const root = schemas.get(c.schema);
  const where = `overlay correction on ${c.schema}${c.pointer}`;
  if (!root) throw new Error(`${where}: the document has no component "${c.schema}"`);
  const target = getAt(root, c.pointer);
  if (target === undefined || target === null || typeof target !== 'object') {
    throw new Error(`${where}: nothing at that pointer in the imported schema`);
  }
  const node = target as JsonSchema;
  let replacement: JsonSchema;
  switch (c.action) {
    case 'allow-null':
      replacement = allowNull(node);
      break;
    case 'require': {
      const required = new Set([...((node.required as string[] | undefined) ?? []), ...(c.value as string[])]);
      replacement = { ...node, required: [...required] };
      break;
    }
    case 'replace':
      replacement = c.value as JsonSchema;
      break;
    case 'add':
      replacement = { ...node, ...(c.value as JsonSchema) };
      break;
  }
  if (c.pointer === '') schemas.set(c.schema, replacement);
  else setAt(root, c.pointer, replacement);
}

/** Makes every optional property of every object schema inside `schema` accept null. */
export function optionalPropertiesAcceptNull(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = { ...schema };
  if (out.properties && typeof out.properties === 'object') {
    const required = new Set((out.required as string[] | undefined) ?? []);
    out.properties = Object.fromEntries(
      Object.entries(out.properties as Record<string, JsonSchema>).map(([name, prop]) => {
        const inner = optionalPropertiesAcceptNull(prop);
        return [name, required.has(name) ? inner : allowNull(inner)];
      }),
    );
  }
  for (const key of ['items', 'additionalProperties'] as const) {
    const sub = out[key];
    if (sub && typeof sub === 'object') out[key] = optionalPropertiesAcceptNull(sub as JsonSchema);
  }
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = out[key];
    if (Array.isArray(list)) out[key] = list.map((s: JsonSchema) => optionalPropertiesAcceptNull(s));
  }
  return out;
}
