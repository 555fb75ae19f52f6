// Files real k6 writes into the run folder (handleSummary's summary.json and whatever else it
// returned) hold what the target sent: a violation sample's body, a URL with an id the target
// chose. k6 cannot redact them, so the harness does as it reads them back, once k6 has exited and
// before any report reads them: the run folder keeps no secret a target echoed.
import { createReadStream, createWriteStream, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { FileWriteError, redact, redactValue, secrets, writeErrorReason, writeFileAtomic } from '../core/index.ts';

/** Text files k6's handleSummary writes; the raw sample stream (gigabytes) is reduced, then redacted as data. */
const TEXT_FILE = /\.(json|txt|md|html|xml|csv|log)$/i;

/** Past this a file is redacted line by line as it streams, not parsed whole: memory stays bounded. */
const WHOLE_FILE_BYTES = 64 * 1024 * 1024;

/** Rewrites each text file directly in `dir` (not `skip`) whose text holds a secret; returns the names rewritten. */
export async function redactK6Files(dir: string, skip: readonly string[] = []): Promise<string[]> {
  if (!secrets.size) return [];
  const rewritten: string[] = [];
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (skip.includes(name) || !TEXT_FILE.test(name)) continue;
    const stat = statSync(file, { throwIfNoEntry: false });
    if (!stat?.isFile()) continue;
    if (stat.size > WHOLE_FILE_BYTES) {
      if (await redactLines(file, false)) rewritten.push(name);
      continue;
    }
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

/**
 * Redacts a file line by line as it streams (gzipped when `gzip`), into a temporary file beside it
 * that replaces it only when a line changed. For what is too big to read whole: a handleSummary
 * file past 64 MiB, and the raw sample stream --keep-samples keeps, whose URLs and tags hold ids
 * and bodies a target chose. A secret never spans lines (a token with a line break cannot be sent).
 */
export async function redactLines(file: string, gzip: boolean): Promise<boolean> {
  if (!secrets.size) return false;
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.redacted.tmp`);
  let changed = false;
  async function* lines(): AsyncGenerator<string> {
    const input = createReadStream(file);
    const text = gzip ? input.pipe(createGunzip()) : input;
    for await (const line of createInterface({ input: text, crlfDelay: Infinity })) {
      const clean = redact(line);
      if (clean !== line) changed = true;
      yield `${clean}\n`;
    }
  }
  try {
    const out = createWriteStream(temp, { mode: 0o644 });
    if (gzip) await pipeline(Readable.from(lines()), createGzip(), out);
    else await pipeline(Readable.from(lines()), out);
    if (changed) renameSync(temp, file);
    else rmSync(temp, { force: true });
    return changed;
  } catch (err) {
    rmSync(temp, { force: true });
    throw new FileWriteError(file, (err as NodeJS.ErrnoException).code ?? 'EIO', writeErrorReason(err));
  }
}
