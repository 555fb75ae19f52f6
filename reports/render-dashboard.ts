// The nightly dashboard: every operation's p95, p99 and error rate over the last N runs, with
// releases and spec versions marked and regressions highlighted.
import { compare, DEFAULT_RULES, medianOf } from './compare.ts';
import type { HistoryEntry } from './history.ts';
import { escapeHtml, htmlTable, page } from './html/page.ts';

interface Point {
  label: string;
  runId: string;
  p95: number;
  p99: number;
  errorRate: number;
  regressed: boolean;
}

export function renderDashboard(entries: HistoryEntry[], skipped: number): string {
  const keys = [...new Set(entries.flatMap((e) => e.load.flatMap((l) => l.operations.map((o) => `${l.scenario}/${o.operationId}`))))].sort();
  const flagged = regressionsByRun(entries);
  const operations = keys.map((key) => {
    const [scenario, operationId] = key.split('/') as [string, string];
    const points: Point[] = entries.flatMap((e, i) => {
      const op = e.load.find((l) => l.scenario === scenario)?.operations.find((o) => o.operationId === operationId);
      return op ? [{ label: label(e, entries[i - 1]), runId: e.runId, p95: op.p95, p99: op.p99, errorRate: op.errorRate, regressed: flagged.get(e.runId)?.has(key) ?? false }] : [];
    });
    return { key, points };
  });
  const rows = entries.map((e) => [e.startedAt, e.release ?? '', e.specVersion, e.gitRevision ?? '', e.passed ? 'pass' : 'FAIL', [...(flagged.get(e.runId) ?? [])].join(', ')]);
  const bad = new Set(entries.map((e, i) => ((flagged.get(e.runId)?.size ?? 0) > 0 || !e.passed ? i : -1)).filter((i) => i >= 0));
  const body = [
    '<h1>Calls API: nightly trends</h1>',
    `<p class="meta">${entries.length} runs${skipped ? `; ${skipped} damaged history line(s) skipped` : ''}. A regression is a p95 over ${DEFAULT_RULES.p95Ratio}x, a p99 over ${DEFAULT_RULES.p99Ratio}x, or an error rate ${DEFAULT_RULES.errorRateDelta * 100} points above the median of the five runs before.</p>`,
    '<h2>Runs</h2>',
    htmlTable(['started', 'release', 'spec', 'revision', 'verdict', 'regressions'], rows, bad),
    '<h2>Operations</h2>',
    ...operations.map((op, i) => `<h3>${escapeHtml(op.key)}${op.points.some((p) => p.regressed) ? ' <span class="fail">regressed</span>' : ''}</h3><div class="charts"><div class="chart" id="trend-${i}"></div><div class="chart" id="errors-${i}"></div></div>`),
  ];
  return page('Calls API: nightly trends', body.join('\n'), { kind: 'dashboard', operations });
}

/** Each run compared with the median of the five before it, by the rules of `report compare`. */
function regressionsByRun(entries: HistoryEntry[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  entries.forEach((e, i) => {
    const before = entries.slice(Math.max(0, i - 5), i);
    if (!before.length) return;
    const found = compare(e, medianOf(before)).regressions;
    if (found.length) out.set(e.runId, new Set(found.map((r) => `${r.scenario}/${r.operationId}`)));
  });
  return out;
}

/** Short axis labels: the release when there is one, else the day; a new spec version is marked. */
function label(e: HistoryEntry, previous?: HistoryEntry): string {
  const base = e.release ?? e.startedAt.slice(5, 10);
  return previous && previous.specVersion !== e.specVersion ? `${base} spec ${e.specVersion}` : base;
}
