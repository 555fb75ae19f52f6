// Rows of an operation table, shared by the console and Markdown renderers.
import { terminalText } from '../core/index.ts';
import type { LoadSection } from './model.ts';

export const OPERATION_HEADERS = ['operation', 'requests', 'rate/s', 'errors', 'p50 ms', 'p90 ms', 'p95 ms', 'p99 ms', 'max ms'];

const ms = (n: number) => n.toFixed(n < 10 ? 2 : 1);

export function operationRows(l: LoadSection): string[][] {
  return l.operations.map((o) => [o.operationId, String(o.requests), o.ratePerS.toFixed(1), `${(o.errorRate * 100).toFixed(2)}%`, ms(o.p50), ms(o.p90), ms(o.p95), ms(o.p99), ms(o.max)]);
}

export const FLOW_HEADERS = ['flow', 'count', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'];

export function flowRows(l: LoadSection): string[][] {
  return l.flows.map((f) => [f.flow, String(f.count), ms(f.p50), ms(f.p95), ms(f.p99), ms(f.max)]);
}

/**
 * Rows as aligned text columns for a terminal: the first left-aligned, the rest right-aligned.
 * Each cell one line first (a name may be a target's), so that the widths are those printed.
 */
export function alignColumns(table: string[][]): string[] {
  const rows = table.map((r) => r.map(terminalText));
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => '  ' + r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number))).join('  '));
}
