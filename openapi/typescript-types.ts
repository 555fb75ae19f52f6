// TypeScript types from the generated JSON Schemas, for the rest of the code.
import type { JsonSchema } from './openapi-to-json-schema.ts';

export function typesModule(schemas: ReadonlyMap<string, JsonSchema>, header: string): string {
  const decls = [...schemas.keys()].sort().map((name) => {
    const s = schemas.get(name) as JsonSchema;
    // A description is the document's text: `*/` in it would end the comment and start code.
    const doc = typeof s.description === 'string' ? `/** ${s.description.replace(/\*\//g, '*\\/')} */\n` : '';
    return `${doc}export type ${name} = ${typeOf(s, 0)};\n`;
  });
  return `// ${header}\n\n${decls.join('\n')}`;
}

function typeOf(s: JsonSchema, depth: number): string {
  if (typeof s.$ref === 'string') return s.$ref.replace(/\.json$/, '');
  if ('const' in s) return JSON.stringify(s.const);
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (Array.isArray(s.allOf)) return (s.allOf as JsonSchema[]).map((x) => paren(typeOf(x, depth))).join(' & ');
  if (Array.isArray(s.anyOf) || Array.isArray(s.oneOf)) {
    const branches = ((s.anyOf ?? s.oneOf) as JsonSchema[]).filter((b) => Object.keys(b).some((k) => k === 'type' || k === '$ref' || k === 'properties'));
    const own = s.type || s.properties ? [typeOf({ ...s, anyOf: undefined, oneOf: undefined }, depth)] : [];
    return [...own, ...branches.map((x) => paren(typeOf(x, depth)))].join(' | ') || 'unknown';
  }
  const types = Array.isArray(s.type) ? (s.type as string[]) : typeof s.type === 'string' ? [s.type] : [];
  if (!types.length) return s.properties ? objectType(s, depth) : 'unknown';
  return types.map((t) => primitive(t, s, depth)).join(' | ');
}

function primitive(t: string, s: JsonSchema, depth: number): string {
  switch (t) {
    case 'string': return 'string';
    case 'integer':
    case 'number': return 'number';
    case 'boolean': return 'boolean';
    case 'null': return 'null';
    case 'array': return `Array<${typeOf((s.items ?? {}) as JsonSchema, depth)}>`;
    case 'object': return objectType(s, depth);
    default: return 'unknown';
  }
}

function objectType(s: JsonSchema, depth: number): string {
  const props = (s.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((s.required as string[] | undefined) ?? []);
  const pad = '  '.repeat(depth + 1);
  // A property name is the document's text: quoted unless it is an identifier, never code.
  const lines = Object.entries(props).map(([k, v]) => `${pad}${IDENTIFIER.test(k) ? k : JSON.stringify(k)}${required.has(k) ? '' : '?'}: ${typeOf(v, depth + 1)};`);
  const extra = s.additionalProperties;
  // A typed map keeps its value type; beside declared properties the index must admit them all.
  const typedMap = typeof extra === 'object' && Object.keys(extra as object).length > 0 && lines.length === 0;
  if (extra !== false) lines.push(`${pad}[key: string]: ${typedMap ? typeOf(extra as JsonSchema, depth + 1) : 'unknown'};`);
  return `{\n${lines.join('\n')}\n${'  '.repeat(depth)}}`;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function paren(t: string): string {
  return /[|&]/.test(t) && !t.startsWith('{') ? `(${t})` : t;
}
