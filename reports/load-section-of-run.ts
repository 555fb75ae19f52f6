// The load section of a finished load run, whichever engine ran it.
import { existsSync, readFileSync } from 'node:fs';
import type { LoadResult } from '../load/run-load.ts';
import { loadSection } from './build-load-section.ts';
import { readK6Samples } from './k6-samples.ts';
import type { LoadSection } from './model.ts';

export async function loadSectionOfRun(run: LoadResult, scenario: string, profile: string, slo: { p95Ms: number; errorRate: number }): Promise<LoadSection> {
  const summary = existsSync(run.summaryFile) ? (JSON.parse(readFileSync(run.summaryFile, 'utf8')) as object) : {};
  const k6Samples = run.samplesFile && existsSync(run.samplesFile) ? await readK6Samples(run.samplesFile) : undefined;
  const problems = existsSync(run.summaryFile) ? run.problems : [...run.problems, `no summary data was written (${run.summaryFile})`];
  return loadSection(summary, { scenario, profile, engine: run.engine, exitCode: run.exitCode, problems, slo, ...(k6Samples ? { k6Samples } : {}) });
}
