// One schema node as `schemas import` reads it: `$ref`s followed (keeping where the node really
// lives), `nullable: true` read as "or null" by the importer's own convertSchema, the
// `anyOf: [X, {type: null}]` idiom seen through, and allOf members merged.
import { getAt, joinPointer } from '../../core/index.ts';
import { acceptsNull, convertSchema, type JsonSchema } from '../openapi-to-json-schema.ts';
import { numericBound, type NumericBound } from './read-bounds.ts';
import { BOUNDS } from './rules.ts';

/** A node and the JSON pointer where it is written in its document. */
export interface Located {
  node: JsonSchema;
  pointer: string;
}

export interface SchemaView {
  at: Located;
  /** Types without "null", sorted; empty means any type. */
  types: string[];
  format: string | null;
  nullable: boolean;
  /** Enum values without null; null when the schema has no enum. */
  enumValues: unknown[] | null;
  /** minLength, maxItems... by keyword; `minimum` and `maximum` are read from `numeric`. */
  bounds: Record<string, number | undefined>;
  numeric: { lower: NumericBound | null; upper: NumericBound | null };
  multipleOf: number | null;
  uniqueItems: boolean;
  pattern: string | null;
  description: string | null;
  properties: Map<string, Located>;
  required: Set<string>;
  items: Located | null;
  /** `true` (or absent) allows any extra property, `false` none, a schema those it accepts. */
  additional: 'any' | 'none' | Located;
  /** Members of `oneOf`/`anyOf`, the `{type: null}` of the "or null" idiom left out. */
  oneOf: Located[];
  anyOf: Located[];
  readOnly: boolean;
  writeOnly: boolean;
  /** The default as written; undefined when there is none. */
  defaultValue: unknown;
}

/** A `$ref` that points at nothing: the document is broken. `side` says which, once known. */
export class BrokenRefError extends Error {
  side: 'old' | 'new' | null = null;
}

const MAX_REF_HOPS = 32;

/** Follows `$ref`s to the node they name; keywords beside a `$ref` (3.1 allows them) win over the target's. */
export function follow(doc: unknown, at: Located): Located {
  // `true`, `null` or a list where a schema or an operation belongs constrains nothing we compare.
  if (at.node === null || typeof at.node !== 'object' || Array.isArray(at.node)) return { node: {}, pointer: at.pointer };
  let { node, pointer } = at;
  for (let hops = 0; typeof node.$ref === 'string'; hops++) {
    const ref = node.$ref;
    if (hops === MAX_REF_HOPS || !ref.startsWith('#')) throw new BrokenRefError(`${pointer}: $ref "${ref}" ${hops === MAX_REF_HOPS ? 'loops' : 'is not inside the document'}`);
    const target = getAt(doc, decodeURIComponent(ref.slice(1)));
    if (target === null || typeof target !== 'object') throw new BrokenRefError(`${pointer}: $ref "${ref}" points at nothing`);
    const siblings: JsonSchema = { ...node };
    delete siblings.$ref;
    node = Array.isArray(target) ? siblings : { ...(target as JsonSchema), ...siblings };
    pointer = decodeURIComponent(ref.slice(1));
  }
  return { node, pointer };
}

/** The single non-null member of `anyOf`/`oneOf: [X, {type: null}]`, which means "X or null". */
function nullUnionMember(node: JsonSchema): { key: string; index: number } | null {
  for (const key of ['anyOf', 'oneOf'] as const) {
    const list = node[key];
    if (!Array.isArray(list) || list.length !== 2) continue;
    const nullAt = (list as JsonSchema[]).findIndex((s) => s?.type === 'null');
    if (nullAt !== -1) return { key, index: 1 - nullAt };
  }
  return null;
}

const NESTED = ['properties', 'items', 'allOf', 'anyOf', 'oneOf', 'not', 'additionalProperties', '$ref'];

/** viewOf for one side of a comparison, so that a broken `$ref` names its document. */
export function viewOfSide(doc: unknown, at: Located, side: 'old' | 'new'): SchemaView {
  try {
    return viewOf(doc, at);
  } catch (err) {
    if (err instanceof BrokenRefError) err.side ??= side;
    throw err;
  }
}

