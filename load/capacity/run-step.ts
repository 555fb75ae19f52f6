// One capacity step: a load run at a constant arrival rate, its warm-up run first and kept out of
// the verdict, the generator watched while the measured part runs, then judged.
import { join } from 'node:path';
import { readSummaryFile } from '../summary-file.ts';
import { FileWriteError, RunFolderError } from '../../core/index.ts';
import type { CapacityStep } from './model.ts';
import { values, type SummaryLike } from '../summary-metrics.ts';
import { measuredKey, mergeThresholds } from '../../scenarios/index.ts';
import { EXIT, type Progress } from '../engine/run-engine.ts';
import { runLoad, type LoadOptions, type LoadResult } from '../run-load.ts';
import type { ShapeFlags } from '../run-shape.ts';
import { GeneratorProbe, type ProbeReading } from './generator-probe.ts';
import { ENGINE_OBSERVERS, judgeStep, OBSERVERS, type GeneratorLimits, type StepInput } from './judge-step.ts';

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


/** An error that ended a step, as the search's failure: its catalog code kept, exit 70 for a bug. */
function stepError(err: unknown, rate: number): StepFailedError {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' && /^E_[A-Z0-9_]+$/.test(e.code) ? e.code : 'E_INTERNAL';
  const message = typeof e?.message === 'string' ? e.message : String(err);
  return new StepFailedError(code === 'E_INTERNAL' ? 70 : 2, `the step at ${rate}/s could not run (${code}): ${message}`);
}

export async function runCapacityStep(ctx: StepContext, index: number, rate: number, phase: CapacityStep['phase'], measuredS: number): Promise<StepRun> {
  const probe = new GeneratorProbe();
  const node = ctx.load.engine === 'node';
  const run = await runLoad({
    ...ctx.load,
    shape: { ...(ctx.validate ? { validate: ctx.validate } : {}), rate, duration: `${measuredS}s`, warmUp: `${ctx.warmUpS}s` },
    reportDir: join(ctx.reportDir, 'steps', `${String(index).padStart(2, '0')}-${phase}-${rate}`),
    // Merged, not spread: an SLO on http_req_duration must not be replaced by its observer.
    thresholds: mergeThresholds(ctx.slo, OBSERVERS, node ? ENGINE_OBSERVERS : {}),
    signal: ctx.signal,
    onProgress: (p) => {
      // Only the measured part says what the generator could offer.
      if (node && !probe.started && p.elapsedMs >= ctx.warmUpS * 1000) probe.start();
      ctx.onProgress?.(p);
    },
    // The summary and reports written after the load are no part of what the step offered.
    onLoadEnd: () => probe.freeze(),
  }).catch((err: unknown) => {
    // Its folder, profile or bundles could not be written (a full disk): the steps before it are kept.
    if (err instanceof FileWriteError || (err instanceof RunFolderError && err.code === 'E_OUTPUT_NOT_WRITABLE')) {
      throw new StepFailedError(2, `the step at ${rate}/s could not write its run folder: ${err.message}`);
    }
    // Any other error of a later step ends the search, never the steps before it: they are kept in
    // the reports. The first step's errors are the input's, refused as a load run refuses them.
    if (index > 1) throw stepError(err, rate);
    throw err;
  });
  const reading = probe.stop();
  // A step whose files a full disk stopped is no verdict: the search ends, the steps before it kept.
  if (run.unwritten?.length) throw new StepFailedError(2, `the step at ${rate}/s could not write its run folder: ${run.unwritten.join('; ')}. Free space, then run again`);
  const found = readSummary(run.summaryFile);
  const summary = found ?? {};
  const interrupted = run.exitCode === EXIT.externalAbort || ctx.signal?.aborted === true;
  if (!interrupted) refuseUnjudgeable(run, found, rate, measuredS);
  // The warm-up and the measured part are two scenarios, each with the profile's maxVUs.
  const generator = { ...probeSignals(reading), maxVUs: 2 * (run.shape.profile.maxVUs ?? 0) };
  const step = judgeStep({ phase, rate, measuredS, summary, ...generator }, ctx.limits);
  return { step: interrupted ? { ...step, held: null, why: 'interrupted before the step ended' } : step, run, summary };
}

/** What the probe read, every figure null when it never started (the step ended before its measured part). */
function probeSignals(reading: ProbeReading | null): Pick<StepInput, 'cpu' | 'eventLoopP99Ms' | 'eventLoopP50Ms' | 'eventLoopWatchedMs'> {
  return { cpu: reading?.cpu ?? null, eventLoopP99Ms: reading?.eventLoopP99Ms ?? null, eventLoopP50Ms: reading?.eventLoopP50Ms ?? null, eventLoopWatchedMs: reading?.eventLoopWatchedMs ?? null };
}

/** A step that did not run, or ran with nothing to judge, ends the search with no verdict. */
function refuseUnjudgeable(run: LoadResult, found: SummaryLike | null, rate: number, measuredS: number): void {
  if (run.exitCode !== 0 && run.exitCode !== 99) {
    throw new StepFailedError(run.exitCode, `the step at ${rate}/s could not run (exit ${run.exitCode})${run.problems.length ? `: ${run.problems.join('; ')}` : ''}. Its run folder: ${run.reportDir}`);
  }
  const nothing = nothingToJudge(found, rate, measuredS);
  if (nothing) throw new StepFailedError(run.exitCode || 1, `${nothing}. Its run folder: ${run.reportDir}`);
}

/**
 * Why a step's summary has nothing to judge, or null: no summary, or no iteration ended in the
 * measured part. Its thresholds saw nothing then, so "held" would mean nothing.
 */
export function nothingToJudge(summary: SummaryLike | null, rate: number, measuredS: number): string | null {
  if (!summary) return `the step at ${rate}/s wrote no end-of-test summary, so it cannot be judged`;
  if (values(summary, measuredKey('iterations')).count) return null;
  return `no iteration of the step at ${rate}/s ended in its ${measuredS} s measured part, so it cannot be judged (is the target answering? a longer --step lets slow answers finish)`;
}

/** A damaged summary.json (a disk that filled up) is no summary: the step is not judged. */
function readSummary(file: string): SummaryLike | null {
  return readSummaryFile(file).summary;
}
