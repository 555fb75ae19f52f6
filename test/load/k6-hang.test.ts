// A k6 that never ends is stopped at the longest its profile can take, and its run is interrupted,
// never a pass: a real process (a stand-in k6 that hangs) under the real runner.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { K6_STOP_GRACE_MS, runK6 } from '../../load/k6-runner.ts';
import { longestRunMs, minutesAndSeconds, RUN_BOUNDS_MS, scenarioLengthMs } from '../../load/longest-run.ts';
import { requireProfile as readProfile } from '../../load/profile-files.ts';
import { k6HungProblem, k6KilledProblem, runLoad } from '../../load/run-load.ts';
import { sloOfProfile } from '../../load/profile-files.ts';
import { buildResult } from '../../reports/build-result.ts';
import { loadSectionOfRun } from '../../reports/load-section-of-run.ts';
import { running, standInPids, writeHangingK6 } from '../helpers/processes.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-k6-hang-'));
let k6 = '';
const bundle = join(dir, 'bundle.js');
beforeAll(() => {
  k6 = writeHangingK6(join(dir, 'bin'));
  writeFileSync(bundle, 'module.exports.default = function () {};\n');
});

const started: number[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) if (running(pid)) process.kill(pid, 'SIGKILL');
});

function pidDir(name: string): string {
  const d = join(dir, name);
  mkdirSync(d);
  return d;
}

describe('a k6 that never ends', () => {
  it('that ends on SIGINT with exit 0 (its thresholds held): stopped at the deadline, exit 105 and overran, never 0', async () => {
    const pids = pidDir('exit-0');
    const t0 = performance.now();
    // Room for the stand-in to start and take SIGINT on a loaded machine: sent before its handler
    // is set, SIGINT would end it by default (signal SIGINT), not with its exit 0.
    const exit = await runK6({ binary: k6, bundle, env: { STAND_IN_K6_PID_DIR: pids, STAND_IN_K6_SIGINT: 'exit-0' }, outputs: [], quiet: true, deadlineMs: 3000 });
    started.push(...standInPids(pids));
    expect(exit).toEqual({ code: 105, overran: true, signal: null });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(2950);
    expect(performance.now() - t0).toBeLessThan(3000 + K6_STOP_GRACE_MS);
  }, 30_000);

  it('that ignores SIGINT too: killed once the stop grace has passed, and reaped', async () => {
    const pids = pidDir('deaf');
    const t0 = performance.now();
    // As above: past the stand-in's start, so that it is SIGINT it ignores, not SIGINT that ends it.
    const exit = await runK6({ binary: k6, bundle, env: { STAND_IN_K6_PID_DIR: pids }, outputs: [], quiet: true, deadlineMs: 3000 });
    const elapsed = performance.now() - t0;
    started.push(...standInPids(pids));
    expect(exit).toEqual({ code: 105, overran: true, signal: 'SIGKILL' });
    expect(elapsed).toBeGreaterThanOrEqual(3000 + K6_STOP_GRACE_MS - 100);
    expect(elapsed).toBeLessThan(3000 + K6_STOP_GRACE_MS + 5000);
    expect(standInPids(pids).filter(running)).toEqual([]);
  }, 40_000);

  it('a k6 that ends in time keeps its own code and is not said to have overrun', async () => {
    const done = join(dir, 'bin', 'k6-quick');
    writeFileSync(done, `#!${process.execPath}\nprocess.exit(99);\n`, { mode: 0o755 });
    expect(await runK6({ binary: done, bundle, env: {}, outputs: [], quiet: true, deadlineMs: 10_000 })).toEqual({ code: 99, overran: false, signal: null });
  }, 30_000);
});

