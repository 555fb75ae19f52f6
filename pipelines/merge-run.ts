// `calls-harness report merge`: N runner folders of one segmented test -> one run folder judged
// on the whole test (summary.json as handleSummary gets it, result.json, junit.xml, summary.md,
// report.html, a history line), with load's exit codes.
import { claimRunFolder, CodedError, defaultRunFolder, jsonText, terminalText, writeFileAtomic } from '../core/index.ts';
import { join, resolve } from 'node:path';
import { type LoadResult, type MergedRun, MergeError, mergeRunnerFolders, RUN_SHAPE_FILE, shapedProfileName, sloOfProfile } from '../load/index.ts';
import { loadSectionOfRun, type RunResult } from '../reports/index.ts';
import { loadSchemaRegistry } from '../openapi/index.ts';
import { finishRun } from './finish-run.ts';

export interface MergeRunOptions {
  reportDir?: string;
  history: string | null;
}

export interface MergedRunOutcome {
  exitCode: number;
  result: RunResult;
  /** What the merge found wrong with the runners (terminal-safe), for stderr. */
  problems: string[];
  /** One line: how many runners, which segments, the exit code and where the reports are. */
  summary: string;
}

export async function mergeRun(dirs: string[], o: MergeRunOptions): Promise<MergedRunOutcome> {
  const startedAt = new Date().toISOString();
  const merged = merge(dirs);
  const out = claimRunFolder(resolve(o.reportDir ?? defaultRunFolder(startedAt, merged.scenario, 'merged')));
  const summaryFile = join(out, 'summary.json');
  writeFileAtomic(summaryFile, jsonText(merged.summary, 2));
  writeFileAtomic(join(out, RUN_SHAPE_FILE), jsonText(merged.shape, 2));
  const run: LoadResult = { shape: merged.shape, exitCode: merged.exitCode, engine: merged.engine, ...(merged.engineVersion ? { engineVersion: merged.engineVersion } : {}), reportDir: out, summaryFile, target: merged.target, problems: merged.problems, ...(merged.generator ? { generator: merged.generator } : {}) };
  const section = await loadSectionOfRun(run, merged.scenario, shapedProfileName(merged.shape), sloOfProfile(merged.shape.profile));
  const info = { target: merged.target, embedded: merged.embedded, specVersion: loadSchemaRegistry().catalog.specVersion, release: null, startedAt, interrupted: merged.summary.harness.interrupted };
  const { result } = finishRun(out, info, null, [section], o.history);
  // The runners' own code may be 0 where the merged verdict is not a pass (a threshold the whole
  // test gave no sample): the verdict decides, as it does for load (99, k6's code for thresholds).
  const exitCode = merged.exitCode === 0 && !result.verdict.passed ? 99 : merged.exitCode;
  const summary = `merged ${dirs.length} runner(s) of ${terminalText(merged.scenario)} (segments ${merged.summary.harness.runners.map((r) => r.segment).join(', ')}): exit ${exitCode}; reports in ${out}`;
  return { exitCode, result, problems: merged.problems.map(terminalText), summary };
}

function merge(dirs: string[]): MergedRun {
  try {
    return mergeRunnerFolders(dirs);
  } catch (err) {
    if (err instanceof MergeError) throw new CodedError(err.code, err.message);
    throw err;
  }
}
