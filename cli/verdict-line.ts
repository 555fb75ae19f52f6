// The verdict in one line, with its reasons: what `--quiet` keeps of the console report (with
// where the reports are), so that a quiet FAIL still says why. The same words as the full report's
// first line, without colour.
import type { RunResult } from '../reports/model.ts';

export function verdictLine(result: RunResult): string {
  return result.verdict.passed ? 'PASS' : `FAIL: ${result.verdict.reasons.join('; ')}`;
}
