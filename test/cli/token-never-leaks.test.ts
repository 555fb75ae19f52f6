// The bearer token never appears in any output, file or message, on every command and on its
// error paths: a target that rejects the token, and one that echoes the Authorization header
// back in its bodies, its headers and its error messages. Every file each run leaves (run folder,
// JUnit, JSON, HTML, summary, history line, replay script) and all that it prints is searched.
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, type RunningServer } from '../../server/index.ts';
import { runCliInProcess, type CliResult } from '../helpers/cli.ts';

const TOKEN = 'sk_live_LEAKcanary93hQv7Zp2Xw';
const dir = mkdtempSync(join(tmpdir(), 'calls-harness-token-'));
const history = join(dir, 'history.ndjson');
const ENV = { CALLS_API_TOKEN: TOKEN, CALLS_API_BASE_URL: undefined, CALLS_API_AGENT_ID: undefined, CALLS_HARNESS_RELEASE: undefined, CALLS_THRESHOLDS: undefined };

let api: RunningServer;
let echo: Server;
let rejecting: Server;
let echoUrl = '';
let rejectingUrl = '';

const listen = (server: Server) => new Promise<string>((r) => server.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));

/**
 * The reference server behind a proxy that hands the Authorization header back everywhere: in a
 * response header, in an extra field of every JSON object body (a schema finding, quoting the
 * body), and as the message of a 500 for the events of a call.
 */
function echoingProxy(upstream: string): Server {
  return createServer((req, res) => {
    const auth = req.headers.authorization ?? '';
    if (/\/events$/.test(req.url ?? '')) {
      res.writeHead(500, { 'content-type': 'application/json', 'x-echo-authorization': auth });
      res.end(JSON.stringify({ code: 'INTERNAL', message: `upstream refused Authorization: ${auth}` }));
      return;
    }
    const up = request(`${upstream}${req.url}`, { method: req.method, headers: req.headers }, (answer: IncomingMessage) => {
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => {
        let body = Buffer.concat(chunks).toString();
        try {
          const json = JSON.parse(body) as unknown;
          if (json && typeof json === 'object' && !Array.isArray(json)) body = JSON.stringify({ ...json, echoed_authorization: auth });
        } catch {
          // Not JSON: passed on as it came.
        }
        res.writeHead(answer.statusCode ?? 502, { 'content-type': answer.headers['content-type'] ?? 'application/json', 'x-echo-authorization': auth });
        res.end(body);
      });
    });
    req.pipe(up);
  });
}

beforeAll(async () => {
  api = await start({ port: 0, apiKeys: [TOKEN], transferStepMs: 10 });
  echo = echoingProxy(api.url);
  echoUrl = await listen(echo);
  // Rejects every token, quoting it back, as a careless gateway might.
  rejecting = createServer((req, res) => {
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ code: 'UNAUTHORIZED', message: `the key in "${req.headers.authorization ?? ''}" is revoked` }));
  });
  rejectingUrl = await listen(rejecting);
});

afterAll(async () => {
  await new Promise((r) => echo.close(r));
  await new Promise((r) => rejecting.close(r));
  await api.close();
});

/** Every file under `path`, gzipped ones read unzipped. */
function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => filesUnder(join(path, name)));
}

function expectNoToken(res: CliResult, ...paths: string[]): void {
  expect(res.stdout + res.stderr, 'printed').not.toContain(TOKEN);
  const files = paths.flatMap(filesUnder);
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    const raw = readFileSync(file);
    const text = file.endsWith('.gz') ? gunzipSync(raw).toString() : raw.toString();
    expect(text.includes(TOKEN), `the token is in ${file}`).toBe(false);
  }
}

const cli = (args: string[], timeoutMs = 60_000) => runCliInProcess(args, { env: ENV, timeoutMs });

