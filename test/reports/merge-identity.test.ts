// `report merge` merges only runners of one test: the same target and the same run id, each
// recorded in merge.json when the runner writes it. Runners of two separate runs, or against two
// targets, are refused with E_MERGE_MISMATCH naming the field (they merged into a PASS that named
// the first target and took the p99 of the second). Real `load` runner processes, built-in engine.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectCleanError, runCli } from '../helpers/cli.ts';
import { startTestServer, type TestServer } from '../helpers/reference-server.ts';

const TMP = mkdtempSync(join(tmpdir(), 'calls-harness-merge-identity-'));
const HISTORY = join(TMP, 'history.ndjson');
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

/** One runner of the two halves: against the shared server unless `embedded`, with `--run-id` when given. */
async function runner(name: string, segment: string, o: { runId?: string; embedded?: boolean }): Promise<string> {
  const dir = join(TMP, name);
  const target = o.embedded ? [] : ['--target', server.url, '--agent', server.agentIds[0] as string];
  const res = await runCli(['load', '--scenario', 'read-mix', '--engine', 'node', '--rate', '10', '--duration', '2s', '--quiet', ...target, ...(o.runId ? ['--run-id', o.runId] : []),
    '--execution-segment', segment, '--execution-segment-sequence', '0,1/2,1', '--report-dir', dir, '--history', HISTORY], { env: { CALLS_API_TOKEN: server.key }, timeoutMs: 50_000 });
  expect(res.stderr).not.toMatch(/error E_/);
  return dir;
}

const merge = (dirs: string[], out: string) => runCli(['report', 'merge', ...dirs, '--report-dir', join(TMP, out), '--history', HISTORY, '--quiet'], 30_000);
const runnerFile = (dir: string) => JSON.parse(readFileSync(join(dir, 'merge.json'), 'utf8')) as { target?: string; runId?: string };

describe('report merge and what runners share', () => {
  it('runners of one test (one target, one --run-id) merge; each merge.json records both', { timeout: 60_000 }, async () => {
    const dirs = await Promise.all([runner('one-a', '0:1/2', { runId: 'nightly-1' }), runner('one-b', '1/2:1', { runId: 'nightly-1' })]);
    for (const dir of dirs) expect(runnerFile(dir)).toMatchObject({ target: server.url, runId: 'nightly-1' });
    const res = await merge(dirs, 'one');
    expect(res.stderr).not.toMatch(/error E_/);
    expect([0, 99]).toContain(res.code);
  });

  it('runners of two separate runs against one target: refused, naming the run ids', { timeout: 60_000 }, async () => {
    const dirs = await Promise.all([runner('sep-a', '0:1/2', {}), runner('sep-b', '1/2:1', {})]);
    const [a, b] = dirs.map(runnerFile);
    expect(a?.runId).not.toBe(b?.runId);
    const res = await merge(dirs, 'separate');
    expectCleanError(res, 'E_MERGE_MISMATCH');
    expect(res.stderr).toContain(`ran run id ${a?.runId}`);
    expect(res.stderr).toContain(b?.runId);
    expect(res.stderr).toContain('--run-id');
  });

  it('runners against two targets (one run id): refused, naming the targets', { timeout: 60_000 }, async () => {
    const dirs = await Promise.all([runner('tgt-a', '0:1/2', { runId: 'x' }), runner('tgt-b', '1/2:1', { runId: 'x', embedded: true })]);
    const res = await merge(dirs, 'targets');
    expectCleanError(res, 'E_MERGE_MISMATCH');
    expect(res.stderr).toContain(`ran target ${server.url}`);
    expect(res.stderr).toContain(runnerFile(dirs[1] as string).target);
  });

  it('load --runners 2 gives its runners one run id and one target', { timeout: 60_000 }, async () => {
    const dir = join(TMP, 'runners');
    const res = await runCli(['load', '--scenario', 'read-mix', '--engine', 'node', '--rate', '10', '--duration', '2s', '--quiet', '--runners', '2', '--report-dir', dir, '--history', HISTORY], 50_000);
    expect(res.stderr).not.toMatch(/error E_/);
    const [a, b] = [1, 2].map((i) => runnerFile(join(dir, 'runners', String(i))));
    expect(a?.runId).toBeTruthy();
    expect(a).toEqual(expect.objectContaining({ runId: b?.runId, target: b?.target }));
  });

  it('--run-id that is no id: refused, E_USAGE', async () => {
    expectCleanError(await runCli(['load', '--scenario', 'read-mix', '--engine', 'node', '--run-id', 'a b/c', '--report-dir', join(TMP, 'bad-id')], 20_000), 'E_USAGE');
  });
});
