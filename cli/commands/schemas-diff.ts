// `calls-harness schemas diff`: classifies every change between two API documents; exit 1 when one
// breaks existing clients.
import { Command, Option } from 'commander';
import { failsGate, type SpecDiff } from '../../spec/diff/model.ts';
import { renderSpecDiffJunit } from '../../spec/diff/render-junit.ts';
import { renderSpecDiffMarkdown } from '../../spec/diff/render-markdown.ts';
import { renderSpecDiffText } from '../../spec/diff/render-text.ts';
import { applySeverityLevels } from '../../spec/diff/severity-levels.ts';
import { readSeverityLevels } from '../severity-levels-file.ts';
import { specDiff } from '../spec-diff.ts';
import { writeOutput } from '../write-output.ts';

interface DiffFlags {
  from: string;
  to: string;
  json?: string;
  junit?: string;
  markdown?: string;
  failOn: FailOnFlag;
  severityLevels?: string;
}

/** oasdiff's spelling (`ERR`, `WARN`) is taken as well, so its users' pipelines read the same. */
const FAIL_ON = { error: 'error', ERR: 'error', warning: 'warning', WARN: 'warning' } as const;
type FailOnFlag = keyof typeof FAIL_ON;

/** The changes at or above the --fail-on severity: a warning is below `error`. */
function failingChanges(diff: SpecDiff, failOn: FailOnFlag): number {
  return diff.operations.flatMap((o) => o.changes).filter((c) => failsGate(c, FAIL_ON[failOn])).length;
}

export function schemasDiffCommand(): Command {
  return new Command('diff')
    .description('Compare two OpenAPI 3.x documents (JSON or YAML): every change per operation, breaking or not. Exit 1 when a change breaks existing clients.')
    .requiredOption('--from <file>', 'the API document clients were built against (the old one)')
    .requiredOption('--to <file>', 'the API document to release (the new one)')
    .option('--json <file>', 'write the changes as JSON (schemas/harness/spec-diff.schema.json)')
    .option('--junit <file>', 'write JUnit XML: one test case per operation')
    .option('--markdown <file>', 'write Markdown for a pull request comment')
    .addOption(new Option('--fail-on <severity>', 'exit 1 on breaking changes of this severity or worse: warning (every breaking change) or error (only definite ones, as oasdiff --fail-on ERR)').choices(Object.keys(FAIL_ON)).default('warning'))
    .option('--severity-levels <file>', 'oasdiff\'s severity-levels file: "check-id level" lines (err, warn, info, none) that raise, lower or drop a change kind')
    .action(async (flags: DiffFlags) => {
      // Read first: a bad file is refused before any document is.
      const levels = flags.severityLevels === undefined ? null : readSeverityLevels(flags.severityLevels);
      const found = await specDiff(flags.from, flags.to);
      const diff = levels ? applySeverityLevels(found, levels) : found;
      if (flags.json) writeOutput(flags.json, JSON.stringify(diff, null, 2) + '\n', 'JSON diff');
      if (flags.junit) writeOutput(flags.junit, renderSpecDiffJunit(diff, FAIL_ON[flags.failOn]), 'JUnit report');
      if (flags.markdown) writeOutput(flags.markdown, renderSpecDiffMarkdown(diff), 'Markdown report');
      process.stdout.write(renderSpecDiffText(diff));
      const failing = failingChanges(diff, flags.failOn);
      // Breaking changes let through by --fail-on error are said to be, so exit 0 never reads as "nothing breaks".
      if (diff.breaking && !failing) process.stdout.write(`Exit 0: the ${diff.counts.breaking} breaking change(s) are warnings, below --fail-on ${flags.failOn}.\n`);
      process.exitCode = failing ? 1 : 0;
    });
}
