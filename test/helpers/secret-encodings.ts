// A secret in every encoding a hostile target or receiver may echo it in, for tests that echo
// them back and for tests that search outputs for them: what is searched for is what was sent.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

const hex2 = (n: number) => n.toString(16).padStart(2, '0');
const hex4 = (n: number) => n.toString(16).padStart(4, '0');

/** Every character as \uXXXX, as a JSON encoder that escapes all may send it. */
export const jsonUnicodeEscaped = (s: string) => [...s].map((c) => [...Array(c.length).keys()].map((i) => `\\u${hex4(c.charCodeAt(i))}`).join('')).join('');

/** Every byte as %XX in upper case (any character, not only those that must be). */
export const percentEncodedAll = (s: string) => [...Buffer.from(s, 'utf8')].map((b) => `%${hex2(b).toUpperCase()}`).join('');

/**
 * The forms that leave the secret legible once decoded, by name. `in-base64` puts it inside a longer
 * string (as Basic auth puts a password after user:) at each of the three byte alignments.
 */
export function secretEncodings(secret: string): Record<string, string> {
  return {
    raw: secret,
    'JSON \\/ escapes': secret.replace(/\//g, '\\/'),
    'JSON \\u escapes': jsonUnicodeEscaped(secret),
    'JSON \\u escapes, upper-case hex': jsonUnicodeEscaped(secret).replace(/\\u([0-9a-f]{4})/g, (_, h: string) => `\\u${h.toUpperCase()}`),
    'URL-encoded (encodeURIComponent)': encodeURIComponent(secret),
    'URL-encoded, every byte, lower-case': percentEncodedAll(secret).toLowerCase(),
    'URL-encoded, every byte, upper-case': percentEncodedAll(secret),
    base64: Buffer.from(secret).toString('base64'),
    base64url: Buffer.from(secret).toString('base64url'),
    'in base64 at offset 1': Buffer.from(`a${secret}`).toString('base64'),
    'in base64 at offset 2': Buffer.from(`ab${secret}`).toString('base64'),
    'in base64 at offset 3 (Basic user:)': Buffer.from(`abc:${secret}`).toString('base64'),
    hex: Buffer.from(secret).toString('hex'),
    'HTML decimal references': [...secret].map((c) => `&#${c.codePointAt(0) as number};`).join(''),
    'HTML hex references': [...secret].map((c) => `&#x${(c.codePointAt(0) as number).toString(16)};`).join(''),
  };
}

/**
 * What finds the secret in an output, whatever encoding it was left in: each form, and the decoded
 * core of each base64 alignment (a longer base64 string holds those characters whatever surrounds it).
 */
export function secretNeedles(secret: string): { form: string; needle: string; ignoreCase?: boolean }[] {
  const needles: { form: string; needle: string; ignoreCase?: boolean }[] = [
    { form: 'raw', needle: secret },
    { form: 'JSON \\/ escapes', needle: secret.replace(/\//g, '\\/') },
    { form: 'JSON \\u escapes', needle: jsonUnicodeEscaped(secret), ignoreCase: true },
    { form: 'URL-encoded', needle: encodeURIComponent(secret), ignoreCase: true },
    { form: 'URL-encoded, every byte', needle: percentEncodedAll(secret), ignoreCase: true },
    { form: 'hex', needle: Buffer.from(secret).toString('hex'), ignoreCase: true },
    { form: 'HTML decimal references', needle: [...secret].map((c) => `&#${c.codePointAt(0) as number};`).join('') },
    { form: 'HTML hex references', needle: [...secret].map((c) => `&#x${(c.codePointAt(0) as number).toString(16)};`).join(''), ignoreCase: true },
  ];
  const bytes = Buffer.from(secret);
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const core = encoded.slice(Math.ceil((8 * offset) / 6), Math.floor((8 * (offset + bytes.length)) / 6));
    needles.push({ form: `base64 at offset ${offset}`, needle: core });
    needles.push({ form: `base64url at offset ${offset}`, needle: core.replace(/\+/g, '-').replace(/\//g, '_') });
  }
  return needles;
}

/** The encodings of `secret` that `text` holds, by name (empty when none). */
export function secretFormsIn(text: string, secret: string): string[] {
  // JSON inside JSON doubles backslashes at each level (\\\\/ is \/ read twice): one is as good as many.
  const flat = text.replace(/\\+/g, '\\');
  const lower = flat.toLowerCase();
  return secretNeedles(secret).filter(({ needle, ignoreCase }) => (ignoreCase ? lower.includes(needle.toLowerCase()) : flat.includes(needle))).map((n) => n.form);
}

/** Every file under `path` (itself when a file), gzipped ones read unzipped. */
export function textsUnder(path: string): { where: string; text: string }[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) {
    const raw = readFileSync(path);
    return [{ where: path, text: path.endsWith('.gz') ? gunzipSync(raw).toString() : raw.toString() }];
  }
  return readdirSync(path).flatMap((name) => textsUnder(join(path, name)));
}

/**
 * Where any of `secrets` (by name) shows in any encoding: in the printed streams given and in
 * every file under `paths`. Empty when nothing leaked; each entry names the output, the secret and the forms.
 */
export function secretLeaks(secrets: Record<string, string>, streams: Record<string, string>, paths: string[]): string[] {
  const outputs = [...Object.entries(streams).map(([where, text]) => ({ where, text })), ...paths.flatMap(textsUnder)];
  const leaks: string[] = [];
  for (const { where, text } of outputs) {
    for (const [name, secret] of Object.entries(secrets)) {
      const forms = secretFormsIn(text, secret);
      if (forms.length) leaks.push(`${name} in ${where} (${forms.join(', ')})`);
    }
  }
  return leaks;
}
