// A target that misbehaves in ways a gateway or a broken service does (redirects, bodies that are
// not UTF-8 or not JSON, huge or endless bodies, a 401 matrix answered otherwise): each gives a
// finding that names what was received and what was declared, with a curl line without the
// token; the run ends in bounded time, reads a bounded body, and nothing errors.
import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractStartError } from '../../contract/call-supply.ts';
import { BODY_LIMIT_BYTES } from '../../contract/read-body.ts';
import type { ContractResult } from '../../contract/result.ts';
import { runContract } from '../../contract/run-contract.ts';
import { contractConsole } from '../../reports/contract-console.ts';
import { start, type RunningServer } from '../../server/index.ts';
import { FIFTY_MB, gzipBomb, hugeBody, isCallDetail, MISBEHAVIOURS, startAdversarialTarget, withToken, type AdversarialTarget, type Misbehaviour, type MisbehaviourName } from '../helpers/adversarial-target.ts';

let upstream: RunningServer;
let token: string;
beforeAll(async () => {
  upstream = await start({ port: 0, transferStepMs: 10 });
  token = upstream.apiKeys[0] as string;
});
afterAll(async () => { await upstream.close(); });

const SINGLE_REQUEST_CHECKS = ['success_status_conformance', 'content_type_conformance', 'response_schema_conformance', 'unauthorized_is_rejected'];

async function runThrough(picks: (path: string, req: IncomingMessage) => boolean, misbehave: Misbehaviour, extra: Parameters<typeof runContract>[0] = {}): Promise<{ r: ContractResult; target: AdversarialTarget; ms: number }> {
  const target = await startAdversarialTarget(upstream.url, picks, misbehave);
  const t0 = performance.now();
  try {
    const r = await runContract({ target: target.url, token, agentId: upstream.agentIds[0], operations: ['getCall'], checks: SINGLE_REQUEST_CHECKS, timeoutMs: 5000, ...extra });
    return { r, target, ms: performance.now() - t0 };
  } finally {
    await target.close();
  }
}

const findings = (r: ContractResult) => r.cases.flatMap((c) => c.findings);

