// A load run as N runner processes on this machine (`load --runners N`, `run --runners N`): each
// runs its 1/N execution segment against one target (one embedded server when none is given),
// then their folders are merged into the run folder's summary data, judged on the whole test.
// Gives a LoadResult as runLoad does, so the reports and the history take it as any load run.
import { claimRunFolder, defaultRunFolder, isErrorCode, jsonText, output, PROJECT_ROOT, releaseRunFolder, terminalText, timerMs, writeFileAtomic } from '../core/index.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { sayRemoved, withoutHeaderPrinting } from './k6-debug-env.ts';
import { join, resolve } from 'node:path';
import { MergeError } from './merge/merge-error.ts';
import { mergeRunnerFolders, type MergedRun } from './merge/merge-runners.ts';
import { guardProcessGroup } from './orphan-guard.ts';
import { K6_STOP_GRACE_MS } from './k6-runner.ts';
import { longestRunMs, minutesAndSeconds } from './longest-run.ts';
import { checkLoadOptions, checkTargetAnswers, chooseEngine, LoadConfigError, RUN_SHAPE_FILE, runLoad, type LoadOptions, type LoadResult } from './run-load.ts';
import { shapeFlagsText, type RunShape } from './run-shape.ts';
import { openTarget } from '../target/index.ts';

/** k6's code for a run stopped from outside (cli/stop-signals.ts). */
const EXIT_INTERRUPTED = 105;

const BIN = join(PROJECT_ROOT, 'bin', 'calls-harness.js');

/** The sequence 0,1/N,2/N,...,1 and its N segments. */
export function evenSegments(n: number): { sequence: string; segments: string[] } {
  const point = (i: number) => (i === 0 ? '0' : i === n ? '1' : `${i}/${n}`);
  return { sequence: Array.from({ length: n + 1 }, (_, i) => point(i)).join(','), segments: Array.from({ length: n }, (_, i) => `${point(i)}:${point(i + 1)}`) };
}

/** runLoad in one process, or in `runners` runner processes merged into one result. */
export function runLoadOn(o: LoadOptions, runners = 1): Promise<LoadResult> {
  return runners > 1 ? runLoadRunners(o, runners) : runLoad(o);
}

export async function runLoadRunners(o: LoadOptions, n: number): Promise<LoadResult> {
  const shape = checkLoadOptions(o);
  // Said once here rather than by each runner: k6 asked for and absent.
  const { engine } = chooseEngine(o.engine);
  if (o.executionSegment || o.executionSegmentSequence) throw new LoadConfigError('E_USAGE', '--runners gives each runner its own --execution-segment: leave --execution-segment and --execution-segment-sequence out, or run one runner per segment yourself and `calls-harness report merge` their folders.');
  if (o.shape?.warmUp) throw new LoadConfigError('E_BAD_SHAPE', 'A warm-up cannot be split between runners: run it without --runners.');
  const reportDir = claimRunFolder(resolve(o.reportDir ?? defaultRunFolder(new Date(), o.scenario, shape.label, `${n}-runners`)));
  // Said once here, before any runner starts, rather than by each runner; after the folder is
  // claimed, so that a folder in use is refused before any request.
  await checkTargetAnswers(o).catch((err: unknown) => {
    releaseRunFolder(reportDir);
    throw err;
  });
  const runnersDir = join(reportDir, 'runners');
  mkdirSync(runnersDir);
  const summaryFile = join(reportDir, 'summary.json');
  const opened = await openTarget(o, o.embedded);
  const target = opened.url;
  const { sequence, segments } = evenSegments(n);
  const dirs = segments.map((_, i) => join(runnersDir, String(i + 1)));
  let ran: RunnersExit;
  try {
    // Stopped while the server started: no runner at all, and said so.
    if (o.signal?.aborted) return { shape, exitCode: EXIT_INTERRUPTED, engine, reportDir, summaryFile, target, problems: ['stopped before the load began'] };
    const env = runnersEnv(engine, opened.token as string);
    const agent = opened.agentId;
    const runId = sharedRunId(o);
    ran = await runRunners(segments.map((segment, i) => [...runnerArgs(o, target, agent), '--run-id', runId,
      '--execution-segment', segment, '--execution-segment-sequence', sequence, '--report-dir', dirs[i] as string, '--history', join(runnersDir, 'history.ndjson')]), env, o.signal, runnersDeadlineMs(shape));
  } finally {
    await opened.close();
  }
  // Every runner refused the same input at its start (a threshold the script's metrics cannot
  // take): one error, as a single run gives, and no run folder or history line for a run that never ran.
  refuseAsOne(ran, reportDir, o.signal?.aborted === true);
  return await resultOfRunners(dirs, ran, o.signal?.aborted === true, { shape, engine, reportDir, summaryFile, target });
}

