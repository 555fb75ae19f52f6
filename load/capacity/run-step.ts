// One capacity step: a load run at a constant arrival rate, its warm-up run first and kept out of
// the verdict, the generator watched while the measured part runs, then judged.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CapacityStep } from '../../reports/model.ts';
import type { SummaryLike } from '../../reports/summary-metrics.ts';
import type { Progress } from '../engine/run-engine.ts';
import { runLoad, type LoadOptions, type LoadResult } from '../run-load.ts';
import type { ShapeFlags } from '../run-shape.ts';
import { GeneratorProbe } from './generator-probe.ts';
import { ENGINE_OBSERVERS, judgeStep, OBSERVERS, type GeneratorLimits } from './judge-step.ts';

/** What every step of one search shares. */
export interface StepContext {
  /** The load run, less what each step sets. */
  load: Omit<LoadOptions, 'shape' | 'reportDir' | 'thresholds' | 'signal' | 'onProgress'>;
  /** --slo, as metric -> expressions (adding to or replacing the profile's thresholds). */
  slo: Record<string, string[]>;
  warmUpS: number;
  /** --validate for every step (the profile's setting when absent). */
  validate?: ShapeFlags['validate'];
  /** Each step's run folder goes under it. */
  reportDir: string;
  limits: GeneratorLimits;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

export interface StepRun {
  step: CapacityStep;
  run: LoadResult;
  summary: SummaryLike;
}

/** A step that could not run at all (setup failed, the script threw): no verdict on anything. */
export class StepFailedError extends Error {
  constructor(readonly exitCode: number, message: string) {
    super(message);
  }
}

const INTERRUPTED = 105;

export async function runCapacityStep(ctx: StepContext, index: number, rate: number, phase: CapacityStep['phase'], measuredS: number): Promise<StepRun> {
  const probe = new GeneratorProbe();
  const node = ctx.load.engine === 'node';
  const run = await runLoad({
    ...ctx.load,
    shape: { ...(ctx.validate ? { validate: ctx.validate } : {}), rate, duration: `${measuredS}s`, warmUp: `${ctx.warmUpS}s` },
    reportDir: join(ctx.reportDir, 'steps', `${String(index).padStart(2, '0')}-${phase}-${rate}`),
    thresholds: { ...ctx.slo, ...OBSERVERS, ...(node ? ENGINE_OBSERVERS : {}) },
    signal: ctx.signal,
    onProgress: (p) => {
      // Only the measured part says what the generator could offer.
      if (node && !probe.started && p.elapsedMs >= ctx.warmUpS * 1000) probe.start();
      ctx.onProgress?.(p);
    },
  });
  const reading = probe.stop();
  const summary = readSummary(run.summaryFile);
  const interrupted = run.exitCode === INTERRUPTED || ctx.signal?.aborted === true;
  if (!interrupted && run.exitCode !== 0 && run.exitCode !== 99) {
    throw new StepFailedError(run.exitCode, `the step at ${rate}/s could not run (exit ${run.exitCode})${run.problems.length ? `: ${run.problems.join('; ')}` : ''}. Its run folder: ${run.reportDir}`);
  }
  // The warm-up and the measured part are two scenarios, each with the profile's maxVUs.
  const generator = { cpu: reading?.cpu ?? null, eventLoopP99Ms: reading?.eventLoopP99Ms ?? null, maxVUs: 2 * (run.shape.profile.maxVUs ?? 0) };
  const step = judgeStep({ phase, rate, measuredS, summary, ...generator }, ctx.limits);
  return { step: interrupted ? { ...step, held: null, why: 'interrupted before the step ended' } : step, run, summary };
}

function readSummary(file: string): SummaryLike {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SummaryLike) : {};
}
