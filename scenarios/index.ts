// The door of scenarios/: what other rooms may use. Everything else in scenarios/ is its own business.
export * from './lib/body-sampling.ts';
export * from './lib/profile-data.ts';
export * from './lib/sample-group.ts';
export * from './lib/schema-error.ts';
export * from './lib/warm-up.ts';