/**
 * The runners' environment: the token, and for k6 none of the variables that make it print
 * headers, taken out here and said once, not in each runner (which would say so N times).
 */
function runnersEnv(engine: 'k6' | 'node', token: string): NodeJS.ProcessEnv {
  const base = { ...process.env, CALLS_API_TOKEN: token };
  if (engine !== 'k6') return base;
  const { env, removed } = withoutHeaderPrinting(base);
  sayRemoved(removed);
  return env;
}

/** One id for every runner of this test, recorded in each merge.json: the merge checks it. */
function sharedRunId(o: LoadOptions): string {
  return o.runId ?? randomUUID();
}

/** Every runner ended with one and the same error (exit 2): the run folder goes, and that error is this run's. */
function refuseAsOne(ran: RunnersExit, reportDir: string, stopped: boolean): void {
  const first = ran.errors[0];
  if (stopped || !first || !ran.codes.every((c) => c === 2)) return;
  if (!ran.errors.every((e) => e?.code === first.code && e.message === first.message)) return;
  releaseRunFolder(reportDir);
  // A runner is this harness: its code is from the catalog, unless its file was tampered with.
  throw new LoadConfigError(isErrorCode(first.code) ? first.code : 'E_INTERNAL', first.message);
}

/**
 * A run whose runners hung, or one of which was killed from outside (the OOM killer), is merged
 * as a stopped one (what the others wrote, exit 105, every report written), and says why first.
 */
async function resultOfRunners(dirs: string[], ran: RunnersExit, signalled: boolean, run: Omit<LoadResult, 'exitCode' | 'problems'>): Promise<LoadResult> {
  // A runner's error line was kept (runnerError); one that did not refuse its input (exit 2, named
  // in the merge's problem) is passed on here: a runner's E_INTERNAL (exit 70) is never lost.
  ran.errors.forEach((e, i) => {
    if (e && ran.codes[i] !== 2) output().stderr.write(`calls-harness: runner ${i + 1}: error ${e.code}: ${terminalText(e.message)}\n`);
  });
  const killed = signalled || ran.overran ? [] : ran.signals.flatMap((sig, i) => (sig ? [runnerKilledProblem(i + 1, sig)] : []));
  const why = [...(ran.overran ? [runnersHungProblem(runnersDeadlineMs(run.shape))] : []), ...killed];
  const result = await mergedResult(dirs, ran, signalled || why.length > 0, run);
  return { ...result, problems: [...why, ...result.problems] };
}

function runnerKilledProblem(runner: number, signal: NodeJS.Signals): string {
  return `runner ${runner} was ended by ${signal} from outside the harness (the OOM killer, or another process), not by itself: the run is interrupted and has no verdict. If memory ran out, run fewer VUs per runner, validate a sample of the responses (--validate sample:0.1), or use more machines.`;
}

/**
 * How long a stopped runner may take to stop its k6 (given K6_STOP_GRACE_MS), reduce k6's samples
 * (gigabytes after a long run) and write its folder, before its group is killed.
 */
export const RUNNER_STOP_GRACE_MS = K6_STOP_GRACE_MS + 110_000;

/** Each runner stops its own hung k6 at the profile's bound (load/longest-run.ts); past that and the time to stop, the runner itself hangs. */
function runnersDeadlineMs(shape: RunShape): number {
  return longestRunMs(shape.profile) + RUNNER_STOP_GRACE_MS;
}

