// `schemas diff` on pairs made from the published document: each pair differs by one change, and
// the change kind, its verdict and where it is in both documents are what a release manager expects.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffFiles } from '../../openapi/diff/diff-documents.ts';
import type { SpecDiff } from '../../openapi/diff/model.ts';
import { allRules } from '../../openapi/diff/rules.ts';
import { DEFAULT_OPENAPI } from '../../core/paths.ts';

type Schema = Record<string, unknown> & { properties: Record<string, Record<string, unknown>>; required?: string[] };
interface Doc {
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { schemas: Record<string, Schema> };
}

const published = (): Doc => JSON.parse(readFileSync(DEFAULT_OPENAPI, 'utf8')) as Doc;
const dir = mkdtempSync(join(tmpdir(), 'calls-harness-diff-'));
let pairs = 0;

/** Diffs the published document (or a copy changed by `before`) against a copy changed by `change`. */
async function diffAfter(change: (doc: Doc) => void, before?: (doc: Doc) => void): Promise<SpecDiff> {
  const write = (name: string, edit?: (doc: Doc) => void) => {
    const doc = published();
    edit?.(doc);
    const file = join(dir, `${name}-${++pairs}.json`);
    writeFileSync(file, JSON.stringify(doc));
    return file;
  };
  const from = before ? write('old', before) : DEFAULT_OPENAPI;
  const to = write('new', (doc) => {
    before?.(doc);
    change(doc);
  });
  return diffFiles(from, to);
}

const changesOf = (diff: SpecDiff) => diff.operations.flatMap((o) => o.changes.map((c) => ({ operationId: o.operationId, ...c })));
const schema = (doc: Doc, name: string) => doc.components.schemas[name] as Schema;
const operation = (doc: Doc, path: string, method: string) => doc.paths[path]?.[method] as Record<string, unknown>;

interface Case {
  what: string;
  /** Applied to both documents first, when the published one lacks what the change needs. */
  before?: (doc: Doc) => void;
  change: (doc: Doc) => void;
  id: string;
  breaking: boolean;
  operationId: string;
  from?: string | null;
  to?: string | null;
}

