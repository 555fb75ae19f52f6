// What a schema lets through besides its named properties (additionalProperties) and the
// alternatives it offers (oneOf, anyOf), each walked into where both sides have it.
import { canonicalJson, joinPointer } from '../../core/index.ts';
import { keywordChange, schemaChange, show, type Pair } from './schema-pair.ts';
import type { Located } from './schema-view.ts';

export function compareComposition(pair: Pair): void {
  compareAdditional(pair);
  compareMembers(pair, 'oneOf');
  compareMembers(pair, 'anyOf');
}

const extraTarget = (target: string) => (target ? `${target}.*` : '*');
const additionalText = (a: Pair['before']['additional']) => (a === 'any' ? 'true' : a === 'none' ? 'false' : 'a schema');

function compareAdditional(pair: Pair): void {
  const was = pair.before.additional;
  const now = pair.after.additional;
  if (typeof was === 'object' && typeof now === 'object') return pair.recurse(extraTarget(pair.target), was, now);
  if (was === now) return;
  const detail = `(from ${additionalText(was)} to ${additionalText(now)})`;
  // any > schema > none: moving right accepts fewer objects, moving left more.
  const rank = (a: typeof was) => (a === 'any' ? 2 : a === 'none' ? 0 : 1);
  const kind = now === 'none' ? 'additional-properties-became-false' : rank(now) < rank(was) ? 'additional-properties-narrowed' : 'additional-properties-widened';
  keywordChange(pair, kind, 'additionalProperties', detail);
}

/** A member is known by its `$ref`; inline members by what they say. */
const memberKey = (m: Located) => (typeof m.node?.$ref === 'string' ? m.node.$ref : canonicalJson(m.node));
const memberName = (m: Located) => (typeof m.node?.$ref === 'string' ? m.node.$ref.replace(/^.*\//, '') : `an inline ${show(m.node?.type ?? 'schema')}`);

function compareMembers(pair: Pair, key: 'oneOf' | 'anyOf'): void {
  const was = pair.before[key];
  const now = pair.after[key];
  if (!was.length && !now.length) return;
  const oldKeys = new Map(was.map((m) => [memberKey(m), m]));
  const newKeys = new Map(now.map((m) => [memberKey(m), m]));
  const removed = was.filter((m) => !newKeys.has(memberKey(m)));
  const added = now.filter((m) => !oldKeys.has(memberKey(m)));
  for (const m of was) {
    const same = newKeys.get(memberKey(m));
    if (same && typeof m.node?.$ref === 'string') pair.recurse(pair.target, m, same);
  }
  // An inline member edited in place reads as the same alternative changed, not one removed and one added.
  const inline = (m: Located) => typeof m.node?.$ref !== 'string';
  const oldInline = removed.filter(inline);
  const newInline = added.filter(inline);
  const paired = Math.min(oldInline.length, newInline.length);
  for (let i = 0; i < paired; i++) pair.recurse(pair.target, oldInline[i] as Located, newInline[i] as Located);
  const kind = key === 'oneOf' ? 'one-of' : 'any-of';
  for (const m of removed.filter((m) => !oldInline.slice(0, paired).includes(m))) emitMember(pair, `${kind}-removed`, key, m, 'old');
  for (const m of added.filter((m) => !newInline.slice(0, paired).includes(m))) emitMember(pair, `${kind}-added`, key, m, 'new');
}

function emitMember(pair: Pair, kind: 'one-of-added' | 'one-of-removed' | 'any-of-added' | 'any-of-removed', key: string, member: Located, side: 'old' | 'new'): void {
  // The member's own pointer on its side; the list (or, when there is none, the schema) on the other.
  const listOf = (view: Pair['before']) => (key in view.at.node ? joinPointer(view.at.pointer, key) : view.at.pointer);
  const detail = `(${memberName(member)})`;
  if (side === 'old') schemaChange(pair, kind, detail, member.pointer, listOf(pair.after));
  else schemaChange(pair, kind, detail, listOf(pair.before), member.pointer);
}
