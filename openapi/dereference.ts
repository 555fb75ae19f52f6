// Inlines the `$ref`s between the generated schemas, for tools that want one self-contained schema.
import type { JsonSchema } from './openapi-to-json-schema.ts';

const DROP = new Set(['$id', '$schema', '$comment', 'title']);

export function dereference(name: string, schemas: ReadonlyMap<string, JsonSchema>, seen: string[] = []): JsonSchema {
  const root = schemas.get(name);
  if (!root) throw new Error(`no schema named "${name}"`);
  if (seen.includes(name)) throw new Error(`schema ${[...seen, name].join(' -> ')} refers to itself; it cannot be inlined`);
  return inline(root, schemas, [...seen, name]) as JsonSchema;
}

function inline(node: unknown, schemas: ReadonlyMap<string, JsonSchema>, seen: string[]): unknown {
  if (Array.isArray(node)) return node.map((n) => inline(n, schemas, seen));
  if (node === null || typeof node !== 'object') return node;
  const ref = (node as { $ref?: unknown }).$ref;
  if (typeof ref === 'string') return dereference(ref.replace(/\.json$/, ''), schemas, seen);
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(node)) if (!DROP.has(k)) out[k] = k === 'properties' ? mapObject(v, schemas, seen) : inline(v, schemas, seen);
  return out;
}

function mapObject(props: unknown, schemas: ReadonlyMap<string, JsonSchema>, seen: string[]): unknown {
  return Object.fromEntries(Object.entries(props as Record<string, unknown>).map(([k, v]) => [k, inline(v, schemas, seen)]));
}
