// A command that ends on an error exits with its code as promptly as a settled one, even with a
// handle left open (here a timer loaded into the CLI process, as a scenario might leave behind): the
// reports of a finished load that cannot be written, a refused input, a usage error. Without the
// bound such a process never exits, and a CI step waits for its own timeout.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXIT_AFTER_SETTLE_MS } from '../../cli/stop-signals.ts';
import { runCli } from '../helpers/cli.ts';
import { tinyDiskForFile } from '../helpers/tiny-disk.ts';

const OPEN_HANDLE = fileURLToPath(new URL('../fixtures/open-handle-preload.mjs', import.meta.url));
const env = { NODE_OPTIONS: `--import ${OPEN_HANDLE}`, CALLS_API_TOKEN: undefined };
const dir = mkdtempSync(join(tmpdir(), 'calls-harness-exit-after-error-'));
/** The bound, the start of a CLI process and a margin for a busy machine: far below "never". */
const PROMPTLY_MS = EXIT_AFTER_SETTLE_MS + 20_000;

describe('a command that ends on an error, with a handle left open', () => {
  // A history file on a small file system filled up: the load runs, its history line cannot be
  // appended (ENOSPC). A device such as /dev/full is refused before the run (core/read-input-file.ts).
  const tiny = tinyDiskForFile('1m');

  it('load whose history line cannot be written (a full disk: ENOSPC) after the load finished: exit 2 within the bound, the verdict printed', async (ctx) => {
    const disk = tiny(ctx);
    const history = join(disk.dir, 'history.ndjson');
    writeFileSync(history, '');
    disk.fill();
    const res = await runCli(['load', '--scenario', 'read-mix', '--engine', 'node', '--vus', '1', '--duration', '1s', '--report-dir', join(dir, 'run'), '--history', history, '--quiet'], { env, timeoutMs: PROMPTLY_MS + 15_000 });
    expect(res.code, res.stderr).toBe(2);
    expect(res.stdout).toMatch(/the reports could not be written, so this run is not a pass \(exit 2\)/);
    expect(res.stderr).toMatch(/calls-harness: error E_OUTPUT_NOT_WRITABLE: Cannot write \S+history\.ndjson \(ENOSPC/);
    expect(res.stderr).toContain(`something was still open ${EXIT_AFTER_SETTLE_MS / 1000} s after the command ended`);
    expect(res.stderr).toContain('exiting with its code 2');
  }, 60_000);

  it('a refused input (E_NO_RESULT) and a usage error (E_USAGE) exit 2 within the bound', async () => {
    for (const [args, code] of [[['report', 'render', '--summary', join(dir, 'missing.json'), '--scenario', 'read-mix', '--out', join(dir, 'r')], 'E_NO_RESULT'], [['load'], 'E_USAGE']] as const) {
      const started = performance.now();
      const res = await runCli([...args], { env, timeoutMs: PROMPTLY_MS });
      expect(res.code, res.stderr).toBe(2);
      expect(res.stderr.split('\n')[0]).toMatch(new RegExp(`^calls-harness: error ${code}: `));
      expect(performance.now() - started).toBeLessThan(PROMPTLY_MS);
    }
  }, 60_000);
});
