// The canary test of the secret class: every secret the harness holds (the API token, the
// remote-write bearer token and password, a password in a URL) is echoed back by a hostile target
// and a hostile remote-write receiver in every encoding (raw, JSON \/ and \u escapes, URL-encoded,
// base64 and base64url at each alignment, hex), in bodies, headers and error messages; then every
// output of the commands is searched for every encoding of every secret: the console, --json,
// result.json, JUnit, summary.md, report.html, summary.json, merge.json, the replay script and
// file, the history, and what the receiver was sent. One run per kind of secret, not per encoding.
import { readdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findK6 } from '../../load/k6-runner.ts';
import { start, type RunningServer } from '../../server/index.ts';
import { startAdversarialTarget, type AdversarialTarget } from '../helpers/adversarial-target.ts';
import { runCliInProcess } from '../helpers/cli.ts';
import { secretEncodings, secretLeaks, textsUnder } from '../helpers/secret-encodings.ts';
import { echoTheToken, startEchoingReceiver, type EchoingReceiver } from '../helpers/secret-echo.ts';

// A '/' and a '+' in each: their JSON (\/) and URL (%2F, %2B) escapes differ from the raw form.
const TOKEN = 'sk_live/LEAKcanary+93hQv7Zp2Xw';
const RW_BEARER = 'rw_B3arer/canary+77QxLm';
const RW_PASSWORD = 'rw_Pass/canary+42Secret';
const URL_PASSWORD = 'url_Pw/canary+9xKq';
const SECRETS = { 'API token': TOKEN, 'remote-write bearer token': RW_BEARER, 'remote-write password': RW_PASSWORD, 'URL password': URL_PASSWORD };

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-secrets-'));
const history = join(dir, 'history.ndjson');
const CLEAN_ENV = { CALLS_API_BASE_URL: undefined, CALLS_API_AGENT_ID: undefined, CALLS_HARNESS_RELEASE: undefined, CALLS_THRESHOLDS: undefined, K6_HTTP_DEBUG: undefined };

let api: RunningServer;
let target: AdversarialTarget;
let receiver: EchoingReceiver;

beforeAll(async () => {
  api = await start({ port: 0, transferStepMs: 10 });
  target = await startAdversarialTarget(api.url, (_path, req) => req.headers.authorization === `Bearer ${TOKEN}`, echoTheToken(api.apiKeys[0] as string));
  receiver = await startEchoingReceiver([RW_BEARER, RW_PASSWORD, URL_PASSWORD]);
});

afterAll(async () => {
  await target?.close();
  await receiver?.close();
  await api?.close();
});

const leaksOf = (streams: Record<string, string>, paths: string[]) => secretLeaks(SECRETS, streams, paths);

