// `calls-harness report`: compare a run with a baseline, draw the nightly dashboard, or render a
// run folder from summary data of a k6 run made by hand.
import { defaultRunFolder, INPUT_KINDS, InputFileError, jsonText, readInputFile, redact, redactValue, terminalText } from '../../core/index.ts';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { compare, CompareError, type CompareRules, DEFAULT_RULES, type HistoryEntry, HistoryError, type HistoryRead, loadSection, type LoadSection, nothingComparable, pickBaselines, type ProfileSlos, readHistory, renderComparison, renderConsole, renderDashboard, runnerBeside } from '../../reports/index.ts';
import { generatorBoundSignals, profileSlo, requireProfile, scenarioNames, type SummaryLike } from '../../load/index.ts';
import { loadSchemaRegistry } from '../../openapi/index.ts';
import { HarnessError } from '../errors.ts';
import { checkHistoryFile, DEFAULT_HISTORY, finishRun, mergeRun } from '../../pipelines/index.ts';
import { exitCodeValue, nonNegativeNumber, positiveNumber, wholeNumber } from '../parse-values.ts';
import { writeOutput } from '../write-output.ts';
import { print, printError, setExitCode, stdoutIsTTY } from '../io.ts';

export function reportCommand(): Command {
  const report = new Command('report').description('Compare runs, draw the nightly dashboard, render reports.');
  report
    .command('compare')
    .description('Flag regressions per operation (p95 or p99 up, error rate up, throughput down) against earlier runs of the same scenario, profile, target, engine and engine version (another version is shown, not judged, unless --across-versions); exit 1 on a regression, 2 when nothing is comparable.')
    .option('--baseline <run>', 'a run id from the history, "last", or "median-of-N" (of comparable runs)', 'last')
    .option('--run <id>', 'the run to judge (default: the newest in the history)')
    .option('--history <file>', 'the history file', DEFAULT_HISTORY)
    .option('--min-samples <n>', 'operations with fewer requests on either side are left out', nonNegativeNumber('--min-samples'), DEFAULT_RULES.minSamples)
    .option('--p95-ratio <x>', 'a p95 above this many times the baseline is a regression', positiveNumber('--p95-ratio'), DEFAULT_RULES.p95Ratio)
    .option('--p99-ratio <x>', 'a p99 above this many times the baseline is a regression', positiveNumber('--p99-ratio'), DEFAULT_RULES.p99Ratio)
    .option('--min-latency-delta-ms <ms>', 'latency changes of at most this many ms are noise, whatever the ratio', nonNegativeNumber('--min-latency-delta-ms'), DEFAULT_RULES.minLatencyDeltaMs)
    .option('--error-rate-delta <x>', 'an error rate more than this much above the baseline (0.01 = one point) is a regression', nonNegativeNumber('--error-rate-delta'), DEFAULT_RULES.errorRateDelta)
    .option('--throughput-ratio <x>', 'throughput below this many times the baseline is a regression', positiveNumber('--throughput-ratio'), DEFAULT_RULES.throughputRatio)
    .option('--across-versions', 'judge against a baseline of another engine version (k6 v0.48 against v1.3) when no run of this one is there; without it such figures are shown, not judged')
    .option('--json', 'print the comparison as JSON (every figure, baseline, current, ratio, verdict)')
    .action((flags: CompareFlags) => {
      const history = readChecked(flags.history);
      const current = currentRun(history, flags.history, flags.run);
      if (!current) throw new HarnessError('E_NO_RESULT', flags.run ? `The history ${flags.history} has no run "${flags.run}". Give a run id from it, or leave --run out to judge the newest.` : `The history ${flags.history} holds no run yet. Run \`calls-harness run\` (or load) first.`);
      // An interrupted run is judged only when named: its figures cover only the part that ran.
      if (current.interrupted && !flags.run) throw new HarnessError('E_NOTHING_COMPARABLE', `The newest run in ${flags.history} (${current.runId}) was interrupted: its figures cover only the part that ran, so it is not judged by default. Name it with --run ${current.runId} to compare it anyway, or compare a run that finished.`);
      // The history's text (a run id, a scenario) is a file's, which the user may not have written.
      if (current.interrupted) printError(`calls-harness: warning: ${terminalText(`run ${current.runId} was interrupted: its figures cover only the part that ran.`)}`);
      // A generator that could not keep up measured itself: judged only when named, as an interrupted run.
      const bound = current.load.filter((s) => s.generatorBound).map((s) => s.scenario);
      if (bound.length && !flags.run) throw new HarnessError('E_NOTHING_COMPARABLE', `The newest run in ${flags.history} (${current.runId}) was generator-bound (${bound.join(', ')}): its figures are the generator's, not the API's, so it is not judged by default. Name it with --run ${current.runId} to compare it anyway, or compare a run whose generator kept up.`);
      if (bound.length) printError(`calls-harness: warning: ${terminalText(`run ${current.runId} was generator-bound (${bound.join(', ')}): its figures are the generator's, not the API's.`)}`);
      const rules: CompareRules = { minSamples: flags.minSamples, p95Ratio: flags.p95Ratio, p99Ratio: flags.p99Ratio, minLatencyDeltaMs: flags.minLatencyDeltaMs, errorRateDelta: flags.errorRateDelta, throughputRatio: flags.throughputRatio };
      let baselines;
      try {
        baselines = pickBaselines(flags.baseline, history.entries, current, { acrossVersions: flags.acrossVersions === true });
      } catch (err) {
        if (err instanceof CompareError) throw new HarnessError(err.code, err.message);
        throw err;
      }
      const result = compare(current, baselines, rules);
      const nothing = nothingComparable(result, rules);
      if (flags.json) print(jsonText({ ...result, rules, nothingComparable: nothing }, 2));
      else print(`${terminalText(`Run ${current.runId} (${current.startedAt})`)}\n${renderComparison(result, rules)}`);
      if (nothing !== null) throw new HarnessError('E_NOTHING_COMPARABLE', `Nothing was compared, so no verdict: ${nothing}. Compare runs of the same scenario, profile, target, engine and engine version, name a baseline run with --baseline, or lower --min-samples.`);
      setExitCode(result.regressions.length ? 1 : 0);
    });
  report
    .command('dashboard')
    .description('Write one HTML page with every operation\'s p95, p99, error rate and throughput over the last N runs, the profile\'s SLO and regressions marked.')
    .option('--history <file>', 'the history file', DEFAULT_HISTORY)
    .option('--last <n>', 'how many runs', wholeNumber('--last'), 30)
    .option('--out <file>', 'where to write the page', 'reports/out/dashboard.html')
    .action((flags: { history: string; last: number; out: string }) => {
      const history = readChecked(flags.history);
      if (!history.entries.length) throw new HarnessError('E_NO_RESULT', `The history ${flags.history} holds no run yet. Run \`calls-harness run\` first.`);
      if (flags.last < 1) throw new HarnessError('E_USAGE', `--last takes a whole number of runs from 1 up, got ${flags.last}.`);
      const shown = history.entries.slice(-flags.last);
      writeOutput(flags.out, renderDashboard(shown, history.skipped.length, slosOf(shown)), 'dashboard');
      print(`Dashboard of ${shown.length} run(s) written to ${resolve(flags.out)}.`);
    });
  report
    .command('render')
    .description('Render a run folder (result.json, junit.xml, summary.md, report.html) from the summary data of a k6 run made by hand.')
    .requiredOption('--summary <file>', 'summary.json written by the scenario\'s handleSummary')
    .requiredOption('--scenario <name>', 'the scenario it ran')
    .option('--profile <name>', 'the profile it ran', 'smoke')
    .addOption(new Option('--engine <engine>', 'which engine ran it').choices(['k6', 'node']).default('k6'))
    .option('--engine-version <version>', 'the version of the engine that ran it, as `k6 version` prints it (e.g. v1.3.0): recorded in the reports and the history, where a baseline is a run of the same version')
    .option('--target <url>', 'the target it ran against', 'unknown')
    .option('--out <dir>', 'the run folder to write: new, or holding only the summary data (default: a new folder under reports/out/)')
    .option('--history <file>', 'also append the run to this history file')
    .option('--exit-code <code>', "k6's exit code for the run (105: stopped, so interrupted; 107: setup failed); merge.json beside the summary gives it for a run of `load`", exitCodeValue('--exit-code'))
    .action((flags: RenderFlags) => {
      const out = resolve(flags.out ?? defaultRunFolder(new Date(), 'rendered', flags.scenario));
      // Another run's reports are never overwritten: a run folder belongs to one run.
      if (existsSync(join(out, 'result.json'))) throw new HarnessError('E_REPORT_DIR_IN_USE', `The folder ${out} already holds a run's result.json: rendering into it would replace that run's reports. Give --out a new folder (or one holding only the summary data), or leave it out for a fresh folder under reports/out/.`);
      if (flags.history) checkHistoryFile(flags.history);
      const scenarios = scenarioNames();
      if (!scenarios.includes(flags.scenario)) throw new HarnessError('E_UNKNOWN_SCENARIO', `Unknown scenario "${flags.scenario}". Scenarios: ${scenarios.join(', ')} (files in scenarios/): give the one the summary data came from.`);
      requireProfile(flags.profile);
      const section = renderedSection(readSummaryData(flags.summary), flags);
      const info = { target: flags.target, embedded: false, specVersion: loadSchemaRegistry().catalog.specVersion, release: null, startedAt: new Date().toISOString(), interrupted: section.interrupted };
      const { result, files } = finishRun(out, info, null, [section], flags.history ?? null);
      print(`Rendered ${Object.values(files).join(', ')}`);
      print(result.verdict.passed ? 'PASS' : `FAIL: ${terminalText(result.verdict.reasons.join('; '))}`);
      // The exit says the verdict, as `load` would have: the run's own failed exit, else 99.
      setExitCode(result.verdict.passed ? 0 : section.exitCode || 99);
    });
  report
    .command('merge')
    .description('Merge the run folders of the runners of one segmented test (load --execution-segment) into one run folder judged on the whole test: histograms merged, thresholds judged again; exit 0, 99 or 2 as load.')
    .argument('<runner-dir...>', 'each runner\'s run folder (its --report-dir)')
    .option('--report-dir <dir>', 'the merged run folder (new or empty; default: a new folder under reports/out/)')
    .option('--history <file>', 'history file to append the merged run to', DEFAULT_HISTORY)
    .option('--quiet', 'no result table')
    .action(async (dirs: string[], flags: { reportDir?: string; history: string; quiet?: boolean }) => {
      const merged = await mergeRun(dirs, { reportDir: flags.reportDir, history: flags.history });
      for (const p of merged.problems) printError(`calls-harness: ${p}`);
      if (!flags.quiet) print(renderConsole(merged.result, stdoutIsTTY()));
      print(merged.summary);
      setExitCode(merged.exitCode);
    });
  return report;
}

