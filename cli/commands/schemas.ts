// `calls-harness schemas import`: regenerate schemas/ from the published document and the overlay.
import { DEFAULT_OPENAPI } from '../../core/index.ts';
import { Command } from 'commander';
import { importSchemas } from '../../pipelines/index.ts';
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
      const files = await importSchemas(flags.from, flags.check === true);
      if (flags.check) print(`schemas/ and the generated types match a fresh import of ${flags.from} (${files} files).`);
      else print(`Wrote ${files} files (schemas/ and the generated types) from ${flags.from}.`);
    });
  schemas.addCommand(schemasDiffCommand());
  return schemas;
}