const CASES: Case[] = [
  { what: 'operation removed', change: (d) => delete d.paths['/v1/calls/{id}/recording'], id: 'api-removed-without-deprecation', breaking: true, operationId: 'getCallRecording', from: '/paths/~1v1~1calls~1{id}~1recording/get', to: null },
  { what: 'operation added', change: (d) => ((d.paths['/v1/calls/{id}/notes'] = { get: { operationId: 'listCallNotes', responses: { 200: { description: 'ok' } } } })), id: 'endpoint-added', breaking: false, operationId: 'listCallNotes', from: null, to: '/paths/~1v1~1calls~1{id}~1notes/get' },
  {
    what: 'success status changed (201 to 200)',
    change: (d) => {
      const responses = d.paths['/v1/calls/{id}/transfers/warm']?.post?.responses as Record<string, unknown>;
      responses['200'] = responses['201'];
      delete responses['201'];
    },
    id: 'response-success-status-removed', breaking: true, operationId: 'warmTransferCall', from: '/paths/~1v1~1calls~1{id}~1transfers~1warm/post/responses/201',
  },
  { what: 'response property removed', change: (d) => delete schema(d, 'CallDetail').properties.language, id: 'response-optional-property-removed', breaking: true, operationId: 'getCall', from: '/components/schemas/CallDetail/properties/language', to: '/components/schemas/CallDetail' },
  {
    what: 'required response property removed',
    change: (d) => {
      delete schema(d, 'CallDetail').properties.kind;
      schema(d, 'CallDetail').required = schema(d, 'CallDetail').required?.filter((r) => r !== 'kind');
    },
    id: 'response-required-property-removed', breaking: true, operationId: 'getCall',
  },
  { what: 'response property type changed', change: (d) => ((schema(d, 'CallDetail').properties.duration_seconds = { type: 'string', nullable: true })), id: 'response-property-type-changed', breaking: true, operationId: 'getCall', from: '/components/schemas/CallDetail/properties/duration_seconds/type' },
  { what: 'response property made nullable (3.0 nullable)', change: (d) => ((schema(d, 'CallDetail').properties.status = { type: 'string', nullable: true })), id: 'response-property-became-nullable', breaking: true, operationId: 'getCall' },
  { what: 'response property made nullable (3.1 type list)', change: (d) => ((schema(d, 'CallDetail').properties.status = { type: ['string', 'null'] })), id: 'response-property-became-nullable', breaking: true, operationId: 'getCall' },
  { what: 'response property made not nullable', change: (d) => ((schema(d, 'CallDetail').properties.room_name = { type: 'string' })), id: 'response-property-became-not-nullable', breaking: false, operationId: 'getCall' },
  { what: 'response enum value removed', change: (d) => ((schema(d, 'CallTransfer').properties.kind = { type: 'string', enum: ['warm'] })), id: 'response-property-enum-value-removed', breaking: true, operationId: 'warmTransferCall', from: '/components/schemas/CallTransfer/properties/kind/enum' },
  { what: 'response enum value added', change: (d) => ((schema(d, 'CallTransfer').properties.kind = { type: 'string', enum: ['blind', 'warm', 'conference'] })), id: 'response-property-enum-value-added', breaking: true, operationId: 'warmTransferCall' },
  { what: 'response property added', change: (d) => ((schema(d, 'CallDetail').properties.region = { type: 'string' })), id: 'response-optional-property-added', breaking: false, operationId: 'getCall', from: '/components/schemas/CallDetail', to: '/components/schemas/CallDetail/properties/region' },
  { what: 'response property became optional', change: (d) => ((schema(d, 'CallDetail').required = schema(d, 'CallDetail').required?.filter((r) => r !== 'kind'))), id: 'response-property-became-optional', breaking: true, operationId: 'getCall' },
  { what: 'response constraint narrowed', change: (d) => ((schema(d, 'CallDetail').properties.language = { type: 'string', maxLength: 16 })), id: 'response-property-max-length-set', breaking: false, operationId: 'getCall' },
  {
    what: 'request property added as required',
    change: (d) => {
      schema(d, 'WarmTransferRequest').properties.priority = { type: 'integer' };
      schema(d, 'WarmTransferRequest').required = ['priority'];
    },
    id: 'new-required-request-property', breaking: true, operationId: 'warmTransferCall', from: '/components/schemas/WarmTransferRequest', to: '/components/schemas/WarmTransferRequest/properties/priority',
  },
  { what: 'optional request property added', change: (d) => ((schema(d, 'WarmTransferRequest').properties.priority = { type: 'integer' })), id: 'new-optional-request-property', breaking: false, operationId: 'warmTransferCall' },
  { what: 'request property became required', change: (d) => ((schema(d, 'WarmTransferRequest').required = ['summary'])), id: 'request-property-became-required', breaking: true, operationId: 'warmTransferCall' },
  { what: 'request property type changed', change: (d) => ((schema(d, 'WarmTransferRequest').properties.ringingTimeout = { type: 'string' })), id: 'request-property-type-changed', breaking: true, operationId: 'warmTransferCall' },
  { what: 'request maximum narrowed', change: (d) => ((schema(d, 'WarmTransferRequest').properties.ringingTimeout = { type: 'integer', minimum: 1, maximum: 60 })), id: 'request-property-max-decreased', breaking: true, operationId: 'warmTransferCall', from: '/components/schemas/WarmTransferRequest/properties/ringingTimeout/maximum', to: '/components/schemas/WarmTransferRequest/properties/ringingTimeout/maximum' },
  { what: 'request maximum widened', change: (d) => ((schema(d, 'WarmTransferRequest').properties.ringingTimeout = { type: 'integer', minimum: 1, maximum: 300 })), id: 'request-property-max-increased', breaking: false, operationId: 'warmTransferCall' },
  { what: 'request minimum narrowed', change: (d) => ((schema(d, 'WarmTransferRequest').properties.ringingTimeout = { type: 'integer', minimum: 5, maximum: 120 })), id: 'request-property-min-increased', breaking: true, operationId: 'warmTransferCall' },
  { what: 'request minimum widened', change: (d) => ((schema(d, 'WarmTransferRequest').properties.ringingTimeout = { type: 'integer', minimum: 0, maximum: 120 })), id: 'request-property-min-decreased', breaking: false, operationId: 'warmTransferCall' },
  { what: 'request maxLength set', change: (d) => ((schema(d, 'WarmTransferRequest').properties.summary = { type: 'string', maxLength: 500 })), id: 'request-property-max-length-set', breaking: true, operationId: 'warmTransferCall' },
  { what: 'request pattern changed, through a $ref', change: (d) => ((schema(d, 'E164').pattern = '^\\+1\\d{10}$')), id: 'request-property-pattern-changed', breaking: true, operationId: 'warmTransferCall', from: '/components/schemas/E164/pattern', to: '/components/schemas/E164/pattern' },
  { what: 'request pattern removed', change: (d) => delete schema(d, 'E164').pattern, id: 'request-property-pattern-removed', breaking: false, operationId: 'warmTransferCall' },
  { what: 'request property restricted to an enum', change: (d) => ((schema(d, 'CancelWarmTransferRequest').properties.reason = { type: 'string', enum: ['busy'] })), id: 'request-property-became-enum', breaking: true, operationId: 'cancelWarmTransfer' },
  {
    what: 'request enum value removed',
    before: (d) => ((schema(d, 'CancelWarmTransferRequest').properties.reason = { type: 'string', enum: ['busy', 'no-answer'] })),
    change: (d) => ((schema(d, 'CancelWarmTransferRequest').properties.reason = { type: 'string', enum: ['busy'] })),
    id: 'request-property-enum-value-removed', breaking: true, operationId: 'cancelWarmTransfer', from: '/components/schemas/CancelWarmTransferRequest/properties/reason/enum',
  },
  {
    what: 'request enum value added',
    before: (d) => ((schema(d, 'CancelWarmTransferRequest').properties.reason = { type: 'string', enum: ['busy'] })),
    change: (d) => ((schema(d, 'CancelWarmTransferRequest').properties.reason = { type: 'string', enum: ['busy', 'no-answer'] })),
    id: 'request-property-enum-value-added', breaking: false, operationId: 'cancelWarmTransfer',
  },
  { what: 'request description changed', change: (d) => ((schema(d, 'WarmTransferRequest').properties.summary = { type: 'string', description: 'What the recipient hears first.' })), id: 'request-property-description-changed', breaking: false, operationId: 'warmTransferCall' },
  { what: 'request body became required', change: (d) => ((operation(d, '/v1/calls/{id}/transfers/{transferId}/complete', 'post').requestBody as { required: boolean }).required = true), id: 'request-body-became-required', breaking: true, operationId: 'completeWarmTransfer' },
  {
    what: 'query parameter maximum narrowed',
    change: (d) => {
      const params = d.paths['/v1/agents/{id}/calls']?.get?.parameters as { name: string; schema: Record<string, unknown> }[];
      const limit = params.find((p) => p.name === 'limit') as { schema: Record<string, unknown> };
      limit.schema = { ...limit.schema, maximum: 10 };
    },
    id: 'request-parameter-max-decreased', breaking: true, operationId: 'listAgentCalls',
  },
  { what: 'operationId changed', change: (d) => ((operation(d, '/v1/calls/{id}', 'get').operationId = 'fetchCall')), id: 'api-operation-id-updated', breaking: true, operationId: 'fetchCall' },
];

