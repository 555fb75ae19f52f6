// The operations of a document, keyed by method and path (as oasdiff keys them), with what the diff
// compares: parameters, the JSON request body, and the JSON schema of each success response.
import { joinPointer } from '../../core/index.ts';
import type { JsonSchema } from '../openapi-to-json-schema.ts';
import type { OpenApiDocument } from './load-document.ts';
import { securityOf, type Security } from './operation-security.ts';
import { follow, type Located } from './schema-view.ts';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const JSON_MEDIA = 'application/json';
/** `application/problem+json`, `application/json; charset=utf-8`: JSON by another name. */
const JSON_LIKE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

export interface Parameter {
  /** `query limit`, `path id`: parameters are told apart by where they go and their name. */
  key: string;
  required: boolean;
  deprecated: boolean;
  /** How it is written on the wire, defaults filled in: `form, explode`, `simple`... */
  serialization: string;
  schema: Located | null;
  pointer: string;
}

export interface Header {
  /** Lower case: header names are case-insensitive. */
  name: string;
  required: boolean;
  pointer: string;
  schema: Located | null;
}

export interface Success {
  pointer: string;
  schema: Located | null;
  /** Media type to the pointer of its entry under `content`. */
  mediaTypes: Map<string, string>;
  headers: Map<string, Header>;
}

export interface Operation {
  key: string;
  method: string;
  path: string;
  operationId: string;
  pointer: string;
  deprecated: boolean;
  /** `x-sunset`: the date a deprecated operation may be removed after. */
  sunset: string | null;
  security: Security;
  parameters: Map<string, Parameter>;
  requestBody: { required: boolean; pointer: string; schema: Located | null; mediaTypes: Map<string, string> } | null;
  /** Success statuses ("200", "201", "2XX"), each with the pointer of its response and its JSON schema. */
  successes: Map<string, Success>;
  /** The other statuses (4XX, 5XX, default) and their pointers. */
  otherStatuses: Map<string, string>;
}

export function operationsOf(doc: OpenApiDocument): Map<string, Operation> {
  const out = new Map<string, Operation>();
  for (const [path, rawItem] of Object.entries(doc.paths)) {
    const item = follow(doc, { node: rawItem as JsonSchema, pointer: joinPointer('/paths', path) });
    for (const method of METHODS) {
      const op = item.node[method];
      if (!op || typeof op !== 'object') continue;
      const at: Located = { node: op as JsonSchema, pointer: joinPointer(item.pointer, method) };
      // `/calls/{id}` and `/calls/{callId}` are the same URL to a client (oasdiff matches them too).
      const key = `${method.toUpperCase()} ${path.replace(/\{[^}]*\}/g, '{}')}`;
      out.set(key, {
        key,
        method: method.toUpperCase(),
        path,
        operationId: typeof at.node.operationId === 'string' ? at.node.operationId : `${method.toUpperCase()} ${path}`,
        pointer: at.pointer,
        deprecated: at.node.deprecated === true,
        sunset: typeof at.node['x-sunset'] === 'string' ? at.node['x-sunset'] : null,
        security: securityOf(doc, at),
        parameters: parametersOf(doc, item, at),
        requestBody: requestBodyOf(doc, at),
        successes: successesOf(doc, at),
        otherStatuses: otherStatusesOf(at),
      });
    }
  }
  return out;
}

/** Path-level parameters, overridden by the operation's own of the same place and name. */
function parametersOf(doc: unknown, item: Located, op: Located): Map<string, Parameter> {
  const out = new Map<string, Parameter>();
  for (const owner of [item, op]) {
    const list = owner.node.parameters;
    if (!Array.isArray(list)) continue;
    for (const [i, raw] of (list as JsonSchema[]).entries()) {
      const p = follow(doc, { node: raw, pointer: joinPointer(owner.pointer, 'parameters', i) });
      // Header names are case-insensitive: `X-Trace` and `x-trace` are one parameter.
      const name = p.node.in === 'header' ? String(p.node.name).toLowerCase() : String(p.node.name);
      const key = `${String(p.node.in)} ${name}`;
      const schema = p.node.schema && typeof p.node.schema === 'object' ? { node: p.node.schema as JsonSchema, pointer: joinPointer(p.pointer, 'schema') } : null;
      out.set(key, { key, required: p.node.required === true, deprecated: p.node.deprecated === true, serialization: serializationOf(p.node), schema, pointer: p.pointer });
    }
  }
  return out;
}