describe('the token never leaks', () => {
  it('contract against a target echoing the Authorization header: findings quote the bodies, never the token', async () => {
    const out = join(dir, 'contract-echo');
    const res = await cli(['contract', '--target', echoUrl, '--agent', api.agentIds[0] as string, '--stateful-runs', '3', '--report-dir', out, '--json', join(dir, 'contract.json'), '--junit', join(dir, 'contract.xml')]);
    expect(res.code, res.stderr).toBe(1);
    // The echo reached the findings, with the token replaced by the variable's name.
    expect(readFileSync(join(dir, 'contract.json'), 'utf8')).toContain('refused Authorization: Bearer $CALLS_API_TOKEN');
    // Events that never grow break the lifecycle model: its replay file and curl script are searched too.
    expect(readdirSync(out).filter((name) => name.startsWith('lifecycle-replay-'))).toEqual(expect.arrayContaining([expect.stringMatching(/\.sh$/), expect.stringMatching(/\.json$/)]));
    expectNoToken(res, out, join(dir, 'contract.json'), join(dir, 'contract.xml'));
  }, 90_000);

  it('contract and load against a target that rejects the token and quotes it back', async () => {
    const contractOut = join(dir, 'contract-rejected');
    const contract = await cli(['contract', '--target', rejectingUrl, '--agent', 'agt_1', '--report-dir', contractOut]);
    expect(contract.code).toBe(2);
    expect(contract.stderr).toContain('E_TOKEN_REJECTED');
    const loadOut = join(dir, 'load-rejected');
    const load = await cli(['load', '--scenario', 'read-mix', '--engine', 'node', '--target', rejectingUrl, '--agent', 'agt_1', '--rate', '2', '--duration', '1s', '--report-dir', loadOut, '--history', history, '--quiet']);
    expect(load.code, load.stderr).not.toBe(0);
    expectNoToken(contract, contractOut);
    expectNoToken(load, loadOut);
  }, 90_000);

  it('load and run against the echoing target, then every report command over what they left', async () => {
    const loadOut = join(dir, 'load-echo');
    // 41 iterations: read-mix reads the events (20%) the target breaks 8 times give or take 4
    // (by count, not by chance: every operation within any 30 iterations; see weighted-mix.test.ts).
    const load = await cli(['load', '--scenario', 'read-mix', '--engine', 'node', '--target', echoUrl, '--agent', api.agentIds[0] as string, '--rate', '20', '--duration', '2s', '--report-dir', loadOut, '--history', history]);
    // The events the target breaks fail the run (99; a generator-bound run on a busy machine says so instead): never a pass, never a crash.
    expect([0, 70], load.stderr).not.toContain(load.code);
    const runOut = join(dir, 'run-echo');
    const run = await cli(['run', '--engine', 'node', '--target', echoUrl, '--agent', api.agentIds[0] as string, '--scenario', 'read-mix', '--rate', '5', '--duration', '2s', '--report-dir', runOut, '--history', history, '--quiet'], 120_000);
    expect([0, 70], run.stderr).not.toContain(run.code);
    const rendered = join(dir, 'rendered');
    const render = await cli(['report', 'render', '--summary', join(loadOut, 'summary.json'), '--scenario', 'read-mix', '--target', echoUrl, '--out', rendered, '--history', history]);
    // Rendered (not 2 or 70), with the failed load's verdict as its exit.
    expect([0, 2, 70], render.stderr).not.toContain(render.code);
    const compare = await cli(['report', 'compare', '--history', history, '--json', '--min-samples', '1']);
    const dashboard = await cli(['report', 'dashboard', '--history', history, '--out', join(dir, 'dashboard.html')]);
    expect(dashboard.code, dashboard.stderr).toBe(0);
    const config = await cli(['config', '--print']);
    expectNoToken(load, loadOut, history);
    expectNoToken(run, runOut);
    expectNoToken(render, rendered);
    expectNoToken(compare, history);
    expectNoToken(dashboard, join(dir, 'dashboard.html'));
    expectNoToken(config, history);
  }, 180_000);
});
