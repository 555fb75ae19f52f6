// The built-in engine behaves as k6 does: thresholds, abortOnFail, tags, setup and teardown data,
// the summary structure, interruption, and what it refuses.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineConfigError } from '../../load/engine/script-options.ts';
import { ThresholdError } from '../../load/engine/thresholds.ts';
import { PROJECT_ROOT } from '../../core/paths.ts';
import { arrivalRecorder } from '../helpers/arrival-recorder.ts';
import { metric, runFixture } from '../helpers/engine.ts';

let rec: Awaited<ReturnType<typeof arrivalRecorder>>;
beforeAll(async () => { rec = await arrivalRecorder(); });
afterAll(async () => { await rec.close(); });

const once = { executor: 'shared-iterations', vus: 2, iterations: 6 };
const fixture = (options: Record<string, unknown>, env: Record<string, string> = {}, extra = {}) =>
  runFixture('configurable', { URL: rec.url, OPTIONS: JSON.stringify(options), ...env }, extra);

describe('thresholds', () => {
  it('evaluate every form on metrics and tagged sub-metrics, and exit 99 when one fails', async () => {
    const r = await fixture({
      scenarios: { s: once },
      thresholds: {
        http_req_duration: ['p(95)<5000', 'avg<5000', 'med<5000', 'max<5000', 'min<0'],
        'http_req_duration{name:probe}': ['p(99)<5000'],
        http_req_failed: ['rate<0.01'],
        iterations: ['count>0', 'count>1000'],
        'custom_latency{kind:plain}': ['p(90)<5000'],
        checks: ['rate==1'],
      },
    });
    const d = r.summary.metrics;
    expect(d.http_req_duration?.thresholds).toEqual({ 'p(95)<5000': { ok: true }, 'avg<5000': { ok: true }, 'med<5000': { ok: true }, 'max<5000': { ok: true }, 'min<0': { ok: false } });
    expect(d['http_req_duration{name:probe}']?.thresholds).toEqual({ 'p(99)<5000': { ok: true } });
    expect(d.iterations?.thresholds).toEqual({ 'count>0': { ok: true }, 'count>1000': { ok: false } });
    expect(d['custom_latency{kind:plain}']?.values['p(90)']).toBeGreaterThan(0);
    expect(d.checks?.thresholds).toEqual({ 'rate==1': { ok: true } });
    expect(r.exitCode).toBe(99);
  });

  it('read sub-metric keys as k6 does: spaces and quotes around tag names and values do not matter', async () => {
    const r = await fixture({ scenarios: { s: once }, thresholds: { 'http_reqs{name: "probe"}': ['count==6'], "http_reqs{ kind : 'plain' }": ['count==7'] } });
    expect(r.summary.metrics['http_reqs{name:probe}']?.thresholds).toEqual({ 'count==6': { ok: true } });
    expect(r.summary.metrics['http_reqs{kind:plain}']?.thresholds).toEqual({ 'count==7': { ok: false } });
    expect(r.exitCode).toBe(99);
  });

  it('abortOnFail does not judge a sub-metric without samples during the run, as k6 does; the end does', async () => {
    const r = await fixture({
      scenarios: { s: { executor: 'constant-vus', vus: 1, duration: '600ms', gracefulStop: '0s' } },
      thresholds: { 'http_reqs{name:never}': [{ threshold: 'count>0', abortOnFail: true }] },
    }, { DELAY: '10' }, { progressEveryMs: 50 });
    expect(r.summary.harness.abortReason).toBeNull();
    expect(r.ms).toBeGreaterThan(550);
    expect(r.summary.metrics['http_reqs{name:never}']?.thresholds).toEqual({ 'count>0': { ok: false } });
    expect(r.exitCode).toBe(99);
  });

  it('passing thresholds exit 0', async () => {
    const r = await fixture({ scenarios: { s: once }, thresholds: { http_req_failed: ['rate<0.01'], checks: ['rate>0.99'] } });
    expect(r.exitCode).toBe(0);
  });

  it('reject what k6 would reject, before the run', async () => {
    await expect(fixture({ scenarios: { s: once }, thresholds: { http_req_duration: ['p95 < 300'] } })).rejects.toThrow(ThresholdError);
    await expect(fixture({ scenarios: { s: once }, thresholds: { http_req_failed: ['p(95)<1'] } })).rejects.toThrow(/a rate metric has no "p\(95\)"/);
    await expect(fixture({ scenarios: { s: once }, thresholds: { no_such_metric: ['count>0'] } })).rejects.toThrow(/no metric named "no_such_metric"/);
  });

  it('abortOnFail stops the run once delayAbortEval has passed, with exit 99', async () => {
    const r = await fixture({
      scenarios: { s: { executor: 'constant-vus', vus: 2, duration: '10s', gracefulStop: '0s' } },
      thresholds: { http_req_duration: [{ threshold: 'max<0', abortOnFail: true, delayAbortEval: '500ms' }] },
    }, { DELAY: '20' }, { progressEveryMs: 100 });
    expect(r.exitCode).toBe(99);
    expect(r.ms).toBeLessThan(4000);
    expect(r.ms).toBeGreaterThan(500);
    expect(r.summary.harness.abortReason).toContain('abortOnFail');
  });
});

