// No run hangs and no load outlives the harness: a harness killed outright (SIGKILL: no handler
// runs) takes k6 and every runner process with it, through the watchdog of load/orphan-guard.ts.
// Real CLI processes, a stand-in k6 that never exits, real reference servers on port 0.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { start, type RunningServer } from '../../server/index.ts';
import { describeEachK6 } from '../helpers/k6-binaries.ts';
import { runRunners } from '../../load/run-runners.ts';
import { GIT_REVISION_TIMEOUT_MS } from '../../reports/build-result.ts';
import { BIN, childEnv, runCli } from '../helpers/cli.ts';
import { childrenOf, eventually, processesWith, running, standInPids, writeHangingK6 } from '../helpers/processes.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-hung-'));
const bin = join(dir, 'bin');
const CLEAN_ENV = { CALLS_API_BASE_URL: undefined, CALLS_API_AGENT_ID: undefined, CALLS_API_TOKEN: undefined, CALLS_HARNESS_RELEASE: undefined, CI: 'true' };

beforeAll(() => { writeHangingK6(bin); });

// A target of its own, as in CI: it outlives the harness (an embedded server would die with it,
// and a load that only hits a dead port could end by itself, proving nothing).
let target: RunningServer;
beforeAll(async () => { target = await start({ port: 0, transferStepMs: 10, latency: { '*': { model: 'fixed', ms: 1 } } }); });
afterAll(async () => { await target.close(); });
const targetArgs = () => ['--target', target.url, '--agent', target.agentIds[0] as string];
const targetEnv = () => ({ CALLS_API_TOKEN: target.apiKeys[0] as string });
/** Requests the target has answered so far. */
const answered = () => Object.values(target.delayStats()).reduce((n, d) => n + d.count, 0);
/** Resolves once the target has answered `more` requests beyond those answered so far: the load is under way. */
async function loading(more: number, h: { stderr: () => string }): Promise<void> {
  const from = answered();
  expect(await eventually(() => answered() >= from + more, 30_000), h.stderr()).toBe(true);
}

/**
 * The target hears nothing for a second once the requests already on the wire are answered: the
 * count is taken when it has stood still for 200 ms (at most 3 s), not at once, since a request
 * sent just before the kill can be read after the check that saw the process gone.
 */
async function expectSilence(): Promise<void> {
  let after = answered();
  for (let waited = 0; waited < 3000; waited += 200) {
    await new Promise((r) => setTimeout(r, 200));
    if (answered() === after) break;
    after = answered();
  }
  await new Promise((r) => setTimeout(r, 1000));
  expect(answered()).toBe(after);
}

/** Processes a test started: killed by their ids when it ends, so a failing test leaves nothing running. */
const started = new Set<number>();
afterEach(() => {
  for (const pid of started) if (running(pid)) process.kill(pid, 'SIGKILL');
  started.clear();
});
const track = (pids: number[]) => pids.forEach((p) => started.add(p));

let logs = 0;

/**
 * Starts the CLI as CI would (no stdin), its stderr into a file as a CI log: a pipe whose reader
 * went away would end a child that writes to it (SIGPIPE) and hide one that outlives the harness.
 */
function startHarness(args: string[], env: Record<string, string | undefined>): { child: ChildProcess; stderr: () => string; exited: Promise<number | null> } {
  const log = join(dir, `stderr-${++logs}.log`);
  const fd = openSync(log, 'w');
  const child = spawn(process.execPath, [BIN, ...args], { env: childEnv({ ...CLEAN_ENV, ...env }), stdio: ['ignore', 'ignore', fd] });
  closeSync(fd);
  track([child.pid as number]);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, stderr: () => readFileSync(log, 'utf8'), exited };
}

/** The harness's watchdogs: its own children run with `node -e`. */
const watchdogsOf = (pid: number) => childrenOf(pid).filter((p) => p.cmdline.includes(' -e '));

