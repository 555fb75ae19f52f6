// `calls-harness schemas diff` on the rule families oasdiff users rely on, one test each: a pair of
// documents made from the published one, diffed through the real CLI, with every change's id,
// severity, verdict and JSON pointers (old and new) checked, and the exit code the gate gives.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SpecChange, SpecDiff } from '../../spec/diff/model.ts';
import { harnessValidator } from '../../spec/harness-schemas.ts';
import { DEFAULT_OPENAPI } from '../../spec/paths.ts';
import { runCli } from '../helpers/cli.ts';

type Json = Record<string, unknown>;
type Schema = Json & { properties: Record<string, Json>; required?: string[] };
interface Doc {
  openapi: string;
  security?: Json[];
  paths: Record<string, Record<string, Json & { parameters?: Json[]; responses: Record<string, Json>; requestBody?: Json }>>;
  components: { schemas: Record<string, Schema>; securitySchemes: Record<string, Json> };
}

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-diff-rules-'));
const published = (): Doc => JSON.parse(readFileSync(DEFAULT_OPENAPI, 'utf8')) as Doc;
const schema = (d: Doc, name: string) => d.components.schemas[name] as Schema;
const op = (d: Doc, path: string, method = 'get') => d.paths[path]?.[method] as Doc['paths'][string][string];
const param = (d: Doc, name: string) => (op(d, '/v1/agents/{id}/calls').parameters as Json[]).find((p) => p.name === name) as Json & { schema: Json };
const S = '/components/schemas';
const LIST = '/paths/~1v1~1agents~1{id}~1calls/get';
const GET_CALL = '/paths/~1v1~1calls~1{id}/get';
const WARM = `${S}/WarmTransferRequest/properties`;

type Change = SpecChange & { operationId: string };
let runs = 0;

/** Writes the old document (published, or edited by `before`) and the new one (`before`, then `change`), and runs the gate. */
async function gate(change: (d: Doc) => void, before?: (d: Doc) => void): Promise<{ code: number | null; changes: Change[] }> {
  const write = (name: string, edit: (d: Doc) => void) => {
    const d = published();
    edit(d);
    const file = join(dir, `${name}-${++runs}.json`);
    writeFileSync(file, JSON.stringify(d));
    return file;
  };
  const from = write('old', (d) => before?.(d));
  const to = write('new', (d) => {
    before?.(d);
    change(d);
  });
  const json = join(dir, `diff-${runs}.json`);
  const r = await runCli(['schemas', 'diff', '--from', from, '--to', to, '--json', json]);
  expect(r.stderr).toBe('');
  const diff = JSON.parse(readFileSync(json, 'utf8')) as SpecDiff;
  const validate = harnessValidator('spec-diff');
  expect(validate(diff), JSON.stringify(validate.errors)).toBe(true);
  return { code: r.code, changes: diff.operations.flatMap((o) => o.changes.map((c) => ({ operationId: o.operationId, ...c }))) };
}

interface Expected {
  operationId: string;
  id: string;
  severity: SpecChange['severity'];
  target?: string | null;
  from?: string | null;
  to?: string | null;
}

/** The change is there once for that operation and place, with its severity, the verdict that follows from it, and its pointers. */
function expectChange(changes: Change[], e: Expected): void {
  const found = changes.filter((c) => c.operationId === e.operationId && c.id === e.id && (e.target === undefined || c.target === e.target));
  expect(found, `${e.operationId} ${e.id} in\n${changes.map((c) => `${c.operationId} ${c.id} ${c.target} ${c.from} ${c.to}`).join('\n')}`).toHaveLength(1);
  const c = found[0] as Change;
  expect(c.severity).toBe(e.severity);
  expect(c.level).toBe(e.severity === 'info' ? 'non-breaking' : 'breaking');
  if (e.from !== undefined) expect(c.from).toBe(e.from);
  if (e.to !== undefined) expect(c.to).toBe(e.to);
}

