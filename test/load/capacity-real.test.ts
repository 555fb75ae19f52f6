// The capacity search against a reference server whose capacity is known (N workers held MS ms
// each: N*1000/MS requests/s), on a real socket with the built-in engine; and the generator,
// not the API, named when it is what cannot keep up.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../load/capacity/judge-step.ts';
import { runCapacity } from '../../load/capacity/run-capacity.ts';
import { resolveRunShape } from '../../load/run-shape.ts';
import type { RunResult } from '../../reports/model.ts';
import { start, type RunningServer } from '../../server/index.ts';
import { harnessValidator } from '../../openapi/harness-schemas.ts';
import { runCli } from '../helpers/cli.ts';
import { describeEachK6 } from '../helpers/k6-binaries.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-capacity-'));

/** A profile judging errors, checks and contract only: the test's --slo adds the one latency bound. */
function profileFile(name: string, vus: { preAllocatedVUs: number; maxVUs: number }): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({
    description: 'capacity test', executor: 'constant-arrival-rate', rate: 1, timeUnit: '1s', duration: '1s', ...vus,
    gracefulStop: '5s', latency: {}, errorRate: 0.01, validate: 'sample:0.1',
  }));
  return file;
}

const servers: RunningServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
});

describe('capacity search against a known capacity', () => {
  it('finds it within -20%..+10% on the built-in engine, confirmed, limited by the API', { timeout: 90_000 }, () => findsKnownCapacity('node'));
});

describeEachK6('capacity search against a known capacity', (k6) => {
  it('finds it within -20%..+10% on real k6', { timeout: 120_000 }, () => findsKnownCapacity('k6', k6.version.text));
});

/** `version`: the k6's, so that each k6 at hand searches in a folder of its own. */
async function findsKnownCapacity(engine: 'node' | 'k6', version = ''): Promise<void> {
  const WORKERS = 6;
  const SERVICE_MS = 20;
  const truth = (WORKERS * 1000) / SERVICE_MS; // 300 requests/s; read-mix sends one per iteration
  const server = await start({ port: 0, transferStepMs: 50, capacity: { workers: WORKERS, serviceTimeMs: SERVICE_MS } });
  servers.push(server);
  const steps: number[] = [];
  const { search, representative } = await runCapacity({
    load: { scenario: 'read-mix', profile: profileFile('known', { preAllocatedVUs: 20, maxVUs: 300 }), engine, target: server.url, token: server.apiKeys[0], agentId: server.agentIds[0], quiet: true },
    // Below capacity a request waits one service time (20 ms, plus a busy machine's jitter); past
    // it the queue grows by (rate/capacity - 1) seconds every second, which soon passes 100 ms.
    slo: { 'http_req_duration{name:getCall}': ['p(95)<100'] },
    warmUpS: 1, reportDir: join(dir, `known-${engine}${version}`), limits: DEFAULT_LIMITS,
    startRate: 150, maxRate: 5000, growth: 2, resolution: 0.1, stepS: 2, maxStepS: 4, maxDurationS: 75,
    onStep: (s) => steps.push(s.rate),
  });
  expect(search.limitedBy, search.steps.map((s) => `${s.rate}: ${s.why}`).join('\n')).toBe('api');
  expect(search.highestRateHeld as number).toBeGreaterThanOrEqual(truth * 0.8);
  expect(search.highestRateHeld as number).toBeLessThanOrEqual(truth * 1.1);
  expect(search.confirmed).toBe(true);
  expect(search.firstBrokenRate as number).toBeGreaterThan(search.highestRateHeld as number);
  // Every step was judged on what came after its warm-up, and held or broke for what it says.
  // (A broken step may start fewer: the API's slow answers hold the VUs, up to maxVUs.)
  for (const s of search.steps) {
    if (s.held === true) expect(s.achieved as number).toBeGreaterThan(s.rate * 0.9);
    if (s.held === false) expect(s.why).toMatch(/http_req_duration\{name:getCall\} p\(95\)<100/);
  }
  expect(search.slo).toContainEqual({ metric: 'http_req_duration{name:getCall}', expression: 'p(95)<100' });
  expect(steps).toEqual(search.steps.map((s) => s.rate));
  expect(representative?.step.rate).toBe(search.highestRateHeld);
}