export function viewOf(doc: unknown, at: Located): SchemaView {
  const located = follow(doc, at);
  const union = nullUnionMember(located.node);
  if (union) {
    const { key, index } = union;
    const inner = viewOf(doc, { node: (located.node[key] as JsonSchema[])[index] as JsonSchema, pointer: joinPointer(located.pointer, key, index) });
    return { ...inner, nullable: true };
  }
  const shallow = Object.fromEntries(Object.entries(located.node).filter(([k]) => !NESTED.includes(k)));
  const read = convertSchema(shallow);
  const type = read.type;
  const types = (Array.isArray(type) ? type : typeof type === 'string' ? [type] : []).filter((t) => t !== 'null').sort();
  const view: SchemaView = {
    at: located,
    types,
    format: typeof read.format === 'string' ? read.format : null,
    ...valuesOf(read),
    bounds: Object.fromEntries(BOUNDS.map(({ keyword }) => [keyword, typeof read[keyword] === 'number' ? (read[keyword] as number) : undefined])),
    numeric: { lower: numericBound(read, 'lower'), upper: numericBound(read, 'upper') },
    multipleOf: typeof read.multipleOf === 'number' ? read.multipleOf : null,
    uniqueItems: read.uniqueItems === true,
    pattern: typeof read.pattern === 'string' ? read.pattern : null,
    description: typeof read.description === 'string' ? read.description : null,
    properties: childrenOf(located, 'properties'),
    required: new Set(Array.isArray(located.node.required) ? (located.node.required as string[]) : []),
    items: located.node.items && typeof located.node.items === 'object' ? { node: located.node.items as JsonSchema, pointer: joinPointer(located.pointer, 'items') } : null,
    additional: additionalOf(located),
    oneOf: membersOf(located, 'oneOf'),
    anyOf: membersOf(located, 'anyOf'),
    readOnly: read.readOnly === true,
    writeOnly: read.writeOnly === true,
    defaultValue: read.default,
  };
  return mergeAllOf(doc, located, view);
}

/** The enum (null left out: it is read as nullable). 3.1's `const: x` is `enum: [x]`, so moving from one to the other changes nothing. */
function valuesOf(read: JsonSchema): Pick<SchemaView, 'enumValues' | 'nullable'> {
  const listed = Array.isArray(read.enum) ? read.enum : 'const' in read ? [read.const] : null;
  return { enumValues: listed ? listed.filter((v) => v !== null) : null, nullable: acceptsNull(read) || (listed?.includes(null) ?? false) };
}

function additionalOf(at: Located): SchemaView['additional'] {
  const value = at.node.additionalProperties;
  if (value === false) return 'none';
  // `{}` constrains nothing, the same as `true`.
  if (value === null || typeof value !== 'object' || Array.isArray(value) || Object.keys(value).length === 0) return 'any';
  return { node: value as JsonSchema, pointer: joinPointer(at.pointer, 'additionalProperties') };
}

function membersOf(at: Located, key: 'oneOf' | 'anyOf'): Located[] {
  const list = at.node[key];
  if (!Array.isArray(list)) return [];
  return (list as JsonSchema[]).map((node, i) => ({ node, pointer: joinPointer(at.pointer, key, i) })).filter((m) => m.node?.type !== 'null');
}

function childrenOf(at: Located, key: string): Map<string, Located> {
  const record = at.node[key];
  if (!record || typeof record !== 'object') return new Map();
  return new Map(Object.entries(record as Record<string, JsonSchema>).map(([name, node]) => [name, { node, pointer: joinPointer(at.pointer, key, name) }]));
}

/** allOf members add their properties, required names and type to the schema that lists them. */
function mergeAllOf(doc: unknown, at: Located, view: SchemaView): SchemaView {
  const members = at.node.allOf;
  if (!Array.isArray(members)) return view;
  for (const [i, member] of (members as JsonSchema[]).entries()) {
    const part = viewOf(doc, { node: member, pointer: joinPointer(at.pointer, 'allOf', i) });
    for (const [name, prop] of part.properties) if (!view.properties.has(name)) view.properties.set(name, prop);
    for (const name of part.required) view.required.add(name);
    if (view.types.length === 0) view.types = part.types;
    view.items ??= part.items;
  }
  return view;
}
