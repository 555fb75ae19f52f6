// What real k6's exit means, read with the summary it left: a failed setup() ends with 107 on both
// engines (k6 v0.48 gives a rejected setup() 255), and a k6 that exits 0 without its summary
// judged nothing (exit 99, said so), never a pass or a "missing file" error. A stand-in k6 on
// PATH; real k6 too, once per k6 at hand (test/helpers/k6-binaries.ts; skipped where there is none).
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { k6Summary, writeFakeK6 } from '../helpers/fake-k6.ts';
import { describeEachK6 } from '../helpers/k6-binaries.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-k6-exits-'));
const bin = writeFakeK6(join(dir, 'bin'));
const PATH = `${bin}${delimiter}${process.env.PATH}`;

interface Result { verdict: { passed: boolean; reasons: string[] }; load: { exitCode: number; problems: string[] }[] }
const resultOf = (report: string) => JSON.parse(readFileSync(join(report, 'result.json'), 'utf8')) as Result;
const load = (report: string, env: Record<string, string>, args: string[] = []) =>
  runCli(['load', '--engine', 'k6', '--scenario', 'read-mix', '--report-dir', report, '--history', join(dir, 'h.ndjson'), '--quiet', ...args], { env: { PATH, ...env }, timeoutMs: 40_000 });

/** What k6 writes when setup() rejected: no iteration, the setup's own request, and the scenarios' count of the failure. */
const failedSetup = k6Summary({
  iterations: { type: 'counter', contains: 'default', values: { count: 0, rate: 0 } },
  setup_failures: { type: 'counter', contains: 'default', values: { count: 1, rate: 1 } },
  checks: { type: 'rate', contains: 'default', values: { rate: 0, passes: 0, fails: 1 }, thresholds: { 'rate>0.99': { ok: false } } },
});

describe('k6 exits', () => {
  it('255 after a setup() that failed: exit 107, as on the built-in engine, and said so', async () => {
    const report = join(dir, 'setup-255');
    const res = await load(report, { FAKE_K6_SUMMARY: failedSetup, FAKE_K6_EXIT: '255' });
    expect(res.code, res.stderr).toBe(107);
    expect(res.stdout).toContain('k6: exit 107');
    const result = resultOf(report);
    expect(result.load[0]?.exitCode).toBe(107);
    expect(result.load[0]?.problems[0]).toMatch(/^setup\(\) failed \(k6 exit 255, its code for an error it gives no code of its own\)/);
    expect(result.verdict.passed).toBe(false);
    expect(result.verdict.reasons[0]).toMatch(/^read-mix: exit 107 \(setup\(\) failed/);
  });

  it('255 without a setup failure stays 255 (another error k6 gave no code)', async () => {
    const report = join(dir, 'other-255');
    const res = await load(report, { FAKE_K6_SUMMARY: k6Summary({ iterations: { type: 'counter', values: { count: 3, rate: 1 } } }), FAKE_K6_EXIT: '255' });
    expect(res.code).toBe(255);
  });

  it('0 without its summary data: nothing judged, exit 99, naming why; the report folder is whole', async () => {
    const report = join(dir, 'no-summary');
    const res = await load(report, { FAKE_K6_EXIT: '0' });
    expect(res.code, res.stderr).toBe(99);
    expect(res.stderr).not.toMatch(/error E_/);
    const result = resultOf(report);
    expect(result.verdict.reasons).toEqual([expect.stringMatching(/^read-mix: nothing was judged: k6 exited 0 without writing its summary data \(.*summary\.json\)/)]);
    expect(existsSync(join(report, 'report.html'))).toBe(true);
  });

  it('0 without its summary data, in every runner of --runners 2: nothing judged, exit 99, not E_RUNNER_INCOMPLETE', { timeout: 60_000 }, async () => {
    const report = join(dir, 'runners-no-summary');
    const res = await load(report, { FAKE_K6_EXIT: '0' }, ['--runners', '2']);
    expect(res.code, res.stderr).toBe(99);
    expect(res.stderr).not.toMatch(/error E_/);
    expect(resultOf(report).verdict.reasons[0]).toMatch(/^read-mix: nothing was judged: runner 1 wrote no summary data \(.*runners\/1\/summary\.json: its k6 exited without it\)/);
  });

});

// A target that takes connections and answers every request 503: setup() cannot list the agent's
// calls and fails (a dead target is refused before k6 starts, E_TARGET_UNREACHABLE).
describeEachK6('real k6', (k6) => {
  let failing: Server;
  let target = '';
  beforeAll(async () => {
    failing = createServer((_req, res) => { res.writeHead(503).end(); });
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    target = `http://127.0.0.1:${(failing.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => failing.close(() => resolve())));

  it('a setup() that fails (the target answers 503) ends with 107', { timeout: 60_000 }, async () => {
    const report = join(dir, `real-k6-${k6.version.text}`);
    const res = await runCli(['load', '--engine', 'k6', '--scenario', 'read-mix', '--target', target, '--agent', 'a', '--report-dir', report, '--history', join(dir, 'h.ndjson'), '--quiet'], { env: { PATH: `${k6.dir}${delimiter}${process.env.PATH}`, CALLS_API_TOKEN: 'sk_test_token' }, timeoutMs: 60_000 });
    expect(res.code, res.stderr).toBe(107);
    expect(resultOf(report).load[0]?.problems[0]).toMatch(/^setup\(\) failed \(k6 exit (255|107)/);
  });
});
