// Choosing what a run is compared with: per scenario, earlier runs of the same scenario, profile,
// target, engine and engine version (like with like), or one run named by its id. A change of k6
// version (v0.48 to v1.3) moves latencies by itself: a baseline of another version is compared
// but judged only when asked (--across-versions), and said so in one line. Interrupted runs are never an
// automatic baseline: their figures describe a run cut short.
import { CodedError } from '../core/index.ts';
import type { HistoryEntry, HistoryOperation, HistorySection } from './history.ts';
import { engineLabel } from './engine-label.ts';

export class CompareError extends CodedError {}

/** What one scenario of the run is compared with, or why there is nothing to compare it with. */
export type ScenarioBaseline =
  | {
      scenario: string; label: string; runIds: string[]; section: HistorySection; notes: string[];
      /** The baseline ran another engine version and --across-versions was not given: why nothing is judged as regressed, in one line. */
      unjudged?: string;
      /** The baseline ran another engine version and --across-versions was given: judged, and said so. */
      acrossVersions?: string;
    }
  | { scenario: string; nothing: string };

/** The fields that make two runs of a scenario comparable: with the engine's version unless `anyVersion` (lines without one are a version of their own). */
export function kindOf(entry: HistoryEntry, section: HistorySection, anyVersion = false): string {
  const engine = anyVersion ? section.engine : versionOf(section);
  return `${section.scenario} on profile ${section.profile}, engine ${engine}, target ${targetOf(entry)}`;
}

/** The engine and its version as a history line names them ("k6 v1.3.0"; "k6" or "node" in lines written before versions were recorded). */
export function versionOf(section: HistorySection): string {
  return section.engineVersion ? engineLabel(section.engine, section.engineVersion) : section.engine;
}

export interface BaselineOptions {
  /** Judge a baseline of another engine version as one of the same (`report compare --across-versions`). */
  acrossVersions?: boolean;
}

/** Why a baseline of other engine versions is not judged: one line. */
function acrossVersionsLine(section: HistorySection, bases: HistorySection[]): string {
  const theirs = [...new Set(bases.map(versionOf))].join(', ');
  return `the baseline ran on ${theirs}, this run on ${versionOf(section)}: a change across engine versions is not judged as a regression (give --across-versions to judge it)`;
}

/** The embedded reference server listens on a new port each run: it is one target all the same. */
export function targetOf(entry: HistoryEntry): string {
  return entry.embedded ? 'the embedded reference server' : entry.target;
}

/** Earlier, uninterrupted runs' sections of the same kind as `section` of `current`, oldest first; none generator-bound (their figures are the generator's). */
export function comparableBefore(history: HistoryEntry[], current: HistoryEntry, section: HistorySection, anyVersion = false): { entry: HistoryEntry; section: HistorySection }[] {
  const kind = kindOf(current, section, anyVersion);
  return history
    .filter((e) => e.runId !== current.runId && e.startedAt <= current.startedAt && !e.interrupted)
    .flatMap((entry) => entry.load.filter((s) => kindOf(entry, s, anyVersion) === kind && !s.generatorBound).map((s) => ({ entry, section: s })));
}

/** `last`, `median-of-N`, or a run id, chosen per scenario of `current`. */
export function pickBaselines(spec: string, history: HistoryEntry[], current: HistoryEntry, options: BaselineOptions = {}): ScenarioBaseline[] {
  const before = history.filter((e) => e.runId !== current.runId && e.startedAt <= current.startedAt);
  if (!before.length) throw new CompareError('E_TOO_FEW_RUNS', 'There is no run before this one to compare with. Run again to build up history, or name a baseline run.');
  const m = /^median-of-(\d+)$/.exec(spec);
  if (spec === 'last' || m) {
    const n = m ? Number(m[1]) : 1;
    if (n < 1) throw new CompareError('E_BAD_BASELINE', `median-of-${n} needs at least one run.`);
    return current.load.map((section) => {
      const same = comparableBefore(history, current, section).slice(-n);
      // None of this version: runs of other versions, judged only when asked.
      const other = same.length < n ? comparableBefore(history, current, section, true).slice(-n) : [];
      const like = same.length < n && other.length >= n ? other : same;
      if (like.length < n) {
        const need = n === 1 ? 'no earlier run' : `only ${like.length} earlier run(s), median-of-${n} needs ${n}`;
        return { scenario: section.scenario, nothing: `${need} of ${kindOf(current, section)} (interrupted and generator-bound runs do not count)` };
      }
      const runIds = like.map((l) => l.entry.runId);
      const label = n === 1 ? `run ${runIds[0]}` : `median of the last ${n} comparable runs`;
      const chosen = n === 1 ? (like[0]?.section as HistorySection) : medianOf(like.map((l) => l.section));
      return { scenario: section.scenario, label, runIds, section: chosen, ...versionsApart(section, like.map((l) => l.section), options, []) };
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
    else if (versionOf(base) !== versionOf(section)) notes.push(`${versionOf(base)}, not ${versionOf(section)}`);
    if (targetOf(named) !== targetOf(current)) notes.push(`target ${targetOf(named)}, not ${targetOf(current)}`);
    if (named.interrupted) notes.push('it was interrupted');
    if (base.generatorBound) notes.push('its generator could not keep up (generator-bound)');
    return { scenario: section.scenario, label: `run ${named.runId}`, runIds: [named.runId], section: base, ...versionsApart(section, [base], options, notes) };
  });
}

/** The notes of a baseline, and whether it is judged: not when it ran another engine version, unless asked. */
function versionsApart(section: HistorySection, bases: HistorySection[], options: BaselineOptions, notes: string[]): { notes: string[]; unjudged?: string; acrossVersions?: string } {
  if (bases.every((b) => versionOf(b) === versionOf(section))) return { notes };
  if (options.acrossVersions) return { notes, acrossVersions: `judged across engine versions (--across-versions): the baseline ran on ${[...new Set(bases.map(versionOf))].join(', ')}, this run on ${versionOf(section)}` };
  return { notes, unjudged: acrossVersionsLine(section, bases) };
}

/** Per operation, the median of each figure over sections of one kind. */
export function medianOf(sections: HistorySection[]): HistorySection {
  const first = sections[0] as HistorySection;
  const ops = [...new Set(sections.flatMap((s) => s.operations.map((o) => o.operationId)))];
  return {
    scenario: first.scenario, profile: first.profile, engine: first.engine, ...(first.engineVersion ? { engineVersion: first.engineVersion } : {}),
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
