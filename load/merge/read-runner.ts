// One runner's folder, as `report merge` needs it: merge.json, summary.json and the run shape of a
// runner of this harness (load --execution-segment), or summary.json and k6's samples of a runner
// that ran plain `k6 run` (a k6-operator pod: read-k6-runner.ts).
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseSegment } from '../engine/execution-segment.ts';
import { K6_SAMPLES_FILE, RUN_SHAPE_FILE } from '../run-load.ts';
import type { RunShape } from '../run-shape.ts';
import { RUNNER_FILE, runnerFileProblem, type RunnerFile } from '../runner-file.ts';
import type { K6Summary } from './k6-runner-metrics.ts';
import { MergeError } from './merge-error.ts';
import type { RunnerFolder } from './runner-folder.ts';
import { isK6RunnerSummary, readK6RunnerFolder } from './read-k6-runner.ts';
import { INPUT_KINDS, InputFileError, readInputFile, redactValue } from '../../core/index.ts';

const FIX = 'Give the folders each `calls-harness load --execution-segment ...` runner wrote (its --report-dir), or each k6-operator runner of a `bundle --k8s` TestRun wrote, once each runner has finished.';

export async function readRunnerFolder(path: string): Promise<RunnerFolder> {
  const dir = resolve(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new MergeError('E_RUNNER_INCOMPLETE', `${dir} is not a folder. ${FIX}`);
  // No merge.json and no run shape (a load runner's folder has both): a plain k6 runner's, when its summary says so.
  const harnessRunner = existsSync(join(dir, RUNNER_FILE)) || existsSync(join(dir, RUN_SHAPE_FILE));
  if (!harnessRunner && existsSync(join(dir, 'summary.json'))) {
    const summary = readJson<K6Summary>(dir, 'summary.json');
    if (isK6RunnerSummary(summary)) return readK6RunnerFolder(dir, summary);
  }
  // k6's samples without its summary: a k6-operator runner whose k6 never reached its end.
  if (!harnessRunner && existsSync(join(dir, K6_SAMPLES_FILE)) && !existsSync(join(dir, 'summary.json'))) {
    throw new MergeError('E_RUNNER_INCOMPLETE', `The runner folder ${dir} has k6's samples but no summary.json: its k6 ended before its summary (killed, out of memory, or its setup() failed), so its slice of the test is not whole. ${FIX}`);
  }
  const runner = checkRunnerFile(join(dir, RUNNER_FILE), readJson<unknown>(dir, RUNNER_FILE));
  // A runner that wrote merge.json but lost its summary or shape did not finish writing its folder.
  readJson(dir, 'summary.json');
  const shape = readJson<RunShape>(dir, RUN_SHAPE_FILE);
  const meta = existsSync(join(dir, 'result.json')) ? readJson<{ meta?: { target?: string; embedded?: boolean } }>(dir, 'result.json').meta : undefined;
  return { dir, runner, shape, target: meta?.target ?? 'unknown', embedded: meta?.embedded === true };
}

/** merge.json as this harness writes it (schemas/harness/runner-file.schema.json), its segment one k6 takes. */
function checkRunnerFile(file: string, data: unknown): RunnerFile {
  const problem = runnerFileProblem(file, data);
  if (problem) throw new MergeError('E_RUNNER_INCOMPLETE', `${problem}. ${FIX}`);
  const runner = data as RunnerFile;
  try {
    if (runner.segment) parseSegment(runner.segment);
  } catch (err) {
    throw new MergeError('E_RUNNER_INCOMPLETE', `${file} is damaged: its segment "${runner.segment}" is not one k6 takes (${(err as Error).message}). ${FIX}`);
  }
  return runner;
}

function readJson<T>(dir: string, name: string): T {
  const file = join(dir, name);
  if (!existsSync(file)) throw new MergeError('E_RUNNER_INCOMPLETE', `The runner folder ${dir} has no ${name}: the runner did not finish (or the folder is not a runner's). ${FIX}`);
  try {
    // Redacted as it is read: a runner's folder holds what its target sent, and this process's
    // secrets (the same token, the same receiver) are taken out before anything is merged or written.
    return redactValue(JSON.parse(readInputFile(file, INPUT_KINDS.runnerFile)) as T);
  } catch (err) {
    if (err instanceof InputFileError) throw new MergeError('E_RUNNER_INCOMPLETE', `${err.message} ${FIX}`);
    throw new MergeError('E_RUNNER_INCOMPLETE', `${file} cannot be read as JSON (${(err as Error).message}): the runner's folder is damaged or was cut short. ${FIX}`);
  }
}
