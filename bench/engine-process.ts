// The built-in engine in a process of its own (bench/generator-cost.ts pins it to a core): runs the
// call-detail bench bundle with the scenario given and prints one JSON line of what it spent and
// how the schedule held (dropped iterations, start lag, event-loop delay).
//   node dist/bench/engine-process.mjs (bundled by bench/generator-cost.ts) '{"bundle":...,"k6Bundle":...,"env":{...}}'
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { runEngine } from '../load/engine/run-engine.ts';

export interface EngineProcessInput {
  bundle: string;
  k6Bundle: string;
  env: Record<string, string>;
}

export interface EngineProcessResult {
  cpuUs: number;
  wallMs: number;
  requests: number;
  checksFailed: number;
  dropped: number;
  lagP95: number;
  lagMax: number;
  /** http_req_waiting{name:getCall}: med, p(95), p(99). */
  waiting: Record<string, number>;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** Per-second windows: dropped iterations and VUs in use, to see when the schedule slipped. */
  seconds: { t: number; droppedPerS: number; vus: number; p99: number }[];
}

async function main(input: EngineProcessInput): Promise<EngineProcessResult> {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { summary } = await runEngine({ bundle: input.bundle, k6Bundle: input.k6Bundle, env: input.env });
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  loop.disable();
  const v = (key: string) => summary.metrics[key]?.values ?? {};
  return {
    cpuUs: cpu.user + cpu.system, wallMs,
    requests: v('http_reqs').count ?? 0,
    checksFailed: v('checks').fails ?? 0,
    dropped: v('dropped_iterations').count ?? 0,
    lagP95: v('iteration_start_lag')['p(95)'] ?? 0,
    lagMax: v('iteration_start_lag').max ?? 0,
    waiting: v('http_req_waiting{name:getCall}'),
    loopDelayP99Ms: loop.percentile(99) / 1e6,
    loopDelayMaxMs: loop.max / 1e6,
    seconds: summary.harness.timeline.map((p) => ({ t: p.t, droppedPerS: Math.round(p.droppedPerS), vus: p.vus, p99: p.p99 })),
  };
}

process.stdout.write(`${JSON.stringify(await main(JSON.parse(process.argv[2] ?? '{}') as EngineProcessInput))}\n`);
