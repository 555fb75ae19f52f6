// A capacity step after the first that ends in an error ends the search, never the steps before
// it: their reports, result.json and the history line are written, the error named, exit 2. Here
// step 2's run folder is taken by another run (E_REPORT_DIR_IN_USE) while step 1 loads.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-capacity-step-'));

describe('capacity: a later step that fails', () => {
  it('keeps the steps before it: result.json and history written, the step error named, exit 2', async () => {
    const out = join(dir, 'run');
    const history = join(dir, 'history.ndjson');
    const steps = join(out, 'steps');
    // Once step 1 has its folder, step 2's (01-grow-50 is followed by 02-grow-50, its confirmation
    // or the next rate's 02-grow-100) is taken by "another run": a result.json already there.
    let taken = false;
    const res = await runCli(['capacity', '--scenario', 'read-mix', '--engine', 'node', '--start-rate', '50', '--max-rate', '100', '--step', '1s', '--warm-up', '1s', '--max-duration', '60s', '--report-dir', out, '--history', history, '--quiet'], {
      env: { CALLS_API_TOKEN: undefined, CALLS_API_BASE_URL: undefined, CALLS_API_AGENT_ID: undefined },
      timeoutMs: 55_000,
      onSpawn: (child) => {
        const poll = setInterval(() => {
          if (taken || !existsSync(steps) || !readdirSync(steps).some((d) => d.startsWith('01-'))) return;
          for (const name of ['02-grow-50', '02-grow-100', '02-refine-75']) {
            mkdirSync(join(steps, name));
            writeFileSync(join(steps, name, 'result.json'), '{}');
          }
          taken = true;
        }, 20);
        child.once('close', () => clearInterval(poll));
      },
    });
    expect(taken).toBe(true);
    expect(res.code, res.stdout + res.stderr).toBe(2);
    expect(res.stderr).toContain('E_REPORT_DIR_IN_USE');
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as { capacity: { steps: { rate: number }[]; verdict: string } };
    expect(result.capacity.steps).toHaveLength(1);
    expect(result.capacity.verdict).toContain('could not run');
    expect(readFileSync(history, 'utf8').trim().split('\n')).toHaveLength(1);
  }, 60_000);
});