describe('schemas diff: one change each, on the published document', () => {
  it('finds nothing between the published document and itself', async () => {
    const diff = await diffFiles(DEFAULT_OPENAPI, DEFAULT_OPENAPI);
    expect(diff.breaking).toBe(false);
    expect(diff.counts).toEqual({ breaking: 0, nonBreaking: 0 });
    expect(diff.operations.length).toBe(10);
    expect(diff.operations.every((o) => o.state === 'unchanged')).toBe(true);
  });

  for (const c of CASES) {
    it(`${c.what}: ${c.id}, ${c.breaking ? 'breaking' : 'not breaking'}`, async () => {
      const diff = await diffAfter(c.change, c.before);
      const found = changesOf(diff).filter((x) => x.id === c.id && x.operationId === c.operationId);
      expect(found.length, JSON.stringify(changesOf(diff), null, 1)).toBeGreaterThan(0);
      const first = found[0] as (typeof found)[number];
      expect(first.level).toBe(c.breaking ? 'breaking' : 'non-breaking');
      if (c.from !== undefined) expect(first.from).toBe(c.from);
      if (c.to !== undefined) expect(first.to).toBe(c.to);
      expect(allRules().has(first.id)).toBe(true);
      // The verdict follows from the change alone: nothing else in the pair breaks.
      expect(diff.breaking).toBe(c.breaking);
    });
  }

  it('reports a shared schema change in every operation that uses it, with its property path', async () => {
    const diff = await diffAfter((d) => ((schema(d, 'CallTransfer').properties.status = { type: 'string', enum: ['requested', 'bridging', 'completed', 'failed', 'cancelled'] })));
    const removed = changesOf(diff).filter((c) => c.id === 'response-property-enum-value-removed');
    expect(removed.map((c) => `${c.operationId} ${c.target}`).sort()).toEqual(
      expect.arrayContaining(['getCall transfers[].status', 'warmTransferCall status', 'warmTransferCall routing_attempts[].status', 'blindTransferCall status']),
    );
    expect(removed.every((c) => c.message.includes('screening'))).toBe(true);
  });
});

