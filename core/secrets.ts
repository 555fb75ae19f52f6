// Every secret the harness holds, registered where it enters (the API token, remote-write
// credentials, a password in a URL), and the one redactor that takes them out of anything a target
// or a receiver sends back, before it is stored. A target is not trusted to echo a secret as it
// was sent: it may JSON-escape it (`\/`, `\u0073`), URL-encode it (`%2F`, `%2f`, `+`), write it as
// HTML character references (`&#x73;`, which a Markdown viewer decodes), or hand back
// a Basic credential or a JWT segment in base64 or base64url at any alignment, or in hex. Each
// encoding is matched here, so no caller has to know them.
//
// Text is redacted as captured (raw bodies, headers, error messages); parsed values (a JSON body,
// summary data) are redacted after parsing, string by string, keys included, because a parser
// decodes escapes the raw-text pass may have seen split by a neighbouring escape.

/** The placeholder the API token is replaced with: what the reader sets to replay a finding. */
export const TOKEN_PLACEHOLDER = '$CALLS_API_TOKEN';

/** Shorter than this, a value cannot be told from ordinary text: redacting it would wreck reports. */
export const MIN_SECRET_LENGTH = 4;

/** A base64 or hex run shorter than this matches ordinary identifiers too often to be taken out. */
const MIN_ENCODED_LENGTH = 6;

interface Entry {
  placeholder: string;
  /** The secret in raw text, JSON string escapes and URL encoding, mixed freely char by char. */
  text: RegExp;
  /** Runs of base64 / base64url / hex holding the secret's bytes at any alignment: found, then widened to the whole run. */
  encoded: { core: RegExp; widen: (ch: string) => boolean }[];
}

class SecretRegistry {
  readonly #entries = new Map<string, Entry>();
  /** Longest first, so that a secret holding another is taken out whole. */
  #ordered: Entry[] = [];

