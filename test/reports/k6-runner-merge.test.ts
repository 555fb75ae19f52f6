// Real k6 runners leave merge.json too: their JSON samples counted again by the engine's registry
// (k6's own line shapes here, as k6 v0.48 writes them), so that `report merge` judges k6 runners
// from merged histograms as it judges the built-in engine's.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { RUN_SHAPE_FILE } from '../../load/run-load.ts';
import { resolveRunShape } from '../../load/run-shape.ts';
import { RUNNER_FORMAT, writeRunnerFile } from '../../load/runner-file.ts';
import { k6RunnerMetrics } from '../../load/merge/k6-runner-metrics.ts';
import { mergeRunnerFolders } from '../../load/merge/merge-runners.ts';

const TMP = mkdtempSync(join(tmpdir(), 'calls-harness-k6-merge-'));

const declare = (metric: string, type: string, contains = 'default') => JSON.stringify({ type: 'Metric', data: { name: metric, type, contains, thresholds: [], submetrics: null }, metric });
const point = (metric: string, value: number, tags: Record<string, string> = {}) => JSON.stringify({ type: 'Point', data: { time: '2026-11-24T01:00:00.250Z', value, tags }, metric });

/** A k6 runner's folder: samples of `durations` getCall requests, k6's summary with its thresholds, and merge.json. */
async function k6Runner(name: string, segment: string, durations: number[], order: 'as-written' | 'reversed' = 'as-written', extra: Record<string, object> = {}): Promise<string> {
  const dir = join(TMP, name);
  mkdirSync(dir);
  const samples = join(dir, 'k6-samples.json.gz');
  const lines = [
    declare('iterations', 'counter'), declare('http_req_duration', 'trend', 'time'), declare('checks', 'rate'),
    ...durations.flatMap((ms) => [point('iterations', 1), point('http_req_duration', ms, { name: 'getCall', status: '200' }), point('checks', ms < 100 ? 1 : 0, { check: 'fast' })]),
  ];
  writeFileSync(samples, gzipSync(lines.join('\n')));
  // k6 lists metrics, and each metric's expressions, in its Go maps' order, which changes between runs.
  const metrics = { ...extra, iterations: { type: 'counter', values: { count: durations.length }, thresholds: { 'count<15': { ok: true } } }, 'http_req_duration{name:getCall}': { type: 'trend', values: {}, thresholds: { 'p(90)<100': { ok: true }, 'max<5000': { ok: true } } } };
  const reorder = <T extends object>(o: T): T => (order === 'reversed' ? Object.fromEntries(Object.entries(o).reverse()) as T : o);
  const summary = {
    metrics: reorder(Object.fromEntries(Object.entries(metrics).map(([k, m]) => [k, { ...m, thresholds: reorder(m.thresholds) }]))),
    root_group: { name: '', path: '', id: 'd41d8cd98f00b204e9800998ecf8427e', groups: [], checks: [{ name: 'fast', path: '::fast', id: 'x', passes: 0, fails: 0 }] },
    options: { summaryTrendStats: ['med', 'p(90)', 'p(95)', 'max', 'count'] }, state: { testRunDurationMs: 2000 },
  };
  writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary));
  writeFileSync(join(dir, RUN_SHAPE_FILE), JSON.stringify(resolveRunShape('smoke')));
  const runner = await k6RunnerMetrics(samples, join(dir, 'summary.json'), [], false);
  if (!runner) throw new Error('no runner metrics');
  writeRunnerFile(dir, { format: RUNNER_FORMAT, scenario: 'read-mix', profile: 'smoke', bundleHash: 'same', segment, sequence: '0,1/2,1', engine: 'k6', exitCode: 0, problems: [], ...runner });
  return dir;
}

describe('k6 runners merged', () => {
  it('judge a threshold on a metric k6 wrote no sample of (dropped_iterations of a run that dropped none) as k6 does: count 0', async () => {
    const extra = { dropped_iterations: { type: 'counter', contains: 'default', values: { count: 0, rate: 0 }, thresholds: { 'count<=0': { ok: true } } } };
    const a = await k6Runner('none-dropped-a', '0:1/2', [10, 20], 'as-written', extra);
    const b = await k6Runner('none-dropped-b', '1/2:1', [30, 40], 'as-written', extra);
    const merged = await mergeRunnerFolders([a, b]);
    expect(merged.failed).toEqual([]);
    expect(merged.summary.metrics.dropped_iterations?.values.count).toBe(0);
    expect(merged.summary.metrics.dropped_iterations?.thresholds?.['count<=0']?.ok).toBe(true);
    expect(merged.exitCode).toBe(0);
  });

  it('are one test whatever order k6 listed their metrics and threshold expressions in', async () => {
    const a = await k6Runner('order-a', '0:1/2', [10, 20]);
    const b = await k6Runner('order-b', '1/2:1', [30, 40], 'reversed');
    const merged = await mergeRunnerFolders([a, b]);
    expect(merged.summary.metrics['http_req_duration{name:getCall}']?.values.count).toBe(4);
    expect(Object.keys(merged.summary.metrics['http_req_duration{name:getCall}']?.thresholds ?? {}).sort()).toEqual(['max<5000', 'p(90)<100']);
  });

  it('judge the whole test from merged histograms, and a count threshold that held on each slice fails on the whole', async () => {
    // Each runner: 10 requests and iterations, one request slow.
    const fast = (n: number) => Array.from({ length: n }, (_, i) => 10 + i);
    const a = await k6Runner('a', '0:1/2', [...fast(9), 500]);
    const b = await k6Runner('b', '1/2:1', [...fast(9), 700]);
    const merged = await mergeRunnerFolders([a, b]);
    const duration = merged.summary.metrics['http_req_duration{name:getCall}'];
    expect(duration?.values.count).toBe(20);
    expect(duration?.values.max).toBe(700);
    // p(90) of the 20 together is their 18th value (18 ms), read from the merged histogram.
    expect(duration?.values['p(90)']).toBeCloseTo(18, 1);
    expect(duration?.thresholds?.['p(90)<100']?.ok).toBe(true);
    expect(merged.summary.metrics.iterations?.values.count).toBe(20);
    expect(merged.summary.metrics.iterations?.thresholds?.['count<15']?.ok).toBe(false);
    expect(merged.exitCode).toBe(99);
    expect(merged.summary.metrics['checks']?.values.rate).toBeCloseTo(18 / 20, 9);
  });
});