interface RenderFlags { summary: string; scenario: string; profile: string; engine: 'k6' | 'node'; engineVersion?: string; target: string; out?: string; history?: string; exitCode?: number }

function readSummaryData(file: string): SummaryLike {
  let summary: unknown;
  try {
    summary = JSON.parse(readInputFile(file, INPUT_KINDS.summary));
  } catch (err) {
    if (err instanceof InputFileError) throw new HarnessError('E_NO_RESULT', err.message);
    // A parser's message may quote the file, which holds what a target sent.
    throw new HarnessError('E_NO_RESULT', `Cannot read summary data from ${file} (${(err as NodeJS.ErrnoException).code === 'EISDIR' ? 'it is a folder' : redact((err as Error).message)}). Give the summary.json a scenario's handleSummary wrote.`);
  }
  const metrics = (summary as { metrics?: unknown } | null)?.metrics;
  if (typeof summary !== 'object' || Array.isArray(summary) || typeof metrics !== 'object' || metrics === null || Array.isArray(metrics)) {
    throw new HarnessError('E_NO_RESULT', `${file} is JSON but not end-of-test summary data: it has no "metrics" object. Give the summary.json a scenario's handleSummary wrote (CALLS_SUMMARY_FILE).`);
  }
  // Redacted as it is read: summary data holds what the target sent (a violation sample's body).
  return redactValue(summary) as SummaryLike;
}

