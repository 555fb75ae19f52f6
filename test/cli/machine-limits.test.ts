// The generator's machine at its limits: file descriptors exhausted (`ulimit -n`) and the CPU taken
// by another process. Either way the run is labelled generator-bound and never passes, with what
// ran out and the fix; it never crashes and never blames the API. Real processes, real limits.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { availableParallelism, tmpdir } from 'node:os';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHistory } from '../../reports/history.ts';
import type { RunResult } from '../../reports/model.ts';
import { BIN, runCli, type CliResult } from '../helpers/cli.ts';
import { generousProfile } from '../helpers/generous-profile.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-machine-limits-'));

/** Thresholds no healthy run breaks: only the generator's own state can fail it. */
const GENEROUS = generousProfile(dir, { maxInterruptedIterations: 1000 });

/** The CLI behind `prefix` (a shell limit, taskset, nice), its output collected. */
function runUnder(prefix: string[], args: string[], onStderr?: (text: string) => void, timeoutMs = 50_000): Promise<CliResult> {
  return runCli(args, { prefix, onStderr, timeoutMs, env: { CALLS_API_TOKEN: undefined } });
}

const resultOf = (runDir: string) => JSON.parse(readFileSync(join(runDir, 'result.json'), 'utf8')) as RunResult;

describe('the generator machine at its limits', () => {
  it('file descriptors exhausted (ulimit -n 64, 100 VUs): failed requests, a problem naming the limit and `ulimit -n`, generator-bound, no crash', async () => {
    const runDir = join(dir, 'fds');
    const res = await runUnder(['bash', '-c', 'ulimit -n 64 && exec "$0" "$@"'], ['load', '--scenario', 'read-mix', '--engine', 'node', '--profile', GENEROUS, '--vus', '100', '--duration', '3s', '--report-dir', runDir, '--history', join(dir, 'h.ndjson'), '--quiet']);
    expect(res.code, res.stderr).toBe(99);
    expect(res.stderr).not.toMatch(/E_INTERNAL|\n\s+at /);
    expect(res.stderr).toMatch(/calls-harness: the generator ran out of file descriptors \(\d+ open of its limit of 64, `ulimit -n`\).*EMFILE.*Raise the limit \(`ulimit -n 65536`/);
    const result = resultOf(runDir);
    const load = result.load[0];
    expect(result.verdict.passed).toBe(false);
    // Requests that fail at once (EMFILE) can also keep the event loop late: that signal may join it.
    expect(load?.generatorBound).toContainEqual(expect.stringMatching(/ran out of file descriptors/));
    expect(result.verdict.reasons.join('\n')).toMatch(/read-mix: generator-bound: it ran out of file descriptors/);
    // Its history line says so: never a baseline, not judged by default.
    expect(readHistory(join(dir, 'h.ndjson')).entries.find((e) => e.runId === result.meta.runId)?.load[0]?.generatorBound).toBe(true);
    // The requests that could not open a socket are counted, as failures.
    const failed = load?.operations.reduce((n, o) => n + Math.round(o.errorRate * o.requests), 0) ?? 0;
    expect(failed).toBeGreaterThan(0);
  }, 55_000);

  it('--runners 2 at ulimit -n 64: the merged run is generator-bound too (each runner says so in merge.json)', async () => {
    const runDir = join(dir, 'fds-runners');
    const res = await runUnder(['bash', '-c', 'ulimit -n 64 && exec "$0" "$@"'], ['load', '--scenario', 'read-mix', '--engine', 'node', '--profile', GENEROUS, '--vus', '100', '--duration', '3s', '--runners', '2', '--report-dir', runDir, '--history', join(dir, 'h.ndjson'), '--quiet']);
    expect(res.code, res.stderr).not.toBe(0);
    expect(res.stderr).not.toMatch(/E_INTERNAL|\n\s+at /);
    expect(res.stderr).toMatch(/runner .*: the generator ran out of file descriptors .*`ulimit -n`/);
    const result = resultOf(runDir);
    expect(result.verdict.passed).toBe(false);
    expect(result.load[0]?.generatorBound).toContainEqual(expect.stringMatching(/ran out of file descriptors \(\d+ open of its limit of 64/));
  }, 55_000);

  it('at every open-file limit Node itself can start under, a run either goes on or ends with one E_FD_LIMIT line: never a stack trace', async () => {
    const seen: string[] = [];
    for (let limit = 16; limit <= 34; limit += 2) {
      const res = await runUnder(['bash', '-c', `ulimit -n ${limit} && exec "$0" "$@"`], ['load', '--scenario', 'read-mix', '--engine', 'node', '--vus', '1', '--duration', '1s', '--report-dir', join(dir, `limit-${limit}`), '--history', join(dir, 'h.ndjson'), '--quiet'], undefined, 30_000);
      // Below some limit Node cannot even read the launcher (or start its threads): not ours to word.
      if (res.stderr.includes(`open '${BIN}'`) || res.code === null || res.code > 128) continue;
      expect(res.stderr, `ulimit -n ${limit}`).not.toMatch(/E_INTERNAL|\n\s+at /);
      if (res.code === 2) {
        expect(res.stderr.trim().split('\n'), `ulimit -n ${limit}`).toEqual([expect.stringMatching(/^calls-harness: error E_FD_LIMIT: .*ran out of file descriptors.*`ulimit -n 65536`/)]);
        seen.push('E_FD_LIMIT');
      } else {
        expect([0, 99], `ulimit -n ${limit}: ${res.stderr}`).toContain(res.code);
        seen.push('ran');
      }
    }
    // Both sides of the limit were met here: it starts with too few, it runs with enough.
    expect(seen).toContain('E_FD_LIMIT');
    expect(seen).toContain('ran');
  }, 55_000);

  it('the CPU taken by a busy process on its core: generator-bound from its late iterations and event loop, never a pass, though every threshold held', async (ctx) => {
    if (spawnSync('taskset', ['--version']).status !== 0 || spawnSync('nice', ['--version']).status !== 0) ctx.skip('taskset or nice is not installed');
    const core = String(Math.min(1, availableParallelism() - 1));
    const runDir = join(dir, 'cpu');
    let busy: ChildProcess | null = null;
    // A busy loop on the generator's own core, far above it in priority: where a priority can be
    // raised (root with CAP_SYS_NICE; not a default Docker container, where `nice -n -20` only warns)
    // the loop at the highest, so the generator finishes at full speed once the loop is gone;
    // otherwise the generator at the lowest.
    const raises = process.getuid?.() === 0 && spawnSync('nice', ['-n', '-20', 'true'], { encoding: 'utf8' }).stderr === '';
    const starve = () => {
      // From the first progress line (5 s in, the script loaded) for 4 s.
      busy = spawn(raises ? 'nice' : 'taskset', [...(raises ? ['-n', '-20', 'taskset'] : []), '-c', core, process.execPath, '-e', 'for (;;) {}'], { stdio: 'ignore' });
      setTimeout(() => busy?.kill('SIGKILL'), 4000).unref();
    };
    try {
      const res = await runUnder(['taskset', '-c', core, ...(raises ? [] : ['nice', '-n', '19'])], ['load', '--scenario', 'read-mix', '--engine', 'node', '--profile', GENEROUS, '--report-dir', runDir, '--history', join(dir, 'h.ndjson')], (text) => {
        if (!busy && /iterations \d+/.test(text)) starve();
      });
      expect(busy, res.stderr).not.toBeNull();
      const result = resultOf(runDir);
      const load = result.load[0];
      // The API's thresholds held: only the generator fails this run.
      expect(load?.thresholds.filter((t) => !t.ok)).toEqual([]);
      expect(load?.generatorBound?.join('; ')).toMatch(/iterations started up to \d+ ms late \(p95\)|its event loop was up to \d+ ms late \(p99\)/);
      expect(result.verdict.passed).toBe(false);
      expect(res.code).toBe(99);
      expect(res.stdout).toMatch(/^FAIL: .*read-mix: generator-bound: /m);
    } finally {
      (busy as ChildProcess | null)?.kill('SIGKILL');
    }
  }, 55_000);

  it('temp space missing (TMPDIR names no folder): the harness keeps everything in its run folder, so the run goes on', async () => {
    const runDir = join(dir, 'no-tmpdir');
    const res = await runCli(['load', '--scenario', 'read-mix', '--engine', 'node', '--vus', '1', '--duration', '1s', '--report-dir', runDir, '--history', join(dir, 'h.ndjson'), '--quiet'], { timeoutMs: 40_000, env: { TMPDIR: join(dir, 'no-such-folder'), TEMP: undefined, TMP: undefined } });
    expect(res.code, res.stderr).toBe(0);
    expect(resultOf(runDir).verdict.passed).toBe(true);
  }, 45_000);
});
