// `load --runners`: N runner processes on this machine against the reference server in its own
// process, merged into one verdict. How the merge measures against the server's truth, and how
// much rate one and two runners sustain on this machine's cores.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { accuracyRows, injectedDelays, type AccuracyRow } from './injected-truth.ts';
import { spawnServer, type ServerProcess } from './spawn-server.ts';

const BIN = fileURLToPath(new URL('../bin/calls-harness.js', import.meta.url));
const OUT = mkdtempSync(join(tmpdir(), 'calls-harness-bench-runners-'));
let runs = 0;

interface Summary {
  metrics: Record<string, { values: Record<string, number> } | undefined>;
}

/** One `load` of read-mix at `rate` for `duration` with `runners` processes; its summary data. */
function load(server: ServerProcess, runners: number, rate: number, duration: string): Summary {
  const dir = join(OUT, `run-${++runs}`);
  spawnSync(process.execPath, [BIN, 'load', '--scenario', 'read-mix', '--engine', 'node', '--rate', String(rate), '--duration', duration, '--runners', String(runners), '--quiet',
    '--target', server.url, '--agent', server.agentIds[0] as string, '--report-dir', dir, '--history', join(OUT, 'history.ndjson')], { env: { ...process.env, CALLS_API_TOKEN: server.apiKey }, stdio: 'ignore' });
  return JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Summary;
}

export interface RunnersAccuracy {
  runners: number;
  iterations: number;
  dropped: number;
  rows: AccuracyRow[];
}

/** read-mix at `rate` for `duration` on 1 and on `runners` processes: iterations, and merged http_req_waiting against the injected delays. */
export async function runnersAccuracy(rate = 300, duration = '20s', runners = 2): Promise<RunnersAccuracy[]> {
  const server = await spawnServer(['--latency', 'lognormal:20:120']);
  try {
    const out: RunnersAccuracy[] = [];
    for (const n of [1, runners]) {
      await injectedDelays(server, true);
      const summary = load(server, n, rate, duration);
      const rows = accuracyRows(summary.metrics['http_req_waiting{name:getCall}']?.values ?? {}, (await injectedDelays(server)).getCall, 1.5);
      out.push({ runners: n, iterations: summary.metrics.iterations?.values.count ?? 0, dropped: summary.metrics.dropped_iterations?.values.count ?? 0, rows });
    }
    return out;
  } finally {
    await server.stop();
  }
}

/** The highest read-mix arrival rate with 0 dropped iterations, for 1 and for 2 runner processes. */
export async function runnersSustainedRate(ladder = [400, 600, 800, 1000, 1200, 1600, 2000]): Promise<{ runners: number; rate: number; tried: { rate: number; dropped: number }[] }[]> {
  const server = await spawnServer(['--calls-per-agent', '100']);
  try {
    const out = [];
    for (const runners of [1, 2]) {
      let best = 0;
      const tried: { rate: number; dropped: number }[] = [];
      for (const rate of ladder) {
        const dropped = load(server, runners, rate, '5s').metrics.dropped_iterations?.values.count ?? 0;
        tried.push({ rate, dropped });
        if (dropped > 0) break;
        best = rate;
      }
      out.push({ runners, rate: best, tried });
    }
    return out;
  } finally {
    await server.stop();
  }
}
