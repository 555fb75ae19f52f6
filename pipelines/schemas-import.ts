// `schemas import`: the published API document and the overlay turned into schemas/ and the
// generated types, written, or (with `check`) compared with what is committed.
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CodedError, InputFileError, PROJECT_ROOT, SCHEMAS_DIR, shellQuoted } from '../core/index.ts';
import { driftedSchemaFiles, importSpec, type Overlay, readSpecSource, SpecImportError, SpecTooLargeError, writeSchemaFiles } from '../openapi/index.ts';

/** Imports `source`; writes the files, or with `check` fails (exit 1) when the committed ones drifted. Returns how many files. */
export async function importSchemas(source: string, check: boolean): Promise<number> {
  const files = await importFrom(source);
  if (check) {
    const drifted = await driftedSchemaFiles(PROJECT_ROOT, files);
    if (drifted.length) {
      throw new CodedError('E_SCHEMA_DRIFT', `${drifted.length} generated file(s) differ from a fresh import: ${drifted.join(', ')}. Run \`calls-harness schemas import\` and commit the result; edit schemas/overlay.json, never the generated files.`, 1);
    }
  } else await writeSchemaFiles(PROJECT_ROOT, files);
  return files.size;
}

export async function importFrom(source: string): Promise<Map<string, string>> {
  try {
    const overlay = JSON.parse(readFileSync(join(SCHEMAS_DIR, 'overlay.json'), 'utf8')) as Overlay;
    return importSpec(await readSpecSource(source), overlay, /^https?:/.test(source) ? source : basename(source));
  } catch (err) {
    if (err instanceof SpecTooLargeError) {
      throw new CodedError('E_SPEC_TOO_LARGE', `The OpenAPI document at ${err.url} is larger than ${err.limitBytes / (1024 * 1024)} MiB, the most schemas import downloads (counted after decompression), so the download was stopped there. If the document is really that large, download it yourself (curl -o openapi.json ${shellQuoted(err.url)}) and give its path: calls-harness schemas import --from openapi.json.`);
    }
    if (err instanceof InputFileError) throw err;
    if (err instanceof SpecImportError || err instanceof Error) {
      throw new CodedError('E_SPEC_IMPORT', `Cannot import ${source}: ${err.message}. Give a valid OpenAPI JSON document with --from.`);
    }
    throw err;
  }
}
