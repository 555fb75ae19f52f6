// How long a step's measured part must be: long enough that every percentile it is judged on
// has the samples it needs (a p99 needs ten times a p90's), learned from how often each judged
// metric got a sample per iteration in the steps before; never shorter than --step.
import { values, type SummaryLike } from '../summary-metrics.ts';
import { measuredKey } from '../../scenarios/index.ts';
import { samplesNeeded, sloOf } from './judge-step.ts';

/** A judged percentile: the samples it needs, and how many it gets per iteration. */
export interface SampleNeed {
  metric: string;
  needed: number;
  perIteration: number;
}

export function learnNeeds(summary: SummaryLike, minTailSamples: number): SampleNeed[] {
  const iterations = values(summary, measuredKey('iterations')).count ?? 0;
  if (!iterations) return [];
  const byMetric = new Map<string, SampleNeed>();
  for (const { metric, expression } of sloOf(summary)) {
    const needed = samplesNeeded(expression, minTailSamples);
    if (!needed) continue;
    const perIteration = (summary.metrics?.[metric]?.values?.count ?? 0) / iterations;
    const known = byMetric.get(metric);
    if (!known || known.needed < needed) byMetric.set(metric, { metric, needed, perIteration });
  }
  return [...byMetric.values()];
}

/**
 * A lengthened step plans for this many times the samples it needs: a scenario that draws its
 * requests at random (transfer-flows' outcomes, a user's own scenario) gives a metric a different
 * share of iterations every step, and a step planned for exactly the samples it needs falls short
 * about half the time (CI saw 199 of 200 when read-mix still drew its reads at random).
 */
export const SAMPLE_MARGIN = 1.25;

/**
 * The measured seconds for a step at `rate`: --step until a step has shown how often each judged
 * metric gets a sample (its percentiles short of samples are reported as not judged). A metric
 * that got no sample at all is not waited for: nothing says it ever will.
 */
export function measuredSeconds(rate: number, o: { stepS: number; maxStepS: number }, needs: SampleNeed[] | null): number {
  const wanted = Math.max(0, ...(needs ?? []).filter((n) => n.perIteration > 0).map((n) => (SAMPLE_MARGIN * n.needed) / (n.perIteration * rate)));
  return Math.ceil(Math.min(o.maxStepS, Math.max(o.stepS, wanted)));
}
