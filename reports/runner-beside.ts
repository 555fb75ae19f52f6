// What a run folder recorded beside its summary data: merge.json (load/runner-file.ts) holds the
// exit code the run ended with (105: stopped), its problems and the generator's health. A report
// rendered again from the summary reads it, so that it judges the run as `load` did: interrupted
// or generator-bound, never a clean pass. The folder of `load --runners` keeps its runners'
// merge.json files under runners/ and its own verdict in result.json: read there instead.
// Summary data from a k6 run made by hand has neither.
import { existsSync } from 'node:fs';
import { INPUT_KINDS, readInputFile, redactValue } from '../core/index.ts';
import { dirname, join } from 'node:path';
import { RUNNER_FILE, runnerFileProblem, type RunnerFile } from '../load/index.ts';

/** How the run ended, as its folder kept it: from merge.json its generator's reading, from result.json what load judged of it. */
export type RecordedRun = Pick<RunnerFile, 'exitCode' | 'problems' | 'generator'> & { generatorBound: string[] };

export interface RunnerBeside {
  recorded: RecordedRun | null;
  /** Why a merge.json or result.json that is there was not read (damaged, another format); null when read or absent. */
  unread: string | null;
}

export function runnerBeside(summaryFile: string): RunnerBeside {
  // Redacted as read: a runner's problems and a parser's message quote what the target sent.
  return redactValue(readBeside(summaryFile));
}

function readBeside(summaryFile: string): RunnerBeside {
  const file = join(dirname(summaryFile), RUNNER_FILE);
  if (!existsSync(file)) return judgedBeside(join(dirname(summaryFile), 'result.json'));
  let data: unknown;
  try {
    data = JSON.parse(readInputFile(file, INPUT_KINDS.runnerFile));
  } catch (err) {
    return { recorded: null, unread: `${file} cannot be read as JSON (${(err as Error).message})` };
  }
  const problem = runnerFileProblem(file, data);
  if (problem) return { recorded: null, unread: problem };
  const { exitCode, problems, generator } = data as RunnerFile;
  return { recorded: { exitCode, problems, generator, generatorBound: [] }, unread: null };
}

function judgedBeside(file: string): RunnerBeside {
  if (!existsSync(file)) return { recorded: null, unread: null };
  let load: unknown;
  try {
    load = (JSON.parse(readInputFile(file, INPUT_KINDS.runnerFile)) as { load?: unknown[] } | null)?.load?.[0];
  } catch (err) {
    return { recorded: null, unread: `${file} cannot be read as JSON (${(err as Error).message})` };
  }
  const l = load as Partial<RecordedRun> | undefined;
  if (typeof l?.exitCode !== 'number' || !Array.isArray(l.problems)) return { recorded: null, unread: `${file} holds no load verdict (load[0].exitCode and problems)` };
  return { recorded: { exitCode: l.exitCode, problems: l.problems, generatorBound: Array.isArray(l.generatorBound) ? l.generatorBound : [] }, unread: null };
}
