// A short load's event loop is judged for what it says: watched for under a second, its p99 is
// its one latest interval, so a single stall (a GC pause, a busy machine) made a run that kept up
// generator-bound. Its median still tells a loop that was late throughout. Built-in engine, in
// this process (the stalls are this test's), against the reference server on a real socket.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../load/capacity/judge-step.ts';
import { runLoad } from '../../load/run-load.ts';
import { loadSectionOfRun } from '../../reports/load-section-of-run.ts';
import { start, type RunningServer } from '../../server/index.ts';
import { generousProfile } from '../helpers/generous-profile.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-short-run-loop-'));
// 1.5 s of load: the generator is watched from its first progress tick (1 s in) to the load's end.
const profile = generousProfile(dir, { rate: 10, duration: '1500ms', preAllocatedVUs: 10, maxVUs: 20, gracefulStop: '5s' });
let server: RunningServer;
beforeAll(async () => { server = await start({ port: 0 }); });
afterAll(async () => server.close());

/** Holds the event loop for `ms`, as a GC pause or a busy machine does. */
function block(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) { /* busy */ }
}

/** A short read-mix load; `stall` starts at its first progress tick, and what it returns ends it with the load. */
async function shortLoad(name: string, stall: () => () => void) {
  let end: (() => void) | null = null;
  const onProgress = () => { end ??= stall(); };
  const run = await runLoad({ scenario: 'read-mix', profile, engine: 'node', target: server.url, token: server.apiKeys[0], agentId: server.agentIds[0], reportDir: join(dir, name), quiet: true, onProgress, onLoadEnd: () => end?.() });
  const section = await loadSectionOfRun(run, 'read-mix', profile, { p95Ms: 60_000, errorRate: 1 });
  return { run, section, stalled: end !== null };
}

describe('the event loop of a short load', () => {
  it('one stall in it is not generator-bound: watched under 2 s, the p99 (that stall) is not judged', async () => {
    const { run, section, stalled } = await shortLoad('one-stall', () => {
      const timer = setTimeout(() => block(150), 100);
      return () => clearTimeout(timer);
    });
    expect(stalled).toBe(true);
    expect(run.exitCode, run.problems.join('\n')).toBe(0);
    const g = run.generator;
    // The case this is about: a watch too short for a p99, whose p99 is the stall.
    expect(g?.eventLoopWatchedMs).toBeLessThan(DEFAULT_LIMITS.minEventLoopWatchMs);
    expect(g?.eventLoopP99Ms).toBeGreaterThan(DEFAULT_LIMITS.maxEventLoopP99Ms);
    expect(g?.eventLoopP50Ms).toBeLessThan(DEFAULT_LIMITS.maxEventLoopP99Ms);
    expect(section.generatorBound).toBeUndefined();
  }, 60_000);

  it('a loop blocked throughout is generator-bound, however short the load', async () => {
    const { run, section, stalled } = await shortLoad('blocked', () => {
      // 150 ms of every turn of the loop: each of its intervals is late.
      const timer = setInterval(() => block(150), 1);
      return () => clearInterval(timer);
    });
    expect(stalled).toBe(true);
    expect(run.generator?.eventLoopP50Ms).toBeGreaterThan(DEFAULT_LIMITS.maxEventLoopP99Ms);
    expect(section.generatorBound?.join('; ')).toMatch(/its event loop was (up to )?\d+ ms late/);
  }, 60_000);
});
