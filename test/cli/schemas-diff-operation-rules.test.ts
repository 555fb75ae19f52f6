// `calls-harness schemas diff` on the operation rule families oasdiff users rely on (parameters,
// request bodies, responses, security, deprecation), one test each: a breaking pair (exit 1) and a
// compatible one (exit 0), diffed through the CLI (main, in-process), with ids, severities and pointers checked.
import { describe, expect, it } from 'vitest';
import { expectChange, gate, GET_CALL, ids, LIST, op, param, S, schema, type Doc, type Json } from '../helpers/diff-gate.ts';

describe('schemas diff operation rules (CLI)', () => {
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

  it('path templates and header names: a path parameter renamed in place, or a header name recased, is the same parameter', async () => {
    const trace = (d: Doc) => (op(d, '/v1/agents/{id}/calls').parameters as Json[]).push({ in: 'header', name: 'X-Trace-Id', schema: { type: 'string' } });
    const renamed = await gate((d) => {
      param(d, 'X-Trace-Id').name = 'x-trace-id';
      param(d, 'id').name = 'agentId';
      const item = d.paths['/v1/agents/{id}/calls'] as Doc['paths'][string];
      delete d.paths['/v1/agents/{id}/calls'];
      d.paths['/v1/agents/{agentId}/calls'] = item;
    }, trace);
    expect(renamed.code).toBe(0);
    expect(ids(renamed.changes, 'listAgentCalls')).toEqual(['request-path-parameter-renamed']);
    expectChange(renamed.changes, { operationId: 'listAgentCalls', id: 'request-path-parameter-renamed', severity: 'info', target: 'path agentId', from: `${LIST}/parameters/0`, to: '/paths/~1v1~1agents~1{agentId}~1calls/get/parameters/0' });
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

  it('a JSON body under another media type name (problem+json, vendor types, a charset) is still compared', async () => {
    const vendor = (d: Doc) => {
      const content = op(d, '/v1/calls/{id}').responses['200']?.content as Record<string, Json>;
      content['application/vnd.speko.call+json; charset=utf-8'] = content['application/json'] as Json;
      delete content['application/json'];
    };
    const broken = await gate((d) => delete schema(d, 'CallDetail').properties.language, vendor);
    expect(broken.code).toBe(1);
    expectChange(broken.changes, { operationId: 'getCall', id: 'response-optional-property-removed', severity: 'warning', target: 'language', from: `${S}/CallDetail/properties/language`, to: `${S}/CallDetail` });
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
    const garbled = await gate((d) => delete d.paths['/v1/calls/{id}/recording'], deprecate('next spring'));
    expectChange(garbled.changes, { operationId: 'getCallRecording', id: 'api-path-sunset-parse', severity: 'error', from: REC, to: null });
    // Not RFC 3339, though Date.parse takes it (as 2001, passed): unreadable all the same.
    const loose = await gate((d) => delete d.paths['/v1/calls/{id}/recording'], deprecate('March 1'));
    expectChange(loose.changes, { operationId: 'getCallRecording', id: 'api-path-sunset-parse', severity: 'error', from: REC, to: null });

    const fine = await gate((d) => {
      delete op(d, '/v1/calls/{id}/recording').deprecated;
      op(d, '/v1/calls/{id}').deprecated = true;
    }, deprecate('2999-01-01'));
    expect(fine.code).toBe(0);
    expectChange(fine.changes, { operationId: 'getCallRecording', id: 'endpoint-reactivated', severity: 'info', from: `${REC}/deprecated`, to: REC });
    expectChange(fine.changes, { operationId: 'getCall', id: 'api-deprecated', severity: 'info', to: `${GET_CALL}/deprecated` });
  });
});
