// `calls-harness report`: compare a run with a baseline, draw the nightly dashboard, or render a
// run folder from summary data of a k6 run made by hand.
import { jsonText, terminalText } from '../../core/index.ts';
import { Command, Option } from 'commander';
import { type CompareRules, DEFAULT_RULES, renderComparison, renderConsole } from '../../reports/index.ts';
import { HarnessError } from '../errors.ts';
import { compareRun, DEFAULT_HISTORY, drawDashboard, mergePrometheusRun, mergeRun, type RenderInput, renderRunFolder } from '../../pipelines/index.ts';
import { collect, exitCodeValue, nonNegativeNumber, positiveNumber, wholeNumber } from '../parse-values.ts';
import { parseThresholdFlags } from './load.ts';
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
      const rules: CompareRules = { minSamples: flags.minSamples, p95Ratio: flags.p95Ratio, p99Ratio: flags.p99Ratio, minLatencyDeltaMs: flags.minLatencyDeltaMs, errorRateDelta: flags.errorRateDelta, throughputRatio: flags.throughputRatio };
      const { current, result, nothing } = compareRun({ history: flags.history, run: flags.run, baseline: flags.baseline, rules, acrossVersions: flags.acrossVersions === true }, warn);
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
      const { shown, out } = drawDashboard({ history: flags.history, last: flags.last, out: flags.out }, warn);
      print(`Dashboard of ${shown} run(s) written to ${out}.`);
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
    .action((flags: RenderInput) => {
      const { result, files, exitCode } = renderRunFolder(flags, warn);
      print(`Rendered ${Object.values(files).join(', ')}`);
      print(result.verdict.passed ? 'PASS' : `FAIL: ${terminalText(result.verdict.reasons.join('; '))}`);
      // The exit says the verdict, as `load` would have: the run's own failed exit, else 99.
      setExitCode(exitCode);
    });
  report
    .command('merge')
    .description('Merge the run folders of the runners of one segmented test (load --execution-segment, or the pods of a bundle --k8s TestRun) into one run folder judged on the whole test: histograms merged, thresholds judged again; or read the test from Prometheus (--prometheus, --testid). Exit 0, 99 or 2 as load.')
    .argument('[runner-dir...]', 'each runner\'s run folder (its --report-dir, or a TestRun pod\'s results folder)')
    .option('--report-dir <dir>', 'the merged run folder (new or empty; default: a new folder under reports/out/)')
    .option('--history <file>', 'history file to append the merged run to', DEFAULT_HISTORY)
    .option('--prometheus <url>', 'instead of folders: the Prometheus the TestRun\'s runners wrote to (bundle --k8s --remote-write), its base URL')
    .option('--testid <id>', 'with --prometheus: the testid the TestRun tagged its samples with')
    .option('--scenario <name>', 'with --prometheus: the scenario it ran (default: from a testid bundle --k8s made)')
    .option('--profile <name|file>', 'with --prometheus: the profile it ran (bundle --k8s --profile), whose thresholds are judged')
    .option('--threshold <metric=expression>', 'with --prometheus: a threshold the runners had on top (CALLS_THRESHOLDS), e.g. "iterations=count<100" (repeatable)', collect)
    .option('--quiet', 'no result table')
    .action(async (dirs: string[], flags: MergeFlags) => {
      const merged = await mergedOf(dirs, flags);
      for (const p of merged.problems) printError(`calls-harness: ${p}`);
      if (!flags.quiet) print(renderConsole(merged.result, stdoutIsTTY()));
      print(merged.summary);
      setExitCode(merged.exitCode);
    });
  return report;
}

interface MergeFlags {
  reportDir?: string;
  history: string;
  quiet?: boolean;
  prometheus?: string;
  testid?: string;
  scenario?: string;
  profile?: string;
  threshold?: string[];
}

/** Runner folders, or one test read from Prometheus: one of the two, each with what it needs. */
function mergedOf(dirs: string[], f: MergeFlags): ReturnType<typeof mergeRun> {
  const given = { '--testid': f.testid, '--scenario': f.scenario, '--profile': f.profile, '--threshold': f.threshold };
  const withPrometheus = Object.entries(given).filter(([, v]) => v !== undefined).map(([flag]) => flag);
  if (f.prometheus === undefined) {
    if (withPrometheus.length) throw new HarnessError('E_USAGE', `${withPrometheus.join(', ')} go with --prometheus: runner folders say their own test.`);
    if (!dirs.length) throw new HarnessError('E_USAGE', 'Give every runner\'s folder (report merge DIR1 DIR2 ... --report-dir OUT), or --prometheus URL --testid ID --profile NAME.');
    return mergeRun(dirs, { reportDir: f.reportDir, history: f.history });
  }
  if (dirs.length) throw new HarnessError('E_USAGE', 'Give runner folders or --prometheus, not both: each is the whole test.');
  if (!f.testid || !f.profile) throw new HarnessError('E_USAGE', '--prometheus needs --testid (the TestRun\'s testid tag) and --profile (the profile it ran, as given to bundle --k8s).');
  return mergePrometheusRun({ url: f.prometheus, testid: f.testid, profile: f.profile, ...(f.scenario ? { scenario: f.scenario } : {}), ...(f.threshold ? { thresholds: parseThresholdFlags(f.threshold) } : {}), reportDir: f.reportDir, history: f.history });
}

/** A warning of the pipeline's (a damaged history line, an interrupted run judged), on stderr. */
const warn = (text: string): void => printError(`calls-harness: warning: ${text}`);

interface CompareFlags extends CompareRules {
  baseline: string;
  run?: string;
  history: string;
  json?: boolean;
  acrossVersions?: boolean;
}
