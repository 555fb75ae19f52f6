// `calls-harness report merge`: N runner folders of one segmented test -> one run folder judged
// on the whole test (summary.json as handleSummary gets it, result.json, junit.xml, summary.md,
// report.html, a history line), with load's exit codes.
import { claimRunFolder, CodedError, defaultRunFolder, jsonText, terminalText, writeFileAtomic } from '../core/index.ts';
import { join, resolve } from 'node:path';
import { type LoadResult, type MergedRun, MergeError, mergePrometheus, mergeRunnerFolders, parseDuration, parseThresholds, resolveRunShape, RUN_SHAPE_FILE, scenarioNames, scenarioOptions, shapedProfileName, sloOfProfile, ThresholdError } from '../load/index.ts';
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
  const merged = await merge(dirs);
  const { out, exitCode, result } = await writeMerged(merged, startedAt, o);
  const summary = `merged ${dirs.length} runner(s) of ${terminalText(merged.scenario)} (segments ${merged.summary.harness.runners.map((r) => r.segment).join(', ')}): exit ${exitCode}; reports in ${out}`;
  return { exitCode, result, problems: merged.problems.map(terminalText), summary };
}

export interface PrometheusMergeOptions extends MergeRunOptions {
  /** Prometheus' base URL, and the testid the TestRun tagged every sample with. */
  url: string;
  testid: string;
  /** The scenario the TestRun ran (default: read from a testid bundle --k8s made, calls-harness-<scenario>-<run id>). */
  scenario?: string;
  /** The profile the TestRun ran (bundle --k8s --profile), and thresholds given on top (CALLS_THRESHOLDS). */
  profile: string;
  thresholds?: Record<string, string[]>;
}

/** One test's runners as Prometheus holds them (remote write, native histograms) -> one run folder judged on the whole test. */
export async function mergePrometheusRun(o: PrometheusMergeOptions): Promise<MergedRunOutcome> {
  const startedAt = new Date().toISOString();
  const scenario = o.scenario ?? scenarioOfTestId(o.testid);
  if (!scenarioNames().includes(scenario)) throw new CodedError('E_UNKNOWN_SCENARIO', `Unknown scenario "${terminalText(scenario)}". Scenarios: ${scenarioNames().join(', ')}.`);
  checkThresholds(o.thresholds ?? {});
  const shape = resolveRunShape(o.profile);
  const options = await scenarioOptions(scenario, shape, o.thresholds);
  const merged = await mergePrometheus({ url: o.url, testid: o.testid, scenario, shape, options });
  const { out, exitCode, result } = await writeMerged(merged, startedAt, o);
  const error = `${(merged.prometheus.relativeError * 100).toFixed(2)}%`;
  const summary = `merged ${merged.prometheus.instances.length} runner(s) of ${terminalText(scenario)} from Prometheus (testid ${terminalText(o.testid)}; percentiles within ${error}, counts exact): exit ${exitCode}; reports in ${out}`;
  return { exitCode, result, problems: merged.problems.map(terminalText), summary };
}

/** The scenario of a testid `bundle --k8s` made: calls-harness-<scenario>-<run id>, the longest scenario name that fits. */
function scenarioOfTestId(testid: string): string {
  const found = scenarioNames().filter((s) => testid.startsWith(`calls-harness-${s}-`)).sort((a, b) => b.length - a.length)[0];
  if (!found) throw new CodedError('E_USAGE', `The testid ${JSON.stringify(terminalText(testid))} names no scenario (bundle --k8s makes calls-harness-<scenario>-<run id>): give --scenario.`);
  return found;
}

function checkThresholds(thresholds: Record<string, string[]>): void {
  try {
    parseThresholds(thresholds, parseDuration);
  } catch (err) {
    if (err instanceof ThresholdError) throw new CodedError('E_BAD_THRESHOLD', `${err.message}. Write thresholds as METRIC=EXPRESSION, e.g. --threshold "http_req_duration{name:getCall}=p(95)<300".`);
    throw err;
  }
}

async function writeMerged(merged: MergedRun, startedAt: string, o: MergeRunOptions): Promise<{ out: string; exitCode: number; result: RunResult }> {
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
  return { out, exitCode, result };
}

async function merge(dirs: string[]): Promise<MergedRun> {
  try {
    return await mergeRunnerFolders(dirs);
  } catch (err) {
    if (err instanceof MergeError) throw new CodedError(err.code, err.message);
    throw err;
  }
}
