// The door of scenarios/ for Node code (load/): the profile data and helpers the bundles share with it. Not a scenario.
export * from './lib/body-sampling.ts';
export * from './lib/profile-data.ts';
export * from './lib/sample-group.ts';
export * from './lib/schema-error.ts';
export * from './lib/warm-up.ts';
