// Bounds on what a schema accepts: lengths, item and property counts, numeric bounds (inclusive or
// exclusive, in either OpenAPI form), multipleOf and uniqueItems. Which way each move breaks is
// rules.ts's business; here a move is only named.
import type { NumericBound } from './read-bounds.ts';
import { BOUNDS, type BoundMove, type SchemaChangeKind } from './rules.ts';
import { keywordChange, show, type Pair } from './schema-pair.ts';

export function compareConstraints(pair: Pair): void {
  compareCountBounds(pair);
  compareNumericBound(pair, 'lower');
  compareNumericBound(pair, 'upper');
  compareMultipleOf(pair);
  if (pair.before.uniqueItems !== pair.after.uniqueItems) keywordChange(pair, pair.after.uniqueItems ? 'unique-items-set' : 'unique-items-unset', 'uniqueItems', '');
}

const moveDetail = (move: BoundMove, was: unknown, now: unknown) => (move === 'set' ? `to ${show(now)}` : move === 'unset' ? `(was ${show(was)})` : `from ${show(was)} to ${show(now)}`);

/** maxLength, minItems, maxProperties...: every bound but the numeric ones, which may be exclusive. */
function compareCountBounds(pair: Pair): void {
  for (const { keyword, name } of BOUNDS) {
    if (keyword === 'minimum' || keyword === 'maximum') continue;
    const was = pair.before.bounds[keyword];
    const now = pair.after.bounds[keyword];
    if (was === now) continue;
    const move: BoundMove = was === undefined ? 'set' : now === undefined ? 'unset' : now > was ? 'increased' : 'decreased';
    keywordChange(pair, `${name}-${move}`, keyword, moveDetail(move, was, now));
  }
}

const RELATION = { lower: ['>=', '>'], upper: ['<=', '<'] } as const;
const boundText = (side: 'lower' | 'upper', b: NumericBound) => `${RELATION[side][Number(b.exclusive)]} ${b.value}`;

function compareNumericBound(pair: Pair, side: 'lower' | 'upper'): void {
  const was = pair.before.numeric[side];
  const now = pair.after.numeric[side];
  if (!was && !now) return;
  if (was && now && was.value === now.value) return compareExclusivity(pair, side, was, now);
  const move: BoundMove = !was ? 'set' : !now ? 'unset' : now.value > was.value ? 'increased' : 'decreased';
  const text = (b: NumericBound | null) => b && boundText(side, b);
  const keyword = (b: NumericBound | null, other: NumericBound | null) => (b ?? (other as NumericBound)).keyword;
  keywordChange(pair, `${side === 'lower' ? 'min' : 'max'}-${move}`, keyword(was, now), moveDetail(move, text(was), text(now)), keyword(now, was));
}

/** The same value, made exclusive or inclusive. */
function compareExclusivity(pair: Pair, side: 'lower' | 'upper', was: NumericBound, now: NumericBound): void {
  if (was.exclusive === now.exclusive) return;
  const name = side === 'lower' ? 'min' : 'max';
  const kind: SchemaChangeKind = now.exclusive ? `${name}-became-exclusive` : `${name}-became-inclusive`;
  const flag = (b: NumericBound) => b.exclusiveKeyword ?? b.keyword;
  keywordChange(pair, kind, flag(was), `(${boundText(side, was)} to ${boundText(side, now)})`, flag(now));
}

/** Whether `a` is a whole multiple of `b`, allowing for binary fractions (0.3 of 0.1). */
const isMultiple = (a: number, b: number) => {
  const ratio = a / b;
  return Math.abs(ratio - Math.round(ratio)) < 1e-9;
};

function compareMultipleOf(pair: Pair): void {
  const was = pair.before.multipleOf;
  const now = pair.after.multipleOf;
  if (was === now) return;
  if (was === null || now === null) return keywordChange(pair, was === null ? 'multiple-of-set' : 'multiple-of-unset', 'multipleOf', was === null ? `to ${now}` : `(was ${was})`);
  const kind: SchemaChangeKind = isMultiple(now, was) ? 'multiple-of-increased' : isMultiple(was, now) ? 'multiple-of-decreased' : 'multiple-of-changed';
  keywordChange(pair, kind, 'multipleOf', `from ${was} to ${now}`);
}
