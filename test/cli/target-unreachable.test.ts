// A target nothing listens on is said as such, by name, before anything runs: E_TARGET_UNREACHABLE
// (exit 2, one paragraph) on `load` with either engine, with runners, on `capacity`, and on
// `contract`/`run` given call ids (no call list asked first). Before, `load` ended with exit 107
// and "status 0" in a failed setup check, and `contract --call-id` called the target "lost".
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectCleanError, runCliInProcess } from '../helpers/cli.ts';
import { fakeK6 } from '../helpers/fake-k6.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-unreachable-'));
const env = { CALLS_API_TOKEN: 'sk_test_unreachable' };

/** A loopback port that was just free: listened on, then closed, so a connection is refused. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    }).on('error', reject);
  });
}

describe('a target nothing listens on', () => {
  let target = '';
  beforeAll(async () => {
    target = `http://127.0.0.1:${await closedPort()}`;
  });

  const expectUnreachable = (res: Awaited<ReturnType<typeof runCliInProcess>>) => {
    expectCleanError(res, 'E_TARGET_UNREACHABLE');
    expect(res.stderr).toContain(`The target ${target} is unreachable`);
    expect(res.stderr).toContain('connection refused');
    expect(res.stderr).not.toContain('status 0');
  };

  it.each(['node', 'k6'] as const)('load --engine %s: E_TARGET_UNREACHABLE naming it, no run folder, no engine started', async (engine) => {
    const k6 = fakeK6();
    const report = join(dir, `load-${engine}`);
    const res = await runCliInProcess(['load', '--scenario', 'read-mix', '--engine', engine, '--target', target, '--agent', 'a', '--report-dir', report, '--history', join(dir, 'h.ndjson')], { env: { ...env, ...k6.env } });
    expectUnreachable(res);
    expect(res.stderr).toContain('no load was started');
    expect(existsSync(report)).toBe(false);
    expect(k6.calls()).toEqual([]);
  });

  it('load --runners 2: said once, before any runner starts', async () => {
    const report = join(dir, 'runners');
    const res = await runCliInProcess(['load', '--scenario', 'read-mix', '--engine', 'node', '--runners', '2', '--target', target, '--agent', 'a', '--report-dir', report, '--history', join(dir, 'h.ndjson')], { env });
    expectUnreachable(res);
    expect(existsSync(report)).toBe(false);
  });

  it('capacity: before the run folder is claimed and before a step', async () => {
    const report = join(dir, 'capacity');
    const res = await runCliInProcess(['capacity', '--scenario', 'read-mix', '--engine', 'node', '--target', target, '--agent', 'a', '--report-dir', report, '--history', join(dir, 'h.ndjson')], { env });
    expectUnreachable(res);
    expect(existsSync(report)).toBe(false);
  });

  it('contract --call-id: could not start, unreachable (not a target "lost" mid-run)', async () => {
    const junit = join(dir, 'contract.xml');
    const res = await runCliInProcess(['contract', '--target', target, '--call-id', 'c1', '--junit', junit], { env });
    expectUnreachable(res);
    expect(res.stderr).toContain('no check was run');
    expect(readFileSync(junit, 'utf8')).toContain('<error message="E_TARGET_UNREACHABLE');
  });

  it('run --call-id: the verdict names the target and says it is unreachable', async () => {
    const report = join(dir, 'run');
    const res = await runCliInProcess(['run', '--engine', 'node', '--target', target, '--call-id', 'c1', '--report-dir', report, '--history', join(dir, 'h.ndjson')], { env });
    expect(res.code, res.stderr).toBe(2);
    const result = JSON.parse(readFileSync(join(report, 'result.json'), 'utf8')) as { verdict: { passed: boolean; reasons: string[] } };
    expect(result.verdict.passed).toBe(false);
    expect(result.verdict.reasons).toEqual([expect.stringContaining(`contract run could not start: E_TARGET_UNREACHABLE: The target ${target} is unreachable`)]);
    expect(res.stdout).toContain(`The target ${target} is unreachable`);
  });
});
