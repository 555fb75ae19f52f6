// `report render` judges a run folder's summary data as `load` judged the run: a generator-bound run
// (its file descriptors exhausted) and an interrupted one (stopped by SIGINT) are rendered so, never
// as PASS. Real runs of the CLI (one under a real `ulimit -n`), then the CLI's render of their data.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../reports/model.ts';
import { runCli, type CliResult } from '../helpers/cli.ts';
import { generousProfile } from '../helpers/generous-profile.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-render-judges-'));
/** Thresholds no healthy run breaks: only the generator's own state, or the stop, can fail it. */
const GENEROUS = generousProfile(dir);

/** Requests that cannot open a socket fail their checks: these thresholds hold even so. */
const LENIENT_CHECKS = ['--threshold', 'checks=rate>=0', '--threshold', 'contract_violations=rate<=1'];

const resultOf = (runDir: string) => JSON.parse(readFileSync(join(runDir, 'result.json'), 'utf8')) as RunResult;

function cli(args: string[], prefix: string[], onStarted?: (kill: (sig: NodeJS.Signals) => void, stderr: string) => void): Promise<CliResult> {
  return runCli(args, { prefix, env: { CALLS_API_TOKEN: undefined }, onStderr: (stderr, child) => onStarted?.((sig) => child.kill(sig), stderr) });
}

/** Renders the run, which must come out failed: its exit is the run's own failed exit (or 99, as load's). */
async function render(runDir: string, out: string, code: number, extra: string[] = []): Promise<RunResult> {
  const res = await runCli(['report', 'render', '--summary', join(runDir, 'summary.json'), '--scenario', 'read-mix', '--engine', 'node', '--out', out, ...extra], 30_000);
  expect(res.code, res.stderr).toBe(code);
  expect(res.stdout).toMatch(/^FAIL: /m);
  expect(readFileSync(join(out, 'summary.md'), 'utf8')).not.toMatch(/PASS/);
  return resultOf(out);
}

describe('report render of a run that was not a clean pass', () => {
  it('a generator-bound run (file descriptors exhausted, thresholds held) renders generator-bound, never PASS', async () => {
    const runDir = join(dir, 'fds');
    const res = await cli(['load', '--scenario', 'read-mix', '--engine', 'node', '--profile', GENEROUS, '--vus', '100', '--duration', '3s', ...LENIENT_CHECKS, '--report-dir', runDir, '--history', join(dir, 'h.ndjson'), '--quiet'], ['bash', '-c', 'ulimit -n 64 && exec "$0" "$@"']);
    expect(res.code, res.stderr).toBe(99);
    const ran = resultOf(runDir);
    // Its thresholds held: only the generator failed it.
    expect(ran.load[0]?.thresholds.every((t) => t.ok)).toBe(true);
    expect(ran.load[0]?.generatorBound).toContainEqual(expect.stringMatching(/file descriptors/));
    const rendered = await render(runDir, join(dir, 'fds-rendered'), 99);
    expect(rendered.verdict.passed).toBe(false);
    expect(rendered.load[0]?.generatorBound).toContainEqual(expect.stringMatching(/ran out of file descriptors \(\d+ open of its limit of 64/));
    expect(rendered.verdict.reasons.join('\n')).toMatch(/read-mix: generator-bound: /);
    expect(readFileSync(join(dir, 'fds-rendered', 'summary.md'), 'utf8')).toContain('generator-bound');
    // A `load --runners` folder keeps no merge.json beside its summary, only the verdict load gave
    // in result.json: read there, it is generator-bound all the same.
    rmSync(join(runDir, 'merge.json'));
    const fromResult = await render(runDir, join(dir, 'fds-from-result'), 99);
    expect(fromResult.load[0]?.generatorBound).toContainEqual(expect.stringMatching(/file descriptors/));
  }, 60_000);

  it('an interrupted run renders interrupted, never PASS, even from summary data without the built-in engine\'s own mark (as k6 writes it)', async () => {
    const runDir = join(dir, 'stopped');
    let sent = false;
    const res = await cli(['load', '--scenario', 'read-mix', '--engine', 'node', '--profile', GENEROUS, '--vus', '2', '--duration', '30s', '--report-dir', runDir, '--history', join(dir, 'h.ndjson')], [], (kill, stderr) => {
      // Its first progress line: the load runs.
      if (!sent && /iterations \d+/.test(stderr)) {
        sent = true;
        kill('SIGINT');
      }
    });
    expect(res.code, res.stderr).toBe(105);
    // k6's summary data has no `harness` block: only merge.json beside it says how the run ended.
    const summaryFile = join(runDir, 'summary.json');
    const asK6Writes = JSON.parse(readFileSync(summaryFile, 'utf8')) as Record<string, unknown>;
    delete asK6Writes.harness;
    writeFileSync(summaryFile, JSON.stringify(asK6Writes));
    // A merge.json that cannot be read may have held the stop: no verdict without the exit given.
    const whole = readFileSync(join(runDir, 'merge.json'), 'utf8');
    writeFileSync(join(runDir, 'merge.json'), whole.slice(0, 40));
    const damaged = await runCli(['report', 'render', '--summary', summaryFile, '--scenario', 'read-mix', '--out', join(dir, 'stopped-damaged')], 30_000);
    expect(damaged.code).toBe(2);
    expect(damaged.stderr).toMatch(/E_NO_RESULT.*cannot be read as JSON.*--exit-code/s);
    writeFileSync(join(runDir, 'merge.json'), whole);
    const rendered = await render(runDir, join(dir, 'stopped-rendered'), 105);
    expect(rendered.meta.interrupted).toBe(true);
    expect(rendered.load[0]?.exitCode).toBe(105);
    expect(rendered.verdict.reasons).toContain('interrupted before the end');
    // A k6 run made by hand leaves no merge.json: its exit code, given with --exit-code, says it.
    rmSync(join(runDir, 'merge.json'));
    rmSync(join(runDir, 'result.json'));
    const byHand = await render(runDir, join(dir, 'stopped-by-hand'), 105, ['--exit-code', '105']);
    expect(byHand.meta.interrupted).toBe(true);
    expect(byHand.verdict.reasons).toContain('interrupted before the end');
  }, 60_000);
});
