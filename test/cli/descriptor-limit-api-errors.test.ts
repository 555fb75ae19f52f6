// The open-file limit labels a run generator-bound only when requests failed for it (k6's dial error
// 1213, EMFILE). A target answering 500 while the harness happened to sit at its limit failed on the
// API: that run fails on its errors, never "generator-bound". A real CLI process under `ulimit -n`,
// held at its limit for a moment (test/fixtures/descriptor-hog-preload.mjs), against a real target.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunnerFile } from '../../load/runner-file.ts';
import type { RunResult } from '../../reports/model.ts';
import { start, type RunningServer } from '../../server/index.ts';
import { runCli, type CliResult } from '../helpers/cli.ts';

const HOG = fileURLToPath(new URL('../fixtures/descriptor-hog-preload.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'calls-harness-fd-api-errors-'));
let server: RunningServer;

beforeAll(async () => {
  // Every getCall answered 500; the calls list (the scenario's setup) answers.
  server = await start({ port: 0, faults: { errorRate: 1, errorStatuses: [500], operations: ['getCall'] } });
});
afterAll(() => server.close());

function loadUnderLimit(args: string[]): Promise<CliResult> {
  return runCli(args, { prefix: ['bash', '-c', 'ulimit -n 512 && exec "$0" "$@"'], env: { CALLS_API_TOKEN: server.apiKeys[0], NODE_OPTIONS: `--import ${HOG}` } });
}

describe('a target failing while the generator sits at its open-file limit', () => {
  it('fails on the API\'s errors, and is not generator-bound: no request failed with EMFILE (1213)', async () => {
    const runDir = join(dir, 'run');
    const res = await loadUnderLimit(['load', '--scenario', 'read-mix', '--engine', 'node', '--vus', '2', '--duration', '8s', '--target', server.url, '--agent', server.agentIds[0] as string, '--report-dir', runDir, '--history', join(dir, 'h.ndjson')]);
    expect(res.stderr).toMatch(/descriptor hog: holding \d+ descriptors/);
    // The limit was reached while the load ran: the reading says so.
    const runner = JSON.parse(readFileSync(join(runDir, 'merge.json'), 'utf8')) as RunnerFile;
    expect(runner.generator?.descriptors?.limit, res.stderr).toBe(512);
    const result = JSON.parse(readFileSync(join(runDir, 'result.json'), 'utf8')) as RunResult;
    const load = result.load[0];
    // Not one request failed for want of a socket; getCall failed on the target (500s).
    expect(JSON.stringify(JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')))).not.toContain('error_code:1213');
    expect(load?.operations.find((o) => o.operationId === 'getCall')?.errorsByKind.status_5xx).toBeGreaterThan(0);
    expect(res.code, res.stderr).toBe(99);
    expect(result.verdict.passed).toBe(false);
    expect(load?.generatorBound ?? []).not.toContainEqual(expect.stringMatching(/file descriptors/));
    expect(result.verdict.reasons.join('\n')).not.toMatch(/file descriptors/);
    expect(res.stderr).not.toMatch(/ran out of file descriptors/);
  }, 60_000);
});
