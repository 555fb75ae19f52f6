// Each renderer on a fixed result, pinned by snapshots; the result model against its schema.
import { describe, expect, it } from 'vitest';
import { renderConsole } from '../../reports/render-console.ts';
import { renderHtml } from '../../reports/render-html.ts';
import { renderJunit } from '../../reports/render-junit.ts';
import { renderMarkdown } from '../../reports/render-markdown.ts';
import { harnessValidator } from '../../openapi/harness-schemas.ts';
import { fixedResult } from '../fixtures/results.ts';

describe('renderers', () => {
  const result = fixedResult();

  it('console: an aligned table per operation, no colour when not asked', async () => {
    const text = renderConsole(result, false);
    expect(text).not.toContain('\x1b[');
    expect(text).toContain('  ✗ http_req_duration{name:getCall} p(95)<300: p(95)=320ms, 20ms over the limit of 300ms (+6.7%)');
    expect(text).toContain('  ✗ getCall body is a valid CallDetail: 13 of 1200 failed\n      e.g. status 200; /status must be string; body {"id":"call_1","status":7}');
    expect(renderConsole(result, true)).toContain('\x1b[31m');
    await expect(text).toMatchFileSnapshot('__snapshots__/console.txt');
  });

  it('markdown: the verdict first, then the tables; target text escaped', async () => {
    const md = renderMarkdown(result);
    expect(md.split('\n')[0]).toBe('## ❌ Calls API: FAIL');
    expect(md).toContain('| http\\_req\\_duration\\{name:getCall\\} | p(95)\\<300 | p(95)=320ms | 20ms over the limit of 300ms (+6.7%) |');
    expect(md).not.toContain('<script>');
    await expect(md).toMatchFileSnapshot('__snapshots__/summary.md');
  });

  it('junit: each contract check and each threshold a test case', async () => {
    const xml = renderJunit(result);
    expect(xml.match(/<testcase /g)).toHaveLength(6);
    expect(xml).toContain('<testsuites name="calls-harness" tests="6" failures="3" errors="0" skipped="1">');
    // The observed value beside the expression, and the miss, in the message CI shows first.
    expect(xml).toContain('<failure message="threshold http_req_duration{name:getCall} p(95)&lt;300: p(95)=320ms, 20ms over the limit of 300ms (+6.7%)">');
    expect(xml).toContain('getCall body is a valid CallDetail: 13 of 1200 failed');
    expect(xml).toContain('&lt;script&gt;');
    await expect(xml).toMatchFileSnapshot('__snapshots__/junit.xml');
  });

  it('junit: a failed verdict no case carries (generator-bound, thresholds held) is a failed case, never all green', () => {
    const green = fixedResult();
    const [load] = green.load;
    if (!load) throw new Error('the fixture has a load section');
    green.contract = null;
    green.load = [{ ...load, exitCode: 0, thresholds: load.thresholds.map((t) => ({ ...t, ok: true })), generatorBound: ['iterations started up to 900 ms late (p95)'] }];
    green.verdict = { passed: false, reasons: ['transfer-flows: generator-bound: iterations started up to 900 ms late (p95), so the profile\'s load was not offered'] };
    const xml = renderJunit(green);
    expect(xml).toMatch(/failures="1"/);
    expect(xml).toContain('<testcase classname="verdict" name="run passes">');
    expect(xml).toContain('<failure message="transfer-flows: generator-bound: iterations started up to 900 ms late (p95)');
    // A passed run gets no such case; a failure a case already carries gets none either.
    expect(renderJunit({ ...green, verdict: { passed: true, reasons: [] } })).not.toContain('classname="verdict"');
    expect(renderJunit(result)).not.toContain('classname="verdict"');
  });

  it('html: self-contained, with what the target sent escaped', () => {
    const html = renderHtml(result);
    expect(html).toContain('<td>p(95)=320ms</td><td>FAILED: 20ms over the limit of 300ms (+6.7%)</td>');
    expect(html).toContain('<td>getCall body is a valid CallDetail</td><td>13 of 1200</td>');
    expect(html).not.toMatch(/<script[^>]*src=/);
    expect(html).not.toMatch(/https?:\/\/(cdn|unpkg|jsdelivr)/);
    expect(html).not.toContain('<script>alert(');
    expect(html).toContain('&lt;script&gt;alert(');
    expect(html).toContain('\\u003cscript\\u003ealert(');
  });

  it('the result model is valid against schemas/harness/run-result.schema.json', () => {
    const validate = harnessValidator('run-result');
    expect(validate(result), JSON.stringify(validate.errors)).toBe(true);
    const broken = { ...result, meta: { ...result.meta, target: 'https://user:pw@staging.example.com' } };
    expect(validate(broken)).toBe(false);
  });
});