describe('load on a k6 that never ends', () => {
  it('is interrupted at the deadline: exit 105, the problem says k6 hung, the verdict fails', async () => {
    const pids = pidDir('run-load');
    // The stand-in is the k6 on PATH; runK6 passes it this process's environment.
    vi.stubEnv('PATH', `${join(dir, 'bin')}${delimiter}${process.env.PATH}`);
    vi.stubEnv('STAND_IN_K6_PID_DIR', pids);
    vi.stubEnv('STAND_IN_K6_SIGINT', 'exit-0');
    try {
      const r = await runLoad({ scenario: 'read-mix', profile: 'smoke', engine: 'k6', reportDir: join(dir, 'run-load-folder'), quiet: true, k6DeadlineMs: 1500 });
      started.push(...standInPids(pids));
      expect(r.engine).toBe('k6');
      expect(r.exitCode).toBe(105);
      expect(r.problems[0]).toBe(k6HungProblem(1500));
      const section = await loadSectionOfRun(r, 'read-mix', 'smoke', sloOfProfile(r.shape.profile));
      expect(section.interrupted).toBe(true);
      const result = buildResult({ runId: 'r', target: r.target, embedded: true, specVersion: '1', release: null, startedAt: 's', finishedAt: 'f', interrupted: false }, null, [section]);
      expect(result.verdict.passed).toBe(false);
      expect(result.meta.interrupted).toBe(true);
    } finally {
      vi.unstubAllEnvs();
    }
  }, 40_000);
});

describe('load on a k6 killed from outside', () => {
  it('(the OOM killer, say) is interrupted, exit 105, and the problem names the signal', async () => {
    const pids = pidDir('killed');
    vi.stubEnv('PATH', `${join(dir, 'bin')}${delimiter}${process.env.PATH}`);
    vi.stubEnv('STAND_IN_K6_PID_DIR', pids);
    vi.stubEnv('STAND_IN_K6_SIGINT', 'killed');
    try {
      const r = await runLoad({ scenario: 'read-mix', profile: 'smoke', engine: 'k6', reportDir: join(dir, 'killed-folder'), quiet: true });
      expect(r.exitCode).toBe(105);
      expect(r.problems[0]).toBe(k6KilledProblem('SIGKILL'));
      const section = await loadSectionOfRun(r, 'read-mix', 'smoke', sloOfProfile(r.shape.profile));
      expect(section.interrupted).toBe(true);
    } finally {
      vi.unstubAllEnvs();
    }
  }, 40_000);
});

describe('the deadline', () => {
  it('adds to each profile\'s own length k6\'s setup, teardown and handleSummary bounds and room to start', () => {
    const fixed = RUN_BOUNDS_MS.setupTimeout + RUN_BOUNDS_MS.teardownTimeout + RUN_BOUNDS_MS.handleSummary + RUN_BOUNDS_MS.startAndFlush;
    // smoke: 8 s at a constant rate, gracefulStop 10 s.
    expect(scenarioLengthMs(readProfile('smoke'))).toBe(18_000);
    expect(longestRunMs(readProfile('smoke'))).toBe(18_000 + fixed);
    for (const name of ['nightly', 'capacity', 'soak']) expect(longestRunMs(readProfile(name))).toBeGreaterThan(fixed);
  });

  it('counts stages, a warm-up, ramp-down and the iteration executors\' maxDuration', () => {
    const base = { description: 'x', latency: {}, errorRate: 0.01 };
    expect(scenarioLengthMs({ ...base, executor: 'ramping-arrival-rate', stages: [{ target: 5, duration: '1m' }, { target: 9, duration: '30s' }], gracefulStop: '5s' })).toBe(95_000);
    expect(scenarioLengthMs({ ...base, executor: 'ramping-vus', stages: [{ target: 5, duration: '10s' }] })).toBe(10_000 + RUN_BOUNDS_MS.gracefulRampDown + RUN_BOUNDS_MS.gracefulStop);
    expect(scenarioLengthMs({ ...base, executor: 'constant-vus', vus: 1, duration: '20s', warmUp: '5s' })).toBe(25_000 + RUN_BOUNDS_MS.gracefulStop);
    expect(scenarioLengthMs({ ...base, executor: 'shared-iterations', vus: 1, iterations: 9 })).toBe(RUN_BOUNDS_MS.maxDuration + RUN_BOUNDS_MS.gracefulStop);
    expect(scenarioLengthMs({ ...base, executor: 'per-vu-iterations', vus: 1, iterations: 9, maxDuration: '2m', gracefulStop: '0s' })).toBe(120_000);
  });

  it('is named in the problem a hung run reports', () => {
    expect(minutesAndSeconds(378_000)).toBe('6m18s');
    expect(minutesAndSeconds(45_000)).toBe('45s');
    expect(k6HungProblem(378_000)).toMatch(/^k6 hung: it was still running 6m18s after it started.*interrupted and has no verdict/);
  });
});
