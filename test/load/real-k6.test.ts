// Where real k6 is installed (users' CI; skipped where it is not), every scenario runs on
// it and on the built-in engine with the same profile against the same kind of server, and they agree:
// the summary data, and every section of the report made from it.
import { expect, it } from 'vitest';
import { scenarioNames } from '../../load/bundle.ts';
import { profileSlo } from '../../load/profile-files.ts';
import type { LoadOptions } from '../../load/run-load.ts';
import { loadSectionOfRun } from '../../reports/load-section-of-run.ts';
import type { LoadSection } from '../../reports/model.ts';
import { smoke } from '../helpers/smoke-run.ts';
import { describeEachK6 } from '../helpers/k6-binaries.ts';

// Once per k6 at hand: CALLS_HARNESS_K6_BINARIES, else k6 on PATH (test/helpers/k6-binaries.ts).
describeEachK6('real k6', (k6) => {
  it.each(scenarioNames())('%s: the same iterations, threshold verdicts and checked operations', async (scenario) => {
    const real = await smoke(scenario, { engine: 'k6' });
    const ours = await smoke(scenario, { engine: 'node' });
    expect(real.result.exitCode, real.result.problems.join('\n')).toBe(0);
    // The run names the k6 that ran it, as `k6 version` prints it.
    expect(real.result).toMatchObject({ engine: 'k6', engineVersion: k6.version.text });
    expect(ours.result.exitCode).toBe(real.result.exitCode);
    // k6 itself starts the arrival that falls exactly on the end of the duration only sometimes.
    expect(Math.abs((ours.values('iterations').count ?? 0) - (real.values('iterations').count ?? 0))).toBeLessThanOrEqual(1);
    const verdicts = (s: typeof real) => Object.fromEntries(Object.entries(s.summary.metrics).filter(([, m]) => m.thresholds).map(([k, m]) => [k, m.thresholds]));
    expect(verdicts(ours)).toEqual(verdicts(real));
    // Which status checks ran depends on the draws of transfer-flows (and on which of a race's two requests wins); the operations checked do not.
    const operations = (s: typeof real) => [...new Set((s.summary.root_group as { checks: { name: string }[] }).checks.map((c) => c.name.split(' ')[0]))].sort();
    expect(operations(ours)).toEqual(operations(real));
    expect(ours.values('checks').rate).toBeGreaterThan(0.99);
    expect(real.values('checks').rate).toBeGreaterThan(0.99);
    // Each request counted once per operation on both engines: every operation's http_req_duration
    // count equals its http_reqs count (k6's summary holds the thresholded ones, its samples the rest).
    for (const s of [real, ours]) {
      const metrics = { ...s.result.k6Samples?.metrics, ...s.summary.metrics };
      const operationKeys = Object.keys(metrics).filter((k) => /^http_reqs\{name:[^,}]+\}$/.test(k));
      expect(operationKeys.length, s.result.engine).toBeGreaterThan(1);
      for (const key of operationKeys) expect(metrics[key.replace('http_reqs', 'http_req_duration')]?.values?.count, `${s.result.engine} ${key}`).toBe(metrics[key]?.values?.count);
    }
    // The same check tree: setup()'s checks in a `setup` group, as k6 writes it, and the same groups.
    expect(groupTree(ours.summary.root_group as Group)).toEqual(groupTree(real.summary.root_group as Group));
  }, 90_000);

  it.each(scenarioNames())('%s: every section of the report filled alike', async (scenario) => {
    const [real, ours] = await bothEngines(scenario);
    expect(Object.keys(real).sort()).toEqual(Object.keys(ours).sort());
    expect(real.operations.map((o) => o.operationId)).toEqual(ours.operations.map((o) => o.operationId));
    for (const op of [...real.operations, ...ours.operations]) expect(op.requests, op.operationId).toBeGreaterThan(0);
    // Which operation loses a race (or which way a transfer flow goes) is chance; the kinds of error are not.
    expect(kinds(real)).toEqual(kinds(ours));
    expectFilledAlike(Object.fromEntries(real.flows.map((f) => [f.flow, f.count])), Object.fromEntries(ours.flows.map((f) => [f.flow, f.count])));
    expectFilledAlike(real.outcomes, ours.outcomes);
    const verdicts = (s: LoadSection) => s.thresholds.map((t) => `${t.metric} ${t.expression} ${t.ok}`).sort();
    expect(verdicts(real)).toEqual(verdicts(ours));
    expect(checkedOperations(real)).toEqual(checkedOperations(ours));
    expect(real.timeline.length).toBeGreaterThan(0);
    expect(Math.abs(real.timeline.length - ours.timeline.length)).toBeLessThanOrEqual(2);
  }, 120_000);

  it('errors by kind alike: 5xx and 429 answers counted as such on both engines, none as "other"', async () => {
    const [real, ours] = await bothEngines('read-mix', { embedded: { faults: { errorRate: 0.15, errorStatuses: [500, 503], rateLimitRate: 0.1 } } });
    for (const section of [real, ours]) {
      const total = (kind: keyof LoadSection['operations'][number]['errorsByKind']) => section.operations.reduce((n, o) => n + (o.errorsByKind[kind] ?? 0), 0);
      expect(total('status_5xx'), section.engine).toBeGreaterThan(0);
      expect(total('status_4xx'), section.engine).toBeGreaterThan(0);
      expect(total('other'), section.engine).toBe(0);
    }
  }, 120_000);
});

async function bothEngines(scenario: string, extra: Partial<LoadOptions> = {}): Promise<[LoadSection, LoadSection]> {
  const section = async (engine: 'k6' | 'node') => loadSectionOfRun((await smoke(scenario, { engine, ...extra })).result, scenario, 'smoke', profileSlo('smoke'));
  return [await section('k6'), await section('node')];
}

interface Group { name: string; path: string; id: string; groups: Group[]; checks: { name: string; passes: number; fails: number }[] }

/** Every group with its path and id; setup's checks whole (one call list, the same on both engines). */
function groupTree(g: Group): unknown {
  return { name: g.name, path: g.path, id: g.id, groups: g.groups.map(groupTree), ...(g.name === 'setup' ? { checks: g.checks.map((c) => [c.name, c.passes, c.fails]) } : {}) };
}

/** The operations checks were made on (which status checks ran depends on the flows' draws and the races). */
function checkedOperations(s: LoadSection): string[] {
  return [...new Set(s.checks.map((c) => c.name.split(' ')[0] ?? ''))].sort();
}

/** The kinds of error the run had, over all operations. */
function kinds(s: LoadSection): string[] {
  return [...new Set(s.operations.flatMap((o) => Object.entries(o.errorsByKind).filter(([, n]) => n > 0).map(([k]) => k)))].sort();
}

/**
 * Counts by name (flows, outcomes): filled on both or on neither, with the same total (one per
 * iteration, and the iterations agree). Which names share it is the random mix's (and, for races,
 * the generator's timing: which of two requests sent together reaches the server first).
 */
function expectFilledAlike(a: Record<string, number>, b: Record<string, number>): void {
  const total = (x: Record<string, number>) => Object.values(x).reduce((n, v) => n + v, 0);
  expect(Object.keys(a).length > 0, JSON.stringify({ a, b })).toBe(Object.keys(b).length > 0);
  expect(Math.abs(total(a) - total(b)), JSON.stringify({ a, b })).toBeLessThanOrEqual(2);
}
