// --quiet is the verdict, its reasons and where the reports are: nothing of the engine's summary,
// nothing of k6's (banner, progress, summary). `run --json` is one JSON document on stdout, k6's
// output on stderr. Before: `load --quiet` printed the engine's whole summary (80 lines here) and
// k6's (89 lines on real k6), a quiet FAIL gave no reason, and `run --json` started with k6's banner.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeEachK6 } from '../helpers/k6-binaries.ts';
import { runCliInProcess } from '../helpers/cli.ts';
import { fakeK6, K6_STDERR_MARK, K6_STDOUT_MARK } from '../helpers/fake-k6.ts';
import { tinyDiskForFile } from '../helpers/tiny-disk.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-quiet-'));
const lines = (text: string) => text.split('\n').filter((l) => l !== '');
let n = 0;
const folder = () => ['--report-dir', join(dir, `run-${++n}`), '--history', join(dir, 'h.ndjson')];
// Ten iterations: the read mix reads each of its four operations at least once, so every threshold is judged.
const SHORT = ['--vus', '1', '--iterations', '10'];

describe('--quiet on the built-in engine', () => {
  it('load: a PASS is two lines, the verdict and where the reports are', async () => {
    const res = await runCliInProcess(['load', '--scenario', 'read-mix', '--engine', 'node', ...SHORT, '--quiet', ...folder()]);
    expect(res.code, res.stderr).toBe(0);
    expect(lines(res.stdout)).toEqual(['PASS', expect.stringMatching(/^built-in engine: exit 0; reports in \S+run-\d+$/)]);
    expect(res.stderr).toBe('');
  });

  it('load: a FAIL says why, on the verdict line, and nothing else', async () => {
    const res = await runCliInProcess(['load', '--scenario', 'read-mix', '--engine', 'node', ...SHORT, '--threshold', 'http_req_duration=p(95)<0.000001', '--quiet', ...folder()]);
    expect(res.code, res.stderr).toBe(99);
    const out = lines(res.stdout);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/^FAIL: read-mix: 1 threshold\(s\) failed \(http_req_duration p\(95\)<0\.000001/);
    expect(out[1]).toMatch(/^built-in engine: exit 99; reports in /);
  });

  it('run: a PASS is one line, the verdict and where the reports are', async () => {
    const res = await runCliInProcess(['run', '--engine', 'node', '--scenario', 'read-mix', ...SHORT, '--quiet', ...folder()]);
    expect(res.code, res.stderr).toBe(0);
    expect(lines(res.stdout)).toEqual([expect.stringMatching(/^PASS: reports in \S+ \(result\.json, junit\.xml, summary\.md, report\.html\)$/)]);
    expect(res.stderr).toBe('');
  });
});

describe('reports that cannot be written (the history on a full disk)', () => {
  // A history file on a small file system filled up: the run happens, its history line cannot be
  // appended (ENOSPC). A device such as /dev/full is refused before the run (core/read-input-file.ts).
  const tiny = tinyDiskForFile('1m');
  const fullHistory = (ctx: { skip: (reason: string) => void }) => {
    const disk = tiny(ctx);
    const file = join(disk.dir, `history-${++n}.ndjson`);
    writeFileSync(file, '');
    disk.fill();
    return file;
  };

  it('run --json: stdout is still the one JSON document; the error on stderr alone, exit 2', async (ctx) => {
    const res = await runCliInProcess(['run', '--engine', 'node', '--scenario', 'read-mix', ...SHORT, '--json', '--report-dir', join(dir, 'full-json'), '--history', fullHistory(ctx)]);
    expect(res.code).toBe(2);
    expect((JSON.parse(res.stdout) as { verdict: { passed: boolean } }).verdict).toBeDefined();
    expect(lines(res.stderr)).toEqual([expect.stringMatching(/^calls-harness: error E_OUTPUT_NOT_WRITABLE: Cannot write \S+history-\d+\.ndjson .* The verdict printed on stdout is not a pass \(exit 2\)\.$/)]);
  });

  it('load --quiet: the verdict line, not the whole report', async (ctx) => {
    const res = await runCliInProcess(['load', '--scenario', 'read-mix', '--engine', 'node', ...SHORT, '--quiet', '--report-dir', join(dir, 'full-load'), '--history', fullHistory(ctx)]);
    expect(res.code).toBe(2);
    expect(lines(res.stdout)).toEqual(['PASS on the console only: the reports could not be written, so this run is not a pass (exit 2)']);
    expect(lines(res.stderr)).toEqual([expect.stringMatching(/^calls-harness: error E_OUTPUT_NOT_WRITABLE: /)]);
  });

  it('run --quiet: the verdict line, not the whole report', async (ctx) => {
    const res = await runCliInProcess(['run', '--engine', 'node', '--scenario', 'read-mix', ...SHORT, '--quiet', '--report-dir', join(dir, 'full-quiet'), '--history', fullHistory(ctx)]);
    expect(res.code).toBe(2);
    expect(lines(res.stdout)).toEqual(['PASS on the console only: the reports could not be written, so this run is not a pass (exit 2)']);
    expect(res.stderr).toContain('E_OUTPUT_NOT_WRITABLE');
  });
});

