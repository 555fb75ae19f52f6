// Whether a finding rests on the published API document or on a correction of it in
// schemas/overlay.json. The committed schemas are the document plus those corrections (each with
// its reason and source); a finding that would not exist under the document alone says so and
// names the correction, so that whoever triages it knows to weigh the correction's source (the
// vendor SDK types, FACTS.md) rather than the published contract.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCatalog, type Catalog, convertComponents, type Correction, type JsonSchema, type Overlay, SCHEMA_BASE_ID, schemaFileName, type SchemaIssue, SchemaRegistry } from '../openapi/index.ts';
import { DEFAULT_OPENAPI, SCHEMAS_DIR } from '../core/index.ts';

/** Corrections that can make a body fail: "allow-null" only ever widens a schema. */
const NARROWING: readonly Correction['action'][] = ['require', 'replace', 'add'];

interface Sources {
  doc: Parameters<typeof buildCatalog>[0] & { components: { schemas: Record<string, unknown> } };
  overlay: Overlay;
}

let sources: Sources | null | undefined;
const without = new Map<number, SchemaRegistry>();

/** The published document and the overlay, read once; null when either is missing (a trimmed install). */
function readSources(): Sources | null {
  if (sources !== undefined) return sources;
  try {
    sources = {
      doc: JSON.parse(readFileSync(DEFAULT_OPENAPI, 'utf8')) as Sources['doc'],
      overlay: JSON.parse(readFileSync(join(SCHEMAS_DIR, 'overlay.json'), 'utf8')) as Overlay,
    };
  } catch {
    sources = null;
  }
  return sources;
}

/** The schemas as imported with every correction but the one at `index`, as a registry; built on first use. */
function registryWithout(s: Sources, index: number): SchemaRegistry {
  let registry = without.get(index);
  if (!registry) {
    const { operations, inlineSchemas } = buildCatalog(s.doc);
    const overlay = { ...s.overlay, corrections: s.overlay.corrections.filter((_, i) => i !== index) };
    const schemas = convertComponents(s.doc.components.schemas, inlineSchemas, operations, overlay);
    const documents: JsonSchema[] = [...schemas].map(([name, body]) => ({ $schema: 'https://json-schema.org/draft/2020-12/schema', $id: SCHEMA_BASE_ID + schemaFileName(name), title: name, ...body }));
    registry = new SchemaRegistry({ operations } as unknown as Catalog, documents);
    without.set(index, registry);
  }
  return registry;
}

/**
 * The corrections without which `holds` would no longer hold of the schemas: each correction
 * that can narrow a schema is left out in turn. `holds` says the finding's fact (an issue found,
 * a body judged valid or invalid) under a registry. Empty when it rests on the document alone.
 */
export function correctionsBehind(holds: (registry: SchemaRegistry) => boolean): Correction[] {
  const s = readSources();
  if (!s) return [];
  return s.overlay.corrections.filter((c, i) => NARROWING.includes(c.action) && !holds(registryWithout(s, i)));
}

/** The corrections a response body's schema issue rests on. */
export function correctionsBehindIssue(schema: string, body: unknown, issue: SchemaIssue): Correction[] {
  return correctionsBehind((r) => r.issues(schema, body).some((i) => i.path === issue.path && i.message === issue.message));
}

/** The corrections a request body rests on to be valid (true) or invalid (false) against its schema. */
export function correctionsBehindVerdict(schema: string, body: unknown, valid: boolean): Correction[] {
  return correctionsBehind((r) => r.validator(schema)(body) === valid);
}

/** What a finding's title adds when it rests on corrections. */
export function overlayTitleNote(corrections: Correction[]): string {
  return corrections.length ? ' [rests on a correction in schemas/overlay.json, not on the published document]' : '';
}

/** What a finding's expected text adds: each correction, its reason and its source. */
export function overlayExpectedNote(corrections: Correction[]): string {
  if (!corrections.length) return '';
  // A replaced schema is too long to quote: its place, reason and source name it.
  const each = corrections.map((c) => `${c.schema}${c.pointer || ' (whole schema)'} ${c.action}${c.value === undefined || c.action === 'replace' ? '' : ` ${JSON.stringify(c.value)}`}: ${c.reason} Source: ${c.source}.`);
  return ` (the published document does not say this; schemas/overlay.json corrects it: ${each.join(' ')})`;
}
