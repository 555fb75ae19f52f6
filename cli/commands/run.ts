// `calls-harness run` (and `npm start`): the main job, with the gate's verdict as exit code.
import { DEFAULT_OPENAPI, jsonText, terminalText } from '../../core/index.ts';
import { k6OutputFor } from '../../load/index.ts';
import { Command, Option } from 'commander';
import { renderConsole, renderGithubAnnotations } from '../../reports/index.ts';
import { formatOption, type Format } from '../format-option.ts';
import { type HarnessConfig, loadConfig, publishResult, ReportsNotWrittenError, resultReceiver, runExitCode, runMainJob } from '../../pipelines/index.ts';
import { collect, e164, positiveWhole, wholeNumber, MAX_RUNNERS, RUNNERS_WHY } from '../parse-values.ts';
import { progressPrinter } from '../progress.ts';
import { EXIT_INTERRUPTED, handleStopSignals } from '../stop-signals.ts';
import { addRunShapeOptions, shapeFlagsOf, type RunShapeFlags } from '../run-shape-options.ts';
import { HarnessError } from '../errors.ts';
import { addSpecGateOptions, judgedSpecDiff, type SpecGateFlags } from '../spec-gate-options.ts';
import type { SpecDiff } from '../../openapi/index.ts';
import { unkeptVerdictLine, verdictLine } from '../verdict-line.ts';
import { parseThresholdFlags } from './load.ts';
import { print, printError, stdoutIsTTY, write, writeError } from '../io.ts';

interface RunFlags extends RunShapeFlags, SpecGateFlags {
  config?: string; target?: string; agent?: string; callId?: string[]; transferTo?: string[]; allowRemote?: boolean;
  reportDir?: string; history?: string; profile?: string; scenario?: string[]; engine?: 'k6' | 'node'; release?: string;
  timeoutMs?: number; quiet?: boolean; json?: boolean; specFrom?: string; specTo?: string; k6Out?: string[]; runners?: number;
  seed?: number; threshold?: string[]; keepSamples?: boolean; format?: Format;
}

