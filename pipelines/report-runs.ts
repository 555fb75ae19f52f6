// The report commands' work: judge a run against a baseline from the history, draw the dashboard
// of the last runs, and render a run folder from the summary data of a k6 run made by hand. Each
// returns what the command prints; warnings (a damaged history line, a run judged though it was
// interrupted) go to the `warn` the command gives, as they arise.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CodedError, defaultRunFolder, INPUT_KINDS, InputFileError, readInputFile, redact, redactValue, terminalText, writeOutput } from '../core/index.ts';
import { generatorBoundSignals, profileSlo, requireProfile, scenarioNames, type SummaryLike } from '../load/index.ts';
import { loadSchemaRegistry } from '../openapi/index.ts';
import { compare, CompareError, type CompareRules, type Comparison, type HistoryEntry, HistoryError, type HistoryRead, loadSection, type LoadSection, nothingComparable, pickBaselines, type ProfileSlos, readHistory, renderDashboard, type RunResult, runnerBeside } from '../reports/index.ts';
import { checkHistoryFile, finishRun } from './finish-run.ts';

/** Said to the user as it arises, on stderr: terminal-safe text. */
export type Warn = (text: string) => void;

export interface CompareInput {
  history: string;
  /** The run to judge (default: the newest). */
  run?: string | undefined;
  baseline: string;
  rules: CompareRules;
  acrossVersions: boolean;
}

/** `report compare`: the run, its comparison, and why nothing was comparable (null when something was). */
export function compareRun(input: CompareInput, warn: Warn): { current: HistoryEntry; result: Comparison; nothing: string | null } {
  const history = readChecked(input.history, warn);
  const current = currentRun(history, input.history, input.run);
  if (!current) throw new CodedError('E_NO_RESULT', input.run ? `The history ${input.history} has no run "${input.run}". Give a run id from it, or leave --run out to judge the newest.` : `The history ${input.history} holds no run yet. Run \`calls-harness run\` (or load) first.`);
  // An interrupted run is judged only when named: its figures cover only the part that ran.
  if (current.interrupted && !input.run) throw new CodedError('E_NOTHING_COMPARABLE', `The newest run in ${input.history} (${current.runId}) was interrupted: its figures cover only the part that ran, so it is not judged by default. Name it with --run ${current.runId} to compare it anyway, or compare a run that finished.`);
  // The history's text (a run id, a scenario) is a file's, which the user may not have written.
  if (current.interrupted) warn(terminalText(`run ${current.runId} was interrupted: its figures cover only the part that ran.`));
  // A generator that could not keep up measured itself: judged only when named, as an interrupted run.
  const bound = current.load.filter((s) => s.generatorBound).map((s) => s.scenario);
  if (bound.length && !input.run) throw new CodedError('E_NOTHING_COMPARABLE', `The newest run in ${input.history} (${current.runId}) was generator-bound (${bound.join(', ')}): its figures are the generator's, not the API's, so it is not judged by default. Name it with --run ${current.runId} to compare it anyway, or compare a run whose generator kept up.`);
  if (bound.length) warn(terminalText(`run ${current.runId} was generator-bound (${bound.join(', ')}): its figures are the generator's, not the API's.`));
  let baselines;
  try {
    baselines = pickBaselines(input.baseline, history.entries, current, { acrossVersions: input.acrossVersions });
  } catch (err) {
    if (err instanceof CompareError) throw new CodedError(err.code, err.message);
    throw err;
  }
  const result = compare(current, baselines, input.rules);
  return { current, result, nothing: nothingComparable(result, input.rules) };
}

/** `report dashboard`: the page of the last runs, written; how many runs it shows and where it is. */
export function drawDashboard(input: { history: string; last: number; out: string }, warn: Warn): { shown: number; out: string } {
  const history = readChecked(input.history, warn);
  if (!history.entries.length) throw new CodedError('E_NO_RESULT', `The history ${input.history} holds no run yet. Run \`calls-harness run\` first.`);
  if (input.last < 1) throw new CodedError('E_USAGE', `--last takes a whole number of runs from 1 up, got ${input.last}.`);
  const shown = history.entries.slice(-input.last);
  writeOutput(input.out, renderDashboard(shown, history.skipped.length, slosOf(shown)), 'dashboard');
  return { shown: shown.length, out: resolve(input.out) };
}

