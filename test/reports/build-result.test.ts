// The result model from summary data of either engine, including a k6 version with fields this
// harness does not know and without the built-in engine's extras.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSection } from '../../reports/build-load-section.ts';
import { buildResult } from '../../reports/build-result.ts';
import { renderHtml } from '../../reports/render-html.ts';
import { renderMarkdown } from '../../reports/render-markdown.ts';
import { PROJECT_ROOT } from '../../core/paths.ts';
import type { LoadSection } from '../../reports/model.ts';
import { fixedResult } from '../fixtures/results.ts';

const info = { scenario: 'transfer-flows', profile: 'smoke', engine: 'k6' as const, exitCode: 0, problems: [], slo: { p95Ms: 500, errorRate: 0.01 } };

describe('the result model', () => {
  it('reads real k6 summary data, and fields it does not know change nothing', () => {
    const example = JSON.parse(readFileSync(join(PROJECT_ROOT, 'test', 'fixtures', 'k6-summary', 'handle-summary-data.v0.48.json'), 'utf8')) as Record<string, unknown>;
    const future = { ...example, setup_data: { x: 1 }, metrics: { ...(example.metrics as object), 'http_req_duration{name:getCall}': { type: 'trend', contains: 'time', values: { med: 2, 'p(90)': 3, 'p(95)': 4, 'p(99)': 5, max: 6, 'p(99.9)': 5.5, count: 100, future_stat: 9 }, thresholds: { 'p(95)<500': { ok: true, future: 'x' } } } }, new_section: [1, 2] };
    const section = loadSection(future, info);
    expect(section.iterations).toBe(251);
    expect(section.operations.map((o) => o.operationId)).toEqual(['getCall', 'idx']);
    expect(section.operations[0]).toMatchObject({ operationId: 'getCall', requests: 100, p50: 2, p95: 4, p999: 5.5, max: 6 });
    // k6 gives no count without it in summaryTrendStats: nothing is invented.
    expect(section.operations[1]).toMatchObject({ operationId: 'idx', requests: 0, p95: 1.234812 });
    expect(section.thresholds).toContainEqual({ metric: 'http_req_duration{name:getCall}', expression: 'p(95)<500', ok: true, stat: 'p(95)', op: '<', limit: 500, unit: 'ms', observed: 4 });
    expect(section.checks).toEqual([{ name: 'sync 200', passes: 251, fails: 0 }, { name: 'async 200', passes: 251, fails: 0 }]);
    expect(section.timeline).toEqual([]);
    const result = buildResult({ runId: 'r', target: 'http://127.0.0.1:1', embedded: false, specVersion: '1.0.0', release: null, startedAt: '2026-11-24T01:00:00.000Z', finishedAt: '2026-11-24T01:00:05.000Z', interrupted: false }, null, [section]);
    expect(result.verdict.passed).toBe(true);
    expect(renderMarkdown(result)).toContain('| getCall | 100 |');
    expect(renderHtml(result)).toContain('getCall');
  });

  it('an empty or broken summary still gives a section, with nothing invented', () => {
    const section = loadSection({}, { ...info, exitCode: 107, problems: ['setup() failed: no live calls'] });
    expect(section).toMatchObject({ iterations: 0, operations: [], thresholds: [], exitCode: 107 });
    const result = buildResult({ runId: 'r', target: 't', embedded: true, specVersion: '1', release: null, startedAt: 's', finishedAt: 'f', interrupted: false }, null, [section]);
    expect(result.verdict).toEqual({ passed: false, reasons: ['transfer-flows: exit 107 (setup() failed: no live calls)'] });
  });
});

describe('verdicts that judged nothing, or were cut short, never pass', () => {
  const meta = { runId: 'r', target: 'http://127.0.0.1:1', embedded: true, specVersion: '1.0.0', release: null, startedAt: '2026-11-24T00:00:00.000Z', finishedAt: '2026-11-24T00:00:10.000Z', interrupted: false };
  /** A clean stage: exit 0, every threshold held, nothing dropped or interrupted. */
  const section = (): LoadSection => {
    const l = fixedResult().load[0] as LoadSection;
    return { ...l, exitCode: 0, interrupted: false, droppedIterations: 0, thresholds: l.thresholds.map((t) => ({ ...t, ok: true })) };
  };

  it('a stage interrupted from anywhere (its k6 killed, a runner stopped) marks the whole run interrupted', () => {
    const r = buildResult(meta, null, [{ ...section(), interrupted: true }]);
    expect(r.meta.interrupted).toBe(true);
    expect(r.verdict.passed).toBe(false);
    expect(r.verdict.reasons).toContain('interrupted before the end');
  });

  it('a contract stage whose every check was skipped judged nothing: not a pass', () => {
    const skipped = { operationId: 'getCall', check: 'content_type_conformance', outcome: 'skipped' as const, reason: 'not judged: the documented request got 307, not 200', findings: 0 };
    const contract = { exitCode: 0, cases: [skipped, { ...skipped, check: 'response_schema_conformance' }], findings: [] };
    expect(buildResult(meta, contract, []).verdict).toEqual({ passed: false, reasons: ['contract: all 2 check(s) skipped: nothing was judged'] });
    // One check that passed is a verdict: skips the user chose beside it fail nothing (a partial pass)...
    const passed = { ...skipped, check: 'success_status_conformance', outcome: 'passed' as const };
    expect(buildResult(meta, { ...contract, cases: [...contract.cases.map((c) => ({ ...c, skippedBy: 'choice' as const })), passed] }, []).verdict).toMatchObject({ passed: true, partial: expect.stringContaining('2 of 3 check(s) skipped by choice') });
    // ...but checks the target gave nothing to judge are no pass.
    expect(buildResult(meta, { ...contract, cases: [...contract.cases, passed] }, []).verdict.passed).toBe(false);
  });

  it('no iteration completed, or no threshold judged: not a pass', () => {
    expect(buildResult(meta, null, [{ ...section(), iterations: 0, droppedIterations: 0 }]).verdict.reasons).toEqual(['transfer-flows: no iteration completed: nothing was judged']);
    expect(buildResult(meta, null, [{ ...section(), thresholds: [], droppedIterations: 0 }]).verdict.passed).toBe(false);
  });

  it('drops the thresholds allow fail nothing; drops beside a failed threshold are named as the generator\'s', () => {
    const held = section().thresholds;
    expect(buildResult(meta, null, [section()]).verdict.passed).toBe(true);
    expect(buildResult(meta, null, [{ ...section(), droppedIterations: 3 }]).verdict.passed).toBe(true);
    const failed = buildResult(meta, null, [{ ...section(), droppedIterations: 3, thresholds: [{ ...(held[0] as LoadSection['thresholds'][number]), ok: false }] }]);
    expect(failed.verdict.reasons.join('\n')).toMatch(/transfer-flows: generator-bound: 3 iteration\(s\) dropped/);
  });
});
