// --fail-on and --severity-levels, as `schemas diff` and `run --spec-from` take them: one parsing,
// one meaning, one set of error codes.
import { Command, Option } from 'commander';
import { applySeverityLevels, type SpecDiff } from '../openapi/index.ts';
import { readSeverityLevels } from './severity-levels-file.ts';
import { specDiff } from '../pipelines/index.ts';

/** oasdiff's spelling (`ERR`, `WARN`) is taken as well, so its users' pipelines read the same. */
export const FAIL_ON = { error: 'error', ERR: 'error', warning: 'warning', WARN: 'warning' } as const;
export type FailOnFlag = keyof typeof FAIL_ON;

export interface SpecGateFlags {
  failOn: FailOnFlag;
  severityLevels?: string;
}

/** Adds both options; `fails` says what a change at the threshold does (`exit 1`, `fail the gate`). */
export function addSpecGateOptions(cmd: Command, fails: string): Command {
  return cmd
    .addOption(new Option('--fail-on <severity>', `${fails} on breaking changes of this severity or worse: warning (every breaking change) or error (only definite ones, as oasdiff --fail-on ERR)`).choices(Object.keys(FAIL_ON)).default('warning'))
    .option('--severity-levels <file>', 'oasdiff\'s severity-levels file: "check-id level" lines (err, warn, info, none) that raise, lower or drop a change kind');
}

/** The diff of two documents with the severity levels applied and the threshold it is judged by. */
export async function judgedSpecDiff(fromFile: string, toFile: string, flags: SpecGateFlags): Promise<SpecDiff> {
  // Read first: a bad file is refused before any document is.
  const levels = flags.severityLevels === undefined ? null : readSeverityLevels(flags.severityLevels);
  const found = await specDiff(fromFile, toFile);
  return { ...(levels ? applySeverityLevels(found, levels) : found), failOn: FAIL_ON[flags.failOn] };
}
