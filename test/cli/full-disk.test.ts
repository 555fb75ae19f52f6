// A disk that fills up while a run goes on: the verdict is still printed, the exit is never 0
// (E_OUTPUT_NOT_WRITABLE, the file named), and nothing half-written is left to be read as a run:
// no result.json, no history line. The CLI as users run it, on a real tiny tmpfs filled for real.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, childEnv, runCli, type CliResult } from '../helpers/cli.ts';
import { mountTinyDisk, tinyDiskForFile } from '../helpers/tiny-disk.ts';

const elsewhere = mkdtempSync(join(tmpdir(), 'calls-harness-full-disk-'));
// Room for the run folder's bundles (about 1 MB), not for much more.
const tiny = tinyDiskForFile('3m');

/** The one E_OUTPUT_NOT_WRITABLE paragraph, last on stderr, and no stack trace. */
function expectNotWritable(res: CliResult, file: RegExp): void {
  expect(res.code, res.stderr).toBe(2);
  const last = res.stderr.trim().split('\n').pop() ?? '';
  expect(last).toMatch(/^calls-harness: error E_OUTPUT_NOT_WRITABLE: Cannot write /);
  expect(last).toMatch(file);
  expect(last).toContain('ENOSPC');
  expect(res.stderr).not.toMatch(/\n\s+at /);
  expect(res.stderr).not.toContain('E_INTERNAL');
}

describe('a disk that fills up mid-run', () => {
  it('load: filled while the load runs, it prints the verdict, exits 2 naming summary.json, and leaves no result.json and no history line', async (ctx) => {
    const d = tiny(ctx);
    const runDir = join(d.dir, 'load-run');
    const history = join(elsewhere, 'load-history.ndjson');
    let filled = false;
    const res = await runCli(['load', '--scenario', 'read-mix', '--engine', 'node', '--rate', '4', '--duration', '7s', '--report-dir', runDir, '--history', history], {
      timeoutMs: 50_000,
      // The first progress line (at 5 s) comes while the load runs: the bundles are written, the summary not yet.
      onStderr: (text) => {
        if (!filled && /iterations \d+/.test(text)) {
          filled = true;
          d.fill(4096);
        }
      },
    });
    expect(filled, res.stderr).toBe(true);
    expectNotWritable(res, /summary\.json/);
    // The verdict is told, and said not to be a pass.
    expect(res.stdout).toMatch(/^(PASS|FAIL)/m);
    expect(res.stdout).toMatch(/read-mix \(smoke --duration 7s --rate 4, built-in engine \(calls-harness \d+\.\d+\.\d+[^)]*\)\)/);
    expect(res.stdout).toMatch(/the reports could not be written, so this run is not a pass \(exit 2\)/);
    const left = readdirSync(runDir);
    expect(left).not.toContain('result.json');
    expect(left.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // Whatever is there is whole JSON or absent: a later reader never takes half a file for a run.
    for (const f of left.filter((n) => n.endsWith('.json'))) expect(() => JSON.parse(readFileSync(join(runDir, f), 'utf8')) as unknown).not.toThrow();
    expect(existsSync(history)).toBe(false);
  }, 55_000);

  it('load: a history on a full disk is exit 2 naming the history file, with the verdict printed and the run folder whole', async (ctx) => {
    const d = tiny(ctx);
    const history = join(d.dir, 'full-history.ndjson');
    d.fill(0);
    const runDir = join(elsewhere, 'history-full-run');
    const res = await runCli(['load', '--scenario', 'read-mix', '--engine', 'node', '--rate', '4', '--duration', '2s', '--report-dir', runDir, '--history', history, '--quiet'], 50_000);
    expectNotWritable(res, /full-history\.ndjson/);
    // Its reports are kept: the message says what is missing, the history line only.
    expect(res.stderr).toContain(`The run folder ${runDir} holds this run's reports, but the history has no line for it`);
    expect(res.stdout).toMatch(/this run is not a pass \(exit 2\)/);
    // The run folder was written before the history, whole.
    expect((JSON.parse(readFileSync(join(runDir, 'result.json'), 'utf8')) as { version: unknown }).version).toBeDefined();
    expect(existsSync(history) ? readFileSync(history, 'utf8') : '').toBe('');
  }, 55_000);

  it('load: a disk too full for the bundles is E_OUTPUT_NOT_WRITABLE naming the bundle, never E_BUNDLE ("fix the scenario source")', async (ctx) => {
    const d = tiny(ctx);
    // Room for the claim and profile.json, not for a 240 KB bundle.
    d.fill(16 * 1024);
    const res = await runCli(['load', '--scenario', 'read-mix', '--engine', 'node', '--vus', '1', '--duration', '1s', '--report-dir', join(d.dir, 'no-room-for-bundles'), '--history', join(elsewhere, 'bundle-history.ndjson'), '--quiet'], 50_000);
    expectNotWritable(res, /bundle\/k6\/read-mix\.js/);
    expect(res.stderr).not.toContain('E_BUNDLE');
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
  }, 55_000);

  it('contract: a --json on a full disk is exit 2 naming it, after the console verdict', async (ctx) => {
    const d = tiny(ctx);
    d.fill(0);
    const json = join(d.dir, 'contract.json');
    const res = await runCli(['contract', '--operations', 'getCall', '--checks', 'success_status_conformance', '--json', json], 50_000);
    expectNotWritable(res, /contract\.json/);
    expect(res.stdout).toMatch(/^Contract /m);
    expect(existsSync(json)).toBe(false);
  }, 55_000);
});

