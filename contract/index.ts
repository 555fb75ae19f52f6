// The door of contract/: what other rooms may use. Everything else in contract/ is its own business.
export { ContractStartError } from './call-supply.ts';
export type { Finding } from './finding.ts';
export { allFindings, type CaseResult, type ContractResult, countOutcomes } from './result.ts';
export { runContract } from './run-contract.ts';
export { partialLabel, skipFailure, type SkippedBy, skipReasons, skipsBy } from './skips.ts';
export { readReplayFile, ReplayFileError } from './stateful/read-replay.ts';
export type { ReplayFile } from './stateful/run-sequences.ts';
export { writeReplayFiles } from './stateful/write-replay.ts';
