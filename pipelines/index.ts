// The door of pipelines/: what other rooms may use. Everything else in pipelines/ is its own business.
export { bundleForK6 } from './bundle-k6.ts';
export { runCapacitySearch } from './capacity.ts';
export { readJsonConfig } from './config-file.ts';
export { type HarnessConfig, loadConfig, printable, resolveConfig } from './config.ts';
export { runContractGate } from './contract-gate.ts';
export { DEFAULT_HISTORY, ReportsNotWrittenError } from './finish-run.ts';
export { loadExitCode, runLoadJob } from './load-job.ts';
export { runMainJob } from './main-job.ts';
export { mergePrometheusRun, mergeRun } from './merge-run.ts';
export { publishResult, resultReceiver } from './publish-result.ts';
export { compareRun, drawDashboard, type RenderInput, renderRunFolder } from './report-runs.ts';
export { importSchemas } from './schemas-import.ts';
export { specDiff } from './spec-diff.ts';
export { runExitCode } from './stage-error.ts';
