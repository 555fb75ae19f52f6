// The contract gate as one call: every report destination checked (and the run folder claimed)
// before any traffic, the checks run, the result put in the one result model, and every report
// written: --json, --junit, the run folder and the lifecycle replay files. The command prints and
// chooses the exit code.
import { dirname, resolve } from 'node:path';
import { checkWritableFile, claimRunFolder, CodedError, jsonText, writeOutput } from '../core/index.ts';
import { type ContractResult, ContractStartError, readReplayFile, type ReplayFile, ReplayFileError, runContract, writeReplayFiles } from '../contract/index.ts';
import { buildResult, contractSection, type ContractSection, renderJunit, type RunResult } from '../reports/index.ts';
import { loadSchemaRegistry } from '../openapi/index.ts';
import { remoteAllowed, type HarnessConfig } from './config.ts';
import { newRunId, writeRunFolderOrFail } from './finish-run.ts';

export interface ContractGateInput {
  config: HarnessConfig;
  token: string | undefined;
  json?: string | undefined;
  junit?: string | undefined;
  reportDir?: string | undefined;
  /** A lifecycle replay file to run alone. */
  replay?: string | undefined;
  seed?: number | undefined;
  maxExamples?: number | undefined;
  statefulRuns?: number | undefined;
  operations: string[];
  checks?: string[] | undefined;
  failOnSkip: boolean;
}

export type ContractGateOutcome =
  | { startError: { code: string; message: string }; result?: undefined; run: RunResult }
  | { startError?: undefined; result: ContractResult; run: RunResult; files: Record<string, string> | null; replays: string[] };

export interface ContractGateHooks {
  signal: AbortSignal;
  /** The verdict, before any report is written: a report that cannot be written loses nothing already said. */
  onJudged?: (result: ContractResult, run: RunResult) => void;
}

export async function runContractGate(input: ContractGateInput, { signal, onJudged }: ContractGateHooks): Promise<ContractGateOutcome> {
  const { config } = input;
  const reportDir = checkDestinations(input);
  const replay = input.replay ? readReplay(input.replay) : undefined;
  let result: ContractResult;
  try {
    result = await runContract({
      ...(config.target ? { target: config.target, token: input.token } : {}),
      agentId: config.agentId, callIds: config.callIds, destinations: config.transferTo, allowRemote: remoteAllowed(config),
      timeoutMs: config.timeoutMs, seed: input.seed, maxExamples: input.maxExamples,
      operations: input.operations, checks: input.checks, signal, statefulRuns: input.statefulRuns, replay,
    });
  } catch (err) {
    if (!(err instanceof ContractStartError)) throw err;
    const error = { code: err.code, message: err.message };
    const run = runOf(config.target ?? 'embedded', new Date().toISOString(), contractSection(null, error), config.release, signal.aborted);
    writeReports(input, { error }, run);
    // The claimed run folder says why it holds no checks.
    if (reportDir) writeRunFolderOrFail(reportDir, run);
    return { startError: error, run };
  }
  const run = runOf(result.target, result.startedAt, contractSection(result, undefined, { failOnSkip: input.failOnSkip, narrowedBy: narrowing(input) }), config.release, result.interrupted === true, result.embedded);
  onJudged?.(result, run);
  writeReports(input, result, run);
  const files = reportDir ? writeRunFolderOrFail(reportDir, run) : null;
  return { result, run, files, replays: writeLifecycleReplays(input, reportDir, result) };
}

/** The filters that left checks out by choice: a pass under them is partial (contract/skips.ts). */
function narrowing(input: ContractGateInput): string[] {
  return [...(input.operations.length ? [`--operations ${input.operations.join(',')}`] : []), ...(input.checks?.length ? [`--checks ${input.checks.join(',')}`] : [])];
}

/** Replay files go with the reports: into the run folder, else beside the --json file. */
function writeLifecycleReplays(input: ContractGateInput, reportDir: string | null, result: ContractResult): string[] {
  const dir = reportDir ?? (input.json ? dirname(resolve(input.json)) : null);
  return dir ? writeReplayFiles(dir, result.cases.flatMap((c) => c.findings)) : [];
}

function readReplay(path: string): ReplayFile {
  try {
    return readReplayFile(path);
  } catch (err) {
    if (err instanceof ReplayFileError) throw new CodedError(err.code, err.message);
    throw err;
  }
}

/** Every report destination, checked (and the run folder claimed) before any traffic. */
function checkDestinations(input: ContractGateInput): string | null {
  if (input.json) checkWritableFile(input.json, '--json');
  if (input.junit) checkWritableFile(input.junit, '--junit');
  return input.reportDir ? claimRunFolder(input.reportDir) : null;
}

/** The contract run in the one result model, so that its JUnit is the one every run writes. */
function runOf(target: string, startedAt: string, contract: ContractSection, release: string | undefined, interrupted: boolean, embedded = false): RunResult {
  const specVersion = loadSchemaRegistry().catalog.specVersion;
  const meta = { runId: newRunId(startedAt), target, embedded, specVersion, release: release ?? null, startedAt, finishedAt: new Date().toISOString(), interrupted };
  return buildResult(meta, contract, []);
}

function writeReports(input: ContractGateInput, json: unknown, run: RunResult): void {
  if (input.json) writeOutput(input.json, jsonText(json, 2) + '\n', 'JSON result');
  if (input.junit) writeOutput(input.junit, renderJunit(run), 'JUnit report');
}
