// What a user can type is checked at the edge, the same way by every command, before any request:
// one configuration path (flags, environment, config file, defaults), every target validated,
// run folders fresh and claimed, setup failures with one exit code.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, type RunningServer } from '../../server/index.ts';
import { BIN, childEnv, expectCleanError, runCli, type CliOptions, type CliResult } from '../helpers/cli.ts';
import { answersVersion } from '../helpers/fake-k6.ts';

const SECRET = 'sk_live_EDGEinputTOKEN0123456789abc';
const dir = mkdtempSync(join(tmpdir(), 'calls-harness-edge-'));
const CLEAN_ENV = { CALLS_API_BASE_URL: undefined, CALLS_API_AGENT_ID: undefined, CALLS_API_TOKEN: SECRET, CALLS_HARNESS_RELEASE: undefined };

let api: RunningServer;
/** Counts every request: "before any request" is checked, not assumed. */
let counter: Server;
let counted = 0;
let counterUrl = '';
beforeAll(async () => {
  api = await start({ port: 0, apiKeys: [SECRET], transferStepMs: 10 });
  counter = createServer((_req, res) => { counted++; res.writeHead(503).end(); });
  await new Promise<void>((r) => counter.listen(0, '127.0.0.1', r));
  counterUrl = `http://127.0.0.1:${(counter.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await api.close();
  await new Promise((r) => counter.close(r));
});

const cli = (args: string[], env: Record<string, string | undefined> = {}, more: CliOptions = {}) => runCli(args, { env: { ...CLEAN_ENV, ...env }, timeoutMs: 30_000, ...more });

describe('one configuration path', () => {
  it('contract and load read the config file in the working folder; flags win over the environment, which wins over the file', async () => {
    const work = join(dir, 'work');
    mkdirSync(work);
    writeFileSync(join(work, 'calls-harness.config.json'), JSON.stringify({ target: api.url, agentId: api.agentIds[0] }));
    const json = join(dir, 'from-file.json');
    const fromFile = await cli(['contract', '--operation', 'getCall', '--json', json, '--quiet'], {}, { cwd: work });
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(JSON.parse(readFileSync(json, 'utf8'))).toMatchObject({ target: api.url, embedded: false });
    // The environment over the file: the counting server gets the traffic.
    counted = 0;
    const fromEnv = await cli(['contract', '--operation', 'getCall', '--quiet'], { CALLS_API_BASE_URL: counterUrl }, { cwd: work });
    expect(fromEnv.code).toBe(2);
    expect(counted).toBeGreaterThan(0);
    // A flag over both.
    const fromFlag = await cli(['contract', '--operation', 'getCall', '--quiet', '--target', api.url], { CALLS_API_BASE_URL: counterUrl }, { cwd: work });
    expect(fromFlag.code, fromFlag.stderr).toBe(0);
    // load reads the same file: a remote target named there is refused, never swapped for the embedded server.
    writeFileSync(join(work, 'calls-harness.config.json'), JSON.stringify({ target: 'https://calls-api.invalid', agentId: 'agt_1' }));
    const load = await cli(['load', '--scenario', 'read-mix'], {}, { cwd: work });
    expectCleanError(load, 'E_REMOTE_NOT_ALLOWED');
    expect(load.stderr).toContain('https://calls-api.invalid');
  }, 60_000);

  it('config --print names where every value came from', async () => {
    const file = join(dir, 'sources.json');
    writeFileSync(file, JSON.stringify({ target: 'http://127.0.0.1:4010/', profile: 'nightly' }));
    const res = await cli(['config', '--print', '--config', file], { CALLS_API_AGENT_ID: 'agt_env' });
    expect(res.code, res.stderr).toBe(0);
    const printed = JSON.parse(res.stdout) as { target: string; sources: Record<string, string> };
    expect(printed.target).toBe('http://127.0.0.1:4010');
    expect(printed.sources).toMatchObject({ target: `file ${file}`, profile: `file ${file}`, agentId: 'environment CALLS_API_AGENT_ID', engine: expect.stringMatching(/^default: /) as unknown });
    expect(res.stdout).not.toContain(SECRET);
  });
});

describe('every target validated at the edge', () => {
  const bad: [string, RegExp][] = [
    ['notaurl', /is not a URL/],
    ['http://127.0.0.1:70000', /port "70000"/],
    ['http://127.0.0.1:0', /port "0"/],
    ['ftp://127.0.0.1', /http or https/],
    ['http://127.0.0.1:4010/v1', /ends in \/v1/],
    ['http://127.0.0.1:4010/?key=x', /query or fragment/],
    ['http://admin:hunter2secret@127.0.0.1:4010', /holds credentials/],
  ];
  for (const command of [['load', '--scenario', 'read-mix'], ['run'], ['contract']]) {
    it(`${command[0]}: a bad, empty or credential-bearing target is E_BAD_TARGET (exit 2), never exit 70, the password never echoed`, async () => {
      for (const [target, why] of bad) {
        const res = await cli([...command, '--target', target]);
        expectCleanError(res, 'E_BAD_TARGET');
        expect(res.stderr).toMatch(why);
        expect(res.stderr).not.toContain('hunter2secret');
      }
      expectCleanError(await cli([...command, '--target', '']), 'E_BAD_TARGET');
      const emptyEnv = await cli(command, { CALLS_API_BASE_URL: '' });
      expectCleanError(emptyEnv, 'E_BAD_TARGET');
      expect(emptyEnv.stderr).toContain('CALLS_API_BASE_URL is empty');
    }, 60_000);
  }

  it('bundle --k8s checks its target the same way, before building anything', async () => {
    const res = await cli(['bundle', '--k8s', '--target', 'http://ops:hunter2secret@staging.example.com:99999']);
    expectCleanError(res, 'E_BAD_TARGET');
    expect(res.stderr).not.toContain('hunter2secret');
  });
});

describe('fresh run folders', () => {
  it('a folder that holds a run is refused before any request, by load, run and contract', async () => {
    const used = join(dir, 'used');
    mkdirSync(used);
    writeFileSync(join(used, 'summary.json'), '{"metrics":{}}');
    counted = 0;
    for (const command of [['load', '--scenario', 'read-mix', '--allow-remote'], ['run'], ['contract']]) {
      const res = await cli([...command, '--target', counterUrl, '--agent', 'agt_1', '--report-dir', used]);
      expectCleanError(res, 'E_REPORT_DIR_IN_USE');
      expect(res.stderr).toContain('summary.json');
    }
    expect(counted).toBe(0);
    expect(existsSync(join(used, 'bundle'))).toBe(false);
  }, 60_000);

  it('contract --report-dir: a run that cannot start still leaves its run folder, with the reason', async () => {
    const report = join(dir, 'cannot-start');
    const res = await cli(['contract', '--target', counterUrl, '--agent', 'agt_1', '--report-dir', report]);
    expect(res.code).toBe(2);
    const result = JSON.parse(readFileSync(join(report, 'result.json'), 'utf8')) as { contract: { error: { code: string } }; verdict: { passed: boolean } };
    expect(result.contract.error.code).toMatch(/^E_/);
    expect(result.verdict.passed).toBe(false);
  });

  it('of two runs started together on one folder, one runs and the other is refused', async () => {
    const shared = join(dir, 'shared');
    const args = ['contract', '--operation', 'getCall', '--quiet', '--report-dir', shared];
    const [a, b] = await Promise.all([cli(args), cli(args)]);
    expect([a.code, b.code].sort()).toEqual([0, 2]);
    expect([a.stderr, b.stderr].join('\n')).toContain('E_REPORT_DIR_IN_USE');
    expect(existsSync(join(shared, 'result.json'))).toBe(true);
  }, 60_000);

  it('a report folder that cannot be written is E_OUTPUT_NOT_WRITABLE before any request, not a bundle error', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    counted = 0;
    for (const command of [['load', '--scenario', 'read-mix', '--allow-remote'], ['contract']]) {
      expectCleanError(await cli([...command, '--target', counterUrl, '--agent', 'agt_1', '--report-dir', join(file, 'run')]), 'E_OUTPUT_NOT_WRITABLE');
    }
    expectCleanError(await cli(['contract', '--target', counterUrl, '--junit', join(file, 'junit.xml')]), 'E_OUTPUT_NOT_WRITABLE');
    expect(counted).toBe(0);
  }, 60_000);

  it('a read-only report folder is E_OUTPUT_NOT_WRITABLE before any request (as an unprivileged user: root writes anywhere)', async (ctx) => {
    // As root, the CLI runs as nobody: that needs the project folder readable by anyone (CI's copy is).
    if (process.getuid?.() === 0 && spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(BIN)})`], { uid: 65534, gid: 65534 }).status !== 0) {
      ctx.skip('the project folder is not readable by an unprivileged user (nobody), so the CLI cannot run as one here');
    }
    const base = mkdtempSync(join(tmpdir(), 'calls-harness-readonly-'));
    const readOnly = join(base, 'ro');
    const writable = join(base, 'w');
    mkdirSync(readOnly);
    mkdirSync(writable);
    chmodSync(base, 0o755);
    chmodSync(readOnly, 0o555);
    chmodSync(writable, 0o777);
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    counted = 0;
    for (const command of [['load', '--scenario', 'read-mix', '--history', join(writable, 'h.ndjson')], ['contract']]) {
      const res = await new Promise<CliResult>((resolve) => {
        const child = spawn(process.execPath, [BIN, ...command, '--target', counterUrl, '--agent', 'agt_1', '--report-dir', readOnly], { ...asUser, env: childEnv(CLEAN_ENV), cwd: base, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
      expectCleanError(res, 'E_OUTPUT_NOT_WRITABLE');
      expect(res.stderr).toContain('EACCES');
    }
    expect(counted).toBe(0);
  }, 60_000);

  it('a history path that is a folder is refused before any request, naming --history', async () => {
    counted = 0;
    for (const command of [['load', '--scenario', 'read-mix'], ['run']]) {
      const res = await cli([...command, '--target', counterUrl, '--agent', 'agt_1', '--history', dir, '--report-dir', join(dir, `history-${command[0]}`)]);
      expectCleanError(res, 'E_OUTPUT_NOT_WRITABLE');
      expect(res.stderr).toContain('--history');
    }
    expect(counted).toBe(0);
  });
});

