// One load run: target (the embedded server when none is given), bundle, engine (real k6 when
// installed, else the built-in one), and the summary data in the run's folder.
import { claimRunFolder, CodedError, defaultRunFolder, encodeIdList, FileWriteError, jsonText, redactValue, registerSecret, releaseRunFolder, TOKEN_PLACEHOLDER, writeFileAtomic } from '../core/index.ts';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { checkTarget, isLoopback, openTarget, type OpenTarget, requireAnsweringTarget, TargetUnreachableError, tokenProblem } from '../target/index.ts';
import type { ServerOptions } from '../server/index.ts';
import { BundleError, bundlePath, bundleScenarios, scenarioNames } from './bundle.ts';
import { EXIT, runEngine, type EngineResult, type Progress } from './engine/run-engine.ts';
import { parseDuration } from './engine/durations.ts';
import { executionTuple, ExecutionSegmentError } from './engine/execution-segment.ts';
import { parseThresholds, ThresholdError } from './engine/thresholds.ts';
import { EngineConfigError } from './engine/script-options.ts';
import { scenarioVariableProblem } from './scenario-variables.ts';
import { unknownOperationInProfile, unknownOperationInThresholds } from './threshold-tags.ts';
import { findK6, K6_STOP_GRACE_MS, runK6, type K6Exit, type K6Output } from './k6-runner.ts';
import { readK6Exit, setupTimeoutAsFailure } from './k6-exit.ts';
import { longestRunMs, minutesAndSeconds } from './longest-run.ts';
import { reduceK6Samples, type K6Samples } from './k6-samples.ts';
import { k6RunnerMetrics } from './merge/k6-runner-metrics.ts';
import { resolveRunShape, type RunShape, type ShapeFlags } from './run-shape.ts';
import { engineOutputs } from './outputs/engine-outputs.ts';
import { bundleHash, normalisedSegment, RUNNER_FORMAT, writeRunnerFile, type RunnerFile } from './runner-file.ts';
import type { SummaryLike } from './summary-metrics.ts';
import { descriptorProblem } from './descriptor-watch.ts';
import { descriptorsExhausted } from './generator-bound.ts';
import { GeneratorWatch, type GeneratorReading } from './generator-watch.ts';
import { redactK6Files, redactLines } from './redact-k6-files.ts';
import { builtInEngineVersion, k6AddressArgs, K6VersionError, readK6Version, type K6Version } from './k6-version.ts';

export interface LoadOptions {
  scenario: string;
  /** A profile name (load/profiles/) or the path of a profile file. */
  profile: string;
  /** Run-shaping flags applied to the profile (load/run-shape.ts). */
  shape?: ShapeFlags;
  target?: string;
  token?: string;
  agentId?: string;
  callIds?: string[];
  transferTo?: string[];
  engine?: 'k6' | 'node';
  k6Outputs?: string[];
  /** Keep k6's raw sample output (k6-samples.json.gz) in the run folder once it is reduced. */
  keepSamples?: boolean;
  /** The run folder: new or empty, claimed by this run (default: a new folder under reports/out/). */
  reportDir?: string;
  thresholds?: Record<string, string[]>;
  allowRemote?: boolean;
  signal?: AbortSignal;
  /** No progress output (k6's --quiet). */
  quiet?: boolean;
  /** Where real k6's own output goes (load/k6-runner.ts): the terminal unless told; 'none' also silences the built-in engine's script console. */
  k6Output?: K6Output;
  onProgress?: (p: Progress) => void;
  /** Built-in engine: called once the load is over, before the summary and handleSummary() (see EngineOptions). */
  onLoadEnd?: () => void;
  /** k6's --execution-segment and --execution-segment-sequence: this runner's share of the test (both engines). */
  executionSegment?: string;
  executionSegmentSequence?: string;
  /** Options for the embedded server (latency, faults, mutations), when no target is given. */
  embedded?: Partial<ServerOptions>;
  /** The id the runners of one test share (--run-id), recorded in merge.json; a fresh one when not given. */
  runId?: string;
  /** Past this, a k6 still running has hung and is stopped (default: the profile's longestRunMs). */
  k6DeadlineMs?: number;
}