/** --engine-version, when given (a run made by hand: the harness did not ask k6). */
function engineVersionOf(flags: RenderFlags): { engineVersion?: string } {
  const v = flags.engineVersion?.trim();
  return v ? { engineVersion: v } : {};
}

/** The run as `load` judged it: its exit (105: stopped), problems and generator's health, when its folder kept them. */
function renderedSection(summary: SummaryLike, flags: RenderFlags): LoadSection {
  const { recorded: run, unread } = runnerBeside(flags.summary);
  // Damaged, it may have held a stop (105) or a generator that could not keep up: no verdict from
  // the summary alone unless the user gives the exit.
  if (unread && flags.exitCode === undefined) throw new HarnessError('E_NO_RESULT', `${unread}, so whether the run was stopped or its generator kept up cannot be told. Give the run's exit code with --exit-code (0 if it ended normally) to render from the summary data alone, or render a folder whose merge.json is whole.`);
  if (unread) printError(`calls-harness: warning: ${unread}: rendered from the summary data and --exit-code alone, which cannot say whether its generator kept up.`);
  const generatorBound = [...new Set([...generatorBoundSignals(summary, run?.generator), ...(run?.generatorBound ?? [])])];
  // The exit that says most: a run's own failed exit is never turned into a pass by the flag.
  const recorded = run?.exitCode || flags.exitCode || 0;
  const section = loadSection(summary, { scenario: flags.scenario, profile: flags.profile, engine: flags.engine, ...engineVersionOf(flags), exitCode: recorded, problems: run?.problems ?? [], slo: profileSlo(flags.profile), generatorBound });
  const failed = section.thresholds.some((t) => !t.ok);
  section.exitCode = recorded || (failed ? 99 : 0);
  return section;
}

