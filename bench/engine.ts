// The built-in engine measured against the truth and against autocannon, in one run.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { bundlePath, bundleScenarios } from '../load/bundle.ts';
import { runEngine } from '../load/engine/run-engine.ts';
import type { SummaryData } from '../load/engine/summary-data.ts';
import { accuracyRows, injectedDelays, type AccuracyRow } from './injected-truth.ts';
import { callIdsOf, spawnServer, type ServerProcess } from './spawn-server.ts';

const SCRIPTS = fileURLToPath(new URL('./scripts/', import.meta.url));
const OUT = mkdtempSync(join(tmpdir(), 'calls-harness-bench-'));
let bundled = false;

async function engineRun(server: ServerProcess, ids: string[], scenario: Record<string, unknown>): Promise<{ summary: SummaryData; cpuUs: number }> {
  if (!bundled) {
    await bundleScenarios(OUT, 'k6', ['call-detail'], SCRIPTS);
    await bundleScenarios(OUT, 'node', ['call-detail'], SCRIPTS);
    bundled = true;
  }
  const cpu0 = process.cpuUsage();
  const result = await runEngine({
    bundle: bundlePath(OUT, 'node', 'call-detail'), k6Bundle: bundlePath(OUT, 'k6', 'call-detail'),
    env: { CALLS_API_BASE_URL: server.url, CALLS_API_TOKEN: server.apiKey, BENCH_CALL_IDS: ids.join(','), BENCH_OPTIONS: JSON.stringify({ scenarios: { bench: { gracefulStop: '5s', ...scenario } }, summaryTrendStats: ['med', 'p(95)', 'p(99)', 'max', 'count'] }) },
  });
  const cpu = process.cpuUsage(cpu0);
  return { summary: result.summary, cpuUs: cpu.user + cpu.system };
}

const v = (s: SummaryData, key: string) => s.metrics[key]?.values ?? {};

/**
 * Iterations may start this late (p99) in a sustained run: a generator that falls behind starts
 * them late rather than dropping them while VUs remain, so 0 dropped alone would pass it.
 */
export const SUSTAINED_LAG_P99_MS = 50;

/** The highest constant arrival rate the engine sustains against the reference server: no dropped iteration, start lag p99 within SUSTAINED_LAG_P99_MS. */
export async function highestSustainedRate(): Promise<{ rate: number; capped: boolean; tried: { rate: number; dropped: number; lagP99: number }[] }> {
  const server = await spawnServer(['--calls-per-agent', '100']);
  try {
    const ids = await callIdsOf(server);
    const tried: { rate: number; dropped: number; lagP99: number }[] = [];
    let best = 0;
    const ladder = [500, 1000, 2000, 3000, 4000, 6000];
    for (const rate of ladder) {
      const { summary } = await engineRun(server, ids, { executor: 'constant-arrival-rate', rate, timeUnit: '1s', duration: '3s', preAllocatedVUs: 50, maxVUs: 200 });
      const dropped = v(summary, 'dropped_iterations').count ?? 0;
      const lagP99 = v(summary, 'iteration_start_lag')['p(99)'] ?? 0;
      tried.push({ rate, dropped, lagP99 });
      if (dropped > 0 || lagP99 > SUSTAINED_LAG_P99_MS) break;
      best = rate;
    }
    return { rate: best, capped: best === ladder[ladder.length - 1], tried };
  } finally {
    await server.stop();
  }
}

/** Reported http_req_waiting percentiles against the server's record of the delays it injected. */
export async function accuracy(rate: number): Promise<{ rows: AccuracyRow[] }> {
  const server = await spawnServer(['--calls-per-agent', '100', '--latency', 'getCall=lognormal:20:120']);
  try {
    const ids = await callIdsOf(server);
    await injectedDelays(server, true);
    const { summary } = await engineRun(server, ids, { executor: 'constant-arrival-rate', rate, timeUnit: '1s', duration: '10s', preAllocatedVUs: 100, maxVUs: 1000 });
    const truth = (await injectedDelays(server)).getCall;
    const rows = accuracyRows(v(summary, 'http_req_waiting{name:getCall}'), truth);
    return { rows };
  } finally {
    await server.stop();
  }
}

/** Periodic stalls: visible in an arrival-rate run's p99, hidden by a constant-VUs run. */
export async function stallContrast(): Promise<{ arrivalP99: number; vusP99: number; arrivalFromIntendedP99: number }> {
  const server = await spawnServer(['--calls-per-agent', '100', '--stall', '300/2000']);
  try {
    const ids = await callIdsOf(server);
    const open = await engineRun(server, ids, { executor: 'constant-arrival-rate', rate: 200, timeUnit: '1s', duration: '8s', preAllocatedVUs: 100, maxVUs: 500 });
    const closed = await engineRun(server, ids, { executor: 'constant-vus', vus: 10, duration: '8s' });
    return {
      arrivalP99: v(open.summary, 'http_req_duration')['p(99)'] ?? 0,
      vusP99: v(closed.summary, 'http_req_duration')['p(99)'] ?? 0,
      arrivalFromIntendedP99: v(open.summary, 'iteration_duration_from_intended')['p(99)'] ?? 0,
    };
  } finally {
    await server.stop();
  }
}

/** Generator CPU per request: the engine (validating every response) against autocannon, same server, same run. */
export async function cpuPerRequest(): Promise<{ engineUs: number; autocannonUs: number; engineRps: number; autocannonRps: number }> {
  const server = await spawnServer(['--calls-per-agent', '100']);
  try {
    const ids = await callIdsOf(server);
    const seconds = 6;
    const engine = await engineRun(server, ids, { executor: 'constant-vus', vus: 32, duration: `${seconds}s` });
    const engineReqs = v(engine.summary, 'http_reqs').count ?? 1;
    const cpu0 = process.cpuUsage();
    const ac = await new Promise<autocannon.Result>((resolve, reject) => {
      autocannon({ url: server.url, connections: 32, duration: seconds, headers: { authorization: `Bearer ${server.apiKey}` }, requests: ids.slice(0, 50).map((id) => ({ method: 'GET', path: `/v1/calls/${id}` })) }, (err, r) => (err ? reject(err) : resolve(r)));
    });
    const acCpu = process.cpuUsage(cpu0);
    return { engineUs: engine.cpuUs / engineReqs, autocannonUs: (acCpu.user + acCpu.system) / ac.requests.total, engineRps: engineReqs / seconds, autocannonRps: ac.requests.average };
  } finally {
    await server.stop();
  }
}

/** Thousands of concurrent VUs in one process: 2000 VUs against a server that answers in 500 ms. */
export async function manyVus(): Promise<{ vus: number; requestsPerS: number; p95: number; failedRate: number; heapMb: number }> {
  const server = await spawnServer(['--calls-per-agent', '100', '--latency', 'getCall=fixed:500']);
  try {
    const ids = await callIdsOf(server);
    const vus = 2000;
    const { summary } = await engineRun(server, ids, { executor: 'constant-vus', vus, duration: '6s', gracefulStop: '2s' });
    return {
      vus,
      requestsPerS: (v(summary, 'http_reqs').count ?? 0) / (summary.state.testRunDurationMs / 1000),
      p95: v(summary, 'http_req_duration')['p(95)'] ?? 0,
      failedRate: v(summary, 'http_req_failed').rate ?? 0,
      heapMb: process.memoryUsage().heapUsed / 1e6,
    };
  } finally {
    await server.stop();
  }
}
