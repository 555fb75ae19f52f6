// The operations of a document, keyed by method and path (as oasdiff keys them), with what the diff
// compares: parameters, the JSON request body, and the JSON schema of each success response.
import { joinPointer } from '../json-pointer.ts';
import type { JsonSchema } from '../openapi-to-json-schema.ts';
import type { OpenApiDocument } from './load-document.ts';
import { follow, type Located } from './schema-view.ts';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const JSON_MEDIA = 'application/json';

export interface Parameter {
  /** `query limit`, `path id`: parameters are told apart by where they go and their name. */
  key: string;
  required: boolean;
  schema: Located | null;
  pointer: string;
}

export interface Operation {
  key: string;
  method: string;
  path: string;
  operationId: string;
  pointer: string;
  deprecated: boolean;
  parameters: Map<string, Parameter>;
  requestBody: { required: boolean; pointer: string; schema: Located | null } | null;
  /** Success statuses ("200", "201", "2XX"), each with the pointer of its response and its JSON schema. */
  successes: Map<string, { pointer: string; hasJson: boolean; schema: Located | null }>;
}

export function operationsOf(doc: OpenApiDocument): Map<string, Operation> {
  const out = new Map<string, Operation>();
  for (const [path, rawItem] of Object.entries(doc.paths)) {
    const item = follow(doc, { node: rawItem as JsonSchema, pointer: joinPointer('/paths', path) });
    for (const method of METHODS) {
      const op = item.node[method];
      if (!op || typeof op !== 'object') continue;
      const at: Located = { node: op as JsonSchema, pointer: joinPointer(item.pointer, method) };
      const key = `${method.toUpperCase()} ${path}`;
      out.set(key, {
        key,
        method: method.toUpperCase(),
        path,
        operationId: typeof at.node.operationId === 'string' ? at.node.operationId : key,
        pointer: at.pointer,
        deprecated: at.node.deprecated === true,
        parameters: parametersOf(doc, item, at),
        requestBody: requestBodyOf(doc, at),
        successes: successesOf(doc, at),
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
      const key = `${String(p.node.in)} ${String(p.node.name)}`;
      const schema = p.node.schema && typeof p.node.schema === 'object' ? { node: p.node.schema as JsonSchema, pointer: joinPointer(p.pointer, 'schema') } : null;
      out.set(key, { key, required: p.node.required === true, schema, pointer: p.pointer });
    }
  }
  return out;
}

function jsonSchemaOf(at: Located): Located | null {
  const content = at.node.content as Record<string, { schema?: JsonSchema }> | undefined;
  const schema = content?.[JSON_MEDIA]?.schema;
  return schema && typeof schema === 'object' ? { node: schema, pointer: joinPointer(at.pointer, 'content', JSON_MEDIA, 'schema') } : null;
}

function requestBodyOf(doc: unknown, op: Located): Operation['requestBody'] {
  if (!op.node.requestBody || typeof op.node.requestBody !== 'object') return null;
  const body = follow(doc, { node: op.node.requestBody as JsonSchema, pointer: joinPointer(op.pointer, 'requestBody') });
  return { required: body.node.required === true, pointer: body.pointer, schema: jsonSchemaOf(body) };
}

function successesOf(doc: unknown, op: Located): Operation['successes'] {
  const out: Operation['successes'] = new Map();
  const responses = op.node.responses;
  if (!responses || typeof responses !== 'object') return out;
  for (const [status, raw] of Object.entries(responses as Record<string, JsonSchema>)) {
    if (!/^2(\d\d|XX)$/i.test(status)) continue;
    const response = follow(doc, { node: raw, pointer: joinPointer(op.pointer, 'responses', status) });
    const content = response.node.content as Record<string, unknown> | undefined;
    out.set(status, { pointer: response.pointer, hasJson: Boolean(content?.[JSON_MEDIA]), schema: jsonSchemaOf(response) });
  }
  return out;
}
