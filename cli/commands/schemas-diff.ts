// `calls-harness schemas diff`: classifies every change between two API documents; exit 1 when one
// breaks existing clients.
import { jsonText, writeOutput } from '../../core/index.ts';
import { Command } from 'commander';
import { documentLines, gateFailures } from '../../openapi/index.ts';
import { renderSpecDiffGithub, renderSpecDiffJunit, renderSpecDiffMarkdown, renderSpecDiffText } from '../../reports/index.ts';
import { formatOption, type Format } from '../format-option.ts';
import { addSpecGateOptions, judgedSpecDiff, type SpecGateFlags } from '../spec-gate-options.ts';
import { setExitCode, write } from '../io.ts';

interface DiffFlags extends SpecGateFlags {
  from: string;
  to: string;
  json?: string;
  junit?: string;
  markdown?: string;
  format: Format;
}

export function schemasDiffCommand(): Command {
  const cmd = new Command('diff')
    .description('Compare two OpenAPI 3.x documents (JSON or YAML): every change per operation, breaking or not. Needs both --from and --to. Exit 1 when a change breaks existing clients.')
    .requiredOption('--from <file>', 'required: the API document clients were built against (the old one)')
    .requiredOption('--to <file>', 'required: the API document to release (the new one)')
    .option('--json <file>', 'write the changes as JSON (schemas/harness/spec-diff.schema.json)')
    .option('--junit <file>', 'write JUnit XML: one test case per operation')
    .option('--markdown <file>', 'write Markdown for a pull request comment')
    .addOption(formatOption('change, on its line of the --to document'));
  return addSpecGateOptions(cmd, 'exit 1')
    .action(async (flags: DiffFlags) => {
      const diff = await judgedSpecDiff(flags.from, flags.to, flags);
      if (flags.json) writeOutput(flags.json, jsonText(diff, 2) + '\n', 'JSON diff');
      if (flags.junit) writeOutput(flags.junit, renderSpecDiffJunit(diff), 'JUnit report');
      if (flags.markdown) writeOutput(flags.markdown, renderSpecDiffMarkdown(diff), 'Markdown report');
      if (flags.format === 'githubactions') write(renderSpecDiffGithub(diff, documentLines(flags.to)));
      write(renderSpecDiffText(diff));
      const failing = gateFailures(diff).length;
      // Breaking changes let through by --fail-on error are said to be, so exit 0 never reads as "nothing breaks".
      if (diff.breaking && !failing) write(`Exit 0: the ${diff.counts.breaking} breaking change(s) are warnings, below --fail-on ${flags.failOn}.\n`);
      setExitCode(failing ? 1 : 0);
    });
}