describe('no secret leaks, in any encoding, through any output', () => {
  it('run: a target echoing the token and a receiver echoing its credentials, every output searched', async () => {
    const out = join(dir, 'run');
    const env = {
      ...CLEAN_ENV, CALLS_API_TOKEN: TOKEN,
      K6_PROMETHEUS_RW_SERVER_URL: `${receiver.url.replace('://', `://metrics:${encodeURIComponent(URL_PASSWORD)}@`)}/api/v1/write`,
      K6_PROMETHEUS_RW_BEARER_TOKEN: RW_BEARER, K6_PROMETHEUS_RW_USERNAME: 'metrics', K6_PROMETHEUS_RW_PASSWORD: RW_PASSWORD, K6_PROMETHEUS_RW_PUSH_INTERVAL: '300ms',
    };
    const res = await runCliInProcess(['run', '--engine', 'node', '--target', target.url, '--agent', api.agentIds[0] as string, '--scenario', 'read-mix', '--rate', '5', '--duration', '2s',
      '--report-dir', out, '--history', history, '--k6-out', 'experimental-prometheus-rw', '--json'], { env, timeoutMs: 110_000 });
    expect([1, 99], res.stderr).toContain(res.code);
    expect(target.counts.misbehaved).toBeGreaterThan(0);
    expect(receiver.pushes()).toBeGreaterThan(0);
    const files = textsUnder(out).map((t) => t.where.slice(out.length + 1));
    expect(files).toEqual(expect.arrayContaining(['result.json', 'junit.xml', 'summary.md', 'report.html']));
    expect(files.filter((f) => f.endsWith('merge.json')).length).toBeGreaterThan(0);
    // The echoes reached the outputs, each secret replaced by its name.
    const everything = [res.stdout, res.stderr, ...textsUnder(out).map((t) => t.text)].join('\n');
    expect(everything).toContain('$CALLS_API_TOKEN');
    expect(everything).toContain('$K6_PROMETHEUS_RW_BEARER_TOKEN');
    expect(everything).toContain('$K6_PROMETHEUS_RW_PASSWORD');
    expect(everything).toContain('[password of K6_PROMETHEUS_RW_SERVER_URL]');
    expect(leaksOf({ stdout: res.stdout, stderr: res.stderr, 'remote-write payloads': receiver.labels() }, [out, history])).toEqual([]);

    // Every report command over what the run left: each reads it back and writes or prints it again.
    const load = readdirSync(out, { recursive: true, encoding: 'utf8' }).find((f) => f.endsWith('merge.json')) as string;
    const merged = join(dir, 'merged');
    const merge = await runCliInProcess(['report', 'merge', join(out, load, '..'), '--report-dir', merged, '--history', history], { env: { ...CLEAN_ENV, CALLS_API_TOKEN: TOKEN }, timeoutMs: 30_000 });
    expect(merge.code, merge.stderr).not.toBe(70);
    const compare = await runCliInProcess(['report', 'compare', '--history', history, '--json', '--min-samples', '1'], { env: CLEAN_ENV });
    const dashboard = await runCliInProcess(['report', 'dashboard', '--history', history, '--out', join(dir, 'dashboard.html')], { env: CLEAN_ENV });
    expect(dashboard.code, dashboard.stderr).toBe(0);
    expect(leaksOf({ merge: merge.stdout + merge.stderr, compare: compare.stdout + compare.stderr, dashboard: dashboard.stdout + dashboard.stderr }, [merged, history, join(dir, 'dashboard.html')])).toEqual([]);
  }, 150_000);

  // Real k6 writes to the harness's own stdout and stderr: what it prints is an output too.
  it.runIf(findK6())('load on real k6 with K6_HTTP_DEBUG=full: nothing k6 prints or leaves holds a secret', async () => {
    const out = join(dir, 'k6');
    const env = {
      ...CLEAN_ENV, CALLS_API_TOKEN: TOKEN, K6_HTTP_DEBUG: 'full',
      K6_PROMETHEUS_RW_SERVER_URL: `${receiver.url}/api/v1/write`, K6_PROMETHEUS_RW_BEARER_TOKEN: RW_BEARER, K6_PROMETHEUS_RW_PUSH_INTERVAL: '1s',
    };
    const res = await runCliInProcess(['load', '--engine', 'k6', '--target', target.url, '--agent', api.agentIds[0] as string, '--scenario', 'read-mix', '--rate', '5', '--duration', '2s',
      '--report-dir', out, '--history', join(dir, 'k6-history.ndjson'), '--k6-out', 'experimental-prometheus-rw', '--execution-segment', '0:1', '--execution-segment-sequence', '0,1'], { env, timeoutMs: 110_000 });
    expect(res.code, res.stderr).not.toBe(70);
    expect(res.stderr).toContain('K6_HTTP_DEBUG removed');
    expect(readFileSync(join(out, 'result.json'), 'utf8')).toContain('$CALLS_API_TOKEN');
    // Only the secrets this run holds: the receiver echoes a password this run was never given.
    const held = { 'API token': TOKEN, 'remote-write bearer token': RW_BEARER };
    expect(secretLeaks(held, { stdout: res.stdout, stderr: res.stderr, 'remote-write payloads': receiver.labels() }, [out, join(dir, 'k6-history.ndjson')])).toEqual([]);
  }, 120_000);

  it('contract: the lifecycle replay script and file, --json and JUnit hold no encoding of the token', async () => {
    const out = join(dir, 'contract');
    const res = await runCliInProcess(['contract', '--target', target.url, '--agent', api.agentIds[0] as string, '--stateful-runs', '3', '--report-dir', out,
      '--json', join(dir, 'contract.json'), '--junit', join(dir, 'contract.xml')], { env: { ...CLEAN_ENV, CALLS_API_TOKEN: TOKEN }, timeoutMs: 90_000 });
    expect(res.code, res.stderr).toBe(1);
    expect(readdirSync(out).filter((name) => name.startsWith('lifecycle-replay-'))).toEqual(expect.arrayContaining([expect.stringMatching(/\.sh$/), expect.stringMatching(/\.json$/)]));
    expect(readFileSync(join(dir, 'contract.json'), 'utf8')).toContain('$CALLS_API_TOKEN');
    expect(leaksOf({ stdout: res.stdout, stderr: res.stderr }, [out, join(dir, 'contract.json'), join(dir, 'contract.xml')])).toEqual([]);
  }, 100_000);

  it('a history line an older harness wrote with a secret in it is read back redacted by every report command', async () => {
    const old = join(dir, 'old-history.ndjson');
    const line = {
      version: 1, startedAt: '2026-12-07T00:00:00.000Z', release: null, specVersion: '1.0.0', gitRevision: '5ac71e661759', target: 'http://127.0.0.1:9', embedded: false, passed: true, interrupted: false,
      load: [{ scenario: 'read-mix', profile: 'smoke', engine: 'node', operations: [{ operationId: 'getCall', requests: 6, ratePerS: 3, errorRate: 0, p50: 3, p95: 5, p99: 5 }] }],
    };
    const leaked = Object.values(secretEncodings(TOKEN)).map((encoded, i) => JSON.stringify({ ...line, runId: `20261207T000000-0000000${i.toString(16)}`, release: `canary ${encoded}` }));
    writeFileSync(old, `${leaked.join('\n')}\n`);
    const env = { ...CLEAN_ENV, CALLS_API_TOKEN: TOKEN };
    const compare = await runCliInProcess(['report', 'compare', '--history', old, '--json', '--min-samples', '1'], { env });
    const dashboard = await runCliInProcess(['report', 'dashboard', '--history', old, '--out', join(dir, 'old-dashboard.html')], { env });
    expect(dashboard.code, dashboard.stderr).toBe(0);
    expect(readFileSync(join(dir, 'old-dashboard.html'), 'utf8')).toContain('canary $CALLS_API_TOKEN');
    expect(leaksOf({ compare: compare.stdout + compare.stderr, dashboard: dashboard.stdout + dashboard.stderr }, [join(dir, 'old-dashboard.html')])).toEqual([]);
  });

  it('a credential in a URL the harness is given is never shown, in any encoding', async () => {
    const url = (path: string) => `http://ops:${encodeURIComponent(URL_PASSWORD)}@127.0.0.1:9${path}`;
    const env = { ...CLEAN_ENV, CALLS_API_TOKEN: TOKEN };
    const refusals = {
      E_BAD_TARGET: ['contract', '--target', url(''), '--agent', 'agt_1'],
      E_SPEC_IMPORT: ['schemas', 'import', '--from', url('/openapi.json')],
      E_OUTPUT_CONFIG: ['load', '--engine', 'node', '--scenario', 'read-mix', '--k6-out', `influxdb=${url('/db')}`],
    };
    for (const [code, args] of Object.entries(refusals)) {
      const res = await runCliInProcess(args, { env });
      expect(res.code, res.stderr).toBe(2);
      expect(res.stderr).toContain(code);
      expect(leaksOf({ [`${code} stdout`]: res.stdout, [`${code} stderr`]: res.stderr }, [])).toEqual([]);
    }
  });
});
