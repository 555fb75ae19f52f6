// Choosing what a run is compared with: per scenario, earlier runs of the same scenario, profile,
// target and engine (like with like), or one run named by its id. Interrupted runs are never an
// automatic baseline: their figures describe a run cut short.
import { CodedError } from '../core/index.ts';
import type { HistoryEntry, HistoryOperation, HistorySection } from './history.ts';

export class CompareError extends CodedError {}

/** What one scenario of the run is compared with, or why there is nothing to compare it with. */
export type ScenarioBaseline =
  | { scenario: string; label: string; runIds: string[]; section: HistorySection; notes: string[] }
  | { scenario: string; nothing: string };

/** The fields that make two runs of a scenario comparable. */
export function kindOf(entry: HistoryEntry, section: HistorySection): string {
  return `${section.scenario} on profile ${section.profile}, engine ${section.engine}, target ${targetOf(entry)}`;
}

/** The embedded reference server listens on a new port each run: it is one target all the same. */
export function targetOf(entry: HistoryEntry): string {
  return entry.embedded ? 'the embedded reference server' : entry.target;
}

/** Earlier, uninterrupted runs' sections of the same kind as `section` of `current`, oldest first; none generator-bound (their figures are the generator's). */
export function comparableBefore(history: HistoryEntry[], current: HistoryEntry, section: HistorySection): { entry: HistoryEntry; section: HistorySection }[] {
  const kind = kindOf(current, section);
  return history
    .filter((e) => e.runId !== current.runId && e.startedAt <= current.startedAt && !e.interrupted)
    .flatMap((entry) => entry.load.filter((s) => kindOf(entry, s) === kind && !s.generatorBound).map((s) => ({ entry, section: s })));
}

/** `last`, `median-of-N`, or a run id, chosen per scenario of `current`. */
export function pickBaselines(spec: string, history: HistoryEntry[], current: HistoryEntry): ScenarioBaseline[] {
  const before = history.filter((e) => e.runId !== current.runId && e.startedAt <= current.startedAt);
  if (!before.length) throw new CompareError('E_TOO_FEW_RUNS', 'There is no run before this one to compare with. Run again to build up history, or name a baseline run.');
  const m = /^median-of-(\d+)$/.exec(spec);
  if (spec === 'last' || m) {
    const n = m ? Number(m[1]) : 1;
    if (n < 1) throw new CompareError('E_BAD_BASELINE', `median-of-${n} needs at least one run.`);
    return current.load.map((section) => {
      const like = comparableBefore(history, current, section).slice(-n);
      if (like.length < n) {
        const need = n === 1 ? 'no earlier run' : `only ${like.length} earlier run(s), median-of-${n} needs ${n}`;
        return { scenario: section.scenario, nothing: `${need} of ${kindOf(current, section)} (interrupted and generator-bound runs do not count)` };
      }
      const runIds = like.map((l) => l.entry.runId);
      const label = n === 1 ? `run ${runIds[0]}` : `median of the last ${n} comparable runs`;
      return { scenario: section.scenario, label, runIds, section: n === 1 ? (like[0]?.section as HistorySection) : medianOf(like.map((l) => l.section)), notes: [] };
    });
  }
  const named = history.find((e) => e.runId === spec);
  if (!named) throw new CompareError('E_NO_BASELINE', `The history has no run "${spec}". Give a run id from the history, "last", or "median-of-N".`);
  return current.load.map((section) => {
    const base = named.load.find((s) => s.scenario === section.scenario);
    if (!base) return { scenario: section.scenario, nothing: `run ${named.runId} has no ${section.scenario} run` };
    // Named by hand: compared as asked, with every difference said.
    const notes: string[] = [];
    if (base.profile !== section.profile) notes.push(`profile ${base.profile}, not ${section.profile}`);
    if (base.engine !== section.engine) notes.push(`engine ${base.engine}, not ${section.engine}`);
    if (targetOf(named) !== targetOf(current)) notes.push(`target ${targetOf(named)}, not ${targetOf(current)}`);
    if (named.interrupted) notes.push('it was interrupted');
    if (base.generatorBound) notes.push('its generator could not keep up (generator-bound)');
    return { scenario: section.scenario, label: `run ${named.runId}`, runIds: [named.runId], section: base, notes };
  });
}

/** Per operation, the median of each figure over sections of one kind. */
export function medianOf(sections: HistorySection[]): HistorySection {
  const first = sections[0] as HistorySection;
  const ops = [...new Set(sections.flatMap((s) => s.operations.map((o) => o.operationId)))];
  return {
    scenario: first.scenario, profile: first.profile, engine: first.engine,
    operations: ops.map((operationId) => {
      const all = sections.flatMap((s) => s.operations.filter((o) => o.operationId === operationId));
      const med = (k: Exclude<keyof HistoryOperation, 'operationId'>) => median(all.map((o) => o[k]));
      return { operationId, requests: med('requests'), ratePerS: med('ratePerS'), errorRate: med('errorRate'), p50: med('p50'), p95: med('p95'), p99: med('p99') };
    }),
  };
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
