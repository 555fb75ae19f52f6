// Target health is not API conformance: a reference server that dies mid-run, or rate-limits,
// never turns into findings. Every fault here is the reference server's own, on a real socket.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ContractStartError } from '../../contract/call-supply.ts';
import { CHECKS } from '../../contract/checks/index.ts';
import { RATE_LIMIT_POLICY } from '../../contract/rate-limit.ts';
import type { ContractResult } from '../../contract/result.ts';
import { planCases } from '../../contract/run-cases.ts';
import { runContract } from '../../contract/run-contract.ts';
import { start, type FaultConfig, type RunningServer } from '../../server/index.ts';
import { registry } from '../helpers/reference-server.ts';
import { forwardedHeaders } from '../helpers/adversarial-target.ts';

const PLANNED = planCases(registry.catalog.operations, CHECKS, true).length;

let server: RunningServer | null = null;
afterEach(async () => { await server?.close(); server = null; });

async function runAgainst(faults: FaultConfig, extra: Parameters<typeof runContract>[0] = {}): Promise<ContractResult> {
  server = await start({ port: 0, transferStepMs: 10, faults });
  return runContract({ target: server.url, token: server.apiKeys[0], agentId: server.agentIds[0], timeoutMs: 1000, ...extra });
}

const outcomes = (r: ContractResult) => r.cases.reduce<Record<string, number>>((acc, c) => ({ ...acc, [c.outcome]: (acc[c.outcome] ?? 0) + 1 }), {});
const noResponseFindings = (r: ContractResult) => r.cases.flatMap((c) => c.findings).filter((f) => /no response/i.test(`${f.title} ${f.received}`));

describe('a target that stops answering mid-run', () => {
  it.each(['reset', 'hang'] as const)('(%s after 60 requests) could not finish: E_TARGET_LOST, the cases checked before kept, no finding from the silence', async (as) => {
    const r = await runAgainst({ dieAfter: { requests: 60, as } }, { timeoutMs: as === 'hang' ? 300 : 1000 });
    expect(r.stopped?.code).toBe('E_TARGET_LOST');
    expect(r.stopped?.message).toMatch(/stopped answering/);
    const counts = outcomes(r);
    // The cases checked before the death passed (the server conforms), and count as such.
    expect(counts.passed).toBeGreaterThan(0);
    expect(counts.failed ?? 0).toBe(0);
    expect(counts.errored ?? 0).toBe(0);
    expect(noResponseFindings(r)).toEqual([]);
    // Every planned case is listed: the unfinished ones skipped with the reason, never passed.
    expect(r.cases).toHaveLength(PLANNED);
    const unfinished = r.cases.filter((c) => c.outcome === 'skipped');
    expect(unfinished.length).toBeGreaterThan(0);
    for (const c of unfinished) expect(c.reason).toMatch(/^not (run|finished): the run stopped \(E_TARGET_LOST\)/);
  }, 60_000);

  it('a fault on one operation only is still that operation\'s finding: the target answers the probe', async () => {
    const r = await runAgainst({ resetRate: 1, operations: ['getCall'] }, { operations: ['getCall'] });
    expect(r.stopped).toBeUndefined();
    expect(noResponseFindings(r).map((f) => f.operationId)).toContain('getCall');
  });

  it('dead before the first request: could not start', async () => {
    const err = await runAgainst({ dieAfter: { requests: 0, as: 'reset' } }).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(ContractStartError);
    expect((err as ContractStartError).code).toBe('E_TARGET_UNREACHABLE');
  });
});

describe('429 answers are rate limiting, not findings', () => {
  it('a token bucket: requests wait as Retry-After asks and the run passes with zero findings', async () => {
    const t0 = Date.now();
    const checks = ['success_status_conformance', 'content_type_conformance', 'response_schema_conformance', 'unauthorized_is_rejected'];
    const r = await runAgainst({ rateLimit: { perSecond: 2, burst: 3 } }, { operations: ['getCall', 'getCallReport'], checks });
    const elapsedMs = Date.now() - t0;
    expect(r.stopped).toBeUndefined();
    expect(r.cases.flatMap((c) => c.findings)).toEqual([]);
    expect(r.cases.every((c) => c.outcome === 'passed')).toBe(true);
    expect(r.rateLimit.answers).toBeGreaterThan(0);
    expect(r.rateLimit.retries).toBe(r.rateLimit.answers);
    // Retry-After is whole seconds (at least 1): each retry waited it, and the run took that long.
    expect(r.rateLimit.waitedMs).toBeGreaterThanOrEqual(1000 * r.rateLimit.retries);
    expect(elapsedMs).toBeGreaterThanOrEqual(1000);
  }, 60_000);

  it('a limit that persists on one operation: could not finish, E_RATE_LIMITED, after the bounded retries', async () => {
    const r = await runAgainst({ rateLimitRate: 1, retryAfterSeconds: 0, operations: ['getCallReport'] });
    expect(r.stopped?.code).toBe('E_RATE_LIMITED');
    expect(r.stopped?.message).toContain(`after ${RATE_LIMIT_POLICY.retriesPerRequest} retries`);
    expect(r.cases.flatMap((c) => c.findings).filter((f) => f.status === 429)).toEqual([]);
    expect(r.cases.some((c) => c.outcome === 'passed')).toBe(true);
    expect(r.rateLimit.answers).toBeGreaterThanOrEqual(RATE_LIMIT_POLICY.retriesPerRequest + 1);
  }, 60_000);

  it('a Retry-After beyond the bound is not waited for', async () => {
    const t0 = Date.now();
    const r = await runAgainst({ rateLimitRate: 1, retryAfterSeconds: 3600, operations: ['getCall'] }, { operations: ['getCall'] });
    expect(r.stopped?.code).toBe('E_RATE_LIMITED');
    expect(r.stopped?.message).toContain('Retry-After 3600');
    expect(r.rateLimit.waitedMs).toBe(0);
    expect(Date.now() - t0).toBeLessThan(RATE_LIMIT_POLICY.maxWaitPerAnswerMs);
  });

  it('rate-limited from the first request: could not start, E_RATE_LIMITED', async () => {
    const err = await runAgainst({ rateLimitRate: 1, retryAfterSeconds: 0 }).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(ContractStartError);
    expect((err as ContractStartError).code).toBe('E_RATE_LIMITED');
  });
});

