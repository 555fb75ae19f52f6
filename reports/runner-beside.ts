// What a run folder recorded beside its summary data: merge.json (load/runner-file.ts) holds the
// exit code the run ended with (105: stopped), its problems and the generator's health. A report
// rendered again from the summary reads it, so that it judges the run as `load` did: interrupted
// or generator-bound, never a clean pass. Summary data from a k6 run made by hand has none.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { RUNNER_FILE, runnerFileProblem, type RunnerFile } from '../load/runner-file.ts';

export interface RunnerBeside {
  runner: RunnerFile | null;
  /** Why a merge.json that is there was not read (damaged, another format); null when read or absent. */
  unread: string | null;
}

export function runnerBeside(summaryFile: string): RunnerBeside {
  const file = join(dirname(summaryFile), RUNNER_FILE);
  if (!existsSync(file)) return { runner: null, unread: null };
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    return { runner: null, unread: `${file} cannot be read as JSON (${(err as Error).message})` };
  }
  const problem = runnerFileProblem(file, data);
  return problem ? { runner: null, unread: problem } : { runner: data as RunnerFile, unread: null };
}