function runnersHungProblem(deadlineMs: number): string {
  return `a runner hung: it was still running ${minutesAndSeconds(deadlineMs)} after it started, past the longest this profile can take and the time to stop; every runner was stopped (SIGINT, then killed after ${RUNNER_STOP_GRACE_MS / 1000} s), so the run is interrupted and has no verdict. The runners' folders under runners/ hold what each wrote.`;
}

/** The runners' folders merged into the run folder; a stopped run merges what they wrote, exit 105. */
async function mergedResult(dirs: string[], { codes, errors }: Pick<RunnersExit, 'codes' | 'errors'>, stopped: boolean, run: Omit<LoadResult, 'exitCode' | 'problems'>): Promise<LoadResult> {
  // A runner that refused its input (exit 2): nothing to merge, and why.
  if (codes.includes(2) && !stopped) {
    const first = codes.indexOf(2);
    const error = errors[first];
    return { ...run, exitCode: 2, problems: [`runner ${first + 1} refused its input${error ? ` (${error.code}: ${error.message})` : ''}: nothing to merge`] };
  }
  // A runner whose k6 exited without its summary data judged nothing: so does the run (never a missing-file error).
  const unjudged = stopped ? [] : runnersWithoutSummary(dirs, codes);
  if (unjudged.length) return { ...run, exitCode: 0, problems: unjudged };
  const merged = stopped ? await mergeStopped(dirs) : await merge(dirs);
  if (typeof merged === 'string') return { ...run, exitCode: EXIT_INTERRUPTED, problems: [merged] };
  writeFileAtomic(run.summaryFile, jsonText(merged.summary, 2));
  writeFileAtomic(join(run.reportDir, RUN_SHAPE_FILE), jsonText(merged.shape, 2));
  return { ...run, shape: merged.shape, exitCode: stopped ? EXIT_INTERRUPTED : merged.exitCode, engine: merged.engine, ...(merged.engineVersion ? { engineVersion: merged.engineVersion } : {}), problems: merged.problems, ...(merged.generator ? { generator: merged.generator } : {}) };
}

/** Why each runner that ended well (0, or 99) left no summary data has nothing to merge. */
function runnersWithoutSummary(dirs: string[], codes: (number | null)[]): string[] {
  return dirs.flatMap((dir, i) => ((codes[i] === 0 || codes[i] === 99) && !existsSync(join(dir, 'summary.json')) ? [`runner ${i + 1} wrote no summary data (${join(dir, 'summary.json')}: its k6 exited without it), so nothing was judged`] : []));
}

/** The `load` arguments that give a runner this run's scenario, shape and target. */
function runnerArgs(o: LoadOptions, target: string, agent: string | undefined): string[] {
  const many = (flag: string, values: string[] | undefined) => (values ?? []).flatMap((v) => [flag, v]);
  return [
    'load', '--scenario', o.scenario, '--profile', o.profile, '--target', target, '--quiet',
    ...shapeFlagsText(o.shape ?? {}).flatMap((text) => [text.slice(0, text.indexOf(' ')), text.slice(text.indexOf(' ') + 1)]),
    ...(agent ? ['--agent', agent] : []), ...many('--call-id', o.callIds), ...many('--transfer-to', o.transferTo),
    ...(o.engine ? ['--engine', o.engine] : []), ...many('--k6-out', o.k6Outputs), ...(o.keepSamples ? ['--keep-samples'] : []),
    ...many('--threshold', Object.entries(o.thresholds ?? {}).flatMap(([metric, exprs]) => exprs.map((e) => `${metric}=${e}`))),
    ...(o.allowRemote ? ['--allow-remote'] : []),
  ];
}

async function merge(dirs: string[]): Promise<MergedRun> {
  try {
    return await mergeRunnerFolders(dirs);
  } catch (err) {
    if (err instanceof MergeError) throw new LoadConfigError(err.code, err.message);
    throw err;
  }
}

