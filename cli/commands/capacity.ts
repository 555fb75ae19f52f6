// `calls-harness capacity`: the highest arrival rate at which the API holds its SLO, found by
// constant-rate steps (load/capacity/). Exit 0 when a capacity was found (the API's limit, or the
// maximum rate asked for, or the time budget), 1 when even the start rate breaks the SLO, 3 when
// the generator was the limit, 2 on a usage error, 105 when stopped by a signal.
import { terminalText } from '../../core/index.ts';
import { k6OutputFor } from '../../load/k6-runner.ts';
import { Command, Option } from 'commander';
import { parseDuration } from '../../load/engine/durations.ts';
import { DEFAULT_LIMITS, OBSERVERS, ENGINE_OBSERVERS } from '../../load/capacity/judge-step.ts';
import { runCapacity } from '../../load/capacity/run-capacity.ts';
import type { StepRun } from '../../load/capacity/run-step.ts';
import { exitCodeOf } from '../../load/capacity/verdict.ts';
import { sloOfProfile } from '../../load/profile-files.ts';
import { checkLoadOptions, checkTargetAnswers, chooseEngine, refusedAtStart } from '../../load/run-load.ts';
import { shapedProfileName } from '../../load/run-shape.ts';
import { capacityStepLine } from '../../reports/capacity.ts';
import { claimRunFolder, defaultRunFolder, releaseRunFolder } from '../../reports/claim-run-folder.ts';
import { loadSectionOfRun } from '../../reports/load-section-of-run.ts';
import type { CapacitySearch, LoadSection, RunResult } from '../../reports/model.ts';
import { renderConsole } from '../../reports/render-console.ts';
import { start, type RunningServer } from '../../server/index.ts';
import { loadSchemaRegistry } from '../../spec/schema-registry.ts';
import type { ValidateMode } from '../../scenarios/lib/body-sampling.ts';
import { loadConfig, remoteAllowed, type HarnessConfig } from '../config.ts';
import { HarnessError } from '../errors.ts';
import { MOST_PER_RUN } from '../../load/profile-limits.ts';
import { checkHistoryFile, DEFAULT_HISTORY, finishRun } from '../finish-run.ts';
import { publishResult, resultReceiver } from '../publish-result.ts';
import { collect, fraction, positiveNumber, wholeNumber } from '../parse-values.ts';
import { progressPrinter } from '../progress.ts';
import { durationFlag, validateFlag } from '../run-shape-options.ts';
import { EXIT_INTERRUPTED, handleStopSignals } from '../stop-signals.ts';
import { parseThresholdFlags } from './load.ts';

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
  const slo = flags.slo ? parseThresholdFlags(flags.slo, '--slo') : {};
  // Everything a step would refuse, refused before the run folder is claimed or a step runs.
  const { engine } = chooseEngine(config.engine);
  checkHistoryFile(config.history ?? DEFAULT_HISTORY);
  const seconds = (d: string) => parseDuration(d) / 1000;
  const profile = config.profile ?? 'capacity';
  checkLoadOptions({
    scenario: flags.scenario, profile, thresholds: slo, shape: { rate: flags.startRate, duration: `${seconds(flags.step)}s`, warmUp: flags.warmUp, ...(flags.validate ? { validate: flags.validate } : {}) },
    ...(config.target ? { target: config.target, token: process.env.CALLS_API_TOKEN, allowRemote: remoteAllowed(config), agentId: config.agentId, callIds: config.callIds } : {}),
  });
  const receiver = resultReceiver(flags.k6Out);
  const stop = handleStopSignals(EXIT_INTERRUPTED);
  const progress = flags.quiet ? undefined : progressPrinter(process.stderr);
  const startedAt = new Date().toISOString();
  const { server, target } = await targetOf(flags, config);
  try {
    const dir = claimRunFolder(config.reportDir ?? defaultRunFolder(new Date(), 'capacity', flags.scenario));
    // A dead target is said before any step, not as a first step whose setup() failed.
    await checkTargetAnswers({ target: config.target }).catch((err: unknown) => {
      releaseRunFolder(dir);
      throw err;
    });
    const { search, representative, failure } = await runCapacity({
      load: { scenario: flags.scenario, profile, engine, allowRemote: remoteAllowed(config), callIds: config.callIds, transferTo: config.transferTo, quiet: true, k6Output: k6OutputFor(flags), k6Outputs: flags.k6Out, ...target },
      slo, warmUpS: seconds(flags.warmUp), validate: flags.validate, reportDir: dir, limits: DEFAULT_LIMITS, signal: stop.signal,
      startRate: flags.startRate, maxRate: flags.maxRate, growth: 2, resolution: flags.resolution,
      // One step may take up to a quarter of the budget when its percentiles need the samples.
      stepS: seconds(flags.step), maxStepS: Math.max(seconds(flags.step), seconds(flags.maxDuration) / 4), maxDurationS: seconds(flags.maxDuration),
      onProgress: progress?.update,
      onStep: (s) => {
        progress?.done();
        if (!flags.quiet) console.error(terminalText(capacityStepLine(s)));
      },
    }).catch((err: unknown) => {
      // The first step refused at its start (a threshold its metrics cannot take): no request was sent.
      if (refusedAtStart(err)) releaseRunFolder(dir);
      throw err;
    });
    const sections = representative ? [await sectionOf(representative, flags.scenario)] : [];
    const info = { target: target.target as string, embedded: !config.target, specVersion: loadSchemaRegistry().catalog.specVersion, release: config.release ?? null, startedAt, interrupted: stop.signal.aborted };
    const { result } = finishRun(dir, info, null, sections, config.history ?? DEFAULT_HISTORY, null, search);
    await publishResult(result, receiver);
    printResult(result, search, flags.quiet === true);
    if (failure) console.error(`calls-harness: ${terminalText(failure.message)}`);
    // A step that could not run ends with its own code (107: setup() failed), as `load` does.
    console.log(`capacity: exit ${stop.settle(failure ? failure.exitCode : exitCodeOf(search))}; reports in ${dir}`);
  } finally {
    await server?.close();
  }
}

