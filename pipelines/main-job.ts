// The main job: the embedded reference server (or the target), the contract suite, then the
// transfer flows and the read mix on the smoke profile; one run folder; the gate's verdict.
import { join } from 'node:path';
import { type CaseResult, ContractStartError, runContract } from '../contract/index.ts';
import { checkLoadOptions, chooseEngine, engineOutputs, type K6Output, type Progress, runLoadOn, shapedProfileName, type ShapeFlags, sloOfProfile } from '../load/index.ts';
import { contractSection, type ContractSection, type LoadSection, loadSectionOfRun } from '../reports/index.ts';
import { claimRunFolder, CodedError, defaultRunFolder, FileWriteError, RunFolderError } from '../core/index.ts';
import { loadSchemaRegistry, type SpecDiff } from '../openapi/index.ts';
import { remoteAllowed, type HarnessConfig } from './config.ts';
import { failedStageSection } from './stage-error.ts';
import { checkHistoryFile, DEFAULT_HISTORY, finishRun } from './finish-run.ts';
import { openTarget } from '../target/index.ts';

export const DEFAULT_SCENARIOS = ['transfer-flows', 'read-mix'];

export interface JobHooks {
  signal: AbortSignal;
  onContractCase?: (done: number, total: number, c: CaseResult) => void;
  onStage?: (text: string) => void;
  onProgress?: (p: Progress) => void;
  /** Run-shaping flags (--vus, --rate, --validate...) for every load stage. */
  shape?: ShapeFlags;
  /** The API document diff (run --spec-from), computed before anything runs; part of the verdict. */
  specDiff?: SpecDiff | null;
  /** k6 outputs for every load stage (--k6-out). */
  k6Outputs?: string[];
  /** Runner processes for every load stage (run --runners), merged into one verdict each. */
  runners?: number;
  /** Where real k6's own output goes (load/k6-runner.ts). */
  k6Output?: K6Output;
  /** The contract's seed for generated bodies (run --seed, as contract --seed). */
  seed?: number;
  /** Keep k6's raw samples in each load stage's folder (run --keep-samples, as load --keep-samples). */
  keepSamples?: boolean;
}

/** Everything the job can refuse before it sends anything: remote target, token, profile and shaping flags. */
function refuseBadInput(config: HarnessConfig, token: string | undefined, hooks: JobHooks): void {
  if (!remoteAllowed(config)) {
    throw new CodedError('E_REMOTE_NOT_ALLOWED', `Refusing to run against ${config.target}: it is not loopback, and the main job load-tests it and starts transfers. Add --allow-remote, or list it under "allowedTargets" in the config file, if you mean it.`);
  }
  if (config.target && !token) throw new CodedError('E_NO_TOKEN', 'No API token: set CALLS_API_TOKEN to a key for the target. It is read from the environment only, never from flags or files.');
  // Whatever would stop a load stage stops the job here, before the contract suite sends
  // anything: scenario, profile and shaping flags, thresholds, token, engine and outputs.
  const { k6 } = chooseEngine(config.engine);
  if (!k6) engineOutputs(hooks.k6Outputs ?? [], process.env);
  for (const scenario of config.scenarios ?? DEFAULT_SCENARIOS) {
    checkLoadOptions({ scenario, profile: config.profile ?? 'smoke', shape: hooks.shape, thresholds: config.thresholds, ...(config.target ? { target: config.target, token, allowRemote: true, agentId: config.agentId, callIds: config.callIds } : {}) });
  }
}

