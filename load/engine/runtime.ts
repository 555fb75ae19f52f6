// The engine's side of the k6 modules: what check(), http and the metric classes talk to. It is
// installed on a global symbol, because the scenario bundle carries its own copy of the k6 shims.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ChecksTree } from './checks-tree.ts';
import type { K6Response, RequestParams, ResponseCallback } from './http-client.ts';
import type { Metric, MetricsRegistry, Tags } from './metrics/registry.ts';

export const RUNTIME_KEY = Symbol.for('calls-harness.k6-runtime');

export interface ScenarioState {
  name: string;
  executor: string;
  startTime: number;
  tags: Tags;
  env: Record<string, string>;
  /** Iterations started in this scenario, across all VUs. */
  iterations: number;
  /** Tags of every sample outside groups, made once (read-only for callers). */
  baseTags?: Record<string, string>;
}

export interface Vu {
  id: number;
  iterations: number;
  scenarioIterations: number;
}

export interface IterationContext {
  vu: Vu;
  scenario: ScenarioState;
  iterationInScenario: number;
  groups: string[];
  /**
   * Set when the iteration was interrupted (gracefulStop passed, or the run was stopped); its
   * requests are aborted through RunState.abortRequests (no AbortController per iteration).
   */
  interrupted: boolean;
  /** setup() or teardown(): run as k6 runs them, in a group of their name (`::setup`), with no scenario tag. */
  lifecycle?: boolean;
}

export interface K6Runtime {
  registry: MetricsRegistry;
  checks: ChecksTree;
  iteration(): IterationContext | undefined;
  request(method: string, url: string, body: string | null, params: RequestParams): Promise<K6Response>;
  setResponseCallback(cb: ResponseCallback): void;
  instanceInfo(): { iterationsCompleted: number; iterationsInterrupted: number; vusActive: number; vusInitialized: number; currentTestRunDuration: number };
  /** Tags every sample of the current iteration carries (scenario tags, group). */
  baseTags(): Tags;
  /** The same for a given iteration (found once by a caller that records several samples). */
  baseTagsOf(it: IterationContext | undefined): Tags;
  emit(metric: string, value: number, tags: Tags): void;
  /** One sample of `it` (dropped when it was interrupted), to a metric found once. */
  sample(metric: Metric, value: number, tags: Tags, it: IterationContext | undefined): void;
  abortTest(reason: string): void;
}

export const iterationStorage = new AsyncLocalStorage<IterationContext>();

export function installRuntime(runtime: K6Runtime): void {
  (globalThis as Record<symbol, unknown>)[RUNTIME_KEY] = runtime;
}

export function uninstallRuntime(): void {
  Reflect.deleteProperty(globalThis, RUNTIME_KEY);
}
