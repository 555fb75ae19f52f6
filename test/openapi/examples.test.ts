// Examples are data (schemas/examples): valid documents validate; each invalid one fails at the
// place of the rule it breaks.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dereference } from '../../openapi/dereference.ts';
import { acceptsNull, type JsonSchema } from '../../openapi/openapi-to-json-schema.ts';
import { SCHEMAS_DIR } from '../../core/paths.ts';
import { registry } from '../helpers/reference-server.ts';

interface ExampleFile {
  schema: string;
  valid: { description: string; data: unknown }[];
  invalid: { description: string; path: string; data: unknown }[];
}

const dir = join(SCHEMAS_DIR, 'examples');
const files = readdirSync(dir).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as ExampleFile);

describe.each(files.map((f) => [f.schema, f] as const))('%s', (schema, file) => {
  it.each(file.valid.map((v) => [v.description, v.data] as const))('valid: %s', (_d, data) => {
    expect(registry.issues(schema, data)).toEqual([]);
  });
  it.each(file.invalid.map((v) => [v.description, v.path, v.data] as const))('invalid: %s', (_d, path, data) => {
    expect(registry.issues(schema, data).map((i) => i.path)).toContain(path);
  });
});

/** Sets every nullable property present in `doc` to null and adds an undocumented field to every object. */
function nullsAndExtras(schema: JsonSchema, doc: unknown): unknown {
  if (Array.isArray(doc)) return doc.map((d) => nullsAndExtras((schema.items ?? {}) as JsonSchema, d));
  if (!doc || typeof doc !== 'object') return doc;
  const props = Object.assign({}, schema.properties, ...((schema.allOf ?? schema.anyOf ?? []) as JsonSchema[]).map((s) => s.properties ?? {})) as Record<string, JsonSchema>;
  const out: Record<string, unknown> = { x_undocumented_extra: { added: true } };
  for (const [k, v] of Object.entries(doc)) {
    const sub = props[k];
    out[k] = sub && acceptsNull(sub) ? null : nullsAndExtras(sub ? branchOf(sub) : {}, v);
  }
  return out;
}

const branchOf = (s: JsonSchema): JsonSchema => ((s.anyOf as JsonSchema[] | undefined)?.find((b) => b.type !== 'null') ?? s);

describe('what the real service sends', () => {
  it.each(files.filter((f) => !f.schema.endsWith('Request')).map((f) => [f.schema, f] as const))('%s: every nullable field null, and extra fields everywhere, still validate', (schema, file) => {
    const full = dereference(schema, registry.schemaMap);
    const doc = nullsAndExtras(full, file.valid[0]?.data);
    // Where the schema has nullable fields, the document really carries nulls.
    if (JSON.stringify(full).includes('"null"')) expect(JSON.stringify(doc)).toContain('null');
    expect(registry.issues(schema, doc)).toEqual([]);
  });
});

describe('formats (openapi/formats.ts, shared by the contract checks, the server and the k6 bundles)', () => {
  it.each([
    ['2026-11-24T01:02:03Z', true], ['2026-11-24T01:02:03.123+05:30', true], ['2024-02-29t23:59:59-00:00', true], ['2026-11-24 01:02:03Z', true],
    ['2016-12-31T23:59:60Z', true], ['2016-12-31T18:59:60-05:00', true],
    ['2026-02-29T01:02:03Z', false], ['2026-13-01T00:00:00Z', false], ['2026-11-24T24:00:00Z', false], ['2026-11-24T01:02:03', false],
    ['2026-11-24T12:00:60Z', false], ['24/11/2026 25:61', false], ['2026-11-24T01:02:03+25:00', false],
  ])('date-time %s is %s', async (text, valid) => {
    const { validDateTime } = await import('../../openapi/formats.ts');
    expect(validDateTime(text)).toBe(valid);
  });

  it.each([['https://recordings.speko.example/a.ogg?Expires=1&Signature=ab', true], ['urn:isbn:0451450523', true], ['not a uri', false], ['/relative/path', false], ['http://exa mple.com', false]])('uri %s is %s', async (text, valid) => {
    const { validUri } = await import('../../openapi/formats.ts');
    expect(validUri(text)).toBe(valid);
  });
});