/** `report render`: the run folder of a k6 run made by hand, judged as `load` would have judged it. */
export function renderRunFolder(input: RenderInput, warn: Warn): { result: RunResult; files: Record<string, string>; exitCode: number } {
  const out = resolve(input.out ?? defaultRunFolder(new Date(), 'rendered', input.scenario));
  // Another run's reports are never overwritten: a run folder belongs to one run.
  if (existsSync(join(out, 'result.json'))) throw new CodedError('E_REPORT_DIR_IN_USE', `The folder ${out} already holds a run's result.json: rendering into it would replace that run's reports. Give --out a new folder (or one holding only the summary data), or leave it out for a fresh folder under reports/out/.`);
  if (input.history) checkHistoryFile(input.history);
  const scenarios = scenarioNames();
  if (!scenarios.includes(input.scenario)) throw new CodedError('E_UNKNOWN_SCENARIO', `Unknown scenario "${input.scenario}". Scenarios: ${scenarios.join(', ')} (files in scenarios/): give the one the summary data came from.`);
  requireProfile(input.profile);
  const section = renderedSection(readSummaryData(input.summary), input, warn);
  const info = { target: input.target, embedded: false, specVersion: loadSchemaRegistry().catalog.specVersion, release: null, startedAt: new Date().toISOString(), interrupted: section.interrupted };
  const { result, files } = finishRun(out, info, null, [section], input.history ?? null);
  return { result, files, exitCode: result.verdict.passed ? 0 : section.exitCode || 99 };
}

export interface RenderInput { summary: string; scenario: string; profile: string; engine: 'k6' | 'node'; engineVersion?: string | undefined; target: string; out?: string | undefined; history?: string | undefined; exitCode?: number | undefined }

function readSummaryData(file: string): SummaryLike {
  let summary: unknown;
  try {
    summary = JSON.parse(readInputFile(file, INPUT_KINDS.summary));
  } catch (err) {
    if (err instanceof InputFileError) throw new CodedError('E_NO_RESULT', err.message);
    // A parser's message may quote the file, which holds what a target sent.
    throw new CodedError('E_NO_RESULT', `Cannot read summary data from ${file} (${(err as NodeJS.ErrnoException).code === 'EISDIR' ? 'it is a folder' : redact((err as Error).message)}). Give the summary.json a scenario's handleSummary wrote.`);
  }
  const metrics = (summary as { metrics?: unknown } | null)?.metrics;
  if (typeof summary !== 'object' || Array.isArray(summary) || typeof metrics !== 'object' || metrics === null || Array.isArray(metrics)) {
    throw new CodedError('E_NO_RESULT', `${file} is JSON but not end-of-test summary data: it has no "metrics" object. Give the summary.json a scenario's handleSummary wrote (CALLS_SUMMARY_FILE).`);
  }
  // Redacted as it is read: summary data holds what the target sent (a violation sample's body).
  return redactValue(summary) as SummaryLike;
}

/** --engine-version, when given (a run made by hand: the harness did not ask k6). */
function engineVersionOf(flags: RenderInput): { engineVersion?: string } {
  const v = flags.engineVersion?.trim();
  return v ? { engineVersion: v } : {};
}

/** The run as `load` judged it: its exit (105: stopped), problems and generator's health, when its folder kept them. */
function renderedSection(summary: SummaryLike, flags: RenderInput, warn: Warn): LoadSection {
  const { recorded: run, unread } = runnerBeside(flags.summary);
  // Damaged, it may have held a stop (105) or a generator that could not keep up: no verdict from
  // the summary alone unless the user gives the exit.
  if (unread && flags.exitCode === undefined) throw new CodedError('E_NO_RESULT', `${unread}, so whether the run was stopped or its generator kept up cannot be told. Give the run's exit code with --exit-code (0 if it ended normally) to render from the summary data alone, or render a folder whose merge.json is whole.`);
  if (unread) warn(`${unread}: rendered from the summary data and --exit-code alone, which cannot say whether its generator kept up.`);
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

const SKIPPED_SHOWN = 3;

/** The run `report compare` judges: the one named, else the newest, never an older one in its place. */
function currentRun(history: HistoryRead, file: string, run: string | undefined): HistoryEntry | undefined {
  if (run) return history.entries.find((e) => e.runId === run);
  // The newest line is a newer calls-harness's: the last entry this one reads is not the newest
  // run, and judging it would pass a regression of the newest as the older run's verdict.
  const newer = history.newerAfterLast;
  if (newer) throw new CodedError('E_NOTHING_COMPARABLE', `The newest run in ${file} (line ${newer.line}) was written by a newer calls-harness (history version ${newer.version}), which this one cannot read, so it is not judged, and the run before it is not judged in its place. Compare with the calls-harness that wrote it, or name a run with --run.`);
  return history.entries[history.entries.length - 1];
}

function readChecked(file: string, warn: Warn): HistoryRead {
  let history: HistoryRead;
  try {
    history = readHistory(file);
  } catch (err) {
    if (err instanceof HistoryError) throw new CodedError(err.code, err.message);
    throw err;
  }
  // A few by line, then a count: a binary file given as history must not flood the terminal.
  for (const s of history.skipped.slice(0, SKIPPED_SHOWN)) warn(`${file} line ${s.line} ${s.newer ? 'was skipped' : 'is damaged and was skipped'} (${terminalText(s.reason)})`);
  const more = history.skipped.slice(SKIPPED_SHOWN);
  if (more.length) warn(`${file}: ${more.length} more damaged line(s) skipped (lines ${more[0]?.line} to ${more[more.length - 1]?.line})`);
  return history;
}