export function runCommand(): Command {
  const cmd = new Command('run')
    .description('The main job: contract suite, then transfer flows and read mix on the smoke profile; every report in one run folder; exit with the gate\'s verdict (0 pass, 1 fail, 2 cannot run).')
    .option('--config <file>', 'JSON config (schemas/harness/config.schema.json); default ./calls-harness.config.json when present')
    .option('--target <url>', 'base URL of the Calls API (env CALLS_API_BASE_URL); the embedded reference server when absent')
    .option('--agent <id>', 'agent whose calls to test with (env CALLS_API_AGENT_ID)')
    .option('--call-id <id>', 'a call id to test with (repeatable)', collect)
    .option('--transfer-to <e164>', 'a number transfers may dial (repeatable)', (v: string, prev: string[] = []) => [...prev, e164('--transfer-to')(v)])
    .option('--allow-remote', 'allow a target that is not loopback (load and state-changing checks)')
    .option('--report-dir <dir>', 'run folder (default: a new folder under reports/out/)')
    .option('--history <file>', 'history file to append to (default: reports/out/history.ndjson)')
    .option('--profile <name|file>', 'load profile: a name in load/profiles/ (default: smoke) or the path of a profile JSON file of your own')
    .option('--scenario <name>', 'load scenario to run (repeatable; default: transfer-flows and read-mix)', collect)
    .addOption(new Option('--engine <engine>', 'k6 or node (default: k6 when installed)').choices(['k6', 'node']))
    .option('--release <label>', 'release or build label for the history and dashboard (env CALLS_HARNESS_RELEASE)')
    .option('--timeout-ms <n>', 'time allowed for each contract request', wholeNumber('--timeout-ms'))
    .option('--seed <n>', 'seed of the contract\'s generated request bodies (default: 1), as contract --seed', wholeNumber('--seed'))
    .option('--threshold <metric=expression>', 'override a threshold of every load stage, e.g. "http_req_duration{name:getCall}=p(95)<300" (repeatable), as load --threshold', collect)
    .option('--keep-samples', "k6: keep k6's raw sample output (k6-samples.json.gz) in each load stage's folder, as load --keep-samples")
    .option('--k6-out <output>', "k6's --out for every load stage, e.g. experimental-prometheus-rw (both engines; the run's results are written there too)", collect)
    .option('--runners <n>', 'run each load stage as N runner processes on this machine (each its 1/N execution segment), merged into one verdict', positiveWhole('--runners', MAX_RUNNERS, RUNNERS_WHY))
    .option('--quiet', "print only the verdict, its reasons and where the reports are (no progress, no engine or k6 output)")
    .option('--json', "print only result.json, for scripts: stdout holds that one JSON document (k6's own output goes to stderr)")
    .addOption(formatOption('finding, failed threshold and breaking change').conflicts('json'))
    .option('--spec-from <file>', 'the API document clients were built against (JSON or YAML): a change that breaks them fails the gate (--fail-on and --severity-levels as schemas diff takes them)')
    .option('--spec-to <file>', 'the API document to release, compared with --spec-from (default: schemas/source/openapi.calls.json, the one the schemas come from)');
  return addRunShapeOptions(addSpecGateOptions(cmd, 'with --spec-from, fail the gate'))
    .action(async (flags: RunFlags, command: Command) => {
      const config = loadConfig(flags.config, {
        target: flags.target, agentId: flags.agent, callIds: flags.callId, transferTo: flags.transferTo, allowRemote: flags.allowRemote,
        reportDir: flags.reportDir, history: flags.history, profile: flags.profile, scenarios: flags.scenario, engine: flags.engine,
        release: flags.release, timeoutMs: flags.timeoutMs, thresholds: thresholdsOf(flags),
      } as HarnessConfig);
      // Compared first: an unreadable document stops the run before minutes of load, with exit 2.
      const diff = await specDiffOf(flags, command);
      const receiver = resultReceiver(flags.k6Out);
      const stop = handleStopSignals(EXIT_INTERRUPTED);
      const chatty = !flags.quiet && !flags.json;
      const progress = chatty ? progressPrinter() : undefined;
      const { result, files, dir } = await runMainJob(config, process.env.CALLS_API_TOKEN, {
        signal: stop.signal,
        onStage: (text) => chatty && writeError(`calls-harness: ${terminalText(text)}\n`),
        onContractCase: (done, total) => progress?.line(`contract: ${done} of ${total} checks`),
        onProgress: progress?.update,
        shape: shapeFlagsOf(flags),
        specDiff: diff,
        k6Outputs: flags.k6Out,
        runners: flags.runners,
        // --json: stdout holds the one JSON document, so k6's output goes to stderr; --quiet: nowhere.
        k6Output: k6OutputFor(flags),
        seed: flags.seed,
        keepSamples: flags.keepSamples === true,
      }).catch((err: unknown) => toldQuietly(err, flags));
      progress?.done();
      const warning = await publishResult(result, receiver);
      if (warning) printError(`calls-harness: ${warning}`);
      if (flags.json) write(jsonText(result, 2) + '\n');
      else {
        if (flags.format === 'githubactions') write(renderGithubAnnotations(result));
        if (!flags.quiet) print(renderConsole(result, stdoutIsTTY()));
        // A quiet FAIL still says why.
        else if (!result.verdict.passed) print(verdictLine(result));
        print(`${result.verdict.passed ? 'PASS' : 'FAIL'}: reports in ${dir} (${Object.keys(files).join(', ')})`);
      }
      stop.settle(runExitCode(result));
    });
}

/**
 * Reports that could not be written end the run with the verdict told on the console (cli/main.ts).
 * With --json that is the JSON document, and with --quiet the verdict line; the error's paragraph
 * then goes to stderr alone, so stdout keeps its one document.
 */
function toldQuietly(err: unknown, flags: RunFlags): never {
  if (!(err instanceof ReportsNotWrittenError) || (!flags.json && !flags.quiet)) throw err;
  write(flags.json ? jsonText(err.result, 2) + '\n' : `${unkeptVerdictLine(err.result, err.exitCode)}\n`);
  throw new HarnessError(err.code, `${err.message} The verdict printed on stdout is not a pass (exit ${err.exitCode}).`, err.exitCode);
}

/** --threshold pairs as load takes them, or nothing (the config file's, else the profile's). */
function thresholdsOf(flags: RunFlags): Record<string, string[]> | undefined {
  return flags.threshold ? parseThresholdFlags(flags.threshold) : undefined;
}

/** The API document diff --spec-from asks for, or null; its other flags alone are a usage error. */
async function specDiffOf(flags: RunFlags, command: Command): Promise<SpecDiff | null> {
  const needsFrom = [flags.specTo && '--spec-to', command.getOptionValueSource('failOn') !== 'default' && '--fail-on', flags.severityLevels && '--severity-levels'].find(Boolean);
  if (needsFrom && !flags.specFrom) throw new HarnessError('E_USAGE', `${needsFrom} needs --spec-from: give the API document clients were built against, e.g. --spec-from openapi.previous.json.`);
  return flags.specFrom ? judgedSpecDiff(flags.specFrom, flags.specTo ?? DEFAULT_OPENAPI, flags) : null;
}
