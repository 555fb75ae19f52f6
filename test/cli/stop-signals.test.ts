// One signal path for every long-running command: real SIGTERM and SIGINT sent to the real CLI.
// The first signal stops the run, reaps k6, writes every report and the history line marked
// interrupted, and exits 105 (load, run) or 2 (contract); a second one exits at once; a signal
// late in the run never ends in exit 0.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, type RunningServer } from '../../server/index.ts';
import { BIN, childEnv, runCli, type CliResult } from '../helpers/cli.ts';
import { answersVersion } from '../helpers/fake-k6.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-signals-'));
const CLEAN_ENV = { CALLS_API_BASE_URL: undefined, CALLS_API_AGENT_ID: undefined, CALLS_API_TOKEN: undefined, CALLS_HARNESS_RELEASE: undefined };

/**
 * A stand-in for k6 on PATH. FAKE_K6_MODE: "summary" writes its summary on SIGINT and exits 105
 * (as k6 does), "deaf" ignores SIGINT, "late" signals the harness itself and exits 0 at once.
 */
const bin = join(dir, 'bin');
const fakeK6 = `#!${process.execPath}
${answersVersion()}
const fs = require('node:fs');
fs.writeFileSync(process.env.FAKE_K6_PID_FILE, String(process.pid));
fs.writeFileSync(process.env.FAKE_K6_PID_FILE + '.args', JSON.stringify(process.argv.slice(2)));
// Its process group (the third field after the command name in /proc/self/stat).
fs.writeFileSync(process.env.FAKE_K6_PID_FILE + '.pgid', fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ')[2]);
const summary = { metrics: { iterations: { type: 'counter', contains: 'default', values: { count: 7, rate: 1 } } }, root_group: { name: '', path: '', id: 'x', groups: [], checks: [] }, options: {}, state: { testRunDurationMs: 1000, isStdOutTTY: false, isStdErrTTY: false } };
const mode = process.env.FAKE_K6_MODE;
if (mode === 'late') {
  fs.writeFileSync(process.env.CALLS_SUMMARY_FILE, JSON.stringify(summary));
  process.kill(process.ppid, 'SIGTERM');
  process.exit(0);
}
let sigints = 0;
process.on('SIGINT', () => {
  if (mode === 'deaf') return;
  // As k6: the first SIGINT ends the test and writes the summary (which takes a moment), a second one quits without it.
  if (++sigints > 1) process.exit(105);
  setTimeout(() => {
    fs.writeFileSync(process.env.CALLS_SUMMARY_FILE, JSON.stringify(summary));
    process.exit(105);
  }, 300);
});
process.stderr.write('fake k6 running\\n');
setInterval(() => {}, 1000);
`;
function writeFakeK6(): void {
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'k6'), fakeK6);
  chmodSync(join(bin, 'k6'), 0o755);
}

/** Gone: no such process, or a zombie no one has reaped yet (it runs nothing). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return !/^\d+ \(.*\) Z/.test(stat);
}

interface Signalled {
  res: CliResult;
  /** ms from the last signal sent to the exit. */
  afterLastSignalMs: number;
}

/** When to signal: once stderr matches, `ms` after the start, or once a condition holds (polled). */
type Ready = RegExp | number | (() => boolean);

/** Runs the CLI and sends `signals` (one each `gapMs`) once it is `ready`. */
async function signalled(args: string[], ready: Ready, signals: NodeJS.Signals[], env: Record<string, string | undefined> = {}, gapMs = 300): Promise<Signalled> {
  let sent = false;
  let lastAt = 0;
  const send = (child: ChildProcess, delayMs: number) => {
    sent = true;
    signals.forEach((sig, i) => setTimeout(() => { lastAt = performance.now(); child.kill(sig); }, delayMs + i * gapMs));
  };
  const res = await runCli(args, {
    env: { ...CLEAN_ENV, ...env }, timeoutMs: 60_000,
    onSpawn: (child) => {
      if (typeof ready === 'number') send(child, ready);
      if (typeof ready === 'function') {
        const poll = setInterval(() => { if (ready()) { clearInterval(poll); send(child, 0); } }, 50);
        child.once('close', () => clearInterval(poll));
      }
    },
    onStderr: (text, child) => { if (!sent && ready instanceof RegExp && ready.test(text)) send(child, 200); },
  });
  expect(sent, `never saw ${String(ready)} in: ${res.stderr}`).toBe(true);
  return { res, afterLastSignalMs: performance.now() - lastAt };
}

/** Holds from `ms` after the run folder has the built-in engine's bundle of read-mix. */
function afterBundled(report: string, ms: number): () => boolean {
  let at = 0;
  return () => {
    if (!at && existsSync(join(report, 'bundle', 'node', 'read-mix.mjs'))) at = performance.now();
    return at > 0 && performance.now() - at >= ms;
  };
}

