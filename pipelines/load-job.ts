// A load run as one call: the scenario run (one runner or N, either engine), its summary read into
// a load section of the result model, and the run folder and history written. The command prints.
import { runLoadOn, shapedProfileName, sloOfProfile, type K6Output, type LoadResult, type Progress, type ShapeFlags } from '../load/index.ts';
import { loadSectionOfRun, type RunResult } from '../reports/index.ts';
import { loadSchemaRegistry } from '../openapi/index.ts';
import { remoteAllowed, type HarnessConfig } from './config.ts';
import { checkHistoryFile, DEFAULT_HISTORY, finishRun } from './finish-run.ts';

export interface LoadJobInput {
  config: HarnessConfig;
  token: string | undefined;
  scenario: string;
  shape: ShapeFlags;
  k6Outputs: string[] | undefined;
  keepSamples: boolean;
  quiet: boolean | undefined;
  k6Output: K6Output;
  executionSegment?: string | undefined;
  executionSegmentSequence?: string | undefined;
  runId?: string | undefined;
  /** N runner processes on this machine, merged into one verdict. */
  runners?: number | undefined;
}

export interface LoadJobHooks {
  signal: AbortSignal;
  onProgress?: ((p: Progress) => void) | undefined;
  /** The run ended, before its reports are written: a report that cannot be written loses nothing already said. */
  onLoaded?: (load: LoadResult) => void;
}

export async function runLoadJob(input: LoadJobInput, hooks: LoadJobHooks): Promise<{ load: LoadResult; run: RunResult }> {
  const { config } = input;
  checkHistoryFile(config.history ?? DEFAULT_HISTORY);
  const startedAt = new Date().toISOString();
  const load = await runLoadOn({
    scenario: input.scenario, profile: config.profile ?? 'smoke', shape: input.shape, engine: config.engine, k6Outputs: input.k6Outputs, keepSamples: input.keepSamples, reportDir: config.reportDir,
    thresholds: config.thresholds, allowRemote: remoteAllowed(config), signal: hooks.signal, quiet: input.quiet, k6Output: input.k6Output,
    ...(config.target ? { target: config.target, token: input.token } : {}),
    agentId: config.agentId, callIds: config.callIds, transferTo: config.transferTo, onProgress: hooks.onProgress,
    executionSegment: input.executionSegment, executionSegmentSequence: input.executionSegmentSequence, runId: input.runId,
  }, input.runners);
  hooks.onLoaded?.(load);
  const section = await loadSectionOfRun(load, input.scenario, shapedProfileName(load.shape), sloOfProfile(load.shape.profile));
  const info = { target: load.target, embedded: !config.target, specVersion: loadSchemaRegistry().catalog.specVersion, release: config.release ?? null, startedAt, interrupted: hooks.signal.aborted };
  // summary.json or merge.json lost to a full disk: the verdict is told, never as a pass.
  const { result: run } = finishRun(load.reportDir, info, null, [section], config.history ?? DEFAULT_HISTORY, null, null, load.unwritten);
  return { load, run };
}

/** k6's code, except that a run whose verdict fails never exits 0 (k6's thresholds held, yet nothing was judged). */
export function loadExitCode(engineCode: number, passed: boolean): number {
  return engineCode === 0 && !passed ? 99 : engineCode;
}
