// What a run folder recorded beside its summary data: merge.json (load/runner-file.ts) holds the
// exit code the run ended with (105: stopped), its problems and the generator's health. A report
// rendered again from the summary reads it, so that it judges the run as `load` did: interrupted
// or generator-bound, never a clean pass. Summary data from a k6 run made by hand has none.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { RUNNER_FILE, RUNNER_FORMAT, type RunnerFile } from '../load/runner-file.ts';
import { harnessValidator } from '../spec/harness-schemas.ts';

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
  if ((data as { format?: unknown } | null)?.format !== RUNNER_FORMAT) return { runner: null, unread: `${file} is not runner output of this harness (format ${RUNNER_FORMAT})` };
  const validate = harnessValidator('runner-file');
  if (!validate(data)) return { runner: null, unread: `${file} is damaged: at "${validate.errors?.[0]?.instancePath || '/'}" it ${validate.errors?.[0]?.message ?? 'does not match'}` };
  return { runner: data as RunnerFile, unread: null };
}
