// `calls-harness schemas diff` on the schema rule families oasdiff users rely on, one test each:
// a breaking pair (exit 1) and a compatible one (exit 0) made from the published document, diffed
// through the CLI (main, in-process), with each change's id, severity, verdict and both JSON pointers checked.
import { describe, expect, it } from 'vitest';
import { expectChange, gate, ids, LIST, param, S, schema, WARM, type Doc, type Json } from '../helpers/diff-gate.ts';

describe('schemas diff schema rules (CLI)', () => {
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

  it('types and const: generalized (integer to number, one type to a list) breaks a response, specialized a request; const is a one-value enum', async () => {
    const broken = await gate((d) => {
      schema(d, 'CallDetail').properties.duration_seconds = { type: 'number', nullable: true };
      schema(d, 'WarmTransferRequest').properties.ringingTimeout = { type: 'integer', minimum: 1, maximum: 120 };
      schema(d, 'CancelWarmTransferRequest').properties.reason = { type: 'string', const: 'no-answer' };
    }, (d) => {
      schema(d, 'WarmTransferRequest').properties.ringingTimeout = { type: ['integer', 'string'], minimum: 1, maximum: 120 };
      schema(d, 'CancelWarmTransferRequest').properties.reason = { type: 'string', enum: ['busy'] };
    });
    expect(broken.code).toBe(1);
    // 3.1's const is a one-value enum.
    expectChange(broken.changes, { operationId: 'cancelWarmTransfer', id: 'request-property-enum-value-removed', severity: 'error', from: `${S}/CancelWarmTransferRequest/properties/reason/enum`, to: `${S}/CancelWarmTransferRequest/properties/reason` });
    expectChange(broken.changes, { operationId: 'getCall', id: 'response-property-type-generalized', severity: 'error', from: `${S}/CallDetail/properties/duration_seconds/type`, to: `${S}/CallDetail/properties/duration_seconds/type` });
    expectChange(broken.changes, { operationId: 'warmTransferCall', id: 'request-property-type-specialized', severity: 'error', from: `${WARM}/ringingTimeout/type` });

    const fine = await gate((d) => {
      schema(d, 'WarmTransferRequest').properties.ringingTimeout = { type: 'number', minimum: 1, maximum: 120 };
      schema(d, 'CallDetail').properties.language = { type: 'string', enum: ['en', 'nl'] };
      schema(d, 'CancelWarmTransferRequest').properties.reason = { type: 'string', const: 'busy' };
    }, (d) => {
      schema(d, 'CallDetail').properties.language = { type: ['string', 'integer'] };
      schema(d, 'CancelWarmTransferRequest').properties.reason = { type: 'string', enum: ['busy'] };
    });
    expect(fine.code).toBe(0);
    expect(ids(fine.changes, 'cancelWarmTransfer')).toEqual([]);
    expectChange(fine.changes, { operationId: 'warmTransferCall', id: 'request-property-type-generalized', severity: 'info' });
    expectChange(fine.changes, { operationId: 'getCall', id: 'response-property-type-specialized', severity: 'info' });
  });
});
