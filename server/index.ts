// The reference Calls API server: the harness's embedded default target.
export { start, type RunningServer } from './start.ts';
export { DEFAULT_SERVER_OPTIONS, validateServerConfig, type ServerOptions } from './options.ts';
export { ServerConfigError } from './config-error.ts';
export { describeMutations } from './mutations/active.ts';
export { MUTATION_NAMES } from './mutations/catalog.ts';
export type { CapacityConfig } from './capacity-model.ts';
export type { FaultConfig } from './faults.ts';
export type { LatencyConfig, LatencyModel, DelayStats } from './latency.ts';
