// `calls-harness report merge`: N runner folders of one segmented test -> one run folder judged
// on the whole test (summary.json as handleSummary gets it, result.json, junit.xml, summary.md,
// report.html, a history line), with load's exit codes.
import { jsonText, terminalText } from '../core/index.ts';
import { join, resolve } from 'node:path';
import { sloOfProfile } from '../load/profile-files.ts';
import { RUN_SHAPE_FILE, type LoadResult } from '../load/run-load.ts';
import { shapedProfileName } from '../load/run-shape.ts';
import { writeFileAtomic } from '../reports/atomic-write.ts';
import { claimRunFolder, defaultRunFolder } from '../reports/claim-run-folder.ts';
import { loadSectionOfRun } from '../reports/load-section-of-run.ts';
import { MergeError } from '../reports/merge/merge-error.ts';
import { mergeRunnerFolders, type MergedRun } from '../reports/merge/merge-runners.ts';
import { renderConsole } from '../reports/render-console.ts';
import { loadSchemaRegistry } from '../spec/schema-registry.ts';
import { HarnessError } from './errors.ts';
import { finishRun } from './finish-run.ts';

export interface MergeRunOptions {
  reportDir?: string;
  history: string | null;
  quiet?: boolean;
}

export async function mergeRun(dirs: string[], o: MergeRunOptions): Promise<number> {
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
  for (const p of merged.problems) console.error(`calls-harness: ${terminalText(p)}`);
  if (!o.quiet) console.log(renderConsole(result, process.stdout.isTTY === true));
  // The runners' own code may be 0 where the merged verdict is not a pass (a threshold the whole
  // test gave no sample): the verdict decides, as it does for load (99, k6's code for thresholds).
  const exitCode = merged.exitCode === 0 && !result.verdict.passed ? 99 : merged.exitCode;
  console.log(`merged ${dirs.length} runner(s) of ${terminalText(merged.scenario)} (segments ${merged.summary.harness.runners.map((r) => r.segment).join(', ')}): exit ${exitCode}; reports in ${out}`);
  return exitCode;
}

function merge(dirs: string[]): MergedRun {
  try {
    return mergeRunnerFolders(dirs);
  } catch (err) {
    if (err instanceof MergeError) throw new HarnessError(err.code, err.message);
    throw err;
  }
}
