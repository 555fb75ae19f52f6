// `calls-harness contract`: the CI gate. Exit 0 when every check holds, 1 on findings, 2 when
// the run cannot start.
import { Command } from 'commander';
import { ContractStartError } from '../../contract/call-supply.ts';
import type { ContractResult } from '../../contract/result.ts';
import { runContract } from '../../contract/run-contract.ts';
import { contractConsole } from '../../reports/contract-console.ts';
import { buildResult, contractSection } from '../../reports/build-result.ts';
import type { ContractSection, RunResult } from '../../reports/model.ts';
import { renderJunit } from '../../reports/render-junit.ts';
import { loadSchemaRegistry } from '../../spec/schema-registry.ts';
import { newRunId, writeRunFolderOrFail } from '../finish-run.ts';
import { resolve } from 'node:path';
import { HarnessError, type ErrorCode } from '../errors.ts';
import { collect, e164, wholeNumber } from '../parse-values.ts';
import { writeOutput } from '../write-output.ts';

interface ContractFlags {
  target?: string; agent?: string; callId?: string[]; transferTo?: string[]; allowRemote?: boolean;
  junit?: string; json?: string; timeoutMs?: number; seed?: number; operation?: string[]; quiet?: boolean; reportDir?: string;
}

export function contractCommand(): Command {
  return new Command('contract')
    .description('Check every Calls operation against its documented contract (the embedded reference server when no target is given).')
    .option('--target <url>', 'base URL of the Calls API (env CALLS_API_BASE_URL); the token comes from CALLS_API_TOKEN')
    .option('--agent <id>', 'agent whose calls to test with (env CALLS_API_AGENT_ID)')
    .option('--call-id <id>', 'a call id to test with instead of the agent call list (repeatable)', collect)
    .option('--transfer-to <e164>', 'a number transfers may dial (repeatable; two for the tryNext check)', (v: string, prev: string[] = []) => [...prev, e164('--transfer-to')(v)])
    .option('--allow-remote', 'run the checks that change state (transfers, finalize) on a target that is not loopback')
    .option('--operation <operationId>', 'check only this operation (repeatable)', collect)
    .option('--junit <file>', 'write JUnit XML: a test case per check per operation')
    .option('--json <file>', 'write the result, with every finding, as JSON')
    .option('--report-dir <dir>', 'also write a run folder (result.json, junit.xml, summary.md, report.html)')
    .option('--timeout-ms <n>', 'time allowed for each request (default: 10000)', wholeNumber('--timeout-ms'))
    .option('--seed <n>', 'seed of the generated request bodies (default: 1)', wholeNumber('--seed'))
    .option('--quiet', 'print only the verdict line')
    .action(async (flags: ContractFlags) => {
      process.exitCode = await contract(flags);
    });
}

async function contract(flags: ContractFlags): Promise<number> {
  const target = flags.target ?? process.env.CALLS_API_BASE_URL;
  let result: ContractResult;
  try {
    result = await runContract({
      ...(target ? { target, token: process.env.CALLS_API_TOKEN } : {}),
      agentId: flags.agent ?? process.env.CALLS_API_AGENT_ID,
      callIds: flags.callId, destinations: flags.transferTo, allowRemote: flags.allowRemote,
      timeoutMs: flags.timeoutMs, seed: flags.seed, operations: flags.operation,
    });
  } catch (err) {
    if (!(err instanceof ContractStartError)) throw err;
    const error = { code: err.code, message: err.message };
    writeReports(flags, { error }, runOf(target ?? 'embedded', new Date().toISOString(), contractSection(null, error)));
    throw new HarnessError(err.code as ErrorCode, err.message);
  }
  const text = contractConsole(result);
  console.log(flags.quiet ? (text.split('\n').find((l) => l.startsWith('Contract ')) ?? text) : text);
  const run = runOf(result.target, result.startedAt, contractSection(result), result.embedded);
  writeReports(flags, result, run);
  if (flags.reportDir) {
    const files = writeRunFolderOrFail(resolve(flags.reportDir), run);
    console.log(`Reports: ${Object.values(files).join(', ')}`);
  }
  return result.cases.some((c) => c.outcome === 'failed' || c.outcome === 'errored') ? 1 : 0;
}

/** The contract run in the one result model, so that its JUnit is the one every run writes. */
function runOf(target: string, startedAt: string, contract: ContractSection, embedded = false): RunResult {
  const specVersion = loadSchemaRegistry().catalog.specVersion;
  const meta = { runId: newRunId(startedAt), target, embedded, specVersion, release: process.env.CALLS_HARNESS_RELEASE ?? null, startedAt, finishedAt: new Date().toISOString(), interrupted: false };
  return buildResult(meta, contract, []);
}

function writeReports(flags: ContractFlags, json: unknown, run: RunResult): void {
  if (flags.json) writeOutput(flags.json, JSON.stringify(json, null, 2) + '\n', 'JSON result');
  if (flags.junit) writeOutput(flags.junit, renderJunit(run), 'JUnit report');
}
