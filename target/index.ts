// The door of target/: what other rooms may use. Everything else in target/ is its own business.
export * from './check-target.ts';
export * from './open-target.ts';
export * from './target-answers.ts';
export * from './token-format.ts';
