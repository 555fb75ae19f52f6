// `calls-harness contract`: the CI gate. Exit 0 when every check holds, 1 on findings, 2 when
// the run cannot start or cannot finish (the target stopped answering, or stayed rate-limited).
import { Command } from 'commander';
import { contractConsole, renderGithubAnnotations } from '../../reports/index.ts';
import { loadConfig, runContractGate } from '../../pipelines/index.ts';
import { handleStopSignals } from '../stop-signals.ts';
import { HarnessError, type ErrorCode } from '../errors.ts';
import { collect, commaList, e164, positiveWhole, wholeNumber } from '../parse-values.ts';
import { formatOption, type Format } from '../format-option.ts';
import { print, printError, setExitCode, write } from '../io.ts';

interface ContractFlags {
  target?: string; agent?: string; callId?: string[]; transferTo?: string[]; allowRemote?: boolean;
  junit?: string; json?: string; timeoutMs?: number; seed?: number; operation?: string[]; operations?: string[]; checks?: string[];
  maxExamples?: number; quiet?: boolean; format?: Format; reportDir?: string; config?: string; release?: string; statefulRuns?: number; replay?: string; failOnSkip?: boolean;
}

/** The contract's "could not finish" code, also when a signal stopped it. */
const EXIT_COULD_NOT_FINISH = 2;

export function contractCommand(): Command {
  return new Command('contract')
    .description('Check every Calls operation against its documented contract (the embedded reference server when no target is given).')
    .option('--target <url>', 'base URL of the Calls API (env CALLS_API_BASE_URL); the token comes from CALLS_API_TOKEN')
    .option('--agent <id>', 'agent whose calls to test with (env CALLS_API_AGENT_ID)')
    .option('--call-id <id>', 'a call id to test with instead of the agent call list (repeatable)', collect)
    .option('--transfer-to <e164>', 'a number transfers may dial (repeatable; two for the tryNext check)', (v: string, prev: string[] = []) => [...prev, e164('--transfer-to')(v)])
    .option('--allow-remote', 'run the checks that change state (transfers, finalize) on a target that is not loopback')
    .option('--operations <ids>', 'check only these operationIds, comma-separated (repeatable)', commaList('--operations'))
    .option('--operation <operationId>', 'check only this operation (repeatable; same as --operations)', collect)
    .option('--checks <names>', 'run only these checks, comma-separated (repeatable), e.g. valid_bodies_accepted', commaList('--checks'))
    .option('--max-examples <n>', 'request bodies generated per operation by valid_bodies_accepted (default: 3)', positiveWhole('--max-examples', 10_000, ' (each is one request per operation; the run is not time-bounded)'))
    .option('--stateful-runs <n>', 'lifecycle sequences lifecycle_model_holds draws, shrinking a failing one (default: 25)', positiveWhole('--stateful-runs', 10_000, ' (each is a sequence of several requests, shrunk when it fails; the run is not time-bounded)'))
    .option('--replay <file>', 'run again, alone, the lifecycle sequence a lifecycle_model_holds finding wrote (lifecycle-replay-*.json): only that check runs, not the suite')
    .option('--junit <file>', 'write JUnit XML: a test case per check per operation')
    .option('--json <file>', 'write the result, with every finding, as JSON')
    .option('--report-dir <dir>', 'also write a run folder (result.json, junit.xml, summary.md, report.html)')
    .option('--timeout-ms <n>', 'time allowed for each request (default: 10000)', wholeNumber('--timeout-ms'))
    .option('--seed <n>', 'seed of the generated request bodies (default: 1)', wholeNumber('--seed'))
    .option('--config <file>', 'JSON config (schemas/harness/config.schema.json); default ./calls-harness.config.json when present')
    .option('--release <label>', 'release or build label for the reports (env CALLS_HARNESS_RELEASE)')
    .option('--quiet', 'print only the verdict line (and where reports and replay files were written)')
    .addOption(formatOption('finding'))
    .option('--fail-on-skip', 'no pass unless every check ran: a check skipped by choice (no --allow-remote, no --agent, one --transfer-to) fails the run too (checks the target gave nothing to judge always do)')
    .action(async (flags: ContractFlags) => {
      setExitCode(await contract(flags));
    });
}

async function contract(flags: ContractFlags): Promise<number> {
  // One configuration path (flags, environment, config file); the run folder only from --report-dir.
  const config = loadConfig(flags.config, {
    target: flags.target, agentId: flags.agent, callIds: flags.callId, transferTo: flags.transferTo, allowRemote: flags.allowRemote,
    timeoutMs: flags.timeoutMs, release: flags.release,
  });
  const stop = handleStopSignals(EXIT_COULD_NOT_FINISH);
  const outcome = await runContractGate({
    config, token: process.env.CALLS_API_TOKEN, json: flags.json, junit: flags.junit, reportDir: flags.reportDir, replay: flags.replay,
    seed: flags.seed, maxExamples: flags.maxExamples, statefulRuns: flags.statefulRuns, checks: flags.checks,
    operations: [...(flags.operations ?? []), ...(flags.operation ?? [])], failOnSkip: flags.failOnSkip === true,
  }, {
    signal: stop.signal,
    onJudged: (result, run) => {
      if (flags.format === 'githubactions') write(renderGithubAnnotations(run));
      const text = contractConsole(result, run.verdict);
      print(flags.quiet ? (text.split('\n').find((l) => l.startsWith('Contract ')) ?? text) : text);
    },
  });
  if (outcome.startError) {
    // Ends soon even with a socket to a silent target still open.
    stop.settle(EXIT_COULD_NOT_FINISH);
    throw new HarnessError(outcome.startError.code as ErrorCode, outcome.startError.message);
  }
  const { result, run } = outcome;
  if (outcome.files) print(`Reports: ${Object.values(outcome.files).join(', ')}`);
  if (outcome.replays.length) print(`Lifecycle replays: ${outcome.replays.join(', ')} (run again with --replay FILE)`);
  if (stop.received) {
    const ran = result.cases.filter((c) => c.outcome !== 'skipped' || !c.reason?.startsWith('not run')).length;
    printError(`calls-harness: contract stopped by ${stop.received} after ${ran} of ${result.cases.length} checks: could not finish (exit ${EXIT_COULD_NOT_FINISH}); the checks not run are skipped, never passed.`);
    return stop.settle(EXIT_COULD_NOT_FINISH);
  }
  // Could not finish: the target's health, not the API's conformance; exit 2, reports written above.
  if (result.stopped) {
    stop.settle(EXIT_COULD_NOT_FINISH);
    throw new HarnessError(result.stopped.code, result.stopped.message);
  }
  // The verdict's own word: findings fail it, and so does a run whose every check was skipped (nothing judged).
  return stop.settle(run.verdict.passed ? 0 : 1);
}
