// A load profile's data, as schemas/harness/profile.schema.json describes it; imported by the
// scenarios and by the harness alike (this file imports nothing, so both can).

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
  startVUs?: number;
  iterations?: number;
  stages?: { target: number; duration: string }[];
  preAllocatedVUs?: number;
  maxVUs?: number;
  maxDuration?: string;
  gracefulStop?: string;
  /** A first part at the same load before `duration`, kept out of every threshold (scenarios/lib/warm-up.ts). */
  warmUp?: string;
  /** Iterations that may be interrupted (hung past gracefulStop) before the run fails; 0 when absent. */
  maxInterruptedIterations?: number;
  /** Iterations that may be dropped (no free VU at their arrival) before the run fails; 0 when absent. */
  maxDroppedIterations?: number;
  /** all | status | sample:RATE (see body-sampling.ts); all when absent. */
  validate?: string;
  latency: Percentiles;
  errorRate: number;
  flowDuration?: Percentiles;
  operations?: Record<string, Percentiles>;
}
