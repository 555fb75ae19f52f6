// The runs each run of a history is judged against, for every run at once: what comparableBefore
// gives per run (earlier, uninterrupted, not generator-bound runs of the same kind), its last `window`
// only, found in O(log n) a run rather than by a scan of the whole history, which made the
// dashboard quadratic (16,000 runs took 68 s; 100,000 never ended).
import { kindOf } from './baseline.ts';
import type { HistoryEntry, HistorySection } from './history.ts';

interface Candidate {
  /** Its place in comparableBefore's order: the history's, then the entry's sections'. */
  seq: number;
  startedAt: string;
  entry: HistoryEntry;
  section: HistorySection;
}

interface KindIndex {
  /** The kind's candidates by startedAt (ties in history order). */
  byTime: Candidate[];
  /** For each prefix of byTime, its `keep` candidates latest in history order, latest last. */
  latest: Candidate[][];
}

export class ComparableIndex {
  private readonly kinds = new Map<string, KindIndex>();
  /** A run's own sections are among the candidates until excluded: keep room for them. */
  private readonly keep: number;

  constructor(history: HistoryEntry[], private readonly window: number) {
    this.keep = window + 2;
    const groups = new Map<string, Candidate[]>();
    let seq = 0;
    for (const entry of history) {
      if (entry.interrupted) continue;
      for (const section of entry.load) {
        if (section.generatorBound) continue;
        const kind = kindOf(entry, section);
        const group = groups.get(kind) ?? [];
        group.push({ seq: seq++, startedAt: entry.startedAt, entry, section });
        groups.set(kind, group);
      }
    }
    for (const [kind, group] of groups) {
      // Array sort is stable: equal times keep the history's order.
      const byTime = group.sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0));
      const latest: Candidate[][] = [];
      let top: Candidate[] = [];
      for (const c of byTime) {
        top = withLatest(top, c, this.keep);
        latest.push(top);
      }
      this.kinds.set(kind, { byTime, latest });
    }
  }

  /** comparableBefore(history, current, section).slice(-window), with the same runs in the same order. */
  before(current: HistoryEntry, section: HistorySection): { entry: HistoryEntry; section: HistorySection }[] {
    const index = this.kinds.get(kindOf(current, section));
    if (!index) return [];
    const end = lastAtOrBefore(index.byTime, current.startedAt);
    if (end < 0) return [];
    return (index.latest[end] as Candidate[]).filter((c) => c.entry.runId !== current.runId).slice(-this.window).map(({ entry, section: s }) => ({ entry, section: s }));
  }
}

/** `top` with `c` in its place by seq, the earliest dropped past `keep`; a new array (prefixes share none). */
function withLatest(top: Candidate[], c: Candidate, keep: number): Candidate[] {
  const next = [...top];
  let i = next.length;
  while (i > 0 && (next[i - 1] as Candidate).seq > c.seq) i--;
  next.splice(i, 0, c);
  return next.length > keep ? next.slice(next.length - keep) : next;
}

/** The index of the last candidate started at or before `t`, or -1. */
function lastAtOrBefore(byTime: Candidate[], t: string): number {
  let lo = 0;
  let hi = byTime.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((byTime[mid] as Candidate).startedAt <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