/** What every adversarial run must keep: no case errored, no token anywhere, a curl line for every finding. */
function expectHonest(r: ContractResult): void {
  expect(r.cases.filter((c) => c.outcome === 'errored').map((c) => c.reason)).toEqual([]);
  expect(JSON.stringify(r)).not.toContain(token);
  for (const f of findings(r)) {
    expect(f.curl).toMatch(/^curl -sS -i -X GET '/);
    expect(f.expected.length).toBeGreaterThan(0);
    expect(f.received.length).toBeGreaterThan(0);
  }
}

/** Each misbehaviour on the documented call-detail request: the check and finding it must give. */
const ON_THE_SUCCESS_BODY: [MisbehaviourName, string, RegExp, RegExp][] = [
  ['redirect to the same API', 'success_status_conformance', /^Undocumented redirect 302 where 200 is documented$/, /^302 redirect to http:\/\/127\.0\.0\.1:\d+\/v1\/calls\/\S+\?redirected=1 \(not followed\)/],
  ['redirect to another host', 'success_status_conformance', /^Undocumented redirect 307 where 200 is documented$/, /redirect to http:\/\/calls-api\.invalid\/v1\/elsewhere \(not followed\)/],
  ['redirect loop', 'success_status_conformance', /^Undocumented redirect 301 where 200 is documented$/, /^301 redirect to \/v1\/calls\//],
  ['a body that is not UTF-8', 'response_schema_conformance', /^Body is not valid UTF-8 \(byte \d+\)$/, /is not UTF-8; read leniently: \{"id"/],
  ['a JSON body with a byte order mark', 'response_schema_conformance', /^Body starts with a byte order mark$/, /^EF BB BF, then \{/],
  ['Content-Type charset=utf-16', 'content_type_conformance', /declares the charset utf-16, where JSON is UTF-8$/, /^application\/json; charset=utf-16$/],
  ['no Content-Type', 'content_type_conformance', /^Content type "none" where application\/json is documented$/, /no Content-Type header/],
  ['text/plain with JSON inside', 'content_type_conformance', /^Content type "text\/plain" where application\/json is documented$/, /^text\/plain$/],
  ['duplicate JSON keys', 'response_schema_conformance', /^CallDetail at \/status: the key "status" appears more than once/, /"status":"not-a-status"/],
  ['an integer beyond 2^53', 'response_schema_conformance', /^CallDetail at \/duration_seconds: the integer 9007199254740993 is beyond 2\^53: JavaScript reads it as 9007199254740992$/, /9007199254740993/],
  ['deeply nested JSON', 'response_schema_conformance', /^CallDetail at \/x_deep\/0\/0\/0\/0\/0\/… \(1001 levels\): nested deeper than 1000 levels$/, /not parsed/],
  ['a null body', 'response_schema_conformance', /^CallDetail at \/: must be object$/, /^null$/],
  ['an empty body with 200', 'response_schema_conformance', /^Body is empty$/, /an empty body/],
  ['204 where a body is documented', 'success_status_conformance', /^Undocumented status 204 where 200 is documented$/, /^204 /],
  ['a 64 KB header', 'success_status_conformance', /^No response \(other\)$/, /^no response: other \(an answer whose headers passed the 16 KiB an HTTP client reads \(UND_ERR_HEADERS_OVERFLOW\)\)$/],
  ['a HEAD-like answer (Content-Length, no body)', 'success_status_conformance', /^No response \(truncated\)$/, /^no response: truncated \(a 200 answer whose body ended early: /],
];

describe('a misbehaving answer to the documented request is a finding that says what came', () => {
  it.each(ON_THE_SUCCESS_BODY)('%s: %s', async (name, check, title, received) => {
    const { r } = await runThrough((path, req) => isCallDetail(path) && withToken(req, token), MISBEHAVIOURS[name]);
    expectHonest(r);
    expect(r.stopped).toBeUndefined();
    const found = findings(r).filter((f) => f.check === check);
    expect(found.map((f) => f.title)).toEqual([expect.stringMatching(title)]);
    expect(found[0]?.received).toMatch(received);
    expect(found[0]?.curl).toContain('"Authorization: Bearer $CALLS_API_TOKEN"');
    expect(r.cases.find((c) => c.check === check)?.outcome).toBe('failed');
    if (check === 'success_status_conformance') {
      // No success answer, no success body to judge: skipped with the reason, never passed.
      for (const body of ['content_type_conformance', 'response_schema_conformance']) {
        const c = r.cases.find((x) => x.check === body);
        expect(c?.outcome, body).toBe('skipped');
        expect(c?.reason).toMatch(/^not judged: the documented request got (\d{3}|no response \(\w+\)), not 200; success_status_conformance reports it$/);
      }
    }
  });

  it('a body that stops half-way with the connection kept open: a timeout that names the status that came', async () => {
    const stall: Misbehaviour = ({ res }) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"id":"call_');
    };
    const { r, ms } = await runThrough((path, req) => isCallDetail(path) && withToken(req, token), stall, { timeoutMs: 400, checks: ['success_status_conformance'] });
    expectHonest(r);
    expect(r.stopped).toBeUndefined();
    expect(findings(r).map((f) => f.title)).toEqual(['No response (timeout)']);
    expect(findings(r)[0]?.received).toBe('no response: timeout (a 200 answer whose body did not end within 400 ms)');
    expect(ms).toBeLessThan(5000);
  });

  it('a redirect is never followed: the target sees each request once, a loop included', async () => {
    const { r, target } = await runThrough((path) => isCallDetail(path), MISBEHAVIOURS['redirect loop']);
    expectHonest(r);
    // The documented request and the five bad-token probes: one each, not ten hops each.
    expect(target.counts.misbehaved).toBe(6);
  });

  it('an answer over HTTP/1.0 with Connection: close is no finding of itself', async () => {
    const { r } = await runThrough((path) => isCallDetail(path), MISBEHAVIOURS['HTTP/1.0 and Connection: close']);
    expectHonest(r);
    expect(findings(r)).toEqual([]);
    expect(r.cases.every((c) => c.outcome === 'passed')).toBe(true);
  });

  it('a clean target through the same proxy: no finding (the new body checks raise no false alarm)', async () => {
    const { r } = await runThrough(() => false, () => undefined, { checks: undefined, statefulRuns: 3 });
    expectHonest(r);
    expect(findings(r)).toEqual([]);
  }, 30_000);

  it('the lifecycle model says a body it cannot read is not a JSON object (never "nothing listed")', async () => {
    const { r } = await runThrough((path, req) => isCallDetail(path) && withToken(req, token) && req.method === 'GET', MISBEHAVIOURS['an empty body with 200'], { checks: ['lifecycle_model_holds'], operations: undefined, statefulRuns: 3 });
    expectHonest(r);
    const titles = findings(r).map((f) => f.title);
    expect(titles.length).toBeGreaterThan(0);
    expect(titles.every((t) => /call detail answered 200 with a body that is not a JSON object/.test(t))).toBe(true);
  }, 30_000);
});

describe('a huge or endless body: read up to the limit, reported, memory and time bounded', () => {
  it.each([
    ['50 MB with its Content-Length', hugeBody(FIFTY_MB, true), /the body is 52428802 bytes \(Content-Length\), beyond the 10 MiB the harness reads/],
    ['50 MB chunked, no length', hugeBody(FIFTY_MB, false), /the body went on past the 10 MiB the harness reads; it began: "aaaa/],
    ['an endless chunked body', hugeBody(Infinity, false), /the body went on past the 10 MiB/],
    ['a gzip bomb (50 KB inflating to 50 MB)', gzipBomb(), /the body went on past the 10 MiB the harness reads once inflated \(Content-Encoding: gzip\)/],
  ] as const)('%s', async (_name, misbehave, received) => {
    const { r, target, ms } = await runThrough((path, req) => isCallDetail(path) && withToken(req, token), misbehave, { checks: ['response_schema_conformance'] });
    expectHonest(r);
    const found = findings(r);
    expect(found.map((f) => f.title)).toEqual(['Body larger than 10 MiB: the harness read no further']);
    expect(found[0]?.received).toMatch(received);
    expect(found[0]?.received.length).toBeLessThan(1000);
    // The harness let go of the connection: far less than 50 MB ever left the target.
    expect(target.streamed.bytes).toBeLessThan(BODY_LIMIT_BYTES + 8 * 1024 * 1024);
    expect(ms).toBeLessThan(5000);
  }, 20_000);
});

describe('a redirect that carries the token in its Location', () => {
  it('is named with its Location, the token redacted there too', async () => {
    // A careless gateway that sends the caller to a login page with the key it was given.
    const echo: Misbehaviour = ({ res }) => { res.writeHead(302, { location: `https://login.invalid/?access_token=${token}` }).end(); };
    const { r } = await runThrough((path, req) => isCallDetail(path) && withToken(req, token), echo, { checks: ['success_status_conformance'] });
    expectHonest(r);
    expect(findings(r).map((f) => f.received)).toEqual([expect.stringMatching(/^302 redirect to https:\/\/login\.invalid\/\?access_token=\S+ \(not followed\)/)]);
  });
});

/** A bad-token probe of call detail: the requests the 401 matrix sends. */
const badToken = (path: string, req: IncomingMessage) => isCallDetail(path) && !withToken(req, token);
const answerWith = (status: number, contentType: string, body: string): Misbehaviour => ({ res }) => { res.writeHead(status, { 'content-type': contentType }).end(body); };

describe('the 401 matrix answered otherwise', () => {
  it.each([
    ['403', answerWith(403, 'application/json', '{"error":"Forbidden","code":"FORBIDDEN"}'), /^403 Forbidden with .+, where 401 is documented$/],
    ['404', answerWith(404, 'application/json', '{"error":"Not found","code":"NOT_FOUND"}'), /^Undocumented status 404 with .+ \(404\) where 401 is documented$/],
    ['500', answerWith(500, 'text/html', '<h1>oops</h1>'), /^Server error 500 with .+ \(500\) where 401 is documented$/],
    ['401 with a body that is not the Error', answerWith(401, 'application/json', '{"message":"no"}'), /^401 body with .+ is not the documented Error: \/ must have required property '(error|code)'$/],
    ['401 as application/problem+json', answerWith(401, 'application/problem+json', '{"type":"about:blank","title":"Unauthorized","status":401}'), /^401 body with .+ is not the documented Error: \/ must have required property '(error|code)'$/],
  ] as const)('%s: a finding for every bad token', async (_name, misbehave, title) => {
    const { r } = await runThrough(badToken, misbehave, { checks: ['unauthorized_is_rejected'] });
    expectHonest(r);
    const found = findings(r);
    expect(found.length).toBeGreaterThanOrEqual(5);
    for (const f of found) expect(f.title).toMatch(title);
    expect(r.cases[0]?.outcome).toBe('failed');
  });

  it('the problem+json answer shows its content type in what was received', async () => {
    const { r } = await runThrough(badToken, answerWith(401, 'application/problem+json', '{"title":"Unauthorized"}'), { checks: ['unauthorized_is_rejected'] });
    expect(findings(r)[0]?.received).toMatch(/^401 application\/problem\+json \{"title":"Unauthorized"\}$/);
  });

  it('a 200 for a bad token is a security finding, loud in its title, and fails the case', async () => {
    const { r } = await runThrough(badToken, async ({ req, res }) => {
      // The data a valid token gets, for a token that is not valid.
      const page = await fetch(`${upstream.url}${req.url ?? '/'}`, { headers: { authorization: `Bearer ${token}` } });
      res.writeHead(200, { 'content-type': 'application/json' }).end(Buffer.from(await page.arrayBuffer()));
    }, { checks: ['unauthorized_is_rejected'] });
    expectHonest(r);
    const found = findings(r);
    expect(found).toHaveLength(5);
    for (const f of found) {
      expect(f.title).toMatch(/^Security: accepted a request with .+ \(200\) where 401 is documented$/);
      expect(f.security).toBe(true);
      expect(f.status).toBe(200);
      expect(f.curl).not.toContain('$CALLS_API_TOKEN');
    }
    expect(r.cases[0]?.outcome).toBe('failed');
    // Said apart from the findings, at the end of what the console prints: no list can hide it.
    expect(contractConsole(r, { passed: false }).split('\n').slice(-3).join('\n')).toContain('SECURITY: 5 request(s) without a valid token were accepted (getCall)');
  });

  it('a 403 or a 500 for a bad token is a finding, but no security line: nothing was accepted', async () => {
    const { r } = await runThrough(badToken, answerWith(500, 'text/html', 'oops'), { checks: ['unauthorized_is_rejected'] });
    expect(findings(r).some((f) => f.security)).toBe(false);
    expect(contractConsole(r, { passed: false })).not.toContain('SECURITY');
  });
});

describe('where the run starts', () => {
  it('the agent call list redirected: a start error that names the redirect, never followed', async () => {
    const target = await startAdversarialTarget(upstream.url, () => true, MISBEHAVIOURS['redirect to another host']);
    const err = await runContract({ target: target.url, token, agentId: upstream.agentIds[0] }).then(() => null, (e: unknown) => e);
    await target.close();
    expect(err).toBeInstanceOf(ContractStartError);
    expect((err as ContractStartError).code).toBe('E_TARGET_NOT_JSON');
    expect((err as Error).message).toMatch(/received 307 redirect to http:\/\/calls-api\.invalid\/v1\/elsewhere \(not followed\).*does not follow redirects/);
    expect((err as Error).message).not.toContain(token);
  });

  it('a 50 MB agent call list: a start error that says the body was past the limit', async () => {
    const target = await startAdversarialTarget(upstream.url, (path) => path.startsWith('/v1/agents/'), hugeBody(FIFTY_MB, true));
    const err = await runContract({ target: target.url, token, agentId: upstream.agentIds[0] }).then(() => null, (e: unknown) => e);
    await target.close();
    expect((err as ContractStartError).code).toBe('E_TARGET_NOT_JSON');
    expect((err as Error).message).toMatch(/received 200 application\/json \[the body is 52428802 bytes \(Content-Length\), beyond the 10 MiB the harness reads\]/);
  });
});