/** The target, or one embedded server for every step: state and connections carry over as on a real target. */
async function targetOf(flags: CapacityFlags, config: HarnessConfig): Promise<{ server: RunningServer | null; target: { target?: string; token?: string; agentId?: string } }> {
  if (config.target) return { server: null, target: { target: config.target, token: process.env.CALLS_API_TOKEN, agentId: config.agentId } };
  const capacity = flags.workers !== undefined ? { capacity: { workers: flags.workers, serviceTimeMs: flags.serviceTime as number } } : {};
  const server = await start({ port: 0, transferStepMs: 50, ...capacity });
  return { server, target: { target: server.url, token: server.apiKeys[0], agentId: server.agentIds[0] } };
}

function printResult(result: RunResult, search: CapacitySearch, quiet: boolean): void {
  console.log(quiet ? search.verdict : renderConsole(result, process.stdout.isTTY === true));
  if (search.advice) console.log(search.advice);
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

/** The load section of the step at the capacity: its tables, without the observers' thresholds. */
async function sectionOf(step: StepRun, scenario: string): Promise<LoadSection> {
  // Named with its shape, so that no comparison takes one step for a run of the whole profile.
  const section = await loadSectionOfRun(step.run, scenario, shapedProfileName(step.run.shape), sloOfProfile(step.run.shape.profile));
  const observers = new Set([...Object.keys(OBSERVERS), ...Object.keys(ENGINE_OBSERVERS)]);
  // The ramp profile's per-window verdict does not apply to a constant-rate step.
  return { ...section, thresholds: section.thresholds.filter((t) => !observers.has(t.metric)), capacity: null };
}
