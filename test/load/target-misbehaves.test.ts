// A target that resets connections or dies mid-run: the load run completes, counts the errors
// by kind and reports them.
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLoad } from '../../load/run-load.ts';
import { loadSection } from '../../reports/build-load-section.ts';
import { start } from '../../server/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-misbehaves-'));

async function readMixAgainst(server: Awaited<ReturnType<typeof start>>, name: string) {
  const run = await runLoad({ scenario: 'read-mix', profile: 'smoke', engine: 'node', target: server.url, token: server.apiKeys[0], agentId: server.agentIds[0], reportDir: join(dir, name) });
  return { run, section: loadSection(JSON.parse(readFileSync(run.summaryFile, 'utf8')) as object, { scenario: 'read-mix', profile: 'smoke', engine: 'node', exitCode: run.exitCode, problems: run.problems, slo: { p95Ms: 500, errorRate: 0.01 } }) };
}

describe('a misbehaving target', () => {
  it('connection resets are counted as resets and fail the error-rate thresholds', async () => {
    const server = await start({ port: 0 });
    server.setFaults({ resetRate: 0.3, operations: ['getCall', 'listCallEvents'] });
    const { run, section } = await readMixAgainst(server, 'resets');
    await server.close();
    expect(run.exitCode).toBe(99);
    const resets = section.operations.reduce((n, o) => n + o.errorsByKind.reset + o.errorsByKind.other, 0);
    expect(resets).toBeGreaterThan(0);
  }, 30_000);

  it('a target that dies mid-run: the run still ends on schedule with its summary', async () => {
    const server = await start({ port: 0 });
    // It dies once it has answered 10 of the run's 33 reads, wherever the run is by then: a fixed
    // 3 s from the start raced the bundling and setup() of a busy machine (dead before the load began).
    const reads = () => ['getCall', 'listCallEvents', 'getCallReport', 'getCallRecording'].reduce((n, op) => n + server.delays(op).length, 0);
    const dying = setInterval(() => {
      if (reads() < 10) return;
      clearInterval(dying);
      void server.close();
    }, 20);
    const t0 = performance.now();
    const { run, section } = await readMixAgainst(server, 'dies').finally(() => clearInterval(dying));
    expect(performance.now() - t0).toBeLessThan(20_000);
    expect(run.exitCode).toBe(99);
    const failed = section.operations.reduce((n, o) => n + o.errorsByKind.other + o.errorsByKind.reset, 0);
    expect(failed).toBeGreaterThan(5);
    expect(section.iterations).toBeGreaterThan(20);
  }, 30_000);
});