describe('the harness killed outright (SIGKILL) leaves no load behind', () => {
  it('load on k6: k6 (its own process group) is killed with the harness', async () => {
    const report = join(dir, 'k6-sigkill');
    const pids = join(dir, 'k6-sigkill.pids');
    mkdirSync(pids);
    const h = startHarness(['load', '--scenario', 'read-mix', ...targetArgs(), '--vus', '1', '--duration', '5m', '--report-dir', report, '--history', join(dir, 'h.ndjson')],
      { ...targetEnv(), PATH: `${bin}${delimiter}${process.env.PATH}`, STAND_IN_K6_PID_DIR: pids });
    expect(await eventually(() => h.stderr().includes('stand-in k6 running'), 30_000), h.stderr()).toBe(true);
    const [k6] = standInPids(pids);
    track(standInPids(pids));
    expect(k6 && running(k6)).toBe(true);
    const watchdogs = watchdogsOf(h.child.pid as number);
    track(watchdogs.map((w) => w.pid));
    h.child.kill('SIGKILL');
    await h.exited;
    expect(await eventually(() => !running(k6 as number), 5000), 'k6 still runs after the harness was killed').toBe(true);
    // The watchdog leaves too, once its work is done.
    expect(await eventually(() => watchdogs.every((w) => !running(w.pid)), 5000)).toBe(true);
  }, 50_000);

  describeEachK6('load', (k6at) => it('k6 is killed with the harness', async () => {
    const report = join(dir, `real-k6-sigkill-${k6at.version.text}`);
    const h = startHarness(['load', '--scenario', 'read-mix', ...targetArgs(), '--engine', 'k6', '--vus', '1', '--duration', '5m', '--report-dir', report, '--history', join(dir, 'h.ndjson')], targetEnv());
    // k6's command line names the bundle in the run folder.
    const k6 = () => processesWith(report).filter((p) => p.pid !== h.child.pid);
    expect(await eventually(() => k6().length === 1, 30_000), h.stderr()).toBe(true);
    track(k6().map((p) => p.pid));
    // Past setup() (the call list), into the iterations.
    await loading(20, h);
    h.child.kill('SIGKILL');
    await h.exited;
    expect(await eventually(() => k6().length === 0, 5000), `still running: ${k6().map((p) => p.cmdline).join('\n')}`).toBe(true);
    // And the target hears no more from it.
    await expectSilence();
  }, 50_000));

  it('load --runners 2 on the built-in engine: every runner is killed with the harness', async () => {
    const report = join(dir, 'runners-sigkill');
    const h = startHarness(['load', '--scenario', 'read-mix', ...targetArgs(), '--engine', 'node', '--runners', '2', '--vus', '2', '--duration', '5m', '--report-dir', report, '--history', join(dir, 'h.ndjson')], targetEnv());
    const runners = () => processesWith(join(report, 'runners'));
    // Both runners have started (the run folders are theirs alone) and are loading.
    expect(await eventually(() => runners().length === 2, 30_000), h.stderr()).toBe(true);
    track(runners().map((p) => p.pid));
    await loading(40, h);
    expect(runners().length).toBe(2);
    h.child.kill('SIGKILL');
    await h.exited;
    expect(await eventually(() => runners().length === 0, 5000), `still running: ${runners().map((p) => p.cmdline).join('\n')}`).toBe(true);
    await expectSilence();
  }, 50_000);

  it('load --runners 2 on k6: the runners and each runner\'s k6 are killed with the harness', async () => {
    const report = join(dir, 'runners-k6-sigkill');
    const pids = join(dir, 'runners-k6-sigkill.pids');
    mkdirSync(pids);
    const h = startHarness(['load', '--scenario', 'read-mix', ...targetArgs(), '--runners', '2', '--vus', '2', '--duration', '5m', '--report-dir', report, '--history', join(dir, 'h.ndjson')],
      { ...targetEnv(), PATH: `${bin}${delimiter}${process.env.PATH}`, STAND_IN_K6_PID_DIR: pids });
    expect(await eventually(() => standInPids(pids).length === 2, 30_000), h.stderr()).toBe(true);
    const k6s = standInPids(pids);
    const everything = () => [...new Set([...processesWith(join(report, 'runners')).map((p) => p.pid), ...k6s.filter(running)])];
    track(everything());
    expect(everything().length).toBe(4);
    h.child.kill('SIGKILL');
    await h.exited;
    expect(await eventually(() => everything().length === 0, 8000), `still running: ${everything().join(', ')}`).toBe(true);
  }, 50_000);
});

