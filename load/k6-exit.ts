// What real k6's exit means for the run, read with the summary data it left: both engines end a
// failed setup() with 107, as the README promises, and a k6 that wrote no summary judged nothing.
import { existsSync } from 'node:fs';
import { readSummaryFile } from './summary-file.ts';

/** k6's code for a setup() that threw; both engines end every setup failure with it. */
export const EXIT_SETUP_FAILED = 107;
/** k6's code for a setup() that outlived setupTimeout: a setup failure too. */
export const K6_SETUP_TIMEOUT = 100;
/** k6's code for an error it gives no code of its own (Go's -1): a rejected async setup() (v0.48 and v1.3). */
const K6_GENERIC_ERROR = 255;

export interface K6ExitReading {
  exitCode: number;
  problems: string[];
}

/**
 * A setup() that failed ends with 107 whatever code k6 gave it: 100 when it timed out, 255 when
 * it rejected (k6 v0.48 and v1.3 give a rejected promise no code), told by the `setup_failures` count the
 * scenarios record before failing (scenarios/lib/call-supply.ts), which k6 still writes to the
 * summary. A k6 that exited 0 without its summary data (--no-summary, a handleSummary that
 * failed) judged nothing, and says so.
 */
/** k6's code for a setup() past its setupTimeout (100), read as the setup failure it is (107). */
export function setupTimeoutAsFailure(code: number): number {
  return code === K6_SETUP_TIMEOUT ? EXIT_SETUP_FAILED : code;
}

export function readK6Exit(code: number, summaryFile: string): K6ExitReading {
  if (code === K6_SETUP_TIMEOUT) return { exitCode: EXIT_SETUP_FAILED, problems: ['setup() failed: it did not finish within k6\'s setupTimeout (k6 exit 100)'] };
  if (code !== 0 && setupFailed(summaryFile)) {
    const why = code === K6_GENERIC_ERROR ? ', its code for an error it gives no code of its own' : '';
    return { exitCode: EXIT_SETUP_FAILED, problems: [`setup() failed (k6 exit ${code}${why}), so no iteration ran: k6's own error says why (on stderr, or the next reason when --quiet kept k6 silent)`] };
  }
  if (code === 0 && !existsSync(summaryFile)) {
    return { exitCode: 0, problems: [`k6 exited 0 without writing its summary data (${summaryFile}): handleSummary did not run or failed (k6's own error says why: on stderr, or the next reason when --quiet kept k6 silent), so nothing was judged`] };
  }
  return { exitCode: code, problems: [] };
}

function setupFailed(summaryFile: string): boolean {
  const { summary } = readSummaryFile(summaryFile);
  return (summary?.metrics?.setup_failures?.values?.count ?? 0) > 0;
}
