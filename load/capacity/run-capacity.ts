// The capacity search run for real: each step a load run (run-step.ts), each step's length from
// the samples its percentiles need (step-length.ts), the time budget from what steps really took.
import type { CapacitySearch, CapacityStep } from '../../reports/model.ts';
import { unmeasuredKey } from '../../scenarios/lib/warm-up.ts';
import { sloOf } from './judge-step.ts';
import { runCapacityStep, type StepContext, type StepRun } from './run-step.ts';
import { searchCapacity } from './search.ts';
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
}

/** What a step costs beyond its warm-up and measured part (bundling, setup, graceful stop), until measured. */
const FIRST_OVERHEAD_S = 3;

export async function runCapacity(o: CapacityOptions): Promise<CapacityRun> {
  const runs: StepRun[] = [];
  let needs: SampleNeed[] | null = null;
  let overheadS = FIRST_OVERHEAD_S;
  const lengths = { stepS: o.stepS, maxStepS: o.maxStepS };
  const outcome = await searchCapacity(async (rate, phase) => {
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
  const first = runs[0];
  const slo = first ? sloOf(first.summary).map((t) => ({ metric: unmeasuredKey(t.metric), expression: t.expression })) : [];
  const search: CapacitySearch = { ...outcome, slo, verdict: verdictOf(outcome), advice: adviceFor(outcome, o.load.engine ?? 'node') };
  return { search, representative: representativeOf(runs, outcome.highestRateHeld) };
}

function representativeOf(runs: StepRun[], held: number | null): StepRun | null {
  const at = runs.filter((r) => r.step.held === true && r.step.rate === held);
  return at[at.length - 1] ?? runs[runs.length - 1] ?? null;
}
