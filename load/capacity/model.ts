// What a capacity search found, as data: each step and the answer. The run's result carries it
// (reports/model.ts) and the reports render it.

/** What the generator did during one capacity step: the signals that tell it could not offer the rate. */
export interface GeneratorSignals {
  droppedIterations: number;
  /** p95 of how late iterations started against their schedule (built-in engine only). */
  startLagP95Ms: number | null;
  /** The generator process's CPU over the step, as a share of one core (built-in engine only). */
  cpu: number | null;
  /** p99 of the event loop's delay over the step (built-in engine only). */
  eventLoopP99Ms: number | null;
  /** Its median, and how long the loop was watched (absent from results written before they were kept). */
  eventLoopP50Ms?: number | null;
  eventLoopWatchedMs?: number | null;
  vusMax: number;
  maxVUs: number;
}

/** One constant-arrival-rate step of a capacity search; rates in iterations/s, latencies in ms. */
export interface CapacityStep {
  phase: 'grow' | 'bisect' | 'confirm';
  rate: number;
  /** Iterations/s started in the measured part (after the warm-up). */
  achieved: number | null;
  measuredS: number;
  p95: number | null;
  p99: number | null;
  errorRate: number | null;
  /** null when the step could not be judged (the generator was the limit, or it was interrupted). */
  held: boolean | null;
  /** True when held is null because no percentile had the samples to be judged (the step was too short). */
  unjudged?: boolean;
  why: string;
  generator: GeneratorSignals;
}

/** `calls-harness capacity`: the highest arrival rate the SLO held at, and what ended the search. */
export interface CapacitySearch {
  highestRateHeld: number | null;
  /** null when the search was interrupted before it ended. */
  limitedBy: 'api' | 'generator' | 'max-rate' | 'max-duration' | null;
  unit: 'iterations/s';
  /** The lowest rate that broke the SLO, when one did. */
  firstBrokenRate: number | null;
  /** The highest held step was repeated and held again. */
  confirmed: boolean;
  resolution: number;
  steps: CapacityStep[];
  slo: { metric: string; expression: string }[];
  /** One sentence: the answer, or why there is none. */
  verdict: string;
  /** When the generator was the limit: what would help. */
  advice: string | null;
  interrupted: boolean;
}