/**
 * Each runner in its own process group: Ctrl-C in a terminal reaches only this process, which
 * passes every runner one SIGINT (a second, from the terminal, would make it quit without its
 * folder). Whatever ends this process (a second signal exits at once, a SIGKILL: load/orphan-guard.ts),
 * no runner keeps loading.
 */
export interface RunnersExit {
  /** Each runner's exit code (null when killed). */
  codes: (number | null)[];
  /** The signal that ended each runner when it did not exit by itself, else null. */
  signals: (NodeJS.Signals | null)[];
  /** Still running at the deadline: every runner was stopped. */
  overran: boolean;
  /** Each runner's error line (`calls-harness: error E_CODE: ...`), kept rather than printed N times; null when none. */
  errors: ({ code: string; message: string } | null)[];
}

export async function runRunners(argvs: string[][], env: NodeJS.ProcessEnv, signal: AbortSignal | undefined, deadlineMs: number): Promise<RunnersExit> {
  const children = argvs.map((args) => spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'], detached: true }));
  // Each runner's stderr passed on line by line, but its error line kept: N runners refusing the
  // same input say it once, through this process (one line, one code).
  const errors = children.map((child) => runnerError(child));
  // Even this process killed outright takes every runner's group with it (and each runner's watchdog, its k6).
  for (const child of children) {
    if (child.pid === undefined) continue;
    const guard = guardProcessGroup(child.pid);
    child.once('close', () => guard.release());
  }
  const reap = () => children.forEach((c) => c.exitCode === null && c.signalCode === null && c.pid !== undefined && killGroup(c.pid));
  process.once('exit', reap);
  // A stop reaches every runner, which writes its folder marked interrupted; the merge says so.
  // One that is still running once the grace has passed is killed with its group.
  let killTimer: NodeJS.Timeout | undefined;
  const onStop = () => {
    if (killTimer) return;
    children.forEach((c) => c.kill('SIGINT'));
    killTimer = setTimeout(reap, RUNNER_STOP_GRACE_MS);
  };
  signal?.addEventListener('abort', onStop, { once: true });
  if (signal?.aborted) onStop();
  let overran = false;
  // The profile's longest run plus the grace may pass what a timer holds, which would fire at once.
  const deadline = setTimeout(() => { if (killTimer) return; overran = true; onStop(); }, timerMs(deadlineMs));
  try {
    const ends = await Promise.all(children.map(exited));
    return { codes: ends.map((e) => e.code), signals: ends.map((e) => e.signal), overran, errors: await Promise.all(errors) };
  } finally {
    clearTimeout(deadline);
    clearTimeout(killTimer);
    signal?.removeEventListener('abort', onStop);
    process.off('exit', reap);
  }
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** A stopped run merges what its runners wrote; when a runner wrote nothing, why not (exit 105 all the same). */
async function mergeStopped(dirs: string[]): Promise<MergedRun | string> {
  try {
    return await mergeRunnerFolders(dirs);
  } catch (err) {
    if (err instanceof MergeError) return `stopped before every runner wrote its folder, so there is nothing whole to merge: ${err.message}`;
    throw err;
  }
}

const ERROR_LINE = /^calls-harness: error (E_[A-Z0-9_]+): (.*)$/;

/** The runner's error line, once its stderr ends; every other line goes to this process's stderr as it comes. */
function runnerError(child: ChildProcess): Promise<{ code: string; message: string } | null> {
  return new Promise((resolve) => {
    let error: { code: string; message: string } | null = null;
    if (!child.stderr) return resolve(null);
    const lines = createInterface({ input: child.stderr, crlfDelay: Infinity });
    lines.on('line', (line) => {
      const m = ERROR_LINE.exec(line);
      if (m) error ??= { code: m[1] as string, message: m[2] as string };
      // A runner's lines may quote a target (its k6 output): through the boundary.
      else output().stderr.write(`${terminalText(line)}\n`);
    });
    lines.once('close', () => resolve(error));
  });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    // A runner that could not start (EAGAIN, EMFILE at spawn) wrote no folder: the merge says so.
    child.once('error', () => resolve({ code: null, signal: null }));
    child.once('close', (code, signal) => resolve({ code, signal: code === null ? signal : null }));
  });
}
