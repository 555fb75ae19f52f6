// Targets that misbehave on the wire: findings where they answer badly, a clean start error where
// the run cannot begin; never a crash.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractStartError } from '../../contract/call-supply.ts';
import { runContract } from '../../contract/run-contract.ts';
import { start, type RunningServer } from '../../server/index.ts';
import { forwardedHeaders } from '../helpers/adversarial-target.ts';

let upstream: RunningServer;
beforeAll(async () => { upstream = await start({ port: 0, transferStepMs: 10 }); });
afterAll(async () => { await upstream.close(); });

type Misbehave = (path: string, res: import('node:http').ServerResponse) => boolean;

/** A loopback proxy to the reference server that misbehaves on the paths `misbehave` takes. */
async function proxy(misbehave: Misbehave): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (misbehave(req.url ?? '', res)) return;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      const up = await fetch(upstream.url + req.url, { method: req.method, headers: forwardedHeaders(req), body });
      res.writeHead(up.status, { 'content-type': up.headers.get('content-type') ?? '' });
      res.end(Buffer.from(await up.arrayBuffer()));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

const isCallDetail = (path: string) => /^\/v1\/calls\/[^/]+$/.test(path);

async function runThrough(misbehave: Misbehave, timeoutMs = 2000) {
  const p = await proxy(misbehave);
  try {
    return await runContract({ target: p.url, token: upstream.apiKeys[0], agentId: upstream.agentIds[0], operations: ['getCall'], timeoutMs });
  } finally {
    await p.close();
  }
}

const titles = (r: Awaited<ReturnType<typeof runContract>>) => r.cases.flatMap((c) => c.findings.map((f) => `${c.check}: ${f.title}`));

describe('a target that answers badly gives findings', () => {
  it('an HTML error page from a gateway', async () => {
    const r = await runThrough((path, res) => isCallDetail(path) && (res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body>Bad Gateway</body></html>'), true));
    expect(titles(r)).toContain('success_status_conformance: Server error 502 where 200 is documented');
  });

  it('non-JSON with a 200', async () => {
    const r = await runThrough((path, res) => isCallDetail(path) && (res.writeHead(200, { 'content-type': 'text/plain' }).end('OK'), true));
    expect(titles(r)).toEqual(expect.arrayContaining(['content_type_conformance: Content type "text/plain" where application/json is documented', 'response_schema_conformance: Body is not JSON']));
  });

  it('a body slower than the timeout', async () => {
    const r = await runThrough((path, res) => isCallDetail(path) && (setTimeout(() => res.writeHead(200).end('{}'), 1500), true), 200);
    expect(titles(r)).toContain('success_status_conformance: No response (timeout)');
  });

  it('a truncated body', async () => {
    const r = await runThrough((path, res) => {
      if (!isCallDetail(path)) return false;
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' });
      res.write('{"id": "call_');
      setTimeout(() => res.destroy(), 20);
      return true;
    });
    expect(titles(r).some((t) => /No response \((truncated|reset)\)/.test(t))).toBe(true);
  });

  it('a connection reset on one operation', async () => {
    const r = await runThrough((path, res) => isCallDetail(path) && (res.socket?.resetAndDestroy(), true));
    expect(titles(r).some((t) => /No response \((reset|truncated|other)\)/.test(t))).toBe(true);
  });
});

describe('a run that cannot start ends with a clear start error', () => {
  const startError = async (opts: Parameters<typeof runContract>[0]) => {
    const err = await runContract(opts).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(ContractStartError);
    return err as ContractStartError;
  };

  it('a target that is down', async () => {
    const p = await proxy(() => false);
    await p.close();
    expect((await startError({ target: p.url, token: 'sk_test_x', agentId: 'a' })).code).toBe('E_TARGET_UNREACHABLE');
  });

  it('a host name that does not resolve', async () => {
    const err = await startError({ target: 'http://calls-api.invalid', token: 'sk_test_x', agentId: 'a' });
    expect(err.code).toBe('E_TARGET_UNREACHABLE');
    expect(err.message).toMatch(/resolve|ENOTFOUND|EAI_AGAIN/);
  });

  it('HTML where the agent call list should be', async () => {
    const p = await proxy((_path, res) => (res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>'), true));
    expect((await startError({ target: p.url, token: 'sk_test_x', agentId: 'a' })).code).toBe('E_TARGET_NOT_JSON');
    await p.close();
  });

  it('a rejected token, an unknown agent, an agent with no calls, no token', async () => {
    const empty = await start({ port: 0, callsPerAgent: 0 });
    expect((await startError({ target: upstream.url, token: 'sk_test_wrongwrongwrongwrong', agentId: upstream.agentIds[0] })).code).toBe('E_TOKEN_REJECTED');
    expect((await startError({ target: upstream.url, token: upstream.apiKeys[0], agentId: 'agt_nobody' })).code).toBe('E_UNKNOWN_AGENT');
    expect((await startError({ target: empty.url, token: empty.apiKeys[0], agentId: empty.agentIds[0] })).code).toBe('E_NO_CALLS');
    expect((await startError({ target: upstream.url, agentId: upstream.agentIds[0] })).code).toBe('E_NO_TOKEN');
    await empty.close();
  });
});

describe('a TLS certificate the harness cannot trust', () => {
  it('is a clean start error that names TLS', async () => {
    const { createServer: createHttpsServer } = await import('node:https');
    const { readFileSync } = await import('node:fs');
    // A self-signed certificate made for this test only (test/fixtures/tls), valid for a century.
    const dir = new URL('../fixtures/tls/', import.meta.url);
    const server = createHttpsServer({ key: readFileSync(new URL('self-signed.key', dir)), cert: readFileSync(new URL('self-signed.crt', dir)) }, (_req, res) => res.end('{}'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const err = await runContract({ target: url, token: 'sk_test_x', agentId: 'a' }).then(() => null, (e: unknown) => e as ContractStartError);
    server.close();
    expect(err?.code).toBe('E_TARGET_UNREACHABLE');
    expect(err?.message).toMatch(/TLS failed/);
  });
});
