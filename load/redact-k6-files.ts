// Files real k6 writes into the run folder (handleSummary's summary.json and whatever else it
// returned) hold what the target sent: a violation sample's body, a URL with an id the target
// chose. k6 cannot redact them, so the harness does as it reads them back, once k6 has exited and
// before any report reads them: the run folder keeps no secret a target echoed.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { redact, redactValue, secrets, writeFileAtomic } from '../core/index.ts';

/** Text files k6's handleSummary writes; the raw sample stream (gigabytes) is reduced, then redacted as data. */
const TEXT_FILE = /\.(json|txt|md|html|xml|csv|log)$/i;

/** At most this much is read back per file: handleSummary's files are small, a kept sample stream is not one of them. */
const MAX_BYTES = 64 * 1024 * 1024;

/** Rewrites each text file directly in `dir` (not `skip`) whose text holds a secret; returns the names rewritten. */
export function redactK6Files(dir: string, skip: readonly string[] = []): string[] {
  if (!secrets.size) return [];
  const rewritten: string[] = [];
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (skip.includes(name) || !TEXT_FILE.test(name)) continue;
    const stat = statSync(file, { throwIfNoEntry: false });
    if (!stat?.isFile() || stat.size > MAX_BYTES) continue;
    const text = readFileSync(file, 'utf8');
    const clean = /\.json$/i.test(name) ? redactJsonText(text) : redact(text);
    if (clean === text) continue;
    writeFileAtomic(file, clean);
    rewritten.push(name);
  }
  return rewritten;
}

/**
 * JSON redacted as values, then written again: a string holding an escape the target sent
 * (`\\u0073`) is redacted decoded, and the file stays JSON (a raw-text pass could leave a lone
 * backslash before the placeholder). Text that is not JSON is redacted as text.
 */
function redactJsonText(text: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return redact(text);
  }
  const clean = redactValue(parsed);
  return JSON.stringify(clean) === JSON.stringify(parsed) ? text : JSON.stringify(clean, null, 2);
}
