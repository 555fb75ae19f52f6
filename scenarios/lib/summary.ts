// handleSummary: the end-of-test data lands in CALLS_SUMMARY_FILE for the reports, and a short
// verdict on stdout.

interface SummaryData {
  metrics: Record<string, { thresholds?: Record<string, { ok: boolean }> }>;
  state?: { testRunDurationMs?: number };
}

export function summaryOutputs(data: unknown, file: string): Record<string, string> {
  const d = data as SummaryData;
  const failed: string[] = [];
  for (const name of Object.keys(d.metrics)) {
    const thresholds = d.metrics[name]?.thresholds ?? {};
    for (const expr of Object.keys(thresholds)) if (!thresholds[expr]?.ok) failed.push(`${name}: ${expr}`);
  }
  const verdict = failed.length ? `thresholds failed:\n  ${failed.join('\n  ')}` : 'all thresholds held';
  return { [file]: JSON.stringify(data, null, 2), stdout: `\ncalls-harness: ${verdict}; summary data in ${file}\n` };
}
