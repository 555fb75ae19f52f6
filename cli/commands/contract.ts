// `calls-harness contract`: the CI gate. Exit 0 when every check holds, 1 on findings, 2 when
// the run cannot start or cannot finish (the target stopped answering, or stayed rate-limited).
import { checkWritableFile, claimRunFolder, jsonText } from '../../core/index.ts';
import { Command } from 'commander';
import { type ContractResult, ContractStartError, readReplayFile, type ReplayFile, ReplayFileError, runContract, writeReplayFiles } from '../../contract/index.ts';
import { buildResult, contractConsole, contractSection, type ContractSection, renderJunit, type RunResult } from '../../reports/index.ts';
import { loadSchemaRegistry } from '../../openapi/index.ts';
import { loadConfig, newRunId, remoteAllowed, writeRunFolderOrFail } from '../../pipelines/index.ts';
import { handleStopSignals } from '../stop-signals.ts';
import { HarnessError, type ErrorCode } from '../errors.ts';
import { collect, commaList, e164, positiveWhole, wholeNumber } from '../parse-values.ts';
import { writeOutput } from '../write-output.ts';
import { dirname, resolve } from 'node:path';
import { print, printError, setExitCode } from '../io.ts';

interface ContractFlags {
  target?: string; agent?: string; callId?: string[]; transferTo?: string[]; allowRemote?: boolean;
  junit?: string; json?: string; timeoutMs?: number; seed?: number; operation?: string[]; operations?: string[]; checks?: string[];
  maxExamples?: number; quiet?: boolean; reportDir?: string; config?: string; release?: string; statefulRuns?: number; replay?: string; failOnSkip?: boolean;
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
  const target = config.target;
  const reportDir = checkDestinations(flags);
  const replay = flags.replay ? readReplay(flags.replay) : undefined;
  const stop = handleStopSignals(EXIT_COULD_NOT_FINISH);
  let result: ContractResult;
  try {
    result = await runContract({
      ...(target ? { target, token: process.env.CALLS_API_TOKEN } : {}),
      agentId: config.agentId, callIds: config.callIds, destinations: config.transferTo, allowRemote: remoteAllowed(config),
      timeoutMs: config.timeoutMs, seed: flags.seed, maxExamples: flags.maxExamples,
      operations: [...(flags.operations ?? []), ...(flags.operation ?? [])], checks: flags.checks, signal: stop.signal,
      statefulRuns: flags.statefulRuns, replay,
    });
  } catch (err) {
    if (!(err instanceof ContractStartError)) throw err;
    const error = { code: err.code, message: err.message };
    const run = runOf(target ?? 'embedded', new Date().toISOString(), contractSection(null, error), config.release, stop.signal.aborted);
    writeReports(flags, { error }, run);
    // The claimed run folder says why it holds no checks.
    if (reportDir) writeRunFolderOrFail(reportDir, run);
    // Ends soon even with a socket to a silent target still open.
    stop.settle(EXIT_COULD_NOT_FINISH);
    throw new HarnessError(err.code as ErrorCode, err.message);
  }
  const run = runOf(result.target, result.startedAt, contractSection(result, undefined, { failOnSkip: flags.failOnSkip === true, narrowedBy: narrowingFlags(flags) }), config.release, result.interrupted === true, result.embedded);
  const text = contractConsole(result, run.verdict);
  print(flags.quiet ? (text.split('\n').find((l) => l.startsWith('Contract ')) ?? text) : text);
  writeReports(flags, result, run);
  if (reportDir) {
    const files = writeRunFolderOrFail(reportDir, run);
    print(`Reports: ${Object.values(files).join(', ')}`);
  }
  writeLifecycleReplays(flags, reportDir, result);
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

/** The filters that left checks out by choice: a pass under them is partial (contract/skips.ts). */
function narrowingFlags(flags: ContractFlags): string[] {
  const operations = [...(flags.operations ?? []), ...(flags.operation ?? [])];
  return [...(operations.length ? [`--operations ${operations.join(',')}`] : []), ...(flags.checks?.length ? [`--checks ${flags.checks.join(',')}`] : [])];
}

/** Replay files go with the reports: into the run folder, else beside the --json file. */
function writeLifecycleReplays(flags: ContractFlags, reportDir: string | null, result: ContractResult): void {
  const dir = reportDir ?? (flags.json ? dirname(resolve(flags.json)) : null);
  if (!dir) return;
  const written = writeReplayFiles(dir, result.cases.flatMap((c) => c.findings));
  if (written.length) print(`Lifecycle replays: ${written.join(', ')} (run again with --replay FILE)`);
}

function readReplay(path: string): ReplayFile {
  try {
    return readReplayFile(path);
  } catch (err) {
    if (err instanceof ReplayFileError) throw new HarnessError(err.code, err.message);
    throw err;
  }
}

/** Every report destination, checked (and the run folder claimed) before any traffic. */
function checkDestinations(flags: ContractFlags): string | null {
  if (flags.json) checkWritableFile(flags.json, '--json');
  if (flags.junit) checkWritableFile(flags.junit, '--junit');
  return flags.reportDir ? claimRunFolder(flags.reportDir) : null;
}

/** The contract run in the one result model, so that its JUnit is the one every run writes. */
function runOf(target: string, startedAt: string, contract: ContractSection, release: string | undefined, interrupted: boolean, embedded = false): RunResult {
  const specVersion = loadSchemaRegistry().catalog.specVersion;
  const meta = { runId: newRunId(startedAt), target, embedded, specVersion, release: release ?? null, startedAt, finishedAt: new Date().toISOString(), interrupted };
  return buildResult(meta, contract, []);
}

function writeReports(flags: ContractFlags, json: unknown, run: RunResult): void {
  if (flags.json) writeOutput(flags.json, jsonText(json, 2) + '\n', 'JSON result');
  if (flags.junit) writeOutput(flags.junit, renderJunit(run), 'JUnit report');
}
