// Whether a load run measured its generator rather than the API: iterations that started late (the
// built-in engine's iteration_start_lag), an event loop running late, file descriptors exhausted.
// The limits are the capacity search's, so `load` and `capacity` call the same run generator-bound.
import { DEFAULT_LIMITS, samplesNeeded, saturation } from './capacity/judge-step.ts';
import { descriptorSignal, type DescriptorReading } from './descriptor-watch.ts';
import type { GeneratorReading } from './generator-watch.ts';
import { K6_DIAL_TOO_MANY_OPEN_FILES } from './k6-error-codes.ts';
import { submetrics, values, type SummaryLike } from './summary-metrics.ts';

/**
 * The signals, in words; empty when the generator kept up. Its CPU is not one: a closed model
 * (VUs) runs as fast as the target answers, so a busy core alone says nothing about the API.
 */
export function generatorBoundSignals(summary: SummaryLike, reading: GeneratorReading | undefined): string[] {
  // A p95 of a few dozen starts is its two latest: judged only on enough of them (as capacity judges a percentile).
  const lag = values(summary, 'iteration_start_lag');
  const enough = (lag.count ?? values(summary, 'iterations').count ?? 0) >= samplesNeeded('p(95)', DEFAULT_LIMITS.minTailSamples);
  const startLagP95Ms = enough ? (lag['p(95)'] ?? null) : null;
  const loop = { eventLoopP99Ms: reading?.eventLoopP99Ms ?? null, eventLoopP50Ms: reading?.eventLoopP50Ms ?? null, eventLoopWatchedMs: reading?.eventLoopWatchedMs ?? null };
  const saturated = saturation({ cpu: null, ...loop, startLagP95Ms });
  const descriptors = descriptorsExhausted(summary, reading);
  return [...(saturated ? [saturated] : []), ...(descriptors ? [descriptorSignal(descriptors)] : [])];
}

/**
 * The open-file limit, when the process reached it and requests failed for it (k6's error 1213,
 * counted by operation as the errors by kind are): at the limit with every request answered
 * (keep-alive sockets already open), nothing was lost to it, and a target answering 500 while the
 * harness held many sockets failed on the API, not on the generator.
 */
export function descriptorsExhausted(summary: SummaryLike, reading: GeneratorReading | undefined): DescriptorReading | null {
  return reading?.descriptors && socketsRefused(summary) > 0 ? reading.descriptors : null;
}

/**
 * Requests that could not open their socket: `http_reqs{name,error_code:1213}` summed over names,
 * or k6's untagged `http_reqs{error_code:1213}`; each counts every such request, so the larger
 * (where a summary holds both), not their sum.
 */
function socketsRefused(summary: SummaryLike): number {
  const refused = (tags: string[]) => submetrics(summary, 'http_reqs', tags).filter((s) => s.tags.error_code === String(K6_DIAL_TOO_MANY_OPEN_FILES)).reduce((n, s) => n + (s.values.count ?? 0), 0);
  return Math.max(refused(['name', 'error_code']), refused(['error_code']));
}
