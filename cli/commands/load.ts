// `calls-harness load`: a scenario with a profile, on real k6 when installed, else the built-in
// engine. Exit 0 when thresholds hold, 99 when one fails (as k6 does), 2 on a usage error, 105
// when stopped by a signal, 107 when setup() failed.
import { terminalText } from '../../core/index.ts';
import { k6OutputFor } from '../../load/index.ts';
import { Command, Option } from 'commander';
import { renderConsole } from '../../reports/index.ts';
import { loadConfig, loadExitCode, publishResult, ReportsNotWrittenError, resultReceiver, runLoadJob } from '../../pipelines/index.ts';
import { EXIT_INTERRUPTED, handleStopSignals } from '../stop-signals.ts';
import { addRunShapeOptions, shapeFlagsOf, type RunShapeFlags } from '../run-shape-options.ts';
import { HarnessError } from '../errors.ts';
import { collect, e164, positiveWhole, MAX_RUNNERS, RUNNERS_WHY } from '../parse-values.ts';
import { progressPrinter } from '../progress.ts';
import { unkeptVerdictLine, verdictLine } from '../verdict-line.ts';
import { print, printError, stdoutIsTTY, write } from '../io.ts';

interface LoadFlags extends RunShapeFlags {
  scenario: string; profile: string; target?: string; agent?: string; callId?: string[]; transferTo?: string[]; engine?: 'k6' | 'node';
  k6Out?: string[]; reportDir?: string; threshold?: string[]; allowRemote?: boolean; quiet?: boolean; history?: string;
  config?: string; release?: string; keepSamples?: boolean; executionSegment?: string; executionSegmentSequence?: string; runners?: number; runId?: string;
}

