// `run` and `capacity` against a target that misbehaves: the verdict fails where the target broke
// the contract, every report says what came and how to reproduce it without the token, and the
// capacity search never calls a rate held where every answer was a redirect.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../load/capacity/judge-step.ts';
import { runCapacity } from '../../load/capacity/run-capacity.ts';
import type { RunResult } from '../../reports/model.ts';
import { start, type RunningServer } from '../../server/index.ts';
import type { ContractResult } from '../../contract/result.ts';
import { hugeBody, isCallDetail, MISBEHAVIOURS, startAdversarialTarget, withToken, type AdversarialTarget, type Misbehaviour } from '../helpers/adversarial-target.ts';
import { runCliInProcess } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-adversarial-run-'));
let upstream: RunningServer;
let token: string;
beforeAll(async () => {
  upstream = await start({ port: 0, transferStepMs: 20 });
  token = upstream.apiKeys[0] as string;
});
afterAll(async () => { await upstream.close(); });

async function through(misbehaviour: keyof typeof MISBEHAVIOURS, picks: Parameters<typeof startAdversarialTarget>[1]): Promise<AdversarialTarget> {
  return startAdversarialTarget(upstream.url, picks, MISBEHAVIOURS[misbehaviour]);
}

describe('calls-harness run against a misbehaving target', () => {
  it('a byte order mark on call detail: exit 1, the finding in result.json, summary.md and report.html, a curl line without the token', { timeout: 90_000 }, async () => {
    const target = await through('a JSON body with a byte order mark', (path, req) => isCallDetail(path) && withToken(req, token));
    const out = join(dir, 'bom');
    try {
      const res = await runCliInProcess(['run', '--target', target.url, '--agent', upstream.agentIds[0] as string, '--engine', 'node', '--scenario', 'read-mix',
        '--rate', '5', '--duration', '2s', '--report-dir', out, '--history', join(dir, 'history.ndjson'), '--quiet'], { env: { CALLS_API_TOKEN: token }, timeoutMs: 80_000 });
      expect(res.code, res.stderr).toBe(1);
      expect(res.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack trace
      const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as RunResult;
      expect(result.verdict.passed).toBe(false);
      const found = result.contract?.findings.filter((f) => f.title === 'Body starts with a byte order mark') ?? [];
      expect(found.length).toBeGreaterThan(0);
      expect(found[0]?.curl).toContain('"Authorization: Bearer $CALLS_API_TOKEN"');
      // The load stage fails on its own evidence: the body check saw what the contract run saw.
      expect(result.load?.[0]?.thresholds.filter((t) => !t.ok).map((t) => t.metric)).toEqual(expect.arrayContaining(['contract_violations']));
      for (const file of ['result.json', 'summary.md', 'report.html', 'junit.xml']) {
        const text = readFileSync(join(out, file), 'utf8');
        expect(text, file).not.toContain(token);
        expect(text, file).toMatch(/byte order mark/);
      }
      expect(res.stdout + res.stderr).not.toContain(token);
    } finally {
      await target.close();
    }
  });
});

describe('calls-harness contract against a misbehaving target', () => {
  it('every call detail redirected, only the body checks asked for: all skipped, nothing judged, exit 1 (never a pass)', { timeout: 40_000 }, async () => {
    const target = await startAdversarialTarget(upstream.url, (path) => isCallDetail(path), MISBEHAVIOURS['redirect to another host']);
    try {
      const res = await runCliInProcess(['contract', '--target', target.url, '--agent', upstream.agentIds[0] as string, '--operations', 'getCall',
        '--checks', 'content_type_conformance,response_schema_conformance', '--report-dir', join(dir, 'all-skipped')], { env: { CALLS_API_TOKEN: token }, timeoutMs: 30_000 });
      expect(res.code, res.stderr).toBe(1);
      const result = JSON.parse(readFileSync(join(dir, 'all-skipped', 'result.json'), 'utf8')) as RunResult;
      expect(result.contract?.cases.map((c) => c.outcome)).toEqual(['skipped', 'skipped']);
      expect(result.verdict).toEqual({ passed: false, reasons: ['contract: all 2 check(s) skipped: nothing was judged'] });
    } finally {
      await target.close();
    }
  });

  it.each([
    ['an endless chunked body', hugeBody(Infinity, false), 'Body larger than 10 MiB: the harness read no further'],
    ['JSON nested 200000 deep', MISBEHAVIOURS['deeply nested JSON'], 'CallDetail at /x_deep/0/0/0/0/0/… (1001 levels): nested deeper than 1000 levels'],
  ] as [string, Misbehaviour, string][])('%s: exit 1 in bounded time, the finding in --json and --junit, no stack trace', { timeout: 40_000 }, async (name, misbehave, title) => {
    const target = await startAdversarialTarget(upstream.url, (path, req) => isCallDetail(path) && withToken(req, token), misbehave);
    const out = join(dir, name.replace(/\W+/g, '-'));
    try {
      const t0 = performance.now();
      const res = await runCliInProcess(['contract', '--target', target.url, '--agent', upstream.agentIds[0] as string, '--operations', 'getCall',
        '--json', join(out, 'contract.json'), '--junit', join(out, 'contract.xml')], { env: { CALLS_API_TOKEN: token }, timeoutMs: 30_000 });
      expect(res.code, res.stderr).toBe(1);
      expect(performance.now() - t0).toBeLessThan(20_000);
      expect(res.stdout + res.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
      expect(res.stdout + res.stderr).not.toContain(token);
      const result = JSON.parse(readFileSync(join(out, 'contract.json'), 'utf8')) as ContractResult;
      expect(result.cases.filter((c) => c.outcome === 'errored')).toEqual([]);
      expect(result.cases.flatMap((c) => c.findings).map((f) => f.title)).toContain(title);
      expect(readFileSync(join(out, 'contract.xml'), 'utf8')).toContain(title);
    } finally {
      await target.close();
    }
  });
});

describe('calls-harness contract against a target that ignores the token', () => {
  it('says SECURITY in the console, and before the findings in summary.md and report.html', { timeout: 40_000 }, async () => {
    // Bad-token requests answered as a valid token is: the data, with a 200.
    const target = await startAdversarialTarget(upstream.url, (path, req) => isCallDetail(path) && !withToken(req, token), async ({ req, res }) => {
      const page = await fetch(`${upstream.url}${req.url ?? '/'}`, { headers: { authorization: `Bearer ${token}` } });
      res.writeHead(200, { 'content-type': 'application/json' }).end(Buffer.from(await page.arrayBuffer()));
    });
    const out = join(dir, 'auth-ignored');
    try {
      const res = await runCliInProcess(['contract', '--target', target.url, '--agent', upstream.agentIds[0] as string, '--operations', 'getCall', '--checks', 'unauthorized_is_rejected', '--report-dir', out],
        { env: { CALLS_API_TOKEN: token }, timeoutMs: 30_000 });
      expect(res.code, res.stderr).toBe(1);
      expect(res.stdout).toContain('SECURITY: 5 request(s) without a valid token were accepted (getCall)');
      const md = readFileSync(join(out, 'summary.md'), 'utf8');
      expect(md.indexOf('**SECURITY: 5 request(s)')).toBeGreaterThan(0);
      expect(md.indexOf('**SECURITY: 5 request(s)')).toBeLessThan(md.indexOf('| operation | check | finding'));
      expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(/<p class="security"><strong>SECURITY: 5 request\(s\) without a valid token were accepted \(getCall\)/);
      expect(md + res.stdout + res.stderr).not.toContain(token);
    } finally {
      await target.close();
    }
  });
});

describe('calls-harness capacity against a misbehaving target', () => {
  it('every getCall redirected: no rate is held, the first step broke on the error rate, limited by the API', { timeout: 60_000 }, async () => {
    const target = await through('redirect to the same API', isCallDetail);
    try {
      const { search } = await runCapacity({
        load: { scenario: 'read-mix', profile: 'capacity', engine: 'node', target: target.url, token, agentId: upstream.agentIds[0], quiet: true },
        slo: {}, warmUpS: 1, reportDir: join(dir, 'capacity-redirect'), limits: DEFAULT_LIMITS,
        startRate: 10, maxRate: 40, growth: 2, resolution: 0.1, stepS: 2, maxStepS: 3, maxDurationS: 30,
      });
      expect(search.highestRateHeld).toBeNull();
      expect(search.steps[0]).toMatchObject({ rate: 10, held: false });
      expect(search.steps[0]?.why).toMatch(/http_req_failed\{name:getCall/);
      expect(search.limitedBy).toBe('api');
    } finally {
      await target.close();
    }
  });
});
