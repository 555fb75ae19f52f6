// The load profiles (data in load/profiles/), bundled into every scenario so that a plain
// `k6 run -e CALLS_PROFILE=nightly` picks them by name.
import capacity from '../../load/profiles/capacity.json';
import nightly from '../../load/profiles/nightly.json';
import smoke from '../../load/profiles/smoke.json';
import soak from '../../load/profiles/soak.json';

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
  latency: Percentiles;
  errorRate: number;
  flowDuration?: Percentiles;
  operations?: Record<string, Percentiles>;
}

export const PROFILES: Record<string, Profile> = { smoke, nightly, capacity, soak };