function lastHistoryLine(file: string): { interrupted: boolean; passed: boolean } {
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  return JSON.parse(lines[lines.length - 1] as string) as { interrupted: boolean; passed: boolean };
}

function resultOf(folder: string): { meta: { interrupted: boolean }; verdict: { passed: boolean }; load: { interrupted: boolean; iterations: number }[] } {
  return JSON.parse(readFileSync(join(folder, 'result.json'), 'utf8')) as ReturnType<typeof resultOf>;
}

describe('load, built-in engine', () => {
  for (const sig of ['SIGTERM', 'SIGINT'] as const) {
    it(`${sig}: exit 105, every report written, the history line marked interrupted`, async () => {
      const report = join(dir, `engine-${sig}`);
      const history = join(dir, `engine-${sig}.ndjson`);
      // 1.5 s after the engine's bundle is written (the load starts right after), however long a
      // busy machine took to bundle: early in the smoke profile's 8 s. A fixed 3.5 s from the
      // start could fall in the bundling, with no load to stop.
      const { res } = await signalled(['load', '--scenario', 'read-mix', '--engine', 'node', '--report-dir', report, '--history', history], afterBundled(report, 1500), [sig]);
      expect(res.code, res.stderr).toBe(105);
      expect(res.stderr).toContain(`stopping (${sig})`);
      expect(res.stdout).toContain(`built-in engine: stopped by ${sig}, interrupted, no verdict: exit 105`);
      for (const name of ['result.json', 'summary.json', 'junit.xml', 'summary.md', 'report.html']) expect(existsSync(join(report, name)), name).toBe(true);
      const result = resultOf(report);
      expect(result.meta.interrupted).toBe(true);
      expect(result.verdict.passed).toBe(false);
      expect(lastHistoryLine(history)).toMatchObject({ interrupted: true, passed: false });
    }, 60_000);
  }
});

