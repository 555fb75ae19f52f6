// A warm-up kept out of the verdict: the run's first part runs as a scenario of its own, and
// every threshold judges only the measured part, by the tag the measured scenario carries.
// k6's own means (scenario startTime, scenario tags, thresholds on tagged sub-metrics), so real
// k6 and the built-in engine judge alike.

export const MEASURED_TAG = 'phase:measured';

/** Executors whose length is one `duration`, which a warm-up can be cut from. */
const DURATION_EXECUTORS = ['constant-arrival-rate', 'constant-vus'];

export interface SplitOptions {
  scenarios: Record<string, Record<string, unknown>>;
  thresholds: Record<string, string[]>;
}

export function splitWarmUp(name: string, executor: Record<string, unknown>, thresholds: Record<string, string[]>, warmUp: string): SplitOptions {
  if (!DURATION_EXECUTORS.includes(String(executor.executor))) {
    throw new Error(`a warm-up ("warmUp": "${warmUp}") needs an executor with one duration (${DURATION_EXECUTORS.join(', ')}), not ${String(executor.executor)}`);
  }
  const tags = (executor.tags ?? {}) as Record<string, string>;
  return {
    scenarios: {
      [`${name}_warmup`]: { ...executor, duration: warmUp, tags: { ...tags, phase: 'warmup' } },
      [name]: { ...executor, startTime: warmUp, tags: { ...tags, phase: 'measured' } },
    },
    thresholds: mergeThresholds(...Object.entries(thresholds).map(([key, list]) => ({ [measuredThresholdKey(key, name)]: list }))),
  };
}

/** Threshold maps joined key by key: two lists for one key keep every expression (none silently replaced). */
export function mergeThresholds(...maps: Record<string, string[]>[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const map of maps) {
    for (const [key, list] of Object.entries(map)) out[key] = [...(out[key] ?? []), ...list.filter((e) => !(out[key] ?? []).includes(e))];
  }
  return out;
}

/** Metrics no iteration emits, so never tagged with a phase: both engines tag them with their scenario. */
const SCENARIO_ONLY = ['dropped_iterations'];

/** A threshold's key on the measured part: its phase tag, or its scenario's for a metric that has no phase. */
function measuredThresholdKey(key: string, scenario: string): string {
  const brace = key.indexOf('{');
  const metric = (brace === -1 ? key : key.slice(0, brace)).trim();
  if (!SCENARIO_ONLY.includes(metric)) return measuredKey(key);
  const inner = brace === -1 ? '' : key.slice(brace + 1, key.lastIndexOf('}')).trim();
  return `${metric}{${inner ? `${inner},` : ''}scenario:${scenario}}`;
}

/** The key as the profile states it, without the tag that keeps the warm-up out. */
export function unmeasuredKey(key: string): string {
  return key.replace(`,${MEASURED_TAG}`, '').replace(`{${MEASURED_TAG}}`, '');
}

/** `http_req_duration{name:getCall}` -> `http_req_duration{name:getCall,phase:measured}`. */
export function measuredKey(key: string): string {
  if (key.includes(MEASURED_TAG)) return key;
  const brace = key.indexOf('{');
  if (brace === -1) return `${key}{${MEASURED_TAG}}`;
  const inner = key.slice(brace + 1, key.lastIndexOf('}')).trim();
  return `${key.slice(0, brace)}{${inner ? `${inner},` : ''}${MEASURED_TAG}}`;
}
