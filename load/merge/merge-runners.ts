// N runners' folders of one segmented test -> the summary data of the whole test and its verdict,
// with load's exit codes: 0 thresholds hold, 99 one fails, a runner's own code when it did not
// finish (stopped, setup failed): a merge of a cut-short runner is never a pass.
import type { SummaryData } from '../engine/summary-data.ts';
import type { RunShape } from '../run-shape.ts';
import { checkRunners } from './check-runners.ts';
import { mergeGroups } from './merge-checks.ts';
import { judgeMerged, mergeSinks } from './merge-metrics.ts';
import { mergeTimelines } from './merge-timeline.ts';
import { readRunnerFolder } from './read-runner.ts';
import type { RunnerFolder } from './runner-folder.ts';
import { worstReading, type GeneratorReading } from '../generator-watch.ts';

export interface RunnerNote {
  dir: string;
  segment: string;
  exitCode: number;
  /** The runner's own exit code judged its slice only; the merged verdict judges the whole test. */
  interrupted: boolean;
}

export interface MergedRun {
  summary: SummaryData & { harness: SummaryData['harness'] & { runners: RunnerNote[]; sequence: string } };
  exitCode: number;
  problems: string[];
  failed: string[];
  scenario: string;
  engine: 'k6' | 'node';
  /** The runners' engine version (one and the same: checked), when they recorded it. */
  engineVersion?: string;
  shape: RunShape;
  target: string;
  embedded: boolean;
  /** The runners' processes as one generator: a merge of a generator-bound runner is generator-bound. */
  generator?: GeneratorReading;
}

const OK_CODES = new Set([0, 99]);

export async function mergeRunnerFolders(dirs: string[]): Promise<MergedRun> {
  // One at a time: each k6 runner's samples are streamed, never held whole.
  const folders: RunnerFolder[] = [];
  for (const dir of dirs) folders.push(await readRunnerFolder(dir));
  checkRunners(folders);
  const first = folders[0] as RunnerFolder;
  const runners = folders.map((f) => f.runner);
  const durationMs = Math.max(...runners.map((r) => r.durationMs));
  const judged = judgeMerged(mergeSinks(runners), first.runner.thresholds, first.runner.trendStats, durationMs);
  const notes = folders.map((f) => ({ dir: f.dir, segment: f.runner.segment, exitCode: f.runner.exitCode, interrupted: f.runner.interrupted }));
  const problems = folders.flatMap((f) => [
    ...f.runner.problems.map((p) => `runner ${f.runner.segment}: ${p}`),
    ...(f.runner.abortReason ? [`runner ${f.runner.segment} stopped early (${f.runner.abortReason}): the merged test is short of its full load`] : []),
    ...(OK_CODES.has(f.runner.exitCode) ? [] : [`runner ${f.runner.segment} (${f.dir}) did not finish (exit ${f.runner.exitCode}): merged as it stands, and the merge is not a pass`]),
  ]);
  const cut = folders.find((f) => !OK_CODES.has(f.runner.exitCode));
  const abortedOnThreshold = runners.some((r) => r.abortReason?.startsWith('thresholds'));
  const exitCode = cut ? cut.runner.exitCode : judged.failed.length || abortedOnThreshold ? 99 : 0;
  const interrupted = runners.some((r) => r.interrupted);
  const errors = new Map<string, number>();
  for (const r of runners) for (const e of r.iterationErrors) errors.set(e.message, (errors.get(e.message) ?? 0) + e.count);
  const summary: MergedRun['summary'] = {
    metrics: judged.metrics,
    root_group: mergeGroups(runners.map((r) => r.rootGroup)),
    options: { summaryTrendStats: first.runner.trendStats, summaryTimeUnit: '', noColor: false },
    state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: durationMs },
    harness: {
      engine: 'calls-harness', interrupted, abortReason: runners.find((r) => r.abortReason)?.abortReason ?? null,
      interruptedIterations: runners.reduce((s, r) => s + r.interruptedIterations, 0),
      iterationErrors: [...errors].map(([message, count]) => ({ message, count })),
      timeline: mergeTimelines(runners.map((r) => r.timeline)),
      runners: notes, sequence: first.runner.sequence,
    },
  };
  const generator = worstReading(runners.map((r) => r.generator));
  const engineVersion = runners.find((r) => r.engineVersion)?.engineVersion;
  return { summary, exitCode, problems, failed: judged.failed, scenario: first.runner.scenario, engine: first.runner.engine, ...(engineVersion ? { engineVersion } : {}), shape: first.shape, target: first.target, embedded: first.embedded, ...(generator ? { generator } : {}) };
}
