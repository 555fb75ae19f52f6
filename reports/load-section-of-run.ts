// The load section of a finished load run, whichever engine ran it.
import { existsSync, readFileSync } from 'node:fs';
import type { LoadResult } from '../load/run-load.ts';
import { loadSection } from './build-load-section.ts';
import type { K6Samples } from './k6-samples.ts';
import type { LoadSection } from './model.ts';
import type { SummaryLike } from './summary-metrics.ts';

export async function loadSectionOfRun(run: LoadResult, scenario: string, profile: string, slo: { p95Ms: number; errorRate: number }): Promise<LoadSection> {
  const summary = existsSync(run.summaryFile) ? (JSON.parse(readFileSync(run.summaryFile, 'utf8')) as SummaryLike) : {};
  const problems = existsSync(run.summaryFile) ? run.problems : [...run.problems, `no summary data was written (${run.summaryFile})`];
  const data = run.k6Samples ? withSamples(summary, run.k6Samples) : summary;
  return loadSection(data, { scenario, profile, engine: run.engine, exitCode: run.exitCode, problems, slo, shape: run.shape });
}

/**
 * k6's summary holds only the sub-metrics a threshold names; its samples give the others, as the
 * built-in engine's summary has them (requests by operation and status, flows, outcomes), and its
 * timeline. Where both have a sub-metric, k6's own (exact) numbers stay.
 */
function withSamples(summary: SummaryLike, samples: K6Samples): SummaryLike {
  return { ...summary, metrics: { ...samples.metrics, ...summary.metrics }, harness: { ...summary.harness, timeline: samples.timeline } };
}