describe('k6 output', () => {
  const k6 = fakeK6();
  const marks = (text: string) => [K6_STDOUT_MARK, K6_STDERR_MARK].filter((m) => text.includes(m));

  it('is the terminal\'s without --quiet (the fake talks, so the tests below can see silence)', async () => {
    const res = await runCliInProcess(['load', '--scenario', 'read-mix', ...folder()], { env: k6.env });
    expect(res.code, res.stderr).toBe(0);
    expect(marks(res.stdout)).toEqual([K6_STDOUT_MARK]);
    expect(marks(res.stderr)).toEqual([K6_STDERR_MARK]);
  });

  it('load --quiet: none of it, on stdout or stderr', async () => {
    const before = k6.calls().length;
    const res = await runCliInProcess(['load', '--scenario', 'read-mix', '--quiet', ...folder()], { env: k6.env });
    expect(res.code, res.stderr).toBe(0);
    expect(k6.calls()).toHaveLength(before + 1);
    expect(marks(res.stdout + res.stderr)).toEqual([]);
    expect(lines(res.stdout)).toEqual(['PASS', expect.stringMatching(/^k6: exit 0; reports in /)]);
  });

  it('load --quiet: a k6 that ends with an error still says why, on the verdict line and on stderr', async () => {
    const failing = fakeK6({ exit: 107, error: 'ERRO[0000] setup() failed: GoError: the fake cannot reach its target' });
    const res = await runCliInProcess(['load', '--scenario', 'read-mix', '--quiet', ...folder()], { env: failing.env });
    expect(res.code, res.stderr).toBe(107);
    // Its banner and summary stay unshown; its last stderr lines (the error among them) are the reason.
    expect(res.stdout + res.stderr).not.toContain(K6_STDOUT_MARK);
    const out = lines(res.stdout);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/^FAIL: read-mix: exit 107 \(k6 exited 107; the last it wrote to stderr \(not shown with --quiet\): .*ERRO\[0000\] setup\(\) failed: GoError: the fake cannot reach its target\)/);
    expect(res.stderr).toContain('the fake cannot reach its target');
  });

  it('run --quiet: none of it', async () => {
    const res = await runCliInProcess(['run', '--scenario', 'read-mix', '--quiet', ...folder()], { env: k6.env });
    expect(marks(res.stdout + res.stderr)).toEqual([]);
    expect(lines(res.stdout).length).toBeLessThanOrEqual(2);
    expect(lines(res.stdout).at(-1)).toMatch(/^(PASS|FAIL): reports in /);
  });

  it('run --json: stdout is exactly one JSON document; k6 talks on stderr', async () => {
    const res = await runCliInProcess(['run', '--scenario', 'read-mix', '--json', ...folder()], { env: k6.env });
    const result = JSON.parse(res.stdout) as { load: { engine: string }[] };
    expect(result.load.map((l) => l.engine)).toEqual(['k6']);
    expect(marks(res.stderr)).toEqual([K6_STDOUT_MARK, K6_STDERR_MARK]);
  });
});

// Where k6 is installed (CI; skipped where it is not): the same, from k6 itself.
describeEachK6('real k6', () => {
  it('load --quiet: the verdict and where the reports are, nothing of k6\'s', async () => {
    const res = await runCliInProcess(['load', '--scenario', 'read-mix', '--engine', 'k6', ...SHORT, '--quiet', ...folder()]);
    expect(res.code, res.stderr).toBe(0);
    expect(lines(res.stdout)).toEqual(['PASS', expect.stringMatching(/^k6: exit 0; reports in /)]);
    expect(res.stderr).toBe('');
  });

  it('run --json: stdout is the one JSON document, k6\'s banner on stderr', async () => {
    const res = await runCliInProcess(['run', '--engine', 'k6', '--scenario', 'read-mix', ...SHORT, '--json', ...folder()]);
    expect(res.code, res.stderr).toBe(0);
    expect((JSON.parse(res.stdout) as { load: { engine: string }[] }).load.map((l) => l.engine)).toEqual(['k6']);
    expect(res.stderr).toContain('execution: local');
  });
});
