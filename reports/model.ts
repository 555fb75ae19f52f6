// The run result: one versioned model that every renderer, the history and the comparison read.
// Described by schemas/harness/run-result.schema.json.
import type { Finding, SkippedBy } from '../contract/index.ts';
import type { CapacitySearch, TimelinePoint as EngineTimelinePoint } from '../load/index.ts';
// A capacity search's steps and answer are the search's own types (load/capacity/model.ts).
export type { CapacitySearch, CapacityStep, GeneratorSignals } from '../load/index.ts';
import type { SpecDiff } from '../openapi/index.ts';

export const RESULT_VERSION = 1;

export interface RunMeta {
  runId: string;
  /** The target with credentials and query stripped. */
  target: string;
  embedded: boolean;
  specVersion: string;
  harnessVersion: string;
  gitRevision: string | null;
  /** A release or build label (--release), marked on the dashboard. */
  release: string | null;
  startedAt: string;
  finishedAt: string;
  interrupted: boolean;
}

export interface Percentiles {
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
}

export interface OperationStats extends Percentiles {
  operationId: string;
  requests: number;
  ratePerS: number;
  errorRate: number;
  /** `status_unexpected`: 1xx to 3xx answers that are not the documented success (a redirect, a 204); absent from results written before it was counted. */
  errorsByKind: Record<'status_4xx' | 'status_5xx' | 'timeout' | 'reset' | 'other' | 'contract_violation', number> & { status_unexpected?: number };
}

export interface FlowStats extends Percentiles {
  flow: string;
  count: number;
}

export interface ThresholdVerdict {
  metric: string;
  expression: string;
  /** false for a threshold that failed, and for one not judged (`judged: false`). */
  ok: boolean;
  /** false when its (sub-)metric got no sample: nothing was judged, so it is no pass (absent: judged). */
  judged?: false;
  /** The value the expression judged (`count` for `count<=0`), when the summary holds it. */
  observed?: number;
  /** The expression read: statistic, operator and limit (`p(95)`, `<`, 500). */
  stat?: string;
  op?: string;
  limit?: number;
  /** `ms` for time metrics, `rate` for rates (0..1), `count` otherwise. */
  unit?: 'ms' | 'rate' | 'count';
  /** For a failed threshold: how far past its limit the observed value is, in `unit`. */
  missedBy?: number;
}

/** A check that failed under load: which operation, how often, and one offending response when one was kept. */
export interface LoadViolation {
  /** null for a check that names no operation of the catalog. */
  operationId: string | null;
  check: string;
  fails: number;
  passes: number;
  /** One response that failed it: status, body (token-free, size-capped) and its schema errors. */
  sample?: { status: number; body: string; errors: string[] };
}

/** A second of the run: the built-in engine's timeline window, or one read from k6's samples. */
export type TimelinePoint = Omit<EngineTimelinePoint, 'vus'>;

export interface CapacityVerdict {
  /** The highest offered arrival rate (iterations/s) at which every SLO held, or null if none did. */
  highestRateHeld: number | null;
  firstBreak: { what: string; atRate: number; t: number } | null;
  slo: { p95Ms: number; errorRate: number };
  /** What the first break was: the API's SLO, or the generator out of VUs; null when nothing broke. */
  limitedBy?: 'api' | 'generator' | null;
}

export interface LoadSection {
  scenario: string;
  profile: string;
  engine: 'k6' | 'node';
  /** The engine's version: k6's ("v1.3.0", from `k6 version`) or the harness's for the built-in engine; absent in results written before it was recorded. */
  engineVersion?: string;
  exitCode: number;
  interrupted: boolean;
  durationS: number;
  iterations: number;
  droppedIterations: number;
  operations: OperationStats[];
  flows: FlowStats[];
  outcomes: Record<string, number>;
  checks: { name: string; passes: number; fails: number }[];
  thresholds: ThresholdVerdict[];
  /** Checks that failed, by operation (absent in results written before it existed). */
  violations?: LoadViolation[];
  timeline: TimelinePoint[];
  capacity: CapacityVerdict | null;
  problems: string[];
  /** How the run was shaped and how many bodies it validated; absent when built from summary data alone. */
  shape?: RunShapeSummary;
  /**
   * What says the generator, not the API, was the limit (iterations started late, its event loop
   * late, its file descriptors exhausted); absent when nothing did. Such a run never passes.
   */
  generatorBound?: string[];
  /** Set when the stage ended in an error before its verdict (runners not mergeable, an engine failure): nothing judged. */
  error?: { code: string; message: string };
}

/** A load run's shape (load/run-shape.ts): base profile file, flags, what ran, body validation. */
export interface RunShapeSummary {
  source: string;
  flags: string[];
  executor: string;
  /** One line, e.g. "constant-arrival-rate 4/s for 8s (8 to 40 VUs); validate all". */
  description: string;
  /** all, status or sample:RATE. */
  validate: string;
  bodiesValidated: number;
}

export interface ContractSection {
  exitCode: number;
  /** `ms`: the case's wall time (JUnit's time). */
  cases: { operationId: string; check: string; outcome: 'passed' | 'failed' | 'skipped' | 'errored'; reason?: string; skippedBy?: SkippedBy; findings: number; ms?: number }[];
  /** --fail-on-skip: a check skipped even by choice is no pass. */
  failOnSkip?: true;
  /** The filter flags that left checks out (--operations, --checks): a pass under them is partial. */
  narrowedBy?: string[];
  findings: Finding[];
  /** Set when the run could not start (no cases) or could not finish (the cases checked before kept). */
  error?: { code: string; message: string };
  /** 429 answers and the waits they asked for: rate limiting, never findings. */
  rateLimit?: { answers: number; retries: number; waitedMs: number };
  /** The run's --seed and --max-examples, as the reproduce commands carry them. */
  seed?: number;
  maxExamples?: number;
}

export interface RunResult {
  version: typeof RESULT_VERSION;
  meta: RunMeta;
  /** `partial`: a pass that left checks out by the user's choice (contract/skips.ts), said so. */
  verdict: { passed: boolean; reasons: string[]; partial?: string };
  contract: ContractSection | null;
  load: LoadSection[];
  /** Set by `calls-harness capacity`. */
  capacity?: CapacitySearch | null;
  /** Set by `run --spec-from`: what changed between the old API document and the new one. */
  specDiff?: SpecDiff | null;
}