export interface LoadResult {
  /** The profile as this run executed it (also in <run folder>/profile.json). */
  shape: RunShape;
  exitCode: number;
  engine: 'k6' | 'node';
  /** The engine's version: k6's as `k6 version` prints it ("v1.3.0"), or the harness's for the built-in engine; absent only for a merge of runner folders written before it was recorded. */
  engineVersion?: string;
  reportDir: string;
  summaryFile: string;
  target: string;
  problems: string[];
  /** What handleSummary returned for stdout (the built-in engine; k6 prints its own). */
  summaryText?: string;
  /** k6's JSON sample output reduced to what the reports read, when k6 ran. */
  k6Samples?: K6Samples;
  /** Files of the run folder that could not be written (a disk that filled up), each with why: the run is never a pass. */
  unwritten?: string[];
  /** The engine's summary data, kept in memory when summary.json could not be written, so the verdict can still be told. */
  summary?: SummaryLike;
  /** The built-in engine's process while it ran: event-loop delay, CPU, file descriptors. */
  generator?: GeneratorReading;
}

/** k6 gzips JSON output whose file name ends in .gz (about 4 KB a request raw). */
export const K6_SAMPLES_FILE = 'k6-samples.json.gz';
/** The run's shape: base profile, flags, effective profile. */
export const RUN_SHAPE_FILE = 'profile.json';

/** The engine times setup() out as k6 does (exit 100): a setup failure, as on the k6 path. */
/** A run id as --run-id takes it: safe in a file, a log line and a command line. */
const RUN_ID = /^[A-Za-z0-9._-]{1,100}$/;

export class LoadConfigError extends CodedError {}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const shape = checkLoadOptions(o);
  const { engine, k6 } = chooseEngine(o.engine);
  // Before anything is built or sent: a k6 too old, or one whose version cannot be read, is refused.
  const k6Version = k6 ? await k6VersionOf(k6) : null;
  // Outputs the built-in engine writes itself, checked before anything is built or sent.
  const outputs = k6 ? {} : engineOutputs(o.k6Outputs ?? [], process.env);
  const reportDir = makeReportDir(o, shape.label);
  try {
    // After the folder is claimed, so that a folder in use is refused before any request.
    await checkTargetAnswers(o);
    return await runInFolder(o, shape, { engine, k6, k6Version, outputs, reportDir });
  } catch (err) {
    // Refused at start, before any load (a threshold the script's metrics cannot take, an
    // executor the engine lacks, a target that does not answer): the folder holds only what this
    // run put there, so it goes.
    if (refusedAtStart(err) || (err instanceof LoadConfigError && err.code === 'E_TARGET_UNREACHABLE')) releaseRunFolder(reportDir);
    throw err;
  }
}

/** An error a load ends with at start, before any request: its run folder holds nothing worth keeping. */
export function refusedAtStart(err: unknown): boolean {
  return err instanceof ThresholdError || err instanceof EngineConfigError || err instanceof BundleError;
}