/** The SLO of every profile the runs used that is still on disk (a removed profile draws no line). */
function slosOf(entries: HistoryEntry[]): ProfileSlos {
  const out: ProfileSlos = {};
  for (const profile of new Set(entries.flatMap((e) => e.load.map((l) => l.profile)))) {
    try {
      requireProfile(profile);
      out[profile] = profileSlo(profile);
    } catch {
      // Drawn without its SLO line.
    }
  }
  return out;
}

interface CompareFlags extends CompareRules {
  baseline: string;
  run?: string;
  history: string;
  json?: boolean;
  acrossVersions?: boolean;
}

const SKIPPED_SHOWN = 3;

/** The run `report compare` judges: the one named, else the newest, never an older one in its place. */
function currentRun(history: HistoryRead, file: string, run: string | undefined): HistoryEntry | undefined {
  if (run) return history.entries.find((e) => e.runId === run);
  // The newest line is a newer calls-harness's: the last entry this one reads is not the newest
  // run, and judging it would pass a regression of the newest as the older run's verdict.
  const newer = history.newerAfterLast;
  if (newer) throw new HarnessError('E_NOTHING_COMPARABLE', `The newest run in ${file} (line ${newer.line}) was written by a newer calls-harness (history version ${newer.version}), which this one cannot read, so it is not judged, and the run before it is not judged in its place. Compare with the calls-harness that wrote it, or name a run with --run.`);
  return history.entries[history.entries.length - 1];
}

function readChecked(file: string): HistoryRead {
  let history: HistoryRead;
  try {
    history = readHistory(file);
  } catch (err) {
    if (err instanceof HistoryError) throw new HarnessError(err.code, err.message);
    throw err;
  }
  // A few by line, then a count: a binary file given as history must not flood the terminal.
  for (const s of history.skipped.slice(0, SKIPPED_SHOWN)) printError(`calls-harness: warning: ${file} line ${s.line} ${s.newer ? 'was skipped' : 'is damaged and was skipped'} (${terminalText(s.reason)})`);
  const more = history.skipped.slice(SKIPPED_SHOWN);
  if (more.length) printError(`calls-harness: warning: ${file}: ${more.length} more damaged line(s) skipped (lines ${more[0]?.line} to ${more[more.length - 1]?.line})`);
  return history;
}
