// Starts the reference server on port 0 and gives tests a small client for it.
import { start, type RunningServer, type ServerOptions } from '../../server/index.ts';
import { loadSchemaRegistry } from '../../openapi/schema-registry.ts';

export const registry = loadSchemaRegistry();
export const operation = (id: string) => {
  const op = registry.catalog.operations.find((o) => o.operationId === id);
  if (!op) throw new Error(`no operation ${id}`);
  return op;
};

export interface Answer {
  status: number;
  contentType: string;
  headers: Headers;
  text: string;
  json: unknown;
  ms: number;
}

export interface TestServer extends RunningServer {
  key: string;
  call(method: string, path: string, opts?: { body?: unknown; auth?: string | null; raw?: string; contentType?: string; signal?: AbortSignal }): Promise<Answer>;
  /** Calls of the first agent, live ones first. */
  liveCallIds(): Promise<string[]>;
  endedCallIds(): Promise<string[]>;
}

export async function startTestServer(opts: Partial<ServerOptions> = {}): Promise<TestServer> {
  const server = await start({ port: 0, transferStepMs: 20, ...opts });
  const key = server.apiKeys[0] as string;
  const call: TestServer['call'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = {};
    const auth = o.auth === undefined ? `Bearer ${key}` : o.auth;
    if (auth !== null) headers.authorization = auth;
    let body: string | undefined;
    if (o.raw !== undefined || o.body !== undefined) {
      body = o.raw ?? JSON.stringify(o.body);
      headers['content-type'] = o.contentType ?? 'application/json';
    }
    const t0 = performance.now();
    const res = await fetch(server.url + path, { method, headers, body, signal: o.signal });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', headers: res.headers, text, json, ms: performance.now() - t0 };
  };
  const callsOf = async (live: boolean) => {
    const page = (await call('GET', `/v1/agents/${server.agentIds[0]}/calls?limit=100`)).json as { calls: { id: string; ended_at: string | null }[] };
    return page.calls.filter((c) => (c.ended_at === null) === live).map((c) => c.id);
  };
  return { ...server, key, call, liveCallIds: () => callsOf(true), endedCallIds: () => callsOf(false) };
}

/** Waits until the transfer reports `status` in call detail (bounded). */
export async function waitForTransferStatus(s: TestServer, callId: string, transferId: string, status: string, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const detail = (await s.call('GET', `/v1/calls/${callId}`)).json as { transfers: { id: string; status: string }[] };
    if (detail.transfers.find((t) => t.id === transferId)?.status === status) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`transfer ${transferId} did not reach ${status} within ${timeoutMs} ms`);
}

export function pathFor(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
}
