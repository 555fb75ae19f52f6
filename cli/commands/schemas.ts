// `calls-harness schemas import`: regenerate schemas/ from the published document and the overlay.
import { DEFAULT_OPENAPI, InputFileError, PROJECT_ROOT, SCHEMAS_DIR, shellQuoted } from '../../core/index.ts';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Command } from 'commander';
import { driftedSchemaFiles, importSpec, type Overlay, readSpecSource, SpecImportError, SpecTooLargeError, writeSchemaFiles } from '../../openapi/index.ts';
import { HarnessError } from '../errors.ts';
import { schemasDiffCommand } from './schemas-diff.ts';
import { print } from '../io.ts';

export function schemasCommand(): Command {
  const schemas = new Command('schemas').description('Manage the JSON Schemas taken from the API docs.');
  schemas
    .command('import')
    .description('Import the published OpenAPI document into schemas/ (with schemas/overlay.json applied).')
    .option('--from <file-or-url>', 'the OpenAPI document', DEFAULT_OPENAPI)
    .option('--check', 'write nothing; exit 1 when the committed schemas differ from a fresh import')
    .action(async (flags: { from: string; check?: boolean }) => {
      const files = await importFrom(flags.from);
      if (flags.check) {
        const drifted = await driftedSchemaFiles(PROJECT_ROOT, files);
        if (drifted.length) {
          throw new HarnessError('E_SCHEMA_DRIFT', `${drifted.length} generated file(s) differ from a fresh import: ${drifted.join(', ')}. Run \`calls-harness schemas import\` and commit the result; edit schemas/overlay.json, never the generated files.`, 1);
        }
        print(`schemas/ and the generated types match a fresh import of ${flags.from} (${files.size} files).`);
        return;
      }
      await writeSchemaFiles(PROJECT_ROOT, files);
      print(`Wrote ${files.size} files (schemas/ and the generated types) from ${flags.from}.`);
    });
  schemas.addCommand(schemasDiffCommand());
  return schemas;
}

export async function importFrom(source: string): Promise<Map<string, string>> {
  try {
    const overlay = JSON.parse(readFileSync(join(SCHEMAS_DIR, 'overlay.json'), 'utf8')) as Overlay;
    return importSpec(await readSpecSource(source), overlay, /^https?:/.test(source) ? source : basename(source));
  } catch (err) {
    if (err instanceof SpecTooLargeError) {
      throw new HarnessError('E_SPEC_TOO_LARGE', `The OpenAPI document at ${err.url} is larger than ${err.limitBytes / (1024 * 1024)} MiB, the most schemas import downloads (counted after decompression), so the download was stopped there. If the document is really that large, download it yourself (curl -o openapi.json ${shellQuoted(err.url)}) and give its path: calls-harness schemas import --from openapi.json.`);
    }
    if (err instanceof InputFileError) throw err;
    if (err instanceof SpecImportError || err instanceof Error) {
      throw new HarnessError('E_SPEC_IMPORT', `Cannot import ${source}: ${err.message}. Give a valid OpenAPI JSON document with --from.`);
    }
    throw err;
  }
}
