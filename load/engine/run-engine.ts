// The built-in engine: runs a k6 scenario bundle (built for Node) the way k6 runs it, and ends
// with handleSummary and k6's exit codes.
import { installScriptConsole, type ScriptConsole } from './script-console.ts';
import { readFile } from 'node:fs/promises';
import { redact, redactValue, writeFileAtomic } from '../../core/index.ts';
import { pathToFileURL } from 'node:url';
import { parseDuration } from './durations.ts';
import { executionTuple, ExecutionSegmentError, type ExecutionTuple } from './execution-segment.ts';
import { RunState } from './run-state.ts';
import { installRuntime, iterationStorage, uninstallRuntime } from './runtime.ts';
import { runnerMetrics, type RunnerMetrics } from './runner-output.ts';
import { runScenario, type IterationFn } from './scenario-runner.ts';
import type { ScenarioConfig } from './executors/index.ts';
import { EngineConfigError, scenariosOf, type ScriptOptions } from './script-options.ts';
import { DEFAULT_TREND_STATS, failedThresholds, summaryData, thresholdSink, thresholdVerdicts, type SummaryData } from './summary-data.ts';
import { checkStatFits, parseThresholds, ThresholdError, type ParsedThreshold } from './thresholds.ts';
import { unsupportedUses } from './unsupported.ts';
import type { RemoteWriteConfig } from '../outputs/prometheus-rw/config.ts';
import { describePushes, RemoteWriteOutput } from '../outputs/prometheus-rw/output.ts';

/** k6's exit codes. */
export const EXIT = { ok: 0, thresholdsFailed: 99, setupTimeout: 100, teardownTimeout: 101, invalidConfig: 104, externalAbort: 105, scriptException: 107, scriptAborted: 108 } as const;

export interface EngineOptions {
  /** The scenario bundled for Node (load/bundle.ts, target "node"). */
  bundle: string;
  /** The same scenario bundled for k6: scanned for what the engine cannot offer. */
  k6Bundle?: string;
  env: Record<string, string>;
  /** Aborting it stops the run as Ctrl-C stops k6: the summary is still written. */
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  progressEveryMs?: number;
  /** Called once the load is over (scenarios and teardown), before the summary is built and handleSummary() runs. */
  onLoadEnd?: () => void;
  /** k6's experimental-prometheus-rw output, when asked for. */
  remoteWrite?: RemoteWriteConfig;
  /** k6's --execution-segment and --execution-segment-sequence: this runner's share of the test. */
  executionSegment?: string;
  executionSegmentSequence?: string;
  /** How long handleSummary() may take: k6's fixed 2 minutes unless given (tests shorten it). */
  handleSummaryTimeoutMs?: number;
  /** Where the script's console goes: stderr, as k6's (default), or nowhere (--quiet). */
  scriptConsole?: ScriptConsole;
}

/** k6 gives handleSummary() 2 minutes, not configurable (js/runner.go getTimeoutFor). */
export const HANDLE_SUMMARY_TIMEOUT_MS = 120_000;

export interface Progress {
  elapsedMs: number;
  iterations: number;
  vus: number;
  httpReqs: number;
  failedRate: number;
  p95Ms: number;
  dropped: number;
}

export interface EngineResult {
  exitCode: number;
  summary: SummaryData;
  /** Files handleSummary asked for (path -> content), already written; and its stdout text. */
  outputs: Record<string, string>;
  problems: string[];
  /** Every sink as data, for merging this runner with the others of a segmented test (merge.json). */
  runner: RunnerMetrics;
}

type ScriptModule = Record<string, unknown> & { options?: ScriptOptions };

let loads = 0;

