// The executors the built-in engine offers, by k6's names.
import { constantArrivalRate, rampingArrivalRate } from './arrival-rate.ts';
import type { Executor } from './executor.ts';
import { constantVus, perVuIterations, rampingVus, sharedIterations } from './vus.ts';

export const EXECUTORS: Record<string, Executor> = {
  'constant-arrival-rate': constantArrivalRate,
  'ramping-arrival-rate': rampingArrivalRate,
  'constant-vus': constantVus,
  'ramping-vus': rampingVus,
  'per-vu-iterations': perVuIterations,
  'shared-iterations': sharedIterations,
};

export type { ExecutorRun, ScenarioConfig } from './executor.ts';