async function runInFolder(o: LoadOptions, shape: RunShape, { engine, k6, k6Version, outputs, reportDir }: { engine: 'k6' | 'node'; k6: string | null; k6Version: K6Version | null; outputs: ReturnType<typeof engineOutputs>; reportDir: string }): Promise<LoadResult> {
  const engineVersion = k6Version?.text ?? builtInEngineVersion();
  writeFileAtomic(join(reportDir, RUN_SHAPE_FILE), jsonText(shape, 2));
  // The run folder keeps the exact bundle it ran, and concurrent runs never share one.
  const bundleDir = join(reportDir, 'bundle');
  await bundleScenarios(bundleDir, 'k6', [o.scenario]);
  if (engine === 'node') await bundleScenarios(bundleDir, 'node', [o.scenario]);

  const opened = await openTarget(o, o.embedded);
  try {
    const target = opened.url;
    const summaryFile = join(reportDir, 'summary.json');
    const env = scenarioEnv(o, shape, opened, summaryFile);
    const k6Bundle = bundlePath(bundleDir, 'k6', o.scenario);
    // Stopped while bundling: no load at all, and said so.
    if (o.signal?.aborted) return { shape, exitCode: EXIT.externalAbort, engine, engineVersion, reportDir, summaryFile, target, problems: ['stopped before the load began'] };
    if (k6 && k6Version) return await runOnK6(o, shape, { binary: k6, version: k6Version }, { reportDir, summaryFile, target, env, k6Bundle });
    // The generator's own health, so that a run it could not offer is never blamed on the API.
    const watch = new GeneratorWatch();
    let generator: GeneratorReading | undefined;
    const result = await runEngine({ bundle: bundlePath(bundleDir, 'node', o.scenario), k6Bundle, env: { ...stringEnv(), ...env }, signal: o.signal, onProgress: watch.progress(o.onProgress), onLoadEnd: () => { watch.loadEnded(); o.onLoadEnd?.(); }, executionSegment: o.executionSegment, executionSegmentSequence: o.executionSegmentSequence, scriptConsole: o.k6Output === 'none' ? 'none' : 'stderr', ...outputs })
      .finally(() => (generator = watch.stop()));
    // merge.json carries the code the run ends with, so a merge judges the runner as load does.
    const exitCode = setupTimeoutAsFailure(result.exitCode);
    const exhausted = descriptorsExhausted(result.summary as unknown as SummaryLike, generator);
    const fd = exhausted ? [descriptorProblem(exhausted)] : [];
    const unwritten = writeEngineFiles(result, summaryFile, () => ({ format: RUNNER_FORMAT, scenario: o.scenario, profile: shape.label, bundleHash: bundleHash(k6Bundle), ...runIdentity(o, target), ...normalisedSegment(o.executionSegment, o.executionSegmentSequence), engine, engineVersion, exitCode, problems: [...result.problems, ...fd], ...result.runner, ...(generator ? { generator } : {}) }));
    const lost = unwritten.length ? { unwritten, summary: result.summary as unknown as SummaryLike } : {};
    return { shape, exitCode, engine, engineVersion, reportDir, summaryFile, target, problems: [...result.problems, ...fd, ...unwritten.map((u) => `not written: ${u}`)], summaryText: result.outputs.stdout, generator, ...lost };
  } finally {
    await opened.close();
  }
}

/**
 * The built-in engine's summary.json (when handleSummary wrote none) and merge.json (what `report
 * merge` needs to judge this runner with the others). Those a full disk stops are returned, named
 * with why, so that the verdict is still told but never as a pass.
 */
function writeEngineFiles(result: EngineResult, summaryFile: string, runnerFile: () => RunnerFile): string[] {
  const unwritten: string[] = [];
  const attempt = (write: () => void) => {
    try {
      write();
    } catch (err) {
      if (!(err instanceof FileWriteError)) throw err;
      unwritten.push(err.message);
    }
  };
  if (!existsSync(summaryFile)) attempt(() => writeFileAtomic(summaryFile, jsonText(result.summary, 2)));
  attempt(() => writeRunnerFile(dirname(summaryFile), runnerFile()));
  return unwritten;
}