export async function runEngine(opts: EngineOptions): Promise<EngineResult> {
  const state = new RunState();
  const restoreConsole = installScriptConsole(opts.scriptConsole ?? 'stderr');
  installRuntime(state);
  defineGlobals(opts.env);
  const output = opts.remoteWrite ? new RemoteWriteOutput(opts.remoteWrite) : null;
  if (output) {
    state.registry.onSample = (metric, value, tags) => output.onSample(metric, value, tags);
    output.start();
  }
  // The last push happens whatever ended the run, and never blocks it for long (5 s timeout).
  const stopOutput = async () => (output && opts.remoteWrite ? describePushes(opts.remoteWrite.url, await output.stop()) : null);
  try {
    const result = await runInstalled(state, opts).catch(async (err: unknown) => {
      await stopOutput();
      throw err;
    });
    const pushes = await stopOutput();
    if (pushes) result.problems.push(redact(pushes));
    return result;
  } finally {
    uninstallRuntime();
    restoreConsole();
    await state.http.close();
  }
}

async function runInstalled(state: RunState, opts: EngineOptions): Promise<EngineResult> {
  if (opts.k6Bundle) {
    const uses = unsupportedUses(await readFile(opts.k6Bundle, 'utf8'));
    if (uses.length) throw new EngineConfigError(`the scenario uses what the built-in engine cannot offer: ${uses.join('; ')}. Change the scenario, or run it with real k6 (--engine k6).`);
  }
  // A fresh module instance per run: module state must not leak between runs in one process.
  const script = (await import(`${pathToFileURL(opts.bundle).href}?run=${++loads}`)) as ScriptModule;
  const options = script.options ?? {};
  const scenarios = scenariosOf(options, script);
  const segment = segmentOf(opts);
  const thresholds = prepareThresholds(state, options);
  const trendStats = options.summaryTrendStats ?? DEFAULT_TREND_STATS;
  const problems: string[] = [];
  const onExternal = () => state.stop.abort(new Error('stopped by the user'));
  opts.signal?.addEventListener('abort', onExternal, { once: true });
  // A signal that came while the script loaded has already fired: stop at once, not after the run.
  if (opts.signal?.aborted) onExternal();
  const ticker = setInterval(() => tick(state, thresholds, trendStats, opts), opts.progressEveryMs ?? 1000);
  const windows = setInterval(() => state.timeline.flush(state.vusActive), 1000);
  let lifecycleExit: number | null;
  try {
    lifecycleExit = await runLifecycle(state, script, scenarios, options, problems, segment);
  } finally {
    endOfLoad(state, opts, [ticker, windows], onExternal);
  }
  const interrupted = opts.signal?.aborted === true;
  // What the script made of the target's answers (check and group names, a violation sample's
  // body, tags) is redacted before handleSummary sees it, so no file it writes holds a secret.
  const summary = redactValue(summaryData(state, thresholds, trendStats, interrupted || state.abortReason !== null));
  const outputs = await handleSummary(script.handleSummary, summary, problems, opts.handleSummaryTimeoutMs);
  for (const [message, count] of state.errors) problems.push(`iteration error (${count}x): ${message}`);
  const runner = redactValue(runnerMetrics(state, options.thresholds ?? {}, trendStats, interrupted || state.abortReason !== null));
  // setup(), teardown() and handleSummary() failures quote the script's errors, which may quote an answer.
  return { exitCode: exitCodeOf(state, summary, interrupted, lifecycleExit), summary, outputs, problems: problems.map(redact), runner };
}

/** The load is over: its timers stopped, its last window flushed, and the caller told before the summary is built. */
function endOfLoad(state: RunState, opts: EngineOptions, timers: NodeJS.Timeout[], onExternal: () => void): void {
  for (const timer of timers) clearInterval(timer);
  state.timeline.flush(state.vusActive);
  opts.signal?.removeEventListener('abort', onExternal);
  opts.onLoadEnd?.();
}

