// The capacity search run for real: each step a load run (run-step.ts), each step's length from
// the samples its percentiles need (step-length.ts), the time budget from what steps really took.
import type { CapacitySearch, CapacityStep } from './model.ts';
import { unmeasuredKey } from '../../scenarios/index.ts';
import { sloOf } from './judge-step.ts';
import { runCapacityStep, StepFailedError, type StepContext, type StepRun } from './run-step.ts';
import { searchCapacity, type Outcome } from './search.ts';
import { learnNeeds, measuredSeconds, type SampleNeed } from './step-length.ts';
import { adviceFor, verdictOf } from './verdict.ts';

export interface CapacityOptions extends StepContext {
  startRate: number;
  maxRate: number;
  /** Growth factor of the rising steps (2: each step doubles the rate). */
  growth: number;
  resolution: number;
  /** The shortest measured part of a step, and the longest. */
  stepS: number;
  maxStepS: number;
  maxDurationS: number;
  onStep?: (step: CapacityStep) => void;
}

export interface CapacityRun {
  search: CapacitySearch;
  /** The step at the highest rate held (its confirmation when there was one), else the last step. */
  representative: StepRun | null;
  /** A step that could not run (setup failed, the script threw): the search stopped there. */
  failure: StepFailedError | null;
}

/** What a step costs beyond its warm-up and measured part (bundling, setup, graceful stop), until measured. */
const FIRST_OVERHEAD_S = 3;

export async function runCapacity(o: CapacityOptions): Promise<CapacityRun> {
  const runs: StepRun[] = [];
  let needs: SampleNeed[] | null = null;
  let overheadS = FIRST_OVERHEAD_S;
  const lengths = { stepS: o.stepS, maxStepS: o.maxStepS };
  const search = searchCapacity(async (rate, phase) => {
    const measuredS = measuredSeconds(rate, lengths, needs);
    const t0 = performance.now();
    const run = await runCapacityStep(o, runs.length + 1, rate, phase, measuredS);
    overheadS = Math.max(0, (performance.now() - t0) / 1000 - o.warmUpS - measuredS);
    runs.push(run);
    needs = learnNeeds(run.summary, o.limits.minTailSamples);
    o.onStep?.(run.step);
    return run.step;
  }, {
    startRate: o.startRate, maxRate: o.maxRate, growth: o.growth, resolution: o.resolution,
    maxDurationMs: o.maxDurationS * 1000, now: () => performance.now(), signal: o.signal,
    stepCostMs: (rate) => (o.warmUpS + measuredSeconds(rate, lengths, needs) + overheadS) * 1000,
  });
  const { outcome, failure } = await search.then((done) => ({ outcome: done, failure: null }), (err: unknown) => {
    if (!(err instanceof StepFailedError)) throw err;
    // The steps before it stay in the reports; the search itself has no answer.
    const cut: Outcome = { highestRateHeld: null, limitedBy: null, unit: 'iterations/s', firstBrokenRate: null, confirmed: false, resolution: o.resolution, steps: runs.map((r) => r.step), interrupted: false };
    return { outcome: cut, failure: err };
  });
  const first = runs[0];
  const slo = first ? sloOf(first.summary).map((t) => ({ metric: unmeasuredKey(t.metric), expression: t.expression })) : [];
  const verdict = failure ? `A step could not run, so the search has no answer: ${failure.message}` : verdictOf(outcome);
  const result: CapacitySearch = { ...outcome, slo, verdict, advice: adviceFor(outcome, o.load.engine ?? 'node') };
  return { search: result, representative: representativeOf(runs, outcome.highestRateHeld), failure };
}

function representativeOf(runs: StepRun[], held: number | null): StepRun | null {
  const at = runs.filter((r) => r.step.held === true && r.step.rate === held);
  return at[at.length - 1] ?? runs[runs.length - 1] ?? null;
}