/** The run on real k6: its exit, its samples reduced for the reports, and why it has no verdict when it hung. */
async function runOnK6(o: LoadOptions, shape: RunShape, k6: { binary: string; version: K6Version }, run: { reportDir: string; summaryFile: string; target: string; env: Record<string, string>; k6Bundle: string }): Promise<LoadResult> {
  const { reportDir, summaryFile, target, env, k6Bundle } = run;
  // k6's own sample stream feeds the reports' timeline, errors by kind, flows and outcomes:
  // reduced once k6 ends, then deleted unless kept (a long run writes gigabytes).
  const samplesFile = join(reportDir, K6_SAMPLES_FILE);
  // A k6 still running past the longest its profile allows has hung: stopped, never waited out.
  const deadlineMs = o.k6DeadlineMs ?? longestRunMs(shape.profile);
  const k6Run = await runK6({ binary: k6.binary, args: k6AddressArgs(k6.version), bundle: k6Bundle, env, flags: k6SegmentFlags(o), outputs: [`json=${samplesFile}`, ...(o.k6Outputs ?? [])], signal: o.signal, quiet: o.quiet, output: o.k6Output, deadlineMs });
  // merge.json carries the code the run ends with, so a merge judges the runner as load does.
  const { exitCode, problems: timedOut } = readK6Exit(k6Run.code, summaryFile);
  if (k6Run.overran) timedOut.push(k6HungProblem(deadlineMs));
  else if (k6Run.signal && !o.signal?.aborted) timedOut.push(k6KilledProblem(k6Run.signal));
  // What k6 wrote is read back redacted before anything reads it (load/redact-k6-files.ts).
  await redactK6Files(reportDir, [K6_SAMPLES_FILE]);
  timedOut.push(...k6LastWords(k6Run));
  const writeRunner = await k6RunnerFileWriter(o, shape, { engineVersion: k6.version.text, samplesFile, summaryFile, k6Bundle, reportDir, exitCode, target });
  // The sample stream's URLs and tags hold ids the target chose: redacted as they are reduced.
  const k6Samples = redactValue(await reduceK6Samples(samplesFile, o.keepSamples === true));
  // Kept, the stream is the user's to read: it keeps no secret a target echoed either.
  if (o.keepSamples && existsSync(samplesFile)) await redactLines(samplesFile, true);
  const problems = [...timedOut, ...(k6Samples?.damaged ? [k6Samples.damaged] : [])];
  writeRunner(k6Samples, problems);
  return { shape, exitCode, engine: 'k6', engineVersion: k6.version.text, reportDir, summaryFile, target, problems, k6Samples };
}

/** k6 ended with an error while its output was not shown (--quiet): the last of what it said, so the error is not lost. */
function k6LastWords(run: K6Exit): string[] {
  const fine = run.code === 0 || run.code === EXIT.thresholdsFailed;
  return run.lastWords && !fine && !run.overran ? [`k6 exited ${run.code}; the last it wrote to stderr (not shown with --quiet): ${run.lastWords.replace(/\s*\n\s*/g, ' | ')}`] : [];
}

/** Why a run whose k6 was ended by a signal from outside the harness has no verdict. */
export function k6KilledProblem(signal: NodeJS.Signals): string {
  return `k6 was ended by ${signal} from outside the harness (the OOM killer, or another process), not by itself: the run is interrupted and has no verdict. If memory ran out, lower maxVUs or --vus, validate a sample of the responses (--validate sample:0.1), or spread the load (--runners N).`;
}

/** Why a run that k6 never ended has no verdict. */
export function k6HungProblem(deadlineMs: number): string {
  return `k6 hung: it was still running ${minutesAndSeconds(deadlineMs)} after it started, past the longest this profile can take (its duration and gracefulStop, setupTimeout, teardownTimeout, handleSummary's 2 minutes and room to start); it was stopped (SIGINT, then SIGKILL after ${K6_STOP_GRACE_MS / 1000} s), so the run is interrupted and has no verdict. Look at k6's output above for what it was waiting on (an output that does not flush, a VU that ignores its context), or run it with --engine node.`;
}

/**
 * A k6 runner of a segmented test: its samples counted again for merge.json, before they are
 * deleted; written once they are reduced (their timeline). Nothing for an unsegmented run.
 */
async function k6RunnerFileWriter(o: LoadOptions, shape: RunShape, run: { engineVersion: string; samplesFile: string; summaryFile: string; k6Bundle: string; reportDir: string; exitCode: number; target: string }): Promise<(samples: K6Samples | undefined, problems: string[]) => void> {
  const nothing = () => undefined;
  if (!o.executionSegment && !o.executionSegmentSequence) return nothing;
  const runner = await k6RunnerMetrics(run.samplesFile, run.summaryFile, [], run.exitCode === EXIT.externalAbort);
  if (!runner) return nothing;
  const file = { format: RUNNER_FORMAT as typeof RUNNER_FORMAT, scenario: o.scenario, profile: shape.label, bundleHash: bundleHash(run.k6Bundle), ...runIdentity(o, run.target), ...normalisedSegment(o.executionSegment, o.executionSegmentSequence), engine: 'k6' as const, engineVersion: run.engineVersion, exitCode: run.exitCode, ...runner };
  return (samples, problems) => writeRunnerFile(run.reportDir, { ...file, problems, timeline: (samples?.timeline ?? []).map((p) => ({ vus: 0, ...p })) });
}

