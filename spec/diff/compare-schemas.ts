// Compares one schema of the old document with its counterpart in the new one, property by
// property, and reports each difference as a change kind of rules.ts.
import { joinPointer } from '../json-pointer.ts';
import type { SpecChange } from './model.ts';
import { BOUNDS, PROPERTY_RULES, ruleText, schemaRule, schemaRuleId, type BoundMove, type Direction, type PropertyRuleId, type SchemaChangeKind, type Subject } from './rules.ts';
import { viewOfSide, type Located, type SchemaView } from './schema-view.ts';

export interface Comparison {
  oldDoc: unknown;
  newDoc: unknown;
  direction: Direction;
  /** `parameter` for a parameter's schema; otherwise the body, whose nested schemas are properties. */
  root: 'body' | 'parameter';
  emit: (change: SpecChange) => void;
}

/** Compares the schemas at `oldAt` and `newAt`; `target` names the place (`''` for the body itself). */
export function compareSchemas(cmp: Comparison, target: string, oldAt: Located, newAt: Located, ancestors: ReadonlySet<string> = new Set()): void {
  // A recursive schema compared inside itself again would never end; its first visit covers it.
  const key = `${oldAt.pointer}|${newAt.pointer}`;
  if (ancestors.has(key)) return;
  const inside = new Set([...ancestors, key]);
  const before = viewOfSide(cmp.oldDoc, oldAt, 'old');
  const after = viewOfSide(cmp.newDoc, newAt, 'new');
  const pair: Pair = { cmp, target, subject: cmp.root === 'parameter' ? 'parameter' : target === '' ? 'body' : 'property', before, after };
  compareType(pair);
  compareNullable(pair);
  compareEnum(pair);
  compareBounds(pair);
  comparePattern(pair);
  if (before.description !== after.description) keywordChange(pair, 'description-changed', 'description', '');
  compareProperties(pair, inside);
  if (before.items && after.items) compareSchemas(cmp, `${target}[]`, before.items, after.items, inside);
}

interface Pair {
  cmp: Comparison;
  target: string;
  subject: Subject;
  before: SchemaView;
  after: SchemaView;
}

const show = (v: unknown): string => (v === undefined || v === null ? '-' : typeof v === 'string' ? v : JSON.stringify(v));

function describe(pair: Pair): string {
  const where = pair.subject === 'parameter' ? 'parameter' : `${pair.cmp.direction} ${pair.subject}`;
  return pair.target ? `${where} \`${pair.target}\`` : where;
}

function schemaChange(pair: Pair, kind: SchemaChangeKind, detail: string, from: string | null, to: string | null): void {
  const rule = schemaRule(pair.cmp.direction, kind);
  pair.cmp.emit({
    id: schemaRuleId(pair.cmp.direction, pair.subject, kind),
    level: rule.level,
    target: pair.target || null,
    message: `${describe(pair)}: ${ruleText(rule, detail)}`,
    from,
    to,
  });
}

/** A change of one keyword: the pointers name the keyword where it is written, else its schema. */
function keywordChange(pair: Pair, kind: SchemaChangeKind, keyword: string, detail: string): void {
  const at = (view: SchemaView) => (keyword in view.at.node ? joinPointer(view.at.pointer, keyword) : view.at.pointer);
  schemaChange(pair, kind, detail, at(pair.before), at(pair.after));
}

function compareType(pair: Pair): void {
  const { before, after } = pair;
  const was = `${before.types.join('|') || 'any'}/${show(before.format)}`;
  const now = `${after.types.join('|') || 'any'}/${show(after.format)}`;
  if (was !== now) keywordChange(pair, 'type-changed', before.types.join() !== after.types.join() ? 'type' : 'format', `from ${was} to ${now}`);
}

function compareNullable(pair: Pair): void {
  if (pair.before.nullable === pair.after.nullable) return;
  schemaChange(pair, pair.after.nullable ? 'became-nullable' : 'became-not-nullable', '', pair.before.at.pointer, pair.after.at.pointer);
}

function compareEnum(pair: Pair): void {
  const was = pair.before.enumValues;
  const now = pair.after.enumValues;
  if (was === null && now === null) return;
  if (was === null) return keywordChange(pair, 'became-enum', 'enum', `(${now?.map(show).join(', ')})`);
  if (now === null) return keywordChange(pair, 'enum-removed', 'enum', '');
  const has = (list: unknown[], v: unknown) => list.some((x) => JSON.stringify(x) === JSON.stringify(v));
  for (const v of was) if (!has(now, v)) keywordChange(pair, 'enum-value-removed', 'enum', `(${show(v)})`);
  for (const v of now) if (!has(was, v)) keywordChange(pair, 'enum-value-added', 'enum', `(${show(v)})`);
}

function compareBounds(pair: Pair): void {
  for (const { keyword, name } of BOUNDS) {
    const was = pair.before.bounds[keyword];
    const now = pair.after.bounds[keyword];
    if (was === now) continue;
    const move: BoundMove = was === undefined ? 'set' : now === undefined ? 'unset' : now > was ? 'increased' : 'decreased';
    keywordChange(pair, `${name}-${move}`, keyword, move === 'set' ? `to ${show(now)}` : move === 'unset' ? `(was ${show(was)})` : `from ${show(was)} to ${show(now)}`);
  }
}

function comparePattern(pair: Pair): void {
  const was = pair.before.pattern;
  const now = pair.after.pattern;
  if (was === now) return;
  const kind = was === null ? 'pattern-added' : now === null ? 'pattern-removed' : 'pattern-changed';
  keywordChange(pair, kind, 'pattern', kind === 'pattern-changed' ? `from ${show(was)} to ${show(now)}` : `(${show(was ?? now)})`);
}

function propertyChange(pair: Pair, id: PropertyRuleId, name: string, from: string | null, to: string | null): void {
  const rule = PROPERTY_RULES[id];
  const target = pair.target ? `${pair.target}.${name}` : name;
  pair.cmp.emit({ id, level: rule.level, target, message: `${pair.cmp.direction} property \`${target}\` ${ruleText(rule, '')}`, from, to });
}

function compareProperties(pair: Pair, ancestors: ReadonlySet<string>): void {
  const { before, after, cmp } = pair;
  const request = cmp.direction === 'request';
  for (const [name, was] of before.properties) {
    const now = after.properties.get(name);
    if (!now) {
      const id = request ? 'request-property-removed' : before.required.has(name) ? 'response-required-property-removed' : 'response-optional-property-removed';
      propertyChange(pair, id, name, was.pointer, after.at.pointer);
      continue;
    }
    const required = [before.required.has(name), after.required.has(name)];
    if (required[0] !== required[1]) {
      const id = required[1] ? (request ? 'request-property-became-required' : 'response-property-became-required') : request ? 'request-property-became-optional' : 'response-property-became-optional';
      propertyChange(pair, id, name, joinPointer(before.at.pointer, 'required'), joinPointer(after.at.pointer, 'required'));
    }
    compareSchemas(cmp, pair.target ? `${pair.target}.${name}` : name, was, now, ancestors);
  }
  for (const [name, now] of after.properties) {
    if (before.properties.has(name)) continue;
    const required = after.required.has(name);
    const id = request ? (required ? 'new-required-request-property' : 'new-optional-request-property') : required ? 'response-required-property-added' : 'response-optional-property-added';
    propertyChange(pair, id, name, before.at.pointer, now.pointer);
  }
}
