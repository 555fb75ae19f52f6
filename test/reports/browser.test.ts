// The HTML report and the dashboard in headless Chromium: they load offline without console
// errors, their charts render, and a screenshot is saved.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { historyEntry } from '../../reports/history.ts';
import { renderDashboard } from '../../reports/render-dashboard.ts';
import { renderHtml } from '../../reports/render-html.ts';
import { PROJECT_ROOT } from '../../spec/paths.ts';
import { HAVE_CHROMIUM, openPage } from '../helpers/browser.ts';
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

  it('the dashboard renders every operation\'s trends and highlights the regression', async () => {
    const entries = Array.from({ length: 8 }, (_, i) => {
      const r = fixedResult();
      r.meta.runId = `run-${i}`;
      r.meta.startedAt = `2026-11-${String(10 + i).padStart(2, '0')}T01:00:00.000Z`;
      r.meta.release = i === 7 ? 'v2.4.0' : null;
      for (const op of r.load[0]?.operations ?? []) op.p95 = i === 7 ? op.p95 * 3 : op.p95 * (1 + (i % 2) * 0.02);
      return historyEntry(r);
    });
    const file = join(dir, 'dashboard.html');
    writeFileSync(file, renderDashboard(entries, 1));
    const page = await openPage(file, join(SHOTS, 'dashboard.png'));
    expect(page.errors).toEqual([]);
    expect(page.charts).toBe(4);
    expect(page.text).toContain('regressed');
    expect(page.text).toContain('v2.4.0');
    expect(page.text).toContain('1 damaged history line(s) skipped');
  }, 30_000);
});
