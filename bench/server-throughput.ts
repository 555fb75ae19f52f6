// How fast the reference server answers, driven from a second process by autocannon.
import autocannon, { type Request } from 'autocannon';
import { callIdsOf, spawnServer } from './spawn-server.ts';

export interface ThroughputFigure {
  name: string;
  requestsPerSecond: number;
  flowsPerSecond?: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 8);
const CONNECTIONS = 64;

function run(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

export async function callDetailReads(): Promise<ThroughputFigure> {
  const server = await spawnServer(['--calls-per-agent', '200']);
  try {
    const ids = await callIdsOf(server, true);
    const requests: Request[] = ids.slice(0, 50).map((id) => ({ method: 'GET', path: `/v1/calls/${id}` }));
    const r = await run({ url: server.url, connections: CONNECTIONS, duration: DURATION_S, headers: { authorization: `Bearer ${server.apiKey}` }, requests });
    return { name: 'GET /v1/calls/{id}', requestsPerSecond: r.requests.average, p50Ms: r.latency.p50, p99Ms: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
  } finally {
    await server.stop();
  }
}

export async function warmThenComplete(): Promise<ThroughputFigure> {
  // With no step time a transfer is bridging at once, so every complete is legal.
  const server = await spawnServer(['--calls-per-agent', '200', '--transfer-step-ms', '0']);
  try {
    const ids = await callIdsOf(server, true);
    let next = 0;
    type Ctx = { callId?: string; transferId?: string };
    const requests: Request[] = [
      {
        method: 'POST',
        setupRequest: (req, context: Ctx) => {
          context.callId = ids[next++ % ids.length];
          return { ...req, path: `/v1/calls/${context.callId}/transfers/warm`, body: JSON.stringify({ to: '+12015550100' }) };
        },
        onResponse: (_status, body, context: Ctx) => { context.transferId = (JSON.parse(body) as { id: string }).id; },
      },
      {
        method: 'POST',
        setupRequest: (req, context: Ctx) => ({ ...req, path: `/v1/calls/${context.callId}/transfers/${context.transferId}/complete`, body: '{}' }),
      },
    ];
    const r = await run({ url: server.url, connections: CONNECTIONS, duration: DURATION_S, headers: { authorization: `Bearer ${server.apiKey}`, 'content-type': 'application/json' }, requests });
    return { name: 'warm transfer, then complete', requestsPerSecond: r.requests.average, flowsPerSecond: r.requests.average / 2, p50Ms: r.latency.p50, p99Ms: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
  } finally {
    await server.stop();
  }
}
