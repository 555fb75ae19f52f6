// The result as one self-contained HTML page: verdict, percentiles per operation, latency and
// throughput over time, errors by kind, thresholds, contract findings, capacity.
import type { LoadSection, OperationStats, RunResult } from './model.ts';
import { engineLabel } from './engine-label.ts';
import { specDiffHtml } from './diff/render-html.ts';
import { capacityHtml } from './html/capacity-section.ts';
import { contractHtml } from './html/contract-section.ts';
import { htmlText } from '../core/index.ts';
import { htmlTable, page } from './html/page.ts';
import { flowRows, FLOW_HEADERS, operationRows, OPERATION_HEADERS } from './table.ts';
import { missedText, observedText } from './threshold-text.ts';
import { sampleText } from './violation-text.ts';
import { shapeLine } from './shape-summary.ts';

export function renderHtml(result: RunResult): string {
  const m = result.meta;
  const v = result.verdict;
  const parts = [
    `<h1 class="${v.passed ? 'pass' : 'fail'}">Calls API: ${v.passed ? (v.partial ? 'PASS (partial)' : 'PASS') : 'FAIL'}</h1>`,
    v.passed && v.partial ? `<p class="meta">${htmlText(v.partial)}</p>` : '',
    `<p class="meta">${htmlText(m.target)}${m.embedded ? ' (embedded reference server)' : ''} · spec ${htmlText(m.specVersion)} · harness ${htmlText(m.harnessVersion)}${m.gitRevision ? ` (${htmlText(m.gitRevision)})` : ''}${m.release ? ` · release ${htmlText(m.release)}` : ''} · ${htmlText(m.startedAt)} → ${htmlText(m.finishedAt)}${m.interrupted ? ' · <b>interrupted</b>' : ''}</p>`,
    v.reasons.length ? `<ul>${v.reasons.map((r) => `<li>${htmlText(r)}</li>`).join('')}</ul>` : '',
  ];
  if (result.capacity) parts.push(capacityHtml(result.capacity));
  if (result.specDiff) parts.push(specDiffHtml(result.specDiff));
  if (result.contract) parts.push(contractHtml(result.contract));
  result.load.forEach((l, i) => parts.push(loadHtml(l, i)));
  return page(`Calls API ${v.passed ? 'PASS' : 'FAIL'} · ${m.startedAt}`, parts.join('\n'), { kind: 'report', result });
}

/** The columns of errors by kind, by key: a result written before a kind existed shows 0 for it. */
const ERROR_KINDS: [keyof OperationStats['errorsByKind'], string][] = [
  ['status_4xx', '4xx'], ['status_5xx', '5xx'], ['status_unexpected', 'unexpected status'], ['timeout', 'timeout'], ['reset', 'reset'], ['other', 'other'], ['contract_violation', 'contract violation'],
];

function loadHtml(l: LoadSection, i: number): string {
  const failedOps = new Set(l.operations.map((o, k) => (o.errorRate > 0 || o.errorsByKind.contract_violation > 0 ? k : -1)).filter((k) => k >= 0));
  const errors = l.operations.map((o) => [o.operationId, ...ERROR_KINDS.map(([kind]) => String(o.errorsByKind[kind] ?? 0))]);
  return [
    `<h2>Load: ${htmlText(l.scenario)} <span class="meta">(${htmlText(l.profile)}, ${htmlText(engineLabel(l.engine, l.engineVersion))}, ${l.iterations} iterations in ${l.durationS.toFixed(1)} s${l.droppedIterations ? `, ${l.droppedIterations} dropped` : ''}${l.interrupted ? ', interrupted' : ''})</span></h2>`,
    l.shape ? `<p><b>Shape:</b> ${htmlText(shapeLine(l.shape))}.</p>` : '',
    '<h3>Percentiles per operation</h3>',
    htmlTable(OPERATION_HEADERS, operationRows(l), failedOps),
    l.flows.length ? `<h3>Flows</h3>${htmlTable(FLOW_HEADERS, flowRows(l))}` : '',
    `<div class="charts"><div class="chart" id="percentiles-${i}"></div><div class="chart" id="latency-${i}"></div><div class="chart" id="throughput-${i}"></div>${l.capacity ? `<div class="chart" id="capacity-${i}"></div>` : ''}</div>`,
    l.capacity ? `<p><b>Capacity:</b> highest rate held ${l.capacity.highestRateHeld ?? 'none'}/s; ${l.capacity.firstBreak ? `first break at ${l.capacity.firstBreak.atRate}/s: ${htmlText(l.capacity.firstBreak.what)}` : 'no break within the run'} (SLO p95 ≤ ${l.capacity.slo.p95Ms} ms, errors ≤ ${(l.capacity.slo.errorRate * 100).toFixed(2)}%).</p>` : '',
    '<h3>Errors by kind</h3>',
    htmlTable(['operation', ...ERROR_KINDS.map(([, header]) => header)], errors),
    '<h3>Thresholds</h3>',
    htmlTable(['metric', 'threshold', 'observed', 'verdict'], l.thresholds.map((t) => [t.metric, t.expression, observedText(t), t.ok ? 'held' : t.judged === false ? 'NOT JUDGED: no samples' : `FAILED${missedText(t) ? `: ${missedText(t)}` : ''}`]), new Set(l.thresholds.map((t, k) => (t.ok ? -1 : k)).filter((k) => k >= 0))),
    l.violations?.length ? `<h3>Checks failed</h3>${htmlTable(['check', 'failed', 'sample response'], l.violations.map((v) => [v.check, `${v.fails} of ${v.fails + v.passes}`, sampleText(v, 600)]), new Set(l.violations.map((_, k) => k)))}` : '',
    l.problems.length ? `<h3>Problems</h3><ul>${l.problems.map((p) => `<li>${htmlText(p)}</li>`).join('')}</ul>` : '',
  ].join('\n');
}