describe('tags, setup and teardown', () => {
  it('propagates request tags into sub-metrics and checks into groups', async () => {
    const r = await fixture({ scenarios: { s: { ...once, tags: { team: 'calls' } } }, thresholds: { 'http_reqs{team:calls}': ['count==6'], 'http_reqs{kind:special}': ['count==6'], 'checks{group:::setup}': ['rate==1'] } }, { KIND: 'special' });
    // setup()'s samples carry its group tag, as in k6.
    expect(r.summary.metrics['checks{group:::setup}']?.values.passes).toBe(1);
    expect(r.summary.metrics['http_reqs{team:calls}']?.values.count).toBe(6);
    expect(r.summary.metrics['http_reqs{kind:special}']?.values.count).toBe(6);
    expect(r.summary.metrics['http_req_duration{name:probe}']?.values.max).toBeGreaterThan(0);
    const groups = (r.summary.root_group as { groups: { name: string; path: string; checks: { name: string; passes: number; path: string }[] }[] }).groups;
    // As k6 v0.48 (js/runner.go runPart): setup() and teardown() each run in a group of their name,
    // made when they start, so the default function's groups come between them.
    expect(groups.map((g) => [g.name, g.path])).toEqual([['setup', '::setup'], ['after', '::after'], ['teardown', '::teardown']]);
    expect(groups[0]?.checks.map((c) => [c.name, c.passes, c.path])).toEqual([['setup has a target', 1, '::setup::setup has a target']]);
    expect(groups[2]?.checks.map((c) => [c.name, c.passes, c.path])).toEqual([['teardown has the setup data', 1, '::teardown::teardown has the setup data']]);
    // The checks metric counts the same checks as the tree: 2 per iteration, 1 in setup, 1 in teardown.
    expect(r.summary.metrics.checks?.values.passes).toBe(6 * 2 + 2);
    const group = groups[1];
    expect(group?.checks.map((c) => [c.name, c.passes, c.path])).toEqual([['status is 200', 6, '::after::status is 200'], ['body has ok', 6, '::after::body has ok']]);
    expect(r.exitCode).toBe(0);
  });

  it('hands setup data to every iteration and to teardown as JSON, as k6 does', async () => {
    const r = await fixture({ scenarios: { s: once } });
    expect(metric(r, 'setup_data_seen')?.values.count).toBe(6);
    expect(r.problems).toEqual([]);
  });

  it('a setup that throws ends the run with exit 107 and still writes the summary', async () => {
    const r = await fixture({ scenarios: { s: once } }, { SETUP_THROWS: '1' });
    expect(r.exitCode).toBe(107);
    expect(r.problems.join()).toContain('setup() failed: setup went wrong');
    expect(metric(r, 'iterations')).toBeUndefined();
    expect(r.outputs).not.toEqual({});
  });

  it('a setup that outlives setupTimeout is stopped there, with k6\'s exit 100 and its message', async () => {
    const r = await fixture({ scenarios: { s: once }, setupTimeout: '1s' }, { SETUP_DELAY: '4000' });
    expect(r.exitCode).toBe(100);
    expect(r.ms).toBeLessThan(3000);
    expect(r.problems).toContain('setup() execution timed out after 1 seconds (raise the setupTimeout option)');
    expect(metric(r, 'iterations')).toBeUndefined();
    // What setup() would have done after its deadline is not counted (k6 cancels its context).
    expect(metric(r, 'checks')).toBeUndefined();
  });

  it('iterations that throw are counted as errors and the run goes on', async () => {
    const r = await fixture({ scenarios: { s: { executor: 'per-vu-iterations', vus: 1, iterations: 4 } } }, { ITERATION_THROWS: '1' });
    expect(r.summary.harness.iterationErrors).toEqual([{ message: 'iteration went wrong', count: 2 }]);
    expect(metric(r, 'http_reqs')?.values.count).toBe(2);
  });

  it('a handleSummary that throws is reported, not fatal', async () => {
    const r = await fixture({ scenarios: { s: once } }, { SUMMARY_THROWS: '1' });
    expect(r.problems).toContain('handleSummary() failed: summary went wrong');
    expect(r.exitCode).toBe(0);
  });
});

