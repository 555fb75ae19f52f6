// handleSummary: the end-of-test data lands in CALLS_SUMMARY_FILE for the reports, with what this
// runner ran (lib/runner-record.ts: its segment, test id, profile, target) under "runner", and
// stdout gets a text summary shaped like k6's (plain `k6 run` would otherwise print none), then the verdict.
import type { RunnerRecord } from './runner-record.ts';
import { hasSamples, textSummary, type SummaryData } from './text-summary.ts';

export function summaryOutputs(data: unknown, file: string, runner?: RunnerRecord): Record<string, string> {
  const d = data as SummaryData;
  let failed = 0;
  let unjudged = 0;
  for (const name of Object.keys(d.metrics)) {
    const m = d.metrics[name];
    const thresholds = m?.thresholds ?? {};
    for (const expr of Object.keys(thresholds)) {
      if (m && !hasSamples(m)) unjudged++;
      else if (!thresholds[expr]?.ok) failed++;
    }
  }
  const verdict = verdictOf(d, failed, unjudged);
  const recorded = runner ? { ...(data as Record<string, unknown>), runner } : data;
  return { [file]: JSON.stringify(recorded, null, 2), stdout: `${textSummary(d)}\ncalls-harness: ${verdict}; summary data in ${file}\n` };
}

/**
 * Never "all thresholds held" for a run that cannot be judged: one the built-in engine marks
 * interrupted, or one where no iteration completed (setup() failed, or nothing ran), on either engine.
 */
function verdictOf(d: SummaryData & { harness?: { interrupted?: boolean } }, failed: number, unjudged: number): string {
  const iterations = d.metrics.iterations?.values?.count ?? 0;
  const said = [failed ? `${failed} threshold(s) failed (marked ✗ above)` : '', unjudged ? `${unjudged} threshold(s) not judged, no samples (marked - above)` : ''].filter(Boolean);
  const thresholds = said.length ? said.join('; ') : null;
  if (d.harness?.interrupted) return `the run was interrupted: no verdict${thresholds ? `; so far ${thresholds}` : ''}`;
  if (iterations === 0) return `no iteration completed: no verdict${thresholds ? `; ${thresholds}` : ''}`;
  return thresholds ?? 'all thresholds held';
}