/**
 * What says which test a runner belongs to: the target it loaded and the run id its runners share
 * (a fresh one for a run given none, so that runners of separate runs are never merged as one).
 */
function runIdentity(o: LoadOptions, target: string): { target: string; runId: string } {
  return { target, runId: o.runId ?? randomUUID() };
}

/** The checks every load makes before anything is built or sent (also `load --runners`, before its runners start). */
export function checkLoadOptions(o: LoadOptions): RunShape {
  const scenarios = scenarioNames();
  if (!scenarios.includes(o.scenario)) throw new LoadConfigError('E_UNKNOWN_SCENARIO', `Unknown scenario "${o.scenario}". Scenarios: ${scenarios.join(', ')} (files in scenarios/).`);
  // Only this run's profile file is read: another broken profile does not stop it.
  const shape = resolveRunShape(o.profile, o.shape);
  checkThresholdSyntax(o.thresholds ?? {});
  checkThresholdOperations(o.thresholds ?? {}, shape);
  checkSegment(o);
  if (o.runId !== undefined && !RUN_ID.test(o.runId)) throw new LoadConfigError('E_USAGE', `--run-id ${JSON.stringify(o.runId)} is not a run id: give 1 to 100 letters, digits, dots, dashes or underscores, the same to every runner of one test (e.g. --run-id nightly-2026-12-07).`);
  if (o.target !== undefined) o.target = checkTarget(o.target);
  if (o.target) checkTargetAccess(o, o.target);
  // A token given to runLoad directly (not through the CLI's environment) is held all the same.
  registerSecret(o.token, TOKEN_PLACEHOLDER);
  const problem = o.token ? tokenProblem(o.token) : null;
  if (problem) throw new LoadConfigError('E_BAD_TOKEN', problem);
  const variable = scenarioVariableProblem(process.env, Object.keys(o.thresholds ?? {}).length > 0);
  if (variable) throw new LoadConfigError(variable.code, variable.message);
  return shape;
}

/**
 * A target of the user's answers HTTP, asked once before the run folder is claimed and before
 * either engine starts: a dead one is E_TARGET_UNREACHABLE, named, rather than a setup() that
 * failed with "status 0" (exit 107) or iterations of connection errors judged as the API's.
 */
export async function checkTargetAnswers(o: Pick<LoadOptions, 'target'>): Promise<void> {
  if (!o.target) return;
  try {
    await requireAnsweringTarget(o.target, 'no load was started');
  } catch (err) {
    if (err instanceof TargetUnreachableError) throw new LoadConfigError(err.code, err.message);
    throw err;
  }
}

/** A target of the user's: allowed, with a token and something to test with. */
function checkTargetAccess(o: LoadOptions, target: string): void {
  if (!isLoopback(target) && !o.allowRemote) {
    throw new LoadConfigError('E_REMOTE_NOT_ALLOWED', `Refusing to load-test ${target}: it is not loopback. Load tests change state and dial numbers; add --allow-remote (or list the target in the config's allowedTargets) if you mean it.`);
  }
  if (!o.token) throw new LoadConfigError('E_NO_TOKEN', 'No API token: set CALLS_API_TOKEN to a key for the target.');
  // Known before anything is built: without an agent or call ids, setup() has nothing to test with.
  if (!o.agentId && !o.callIds?.length) throw new LoadConfigError('E_NO_AGENT', 'No calls to test with: give --agent ID (or CALLS_API_AGENT_ID), whose live calls the scenario uses, or list calls with --call-id.');
}