  /**
   * Registers `value` as a secret: from now on every redaction replaces it, in any encoding, with
   * `placeholder` (a name a reader can act on, such as `$CALLS_API_TOKEN`, never the value).
   * Values too short to tell from ordinary text, and undefined, are ignored.
   */
  register(value: string | undefined | null, placeholder: string): void {
    if (!value || value.length < MIN_SECRET_LENGTH || this.#entries.has(value)) return;
    this.#entries.set(value, { placeholder, text: textPattern(value), encoded: encodedPatterns(value) });
    this.#ordered = [...this.#entries.entries()].sort(([a], [b]) => b.length - a.length).map(([, e]) => e);
  }

  /** How many secrets are held (for tests and for the fast path). */
  get size(): number {
    return this.#entries.size;
  }

  /** `text` with every registered secret, in every encoding, replaced by its placeholder. */
  redact(text: string): string {
    if (!this.#ordered.length || !text) return text;
    let out = text;
    for (const entry of this.#ordered) {
      // A function, so that a placeholder's "$" is never read as a replacement pattern ($&, $1).
      out = out.replace(entry.text, () => entry.placeholder);
      for (const form of entry.encoded) out = replaceWidened(out, form.core, form.widen, entry.placeholder);
    }
    return out;
  }

  /**
   * A parsed value (JSON-like: objects, arrays, strings, numbers...) with every string in it, keys
   * included, redacted. A new value: the one given is not changed. Other objects (a Date, a Buffer)
   * are kept as they are.
   */
  redactValue<T>(value: T): T {
    if (!this.#ordered.length) return value;
    return this.#walk(value) as T;
  }

  #walk(value: unknown): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (Array.isArray(value)) return value.map((v) => this.#walk(v));
    if (value && typeof value === 'object' && isPlain(value)) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [this.redact(k), this.#walk(v)]));
    }
    return value;
  }

  /**
   * What is held now, and a way back to it: for the test setup (test/setup/secrets-per-test.ts),
   * so that the secrets one test registers are not redacted again in every later test of its file
   * (in-process runs each register their servers' keys, and every redaction walks them all).
   * Never for the harness.
   */
  checkpointForTests(): () => void {
    const entries = new Map(this.#entries);
    const ordered = this.#ordered;
    return () => {
      this.#entries.clear();
      for (const [k, v] of entries) this.#entries.set(k, v);
      this.#ordered = ordered;
    };
  }

  /** Forgets every secret: for tests that register their own, never for the harness. */
  clearForTests(): void {
    this.#entries.clear();
    this.#ordered = [];
  }
}

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** One registry per process: every secret the harness holds, whichever room it entered through. */
export const secrets = new SecretRegistry();

export const registerSecret = (value: string | undefined | null, placeholder: string): void => secrets.register(value, placeholder);
export const redact = (text: string): string => secrets.redact(text);
export const redactValue = <T>(value: T): T => secrets.redactValue(value);

/** Names of variables and query parameters that hold secrets by convention. */
export const SECRET_NAME = /token|secret|passw|pwd|api[-_]?key|apikey|access[-_]?key|private[-_]?key|auth|credential|signature|^sig$|^key$/i;

const hex2 = (n: number) => n.toString(16).padStart(2, '0');
const hex4 = (n: number) => n.toString(16).padStart(4, '0');

/** A regex source matching the hex digits of `hex` in either case, digit by digit. */
const anyCaseHex = (hex: string) => [...hex].map((d) => (/[a-f]/.test(d) ? `[${d}${d.toUpperCase()}]` : d)).join('');

const escapeRegex = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

/**
 * Each character of the secret as it may come back: itself, a JSON escape, or URL-encoded. JSON
 * escapes may be escaped again, any number of times (`\\/`, `\\\\u0073`): a body kept as a string
 * inside JSON (a violation sample in a group name, in summary.json) doubles its backslashes at
 * each level, and a reader that parses each level gets the secret back.
 */
function textPattern(secret: string): RegExp {
  const parts = [...secret].map((ch) => {
    const forms = [escapeRegex(ch)];
    // JSON: \uXXXX of each UTF-16 unit (either case), and the short escapes.
    forms.push([...Array(ch.length).keys()].map((i) => `\\\\+u${anyCaseHex(hex4(ch.charCodeAt(i)))}`).join(''));
    if (ch === '/') forms.push('\\\\+/');
    if (ch === '"') forms.push('\\\\+"');
    if (ch === '\\') forms.push('\\\\{2,}');
    // URL: %XX of each UTF-8 byte (either case), and + for a space (forms).
    forms.push(utf8Bytes(ch).map((b) => `%${anyCaseHex(hex2(b))}`).join(''));
    if (ch === ' ') forms.push('\\+');
    // HTML character references (a Markdown or HTML viewer decodes them): &#x73; &#115; &sol;.
    const cp = ch.codePointAt(0) as number;
    forms.push(`&#[xX]0*${anyCaseHex(cp.toString(16))};`, `&#0*${cp};`);
    if (NAMED_ENTITY[ch]) forms.push(NAMED_ENTITY[ch]);
    return `(?:${forms.join('|')})`;
  });
  return new RegExp(parts.join(''), 'g');
}

/** HTML's names for the characters a token or password most often holds. */
const NAMED_ENTITY: Record<string, string> = { '/': '&sol;', '+': '&plus;', '=': '&equals;', ':': '&colon;', '&': '&amp;', '"': '&quot;', "'": '&apos;', '<': '&lt;', '>': '&gt;', '_': '&lowbar;', '.': '&period;', '-': '&hyphen;' };

const BASE64_CHAR = /[A-Za-z0-9+/_-]/;
const HEX_CHAR = /[0-9a-fA-F]/;

/**
 * The secret's bytes in base64 and base64url, at each of the three alignments a longer encoded
 * string can put them at (Basic auth's user:password, a token inside a JWT), and in hex. Only the
 * characters that depend on the secret alone are matched; the run they sit in is taken out whole.
 */
function encodedPatterns(secret: string): Entry['encoded'] {
  const bytes = utf8Bytes(secret);
  const cores = new Set<string>();
  for (let offset = 0; offset < 3; offset++) {
    const encoded = base64([...Array<number>(offset).fill(0), ...bytes]);
    // Characters wholly inside the secret's bits: from the first after the `offset` leading bytes
    // to the last before its end.
    const core = encoded.slice(Math.ceil((8 * offset) / 6), Math.floor((8 * (offset + bytes.length)) / 6));
    if (core.length < MIN_ENCODED_LENGTH) continue;
    cores.add(core);
    cores.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  const forms: Entry['encoded'] = [];
  if (cores.size) {
    const alternatives = [...cores].sort((a, b) => b.length - a.length).map(escapeRegex);
    forms.push({ core: new RegExp(alternatives.join('|'), 'g'), widen: (ch) => BASE64_CHAR.test(ch) });
  }
  forms.push({ core: new RegExp(anyCaseHex(bytes.map(hex2).join('')), 'g'), widen: (ch) => HEX_CHAR.test(ch) });
  return forms;
}

// Plain code, no Buffer or TextEncoder: the scenarios bundle this module for k6 too
// (scenarios/lib/violation-sample.ts), whose runtime has neither.

/** The UTF-8 bytes of `text`. */
function utf8Bytes(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return out;
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64, padded. */
function base64(bytes: number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b, c] = [bytes[i] as number, bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += BASE64_ALPHABET[n >> 18] as string;
    out += BASE64_ALPHABET[(n >> 12) & 63] as string;
    out += b === undefined ? '=' : (BASE64_ALPHABET[(n >> 6) & 63] as string);
    out += c === undefined ? '=' : (BASE64_ALPHABET[n & 63] as string);
  }
  return out;
}

/** Each match of `core`, widened to the whole run of encoded characters around it (and its padding), replaced. */
function replaceWidened(text: string, core: RegExp, widen: (ch: string) => boolean, placeholder: string): string {
  core.lastIndex = 0;
  let out = '';
  let kept = 0;
  for (let m = core.exec(text); m; m = core.exec(text)) {
    let start = m.index;
    let end = m.index + m[0].length;
    while (start > kept && widen(text[start - 1] as string)) start--;
    while (end < text.length && widen(text[end] as string)) end++;
    while (text[end] === '=') end++;
    out += text.slice(kept, start) + placeholder;
    kept = end;
    core.lastIndex = end;
  }
  return kept === 0 ? text : out + text.slice(kept);
}
