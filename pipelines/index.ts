// The door of pipelines/: what other rooms may use. Everything else in pipelines/ is its own business.
export * from './bundle-k6.ts';
export * from './capacity.ts';
export * from './config-file.ts';
export * from './config.ts';
export * from './contract-gate.ts';
export * from './finish-run.ts';
export * from './load-job.ts';
export * from './main-job.ts';
export * from './merge-run.ts';
export * from './publish-result.ts';
export * from './report-runs.ts';
export * from './schemas-import.ts';
export * from './spec-diff.ts';
export * from './stage-error.ts';