describe('setup() failures', () => {
  it('exit 107 on the built-in engine (an agent without live calls) and on k6 (setup timeout, k6 exit 100)', async () => {
    const noLive = await start({ port: 0, apiKeys: [SECRET], liveRatio: 0 });
    try {
      const engine = await cli(['load', '--scenario', 'transfer-flows', '--engine', 'node', '--target', noLive.url, '--agent', noLive.agentIds[0] as string, '--report-dir', join(dir, 'setup-node'), '--history', join(dir, 'h.ndjson'), '--quiet']);
      expect(engine.code, engine.stderr).toBe(107);
      expect(engine.stderr).toContain('has no live calls');
    } finally {
      await noLive.close();
    }
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'k6'), `#!${process.execPath}\n${answersVersion()}\nprocess.exit(100);\n`);
    chmodSync(join(bin, 'k6'), 0o755);
    const k6 = await cli(['load', '--scenario', 'read-mix', '--report-dir', join(dir, 'setup-k6'), '--history', join(dir, 'h.ndjson'), '--quiet'], { PATH: `${bin}${delimiter}${process.env.PATH}` });
    expect(k6.code, k6.stderr).toBe(107);
    expect(k6.stderr).toContain('setup() failed');
  }, 60_000);

  it('a k6 runner whose setup timed out (k6 exit 100) records exit 107 in its merge.json, as load exits', async () => {
    const bin = join(dir, 'bin-runner');
    mkdirSync(bin);
    // k6 as it ends on a setup timeout: its summary and its (gzipped) JSON samples written, exit 100.
    writeFileSync(join(bin, 'k6'), `#!${process.execPath}
${answersVersion()}
const { writeFileSync } = require('node:fs');
const { gzipSync } = require('node:zlib');
const out = process.argv[process.argv.indexOf('--out') + 1].slice('json='.length);
writeFileSync(out, gzipSync(JSON.stringify({ type: 'Metric', metric: 'iterations', data: { type: 'counter', contains: 'default' } }) + '\\n'));
writeFileSync(process.env.CALLS_SUMMARY_FILE, JSON.stringify({ metrics: {}, state: { testRunDurationMs: 1000 } }));
process.exit(100);
`);
    chmodSync(join(bin, 'k6'), 0o755);
    const out = join(dir, 'setup-k6-runner');
    const res = await cli(['load', '--scenario', 'read-mix', '--execution-segment', '0:1/2', '--execution-segment-sequence', '0,1/2,1', '--report-dir', out, '--history', join(dir, 'h.ndjson'), '--quiet'], { PATH: `${bin}${delimiter}${process.env.PATH}` });
    expect(res.code, res.stderr).toBe(107);
    const runner = JSON.parse(readFileSync(join(out, 'merge.json'), 'utf8')) as { exitCode: number; problems: string[] };
    expect(runner.exitCode).toBe(107);
    expect(runner.problems.join()).toContain('setup() failed');
  }, 60_000);
});
