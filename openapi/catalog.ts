// Derives the operation catalog (data) from the published document's paths.
import { convertSchema, convertRef, importedName, type JsonSchema } from './openapi-to-json-schema.ts';

export interface CatalogParameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: JsonSchema;
}

export interface CatalogOperation {
  operationId: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  summary: string;
  successStatus: number;
  responseSchema: string;
  requestBody: { schema: string; required: boolean } | null;
  errorResponses: Record<string, string>;
  parameters: CatalogParameter[];
  mutating: boolean;
}

type Doc = {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { parameters?: Record<string, unknown>; responses?: Record<string, unknown> };
};
type OpenApiOperation = {
  operationId?: string;
  summary?: string;
  parameters?: unknown[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, unknown>;
};

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

export interface CatalogBuild {
  operations: CatalogOperation[];
  /** Schemas that were inline in the document, named after their operation. */
  inlineSchemas: Map<string, JsonSchema>;
}

/** What OpenAPI calls a path (it "MUST begin with a forward slash"), as the characters RFC 3986 allows in one, and {templates}. */
const PATH = /^\/(?!\/)[A-Za-z0-9\-._~!$&'()*+,;=:@%{}/]*$/;

export function buildCatalog(doc: Doc): CatalogBuild {
  const operations: CatalogOperation[] = [];
  const inlineSchemas = new Map<string, JsonSchema>();
  for (const [path, item] of Object.entries(doc.paths)) {
    // Appended to the target's base URL by the contract client and the scenarios, with the token:
    // a path that is not one (`@evil.example/v1`, `//evil.example`) would send both elsewhere.
    if (!PATH.test(path)) throw new Error(`the path ${JSON.stringify(path)} is not a URL path: it must start with one "/" and hold only the characters of a URL path (letters, digits, -._~!$&'()*+,;=:@%, "/" and {parameters})`);
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const where = `${method.toUpperCase()} ${path}`;
      if (!op.operationId) throw new Error(`${where} has no operationId`);
      importedName(op.operationId, `operationId of ${where}`);
      const responses = op.responses ?? {};
      const success = Object.keys(responses).find((s) => /^2\d\d$/.test(s));
      if (!success) throw new Error(`${where} (${op.operationId}) documents no 2xx response`);
      const schemaName = (node: unknown, suffix: string) =>
        nameSchema(node, `${pascal(op.operationId as string)}${suffix}`, inlineSchemas, where);
      const errorResponses: Record<string, string> = {};
      for (const [status, response] of Object.entries(responses)) {
        if (status === success) continue;
        errorResponses[status] = schemaName(jsonSchemaOf(resolve(doc, response), where), `${status}Response`);
      }
      const body = op.requestBody;
      operations.push({
        operationId: op.operationId,
        method: method.toUpperCase() as CatalogOperation['method'],
        path,
        summary: op.summary ?? '',
        successStatus: Number(success),
        responseSchema: schemaName(jsonSchemaOf(resolve(doc, responses[success]), where), 'Response'),
        requestBody: body ? { schema: schemaName(jsonSchemaOf(body, where), 'Request'), required: body.required === true } : null,
        errorResponses,
        parameters: (op.parameters ?? []).map((p) => toParameter(resolve(doc, p) as Record<string, unknown>)),
        mutating: method !== 'get',
      });
    }
  }
  return { operations, inlineSchemas };
}

function resolve(doc: Doc, node: unknown): unknown {
  const ref = (node as { $ref?: string } | undefined)?.$ref;
  if (!ref) return node;
  const [, , section, name] = ref.split('/');
  const table = (doc.components as Record<string, Record<string, unknown> | undefined>)[section ?? ''];
  const target = table?.[name ?? ''];
  if (!target) throw new Error(`reference "${ref}" points at nothing in the document`);
  return target;
}

function jsonSchemaOf(response: unknown, where: string): unknown {
  const content = (response as { content?: Record<string, { schema?: unknown }> }).content ?? {};
  const schema = content['application/json']?.schema;
  if (!schema) throw new Error(`${where}: a response or body has no application/json schema`);
  return schema;
}

function nameSchema(node: unknown, inlineName: string, inline: Map<string, JsonSchema>, where: string): string {
  const ref = (node as { $ref?: string }).$ref;
  if (ref) return convertRef(ref).replace(/\.json$/, '');
  if (typeof node !== 'object' || node === null) throw new Error(`${where}: schema is not an object`);
  inline.set(inlineName, convertSchema(node));
  return inlineName;
}

function toParameter(p: Record<string, unknown>): CatalogParameter {
  return {
    name: String(p.name),
    in: p.in === 'query' ? 'query' : 'path',
    required: p.required === true,
    schema: convertSchema(p.schema ?? {}),
  };
}

function pascal(id: string): string {
  return id.charAt(0).toUpperCase() + id.slice(1);
}