/** OpenAPI's defaults: form for query and cookie, simple for path and header; explode only with form. */
function serializationOf(p: JsonSchema): string {
  const style = typeof p.style === 'string' ? p.style : p.in === 'query' || p.in === 'cookie' ? 'form' : 'simple';
  const explode = typeof p.explode === 'boolean' ? p.explode : style === 'form';
  return `${style}${explode ? ', explode' : ''}`;
}

function mediaTypesOf(at: Located): Map<string, string> {
  const content = at.node.content;
  if (!content || typeof content !== 'object') return new Map();
  return new Map(Object.keys(content).map((type) => [type.toLowerCase(), joinPointer(at.pointer, 'content', type)]));
}

function headersOf(doc: unknown, response: Located): Map<string, Header> {
  const out = new Map<string, Header>();
  const headers = response.node.headers;
  if (!headers || typeof headers !== 'object') return out;
  for (const [name, raw] of Object.entries(headers as Record<string, JsonSchema>)) {
    const h = follow(doc, { node: raw, pointer: joinPointer(response.pointer, 'headers', name) });
    const schema = h.node.schema && typeof h.node.schema === 'object' ? { node: h.node.schema as JsonSchema, pointer: joinPointer(h.pointer, 'schema') } : null;
    out.set(name.toLowerCase(), { name: name.toLowerCase(), required: h.node.required === true, pointer: h.pointer, schema });
  }
  return out;
}

/** The body compared: `application/json` when there is one, else the first JSON-like media type. */
function jsonMediaType(content: Record<string, unknown> | undefined): string | null {
  if (!content || typeof content !== 'object') return null;
  if (JSON_MEDIA in content) return JSON_MEDIA;
  return Object.keys(content).find((type) => JSON_LIKE.test(type)) ?? null;
}

function jsonSchemaOf(at: Located): Located | null {
  const content = at.node.content as Record<string, { schema?: JsonSchema }> | undefined;
  const type = jsonMediaType(content);
  const schema = type === null ? undefined : content?.[type]?.schema;
  return type !== null && schema && typeof schema === 'object' ? { node: schema, pointer: joinPointer(at.pointer, 'content', type, 'schema') } : null;
}

function requestBodyOf(doc: unknown, op: Located): Operation['requestBody'] {
  if (!op.node.requestBody || typeof op.node.requestBody !== 'object') return null;
  const body = follow(doc, { node: op.node.requestBody as JsonSchema, pointer: joinPointer(op.pointer, 'requestBody') });
  return { required: body.node.required === true, pointer: body.pointer, schema: jsonSchemaOf(body), mediaTypes: mediaTypesOf(body) };
}

function successesOf(doc: unknown, op: Located): Operation['successes'] {
  const out: Operation['successes'] = new Map();
  const responses = op.node.responses;
  if (!responses || typeof responses !== 'object') return out;
  for (const [status, raw] of Object.entries(responses as Record<string, JsonSchema>)) {
    if (!/^2(\d\d|XX)$/i.test(status)) continue;
    const response = follow(doc, { node: raw, pointer: joinPointer(op.pointer, 'responses', status) });
    out.set(status, { pointer: response.pointer, schema: jsonSchemaOf(response), mediaTypes: mediaTypesOf(response), headers: headersOf(doc, response) });
  }
  return out;
}

function otherStatusesOf(op: Located): Map<string, string> {
  const responses = op.node.responses;
  if (!responses || typeof responses !== 'object') return new Map();
  return new Map(Object.keys(responses).filter((s) => !/^2(\d\d|XX)$/i.test(s)).map((s) => [s, joinPointer(op.pointer, 'responses', s)]));
}