describe('load, k6 on PATH (a stand-in)', () => {
  beforeAll(writeFakeK6);
  const k6Env = (mode: string, pidFile: string) => ({ PATH: `${bin}${delimiter}${process.env.PATH}`, FAKE_K6_MODE: mode, FAKE_K6_PID_FILE: pidFile });

  it('SIGTERM is passed to k6 as one SIGINT: k6 writes its summary, the reports are built from it, k6 is reaped, exit 105', async () => {
    const report = join(dir, 'k6-summary');
    const history = join(dir, 'k6-summary.ndjson');
    const pidFile = join(dir, 'k6-summary.pid');
    const { res } = await signalled(['load', '--scenario', 'read-mix', '--report-dir', report, '--history', history], /fake k6 running/, ['SIGTERM'], k6Env('summary', pidFile));
    expect(res.code, res.stderr).toBe(105);
    expect(alive(Number(readFileSync(pidFile, 'utf8')))).toBe(false);
    const result = resultOf(report);
    expect(result.load[0]?.iterations).toBe(7);
    expect(result.meta.interrupted).toBe(true);
    expect(lastHistoryLine(history).interrupted).toBe(true);
  }, 60_000);

  it('Ctrl-C in a terminal (SIGINT to the whole process group) reaches k6 once: its summary is kept', async () => {
    const report = join(dir, 'k6-group');
    const pidFile = join(dir, 'k6-group.pid');
    const res = await new Promise<CliResult>((resolve) => {
      // Its own process group, as a shell gives a foreground job.
      const child = spawn(process.execPath, [BIN, 'load', '--scenario', 'read-mix', '--report-dir', report, '--history', join(dir, 'k6-group.ndjson')], { env: childEnv({ ...CLEAN_ENV, ...k6Env('summary', pidFile) }), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes('fake k6 running') && !stderr.includes('stopping')) setTimeout(() => process.kill(-(child.pid as number), 'SIGINT'), 200);
      });
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(res.code, res.stderr).toBe(105);
    expect(resultOf(report).load[0]?.iterations).toBe(7);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(alive(pid)).toBe(false);
    // k6 leads a process group of its own: the terminal's SIGINT goes to the harness alone, which
    // passes k6 exactly one (a second one makes real k6 quit without its summary).
    expect(Number(readFileSync(`${pidFile}.pgid`, 'utf8'))).toBe(pid);
  }, 60_000);

  it('a k6 that ignores SIGINT is killed after the bound; the reports are still written and say no summary came', async () => {
    const report = join(dir, 'k6-deaf');
    const pidFile = join(dir, 'k6-deaf.pid');
    const { res } = await signalled(['load', '--scenario', 'read-mix', '--report-dir', report, '--history', join(dir, 'k6-deaf.ndjson')], /fake k6 running/, ['SIGINT'], k6Env('deaf', pidFile));
    expect(res.code, res.stderr).toBe(105);
    expect(alive(Number(readFileSync(pidFile, 'utf8')))).toBe(false);
    const result = resultOf(report) as ReturnType<typeof resultOf> & { load: { problems: string[] }[] };
    expect(result.meta.interrupted).toBe(true);
    expect(result.load[0]?.problems.join(' ')).toContain('no summary data was written');
  }, 60_000);

  it('a second signal exits at once, without waiting for k6, and k6 is killed with the harness', async () => {
    const pidFile = join(dir, 'k6-twice.pid');
    const { res, afterLastSignalMs } = await signalled(['load', '--scenario', 'read-mix', '--report-dir', join(dir, 'k6-twice'), '--history', join(dir, 'k6-twice.ndjson')], /fake k6 running/, ['SIGTERM', 'SIGTERM'], k6Env('deaf', pidFile), 500);
    expect(res.code, res.stderr).toBe(105);
    expect(res.stderr).toContain('SIGTERM again: exiting at once');
    // Far below the 10 s k6 is otherwise given to write its summary.
    expect(afterLastSignalMs).toBeLessThan(5000);
    expect(alive(Number(readFileSync(pidFile, 'utf8')))).toBe(false);
  }, 60_000);

  it('a signal when k6 has already finished with exit 0 still ends the run as interrupted, never exit 0; --quiet reaches k6', async () => {
    const report = join(dir, 'k6-late');
    const history = join(dir, 'k6-late.ndjson');
    const res = await runCli(['load', '--scenario', 'read-mix', '--report-dir', report, '--history', history, '--quiet'], { env: { ...CLEAN_ENV, ...k6Env('late', join(dir, 'k6-late.pid')) }, timeoutMs: 60_000 });
    expect(res.code, res.stderr).toBe(105);
    expect(res.stderr).toContain('stopping (SIGTERM)');
    expect(existsSync(join(report, 'result.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'k6-late.pid.args'), 'utf8'))).toContain('--quiet');
  }, 60_000);
});

describe('run', () => {
  it('SIGTERM during the contract stage: the checks done are kept, no load starts, every report and the history line written, exit 105', async () => {
    const report = join(dir, 'run-contract-stage');
    const history = join(dir, 'run-contract-stage.ndjson');
    const { res } = await signalled(['run', '--engine', 'node', '--report-dir', report, '--history', history], /contract suite/, ['SIGTERM']);
    expect(res.code, res.stderr).toBe(105);
    const result = resultOf(report) as ReturnType<typeof resultOf> & { contract: { cases: { outcome: string; reason?: string }[]; error?: { code: string } } };
    expect(result.meta.interrupted).toBe(true);
    expect(result.load).toEqual([]);
    // Stopped mid-suite (the usual case): the checks not run are skipped; stopped before the first check (a slow start): said so.
    const stoppedMidSuite = result.contract.cases.some((c) => c.reason?.startsWith('not run'));
    expect(stoppedMidSuite || result.contract.error?.code === 'E_INTERRUPTED', JSON.stringify(result.contract).slice(0, 500)).toBe(true);
    expect(lastHistoryLine(history)).toMatchObject({ interrupted: true, passed: false });
  }, 60_000);
});

describe('contract', () => {
  let slow: RunningServer;
  const SECRET = 'sk_live_SIGNALStest0123456789abcdef';
  beforeAll(async () => { slow = await start({ port: 0, apiKeys: [SECRET], transferStepMs: 20, latency: { '*': { model: 'fixed', ms: 150 } } }); });
  afterAll(async () => { await slow.close(); });

  for (const sig of ['SIGTERM', 'SIGINT'] as const) {
    it(`${sig}: --junit, --json and --report-dir are written with what was checked, exit 2 (could not finish)`, async () => {
      const junit = join(dir, `contract-${sig}.xml`);
      const json = join(dir, `contract-${sig}.json`);
      const report = join(dir, `contract-${sig}`);
      slow.clearDelays();
      // Signalled once the target has answered 20 requests: past the call list, well into the checks.
      const answered = () => Object.values(slow.delayStats()).reduce((n, d) => n + d.count, 0) >= 20;
      const { res } = await signalled(['contract', '--target', slow.url, '--agent', slow.agentIds[0] as string, '--junit', junit, '--json', json, '--report-dir', report], answered, [sig], { CALLS_API_TOKEN: SECRET });
      expect(res.code, res.stderr).toBe(2);
      expect(res.stderr).toMatch(new RegExp(`contract stopped by ${sig} after \\d+ of \\d+ checks`));
      const written = JSON.parse(readFileSync(json, 'utf8')) as { interrupted: boolean; cases: { outcome: string; reason?: string }[] };
      expect(written.interrupted).toBe(true);
      // Checked before the stop: kept; never started: skipped, never passed.
      expect(written.cases.some((c) => c.outcome === 'passed')).toBe(true);
      expect(written.cases.some((c) => c.outcome === 'skipped' && c.reason?.startsWith('not run'))).toBe(true);
      expect(readFileSync(junit, 'utf8')).toContain('<testsuite');
      expect(resultOf(report).meta.interrupted).toBe(true);
      expect(resultOf(report).verdict.passed).toBe(false);
    }, 60_000);
  }
});