/** setup, every scenario at once, teardown; k6's exit code when setup or teardown threw or timed out. */
async function runLifecycle(state: RunState, script: ScriptModule, scenarios: Record<string, ScenarioConfig>, options: ScriptOptions, problems: string[], segment: ExecutionTuple): Promise<number | null> {
  const setup = await lifecycle(state, script.setup, undefined, 'setup', parseDuration(options.setupTimeout ?? '60s'), problems);
  if (setup.exit !== null) return setup.exit;
  let nextVu = 0;
  await Promise.all(Object.entries(scenarios).map(([name, config]) => runScenario(name, config, { state, fn: script[config.exec ?? 'default'] as IterationFn, setupData: setup.value, nextVuId: () => ++nextVu, segment })));
  return (await lifecycle(state, script.teardown, setup.value, 'teardown', parseDuration(options.teardownTimeout ?? '60s'), problems)).exit;
}

function segmentOf(opts: EngineOptions): ExecutionTuple {
  try {
    return executionTuple(opts.executionSegment, opts.executionSegmentSequence);
  } catch (err) {
    if (err instanceof ExecutionSegmentError) throw new EngineConfigError(`execution segment ${opts.executionSegment ?? '0:1'} in sequence ${opts.executionSegmentSequence || '(none)'}: ${err.message}`);
    throw err;
  }
}

function exitCodeOf(state: RunState, summary: SummaryData, interrupted: boolean, lifecycleExit: number | null): number {
  if (interrupted) return EXIT.externalAbort;
  if (state.abortReason?.startsWith('thresholds')) return EXIT.thresholdsFailed;
  if (state.abortReason) return EXIT.scriptAborted;
  if (lifecycleExit !== null) return lifecycleExit;
  return failedThresholds(summary).length ? EXIT.thresholdsFailed : EXIT.ok;
}

function prepareThresholds(state: RunState, options: ScriptOptions): ParsedThreshold[] {
  const parsed = parseThresholds(options.thresholds ?? {}, parseDuration);
  for (const t of parsed) {
    const metric = state.registry.metrics.get(t.metric);
    if (!metric) throw new ThresholdError(`threshold on "${t.metricKey}": no metric named "${t.metric}" exists (built-in or defined by the script)`);
    checkStatFits(t, metric.type);
    if (Object.keys(t.tags).length) state.registry.select(t.metric, t.tags);
  }
  return parsed;
}

/** setup() or teardown(), bounded by setupTimeout / teardownTimeout as k6 bounds them (exit 100 / 101). */
async function lifecycle(state: RunState, fn: unknown, data: unknown, stage: 'setup' | 'teardown', timeoutMs: number, problems: string[]): Promise<{ value?: unknown; exit: number | null }> {
  if (typeof fn !== 'function') return { exit: null };
  // k6 runs setup() and teardown() in a group of their name, made in root_group before they start.
  state.checks.group([stage]);
  const ctx = { vu: { id: 0, iterations: 0, scenarioIterations: 0 }, scenario: { name: stage, executor: '', startTime: Date.now(), tags: {}, env: {}, iterations: 0 }, iterationInScenario: 0, groups: [stage], interrupted: false, lifecycle: true };
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<typeof TIMED_OUT>((resolve) => { timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs); });
  const run = iterationStorage.run(ctx, async () => (fn as (d: unknown) => unknown)(data));
  try {
    const value = await Promise.race([run, timedOut]);
    if (value === TIMED_OUT) {
      // As k6 cancels the context: requests aborted, later samples and checks dropped.
      ctx.interrupted = true;
      state.abortRequests(ctx);
      run.catch(() => undefined);
      problems.push(`${stage}() execution timed out after ${Math.round(timeoutMs / 1000)} seconds (raise the ${stage}Timeout option)`);
      return { exit: stage === 'setup' ? EXIT.setupTimeout : EXIT.teardownTimeout };
    }
    // k6 hands setup data to VUs as JSON: what does not survive that is lost there too.
    return { value: value === undefined ? undefined : JSON.parse(JSON.stringify(value)) as unknown, exit: null };
  } catch (err) {
    problems.push(`${stage}() failed: ${(err as Error).message ?? String(err)}`);
    return { exit: EXIT.scriptException };
  } finally {
    clearTimeout(timer);
  }
}

