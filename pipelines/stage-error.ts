// A load stage of the main job that ended in an error (runners that could not be merged, an engine
// that failed) is one failed stage, not the end of the run: the contract results and the stages
// before it are written with it (result.json, JUnit, summary.md, history), and the error is named
// in its section. Losing minutes of judged results to one stage's error was issue 24.
import { loadSection, type LoadSection } from '../reports/index.ts';
import { describeError, EXIT_INTERNAL } from '../core/index.ts';

/** The exit code of a run whose stage could not run: 2 (fix the input), 70 for a bug in the harness. */
export const EXIT_CANNOT_RUN = 2;

/** The section of a load stage that ended in `err`: nothing judged, the error named, never a pass. */
export function failedStageSection(err: unknown, info: { scenario: string; profile: string; engine: 'k6' | 'node' }): LoadSection {
  const { code, message } = describeError(err);
  const error = { code, message };
  const exitCode = code === 'E_INTERNAL' ? EXIT_INTERNAL : EXIT_CANNOT_RUN;
  const problem = `the ${info.scenario} stage could not run to a verdict (${error.code}): ${error.message}`;
  return { ...loadSection({}, { ...info, exitCode, problems: [problem], slo: { p95Ms: 0, errorRate: 0 } }), error };
}

/** The exit code of a run: a stage that could not run (2, or 70 for a bug) before a failed verdict (1). */
export function runExitCode(result: { contract: { error?: unknown } | null; load: { error?: { code: string } }[]; verdict: { passed: boolean } }): number {
  if (result.load.some((l) => l.error?.code === 'E_INTERNAL')) return EXIT_INTERNAL;
  if (result.contract?.error || result.load.some((l) => l.error)) return EXIT_CANNOT_RUN;
  return result.verdict.passed ? 0 : 1;
}
