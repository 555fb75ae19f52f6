// Keywords that change who sees a value or what a client gets by leaving it out: readOnly,
// writeOnly, default and description.
import { keywordChange, show, type Pair } from './schema-pair.ts';
import { sameJson } from '../../core/index.ts';

export function compareAnnotations(pair: Pair): void {
  const { before, after } = pair;
  if (before.readOnly !== after.readOnly) keywordChange(pair, after.readOnly ? 'became-read-only' : 'became-not-read-only', 'readOnly', '');
  if (before.writeOnly !== after.writeOnly) keywordChange(pair, after.writeOnly ? 'became-write-only' : 'became-not-write-only', 'writeOnly', '');
  compareDefault(pair);
  if (before.description !== after.description) keywordChange(pair, 'description-changed', 'description', '');
}

function compareDefault(pair: Pair): void {
  const was = pair.before.defaultValue;
  const now = pair.after.defaultValue;
  if (sameJson(was, now)) return;
  if (was === undefined) return keywordChange(pair, 'default-value-added', 'default', `(${show(now)})`);
  if (now === undefined) return keywordChange(pair, 'default-value-removed', 'default', `(was ${show(was)})`);
  keywordChange(pair, 'default-value-changed', 'default', `from ${show(was)} to ${show(now)}`);
}
