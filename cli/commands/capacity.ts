// `calls-harness capacity`: the highest arrival rate at which the API holds its SLO, found by
// constant-rate steps (load/capacity/). Exit 0 when a capacity was found (the API's limit, or the
// maximum rate asked for, or the time budget), 1 when even the start rate breaks the SLO, 3 when
// the generator was the limit, 2 on a usage error, 105 when stopped by a signal.
import { terminalText } from '../../core/index.ts';
import { k6OutputFor, MOST_PER_RUN, parseDuration } from '../../load/index.ts';
import { Command, Option } from 'commander';
import { capacityStepLine, renderConsole } from '../../reports/index.ts';
import type { ValidateMode } from '../../scenarios/index.ts';
import { type HarnessConfig, loadConfig, publishResult, resultReceiver, runCapacitySearch } from '../../pipelines/index.ts';
import { HarnessError } from '../errors.ts';
import { collect, fraction, positiveNumber, wholeNumber } from '../parse-values.ts';
import { progressPrinter } from '../progress.ts';
import { durationFlag, validateFlag } from '../run-shape-options.ts';
import { EXIT_INTERRUPTED, handleStopSignals } from '../stop-signals.ts';
import { parseThresholdFlags } from './load.ts';
import { print, printError, stdoutIsTTY } from '../io.ts';

interface CapacityFlags {
  scenario: string; profile?: string; config?: string; target?: string; agent?: string; callId?: string[]; engine?: 'k6' | 'node';
  slo?: string[]; startRate: number; maxRate: number; step: string; warmUp: string; maxDuration: string; resolution: number;
  validate?: ValidateMode; reportDir?: string; allowRemote?: boolean; history?: string; release?: string; quiet?: boolean;
  workers?: number; serviceTime?: number; k6Out?: string[];
}

/** Steps, warm-ups and budgets are whole seconds at the least. */
const duration = (flag: string) => durationFlag(flag, 1000);

export function capacityCommand(): Command {
  return new Command('capacity')
    .description('Find the highest arrival rate at which the API holds its SLO: constant-rate steps, rising then bisected, the boundary confirmed.')
    .requiredOption('--scenario <name>', 'scenario: a file in scenarios/ (transfer-flows, transfer-races, read-mix, blind-transfer)')
    .option('--profile <name|file>', "profile whose thresholds are the SLO and whose VUs the steps use (default: capacity)")
    .option('--slo <metric=expression>', 'add or replace an SLO threshold in k6 syntax, e.g. "http_req_duration{name:getCall}=p(99)<300" (repeatable)', collect)
    .option('--start-rate <n>', 'first step, in iterations/s', wholeNumber('--start-rate'), 10)
    .option('--max-rate <n>', 'highest rate to try, in iterations/s', wholeNumber('--max-rate'), 100_000)
    .option('--step <duration>', "shortest measured part of a step (longer when its percentiles need more samples)", duration('--step'), '30s')
    .option('--warm-up <duration>', 'start of each step kept out of its verdict', duration('--warm-up'), '5s')
    .option('--max-duration <duration>', 'time budget of the whole search', duration('--max-duration'), '10m')
    .option('--resolution <x>', 'stop bisecting when the broken rate is within this fraction above the held one', fraction('--resolution'), 0.05)
    .option('--validate <mode>', "response bodies validated: all, status or sample:RATE (default: the profile's)", validateFlag)
    .option('--config <file>', 'JSON config (schemas/harness/config.schema.json); default ./calls-harness.config.json when present')
    .option('--target <url>', 'base URL of the Calls API (env CALLS_API_BASE_URL); token from CALLS_API_TOKEN')
    .option('--agent <id>', 'agent whose live calls to use (env CALLS_API_AGENT_ID)')
    .option('--call-id <id>', 'a call id to use instead of the agent call list (repeatable)', collect)
    .addOption(new Option('--engine <engine>', 'k6 (real k6 on PATH) or node (the built-in engine); default: k6 when installed').choices(['k6', 'node']))
    .option('--workers <n>', 'embedded server only: a finite capacity of N workers (with --service-time)', wholeNumber('--workers'))
    .option('--service-time <ms>', 'embedded server only: each request holds a worker this many ms', positiveNumber('--service-time'))
    .option('--report-dir <dir>', 'run folder (default: a new folder under reports/out/); each step in steps/ inside it')
    .option('--allow-remote', 'allow a target that is not loopback')
    .option('--history <file>', 'history file to append to (default: reports/out/history.ndjson)')
    .option('--release <label>', 'release or build label for the history and dashboard (env CALLS_HARNESS_RELEASE)')
    .option('--k6-out <output>', "k6's --out for every step, e.g. experimental-prometheus-rw (both engines; the capacity found is written there too)", collect)
    .option('--quiet', 'only the verdict')
    .action(capacity);
}

