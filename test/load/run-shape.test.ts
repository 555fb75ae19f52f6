// Run shaping on real runs: each class of flag on the built-in engine against the reference
// server, checked in what the engine did (iterations, VUs, bodies validated), in the run folder's
// profile.json and in the result's load section.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SummaryData } from '../../load/engine/summary-data.ts';
import { RUN_SHAPE_FILE, runLoad, type LoadOptions } from '../../load/run-load.ts';
import { shapedProfileName, type RunShape, type ShapeFlags } from '../../load/run-shape.ts';
import { loadSectionOfRun } from '../../reports/load-section-of-run.ts';
import { sloOfProfile } from '../../load/profile-files.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-run-shape-'));
let runs = 0;

async function shaped(scenario: string, shape: ShapeFlags, extra: Partial<LoadOptions> = {}) {
  const run = await runLoad({ scenario, profile: 'smoke', engine: 'node', reportDir: join(dir, `${scenario}-${++runs}`), shape, ...extra });
  const summary = JSON.parse(readFileSync(run.summaryFile, 'utf8')) as SummaryData;
  const value = (key: string, stat: string) => summary.metrics[key]?.values[stat] ?? 0;
  const kept = JSON.parse(readFileSync(join(run.reportDir, RUN_SHAPE_FILE), 'utf8')) as RunShape;
  // Named as `load` and `run` name it: the profile, then the flags.
  const section = await loadSectionOfRun(run, scenario, shapedProfileName(run.shape), sloOfProfile(run.shape.profile));
  return { run, summary, value, kept, section };
}

describe('run shaping on the built-in engine', () => {
  it('--vus with --duration: a constant-VUs run of that many VUs, as k6 makes of them', async () => {
    const { run, value, kept, section } = await shaped('read-mix', { vus: 2, duration: '1s' });
    expect(run.exitCode).toBe(0);
    expect(kept.profile).toMatchObject({ executor: 'constant-vus', vus: 2, duration: '1s' });
    expect(kept.profile.rate).toBeUndefined();
    expect(value('vus', 'max')).toBe(2);
    expect(value('iterations', 'count')).toBeGreaterThan(2);
    expect(section.shape).toMatchObject({ executor: 'constant-vus', flags: ['--vus 2', '--duration 1s'], validate: 'all' });
  });

  it('--iterations: exactly that many iterations, shared by the VUs', async () => {
    const { value, kept } = await shaped('blind-transfer', { iterations: 7, vus: 2 });
    expect(kept.profile).toMatchObject({ executor: 'shared-iterations', iterations: 7, vus: 2 });
    expect(value('iterations', 'count')).toBe(7);
    expect(value('http_reqs{name:blindTransferCall}', 'count')).toBe(7);
  });

  it('--iterations with --duration: the duration bounds the iterations (maxDuration), as in k6', async () => {
    const { summary, value, kept } = await shaped('read-mix', { iterations: 1_000_000, vus: 1, duration: '1s' });
    expect(kept.profile).toMatchObject({ executor: 'shared-iterations', iterations: 1_000_000, vus: 1, maxDuration: '1s' });
    expect(value('iterations', 'count')).toBeGreaterThan(0);
    expect(value('iterations', 'count')).toBeLessThan(1_000_000);
    expect(summary.state.testRunDurationMs).toBeLessThan(5_000);
  });

  it('--rate with --duration: a constant arrival rate, rate x duration iterations (and one at the end, as k6 starts them)', async () => {
    const { run, value, kept, section } = await shaped('read-mix', { rate: 12, duration: '1s' });
    expect(run.exitCode).toBe(0);
    expect(kept.profile).toMatchObject({ executor: 'constant-arrival-rate', rate: 12, timeUnit: '1s', duration: '1s', preAllocatedVUs: 8, maxVUs: 40 });
    // The first at once, then every 1/12 s up to and including the end: 13, as on real k6.
    expect(value('iterations', 'count')).toBe(13);
    expect(value('dropped_iterations', 'count')).toBe(0);
    expect(section.shape?.description).toBe('constant-arrival-rate 12/s for 1s (8 to 40 VUs); validate all');
  });

  it('--rate with --stage: a ramping arrival rate from that rate', async () => {
    const { value, kept } = await shaped('read-mix', { rate: 4, stages: [{ duration: '1s', target: 12 }] });
    expect(kept.profile).toMatchObject({ executor: 'ramping-arrival-rate', startRate: 4, stages: [{ duration: '1s', target: 12 }] });
    // From 4/s to 12/s over one second: 8 arrivals on average, as k6 plans them.
    expect(value('iterations', 'count')).toBeGreaterThanOrEqual(7);
    expect(value('iterations', 'count')).toBeLessThanOrEqual(9);
  });

  it('--stage without --rate: ramping VUs, as `k6 run --stage` does', async () => {
    const { value, kept } = await shaped('read-mix', { stages: [{ duration: '500ms', target: 3 }, { duration: '500ms', target: 3 }] });
    expect(kept.profile).toMatchObject({ executor: 'ramping-vus', startVUs: 1 });
    expect(value('vus', 'max')).toBe(3);
  });

  it('--profile FILE outside the project, and --vus alone setting its VUs', async () => {
    const file = join(dir, 'tiny-vus.json');
    writeFileSync(file, JSON.stringify({ description: 'one VU, one second', executor: 'constant-vus', vus: 1, duration: '1s', latency: { 'p(95)': 2000 }, errorRate: 0.5 }));
    const { run, value, kept, section } = await shaped('read-mix', { vus: 3 }, { profile: file });
    expect(run.exitCode).toBe(0);
    expect(kept).toMatchObject({ label: 'file-tiny-vus', source: file, flags: ['--vus 3'] });
    expect(kept.profile).toMatchObject({ executor: 'constant-vus', vus: 3, duration: '1s', description: 'one VU, one second' });
    expect(value('vus', 'max')).toBe(3);
    // The file's own thresholds are the ones judged.
    expect(section.thresholds.find((t) => t.metric === 'http_req_failed{name:getCall}')?.expression).toBe('rate<0.5');
    expect(section.profile).toBe('file-tiny-vus --vus 3');
  });
});

