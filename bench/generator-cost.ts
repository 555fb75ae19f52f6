// The built-in engine against the plain-Node floor (bench/plain-node-floor.ts), each in a process
// of its own pinned to one core, the reference server pinned to the other (where taskset exists):
// CPU per validated getCall at the same open-model rate, and the highest rate one core holds.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { bundlePath, bundleScenarios } from '../load/bundle.ts';
import type { EngineProcessInput, EngineProcessResult } from './engine-process.ts';
import type { FloorInput, FloorResult } from './plain-node-floor.ts';
import { accuracyRows, injectedDelays, type AccuracyRow } from './injected-truth.ts';
import { callIdsOf, spawnServer, type ServerProcess } from './spawn-server.ts';

const HERE = fileURLToPath(new URL('./', import.meta.url));
const PROJECT = join(HERE, '..');
/** Under dist/ (as the CLI's own bundle), so that their packages resolve from the project's node_modules. */
const BUILT = join(PROJECT, 'dist', 'bench');
const GENERATOR_CORE = '0';
const SERVER_CORE = '1';

/** taskset runs here (Linux, util-linux) and this machine has a second core for the server. */
export function canPin(): boolean {
  return spawnSync('taskset', ['-c', SERVER_CORE, 'true']).status === 0;
}

let built: Promise<unknown> | undefined;

/**
 * Both generators bundled as the CLI is (dist/cli.mjs: esbuild, packages external) and run by
 * plain node: no TypeScript loader hooks in the measured process, as in a user's run. The floor's
 * validator takes its formats from openapi/formats.ts, as the scenario bundles' do: the same work.
 */
function buildScripts(): Promise<unknown> {
  built ??= build({ entryPoints: [join(HERE, 'engine-process.ts'), join(HERE, 'plain-node-floor.ts')], outdir: BUILT, outExtension: { '.js': '.mjs' }, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', alias: { 'ajv-formats/dist/formats': join(PROJECT, 'openapi', 'formats.ts') }, logLevel: 'warning' });
  return built;
}

/** Runs a bench script in a child (pinned when it can be) and reads its one JSON line. */
async function runScript<T>(script: 'engine-process' | 'plain-node-floor', input: unknown, pin: boolean): Promise<T> {
  await buildScripts();
  const argv = [join(BUILT, `${script}.mjs`), JSON.stringify(input)];
  const child = pin ? spawn('taskset', ['-c', GENERATOR_CORE, process.execPath, ...argv], { stdio: ['ignore', 'pipe', 'inherit'] }) : spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !last.startsWith('{')) reject(new Error(`${script} exited ${code}: ${out.slice(-500)}`));
      else resolve(JSON.parse(last) as T);
    });
  });
}

let bundleDir: string | undefined;

async function engineInput(server: ServerProcess, ids: string[], scenario: Record<string, unknown>): Promise<EngineProcessInput> {
  if (!bundleDir) {
    bundleDir = mkdtempSync(join(tmpdir(), 'calls-harness-bench-'));
    await bundleScenarios(bundleDir, 'k6', ['call-detail'], join(HERE, 'scripts'));
    await bundleScenarios(bundleDir, 'node', ['call-detail'], join(HERE, 'scripts'));
  }
  const options = { scenarios: { bench: { gracefulStop: '5s', ...scenario } }, summaryTrendStats: ['med', 'p(95)', 'p(99)', 'max', 'count'] };
  return {
    bundle: bundlePath(bundleDir, 'node', 'call-detail'), k6Bundle: bundlePath(bundleDir, 'k6', 'call-detail'),
    env: { CALLS_API_BASE_URL: server.url, CALLS_API_TOKEN: server.apiKey, BENCH_CALL_IDS: ids.join(','), BENCH_OPTIONS: JSON.stringify(options) },
  };
}

const arrivals = (rate: number, seconds: number) => ({ executor: 'constant-arrival-rate', rate, timeUnit: '1s', duration: `${seconds}s`, preAllocatedVUs: 100, maxVUs: 1000 });

/**
 * A ramp from a tenth of the rate over RAMP_S, then the rate: as a capacity test offers load. A
 * cold start at full rate (code not yet optimised by V8, first connections) puts 150-250 ms of
 * lag on the first few hundred iterations, which says nothing of the rate a warm generator holds.
 */
const RAMP_S = 2;
const rampThenHold = (rate: number, seconds: number) => ({ executor: 'ramping-arrival-rate', startRate: Math.round(rate / 10), timeUnit: '1s', stages: [{ target: rate, duration: `${RAMP_S}s` }, { target: rate, duration: `${seconds}s` }], preAllocatedVUs: 100, maxVUs: 1000 });

async function withServer<T>(pin: boolean, serverArgs: string[], body: (server: ServerProcess, ids: string[]) => Promise<T>): Promise<T> {
  const server = await spawnServer(['--calls-per-agent', '100', ...serverArgs], pin ? SERVER_CORE : undefined);
  try {
    return await body(server, await callIdsOf(server));
  } finally {
    await server.stop();
  }
}

