// No run hangs and no load outlives the harness: a harness killed outright (SIGKILL: no handler
// runs) takes k6 and every runner process with it, through the watchdog of load/orphan-guard.ts.
// Real CLI processes, a stand-in k6 that never exits, real reference servers on port 0.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runRunners } from '../../load/run-runners.ts';
import { BIN, childEnv } from '../helpers/cli.ts';
import { childrenOf, eventually, processesWith, running, standInPids, writeHangingK6 } from '../helpers/processes.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-hung-'));
const bin = join(dir, 'bin');
const CLEAN_ENV = { CALLS_API_BASE_URL: undefined, CALLS_API_AGENT_ID: undefined, CALLS_API_TOKEN: undefined, CALLS_HARNESS_RELEASE: undefined, CI: 'true' };

beforeAll(() => { writeHangingK6(bin); });

/** Processes a test started: killed by their ids when it ends, so a failing test leaves nothing running. */
const started = new Set<number>();
afterEach(() => {
  for (const pid of started) if (running(pid)) process.kill(pid, 'SIGKILL');
  started.clear();
});
const track = (pids: number[]) => pids.forEach((p) => started.add(p));

/** Starts the CLI as CI would (no stdin); its stderr is collected. */
function startHarness(args: string[], env: Record<string, string | undefined>): { child: ChildProcess; stderr: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, ...args], { env: childEnv({ ...CLEAN_ENV, ...env }), stdio: ['ignore', 'ignore', 'pipe'] });
  track([child.pid as number]);
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  // 'exit', not 'close': a child left behind would hold the inherited stderr open.
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, stderr: () => err, exited };
}

/** The harness's watchdogs: its own children run with `node -e`. */
const watchdogsOf = (pid: number) => childrenOf(pid).filter((p) => p.cmdline.includes(' -e '));

describe('the harness killed outright (SIGKILL) leaves no load behind', () => {
  it('load on k6: k6 (its own process group) is killed with the harness', async () => {
    const report = join(dir, 'k6-sigkill');
    const pids = join(dir, 'k6-sigkill.pids');
    mkdirSync(pids);
    const h = startHarness(['load', '--scenario', 'read-mix', '--vus', '1', '--duration', '5m', '--report-dir', report, '--history', join(dir, 'h.ndjson')],
      { PATH: `${bin}${delimiter}${process.env.PATH}`, STAND_IN_K6_PID_DIR: pids });
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

  it('load --runners 2 on the built-in engine: every runner is killed with the harness', async () => {
    const report = join(dir, 'runners-sigkill');
    const h = startHarness(['load', '--scenario', 'read-mix', '--engine', 'node', '--runners', '2', '--vus', '2', '--duration', '5m', '--report-dir', report, '--history', join(dir, 'h.ndjson')], {});
    const runners = () => processesWith(join(report, 'runners'));
    // Both runners have started (the run folders are theirs alone) and are loading.
    expect(await eventually(() => runners().length === 2, 30_000), h.stderr()).toBe(true);
    await new Promise((r) => setTimeout(r, 1500));
    track(runners().map((p) => p.pid));
    expect(runners().length).toBe(2);
    h.child.kill('SIGKILL');
    await h.exited;
    expect(await eventually(() => runners().length === 0, 5000), `still running: ${runners().map((p) => p.cmdline).join('\n')}`).toBe(true);
  }, 50_000);

  it('load --runners 2 on k6: the runners and each runner\'s k6 are killed with the harness', async () => {
    const report = join(dir, 'runners-k6-sigkill');
    const pids = join(dir, 'runners-k6-sigkill.pids');
    mkdirSync(pids);
    const h = startHarness(['load', '--scenario', 'read-mix', '--runners', '2', '--vus', '2', '--duration', '5m', '--report-dir', report, '--history', join(dir, 'h.ndjson')],
      { PATH: `${bin}${delimiter}${process.env.PATH}`, STAND_IN_K6_PID_DIR: pids });
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
    expect(ran).toEqual({ codes: [0], overran: false });
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
