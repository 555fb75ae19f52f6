// A failed threshold carries the value it judged and by how much it missed, and violations under
// load are broken down by check and operation: from a real run of the built-in engine against the
// reference server with injected latency and a broken call detail.
import { describe, expect, it } from 'vitest';
import { loadSection } from '../../reports/build-load-section.ts';
import { buildResult } from '../../reports/build-result.ts';
import { renderConsole } from '../../reports/render-console.ts';
import { renderJunit } from '../../reports/render-junit.ts';
import { formatValue } from '../../reports/threshold-text.ts';
import { thresholdVerdicts } from '../../reports/threshold-verdicts.ts';
import { smoke } from '../helpers/smoke-run.ts';

describe('threshold figures and violations by check', () => {
  it('a slow, broken getCall: observed p(95) and violation rate beside each failed threshold, the failing check named with its count', async () => {
    const { result: run, summary, values } = await smoke('read-mix', {
      embedded: { latency: { getCall: { model: 'fixed', ms: 25 } }, mutations: ['wrong-type:getCall'] },
      thresholds: { 'http_req_duration{name:getCall}': ['p(95)<10', 'p(95)<5000'] },
    });
    const section = loadSection(summary, { scenario: 'read-mix', profile: 'smoke', engine: 'node', exitCode: 99, problems: [], slo: { p95Ms: 500, errorRate: 0.01 } });
    const p95 = values('http_req_duration{name:getCall}')['p(95)'] as number;
    expect(p95).toBeGreaterThanOrEqual(25);
    const slow = section.thresholds.find((t) => t.metric === 'http_req_duration{name:getCall}' && t.expression === 'p(95)<10');
    expect(slow).toEqual({ metric: 'http_req_duration{name:getCall}', expression: 'p(95)<10', ok: false, stat: 'p(95)', op: '<', limit: 10, unit: 'ms', observed: p95, missedBy: p95 - 10 });
    const held = section.thresholds.find((t) => t.expression === 'p(95)<5000');
    expect(held).toMatchObject({ ok: true, observed: p95 });
    expect(held?.missedBy).toBeUndefined();
    const violations = section.thresholds.find((t) => t.metric === 'contract_violations');
    expect(violations).toMatchObject({ ok: false, stat: 'rate', op: '==', limit: 0, unit: 'rate', observed: values('contract_violations').rate, missedBy: values('contract_violations').rate });

    // Every getCall body broke its schema; the other operations kept theirs.
    const getCalls = values('http_reqs{name:getCall}').count as number;
    expect(section.violations).toEqual([{ operationId: 'getCall', check: 'getCall body is a valid CallDetail', fails: getCalls, passes: 0, sample: { status: 200, errors: [expect.stringMatching(/^\/\w+ must be /)], body: expect.stringMatching(/^\{"id":"call_/) } }]);
    // The sample is the body the server sent, which breaks the schema where its error says.
    const sample = section.violations?.[0]?.sample;
    const field = /^\/(\w+) must be (\w+)/.exec(sample?.errors[0] ?? '');
    expect(sample?.body).toContain(`"${field?.[1]}":`);
    // Capped: a long body keeps its first 1024 characters and says how long it was.
    expect(sample?.body).toMatch(/^.{1024}… \(\d+ characters\)$|^.{0,1024}$/s);

    // The bundle's own text summary (what plain `k6 run` prints) says the same.
    expect(run.summaryText).toContain(`✗ http_req_duration{name:getCall} p(95)<10: p(95)=${String(parseFloat(p95.toFixed(2)))}ms`);
    expect(run.summaryText).toMatch(/\n {5}✗ getCall body is a valid CallDetail\n {6}↳ {2}0% — ✓ 0 \/ ✗ \d+\n {9}e\.g\. status 200; \/\w+ must be \w+; body \{"id":"call_/);
    expect(run.summaryText).not.toContain('█ contract violation sample');
    expect(run.summaryText).toMatch(/\n {3}✗ contract_violations\.+: [\d.]+% +✓ \d+ +✗ \d+\n/);
    expect(run.summaryText).toMatch(new RegExp(`\\n {7}\\{ name:getCall \\}\\.+: 100% +✓ ${values('http_reqs{name:getCall}').count} +✗ 0\\n`));
    const result = buildResult({ runId: 'r', target: 'http://127.0.0.1:1', embedded: true, specVersion: '1', release: null, startedAt: '2026-11-24T01:00:00.000Z', finishedAt: '2026-11-24T01:00:09.000Z', interrupted: false }, null, [section]);
    const text = renderConsole(result, false);
    expect(text).toContain(`  ✗ http_req_duration{name:getCall} p(95)<10: p(95)=${formatValue(p95, 'ms')}, ${formatValue(p95 - 10, 'ms')} over the limit of 10ms`);
    expect(text).toContain(`  ✗ getCall body is a valid CallDetail: ${getCalls} of ${getCalls} failed`);
    expect(renderJunit(result)).toContain(`getCall body is a valid CallDetail: ${getCalls} of ${getCalls} failed`);
  }, 60_000);

  it('k6 summary data: a threshold whose statistic the summary lacks, or that this harness cannot read, keeps its verdict without invented figures', () => {
    const verdicts = thresholdVerdicts({
      metrics: {
        http_req_duration: { type: 'trend', contains: 'time', values: { avg: 12, 'p(95)': 30 }, thresholds: { 'p(99)<50': { ok: false }, 'avg<10': { ok: false } } },
        iterations: { type: 'counter', values: { count: 3 }, thresholds: { 'count >= 5': { ok: false }, 'some new syntax': { ok: true } } },
      },
    });
    expect(verdicts).toEqual([
      { metric: 'http_req_duration', expression: 'p(99)<50', ok: false, stat: 'p(99)', op: '<', limit: 50, unit: 'ms' },
      { metric: 'http_req_duration', expression: 'avg<10', ok: false, stat: 'avg', op: '<', limit: 10, unit: 'ms', observed: 12, missedBy: 2 },
      { metric: 'iterations', expression: 'count >= 5', ok: false, stat: 'count', op: '>=', limit: 5, unit: 'count', observed: 3, missedBy: 2 },
      { metric: 'iterations', expression: 'some new syntax', ok: true },
    ]);
  });
});
