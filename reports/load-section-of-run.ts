// The load section of a finished load run, whichever engine ran it.
import { generatorBoundSignals, type K6Samples, type LoadResult, readSummaryFile, type SummaryLike } from '../load/index.ts';
import { loadSection } from './build-load-section.ts';
import type { LoadSection } from './model.ts';

export async function loadSectionOfRun(run: LoadResult, scenario: string, profile: string, slo: { p95Ms: number; errorRate: number }): Promise<LoadSection> {
  const read = readSummaryFile(run.summaryFile);
  // The engine's summary in memory when its file could not be written (run.unwritten says so).
  const summary = read.summary ?? run.summary ?? {};
  const problems = read.problem && !run.summary ? [...run.problems, read.problem] : run.problems;
  const data = run.k6Samples ? withSamples(summary, run.k6Samples) : summary;
  const generatorBound = generatorBoundSignals(data, run.generator);
  return loadSection(data, { scenario, profile, engine: run.engine, engineVersion: run.engineVersion, exitCode: run.exitCode, problems, slo, shape: run.shape, generatorBound });
}

/**
 * k6's summary holds only the sub-metrics a threshold names; its samples give the others, as the
 * built-in engine's summary has them (requests by operation and status, flows, outcomes), and its
 * timeline. Where both have a sub-metric, k6's own (exact) numbers stay.
 */
function withSamples(summary: SummaryLike, samples: K6Samples): SummaryLike {
  return { ...summary, metrics: { ...samples.metrics, ...summary.metrics }, harness: { ...summary.harness, timeline: samples.timeline } };
}
