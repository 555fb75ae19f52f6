// A capacity search as one call: the target opened once for every step (state and connections
// carry over, as on a real target), the steps run (load/capacity/), the step at the capacity
// reported as a load section, and the run folder and history written. The command prints.
import { claimRunFolder, defaultRunFolder, releaseRunFolder } from '../core/index.ts';
import { checkLoadOptions, checkTargetAnswers, chooseEngine, DEFAULT_LIMITS, ENGINE_OBSERVERS, exitCodeOf, type K6Output, OBSERVERS, parseDuration, refusedAtStart, runCapacity, shapedProfileName, sloOfProfile, type StepFailedError, type StepRun, type Progress, type CapacityStep } from '../load/index.ts';
import { type CapacitySearch, type LoadSection, loadSectionOfRun, type RunResult } from '../reports/index.ts';
import { loadSchemaRegistry } from '../openapi/index.ts';
import type { ValidateMode } from '../scenarios/index.ts';
import { openTarget } from '../target/index.ts';
import { remoteAllowed, type HarnessConfig } from './config.ts';
import { checkHistoryFile, DEFAULT_HISTORY, finishRun } from './finish-run.ts';

export interface CapacityInput {
  config: HarnessConfig;
  scenario: string;
  token: string | undefined;
  /** SLO thresholds added to or replacing the profile's. */
  slo: Record<string, string[]>;
  startRate: number;
  maxRate: number;
  resolution: number;
  stepS: number;
  /** The warm-up of each step, as given (a duration). */
  warmUp: string;
  maxDurationS: number;
  validate: ValidateMode | undefined;
  k6Output: K6Output;
  k6Outputs: string[] | undefined;
  /** A finite capacity for the embedded server (no target given). */
  capacity?: { workers: number; serviceTimeMs: number };
}

export interface CapacityHooks {
  signal: AbortSignal;
  onProgress?: ((p: Progress) => void) | undefined;
  onStep?: (step: CapacityStep) => void;
}

export interface CapacityOutcome {
  result: RunResult;
  search: CapacitySearch;
  /** A step that could not run: its message and code. */
  failure: StepFailedError | null;
  exitCode: number;
  dir: string;
}

export async function runCapacitySearch(input: CapacityInput, hooks: CapacityHooks): Promise<CapacityOutcome> {
  const { config, scenario } = input;
  // Everything a step would refuse, refused before the run folder is claimed or a step runs.
  const { engine } = chooseEngine(config.engine);
  checkHistoryFile(config.history ?? DEFAULT_HISTORY);
  const profile = config.profile ?? 'capacity';
  checkLoadOptions({
    scenario, profile, thresholds: input.slo, shape: { rate: input.startRate, duration: `${input.stepS}s`, warmUp: input.warmUp, ...(input.validate ? { validate: input.validate } : {}) },
    ...(config.target ? { target: config.target, token: input.token, allowRemote: remoteAllowed(config), agentId: config.agentId, callIds: config.callIds } : {}),
  });
  const startedAt = new Date().toISOString();
  const target = await openTarget({ target: config.target, token: input.token, agentId: config.agentId }, input.capacity ? { capacity: input.capacity } : {});
  try {
    const dir = claimRunFolder(config.reportDir ?? defaultRunFolder(new Date(), 'capacity', scenario));
    // A dead target is said before any step, not as a first step whose setup() failed.
    await checkTargetAnswers({ target: config.target }).catch((err: unknown) => {
      releaseRunFolder(dir);
      throw err;
    });
    const warmUpS = parseDuration(input.warmUp) / 1000;
    const { search, representative, failure } = await runCapacity({
      load: { scenario, profile, engine, allowRemote: remoteAllowed(config), callIds: config.callIds, transferTo: config.transferTo, quiet: true, k6Output: input.k6Output, k6Outputs: input.k6Outputs, target: target.url, token: target.token, agentId: target.agentId },
      slo: input.slo, warmUpS, validate: input.validate, reportDir: dir, limits: DEFAULT_LIMITS, signal: hooks.signal,
      startRate: input.startRate, maxRate: input.maxRate, growth: 2, resolution: input.resolution,
      // One step may take up to a quarter of the budget when its percentiles need the samples.
      stepS: input.stepS, maxStepS: Math.max(input.stepS, input.maxDurationS / 4), maxDurationS: input.maxDurationS,
      onProgress: hooks.onProgress, onStep: hooks.onStep,
    }).catch((err: unknown) => {
      // The first step refused at its start (a threshold its metrics cannot take): no request was sent.
      if (refusedAtStart(err)) releaseRunFolder(dir);
      throw err;
    });
    const sections = representative ? [await sectionOf(representative, scenario)] : [];
    const info = { target: target.url, embedded: !config.target, specVersion: loadSchemaRegistry().catalog.specVersion, release: config.release ?? null, startedAt, interrupted: hooks.signal.aborted };
    const { result } = finishRun(dir, info, null, sections, config.history ?? DEFAULT_HISTORY, null, search);
    // A step that could not run ends with its own code (107: setup() failed), as `load` does.
    return { result, search, failure, exitCode: failure ? failure.exitCode : exitCodeOf(search), dir };
  } finally {
    await target.close();
  }
}

/** The load section of the step at the capacity: its tables, without the observers' thresholds. */
async function sectionOf(step: StepRun, scenario: string): Promise<LoadSection> {
  // Named with its shape, so that no comparison takes one step for a run of the whole profile.
  const section = await loadSectionOfRun(step.run, scenario, shapedProfileName(step.run.shape), sloOfProfile(step.run.shape.profile));
  const observers = new Set([...Object.keys(OBSERVERS), ...Object.keys(ENGINE_OBSERVERS)]);
  // The ramp profile's per-window verdict does not apply to a constant-rate step.
  return { ...section, thresholds: section.thresholds.filter((t) => !observers.has(t.metric)), capacity: null };
}
