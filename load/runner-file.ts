// merge.json: what each runner of a segmented test leaves beside summary.json so that
// `calls-harness report merge` can judge the whole test exactly (load/merge/).
import { jsonText, redactValue, writeFileAtomic } from '../core/index.ts';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { GeneratorReading } from './generator-watch.ts';
import { join } from 'node:path';
import { executionTuple, segmentText, sequenceText } from './engine/execution-segment.ts';
import type { RunnerMetrics } from './engine/runner-output.ts';
import { harnessValidator } from '../openapi/index.ts';

export const RUNNER_FILE = 'merge.json';
export const RUNNER_FORMAT = 'calls-harness-runner/1';

/** What is wrong with a merge.json read as `data` (not this harness's runner output, or damaged), or null when it is whole. */
export function runnerFileProblem(file: string, data: unknown): string | null {
  const format = (data as { format?: unknown } | null)?.format;
  if (format !== RUNNER_FORMAT) return `${file} is not runner output of this harness (format ${JSON.stringify(format)}, expected ${RUNNER_FORMAT})`;
  const validate = harnessValidator('runner-file');
  if (validate(data)) return null;
  const e = validate.errors?.[0];
  return `${file} is damaged: at "${e?.instancePath || '/'}" it ${e?.message ?? 'does not match'} (schemas/harness/runner-file.schema.json)`;
}

export interface RunnerFile extends RunnerMetrics {
  format: typeof RUNNER_FORMAT;
  scenario: string;
  /** The run shape's label (profile and flags): runners of one test share it. */
  profile: string;
  /** sha256 of the k6 bundle the runner ran: runners of one test ran the very same script. */
  bundleHash: string;
  /** The base URL it loaded, and the test it is a runner of: runners of one test share both (absent from older runner files). */
  target?: string;
  runId?: string;
  /** The runner's segment and the sequence it was cut from, normalised as k6 prints them ("" when none). */
  segment: string;
  sequence: string;
  engine: 'k6' | 'node';
  /** k6's version ("v1.3.0") or the harness's for the built-in engine; absent in runner output written before it was recorded. */
  engineVersion?: string;
  exitCode: number;
  problems: string[];
  /** The built-in engine's process while it ran (load/generator-watch.ts), so a merge can tell a generator-bound runner. */
  generator?: GeneratorReading;
}

export function bundleHash(bundleFile: string): string {
  return createHash('sha256').update(readFileSync(bundleFile)).digest('hex');
}

/** The segment and sequence in k6's own notation, so that `1/2:1` and `50%:100%` are one segment. */
export function normalisedSegment(segment?: string, sequence?: string): { segment: string; sequence: string } {
  const tuple = executionTuple(segment, sequence);
  return { segment: segmentText(tuple.segment), sequence: sequence?.trim() ? sequenceText(tuple.sequence.segments) : '' };
}

export function writeRunnerFile(dir: string, file: RunnerFile): void {
  // Check names, group names (a violation sample's body) and problems quote what the target sent.
  writeFileAtomic(join(dir, RUNNER_FILE), jsonText(redactValue(file)));
}