describe('a runner killed from outside (the OOM killer)', () => {
  it('interrupts the run: exit 105, every report written from what the others did, the problem names the runner and the signal', async () => {
    const report = join(dir, 'runner-oom');
    const h = startHarness(['load', '--scenario', 'read-mix', ...targetArgs(), '--engine', 'node', '--runners', '2', '--vus', '2', '--duration', '6s', '--report-dir', report, '--history', join(dir, 'h.ndjson')], targetEnv());
    const first = () => processesWith(join(report, 'runners', '1'));
    expect(await eventually(() => first().length === 1, 30_000), h.stderr()).toBe(true);
    track(processesWith(join(report, 'runners')).map((p) => p.pid));
    await loading(20, h);
    process.kill((first()[0] as { pid: number }).pid, 'SIGKILL');
    expect(await h.exited, h.stderr()).toBe(105);
    expect(h.stderr()).toContain('runner 1 was ended by SIGKILL from outside the harness');
    const result = JSON.parse(readFileSync(join(report, 'result.json'), 'utf8')) as { meta: { interrupted: boolean }; verdict: { passed: boolean } };
    expect(result.meta.interrupted).toBe(true);
    expect(result.verdict.passed).toBe(false);
  }, 50_000);
});

describe('a runner process that never ends', () => {
  it('is stopped at the deadline (SIGINT), and the run is said to have overrun', async () => {
    // `serve` runs until it is stopped: a runner that never ends on its own.
    const t0 = performance.now();
    const ran = await runRunners([['serve', '--port', '0', '--host', '127.0.0.1']], childEnv(CLEAN_ENV), undefined, 1500);
    const elapsed = performance.now() - t0;
    expect(ran.overran).toBe(true);
    expect(ran.codes).toHaveLength(1);
    expect(elapsed).toBeGreaterThanOrEqual(1450);
    expect(elapsed).toBeLessThan(10_000);
  }, 30_000);

  it('one that ends in time is not said to have overrun', async () => {
    const ran = await runRunners([['schemas', 'diff', '--help']], childEnv(CLEAN_ENV), undefined, 20_000);
    expect(ran).toEqual({ codes: [0], signals: [null], overran: false, errors: [null] });
  }, 30_000);
});

describe('nothing waits on stdin', () => {
  // A CI step's stdin may be a pipe nobody writes to or closes: a prompt there would hang the step.
  for (const args of [['contract', '--operations', 'getCall', '--checks', 'success_status_conformance'], ['load', '--scenario', 'read-mix', '--engine', 'node', '--vus', '1', '--duration', '1s']]) {
    it(`${args[0]} with stdin open and silent ends on its own`, async () => {
      const report = join(dir, `stdin-${args[0]}`);
      const child = spawn(process.execPath, [BIN, ...args, '--report-dir', report, ...(args[0] === 'load' ? ['--history', join(dir, 'h.ndjson')] : [])], { env: childEnv(CLEAN_ENV), stdio: ['pipe', 'ignore', 'pipe'] });
      track([child.pid as number]);
      let stderr = '';
      child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
      // Ended with stdin still open: a command that waited on it would never get here.
      expect(code, stderr).toBe(0);
    }, 45_000);
  }
});

describe('a git that never answers', () => {
  it('costs the report its revision, once and bounded, never the run', async () => {
    // A `git` first on PATH that never ends (and ignores SIGTERM), as a hung wrapper or network disk would.
    const gitBin = join(dir, 'git-bin');
    mkdirSync(gitBin);
    writeFileSync(join(gitBin, 'git'), `#!${process.execPath}\nprocess.on('SIGTERM', () => {});\nsetInterval(() => {}, 1000);\n`);
    chmodSync(join(gitBin, 'git'), 0o755);
    const report = join(dir, 'hung-git');
    const t0 = performance.now();
    const res = await runCli(['contract', '--operations', 'getCall', '--checks', 'success_status_conformance', '--report-dir', report], { env: { ...CLEAN_ENV, PATH: `${gitBin}${delimiter}${process.env.PATH}` }, timeoutMs: 40_000 });
    expect(res.code, res.stderr).toBe(0);
    expect(performance.now() - t0).toBeLessThan(GIT_REVISION_TIMEOUT_MS + 10_000);
    const result = JSON.parse(readFileSync(join(report, 'result.json'), 'utf8')) as { meta: { gitRevision: string | null } };
    expect(result.meta.gitRevision).toBeNull();
  }, 45_000);
});
