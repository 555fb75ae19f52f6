// The capacity search on the HTML page: the answer first, what would help when the generator was
// the limit, the chart of rate against p95/p99/errors, the SLO, then every step.
import { CAPACITY_STEP_HEADERS, capacityHeadline, capacitySloLine, capacityStepRows } from '../capacity.ts';
import { capacityChartSvg } from '../capacity-chart.ts';
import type { CapacitySearch } from '../model.ts';
import { htmlText } from '../../core/index.ts';
import { htmlTable } from './page.ts';

export function capacityHtml(c: CapacitySearch): string {
  const broke = new Set(c.steps.map((s, k) => (s.held === false ? k : -1)).filter((k) => k >= 0));
  return [
    '<h2>Capacity</h2>',
    `<p><b>${htmlText(capacityHeadline(c))}</b></p>`,
    c.advice ? `<p>${htmlText(c.advice)}</p>` : '',
    capacityChartSvg(c),
    `<p class="meta">${htmlText(capacitySloLine(c))}</p>`,
    htmlTable(CAPACITY_STEP_HEADERS, capacityStepRows(c), broke),
  ].join('\n');
}