const TIMED_OUT = Symbol('timed out');

/** handleSummary(), bounded as k6 bounds it: one that never settles leaves no files, and the run ends. */
async function handleSummary(fn: unknown, data: SummaryData, problems: string[], timeoutMs = HANDLE_SUMMARY_TIMEOUT_MS): Promise<Record<string, string>> {
  if (typeof fn !== 'function') return {};
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<typeof TIMED_OUT>((resolve) => { timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs); });
  try {
    const settled = await Promise.race([Promise.resolve((fn as (d: unknown) => unknown)(data)), timedOut]);
    if (settled === TIMED_OUT) {
      problems.push(`handleSummary() execution timed out after ${Math.round(timeoutMs / 1000)} seconds (k6's limit for it): the files it returns were not written`);
      return {};
    }
    const out = settled as Record<string, string | ArrayBuffer> | undefined;
    const written: Record<string, string> = {};
    for (const [path, content] of Object.entries(out ?? {})) {
      // The script's own text (a summary it built from anything): redacted before it is written or printed.
      const text = redact(typeof content === 'string' ? content : Buffer.from(content).toString('utf8'));
      written[path] = text;
      if (path !== 'stdout' && path !== 'stderr') writeSummaryFile(path, text, problems);
    }
    return written;
  } catch (err) {
    problems.push(`handleSummary() failed: ${(err as Error).message ?? String(err)}`);
    return {};
  } finally {
    clearTimeout(timer);
  }
}

/** Whole or absent (a full disk leaves no half file to be read as the run's); a file that fails costs only itself. */
function writeSummaryFile(path: string, text: string, problems: string[]): void {
  try {
    writeFileAtomic(path, text);
  } catch (err) {
    problems.push(`handleSummary() output not written: ${(err as Error).message}`);
  }
}

function tick(state: RunState, thresholds: ParsedThreshold[], trendStats: string[], opts: EngineOptions): void {
  // As k6 during the run (metrics/engine evaluateThresholds with ignoreEmptySinks): a (sub-)metric
  // without samples yet is not judged; at the end it is.
  const abortable = thresholds.filter((t) => t.abortOnFail && state.elapsedMs() >= t.delayAbortEvalMs && (thresholdSink(state, t)?.samples ?? 0) > 0);
  if (abortable.length && !state.stop.signal.aborted) {
    const verdicts = thresholdVerdicts(state, abortable, trendStats);
    const failed = abortable.find((t) => verdicts.get(t.metricKey)?.[t.source]?.ok === false);
    if (failed) {
      state.abortReason = `thresholds: ${failed.metricKey} ${failed.source} failed (abortOnFail)`;
      state.stop.abort(new Error(state.abortReason));
    }
  }
  if (!opts.onProgress) return;
  const m = state.registry.metrics;
  const values = (name: string, stats: string[]) => m.get(name)?.sink.values(stats, state.elapsedMs() / 1000) ?? {};
  opts.onProgress({
    elapsedMs: state.elapsedMs(), iterations: state.iterationsCompleted, vus: state.vusActive,
    httpReqs: values('http_reqs', []).count ?? 0, failedRate: values('http_req_failed', []).rate ?? 0,
    p95Ms: values('http_req_duration', ['p(95)'])['p(95)'] ?? 0, dropped: values('dropped_iterations', []).count ?? 0,
  });
}

function defineGlobals(env: Record<string, string>): void {
  const g = globalThis as Record<string, unknown>;
  g.__ENV = { ...env };
  Object.defineProperty(globalThis, '__VU', { configurable: true, get: () => iterationStorage.getStore()?.vu.id ?? 0 });
  Object.defineProperty(globalThis, '__ITER', { configurable: true, get: () => iterationStorage.getStore()?.vu.iterations ?? 0 });
}
