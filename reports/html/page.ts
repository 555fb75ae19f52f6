// A self-contained HTML page: uPlot and the chart code inlined, data as JSON that cannot close
// its script tag, everything from the target escaped (core/untrusted-text.ts). Opens offline.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { htmlText, PROJECT_ROOT, scriptJson } from '../../core/index.ts';

const require = createRequire(import.meta.url);
const UPLOT_DIR = dirname(require.resolve('uplot/dist/uPlot.iife.min.js'));
const CHARTS_JS = join(PROJECT_ROOT, 'reports', 'html', 'charts.js');

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#1d2330;background:#fafbfc}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px}h3{font-size:15px;margin:18px 0 6px}
.meta{color:#5b6474}.pass{color:#137333}.fail{color:#b3261e}
table{border-collapse:collapse;margin:6px 0 12px;background:#fff}th,td{border:1px solid #dde1e6;padding:4px 8px;text-align:right}
th:first-child,td:first-child{text-align:left}th{background:#f0f2f5}tr.bad td{background:#fdecea}
.charts{display:flex;flex-wrap:wrap;gap:16px}.chart{background:#fff;border:1px solid #dde1e6;padding:8px}
code{background:#f0f2f5;padding:1px 4px;border-radius:3px}
table.contract{table-layout:fixed;width:100%}table.contract th,table.contract td{text-align:left;vertical-align:top;overflow-wrap:anywhere}
code.cmd{display:block;white-space:pre-wrap;word-break:break-all;font-size:12px;margin:0 0 4px}`;

export function page(title: string, body: string, data: unknown): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${htmlText(title)}</title>
<style>${readFileSync(join(UPLOT_DIR, 'uPlot.min.css'), 'utf8')}${STYLE}</style>
</head><body>
${body}
<script type="application/json" id="report-data">${scriptJson(data)}</script>
<script>${readFileSync(join(UPLOT_DIR, 'uPlot.iife.min.js'), 'utf8')}</script>
<script>${readFileSync(CHARTS_JS, 'utf8')}</script>
</body></html>
`;
}

export function htmlTable(headers: string[], rows: string[][], badRows: Set<number> = new Set()): string {
  const head = `<tr>${headers.map((h) => `<th>${htmlText(h)}</th>`).join('')}</tr>`;
  const body = rows.map((r, i) => `<tr${badRows.has(i) ? ' class="bad"' : ''}>${r.map((c) => `<td>${htmlText(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table>${head}\n${body}</table>`;
}
