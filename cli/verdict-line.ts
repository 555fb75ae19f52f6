// The verdict in one line, with its reasons: what `--quiet` keeps of the console report (with
// where the reports are), so that a quiet FAIL still says why. The same words as the full report's
// first line, without colour.
import { type RunResult, verdictText } from '../reports/index.ts';

/** The full report's words (a partial pass says so), through the untrusted-text boundary. */
export function verdictLine(result: RunResult): string {
  return verdictText(result.verdict);
}

/** The quiet verdict of a run whose reports could not be written: never read as a pass. */
export function unkeptVerdictLine(result: RunResult, exitCode: number): string {
  const verdict = result.verdict.passed ? 'PASS on the console only' : verdictLine(result);
  return `${verdict}${result.verdict.passed ? ':' : ';'} the reports could not be written, so this run is not a pass (exit ${exitCode})`;
}
