// The result's record of a load run's shape: where its profile came from, the flags that changed
// it, what ran, and how many response bodies were validated under which setting.
import type { RunShape } from '../load/index.ts';
import type { RunShapeSummary } from './model.ts';

export function shapeSummary(shape: RunShape, bodiesValidated: number): RunShapeSummary {
  return {
    source: shape.source,
    flags: shape.flags,
    executor: shape.profile.executor,
    description: shape.description,
    validate: shape.profile.validate ?? 'all',
    bodiesValidated,
  };
}

/** One line for the console and summary.md: "shape: ... (--rate 4); 120 bodies validated". */
export function shapeLine(s: RunShapeSummary): string {
  const flags = s.flags.length ? ` (${s.flags.join(' ')})` : '';
  return `${s.description}${flags}; ${s.bodiesValidated} bodies validated`;
}
