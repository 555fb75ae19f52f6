// One reproduce command per failed contract case, for the reports that list them (summary.md,
// report.html): whoever triages a finding runs its case again, alone, with the same seed.
import type { ContractSection } from './model.ts';

export interface ReproduceRow {
  operationId: string;
  check: string;
  findings: number;
  command: string;
}

export function reproduceRows(c: ContractSection): ReproduceRow[] {
  const rows = new Map<string, ReproduceRow>();
  for (const f of c.findings) {
    if (!f.reproduce) continue;
    const row = rows.get(f.reproduce) ?? { operationId: f.operationId, check: f.check, findings: 0, command: f.reproduce };
    row.findings++;
    rows.set(f.reproduce, row);
  }
  return [...rows.values()];
}

/** The run stopped early (cases kept) or never began (none). */
export function contractErrorLabel(c: ContractSection): string {
  return c.cases.length ? 'Could not finish' : 'Could not start';
}
