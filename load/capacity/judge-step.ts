// One capacity step's verdict from its end-of-test summary (either engine) and the generator's
// own signals: held, broken (and by what), or not judged because the generator could not offer
// the rate. A percentile with too few samples behind it that held is not judged (it may hold by
// luck); one that failed is broken all the same (a few slow answers are already too many). A step
// none of whose percentiles could be judged has no latency verdict, so it never holds.
import type { CapacityStep, GeneratorSignals } from './model.ts';
import { parseKey, values, type SummaryLike } from '../summary-metrics.ts';
import { measuredKey, unmeasuredKey } from '../../scenarios/index.ts';

/** Thresholds the search adds only to read the measured part's figures; they always hold. */
export const OBSERVERS: Record<string, string[]> = {
  [measuredKey('iterations')]: ['count>=0'],
  [measuredKey('http_req_duration')]: ['p(95)>=0'],
  [measuredKey('http_req_failed')]: ['rate>=0'],
};
/** k6 has no iteration_start_lag: the built-in engine's own measure. */
export const ENGINE_OBSERVERS: Record<string, string[]> = { [measuredKey('iteration_start_lag')]: ['p(95)>=0'] };

export interface GeneratorLimits {
  /** A percentile p(q) is judged on at least minTailSamples / (1 - q/100) samples (1000 for a p99). */
  minTailSamples: number;
  maxCpu: number;
  maxEventLoopP99Ms: number;
  /**
   * The event loop's p99 is judged once the loop was watched this long; over less, its median is
   * (against maxEventLoopP99Ms too). Time, not intervals: a starved loop ticks seldom, each tick late.
   */
  minEventLoopWatchMs: number;
  maxStartLagP95Ms: number;
}

/**
 * minEventLoopWatchMs: the probe's timer ticks every 10 ms, so 2 s is about 200 intervals, and
 * their p99 the second-latest or earlier (on a busy machine, ticking every 12 ms, still over 100
 * intervals). Over a shorter watch (a 1-2 s load, watched from its first second) the p99 is the
 * one latest interval: a single GC pause made a run that kept up generator-bound.
 */
export const DEFAULT_LIMITS: GeneratorLimits = { minTailSamples: 10, maxCpu: 0.95, maxEventLoopP99Ms: 100, minEventLoopWatchMs: 2000, maxStartLagP95Ms: 100 };

export interface StepInput {
  phase: CapacityStep['phase'];
  rate: number;
  measuredS: number;
  summary: SummaryLike;
  cpu: number | null;
  eventLoopP99Ms: number | null;
  eventLoopP50Ms?: number | null;
  eventLoopWatchedMs?: number | null;
  maxVUs: number;
}

export interface SloThreshold {
  metric: string;
  expression: string;
}

/** The generator's own measures: what they say is about the generator, never the API's SLO. */
const GENERATOR_METRICS = new Set(['dropped_iterations', 'iteration_start_lag', 'vus', 'vus_max']);

/** The SLO a step was judged by: every threshold of its run but the observers and the generator's. */
export function sloOf(summary: SummaryLike): SloThreshold[] {
  // The observers' own expressions only: an SLO on the same key (http_req_duration) is judged.
  const observer = (key: string, expression: string) => [OBSERVERS, ENGINE_OBSERVERS].some((o) => o[key]?.includes(expression));
  return Object.entries(summary.metrics ?? {}).filter(([key]) => !GENERATOR_METRICS.has(parseKey(key).metric))
    .flatMap(([metric, m]) => Object.keys(m.thresholds ?? {}).filter((expression) => !observer(metric, expression)).map((expression) => ({ metric, expression })));
}

export function samplesNeeded(expression: string, minTailSamples: number): number {
  const m = /^\s*p\((\d+(?:\.\d+)?)\)/.exec(expression);
  return m ? Math.ceil(minTailSamples / (1 - Number(m[1]) / 100)) : 0;
}

export function judgeStep(input: StepInput, limits: GeneratorLimits = DEFAULT_LIMITS): CapacityStep {
  const generator = signals(input);
  const { broken, unjudged, percentiles } = judgeThresholds(input.summary, limits.minTailSamples);
  const saturated = saturation(generator, limits);
  // A busy CPU or a late event loop is in every latency the generator measured; iterations that
  // only started late (VUs held by the API's slow answers) mean the API was offered less than the
  // rate, so a threshold it broke even so is the API's. Only where CPU and event loop were read:
  // unread, late starts may be a starved generator.
  const readBoth = generator.cpu !== null && generator.eventLoopP99Ms !== null;
  const measuredLate = readBoth ? saturation({ ...generator, startLagP95Ms: null }, limits) : saturated;
  const shortOfVus = generator.droppedIterations > 0 ? `${generator.droppedIterations} iterations dropped (VUs ${generator.vusMax} of ${generator.maxVUs})` : null;
  const base = { phase: input.phase, rate: input.rate, measuredS: input.measuredS, ...measured(input), generator };
  const notes = unjudged.length ? `; too few samples to judge ${unjudged.join(', ')}` : '';
  // A generator that was itself late measures itself: nothing it saw is the API's.
  if (measuredLate) return { ...base, held: null, why: `the generator could not offer ${input.rate}/s: ${measuredLate}` };
  // Broken thresholds are the API's even when VUs ran short or iterations started late: slow
  // answers are what hold VUs.
  if (broken.length) {
    const offeredLess = [shortOfVus, saturated].filter(Boolean).join('; ');
    return { ...base, held: false, why: `broke ${broken.join(', ')}${offeredLess ? `; ${offeredLess}` : ''}${notes}` };
  }
  if (saturated) return { ...base, held: null, why: `the generator could not offer ${input.rate}/s: ${saturated}` };
  if (shortOfVus) return { ...base, held: null, why: `the generator could not offer ${input.rate}/s: ${shortOfVus}` };
  if (percentiles > 0 && unjudged.length >= percentiles) {
    return { ...base, held: null, unjudged: true, why: `no latency threshold could be judged: too few samples for ${unjudged.join(', ')}; lengthen --step or raise the rate` };
  }
  return { ...base, held: true, why: `every SLO threshold held${notes}` };
}

