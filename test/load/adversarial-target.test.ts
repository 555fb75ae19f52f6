// Load against a target that misbehaves (the built-in engine, the one that runs here): answers
// that flap between 200 and 500, redirects the engine does not follow, HTTP/1.0 with a new
// connection per request. The verdict fails where the target broke the contract, the errors by
// kind add up to the failed requests, and counts and percentiles match what the target saw.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runLoad } from '../../load/run-load.ts';
import { buildOptions } from '../../scenarios/lib/options.ts';
import type { Profile } from '../../scenarios/lib/profiles.ts';
import { loadSection } from '../../reports/build-load-section.ts';
import type { LoadSection, OperationStats } from '../../reports/model.ts';
import { values, type SummaryLike } from '../../load/summary-metrics.ts';
import { start, type RunningServer } from '../../server/index.ts';
import { FIFTY_MB, hugeBody, isCallDetail, MISBEHAVIOURS, startAdversarialTarget, type AdversarialTarget } from '../helpers/adversarial-target.ts';
import { RESPONSE_LIMIT_BYTES } from '../../load/engine/http-client.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-adversarial-load-'));
let upstream: RunningServer | null = null;
let target: AdversarialTarget | null = null;
afterEach(async () => {
  await target?.close();
  await upstream?.close();
  target = null;
  upstream = null;
});

/** read-mix at 10 iterations/s for 4 s: about 40 requests, every operation of the mix. */
async function readMix(url: string, server: RunningServer, name: string): Promise<{ exitCode: number; summary: SummaryLike; section: LoadSection }> {
  const run = await runLoad({ scenario: 'read-mix', profile: 'smoke', shape: { rate: 10, duration: '4s' }, engine: 'node', target: url, token: server.apiKeys[0], agentId: server.agentIds[0], reportDir: join(dir, name), quiet: true });
  const summary = JSON.parse(readFileSync(run.summaryFile, 'utf8')) as SummaryLike;
  return { exitCode: run.exitCode, summary, section: loadSection(summary, { scenario: 'read-mix', profile: 'smoke', engine: 'node', exitCode: run.exitCode, problems: run.problems, slo: { p95Ms: 500, errorRate: 0.01 } }) };
}

const errorsOf = (o: OperationStats) => o.errorsByKind.status_4xx + o.errorsByKind.status_5xx + (o.errorsByKind.status_unexpected ?? 0) + o.errorsByKind.timeout + o.errorsByKind.reset + o.errorsByKind.other;

/** Every operation's failed requests (http_req_failed) are exactly its errors by kind: read-mix expects only each success status. */
function expectErrorsAddUp(summary: SummaryLike, section: LoadSection): void {
  for (const o of section.operations) {
    expect(errorsOf(o), o.operationId).toBe(values(summary, `http_req_failed{name:${o.operationId}}`).passes ?? 0);
  }
}

const failedThresholds = (s: LoadSection) => s.thresholds.filter((t) => !t.ok).map((t) => `${t.metric} ${t.expression}`);

describe('load against a misbehaving target', () => {
  it('500s that come and go: the error-rate threshold of that operation fails, and errors by kind add up', async () => {
    upstream = await start({ port: 0 });
    const server = upstream;
    // Every getCall fails for 300 ms of each 600 ms, then none does.
    let on = false;
    const flap = setInterval(() => { on = !on; server.setFaults(on ? { errorRate: 1, errorStatuses: [500], operations: ['getCall'] } : {}); }, 300);
    try {
      const { exitCode, summary, section } = await readMix(server.url, server, 'flapping');
      expect(exitCode).toBe(99);
      const getCall = section.operations.find((o) => o.operationId === 'getCall') as OperationStats;
      expect(getCall.errorsByKind.status_5xx).toBeGreaterThan(0);
      // Some got through between the flaps: the rate is a share, not all or nothing.
      expect(getCall.errorRate).toBeGreaterThan(0);
      expect(getCall.errorRate).toBeLessThan(1);
      expect(failedThresholds(section)).toContain('http_req_failed{name:getCall} rate<0.01');
      expectErrorsAddUp(summary, section);
    } finally {
      clearInterval(flap);
    }
  }, 30_000);

  it('a redirect (not followed by the engine) fails the run and is counted as an unexpected status', async () => {
    upstream = await start({ port: 0 });
    target = await startAdversarialTarget(upstream.url, isCallDetail, MISBEHAVIOURS['redirect to the same API']);
    const { exitCode, summary, section } = await readMix(target.url, upstream, 'redirect');
    expect(exitCode).toBe(99);
    const getCall = section.operations.find((o) => o.operationId === 'getCall') as OperationStats;
    expect(getCall.errorRate).toBe(1);
    expect(getCall.errorsByKind.status_unexpected).toBe(getCall.requests);
    expect(failedThresholds(section)).toEqual(expect.arrayContaining(['http_req_failed{name:getCall} rate<0.01', 'checks rate>0.99']));
    expect(section.violations?.find((v) => v.check === 'getCall answers 200')?.sample?.status).toBe(302);
    // Never followed: one request per redirect, and the target saw every request the engine counted.
    expect(target.counts.misbehaved).toBe(getCall.requests);
    expect(values(summary, 'http_reqs').count).toBe(target.counts.requests);
    expectErrorsAddUp(summary, section);
  }, 30_000);

  it('HTTP/1.0 with Connection: close on every answer: every request counted once, percentiles from the real latency, a pass', async () => {
    upstream = await start({ port: 0, latency: { '*': { model: 'fixed', ms: 40 } } });
    target = await startAdversarialTarget(upstream.url, () => true, MISBEHAVIOURS['HTTP/1.0 and Connection: close']);
    const { exitCode, summary, section } = await readMix(target.url, upstream, 'http10');
    expect(exitCode).toBe(0);
    expect(values(summary, 'http_reqs').count).toBe(target.counts.requests);
    expect(section.operations.reduce((n, o) => n + o.requests, 0)).toBe(target.counts.requests);
    expect(section.operations.filter((o) => o.requests > 0).length).toBeGreaterThanOrEqual(3);
    for (const o of section.operations.filter((op) => op.requests > 0)) {
      expect(errorsOf(o), o.operationId).toBe(0);
      // Each answer waited 40 ms at the server; a new connection per request adds little on loopback.
      expect(o.p50, o.operationId).toBeGreaterThanOrEqual(40);
      expect(o.p95, o.operationId).toBeLessThan(400);
    }
  }, 30_000);
});