describe('a disk that fills up when run reaches its load stage', () => {
  it('run: the contract verdict is printed, exit 2 naming what the stage could not write, no result.json, no history line', async (ctx) => {
    tiny(ctx);
    const own = mountTinyDisk('4m');
    if (typeof own === 'string') return ctx.skip(own);
    try {
      let filled = false;
      const history = join(elsewhere, 'run-history.ndjson');
      const res = await runCli(['run', '--scenario', 'read-mix', '--engine', 'node', '--duration', '2s', '--report-dir', join(own.dir, 'run'), '--history', history], {
        timeoutMs: 50_000,
        onStderr: (text) => {
          if (!filled && /calls-harness: load: read-mix/.test(text)) {
            filled = true;
            own.fill(0);
          }
        },
      });
      expect(filled, res.stderr).toBe(true);
      expectNotWritable(res, /read-mix/);
      expect(res.stdout).toMatch(/^contract: \d+ passed/m);
      expect(res.stdout).toMatch(/this run is not a pass \(exit 2\)/);
      expect(existsSync(join(own.dir, 'run', 'result.json'))).toBe(false);
      expect(existsSync(history)).toBe(false);
    } finally {
      own.unmount();
    }
  }, 55_000);
});

describe('a disk that fills up between capacity steps', () => {
  it('capacity: the steps that ran are printed, the search ends with no answer, exit 2 naming what could not be written', async (ctx) => {
    tiny(ctx);
    const own = mountTinyDisk('8m');
    if (typeof own === 'string') return ctx.skip(own);
    try {
      let filled = false;
      const res = await runCli(['capacity', '--scenario', 'read-mix', '--engine', 'node', '--start-rate', '5', '--max-rate', '40', '--step', '2s', '--warm-up', '1s', '--max-duration', '60s', '--report-dir', join(own.dir, 'cap'), '--history', join(elsewhere, 'cap-history.ndjson')], {
        timeoutMs: 50_000,
        // The first step's line: its folder is written; the next step's will not be.
        onStderr: (text) => {
          if (!filled && /capacity step \(grow\) 5\/s/.test(text)) {
            filled = true;
            own.fill(0);
          }
        },
      });
      expect(filled, res.stderr).toBe(true);
      expectNotWritable(res, /cap/);
      expect(res.stdout).toMatch(/1 grow +5 /);
      expect(res.stdout).toMatch(/could not write its run folder/);
      expect(res.stdout).toMatch(/this run is not a pass \(exit 2\)/);
      expect(existsSync(join(own.dir, 'cap', 'result.json'))).toBe(false);
    } finally {
      own.unmount();
    }
  }, 55_000);
});

describe('a run folder made read-only mid-run', () => {
  it('load, as an unprivileged user (root writes anywhere): the verdict printed, exit 2 naming summary.json with EACCES, no result.json', async (ctx) => {
    if (process.getuid?.() !== 0) ctx.skip('needs root, to run the CLI as nobody and take its folder away');
    if (spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(BIN)})`], { uid: 65534, gid: 65534 }).status !== 0) {
      ctx.skip('the project folder is not readable by an unprivileged user (nobody), so the CLI cannot run as one here');
    }
    const base = mkdtempSync(join(tmpdir(), 'calls-harness-readonly-midrun-'));
    chmodSync(base, 0o777);
    const runDir = join(base, 'run');
    mkdirSync(runDir, { mode: 0o777 });
    chmodSync(runDir, 0o777);
    let locked = false;
    const res = await new Promise<CliResult>((resolve) => {
      const args = [BIN, 'load', '--scenario', 'read-mix', '--engine', 'node', '--rate', '4', '--duration', '7s', '--report-dir', runDir, '--history', join(base, 'h.ndjson')];
      const child = spawn(process.execPath, args, { uid: 65534, gid: 65534, cwd: base, env: childEnv({ CALLS_API_TOKEN: undefined }), stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        // While the load runs (its first progress line, 5 s in), the folder is taken away.
        if (!locked && /iterations \d+/.test(stderr)) {
          locked = true;
          chmodSync(runDir, 0o555);
        }
      });
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(locked, res.stderr).toBe(true);
    expect(res.code, res.stderr).toBe(2);
    const last = res.stderr.trim().split('\n').pop() ?? '';
    expect(last).toMatch(/^calls-harness: error E_OUTPUT_NOT_WRITABLE: Cannot write .*summary\.json: EACCES: permission denied/);
    expect(res.stderr).not.toMatch(/E_INTERNAL|\n\s+at /);
    expect(res.stdout).toMatch(/this run is not a pass \(exit 2\)/);
    expect(readdirSync(runDir)).not.toContain('result.json');
    expect(existsSync(join(base, 'h.ndjson'))).toBe(false);
  }, 55_000);
});
