// Real k6, where it is on PATH and CALLS_HARNESS_K6 is set: what starting a run and each VU costs
// with the bundles as they are (CommonJS in base mode) and as ES modules (which k6 before v0.53
// runs through Babel), and how many validated responses it gives per CPU-second on one core.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundlePath, bundleScenarios, K6_COMPATIBILITY_MODE } from '../load/bundle.ts';
import { findK6 } from '../load/k6-runner.ts';
import { callIdsOf, spawnServer, type ServerProcess } from './spawn-server.ts';

const SCRIPTS = fileURLToPath(new URL('./scripts/', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/calls-harness.js', import.meta.url));
const OUT = mkdtempSync(join(tmpdir(), 'calls-harness-bench-k6-'));

/** The k6 to measure, or why there is none. */
export function benchK6(): { k6: string } | { skipped: string } {
  if (!process.env.CALLS_HARNESS_K6) return { skipped: 'CALLS_HARNESS_K6 is not set (set it to 1 to measure the k6 on PATH)' };
  const k6 = findK6();
  return k6 ? { k6 } : { skipped: 'k6 is not on PATH' };
}

interface Measured {
  /** User and system CPU of k6 (all its threads), from the shell's `times`. */
  cpuS: number;
  wallS: number;
  summary: { metrics: Record<string, { values?: Record<string, number> }> };
}

/** Runs k6 with its output discarded, and reads the summary data its handleSummary wrote. */
async function runK6Measured(k6: string, args: string[], env: Record<string, string>): Promise<Measured> {
  const summaryFile = join(OUT, `summary-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  const run = await measured([k6, 'run', '--no-usage-report', ...args], { ...env, CALLS_SUMMARY_FILE: summaryFile });
  try {
    return { ...run, summary: JSON.parse(readFileSync(summaryFile, 'utf8')) as Measured['summary'] };
  } catch (err) {
    throw new Error(`k6 ${args.join(' ')} wrote no summary data (${(err as Error).message})`);
  }
}

/** A command's CPU (its children's included) from `times` in the shell that waited for it. */
function measured(command: string[], env: Record<string, string>): Promise<{ cpuS: number; wallS: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', '"$0" "$@" >/dev/null 2>&1; times', ...command], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('close', () => {
      // `times`: the shell's user and system time, then its children's.
      const children = [...(out.trim().split('\n')[1] ?? '').matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
      resolve({ cpuS: children.reduce((a, b) => a + b, 0), wallS: (performance.now() - t0) / 1000 });
    });
  });
}

/**
 * `calls-harness load --scenario read-mix` on the smoke profile, as a user runs it, on each engine:
 * total CPU (bundling, the engine or k6 and its VUs, reading k6's samples back, the reports) and
 * the run folder's size.
 */
export async function loadRunCost(): Promise<{ engine: string; cpuS: number; wallS: number; folderBytes: number }[]> {
  const rows = [];
  for (const engine of ['k6', 'node']) {
    const dir = join(OUT, `load-${engine}`);
    const run = await measured([process.execPath, BIN, 'load', '--scenario', 'read-mix', '--engine', engine, '--report-dir', dir, '--history', join(OUT, 'history.ndjson'), '--quiet'], {});
    rows.push({ engine, ...run, folderBytes: folderBytes(dir) });
  }
  return rows;
}

function folderBytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? folderBytes(join(dir, e.name)) : statSync(join(dir, e.name)).size), 0);
}

export interface VuInitCost {
  format: string;
  /** CPU of a run with one VU, and with `vus` VUs doing the same iterations. */
  oneVuCpuS: number;
  manyVusCpuS: number;
  vus: number;
  perVuMs: number;
  wallS: number;
}

/**
 * The read-mix bundle run by one VU and by `vus` VUs, each doing the same `vus` iterations: the
 * first is mostly start-up (the script compiled, Babel included for an ES module on k6 before
 * v0.53), the difference per VU added is what starting a further VU costs.
 */
export async function vuInitCost(k6: string, vus = 21): Promise<VuInitCost[]> {
  const server = await spawnServer(['--calls-per-agent', '100']);
  try {
    const env = { CALLS_API_BASE_URL: server.url, CALLS_API_TOKEN: server.apiKey, CALLS_API_AGENT_ID: server.agentIds[0] as string, CALLS_PROFILE: 'smoke' };
    const rows: VuInitCost[] = [];
    for (const [format, label, mode] of [['cjs', `CommonJS, --compatibility-mode=${K6_COMPATIBILITY_MODE}`, [`--compatibility-mode=${K6_COMPATIBILITY_MODE}`]], ['esm', 'ES module (the bundles before)', []]] as const) {
      const dir = join(OUT, format);
      await bundleScenarios(dir, 'k6', ['read-mix'], undefined, format);
      const bundle = bundlePath(dir, 'k6', 'read-mix');
      const one = await runK6Measured(k6, [...mode, '--vus', '1', '--iterations', String(vus), bundle], env);
      const many = await runK6Measured(k6, [...mode, '--vus', String(vus), '--iterations', String(vus), bundle], env);
      rows.push({ format: label, oneVuCpuS: one.cpuS, manyVusCpuS: many.cpuS, vus, perVuMs: ((many.cpuS - one.cpuS) / (vus - 1)) * 1000, wallS: many.wallS });
    }
    return rows;
  } finally {
    await server.stop();
  }
}

/** Validated getCall responses per CPU-second, k6 held to one core (GOMAXPROCS=1), 32 VUs for 6 s. */
export async function validatedPerCpuSecond(k6: string): Promise<{ requests: number; cpuS: number; perCpuSecond: number }> {
  const server = await spawnServer(['--calls-per-agent', '100']);
  try {
    const ids = await callIdsOf(server);
    await bundleScenarios(OUT, 'k6', ['call-detail'], SCRIPTS);
    const options = { scenarios: { bench: { executor: 'constant-vus', vus: 32, duration: '6s', gracefulStop: '5s' } }, summaryTrendStats: ['med', 'p(95)', 'count'] };
    const run = await runK6Measured(k6, [`--compatibility-mode=${K6_COMPATIBILITY_MODE}`, bundlePath(OUT, 'k6', 'call-detail')], envFor(server, ids, options));
    const requests = run.summary.metrics.http_reqs?.values?.count ?? 0;
    return { requests, cpuS: run.cpuS, perCpuSecond: run.cpuS > 0 ? requests / run.cpuS : 0 };
  } finally {
    await server.stop();
  }
}

function envFor(server: ServerProcess, ids: string[], options: object): Record<string, string> {
  return { CALLS_API_BASE_URL: server.url, CALLS_API_TOKEN: server.apiKey, BENCH_CALL_IDS: ids.join(','), BENCH_OPTIONS: JSON.stringify(options), GOMAXPROCS: '1' };
}
