// Compares one schema of the old document with its counterpart in the new one, property by
// property, and reports each difference as a change kind of rules.ts.
import { joinPointer, sameJson } from '../../core/index.ts';
import { compareAnnotations } from './compare-annotations.ts';
import { compareComposition } from './compare-composition.ts';
import { compareConstraints } from './compare-constraints.ts';
import { PROPERTY_RULES, ruleText, severityOf, type PropertyRuleId } from './rules.ts';
import { keywordChange, schemaChange, show, type Comparison, type Pair } from './schema-pair.ts';
import { viewOfSide, type Located } from './schema-view.ts';

export type { Comparison } from './schema-pair.ts';

/** Compares the schemas at `oldAt` and `newAt`; `target` names the place (`''` for the body itself). */
export function compareSchemas(cmp: Comparison, target: string, oldAt: Located, newAt: Located, ancestors: ReadonlySet<string> = new Set()): void {
  // A recursive schema compared inside itself again would never end; its first visit covers it.
  const key = `${oldAt.pointer}|${newAt.pointer}`;
  if (ancestors.has(key)) return;
  const inside = new Set([...ancestors, key]);
  const before = viewOfSide(cmp.oldDoc, oldAt, 'old');
  const after = viewOfSide(cmp.newDoc, newAt, 'new');
  const subject = cmp.root === 'body' ? (target === '' ? 'body' : 'property') : cmp.root;
  const recurse = (at: string, was: Located, now: Located) => compareSchemas(cmp, at, was, now, inside);
  const pair: Pair = { cmp, target, subject, before, after, recurse };
  compareType(pair);
  compareNullable(pair);
  compareEnum(pair);
  compareConstraints(pair);
  comparePattern(pair);
  compareAnnotations(pair);
  compareProperties(pair);
  compareComposition(pair);
  if (before.items && after.items) recurse(`${target}[]`, before.items, after.items);
}

/** Whether every value of the types `narrow` is one of the types `wide` (an integer is a number; no types is any). */
function covers(wide: string[], narrow: string[]): boolean {
  if (wide.length === 0) return true;
  if (narrow.length === 0) return false;
  return narrow.every((t) => wide.includes(t) || (t === 'integer' && wide.includes('number')));
}

/** integer to number, or string to [string, integer], accepts more (generalized); the reverse fewer. Any other move, or a format change, is a change. */
function compareType(pair: Pair): void {
  const { before, after } = pair;
  const was = `${before.types.join('|') || 'any'}/${show(before.format)}`;
  const now = `${after.types.join('|') || 'any'}/${show(after.format)}`;
  if (was === now) return;
  const sameFormat = before.format === after.format;
  const kind = !sameFormat ? 'type-changed' : covers(after.types, before.types) ? 'type-generalized' : covers(before.types, after.types) ? 'type-specialized' : 'type-changed';
  keywordChange(pair, kind, sameFormat || before.types.join() !== after.types.join() ? 'type' : 'format', `from ${was} to ${now}`);
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
  const has = (list: unknown[], v: unknown) => list.some((x) => sameJson(x, v));
  for (const v of was) if (!has(now, v)) keywordChange(pair, 'enum-value-removed', 'enum', `(${show(v)})`);
  for (const v of now) if (!has(was, v)) keywordChange(pair, 'enum-value-added', 'enum', `(${show(v)})`);
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
  pair.cmp.emit({ id, level: rule.level, severity: severityOf(rule), target, message: `${pair.cmp.direction} property \`${target}\` ${ruleText(rule, '')}`, from, to });
}

/**
 * A readOnly property is never in a request and a writeOnly one never in a response (OpenAPI: its
 * `required` counts on the other side only), so there it neither breaks nor is required.
 */
function hiddenIn(pair: Pair, side: 'old' | 'new', at: Located): boolean {
  const view = viewOfSide(side === 'old' ? pair.cmp.oldDoc : pair.cmp.newDoc, at, side);
  return pair.cmp.direction === 'request' ? view.readOnly : view.writeOnly;
}

const REQUIRED_MOVES = {
  request: { required: 'request-property-became-required', optional: 'request-property-became-optional' },
  response: { required: 'response-property-became-required', optional: 'response-property-became-optional' },
} as const;

function compareProperties(pair: Pair): void {
  const { before, after } = pair;
  for (const [name, was] of before.properties) {
    const wasHidden = hiddenIn(pair, 'old', was);
    const now = after.properties.get(name);
    if (!now) {
      if (!wasHidden) propertyRemoved(pair, name, was);
      continue;
    }
    const nowHidden = hiddenIn(pair, 'new', now);
    if (wasHidden && nowHidden) continue;
    const required = [before.required.has(name) && !wasHidden, after.required.has(name) && !nowHidden];
    if (required[0] !== required[1]) {
      propertyChange(pair, REQUIRED_MOVES[pair.cmp.direction][required[1] ? 'required' : 'optional'], name, joinPointer(before.at.pointer, 'required'), joinPointer(after.at.pointer, 'required'));
    }
    pair.recurse(pair.target ? `${pair.target}.${name}` : name, was, now);
  }
  for (const [name, now] of after.properties) {
    if (!before.properties.has(name) && !hiddenIn(pair, 'new', now)) propertyAdded(pair, name, now);
  }
}

function propertyRemoved(pair: Pair, name: string, was: Located): void {
  const id = pair.cmp.direction === 'request' ? 'request-property-removed' : pair.before.required.has(name) ? 'response-required-property-removed' : 'response-optional-property-removed';
  propertyChange(pair, id, name, was.pointer, pair.after.at.pointer);
}

function propertyAdded(pair: Pair, name: string, now: Located): void {
  const required = pair.after.required.has(name);
  const id = pair.cmp.direction === 'request' ? (required ? 'new-required-request-property' : 'new-optional-request-property') : required ? 'response-required-property-added' : 'response-optional-property-added';
  propertyChange(pair, id, name, pair.before.at.pointer, now.pointer);
}
