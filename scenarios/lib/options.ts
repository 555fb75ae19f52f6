// k6 options for a scenario from a profile: the executor, and thresholds per operation and flow
// in k6's own syntax, overridable with CALLS_THRESHOLDS (a JSON object of metric -> expressions).
import type { Percentiles, Profile } from './profiles.ts';
import { splitWarmUp } from './warm-up.ts';

export interface ScenarioSpec {
  /** The k6 scenario name, e.g. "transfer_flows". */
  name: string;
  /** The operations it sends, each tagged `name:<operationId>`. */
  operations: string[];
  /** Thresholds of its own (flow metrics), beside the per-operation ones. */
  thresholds?: Record<string, string[]>;
}

export type Thresholds = Record<string, string[]>;

const EXECUTOR_FIELDS = ['executor', 'rate', 'startRate', 'timeUnit', 'duration', 'vus', 'startVUs', 'iterations', 'stages', 'preAllocatedVUs', 'maxVUs', 'maxDuration', 'gracefulStop'] as const;

export function thresholdsFor(profile: Profile, spec: ScenarioSpec, overrides: Thresholds = {}): Thresholds {
  const t: Thresholds = {
    checks: ['rate>0.99'],
    contract_violations: ['rate==0'],
    // Iterations that hang past gracefulStop, or never start for want of a free VU, fail the run:
    // their requests are in no latency or error figure, so nothing else would judge them.
    interrupted_iterations: [`count<=${profile.maxInterruptedIterations ?? 0}`],
    dropped_iterations: [`count<=${profile.maxDroppedIterations ?? 0}`],
    ...spec.thresholds,
  };
  for (const op of spec.operations) {
    t[`http_req_duration{name:${op}}`] = expressions(profile.operations?.[op] ?? profile.latency);
    t[`http_req_failed{name:${op}}`] = [`rate<${profile.errorRate}`];
  }
  if (profile.flowDuration && spec.thresholds?.flow_duration) t.flow_duration = expressions(profile.flowDuration);
  return { ...t, ...overrides };
}

/** `profile`: the run's profile (ScenarioEnv.shape: CALLS_PROFILE_JSON or the one named). */
export function buildOptions(profile: Profile, spec: ScenarioSpec, overrides: Thresholds = {}) {
  const executor: Record<string, unknown> = { exec: 'default', tags: { scenario_file: spec.name } };
  for (const field of EXECUTOR_FIELDS) if (profile[field] !== undefined) executor[field] = profile[field];
  const thresholds = thresholdsFor(profile, spec, overrides);
  // A warm-up runs first as a scenario of its own; every threshold judges only what follows it.
  const shaped = profile.warmUp ? splitWarmUp(spec.name, executor, thresholds, profile.warmUp) : { scenarios: { [spec.name]: executor }, thresholds };
  return {
    ...shaped,
    summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'p(99.9)', 'count'],
    setupTimeout: '60s',
    // A redirect is an undocumented status, never followed (k6 follows 10 by default; the
    // built-in engine none): both engines judge the status the API sent, as the contract run does.
    maxRedirects: 0,
  };
}

function expressions(p: Percentiles): string[] {
  return Object.entries(p).map(([stat, ms]) => `${stat}<${ms}`);
}
