// The door of core/ for code that runs inside k6 too (the bundles of scenarios/): modules with no
// Node API, plain ES2017. Node code imports core/index.ts, which re-exports these as well.
export * from './path-segment.ts';
export * from './secrets.ts';
export * from './threshold-samples.ts';
export * from './untrusted-text.ts';
