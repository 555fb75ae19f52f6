// Verdicts that mean what they say, on the built-in engine against the reference server: hung
// iterations fail the gate by a default threshold, per-operation counts equal http_reqs, and the
// check tree holds setup()'s checks in a `setup` group as real k6 writes it.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SummaryData } from '../../load/engine/summary-data.ts';
import { runLoad, type LoadOptions } from '../../load/run-load.ts';
import { loadSection } from '../../reports/build-load-section.ts';
import { buildResult } from '../../reports/build-result.ts';
import { submetrics } from '../../load/summary-metrics.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-verdicts-'));

async function transferFlows(name: string, extra: Partial<LoadOptions>) {
  const run = await runLoad({ scenario: 'transfer-flows', profile: 'smoke', engine: 'node', reportDir: join(dir, name), ...extra });
  const summary = JSON.parse(readFileSync(run.summaryFile, 'utf8')) as SummaryData;
  const section = loadSection(summary, { scenario: 'transfer-flows', profile: 'smoke', engine: 'node', exitCode: run.exitCode, problems: run.problems, slo: { p95Ms: 500, errorRate: 0.01 } });
  const values = (key: string) => summary.metrics[key]?.values ?? {};
  return { run, summary, section, values };
}

interface Group { name: string; path: string; id: string; groups: Group[]; checks: { name: string; path: string; passes: number; fails: number }[] }

describe('verdicts of the built-in engine', () => {
  it('iterations hung by the target fail the gate on the interrupted_iterations threshold, with the count', async () => {
    // setup()'s call list is spared: a hung setup() is another verdict (the run could not start).
    const faults = { hangRate: 0.2, operations: ['warmTransferCall', 'getCall', 'completeWarmTransfer', 'cancelWarmTransfer', 'getCallReport'] };
    const { run, summary, section, values } = await transferFlows('hangs', { embedded: { faults } });
    const interrupted = values('interrupted_iterations').count ?? 0;
    expect(interrupted).toBeGreaterThan(0);
    // The scenario's own count (k6 has no metric for it) agrees with the engine's.
    expect(interrupted).toBe(summary.harness.interruptedIterations);
    // Every arrival that started is either finished or interrupted.
    expect((values('iterations').count ?? 0) + interrupted).toBe(values('iteration_start_lag').count);
    expect(summary.metrics.interrupted_iterations?.thresholds).toEqual({ 'count<=0': { ok: false } });
    expect(run.exitCode).toBe(99);
    const at = new Date().toISOString();
    const verdict = buildResult({ runId: 'hangs', target: run.target, embedded: true, specVersion: '1', release: null, startedAt: at, finishedAt: at, interrupted: false }, null, [section]).verdict;
    expect(verdict.passed).toBe(false);
    expect(verdict.reasons.join()).toContain(`interrupted_iterations count<=0: count=${interrupted}`);
  }, 40_000);

  it('counts each request once per operation, judges dropped iterations by default (overridable), and keeps setup checks in a setup group', async () => {
    const { run, summary, section, values } = await transferFlows('counts', { thresholds: { dropped_iterations: ['count<=5'] } });
    expect(run.exitCode, run.problems.join('\n')).toBe(0);
    const operations = submetrics(summary, 'http_reqs', ['name']);
    // Operations with thresholds (every one of the flow) and without (setup's call list).
    expect(operations.map((o) => o.tags.name)).toEqual(expect.arrayContaining(['getCall', 'getCallReport', 'listAgentCalls', 'warmTransferCall']));
    for (const { tags, values: reqs } of operations) {
      const op = tags.name as string;
      expect(values(`http_req_duration{name:${op}}`).count, op).toBe(reqs.count);
      expect(values(`http_req_waiting{name:${op}}`).count, op).toBe(reqs.count);
      const failed = values(`http_req_failed{name:${op}}`);
      expect((failed.passes ?? 0) + (failed.fails ?? 0), op).toBe(reqs.count);
      expect(section.operations.find((o) => o.operationId === op)?.requests, op).toBe(reqs.count);
    }
    expect(summary.metrics.dropped_iterations?.thresholds).toEqual({ 'count<=5': { ok: true } });
    expect(summary.metrics.interrupted_iterations?.thresholds).toEqual({ 'count<=0': { ok: true } });

    const root = summary.root_group as Group;
    const setup = root.groups.find((g) => g.name === 'setup');
    expect(setup).toMatchObject({ path: '::setup', id: createHash('md5').update('::setup').digest('hex'), groups: [] });
    expect(setup?.checks.map((c) => [c.name, c.path, c.passes + c.fails])).toEqual([
      ['listAgentCalls answers 200', '::setup::listAgentCalls answers 200', 1],
      ['listAgentCalls body is a valid AgentCallListPage', '::setup::listAgentCalls body is a valid AgentCallListPage', 1],
    ]);
    expect(root.checks.some((c) => c.name.startsWith('listAgentCalls'))).toBe(false);
    // The tree and the checks metric count the same checks.
    const walk = (g: Group): number => g.checks.reduce((n, c) => n + c.passes + c.fails, 0) + g.groups.reduce((n, child) => n + walk(child), 0);
    const checks = values('checks');
    expect(walk(root)).toBe((checks.passes ?? 0) + (checks.fails ?? 0));
  }, 40_000);
});
