// The whole contract suite's wall time against the embedded server, and ajv's validation rate.
import { runContract } from '../contract/run-contract.ts';
import { start } from '../server/index.ts';
import { loadSchemaRegistry } from '../openapi/schema-registry.ts';

export interface ContractFigures {
  wallMs: number;
  cases: number;
  validationsPerSecond: number;
  documentBytes: number;
}

export async function contractSpeed(): Promise<ContractFigures> {
  const t0 = performance.now();
  const result = await runContract();
  const wallMs = performance.now() - t0;

  // A call detail document with transfers, as a load test would validate it.
  const server = await start({ port: 0, transferStepMs: 0 });
  const key = { authorization: `Bearer ${server.apiKeys[0]}`, 'content-type': 'application/json' };
  const page = (await (await fetch(`${server.url}/v1/agents/${server.agentIds[0]}/calls`, { headers: key })).json()) as { calls: { id: string; ended_at: string | null }[] };
  const live = page.calls.find((c) => c.ended_at === null)?.id as string;
  for (let i = 0; i < 3; i++) await fetch(`${server.url}/v1/calls/${live}/transfers/warm`, { method: 'POST', headers: key, body: '{"to":"+12015550100"}' });
  const text = await (await fetch(`${server.url}/v1/calls/${live}`, { headers: key })).text();
  await server.close();

  const validate = loadSchemaRegistry().validator('CallDetail');
  const doc: unknown = JSON.parse(text);
  const n = 50_000;
  for (let i = 0; i < 2_000; i++) validate(doc); // warm the JIT
  const v0 = performance.now();
  for (let i = 0; i < n; i++) if (!validate(doc)) throw new Error('call detail document is invalid');
  const validationsPerSecond = n / ((performance.now() - v0) / 1000);
  return { wallMs, cases: result.cases.length, validationsPerSecond, documentBytes: text.length };
}