describe('ending', () => {
  it('an iteration that never settles is interrupted at gracefulStop and the run ends on schedule', async () => {
    const r = await fixture({ scenarios: { s: { executor: 'constant-vus', vus: 2, duration: '300ms', gracefulStop: '200ms' } } }, { NEVER_SETTLES: '1' });
    expect(r.ms).toBeLessThan(2000);
    expect(r.summary.harness.interruptedIterations).toBe(2);
    // k6 has no interrupted_iterations metric: the engine does not invent one (a script may define it).
    expect(metric(r, 'interrupted_iterations')).toBeUndefined();
    expect(metric(r, 'iterations')).toBeUndefined();
  });

  it('a stop from outside (Ctrl-C) ends within moments, with the summary marked interrupted and exit 105', async () => {
    const stop = new AbortController();
    // Stopped once iterations are under way (5 requests from 2 VUs: one VU has finished 2), however
    // long a busy machine takes to bundle and start; a fixed 400 ms from here could stop it before any.
    const from = rec.arrivals.length;
    let stoppedAt = 0;
    const poll = setInterval(() => {
      if (rec.arrivals.length - from < 5) return;
      clearInterval(poll);
      stoppedAt = performance.now();
      stop.abort();
    }, 10);
    const r = await fixture({ scenarios: { s: { executor: 'constant-vus', vus: 2, duration: '30s' } } }, { DELAY: '10' }, { signal: stop.signal }).finally(() => clearInterval(poll));
    expect(stoppedAt).toBeGreaterThan(0);
    expect(performance.now() - stoppedAt).toBeLessThan(1600);
    expect(r.exitCode).toBe(105);
    expect(r.summary.harness.interrupted).toBe(true);
    expect(metric(r, 'iterations')?.values.count).toBeGreaterThan(0);
  });

  it('refuses sleep(), synchronous http.get() and unknown executors by name before sending a request', async () => {
    // A recorder of its own: iterations the tests above abandoned at gracefulStop may still be
    // sending to the shared one (CI saw 153 such arrivals land during this test).
    const own = await arrivalRecorder();
    try {
      await expect(runFixture('uses-sleep', { URL: own.url })).rejects.toThrow(/sleep\(\).*http\.get\(\)|http\.get\(\).*sleep\(\)/);
      await expect(runFixture('configurable', { URL: own.url, OPTIONS: JSON.stringify({ scenarios: { s: { executor: 'externally-controlled' } } }) })).rejects.toThrow(EngineConfigError);
      expect(own.arrivals).toHaveLength(0);
    } finally {
      await own.close();
    }
  });

  it('a target that does not answer gives status 0, k6 error codes and http_req_failed', async () => {
    const r = await runFixture('configurable', { URL: 'http://127.0.0.1:9', OPTIONS: JSON.stringify({ scenarios: { s: once } }) });
    expect(metric(r, 'http_req_failed')?.values.rate).toBe(1);
    expect(r.summary.metrics['checks']?.values.fails).toBeGreaterThan(0);
  });
});

describe('summary data', () => {
  it('has the structure real k6 hands to handleSummary', async () => {
    const example = JSON.parse(readFileSync(join(PROJECT_ROOT, 'test', 'fixtures', 'k6-summary', 'handle-summary-data.v0.48.json'), 'utf8')) as { metrics: Record<string, { type: string; contains: string; values: Record<string, number> }>; root_group: object; options: object; state: object };
    const r = await fixture({ scenarios: { s: once }, thresholds: { 'http_req_duration{name:probe}': ['p(95)<500'] } });
    expect(Object.keys(r.summary)).toEqual(expect.arrayContaining(Object.keys(example)));
    expect(Object.keys(r.summary.options).sort()).toEqual(Object.keys(example.options).sort());
    expect(Object.keys(r.summary.state).sort()).toEqual(Object.keys(example.state).sort());
    for (const [name, m] of Object.entries(example.metrics)) {
      if (name.includes('{') || name.startsWith('my_')) continue;
      const ours = r.summary.metrics[name];
      expect(ours, name).toBeDefined();
      expect([ours?.type, ours?.contains], name).toEqual([m.type, m.contains]);
      expect(Object.keys(ours?.values ?? {}).sort(), name).toEqual(Object.keys(m.values).sort());
    }
    expect(r.summary.metrics['http_req_duration{name:probe}']?.thresholds).toEqual({ 'p(95)<500': { ok: true } });
  });
});