export function loadCommand(): Command {
  const cmd = new Command('load')
    .description('Run a k6 scenario against the target (the embedded reference server when none is given).')
    .requiredOption('--scenario <name>', 'scenario: a file in scenarios/ (transfer-flows, transfer-races, read-mix, blind-transfer)')
    .option('--profile <name|file>', 'profile: a name in load/profiles/ (smoke, nightly, capacity, soak; default: smoke), or the path of a profile JSON file of your own')
    .option('--config <file>', 'JSON config (schemas/harness/config.schema.json); default ./calls-harness.config.json when present')
    .option('--target <url>', 'base URL of the Calls API (env CALLS_API_BASE_URL); token from CALLS_API_TOKEN')
    .option('--agent <id>', 'agent whose live calls to use (env CALLS_API_AGENT_ID)')
    .option('--call-id <id>', 'a call id to use instead of the agent call list (repeatable)', collect)
    .option('--transfer-to <e164>', 'a number transfers may dial (repeatable; default: fictional 555 numbers)', (v: string, prev: string[] = []) => [...prev, e164('--transfer-to')(v)])
    .addOption(new Option('--engine <engine>', 'k6 (real k6 on PATH) or node (the built-in engine); default: k6 when installed').choices(['k6', 'node']))
    .option('--k6-out <output>', "passed to k6's --out, e.g. json=run.json or experimental-prometheus-rw (repeatable)", collect)
    .option('--report-dir <dir>', 'run folder for summary.json (default: a new folder under reports/out/)')
    .option('--keep-samples', "k6: keep k6's raw sample output (k6-samples.json.gz) in the run folder once the reports are made")
    .option('--threshold <metric=expression>', 'override a threshold, e.g. "http_req_duration{name:getCall}=p(95)<300" (repeatable)', collect)
    .option('--allow-remote', 'allow a target that is not loopback')
    .option('--history <file>', 'history file to append to (default: reports/out/history.ndjson)')
    .option('--release <label>', 'release or build label for the history and dashboard (env CALLS_HARNESS_RELEASE)')
    .option('--quiet', "print only the verdict, its reasons and where the reports are (no progress, no engine or k6 output)")
    .option('--execution-segment <from:to>', "k6's: run only this share of the test, e.g. 1/2:1 (both engines split VUs, iterations and arrivals as k6 does)")
    .option('--execution-segment-sequence <points>', "k6's: every runner's segment, e.g. 0,1/3,2/3,1, so that shares are striped across them")
    .option('--run-id <id>', 'the id every runner of one test shares, recorded in its merge.json: report merge refuses runners of different ids (default: a new one per run)')
    .option('--runners <n>', 'run the test as N runner processes on this machine, each its 1/N segment, against one target, then merge them into one verdict', positiveWhole('--runners', MAX_RUNNERS, RUNNERS_WHY));
  return addRunShapeOptions(cmd)
    .action(async (flags: LoadFlags) => {
      const config = configOf(flags);
      const receiver = resultReceiver(flags.k6Out);
      const stop = handleStopSignals(EXIT_INTERRUPTED);
      const progress = flags.quiet ? undefined : progressPrinter();
      const { load, run } = await quietIfUnkept(() => runLoadJob({
        config, token: process.env.CALLS_API_TOKEN, scenario: flags.scenario, shape: shapeFlagsOf(flags), k6Outputs: flags.k6Out,
        keepSamples: flags.keepSamples === true, quiet: flags.quiet, k6Output: k6OutputFor(flags),
        executionSegment: flags.executionSegment, executionSegmentSequence: flags.executionSegmentSequence, runId: flags.runId, runners: flags.runners,
      }, {
        signal: stop.signal,
        onProgress: progress?.update,
        onLoaded: (result) => {
          progress?.done();
          // Quiet is the verdict, its reasons and where the reports are: no engine summary.
          if (result.summaryText && !flags.quiet) write(result.summaryText);
          for (const p of result.problems) printError(`calls-harness: ${terminalText(p)}`);
        },
      }), flags.quiet === true);
      const warning = await publishResult(run, receiver);
      if (warning) printError(`calls-harness: ${warning}`);
      print(flags.quiet ? verdictLine(run) : renderConsole(run, stdoutIsTTY()));
      const code = stop.settle(loadExitCode(load.exitCode, run.verdict.passed));
      const engine = load.engine === 'k6' ? 'k6' : 'built-in engine';
      // An interrupted run is no verdict, whatever its thresholds said about the part that ran.
      if (stop.received) print(`${engine}: stopped by ${stop.received}, interrupted, no verdict: exit ${code}; reports in ${load.reportDir}`);
      else print(`${engine}: exit ${code}; reports in ${load.reportDir}`);
    });
}

function configOf(flags: LoadFlags): ReturnType<typeof loadConfig> {
  return loadConfig(flags.config, {
    target: flags.target, agentId: flags.agent, callIds: flags.callId, transferTo: flags.transferTo, engine: flags.engine, reportDir: flags.reportDir,
    thresholds: flags.threshold ? parseThresholdFlags(flags.threshold) : undefined, allowRemote: flags.allowRemote,
    history: flags.history, profile: flags.profile, release: flags.release,
  });
}

/** Reports that could not be written: with --quiet, the verdict line (not cli/main.ts's whole report), the error on stderr. */
async function quietIfUnkept<T>(finish: () => Promise<T>, quiet: boolean): Promise<T> {
  try {
    return await finish();
  } catch (err) {
    if (!(err instanceof ReportsNotWrittenError) || !quiet) throw err;
    print(unkeptVerdictLine(err.result, err.exitCode));
    throw new HarnessError(err.code, err.message, err.exitCode);
  }
}

/** "metric=expression" pairs, grouped by metric. */
export function parseThresholdFlags(pairs: string[], flag = '--threshold'): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const pair of pairs) {
    // Metric names and tags hold no "=", so the first one ends the metric ("rate==0" keeps its own).
    const i = pair.indexOf('=');
    if (i < 1) throw new HarnessError('E_BAD_THRESHOLD', `${flag} "${pair}" is not METRIC=EXPRESSION, e.g. "http_req_duration{name:getCall}=p(95)<300".`);
    (out[pair.slice(0, i)] ??= []).push(pair.slice(i + 1));
  }
  return out;
}