export async function runMainJob(config: HarnessConfig, token: string | undefined, hooks: JobHooks) {
  refuseBadInput(config, token, hooks);
  checkHistoryFile(config.history ?? DEFAULT_HISTORY);
  const startedAt = new Date().toISOString();
  // Found now, not after minutes of load: the folder is new or empty, writable, and this run's.
  const dir = claimRunFolder(config.reportDir ?? defaultRunFolder(startedAt));
  const opened = await openTarget({ target: config.target, token, agentId: config.agentId });
  const server = opened.server;
  try {
    const target = opened.url;
    const key = opened.token as string;
    const agentId = opened.agentId;
    hooks.onStage?.(`contract suite against ${server ? 'the embedded reference server' : target}`);
    const contract = await contractStage(config, target, key, agentId, hooks, server !== null);
    // A contract run that could not start (token rejected, agent unknown...) ends the job early.
    const unwritten: string[] = [];
    const load = contract.error ? [] : await loadStages(config, target, key, agentId, dir, hooks, unwritten);
    const info = { target, embedded: server !== null, specVersion: loadSchemaRegistry().catalog.specVersion, release: config.release ?? null, startedAt, interrupted: hooks.signal.aborted };
    const { result, files } = finishRun(dir, info, contract, load, config.history ?? DEFAULT_HISTORY, hooks.specDiff ?? null, null, unwritten);
    return { result, files, dir };
  } finally {
    await opened.close();
  }
}

async function loadStages(config: HarnessConfig, target: string, key: string, agentId: string | undefined, dir: string, hooks: JobHooks, unwritten: string[]): Promise<LoadSection[]> {
  const load: LoadSection[] = [];
  for (const scenario of config.scenarios ?? DEFAULT_SCENARIOS) {
    if (hooks.signal.aborted) break;
    hooks.onStage?.(`load: ${scenario} (${config.profile ?? 'smoke'})`);
    try {
      load.push(await loadStage(config, scenario, target, key, agentId, join(dir, scenario), hooks, unwritten));
    } catch (err) {
      // Its folder could not be written (a full disk): the stages before it keep their verdict,
      // which is told, never as a pass (finishRun with `unwritten`).
      if (err instanceof FileWriteError || (err instanceof RunFolderError && err.code === 'E_OUTPUT_NOT_WRITABLE')) {
        unwritten.push(`the ${scenario} stage: ${err.message}`);
        break;
      }
      // Any other error ends this stage only: the contract results and the other stages are kept.
      load.push(failedStageSection(err, { scenario, profile: config.profile ?? 'smoke', engine: config.engine ?? chooseEngine(config.engine).engine }));
    }
  }
  return load;
}

async function contractStage(config: HarnessConfig, target: string, token: string, agentId: string | undefined, hooks: JobHooks, targetIsEmbedded: boolean): Promise<ContractSection> {
  try {
    const result = await runContract({
      target, token, agentId, callIds: config.callIds, destinations: config.transferTo, allowRemote: true, timeoutMs: config.timeoutMs, targetIsEmbedded, seed: hooks.seed,
      onCaseDone: (c, done, total) => hooks.onContractCase?.(done, total, c), signal: hooks.signal,
    });
    return contractSection(result);
  } catch (err) {
    if (err instanceof ContractStartError) return contractSection(null, { code: err.code, message: err.message });
    throw err;
  }
}

async function loadStage(config: HarnessConfig, scenario: string, target: string, token: string, agentId: string | undefined, dir: string, hooks: JobHooks, unwritten: string[]): Promise<LoadSection> {
  const profile = config.profile ?? 'smoke';
  const run = await runLoadOn({
    scenario, profile, target, token, agentId, callIds: config.callIds, transferTo: config.transferTo, engine: config.engine,
    reportDir: dir, thresholds: config.thresholds, allowRemote: true, signal: hooks.signal, onProgress: hooks.onProgress, shape: hooks.shape,
    k6Outputs: hooks.k6Outputs, k6Output: hooks.k6Output, quiet: hooks.k6Output === 'none', keepSamples: hooks.keepSamples,
  }, hooks.runners);
  unwritten.push(...(run.unwritten ?? []));
  return loadSectionOfRun(run, scenario, shapedProfileName(run.shape), sloOfProfile(run.shape.profile));
}
