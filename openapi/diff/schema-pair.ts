// One schema of the old document beside its counterpart in the new one, and how a difference
// between them becomes a change of rules.ts, with the JSON pointer of each side.
import { joinPointer } from '../../core/index.ts';
import type { SpecChange } from './model.ts';
import { ruleText, schemaRule, schemaRuleId, severityOf, type Direction, type SchemaChangeKind, type Subject } from './rules.ts';
import type { Located, SchemaView } from './schema-view.ts';

export interface Comparison {
  oldDoc: unknown;
  newDoc: unknown;
  direction: Direction;
  /** `parameter` for a parameter's schema, `header` for a response header's; otherwise the body, whose nested schemas are properties. */
  root: 'body' | 'parameter' | 'header';
  emit: (change: SpecChange) => void;
}

export interface Pair {
  cmp: Comparison;
  target: string;
  subject: Subject;
  before: SchemaView;
  after: SchemaView;
  /** Compares two nested schemas (a property, the items, a oneOf member) under `target`. */
  recurse: (target: string, before: Located, after: Located) => void;
}

export const show = (v: unknown): string => (v === undefined || v === null ? '-' : typeof v === 'string' ? v : JSON.stringify(v));

/** `request property \`to\``, `response body`, `parameter \`query limit\``. */
export function describe(pair: Pair): string {
  const where = pair.subject === 'parameter' || pair.subject === 'header' ? pair.subject : `${pair.cmp.direction} ${pair.subject}`;
  return pair.target ? `${where} \`${pair.target}\`` : where;
}

export function schemaChange(pair: Pair, kind: SchemaChangeKind, detail: string, from: string | null, to: string | null): void {
  const rule = schemaRule(pair.cmp.direction, kind);
  pair.cmp.emit({
    id: schemaRuleId(pair.cmp.direction, pair.subject, kind),
    level: rule.level,
    severity: severityOf(rule),
    target: pair.target || null,
    message: `${describe(pair)}: ${ruleText(rule, detail)}`,
    from,
    to,
  });
}

/** A change of one keyword: the pointers name the keyword where it is written, else its schema. */
export function keywordChange(pair: Pair, kind: SchemaChangeKind, keyword: string, detail: string, newKeyword = keyword): void {
  const at = (view: SchemaView, word: string) => (word in view.at.node ? joinPointer(view.at.pointer, word) : view.at.pointer);
  schemaChange(pair, kind, detail, at(pair.before, keyword), at(pair.after, newKeyword));
}