export function chooseEngine(asked: LoadOptions['engine']): { engine: 'k6' | 'node'; k6: string | null } {
  const k6 = asked === 'node' ? null : findK6();
  if (asked === 'k6' && !k6) throw new LoadConfigError('E_K6_NOT_FOUND', 'k6 is not on PATH. Install k6 (https://grafana.com/docs/k6/latest/set-up/install-k6/), or use the built-in engine with --engine node.');
  return { engine: k6 ? 'k6' : 'node', k6 };
}

/** The version of the k6 that will run the load: refused, coded, when too old or unreadable. */
async function k6VersionOf(binary: string): Promise<K6Version> {
  try {
    return await readK6Version(binary);
  } catch (err) {
    if (err instanceof K6VersionError) throw new LoadConfigError(err.code, err.message);
    throw err;
  }
}

function makeReportDir(o: LoadOptions, profileLabel: string): string {
  return claimRunFolder(resolve(o.reportDir ?? defaultRunFolder(new Date(), o.scenario, profileLabel)));
}

/** What the scenario reads from __ENV. */
function scenarioEnv(o: LoadOptions, shape: RunShape, target: OpenTarget, summaryFile: string): Record<string, string> {
  const env: Record<string, string> = {
    CALLS_API_BASE_URL: target.url,
    CALLS_API_TOKEN: target.token as string,
    CALLS_API_AGENT_ID: target.agentId ?? '',
    CALLS_PROFILE: shape.label,
    // The profile as data: shaped by the flags, or a file outside the project; the bundle checks it.
    CALLS_PROFILE_JSON: JSON.stringify(shape.profile),
    CALLS_SUMMARY_FILE: summaryFile,
  };
  // JSON: an id keeps its commas and spaces (a comma-joined list split them apart).
  if (o.callIds?.length) env.CALLS_CALL_IDS = encodeIdList(o.callIds);
  if (o.transferTo?.length) env.CALLS_TRANSFER_TO = o.transferTo.join(',');
  if (o.thresholds && Object.keys(o.thresholds).length) env.CALLS_THRESHOLDS = JSON.stringify(o.thresholds);
  return env;
}

function checkSegment(o: LoadOptions): void {
  try {
    executionTuple(o.executionSegment, o.executionSegmentSequence);
  } catch (err) {
    if (!(err instanceof ExecutionSegmentError)) throw err;
    throw new LoadConfigError('E_BAD_SEGMENT', `--execution-segment ${o.executionSegment ?? '0:1'} with --execution-segment-sequence ${o.executionSegmentSequence || '(none)'}: ${err.message}. Give a segment as FROM:TO (fractions, decimals or percentages, e.g. 1/3:2/3) and a sequence as the points of every runner's segment (e.g. 0,1/3,2/3,1), the segment being one of them.`);
  }
}

/**
 * The segment as k6's flags: k6 reads it from them only (its options mark executionSegment
 * `ignored` for the environment), so K6_EXECUTION_SEGMENT* would have run the whole test on
 * every runner.
 */
function k6SegmentFlags(o: LoadOptions): string[] {
  return [...(o.executionSegment ? ['--execution-segment', o.executionSegment] : []), ...(o.executionSegmentSequence ? ['--execution-segment-sequence', o.executionSegmentSequence] : [])];
}

function checkThresholdSyntax(thresholds: Record<string, string[]>): void {
  try {
    parseThresholds(thresholds, parseDuration);
  } catch (err) {
    throw new LoadConfigError('E_BAD_THRESHOLD', `${(err as Error).message}. Write thresholds as METRIC=EXPRESSION, e.g. --threshold "http_req_duration{name:getCall}=p(95)<300".`);
  }
}

/** A threshold or profile latency on an operation no request carries (a typo) would judge nothing: refused before the run. */
function checkThresholdOperations(thresholds: Record<string, string[]>, shape: RunShape): void {
  const inThresholds = unknownOperationInThresholds(thresholds);
  if (inThresholds) throw new LoadConfigError('E_BAD_THRESHOLD', inThresholds);
  const inProfile = unknownOperationInProfile(shape.profile.operations);
  if (inProfile) throw new LoadConfigError('E_PROFILE_INVALID', `${inProfile} Fix the profile ${shape.source}.`);
}

function stringEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
