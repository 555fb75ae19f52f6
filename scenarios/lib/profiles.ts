// The load profiles (data in load/profiles/, found by glob when bundling), in every scenario
// bundle so that a plain `k6 run -e CALLS_PROFILE=nightly` picks them by name.
import profiles from 'calls-harness:profiles';

export interface Percentiles {
  'p(95)'?: number;
  'p(99)'?: number;
}

export interface Profile {
  description: string;
  executor: string;
  rate?: number;
  startRate?: number;
  timeUnit?: string;
  duration?: string;
  vus?: number;
  iterations?: number;
  stages?: { target: number; duration: string }[];
  preAllocatedVUs?: number;
  maxVUs?: number;
  gracefulStop?: string;
  /** Iterations that may be interrupted (hung past gracefulStop) before the run fails; 0 when absent. */
  maxInterruptedIterations?: number;
  /** Iterations that may be dropped (no free VU at their arrival) before the run fails; 0 when absent. */
  maxDroppedIterations?: number;
  latency: Percentiles;
  errorRate: number;
  flowDuration?: Percentiles;
  operations?: Record<string, Percentiles>;
}

export const PROFILES: Record<string, Profile> = profiles;
