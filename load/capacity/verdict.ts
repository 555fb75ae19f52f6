// The capacity search's answer in one sentence, what would help when the generator was the
// limit, and the exit code: 0 a capacity was found, 1 even the start rate broke the SLO,
// 3 the generator was the limit (the question was not answered), 105 interrupted.
import type { CapacitySearch } from './model.ts';
import { DEFAULT_LIMITS, saturation, type GeneratorLimits } from './judge-step.ts';

export const CAPACITY_EXIT = { found: 0, startRateBroke: 1, usage: 2, generator: 3, interrupted: 105 } as const;

type Outcome = Omit<CapacitySearch, 'slo' | 'verdict' | 'advice'>;

export function verdictOf(o: Outcome): string {
  const held = o.highestRateHeld;
  const at = `${held} ${o.unit}`;
  const broke = o.firstBrokenRate !== null ? `; ${o.firstBrokenRate} ${o.unit} broke it` : '';
  if (o.interrupted) return `Interrupted after ${o.steps.length} step(s)${held !== null ? `: the SLO held up to ${at} so far` : ''}; no capacity verdict.`;
  switch (o.limitedBy) {
    case 'generator':
      return `The generator could not offer the rate${held !== null ? ` beyond ${at} (the SLO held there)` : ''}: the API's capacity is not known.`;
    case 'max-rate':
      return `The SLO held at the maximum rate asked for, ${at}: the capacity is at least that.`;
    case 'max-duration':
      if (held === null) return 'The time budget ran out before a step could run or have the samples to be judged: no capacity verdict. Give --max-duration room for a few steps.';
      return `The time budget ran out while the SLO still held at ${at}: the capacity is at least that.`;
    default:
      if (held === null) return `Even the start rate broke the SLO${broke}.`;
      return `The API holds its SLO up to ${at}${o.confirmed ? ' (confirmed by a repeated step)' : ' (not confirmed: the budget ran out)'}${broke}.`;
  }
}

/** What would let the generator offer more, from the signals of the step it failed on. */
export function adviceFor(o: Outcome, engine: 'k6' | 'node', limits: GeneratorLimits = DEFAULT_LIMITS): string | null {
  if (o.limitedBy !== 'generator') return null;
  const g = o.steps[o.steps.length - 1]?.generator;
  if (!g) return null;
  const tips: string[] = [];
  const busy = saturation(g, limits) !== null;
  if (busy) {
    tips.push('spread the load over more runners (bundle --k8s --parallelism N, or k6 on more machines with execution segments)');
    tips.push('validate a sample of the responses instead of all (--validate sample:0.1)');
    if (engine === 'node') tips.push('give the generator a core of its own (the target in another process or on another machine, nothing else busy beside it)');
  }
  if (g.droppedIterations > 0 && g.vusMax >= g.maxVUs) tips.push(`allow more VUs: raise maxVUs in the profile (--profile FILE; the step used all ${g.maxVUs}, warm-up and measured part together)`);
  return tips.length ? `To find the API's capacity: ${tips.join('; ')}.` : null;
}

export function exitCodeOf(o: Outcome): number {
  if (o.interrupted) return CAPACITY_EXIT.interrupted;
  if (o.limitedBy === 'generator') return CAPACITY_EXIT.generator;
  // No step fitted in the budget: the search was set up so that it could not answer.
  if (o.limitedBy === 'max-duration' && o.highestRateHeld === null) return CAPACITY_EXIT.usage;
  if (o.limitedBy === 'api' && o.highestRateHeld === null) return CAPACITY_EXIT.startRateBroke;
  return CAPACITY_EXIT.found;
}
