// The plain-Node floor for the built-in engine: the same work as one validated getCall iteration
// (undici request, JSON.parse, the compiled CallDetail validator) at the same open-model rate,
// started from a 1 ms timer, with nothing else: no metrics, checks or VUs. Run as a process of its
// own (bench/generator-cost.ts pins it to a core); it prints one JSON line of what it spent.
//   node dist/bench/plain-node-floor.mjs (bundled by bench/generator-cost.ts) '{"url":...,"token":...,"ids":[...],"rate":800,"seconds":4}'
import { createRequire } from 'node:module';
import { Agent, request } from 'undici';

// The generated validators are an ES module that require()s ajv-formats (esbuild resolves it when
// it bundles a scenario); loaded as they are here, they need a require in scope.
(globalThis as { require?: NodeRequire }).require ??= createRequire(import.meta.url);
const { CallDetail } = await import('../scenarios/lib/validators.generated.js');

export interface FloorInput {
  url: string;
  token: string;
  ids: string[];
  rate: number;
  seconds: number;
}

export interface FloorResult {
  requests: number;
  valid: number;
  failed: number;
  cpuUs: number;
  wallMs: number;
  /** Time to the response headers (as http_req_waiting, from the call): med, p(95), p(99) in ms. */
  waiting: Record<string, number>;
}

/** Nearest-rank percentiles of the times recorded. */
function percentiles(times: Float64Array, n: number): Record<string, number> {
  const sorted = times.subarray(0, n).sort();
  const at = (q: number) => (n ? (sorted[Math.min(n - 1, Math.ceil((q / 100) * n) - 1)] as number) : 0);
  return { med: at(50), 'p(95)': at(95), 'p(99)': at(99) };
}

const validate = CallDetail as unknown as (data: unknown) => boolean;

async function plainNodeFloor(input: FloorInput): Promise<FloorResult> {
  const dispatcher = new Agent({ keepAliveTimeout: 60_000, connections: null, pipelining: 1 });
  const headers = { authorization: `Bearer ${input.token}`, 'content-type': 'application/json' };
  const total = Math.floor(input.rate * input.seconds) + 1;
  const period = 1000 / input.rate;
  const out = { requests: 0, valid: 0, failed: 0 };
  let started = 0;
  let finished = 0;
  const waited = new Float64Array(total);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise<void>((resolve) => {
    const one = async (i: number) => {
      try {
        const sent = performance.now();
        const res = await request(`${input.url}/v1/calls/${input.ids[i % input.ids.length] as string}`, { method: 'GET', headers, dispatcher });
        waited[out.requests] = performance.now() - sent;
        const text = await res.body.text();
        out.requests++;
        if (res.statusCode === 200 && validate(JSON.parse(text))) out.valid++;
        else out.failed++;
      } catch {
        out.failed++;
      }
      if (++finished === total) resolve();
    };
    // Every millisecond, start the arrivals that are due: an open model, like constant-arrival-rate.
    const tick = setInterval(() => {
      const due = Math.min(total, Math.floor((performance.now() - t0) / period) + 1);
      while (started < due) void one(started++);
      if (started === total) clearInterval(tick);
    }, 1);
  });
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  await dispatcher.close();
  return { ...out, cpuUs: cpu.user + cpu.system, wallMs, waiting: percentiles(waited, out.requests) };
}

process.stdout.write(`${JSON.stringify(await plainNodeFloor(JSON.parse(process.argv[2] ?? '{}') as FloorInput))}\n`);