describe('schemas diff: shapes that must not trip it', () => {
  it('compares a schema that refers to itself, and reports a change inside it once per place', async () => {
    const recursive = (d: Doc) => {
      schema(d, 'JsonObject').properties = { parent: { $ref: '#/components/schemas/JsonObject' }, label: { type: 'string' } };
    };
    const diff = await diffAfter((d) => ((schema(d, 'JsonObject').properties.label = { type: 'integer' })), recursive);
    const changes = changesOf(diff).filter((c) => c.operationId === 'getCall');
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((c) => c.id === 'response-property-type-changed' && c.from === '/components/schemas/JsonObject/properties/label/type')).toBe(true);
    expect(changes.map((c) => c.target)).toContain('metadata.label');
  });

  it('reads a schema given as null or true as one that constrains nothing', async () => {
    const diff = await diffAfter((d) => {
      schema(d, 'CallDetail').properties.metadata = null as unknown as Record<string, unknown>;
      schema(d, 'CallDetail').properties.span_tree = true as unknown as Record<string, unknown>;
    });
    // An object that became any value accepts more: generalized, which breaks a response.
    expect(changesOf(diff).filter((c) => c.operationId === 'getCall').map((c) => `${c.id} ${c.level}`)).toEqual(['response-property-type-generalized breaking', 'response-property-type-generalized breaking']);
  });

  it('reads a default, an enum value or an inline member that only reorders its object keys as unchanged', async () => {
    const shapes = (reversed: boolean) => (d: Doc) => {
      const o = (a: [string, unknown][]) => Object.fromEntries(reversed ? [...a].reverse() : a);
      schema(d, 'CallDetail').properties.metadata = {
        type: 'object', default: o([['a', 1], ['b', { c: 2, d: 3 }]]), enum: [o([['x', 1], ['y', 2]])],
        oneOf: [o([['type', 'object'], ['title', 'inline']]), { $ref: '#/components/schemas/JsonObject' }],
      };
    };
    const diff = await diffAfter(shapes(true), shapes(false));
    expect(changesOf(diff).filter((c) => c.operationId === 'getCall')).toEqual([]);
  });
});
