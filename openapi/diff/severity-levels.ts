// oasdiff's severity-levels file: one `check-id level` a line (`err`, `warn`, `info` or `none`), so a
// team that accepts a change kind lowers it, or one that fears it raises it, and the gate follows.
// `none` leaves the change out. Comments (`#`) and blank lines are skipped.
import { breakingChanges, type OperationDiff, type SpecDiff } from './model.ts';
import { allRules, type Severity } from './rules.ts';

export type LevelOverride = Severity | 'none';

const LEVELS: Record<string, LevelOverride> = { err: 'error', error: 'error', warn: 'warning', warning: 'warning', info: 'info', none: 'none' };

/** A line the file cannot mean: `line` is 1-based. */
export class SeverityLevelsError extends Error {
  constructor(readonly line: number, detail: string) {
    super(`line ${line}: ${detail}`);
  }
}

export function parseSeverityLevels(text: string): Map<string, LevelOverride> {
  const known = allRules();
  const out = new Map<string, LevelOverride>();
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const [id = '', level = '', ...rest] = line.split(/\s+/);
    if (rest.length || !level) throw new SeverityLevelsError(i + 1, `"${line}" is not "check-id level"`);
    if (!known.has(id)) throw new SeverityLevelsError(i + 1, `"${id}" is not a check id schemas diff reports (they are listed in openapi/diff/rules.ts)`);
    const override = LEVELS[level.toLowerCase()];
    if (!override) throw new SeverityLevelsError(i + 1, `"${level}" is not a level (err, warn, info or none)`);
    out.set(id, override);
  }
  return out;
}

/** The diff with each overridden change at its new severity (info is compatible), `none` ones dropped, and the verdict counted again. */
export function applySeverityLevels(diff: SpecDiff, levels: ReadonlyMap<string, LevelOverride>): SpecDiff {
  const operations: OperationDiff[] = diff.operations.map((op) => {
    const changes = op.changes.flatMap((c) => {
      const override = levels.get(c.id);
      if (override === undefined) return [c];
      if (override === 'none') return [];
      return [{ ...c, severity: override, level: override === 'info' ? ('non-breaking' as const) : ('breaking' as const) }];
    });
    const state = op.state === 'changed' && changes.length === 0 ? ('unchanged' as const) : op.state;
    return { ...op, state, changes };
  });
  const breaking = operations.reduce((n, op) => n + breakingChanges(op).length, 0);
  const all = operations.reduce((n, op) => n + op.changes.length, 0);
  return { ...diff, breaking: breaking > 0, counts: { breaking, nonBreaking: all - breaking }, operations };
}
