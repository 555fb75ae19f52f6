// The numeric bounds of one schema node as the values they allow: `minimum: 5, exclusiveMinimum:
// true` (OpenAPI 3.0) and `exclusiveMinimum: 5` (3.1) are the same bound, so a document moved from
// one form to the other shows no change, and a bound is compared by what it lets through.
import type { JsonSchema } from '../openapi-to-json-schema.ts';

export interface NumericBound {
  value: number;
  exclusive: boolean;
  /** The keyword the value is written under (`minimum` or `exclusiveMinimum`). */
  keyword: string;
  /** The keyword that makes it exclusive, when one does. */
  exclusiveKeyword: string | null;
}

const SIDES = {
  lower: { inclusive: 'minimum', exclusive: 'exclusiveMinimum', tighter: (a: number, b: number) => a > b },
  upper: { inclusive: 'maximum', exclusive: 'exclusiveMaximum', tighter: (a: number, b: number) => a < b },
} as const;

export type BoundSide = keyof typeof SIDES;

export function numericBound(node: JsonSchema, side: BoundSide): NumericBound | null {
  const { inclusive, exclusive, tighter } = SIDES[side];
  const plain = typeof node[inclusive] === 'number' ? (node[inclusive] as number) : null;
  const flag = node[exclusive];
  // 3.0: a boolean beside the plain bound.
  if (typeof flag === 'boolean') return plain === null ? null : { value: plain, exclusive: flag, keyword: inclusive, exclusiveKeyword: flag ? exclusive : null };
  const strict = typeof flag === 'number' ? flag : null;
  // 3.1: both may be written; the tighter one is the bound (an equal exclusive one is tighter).
  if (strict !== null && (plain === null || !tighter(plain, strict))) return { value: strict, exclusive: true, keyword: exclusive, exclusiveKeyword: exclusive };
  return plain === null ? null : { value: plain, exclusive: false, keyword: inclusive, exclusiveKeyword: null };
}