describe('a signal during a wait', () => {
  /** Aborts `stop` `afterMs` after `ready` first holds of the server (polled every 10 ms). */
  function abortWhen(stop: AbortController, ready: (s: RunningServer) => boolean, afterMs: number): void {
    const poll = setInterval(() => {
      if (!server || !ready(server)) return;
      clearInterval(poll);
      setTimeout(() => stop.abort(), afterMs);
    }, 10).unref();
    stop.signal.addEventListener('abort', () => clearInterval(poll));
  }

  it('ends a Retry-After wait and a hanging request at once: cases in flight not finished, no finding, the target not judged lost', async () => {
    server = await start({ port: 0, transferStepMs: 10, faults: { rateLimitRate: 1, retryAfterSeconds: 20, operations: ['getCallReport'] } });
    const stop = new AbortController();
    // Once the first 429 is answered (the run is in its 20 s wait), however long a busy machine
    // takes to get there: a fixed 500 ms could stop it before.
    abortWhen(stop, (s) => s.delays('getCallReport').length > 0, 0);
    const t0 = Date.now();
    const r = await runContract({ target: server.url, token: server.apiKeys[0], agentId: server.agentIds[0], operations: ['getCallReport'], signal: stop.signal });
    // Well under the 20 s the target asked for: the wait did not outlive the signal.
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(r.interrupted).toBe(true);
    expect(r.stopped).toBeUndefined();
    expect(r.cases.flatMap((c) => c.findings)).toEqual([]);
    expect(r.cases.every((c) => c.outcome === 'skipped' && /^not (run|finished): the run was interrupted/.test(c.reason ?? ''))).toBe(true);
  });

  it('a hanging request is cut short without a probe declaring the target lost', async () => {
    server = await start({ port: 0, transferStepMs: 10, faults: { dieAfter: { requests: 1, as: 'hang' } } });
    const stop = new AbortController();
    // 300 ms after the one request answered: the next one hangs meanwhile, however late it started.
    abortWhen(stop, (s) => s.operationIds.some((op) => s.delays(op).length > 0), 300);
    const t0 = Date.now();
    const r = await runContract({ target: server.url, token: server.apiKeys[0], agentId: server.agentIds[0], operations: ['getCall'], timeoutMs: 15_000, signal: stop.signal });
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(r.interrupted).toBe(true);
    expect(r.stopped).toBeUndefined();
    expect(r.cases.flatMap((c) => c.findings)).toEqual([]);
  });
});

describe('Retry-After as an HTTP date', () => {
  it('is waited for until that moment, then the request goes through', async () => {
    server = await start({ port: 0, transferStepMs: 10 });
    const upstream = server.url;
    let limited = 0;
    // A gateway in front of the reference server that rate-limits the first call detail request with a date.
    const gateway = createServer((req, res) => {
      if (/^\/v1\/calls\/[^/]+$/.test(req.url ?? '') && limited++ === 0) {
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': new Date(Date.now() + 3000).toUTCString() }).end('{"error":"slow down","code":"RATE_LIMITED"}');
        return;
      }
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        void fetch(upstream + req.url, { method: req.method, headers: forwardedHeaders(req), body: chunks.length ? Buffer.concat(chunks) : undefined })
          .then(async (up) => res.writeHead(up.status, { 'content-type': up.headers.get('content-type') ?? '' }).end(Buffer.from(await up.arrayBuffer())));
      });
    });
    await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r));
    try {
      const r = await runContract({ target: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`, token: server.apiKeys[0], agentId: server.agentIds[0], operations: ['getCall'], checks: ['success_status_conformance'] });
      expect(r.cases.map((c) => c.outcome)).toEqual(['passed']);
      expect(r.rateLimit.answers).toBe(1);
      // HTTP dates have whole seconds: more than 1 s of the 3 s asked for is left when it is read.
      expect(r.rateLimit.waitedMs).toBeGreaterThan(1000);
      expect(r.rateLimit.waitedMs).toBeLessThanOrEqual(3000);
    } finally {
      gateway.closeAllConnections();
      await new Promise((r) => gateway.close(r));
    }
  });
});