describe('a warm-up in a profile', () => {
  it('needs an executor with one duration, refused with the field named before anything runs', () => {
    const file = join(dir, 'ramp-warm-up.json');
    writeFileSync(file, JSON.stringify({ description: 'ramp', executor: 'ramping-arrival-rate', startRate: 1, timeUnit: '1s', stages: [{ target: 5, duration: '2s' }], preAllocatedVUs: 2, warmUp: '1s', latency: {}, errorRate: 0.01 }));
    expect(() => resolveRunShape(file)).toThrow(/"\/executor": must be equal to one of the allowed values \(constant-arrival-rate, constant-vus\)/);
    // The ramp profile shaped to a constant rate with a warm-up: how every capacity step runs.
    expect(resolveRunShape('capacity', { rate: 5, duration: '2s', warmUp: '1s' }).profile).toMatchObject({ executor: 'constant-arrival-rate', rate: 5, duration: '2s', warmUp: '1s' });
  });
});

describe('calls-harness capacity', () => {
  it('says "generator" and exits 3 when the generator cannot offer the rate, with the steps in result.json', { timeout: 40_000 }, async () => {
    const out = join(dir, 'generator');
    // One VU and 20 ms answers: at most 50 iterations/s can start, whatever the API could take.
    const res = await runCli(['capacity', '--scenario', 'read-mix', '--engine', 'node', '--workers', '1', '--service-time', '20',
      '--profile', profileFile('one-vu', { preAllocatedVUs: 1, maxVUs: 1 }), '--start-rate', '100', '--step', '2s', '--warm-up', '1s',
      '--max-duration', '30s', '--report-dir', out, '--history', join(dir, 'history.ndjson'), '--quiet'], 40_000);
    expect(res.code, res.stderr).toBe(3);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as RunResult;
    const validate = harnessValidator('run-result');
    expect(validate(result), JSON.stringify(validate.errors)).toBe(true);
    const c = result.capacity;
    expect(c).toMatchObject({ limitedBy: 'generator', highestRateHeld: null, unit: 'iterations/s' });
    expect(c?.steps[0]).toMatchObject({ rate: 100, held: null });
    expect(c?.steps[0]?.generator.droppedIterations).toBeGreaterThan(0);
    expect(c?.advice).toMatch(/VUs/);
    expect(result.verdict.passed).toBe(false);
    expect(res.stdout).toMatch(/generator could not offer/);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toMatch(/Capacity: none \(limited by generator/);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(/<svg class="capacity-chart"/);
    // The history keeps the answer per scenario, for the dashboard over releases.
    const lines = readFileSync(join(dir, 'history.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { runId: string; load: { scenario: string; capacity?: unknown }[] });
    expect(lines.find((l) => l.runId === result.meta.runId)?.load[0]).toMatchObject({ scenario: 'read-mix', capacity: { highestRateHeld: null, limitedBy: 'generator', unit: 'iterations/s', confirmed: false } });
    const dashboard = join(dir, 'dashboard.html');
    expect((await runCli(['report', 'dashboard', '--history', join(dir, 'history.ndjson'), '--out', dashboard])).code).toBe(0);
    expect(readFileSync(dashboard, 'utf8')).toMatch(/<h2>Capacity<\/h2>.*read-mix.*none.*generator/s);
  });

  it('Ctrl-C keeps every finished step in the reports, marked interrupted, and never passes (exit 105)', { timeout: 40_000 }, async () => {
    const out = join(dir, 'interrupted');
    let sent = false;
    const res = await runCli(['capacity', '--scenario', 'read-mix', '--engine', 'node', '--workers', '2', '--service-time', '10', '--start-rate', '100',
      // 600 measured iterations: enough for getCall's p(95) (under half of read-mix) to be judged.
      '--step', '6s', '--warm-up', '1s', '--max-duration', '60s', '--report-dir', out, '--history', join(dir, 'history.ndjson')], {
      timeoutMs: 40_000,
      onStderr: (text, child) => {
        if (!sent && /capacity step \(grow\) 100\/s/.test(text)) {
          sent = true;
          child.kill('SIGINT');
        }
      },
    });
    expect(res.code, res.stderr).toBe(105);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as RunResult;
    expect(result.meta.interrupted).toBe(true);
    expect(result.verdict.passed).toBe(false);
    expect(result.capacity).toMatchObject({ interrupted: true, limitedBy: null });
    expect(result.capacity?.steps[0]).toMatchObject({ rate: 100, held: true });
    expect(result.capacity?.verdict).toMatch(/Interrupted after \d step/);
  });

  it('a step that cannot run (setup() fails) ends the search with its exit code, the reports written, no verdict', { timeout: 40_000 }, async () => {
    const server = await start({ port: 0 });
    servers.push(server);
    const out = join(dir, 'setup-fails');
    const res = await runCli(['capacity', '--scenario', 'read-mix', '--engine', 'node', '--target', server.url, '--agent', 'agt_nobody',
      '--start-rate', '20', '--step', '1s', '--warm-up', '1s', '--max-duration', '20s', '--report-dir', out, '--history', join(dir, 'history.ndjson'), '--quiet'],
    { timeoutMs: 40_000, env: { CALLS_API_TOKEN: server.apiKeys[0] as string } });
    expect(res.code, res.stderr).toBe(107);
    expect(res.stderr).toMatch(/the step at 20\/s could not run \(exit 107\)/);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as RunResult;
    expect(result.verdict.passed).toBe(false);
    expect(result.capacity).toMatchObject({ highestRateHeld: null, limitedBy: null, steps: [] });
    expect(result.capacity?.verdict).toMatch(/^A step could not run/);
    expect(res.stdout + res.stderr).not.toContain(server.apiKeys[0] as string);
  });

  it('refuses bad input before any request, one line and exit 2', async () => {
    const bad = [
      [['--slo', 'http_req_duration p95 under 300'], 'E_BAD_THRESHOLD'],
      [['--start-rate', '50', '--max-rate', '10'], 'E_USAGE'],
      [['--workers', '4'], 'E_USAGE'],
      [['--step', '30'], 'E_USAGE'],
      // The parsers load and run use (cli/run-shape-options.ts), with the same messages.
      [['--warm-up', '500ms'], 'E_USAGE'],
      [['--validate', 'some'], 'E_USAGE'],
      [['--resolution', '1.5'], 'E_USAGE'],
      [['--max-duration', '20s'], 'E_USAGE'],
      // Found before the search, not after minutes of steps.
      [['--history', tmpdir()], 'E_OUTPUT_NOT_WRITABLE'],
      [['--scenario', 'nope'], 'E_UNKNOWN_SCENARIO'],
      [['--profile', 'nope'], 'E_UNKNOWN_PROFILE'],
    ] as const;
    for (const [flags, code] of bad) {
      const folder = join(dir, `bad-${code}-${flags[0]}`);
      const res = await runCli(['capacity', '--scenario', 'read-mix', '--report-dir', folder, ...flags]);
      expect(res.code, `${flags.join(' ')}: ${res.stderr}`).toBe(2);
      expect(res.stderr.trim().split('\n'), flags.join(' ')).toHaveLength(1);
      expect(res.stderr).toMatch(new RegExp(`^calls-harness: error ${code}: `));
      expect(existsSync(folder), `${flags.join(' ')}: no run folder claimed`).toBe(false);
    }
  });
});