/**
 * SLO thresholds that failed (on any number of samples), those that held on too few samples to
 * judge, and how many percentile thresholds there were.
 */
function judgeThresholds(summary: SummaryLike, minTailSamples: number): { broken: string[]; unjudged: string[]; percentiles: number } {
  const broken: string[] = [];
  const unjudged: string[] = [];
  let percentiles = 0;
  for (const { metric, expression } of sloOf(summary)) {
    const m = summary.metrics?.[metric];
    const needed = samplesNeeded(expression, minTailSamples);
    const count = m?.values?.count ?? 0;
    if (needed > 0) percentiles += 1;
    const ok = m?.thresholds?.[expression]?.ok === true;
    if (!ok) broken.push(`${unmeasuredKey(metric)} ${expression} (${actual(m?.values ?? {}, expression)}${needed > count ? ` on ${count} samples` : ''})`);
    else if (needed > count) unjudged.push(`${unmeasuredKey(metric)} ${expression} (${count} of ${needed})`);
  }
  return { broken, unjudged, percentiles };
}

/** The measured part's rate, latency and errors, from the observer thresholds. */
function measured(input: StepInput): Pick<CapacityStep, 'achieved' | 'p95' | 'p99' | 'errorRate'> {
  const latency = values(input.summary, measuredKey('http_req_duration'));
  const iterations = values(input.summary, measuredKey('iterations')).count ?? 0;
  return {
    achieved: input.measuredS > 0 ? round(iterations / input.measuredS) : null,
    p95: latency['p(95)'] ?? null,
    p99: latency['p(99)'] ?? null,
    errorRate: values(input.summary, measuredKey('http_req_failed')).rate ?? null,
  };
}

function signals(input: StepInput): GeneratorSignals {
  const s = input.summary;
  const lag = values(s, measuredKey('iteration_start_lag'))['p(95)'];
  const vus = values(s, 'vus_max');
  return {
    droppedIterations: values(s, 'dropped_iterations').count ?? 0,
    startLagP95Ms: lag ?? null,
    cpu: input.cpu,
    eventLoopP99Ms: input.eventLoopP99Ms,
    eventLoopP50Ms: input.eventLoopP50Ms ?? null,
    eventLoopWatchedMs: input.eventLoopWatchedMs ?? null,
    vusMax: vus.max ?? vus.value ?? 0,
    maxVUs: input.maxVUs,
  };
}

/** What says the generator was saturated, or null (also `load`'s generator-bound label). */
export function saturation(g: EventLoopSignals & Pick<GeneratorSignals, 'cpu' | 'startLagP95Ms'>, limits: GeneratorLimits = DEFAULT_LIMITS): string | null {
  const out: string[] = [];
  if (g.cpu !== null && g.cpu >= limits.maxCpu) out.push(`its CPU was at ${Math.round(g.cpu * 100)}% of a core`);
  const loop = eventLoopLate(g, limits);
  if (loop) out.push(loop);
  if (g.startLagP95Ms !== null && g.startLagP95Ms > limits.maxStartLagP95Ms) out.push(`iterations started up to ${Math.round(g.startLagP95Ms)} ms late (p95)`);
  return out.length ? out.join(', ') : null;
}

type EventLoopSignals = Pick<GeneratorSignals, 'eventLoopP99Ms' | 'eventLoopP50Ms' | 'eventLoopWatchedMs'>;

/**
 * How late the event loop ran, when that says the generator fell behind, or null. Its p99 once it
 * was watched long enough for one (an unknown watch, from a run folder written before it was
 * kept, as then); a loop late in most of its intervals (the median) was late throughout, however
 * briefly watched, while one stall never moves a median.
 */
function eventLoopLate(g: EventLoopSignals, limits: GeneratorLimits): string | null {
  const watchedEnough = (g.eventLoopWatchedMs ?? Infinity) >= limits.minEventLoopWatchMs;
  if (watchedEnough && g.eventLoopP99Ms !== null && g.eventLoopP99Ms > limits.maxEventLoopP99Ms) return `its event loop was up to ${Math.round(g.eventLoopP99Ms)} ms late (p99)`;
  const median = g.eventLoopP50Ms ?? null;
  if (median !== null && median > limits.maxEventLoopP99Ms) return `its event loop was ${Math.round(median)} ms late in most of its intervals (median)`;
  return null;
}

function actual(v: Record<string, number>, expression: string): string {
  const stat = /^\s*([a-z]+(?:\([\d.]+\))?)/.exec(expression)?.[1] ?? '';
  const n = v[stat];
  if (n === undefined) return 'no samples';
  return stat === 'rate' ? `was ${(n * 100).toFixed(2)}%` : `was ${round(n)}`;
}

const round = (n: number) => Math.round(n * 10) / 10;