export interface FloorComparison {
  rate: number;
  pinned: boolean;
  /** Medians over the rounds. */
  engineUs: number;
  floorUs: number;
  /** Each round's engine/floor ratio (the spread says how noisy the machine was). */
  ratios: number[];
  /** The median of the rounds' ratios. */
  ratio: number;
  /** Requests that failed validation or the wire, in the long runs (both should be 0). */
  engineFailed: number;
  floorFailed: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

/**
 * CPU per validated request at `rate`/s, engine and floor side by side: a long run minus a short
 * one, so that start-up (bundle load, JIT, first connections) does not count. Engine and floor
 * alternate, `rounds` times, and the medians are reported: a noisy neighbour then costs one
 * round, not the verdict.
 */
export async function engineVsFloor(rate = 800, longS = 16, shortS = 4, rounds = 5): Promise<FloorComparison> {
  const pin = canPin();
  return withServer(pin, [], async (server, ids) => {
    const engine = async (s: number) => runScript<EngineProcessResult>('engine-process', await engineInput(server, ids, arrivals(rate, s)), pin);
    const floor = (s: number) => runScript<FloorResult>('plain-node-floor', { url: server.url, token: server.apiKey, ids, rate, seconds: s } satisfies FloorInput, pin);
    const engineUs: number[] = [];
    const floorUs: number[] = [];
    let engineFailed = 0;
    let floorFailed = 0;
    for (let round = 0; round < rounds; round++) {
      const eShort = await engine(shortS);
      const fShort = await floor(shortS);
      const eLong = await engine(longS);
      const fLong = await floor(longS);
      engineUs.push((eLong.cpuUs - eShort.cpuUs) / (eLong.requests - eShort.requests));
      floorUs.push((fLong.cpuUs - fShort.cpuUs) / (fLong.requests - fShort.requests));
      engineFailed += eLong.checksFailed;
      floorFailed += fLong.failed;
    }
    const ratios = engineUs.map((e, i) => e / (floorUs[i] as number));
    return { rate, pinned: pin, engineUs: median(engineUs), floorUs: median(floorUs), ratios, ratio: median(ratios), engineFailed, floorFailed };
  });
}

export interface OneCoreRate {
  rate: number;
  pinned: boolean;
  capped: boolean;
  seconds: number;
  rampS: number;
  /** What the server injects on getCall (log-normal), so that accuracy is judged at every rate. */
  latency: string;
  tried: (EngineProcessResult & { rate: number; accuracy: AccuracyRow[]; floor: FloorRung | null })[];
  /** The rung where the floor fell behind, after which it was not run (null: it kept up, or was not run). */
  floorStoppedAbove: number | null;
}

/** The plain-Node floor at the same rung: what a generator with no engine at all reports there (not part of the verdict). */
export interface FloorRung {
  accuracy: AccuracyRow[];
  failed: number;
  cpuShare: number;
}

/**
 * A rate is held when no iteration was dropped, every check passed, the generator kept to the
 * schedule (with no VU limit reached, a generator that falls behind starts iterations late
 * instead of dropping them, so dropped iterations alone would pass a generator-bound run), and
 * the percentiles it reports are the server's injected truth within 5% + 1 ms.
 */
export const LAG_P95_LIMIT_MS = 50;

/** Injected on getCall during the one-core ladder: answers take time, as a real API's do (p50 20 ms, p99 120 ms). */
const LADDER_LATENCY = 'getCall=lognormal:20:120';

async function floorAt(server: ServerProcess, ids: string[], rate: number, seconds: number, pin: boolean): Promise<FloorRung> {
  await injectedDelays(server, true);
  const f = await runScript<FloorResult>('plain-node-floor', { url: server.url, token: server.apiKey, ids, rate, seconds } satisfies FloorInput, pin);
  return { accuracy: accuracyRows(f.waiting, (await injectedDelays(server)).getCall), failed: f.failed, cpuShare: f.cpuUs / f.wallMs / 1000 };
}

/** The highest validated getCall rate the engine holds on one core after a ramp (see LAG_P95_LIMIT_MS); `skipFloor` leaves out the floor's run at each rung. */
export async function highestRateOneCore(ladder = [2000, 4000, 6000, 8000, 10_000], seconds = 8, skipFloor = false): Promise<OneCoreRate> {
  const pin = canPin();
  return withServer(pin, ['--latency', LADDER_LATENCY], async (server, ids) => {
    const tried: OneCoreRate['tried'] = [];
    let best = 0;
    let floorStoppedAbove: number | null = null;
    for (const rate of ladder) {
      await injectedDelays(server, true);
      const r = await runScript<EngineProcessResult>('engine-process', await engineInput(server, ids, rampThenHold(rate, seconds)), pin);
      const accuracy = accuracyRows(r.waiting, (await injectedDelays(server)).getCall);
      // The floor at the same rate against the same server: where both miss the truth, the
      // machine or the server is the limit, not the engine. Once it fell behind, it runs no more:
      // above its limit its requests pile up in the server (a 20 s backlog at 8,000/s), and the
      // engine's next rung would measure that backlog.
      const floor = skipFloor || floorStoppedAbove !== null ? null : await floorAt(server, ids, rate, seconds, pin);
      if (floor && !keptUp(floor)) floorStoppedAbove = rate;
      tried.push({ rate, ...r, accuracy, floor });
      if (r.dropped > 0 || r.checksFailed > 0 || r.lagP95 > LAG_P95_LIMIT_MS || accuracy.some((row) => !row.withinBudget)) break;
      best = rate;
    }
    return { rate: best, pinned: pin, capped: best === ladder[ladder.length - 1], seconds, rampS: RAMP_S, latency: LADDER_LATENCY, tried, floorStoppedAbove };
  });
}

/** The floor kept up at a rung: nothing failed, and its percentiles stayed within twice the truth (no backlog growing). */
function keptUp(floor: FloorRung): boolean {
  return floor.failed === 0 && floor.accuracy.every((row) => row.reported <= 2 * row.injected);
}
