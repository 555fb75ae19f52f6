// How many samples a threshold's (sub-)metric holds, read from end-of-test summary data alike for
// both engines. A threshold with none judged nothing: k6 still marks it ok (`p(95)=0s` on no
// requests, a typo'd tag or an operation the run never sent), so the harness re-judges it: the
// reports on the result model, and the k6 bundles' own end-of-test text (scenarios/lib/text-summary.ts)
// by this same rule. Plain ES2017 with no Node API: the bundles carry it (core/portable.ts).

/** A metric of end-of-test summary data, as far as counting its samples goes. */
export interface SampledMetric {
  type?: string;
  values?: Record<string, number>;
}

/**
 * The sample count, or null when the summary cannot tell (then the engine's verdict stands):
 * - a trend has `count` (the scenarios ask both engines for it in summaryTrendStats);
 * - a rate has `passes` and `fails`;
 * - a counter is judged on what it counted: no event is a count of 0 (`errors: count<1` on a run
 *   without errors held), so it is never "not judged";
 * - a gauge's summary (value, min, max) cannot tell an empty gauge from one at 0.
 */
export function thresholdSamples(m: SampledMetric | undefined): number | null {
  const v = m?.values;
  if (!v) return null;
  const type = m.type ?? guessType(v);
  if (type === 'trend') return typeof v.count === 'number' ? v.count : null;
  if (type === 'rate') return typeof v.passes === 'number' && typeof v.fails === 'number' ? v.passes + v.fails : null;
  return null;
}

/** A summary written without `type` (an older file): the values' names say it. */
function guessType(v: Record<string, number>): string | undefined {
  if ('passes' in v && 'fails' in v) return 'rate';
  if ('p(95)' in v || 'med' in v) return 'trend';
  return undefined;
}
