// The HTML report and the dashboard in headless Chromium: they load offline without console
// errors, their charts render, and a screenshot is saved.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { historyEntry } from '../../reports/history.ts';
import { renderDashboard } from '../../reports/render-dashboard.ts';
import { renderHtml } from '../../reports/render-html.ts';
import { PROJECT_ROOT } from '../../core/paths.ts';
import { HAVE_CHROMIUM, layoutAt, openPage } from '../helpers/browser.ts';
import { fixedResult } from '../fixtures/results.ts';

const dir = mkdtempSync(join(tmpdir(), 'calls-harness-html-'));
const SHOTS = join(PROJECT_ROOT, 'reports', 'out', 'screenshots');

describe.runIf(HAVE_CHROMIUM)('in Chromium', () => {
  it('the report renders its charts with no console error', async () => {
    const file = join(dir, 'report.html');
    writeFileSync(file, renderHtml(fixedResult()));
    const page = await openPage(file, join(SHOTS, 'report.png'));
    expect(page.errors).toEqual([]);
    expect(page.charts).toBe(4);
    expect(page.canvases).toBe(4);
    expect(page.text).toContain('Calls API: FAIL');
    expect(page.text).toContain('<script>alert("from the target")</script>');
  }, 30_000);

  it('the contract section fits a 1366 px laptop screen: left-aligned, the reproduce column in view, long lines wrapped', async () => {
    const r = fixedResult();
    const contract = r.contract as NonNullable<typeof r.contract>;
    // What pushed the column off-screen: a long unbroken body received, a long curl line with a JSON body.
    const body = JSON.stringify({ destinations: Array.from({ length: 12 }, (_, i) => ({ to: `+1201555010${i % 10}`, screeningPrompt: 'x'.repeat(30) })) });
    contract.findings.push({
      ...(contract.findings[0] as (typeof contract.findings)[number]), check: 'valid_bodies_accepted', operationId: 'warmTransferCall', received: `200 application/json ${body}`.slice(0, 500),
      request: { method: 'POST', url: 'https://staging.example.com/v1/calls/call_1/transfers/warm', body },
      curl: `curl -sS -i -X POST 'https://staging.example.com/v1/calls/call_1/transfers/warm' -H "Authorization: Bearer $CALLS_API_TOKEN" -H 'Content-Type: application/json' --data '${body}'`,
      seed: 1, reproduce: 'calls-harness contract --target https://staging.example.com --agent agt_123 --allow-remote --seed 1 --operations warmTransferCall --checks valid_bodies_accepted',
    });
    const file = join(dir, 'contract.html');
    writeFileSync(file, renderHtml(r));
    const { boxes, scrollWidth } = await layoutAt(file, 1366, 'table.contract td.reproduce', join(SHOTS, 'report-contract-1366.png'));
    expect(boxes).toHaveLength(2);
    for (const b of boxes) {
      expect(b.left).toBeGreaterThan(0);
      expect(b.right).toBeLessThanOrEqual(1366);
      expect(b.textAlign).toBe('left');
    }
    expect(scrollWidth).toBeLessThanOrEqual(1366);
  }, 30_000);

  it('the dashboard shows each run\'s target, engine and profile, SLO lines, regressed points, throughput, and gaps for runs without requests', async () => {
    const entries = Array.from({ length: 8 }, (_, i) => {
      const r = fixedResult();
      r.meta.runId = `run-${i}`;
      r.meta.startedAt = `2026-11-${String(10 + i).padStart(2, '0')}T01:0${i}:00.000Z`;
      r.meta.release = i === 7 ? 'v2.4.0' : null;
      for (const op of r.load[0]?.operations ?? []) {
        op.errorRate = 0.002 + (i % 2) * 0.001;
        op.p95 = i === 7 ? op.p95 * 3 : op.p95 * (1 + (i % 2) * 0.02);
      }
      // A run that sent no request: a gap on the charts, not 0 ms.
      if (i === 5) for (const op of r.load[0]?.operations ?? []) Object.assign(op, { requests: 0, ratePerS: 0, errorRate: 0, p50: 0, p95: 0, p99: 0 });
      return historyEntry(r);
    });
    const html = renderDashboard(entries, 1, { capacity: { p95Ms: 250, errorRate: 0.01 } });
    const data = JSON.parse(/<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)?.[1] ?? '{}') as { operations: { key: string; points: { p95: number | null; regressed: string[]; label: string }[] }[] };
    const getCall = data.operations.find((o) => o.key === 'transfer-flows/getCall');
    expect(getCall?.points[5]?.p95).toBeNull();
    expect(getCall?.points[7]?.regressed).toEqual(['p95']);
    expect(getCall?.points.map((p) => p.label)).toContain('v2.4.0 2026-11-17 01:07');
    const file = join(dir, 'dashboard.html');
    writeFileSync(file, html);
    const page = await openPage(file, join(SHOTS, 'dashboard.png'));
    expect(page.errors).toEqual([]);
    // Latency, errors and throughput for each of the two operations.
    expect(page.charts).toBe(6);
    expect(page.text).toContain('regressed');
    expect(page.text).toContain('v2.4.0');
    expect(page.text).toContain('2026-11-16T01:06:00.000Z');
    expect(page.text).toContain('transfer-flows (capacity, built-in engine)');
    expect(page.text).toContain('https://staging.example.com');
    expect(page.text).toContain('1 damaged history line(s) skipped');
    // Errors of 0.2-0.3% against a 1% SLO: the axis ends near the SLO, not at 100%.
    const errors = page.chartAttributes['errors-0'];
    expect(errors?.series).toBe('error %|SLO %|regressed');
    expect(Number(errors?.yMax)).toBeGreaterThan(1);
    expect(Number(errors?.yMax)).toBeLessThan(2);
    expect(page.chartAttributes['trend-0']?.series).toBe('p95|p99|SLO p95|regressed');
    expect(page.chartAttributes['rate-0']?.series).toBe('requests/s|regressed');
  }, 30_000);
});
