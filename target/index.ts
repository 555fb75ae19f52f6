// The door of target/: what other rooms may use. Everything else in target/ is its own business.
export { checkTarget, displayTarget, isLoopback, TargetError } from './check-target.ts';
export { openTarget, type OpenTarget } from './open-target.ts';
export { requireAnsweringTarget, TargetUnreachableError } from './target-answers.ts';
export { tokenProblem } from './token-format.ts';
