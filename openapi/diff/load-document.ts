// Reads one OpenAPI 3.x document (JSON or YAML) for `schemas diff`, and says which file is wrong and how.
import { parse as parseYaml } from 'yaml';
import { INPUT_KINDS, InputFileError, readInputFile } from '../../core/index.ts';

export type OpenApiDocument = {
  openapi: string;
  info?: { title?: string; version?: string };
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
};

export type DocumentProblem = 'unreadable' | 'not-parseable' | 'not-openapi';

/** A document the diff cannot read; `problem` picks the error code. */
export class SpecDocumentError extends Error {
  constructor(readonly file: string, readonly problem: DocumentProblem, detail: string) {
    super(`${file}: ${detail}`);
  }
}

export async function loadDocument(file: string): Promise<OpenApiDocument> {
  let text: string;
  try {
    text = readInputFile(file, INPUT_KINDS.specDocument);
  } catch (err) {
    if (err instanceof InputFileError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder, not a file' : (code ?? (err as Error).message);
    throw new SpecDocumentError(file, 'unreadable', `cannot be read (${why})`);
  }
  return checkOpenApi(file, shallowEnough(file, parseText(file, text)));
}

/**
 * Deeper than any API document nests (the published one: 11 levels), and shallow enough for the
 * diff's walk, which recurses: a document nested 40,000 levels overflowed the stack and ended as
 * "a bug in calls-harness" (E_INTERNAL, exit 70) instead of naming the document.
 */
export const MAX_DOCUMENT_DEPTH = 1000;

function shallowEnough(file: string, doc: unknown): unknown {
  // A loop, not recursion: the check must not overflow on what it refuses.
  const stack: [unknown, number][] = [[doc, 1]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [value, depth] = item;
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_DOCUMENT_DEPTH) throw new SpecDocumentError(file, 'not-openapi', `nests objects and arrays more than ${MAX_DOCUMENT_DEPTH} levels deep, which no API document needs`);
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  return doc;
}

/** JSON first (the published form); anything else must be YAML, of which JSON is a subset. */
function parseText(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // not JSON: YAML below says what is wrong when it is neither
  }
  try {
    return parseYaml(text, { prettyErrors: false });
  } catch (err) {
    const first = (err as Error).message.split('\n')[0] ?? '';
    throw new SpecDocumentError(file, 'not-parseable', `is neither JSON nor YAML (${first})`);
  }
}

function checkOpenApi(file: string, doc: unknown): OpenApiDocument {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new SpecDocumentError(file, 'not-openapi', `is ${doc === null ? 'null' : Array.isArray(doc) ? 'a list' : `a ${typeof doc}`}, not an OpenAPI document`);
  }
  const d = doc as Record<string, unknown>;
  if (typeof d.openapi !== 'string' || !/^3\.\d+/.test(d.openapi)) {
    const seen = d.swagger !== undefined ? `swagger: ${JSON.stringify(d.swagger)}` : d.openapi === undefined ? 'no "openapi" field' : `openapi: ${JSON.stringify(d.openapi)}`;
    throw new SpecDocumentError(file, 'not-openapi', `is not an OpenAPI 3.x document (${seen})`);
  }
  if (d.paths === null || typeof d.paths !== 'object' || Array.isArray(d.paths)) {
    throw new SpecDocumentError(file, 'not-openapi', 'has no "paths" object');
  }
  return d as OpenApiDocument;
}
