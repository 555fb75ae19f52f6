// The door of contract/: what other rooms may use. Everything else in contract/ is its own business.
export * from './call-supply.ts';
export * from './finding.ts';
export * from './result.ts';
export * from './run-contract.ts';
export * from './skips.ts';
export * from './stateful/read-replay.ts';
export * from './stateful/run-sequences.ts';
export * from './stateful/write-replay.ts';