const ids = (changes: Change[], operationId: string) => changes.filter((c) => c.operationId === operationId).map((c) => c.id).sort();

describe('schemas diff rule families (CLI)', () => {
  it('numeric bounds: exclusive in either OpenAPI form, multipleOf; narrowing a request or widening a response fails the gate', async () => {
    const broken = await gate((d) => {
      schema(d, 'WarmTransferRequest').properties.ringingTimeout = { type: 'integer', minimum: 1, exclusiveMaximum: 120, multipleOf: 5 };
      schema(d, 'CallDetail').properties.duration_seconds = { type: 'integer', nullable: true, minimum: -1 };
    }, (d) => {
      schema(d, 'CallDetail').properties.duration_seconds = { type: 'integer', nullable: true, minimum: 0 };
    });
    expect(broken.code).toBe(1);
    expectChange(broken.changes, { operationId: 'warmTransferCall', id: 'request-property-max-became-exclusive', severity: 'error', target: 'ringingTimeout', from: `${WARM}/ringingTimeout/maximum`, to: `${WARM}/ringingTimeout/exclusiveMaximum` });
    expectChange(broken.changes, { operationId: 'warmTransferCall', id: 'request-property-multiple-of-set', severity: 'warning', from: `${WARM}/ringingTimeout`, to: `${WARM}/ringingTimeout/multipleOf` });
    expectChange(broken.changes, { operationId: 'getCall', id: 'response-property-min-decreased', severity: 'error', target: 'duration_seconds', from: `${S}/CallDetail/properties/duration_seconds/minimum` });

    // 3.0's `minimum: 0, exclusiveMinimum: true` is 3.1's `exclusiveMinimum: 0`: no change. A lower request minimum is compatible.
    const fine = await gate((d) => {
      d.openapi = '3.1.0';
      schema(d, 'BlindTransferRequest').properties.ringingTimeout = { type: 'integer', exclusiveMinimum: 0, maximum: 120 };
      schema(d, 'WarmTransferRequest').properties.ringingTimeout = { type: 'integer', minimum: 0, maximum: 120, multipleOf: 1 };
    }, (d) => {
      d.openapi = '3.0.3';
      schema(d, 'BlindTransferRequest').properties.ringingTimeout = { type: 'integer', minimum: 0, exclusiveMinimum: true, maximum: 120 };
      schema(d, 'WarmTransferRequest').properties.ringingTimeout = { type: 'integer', minimum: 1, maximum: 120, multipleOf: 2 };
    });
    expect(fine.code).toBe(0);
    expect(ids(fine.changes, 'blindTransferCall')).toEqual([]);
    expectChange(fine.changes, { operationId: 'warmTransferCall', id: 'request-property-min-decreased', severity: 'info', from: `${WARM}/ringingTimeout/minimum`, to: `${WARM}/ringingTimeout/minimum` });
    expectChange(fine.changes, { operationId: 'warmTransferCall', id: 'request-property-multiple-of-decreased', severity: 'info' });
  });

  it('string length and arrays: minLength, maxLength, minItems, maxItems, uniqueItems, by direction', async () => {
    const summary = { type: 'string', minLength: 1, maxLength: 500 };
    const broken = await gate((d) => {
      schema(d, 'WarmTransferRequest').properties.summary = { type: 'string', minLength: 2, maxLength: 400 };
      schema(d, 'WarmTransferRequest').properties.destinations = { ...schema(d, 'WarmTransferRequest').properties.destinations, maxItems: 5, uniqueItems: true };
      schema(d, 'CallDetail').properties.transfers = { type: 'array', maxItems: 50, items: { $ref: '#/components/schemas/CallTransfer' } };
    }, (d) => {
      schema(d, 'WarmTransferRequest').properties.summary = summary;
      schema(d, 'CallDetail').properties.transfers = { type: 'array', maxItems: 20, items: { $ref: '#/components/schemas/CallTransfer' } };
    });
    expect(broken.code).toBe(1);
    expectChange(broken.changes, { operationId: 'warmTransferCall', id: 'request-property-min-length-increased', severity: 'error', from: `${WARM}/summary/minLength`, to: `${WARM}/summary/minLength` });
    expectChange(broken.changes, { operationId: 'warmTransferCall', id: 'request-property-max-length-decreased', severity: 'error', from: `${WARM}/summary/maxLength` });
    expectChange(broken.changes, { operationId: 'warmTransferCall', id: 'request-property-max-items-decreased', severity: 'error', from: `${WARM}/destinations/maxItems` });
    expectChange(broken.changes, { operationId: 'warmTransferCall', id: 'request-property-unique-items-set', severity: 'warning', to: `${WARM}/destinations/uniqueItems` });
    expectChange(broken.changes, { operationId: 'getCall', id: 'response-property-max-items-increased', severity: 'error', from: `${S}/CallDetail/properties/transfers/maxItems` });

    const fine = await gate((d) => {
      schema(d, 'WarmTransferRequest').properties.summary = { type: 'string', maxLength: 1000 };
      schema(d, 'CallDetail').properties.language = { type: 'string', maxLength: 8 };
    }, (d) => {
      schema(d, 'WarmTransferRequest').properties.summary = summary;
      schema(d, 'CallDetail').properties.language = { type: 'string', maxLength: 16 };
    });
    expect(fine.code).toBe(0);
    expect(ids(fine.changes, 'warmTransferCall')).toEqual(['request-property-max-length-increased', 'request-property-min-length-unset']);
    expectChange(fine.changes, { operationId: 'getCall', id: 'response-property-max-length-decreased', severity: 'info' });
  });

  it('additionalProperties: became false, restricted, widened, and the schema walked into', async () => {
    const broken = await gate((d) => {
      schema(d, 'JsonObject').additionalProperties = false;
      (schema(d, 'BlindTransferRequest').properties.headers as Json).additionalProperties = { type: 'string', maxLength: 64 };
    });
    expect(broken.code).toBe(1);
    expectChange(broken.changes, { operationId: 'warmTransferCall', id: 'request-property-additional-properties-became-false', severity: 'error', target: 'fallback', from: `${S}/JsonObject/additionalProperties`, to: `${S}/JsonObject/additionalProperties` });
    expectChange(broken.changes, { operationId: 'getCall', id: 'response-property-additional-properties-became-false', severity: 'info', target: 'metadata' });
    expectChange(broken.changes, { operationId: 'blindTransferCall', id: 'request-property-max-length-set', severity: 'warning', target: 'headers.*', from: `${S}/BlindTransferRequest/properties/headers/additionalProperties`, to: `${S}/BlindTransferRequest/properties/headers/additionalProperties/maxLength` });

    const fine = await gate((d) => {
      (schema(d, 'BlindTransferRequest').properties.headers as Json).additionalProperties = true;
      schema(d, 'CallDetail').properties.pipeline_config = { type: 'object', additionalProperties: { type: 'string' } };
    });
    expect(fine.code).toBe(0);
    expectChange(fine.changes, { operationId: 'blindTransferCall', id: 'request-property-additional-properties-widened', severity: 'info', target: 'headers' });
    expectChange(fine.changes, { operationId: 'getCall', id: 'response-property-additional-properties-narrowed', severity: 'info', target: 'pipeline_config' });
  });

  it('oneOf and anyOf: a member added to a response or removed from a request breaks; inline members edited in place are walked', async () => {
    const both = (d: Doc) => {
      schema(d, 'CallDetail').properties.language = { oneOf: [{ $ref: '#/components/schemas/E164' }, { type: 'integer' }] };
      schema(d, 'CancelWarmTransferRequest').properties.reason = { anyOf: [{ type: 'string', maxLength: 10 }, { type: 'integer' }] };
    };
    const broken = await gate((d) => {
      (schema(d, 'CallDetail').properties.language as { oneOf: Json[] }).oneOf.push({ type: 'boolean' });
      schema(d, 'CancelWarmTransferRequest').properties.reason = { anyOf: [{ type: 'string', maxLength: 5 }] };
    }, both);
    expect(broken.code).toBe(1);
    expectChange(broken.changes, { operationId: 'getCall', id: 'response-property-one-of-added', severity: 'error', target: 'language', from: `${S}/CallDetail/properties/language/oneOf`, to: `${S}/CallDetail/properties/language/oneOf/2` });
    expectChange(broken.changes, { operationId: 'cancelWarmTransfer', id: 'request-property-any-of-removed', severity: 'error', from: `${S}/CancelWarmTransferRequest/properties/reason/anyOf/1`, to: `${S}/CancelWarmTransferRequest/properties/reason/anyOf` });
    expectChange(broken.changes, { operationId: 'cancelWarmTransfer', id: 'request-property-max-length-decreased', severity: 'error', target: 'reason', from: `${S}/CancelWarmTransferRequest/properties/reason/anyOf/0/maxLength` });

    // A $ref member is walked into: E164's pattern dropped shows under the member, as widening a response.
    const fine = await gate((d) => {
      (schema(d, 'CallDetail').properties.language as { oneOf: Json[] }).oneOf.pop();
      (schema(d, 'CancelWarmTransferRequest').properties.reason as { anyOf: Json[] }).anyOf.push({ type: 'boolean' });
    }, both);
    expect(fine.code).toBe(0);
    expectChange(fine.changes, { operationId: 'getCall', id: 'response-property-one-of-removed', severity: 'info', from: `${S}/CallDetail/properties/language/oneOf/1` });
    expectChange(fine.changes, { operationId: 'cancelWarmTransfer', id: 'request-property-any-of-added', severity: 'info', to: `${S}/CancelWarmTransferRequest/properties/reason/anyOf/2` });
    const walked = await gate((d) => delete schema(d, 'E164').pattern, both);
    expectChange(walked.changes, { operationId: 'getCall', id: 'response-property-pattern-removed', severity: 'error', target: 'language', from: `${S}/E164/pattern` });
  });

  it('readOnly and writeOnly: required counts on one side only; a response property made writeOnly is gone for clients', async () => {
    const broken = await gate((d) => {
      delete schema(d, 'WarmTransferRequest').properties.summary?.readOnly;
      schema(d, 'CallDetail').properties.language = { type: 'string', writeOnly: true };
    }, (d) => {
      schema(d, 'WarmTransferRequest').properties.summary = { type: 'string', readOnly: true };
      schema(d, 'WarmTransferRequest').required = ['summary'];
    });
    expect(broken.code).toBe(1);
    expectChange(broken.changes, { operationId: 'warmTransferCall', id: 'request-property-became-required', severity: 'error', target: 'summary', from: `${S}/WarmTransferRequest/required` });
    expectChange(broken.changes, { operationId: 'warmTransferCall', id: 'request-property-became-not-read-only', severity: 'info', from: `${WARM}/summary/readOnly`, to: `${WARM}/summary` });
    expectChange(broken.changes, { operationId: 'getCall', id: 'response-property-became-write-only', severity: 'warning', to: `${S}/CallDetail/properties/language/writeOnly` });

    // A new required property the server fills in (readOnly) asks nothing of clients.
    const fine = await gate((d) => {
      schema(d, 'WarmTransferRequest').properties.createdAt = { type: 'string', readOnly: true };
      schema(d, 'WarmTransferRequest').required = ['createdAt'];
    });
    expect(fine.code).toBe(0);
    expect(ids(fine.changes, 'warmTransferCall')).toEqual([]);
  });

  it('defaults and nullable: a request default changed or a request value made not nullable breaks', async () => {
    const broken = await gate((d) => {
      param(d, 'limit').schema.default = 20;
      schema(d, 'WarmTransferRequest').properties.summary = { type: 'string' };
      schema(d, 'CallDetail').properties.language = { type: 'string', nullable: true };
    }, (d) => {
      schema(d, 'WarmTransferRequest').properties.summary = { type: ['string', 'null'] };
    });
    expect(broken.code).toBe(1);
    expectChange(broken.changes, { operationId: 'listAgentCalls', id: 'request-parameter-default-value-changed', severity: 'warning', target: 'query limit', from: `${LIST}/parameters/1/schema/default`, to: `${LIST}/parameters/1/schema/default` });
    expectChange(broken.changes, { operationId: 'warmTransferCall', id: 'request-property-became-not-nullable', severity: 'error', from: `${WARM}/summary` });
    expectChange(broken.changes, { operationId: 'getCall', id: 'response-property-became-nullable', severity: 'error' });

    const fine = await gate((d) => {
      schema(d, 'WarmTransferRequest').properties.summary = { type: 'string', default: '' };
      schema(d, 'CallDetail').properties.language = { type: 'string', default: 'en' };
    });
    expect(fine.code).toBe(0);
    expectChange(fine.changes, { operationId: 'warmTransferCall', id: 'request-property-default-value-added', severity: 'info', to: `${WARM}/summary/default` });
    expectChange(fine.changes, { operationId: 'getCall', id: 'response-property-default-value-added', severity: 'info' });
  });

  it('parameters: added required, became required, moved to another place, serialization and type changed', async () => {
    const broken = await gate((d) => {
      const params = op(d, '/v1/agents/{id}/calls').parameters as Json[];
      param(d, 'since').required = true;
      param(d, 'cursor').in = 'header';
      Object.assign(param(d, 'limit'), { style: 'form', explode: false });
      param(d, 'limit').schema = { ...param(d, 'limit').schema, type: 'string' };
      params.push({ in: 'query', name: 'region', required: true, schema: { type: 'string' } });
    });
    expect(broken.code).toBe(1);
    const L = 'listAgentCalls';
    expectChange(broken.changes, { operationId: L, id: 'request-parameter-became-required', severity: 'error', target: 'query since', from: `${LIST}/parameters/3`, to: `${LIST}/parameters/3` });
    expectChange(broken.changes, { operationId: L, id: 'request-parameter-removed', severity: 'warning', target: 'query cursor', from: `${LIST}/parameters/2`, to: LIST });
    expectChange(broken.changes, { operationId: L, id: 'new-optional-request-parameter', severity: 'info', target: 'header cursor', from: LIST, to: `${LIST}/parameters/2` });
    expectChange(broken.changes, { operationId: L, id: 'request-parameter-style-changed', severity: 'warning', target: 'query limit' });
    expectChange(broken.changes, { operationId: L, id: 'request-parameter-type-changed', severity: 'error', target: 'query limit', from: `${LIST}/parameters/1/schema/type` });
    expectChange(broken.changes, { operationId: L, id: 'new-required-request-parameter', severity: 'error', target: 'query region', to: `${LIST}/parameters/4` });

    // Deprecated first, then removed: no client should still send it.
    const fine = await gate((d) => {
      (op(d, '/v1/agents/{id}/calls').parameters as Json[]).splice(2, 1);
      param(d, 'since').deprecated = true;
    }, (d) => (param(d, 'cursor').deprecated = true));
    expect(fine.code).toBe(0);
    expectChange(fine.changes, { operationId: 'listAgentCalls', id: 'request-parameter-removed-with-deprecation', severity: 'info', target: 'query cursor' });
    expectChange(fine.changes, { operationId: 'listAgentCalls', id: 'request-parameter-deprecated', severity: 'info', target: 'query since' });
  });

  it('request bodies: became required, a media type removed or added', async () => {
    const FINALIZE = '/paths/~1v1~1calls~1{id}~1report~1finalize/post';
    const WARM_OP = '/paths/~1v1~1calls~1{id}~1transfers~1warm/post';
    const broken = await gate((d) => {
      (op(d, '/v1/calls/{id}/report/finalize', 'post').requestBody as Json).required = true;
      const content = (op(d, '/v1/calls/{id}/transfers/warm', 'post').requestBody as { content: Record<string, Json> }).content;
      content['application/merge-patch+json'] = content['application/json'] as Json;
      delete content['application/json'];
    });
    expect(broken.code).toBe(1);
    expectChange(broken.changes, { operationId: 'finalizeCallReport', id: 'request-body-became-required', severity: 'error', from: `${FINALIZE}/requestBody`, to: `${FINALIZE}/requestBody` });
    expectChange(broken.changes, { operationId: 'warmTransferCall', id: 'request-body-media-type-removed', severity: 'error', from: `${WARM_OP}/requestBody/content/application~1json`, to: `${WARM_OP}/requestBody` });
    expectChange(broken.changes, { operationId: 'warmTransferCall', id: 'request-body-media-type-added', severity: 'info', to: `${WARM_OP}/requestBody/content/application~1merge-patch+json` });

    const fine = await gate((d) => ((op(d, '/v1/calls/{id}/report/finalize', 'post').requestBody as { content: Record<string, Json> }).content['application/x-www-form-urlencoded'] = { schema: { type: 'object' } }));
    expect(fine.code).toBe(0);
    expect(ids(fine.changes, 'finalizeCallReport')).toEqual(['request-body-media-type-added']);
  });

  it('responses: media types, headers removed or made optional or retyped, statuses', async () => {
    const headers = (d: Doc) => {
      op(d, '/v1/agents/{id}/calls').responses['200'] = {
        ...op(d, '/v1/agents/{id}/calls').responses['200'],
        headers: { 'X-Request-Id': { required: true, schema: { type: 'string' } }, 'X-RateLimit-Remaining': { schema: { type: 'integer' } }, 'Retry-After': { required: true, schema: { type: 'integer' } }, ETag: { schema: { type: 'string' } } },
      };
    };
    const broken = await gate((d) => {
      const h = op(d, '/v1/agents/{id}/calls').responses['200']?.headers as Record<string, Json>;
      delete h['X-Request-Id'];
      delete h['X-RateLimit-Remaining'];
      h['Retry-After'] = { schema: { type: 'integer' } };
      h.ETag = { schema: { type: 'integer' } };
      const content = op(d, '/v1/calls/{id}').responses['200']?.content as Record<string, Json>;
      content['text/plain'] = { schema: { type: 'string' } };
      delete content['application/json'];
    }, headers);
    expect(broken.code).toBe(1);
    const R = `${LIST}/responses/200`;
    expectChange(broken.changes, { operationId: 'listAgentCalls', id: 'required-response-header-removed', severity: 'error', target: '200 x-request-id', from: `${R}/headers/X-Request-Id`, to: R });
    expectChange(broken.changes, { operationId: 'listAgentCalls', id: 'optional-response-header-removed', severity: 'warning', target: '200 x-ratelimit-remaining' });
    expectChange(broken.changes, { operationId: 'listAgentCalls', id: 'response-header-became-optional', severity: 'error', target: '200 retry-after', to: `${R}/headers/Retry-After` });
    expectChange(broken.changes, { operationId: 'listAgentCalls', id: 'response-header-type-changed', severity: 'error', target: '200 etag', from: `${R}/headers/ETag/schema/type` });
    expectChange(broken.changes, { operationId: 'getCall', id: 'response-media-type-removed', severity: 'error', from: `${GET_CALL}/responses/200/content/application~1json`, to: `${GET_CALL}/responses/200` });
    expectChange(broken.changes, { operationId: 'getCall', id: 'response-media-type-added', severity: 'info', to: `${GET_CALL}/responses/200/content/text~1plain` });

    const fine = await gate((d) => {
      const responses = op(d, '/v1/calls/{id}').responses;
      delete responses['401'];
      responses['404'] = { description: 'No such call.' };
      (op(d, '/v1/agents/{id}/calls').responses['200']?.headers as Record<string, Json>).Link = { schema: { type: 'string' } };
    }, headers);
    expect(fine.code).toBe(0);
    expectChange(fine.changes, { operationId: 'getCall', id: 'response-non-success-status-removed', severity: 'info', target: '401', from: `${GET_CALL}/responses/401` });
    expectChange(fine.changes, { operationId: 'getCall', id: 'response-non-success-status-added', severity: 'info', target: '404', to: `${GET_CALL}/responses/404` });
    expectChange(fine.changes, { operationId: 'listAgentCalls', id: 'response-header-added', severity: 'info', target: '200 link' });
  });

  it('security: a requirement replaced or a scope added refuses clients; an alternative added or anonymous access does not', async () => {
    const apiKey = (d: Doc) => (d.components.securitySchemes.apiKey = { type: 'apiKey', in: 'header', name: 'X-Api-Key' });
    const broken = await gate((d) => {
      apiKey(d);
      d.security = [{ apiKey: [] }];
      op(d, '/v1/calls/{id}').security = [{ bearerAuth: ['calls:read'] }];
    });
    expect(broken.code).toBe(1);
    expectChange(broken.changes, { operationId: 'listAgentCalls', id: 'api-security-removed', severity: 'error', target: 'security', from: '/security/0', to: '/security' });
    expectChange(broken.changes, { operationId: 'listAgentCalls', id: 'api-security-added', severity: 'info', from: '/security', to: '/security/0' });
    expectChange(broken.changes, { operationId: 'getCall', id: 'api-security-scope-added', severity: 'error', from: '/security/0', to: `${GET_CALL}/security/0` });

    const fine = await gate((d) => {
      apiKey(d);
      d.security = [{ bearerAuth: [] }, { apiKey: [] }];
      op(d, '/v1/calls/{id}').security = [];
    });
    expect(fine.code).toBe(0);
    expectChange(fine.changes, { operationId: 'listAgentCalls', id: 'api-security-added', severity: 'info', to: '/security/1' });
    expect(ids(fine.changes, 'getCall')).toEqual([]);
  });

  it('deprecation and sunset: removing before x-sunset is an error, deprecating or reactivating is not', async () => {
    const REC = '/paths/~1v1~1calls~1{id}~1recording/get';
    const deprecate = (sunset: string) => (d: Doc) => Object.assign(op(d, '/v1/calls/{id}/recording'), { deprecated: true, 'x-sunset': sunset });
    const early = await gate((d) => delete d.paths['/v1/calls/{id}/recording'], deprecate('2999-01-01'));
    expect(early.code).toBe(1);
    expectChange(early.changes, { operationId: 'getCallRecording', id: 'api-removed-before-sunset', severity: 'error', from: REC, to: null });
    const late = await gate((d) => delete d.paths['/v1/calls/{id}/recording'], deprecate('2001-01-01'));
    expectChange(late.changes, { operationId: 'getCallRecording', id: 'api-removed-after-deprecation', severity: 'warning' });

    const fine = await gate((d) => {
      delete op(d, '/v1/calls/{id}/recording').deprecated;
      op(d, '/v1/calls/{id}').deprecated = true;
    }, deprecate('2999-01-01'));
    expect(fine.code).toBe(0);
    expectChange(fine.changes, { operationId: 'getCallRecording', id: 'endpoint-reactivated', severity: 'info', from: `${REC}/deprecated`, to: REC });
    expectChange(fine.changes, { operationId: 'getCall', id: 'api-deprecated', severity: 'info', to: `${GET_CALL}/deprecated` });
  });
});