describe('a misbehaving answer where the run starts', () => {
  it('the agent call list redirected: setup fails (107), naming the redirect, before any iteration', async () => {
    upstream = await start({ port: 0 });
    target = await startAdversarialTarget(upstream.url, (path) => path.startsWith('/v1/agents/'), MISBEHAVIOURS['redirect to another host']);
    const run = await runLoad({ scenario: 'read-mix', profile: 'smoke', shape: { rate: 5, duration: '2s' }, engine: 'node', target: target.url, token: upstream.apiKeys[0], agentId: upstream.agentIds[0], reportDir: join(dir, 'setup-redirect'), quiet: true });
    expect(run.exitCode).toBe(107);
    expect(run.problems.join('\n')).toMatch(/answered 307, a redirect \(never followed: give the base URL the API answers at\)/);
    expect(target.counts.requests).toBe(1);
  }, 30_000);
});

describe('errors by kind are the failed requests', () => {
  it('a race\'s loser 409, which the scenario expects, is no error: the kinds add up to the failed requests', async () => {
    upstream = await start({ port: 0, transferStepMs: 20 });
    const run = await runLoad({ scenario: 'transfer-races', profile: 'smoke', shape: { rate: 4, duration: '2s' }, engine: 'node', target: upstream.url, token: upstream.apiKeys[0], agentId: upstream.agentIds[0], reportDir: join(dir, 'races'), quiet: true });
    const summary = JSON.parse(readFileSync(run.summaryFile, 'utf8')) as SummaryLike;
    const section = loadSection(summary, { scenario: 'transfer-races', profile: 'smoke', engine: 'node', exitCode: run.exitCode, problems: run.problems, slo: { p95Ms: 500, errorRate: 0.01 } });
    expect(run.exitCode).toBe(0);
    // Every race had a loser, answered 409 as the scenario expects.
    const losers = ['cancelWarmTransfer', 'completeWarmTransfer'].reduce((n, op) => n + (values(summary, `http_reqs{name:${op},status:409}`).count ?? 0), 0);
    expect(losers).toBeGreaterThan(0);
    for (const o of section.operations) expect(errorsOf(o), o.operationId).toBe(0);
    expectErrorsAddUp(summary, section);
  }, 30_000);
});

describe('redirects under load, on both engines', () => {
  it('every scenario tells k6 not to follow redirects (maxRedirects: 0), as the built-in engine never does', () => {
    const smoke = JSON.parse(readFileSync(new URL('../../load/profiles/smoke.json', import.meta.url), 'utf8')) as Profile;
    expect(buildOptions(smoke, { name: 'read_mix', operations: ['getCall'] }).maxRedirects).toBe(0);
  });
});

describe('a huge body under load', () => {
  // The engine keeps at most RESPONSE_LIMIT_BYTES of an answer: a runaway body fails its request
  // (k6's generic 1000, a message that says why) instead of filling the generator's memory.
  it.each([
    ['50 MB declared by its Content-Length', hugeBody(FIFTY_MB, true)],
    ['an endless chunked body', hugeBody(Infinity, false)],
  ])('%s: the request fails as "other", no further than the limit is read, the run ends on time', async (_name, misbehaviour) => {
    upstream = await start({ port: 0 });
    target = await startAdversarialTarget(upstream.url, isCallDetail, misbehaviour);
    const t0 = performance.now();
    const run = await runLoad({ scenario: 'read-mix', profile: 'smoke', shape: { rate: 3, duration: '3s' }, engine: 'node', target: target.url, token: upstream.apiKeys[0], agentId: upstream.agentIds[0], reportDir: join(dir, `huge-${target.counts.requests}-${Date.now()}`), quiet: true });
    expect(performance.now() - t0).toBeLessThan(20_000);
    const summary = JSON.parse(readFileSync(run.summaryFile, 'utf8')) as SummaryLike;
    const section = loadSection(summary, { scenario: 'read-mix', profile: 'smoke', engine: 'node', exitCode: run.exitCode, problems: run.problems, slo: { p95Ms: 500, errorRate: 0.01 } });
    expect(run.exitCode).toBe(99);
    const getCall = section.operations.find((o) => o.operationId === 'getCall') as OperationStats;
    expect(target.counts.misbehaved).toBeGreaterThan(0);
    expect(getCall.errorsByKind.other).toBe(target.counts.misbehaved);
    expectErrorsAddUp(summary, section);
    // Each cut answer was read to the limit and no further (the socket buffers add a little).
    expect(target.streamed.bytes / target.counts.misbehaved).toBeLessThan(RESPONSE_LIMIT_BYTES + 4 * 1024 * 1024);
  }, 40_000);
});