async function capacity(flags: CapacityFlags): Promise<void> {
  const config = loadConfig(flags.config, {
    target: flags.target, agentId: flags.agent, callIds: flags.callId, engine: flags.engine, reportDir: flags.reportDir,
    allowRemote: flags.allowRemote, history: flags.history, profile: flags.profile, release: flags.release,
  });
  checkFlags(flags, config);
  const receiver = resultReceiver(flags.k6Out);
  const stop = handleStopSignals(EXIT_INTERRUPTED);
  const progress = flags.quiet ? undefined : progressPrinter();
  const seconds = (d: string) => parseDuration(d) / 1000;
  const outcome = await runCapacitySearch({
    config, scenario: flags.scenario, token: process.env.CALLS_API_TOKEN,
    slo: flags.slo ? parseThresholdFlags(flags.slo, '--slo') : {},
    startRate: flags.startRate, maxRate: flags.maxRate, resolution: flags.resolution,
    stepS: seconds(flags.step), warmUp: flags.warmUp, maxDurationS: seconds(flags.maxDuration), validate: flags.validate,
    k6Output: k6OutputFor(flags), k6Outputs: flags.k6Out,
    ...(flags.workers !== undefined ? { capacity: { workers: flags.workers, serviceTimeMs: flags.serviceTime as number } } : {}),
  }, {
    signal: stop.signal,
    onProgress: progress?.update,
    onStep: (s) => {
      progress?.done();
      if (!flags.quiet) printError(terminalText(capacityStepLine(s)));
    },
  });
  const warning = await publishResult(outcome.result, receiver);
  if (warning) printError(`calls-harness: ${warning}`);
  const { result, search, failure, dir } = outcome;
  print(flags.quiet ? search.verdict : renderConsole(result, stdoutIsTTY()));
  if (search.advice) print(search.advice);
  if (failure) printError(`calls-harness: ${terminalText(failure.message)}`);
  print(`capacity: exit ${stop.settle(outcome.exitCode)}; reports in ${dir}`);
}

function checkFlags(flags: CapacityFlags, config: HarnessConfig): void {
  if (flags.startRate < 1) throw new HarnessError('E_USAGE', `--start-rate must be at least 1 iteration/s, got ${flags.startRate}.`);
  // Each step runs at its rate per second (timeUnit 1s): past MOST_PER_RUN it would count drops, not load.
  for (const [flag, rate] of [['--start-rate', flags.startRate], ['--max-rate', flags.maxRate]] as const) {
    if (rate > MOST_PER_RUN) throw new HarnessError('E_USAGE', `${flag} ${rate} iterations/s is more than ${MOST_PER_RUN}, the most one run holds. Lower it, or find a bigger capacity with several machines (load --execution-segment on each, then report merge).`);
  }
  if (flags.maxRate < flags.startRate) throw new HarnessError('E_USAGE', `--max-rate ${flags.maxRate} is below --start-rate ${flags.startRate}. Raise --max-rate or lower --start-rate.`);
  const seconds = (d: string) => parseDuration(d) / 1000;
  if (seconds(flags.maxDuration) < 3 * (seconds(flags.warmUp) + seconds(flags.step))) {
    throw new HarnessError('E_USAGE', `--max-duration ${flags.maxDuration} leaves no room for a search: each step takes --warm-up ${flags.warmUp} plus --step ${flags.step} and more. Give it at least three steps' time, or shorten --step.`);
  }
  if (flags.resolution <= 0 || flags.resolution >= 1) throw new HarnessError('E_USAGE', `--resolution takes a fraction above 0 and below 1 (0.05 is 5%), got ${flags.resolution}.`);
  if ((flags.workers === undefined) !== (flags.serviceTime === undefined)) throw new HarnessError('E_USAGE', 'A finite capacity for the embedded server needs both --workers N and --service-time MS. Give both, or neither.');
  if (config.target && flags.workers !== undefined) throw new HarnessError('E_USAGE', '--workers and --service-time shape the embedded server; with --target they would change nothing. Drop them, or drop --target.');
}