describe('--validate on the built-in engine', () => {
  // Sub-metrics per operation appear in the summary when a threshold names them.
  const perOperation = { 'bodies_validated{name:blindTransferCall}': ['count>=0'], 'bodies_validated{name:getCall}': ['count>=0'] };

  it('all: every body validated, one body check per response', async () => {
    const { value, section } = await shaped('blind-transfer', { iterations: 12, vus: 1, validate: { kind: 'all' } }, { thresholds: perOperation });
    expect(value('bodies_validated{name:blindTransferCall}', 'count')).toBe(12);
    expect(value('bodies_validated{name:getCall}', 'count')).toBe(value('http_reqs{name:getCall}', 'count'));
    expect(section.shape).toMatchObject({ validate: 'all', bodiesValidated: value('bodies_validated', 'count') });
    expect(section.checks.find((c) => c.name.startsWith('blindTransferCall body is a valid'))?.passes).toBe(12);
  });

  it('sample:RATE: the first 10 of each operation on each VU, then that fraction; every status still checked', async () => {
    const { value, section } = await shaped('blind-transfer', { iterations: 30, vus: 1, validate: { kind: 'sample', rate: 0.5 } }, { thresholds: perOperation });
    // 10, then half of the other 20.
    expect(value('bodies_validated{name:blindTransferCall}', 'count')).toBe(20);
    const statusChecks = section.checks.find((c) => c.name.startsWith('blindTransferCall answers'));
    expect((statusChecks?.passes ?? 0) + (statusChecks?.fails ?? 0)).toBe(30);
    expect(section.checks.find((c) => c.name.startsWith('blindTransferCall body is a valid'))?.passes).toBe(20);
    expect(section.shape).toMatchObject({ validate: 'sample:0.5', flags: ['--vus 1', '--iterations 30', '--validate sample:0.5'] });
  });

  it('sample:0: the first 10 of each operation on each VU, counted per VU', async () => {
    const file = join(dir, 'two-vus-15-each.json');
    writeFileSync(file, JSON.stringify({ description: '15 iterations on each of 2 VUs', executor: 'per-vu-iterations', vus: 2, iterations: 15, latency: { 'p(95)': 2000 }, errorRate: 0.5 }));
    const { value } = await shaped('blind-transfer', { validate: { kind: 'sample', rate: 0 } }, { profile: file, thresholds: perOperation });
    expect(value('http_reqs{name:blindTransferCall}', 'count')).toBe(30);
    expect(value('bodies_validated{name:blindTransferCall}', 'count')).toBe(20);
  });

  it('status: no body validated, every status checked', async () => {
    const { value, section } = await shaped('blind-transfer', { iterations: 5, vus: 1, validate: { kind: 'status' } });
    expect(value('bodies_validated', 'count')).toBe(0);
    expect(section.shape?.bodiesValidated).toBe(0);
    expect(section.checks.some((c) => c.name.includes('body is a valid'))).toBe(false);
    expect(section.checks.find((c) => c.name.startsWith('blindTransferCall answers'))?.passes).toBe(5);
  });

  it('the default comes from the profile: sample for capacity', async () => {
    const { kept, section } = await shaped('read-mix', { rate: 5, duration: '1s' }, { profile: 'capacity' });
    expect(kept.profile.validate).toBe('sample:0.1');
    expect(kept.description).toContain('validate sample:0.1');
    // A constant rate is no ramp: no capacity verdict.
    expect(section.capacity).toBeNull();
  });

  it('the capacity ramp keeps its capacity verdict when flags reshape it', async () => {
    const { section } = await shaped('read-mix', { rate: 2, stages: [{ duration: '2s', target: 10 }], validate: { kind: 'status' } }, { profile: 'capacity' });
    expect(section.profile).toBe('capacity --rate 2 --stage 2s:10 --validate status');
    expect(section.capacity).not.toBeNull();
    expect(section.capacity?.slo).toEqual({ p95Ms: 500, errorRate: 0.01 });
  });
});
