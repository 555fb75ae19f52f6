// The one boundary where text the harness did not write (what a target answers, what a file a
// user did not write holds) becomes printable: one function per sink. A renderer never writes such
// text any other way, so that a payload has one place to get through, and it is closed here.
//
// What is dangerous differs by sink, what is invisible does not: control characters (C0 with ESC,
// CR, LF and NUL, DEL, C1, which some terminals read as CSI), bidi overrides and isolates (text
// shown in another order than it is: "Trojan source"), line and paragraph separators and the
// byte order mark. Each sink shows those as visible escapes (`\n`, `\x1b`, `\u202e`) rather than
// dropping them: a reader triaging a finding sees that they were there.

/**
 * Every character no sink may hold raw: C0, DEL, C1, bidi controls, separators, the BOM,
 * noncharacters, and each surrogate, judged in replaceInvisible with its neighbour. Written for
 * ES2017 without the `u` flag: k6's runtime runs the scenarios' end-of-test summary through this
 * module too, and its regular expressions do not keep a surrogate pair whole.
 */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff\ufff9-\ufffb\ufffe\uffff\ud800-\udfff]/g;

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * `text` with each invisible character replaced by what `show` makes of it. A surrogate pair is
 * text (an emoji) unless it is a tag character (U+E0000 to U+E007F, which spell ASCII no one
 * sees): that is shown whole; a lone surrogate (half of a pair, not text) is shown alone.
 */
function replaceInvisible(text: string, show: (c: string) => string): string {
  return text.replace(INVISIBLE, (c: string, at: number) => {
    const code = c.charCodeAt(0);
    if (!isHigh(code) && !isLow(code)) return show(c);
    const start = isHigh(code) ? at : at - 1;
    if (start < 0 || !isHigh(text.charCodeAt(start)) || !isLow(text.charCodeAt(start + 1))) return show(c);
    const tag = text.charCodeAt(start) === 0xdb40 && text.charCodeAt(start + 1) <= 0xdc7f;
    if (!tag) return c;
    return start === at ? show(text.slice(start, start + 2)) : '';
  });
}

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** `\n`, `\x1b`, `\u202e`, `\u{e0041}`: what one invisible character is shown as. */
function visible(c: string): string {
  const code = c.codePointAt(0) as number;
  return NAMED[c] ?? (code <= 0xff ? `\\x${hex(code, 2)}` : code <= 0xffff ? `\\u${hex(code, 4)}` : `\\u{${code.toString(16)}}`);
}

/**
 * One line for a terminal (console output, plain-text reports, error messages): nothing a
 * terminal acts on (no ESC sequence retitles it or clears the screen), no line break a reader
 * would take for a new line of the report.
 */
export function terminalText(text: string): string {
  return replaceInvisible(text, visible);
}

/** ASCII punctuation that Markdown (GitHub's included) gives a meaning inline or in a table. */
const MARKDOWN_SPECIAL = /[\\`*_{}[\]<>|#!~&]/g;

/**
 * Inline Markdown (a table cell, a list item, a sentence): one line, every character that could
 * start markup, a link, raw HTML, or end a table cell escaped with a backslash, which CommonMark
 * allows before any ASCII punctuation. The visible escapes' backslashes are themselves escaped,
 * so that `\n` reads as `\n`.
 */
export function markdownText(text: string): string {
  return terminalText(text).replace(MARKDOWN_SPECIAL, (c) => `\\${c}`);
}

/**
 * A code span holding the text as it reads: fenced with more backticks than any run inside it
 * (a backtick cannot close it), one line, and `|` escaped, which a GitHub table needs even in a
 * code span (its parser splits cells before spans are read).
 */
export function markdownCode(text: string): string {
  const inner = terminalText(text).replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(inner.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = inner.startsWith('`') || inner.endsWith('`') || inner === '' ? ' ' : '';
  return `${fence}${pad}${inner}${pad}${fence}`;
}

/** Text in an HTML element or a quoted attribute: no markup, one line, nothing invisible. */
export function htmlText(text: string): string {
  return terminalText(text).replace(/[&<>"']/g, (c) => HTML_ENTITY[c] as string);
}
const HTML_ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Characters JSON.stringify leaves raw that no output should hold raw. They can only stand inside
 * a JSON string (JSON's own syntax is ASCII), where `\uXXXX` is the same value: replacing them
 * keeps every value as it was. C0 and lone surrogates JSON.stringify escapes itself.
 */
const JSON_RAW = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff\ufff9-\ufffb\ufffe\uffff]|\udb40[\udc00-\udc7f]/g;
/** Each UTF-16 unit: a tag character is a surrogate pair in JSON too (`\udb40\udc41`). */
const jsonEscape = (c: string) => [...Array(c.length).keys()].map((i) => `\\u${hex(c.charCodeAt(i), 4)}`).join('');

/**
 * A value as JSON for a file or stdout (result.json, --json, a history line, a replay file,
 * merge.json): the same values JSON.stringify gives, with nothing invisible left raw, so that a
 * person who prints the file sees what a program reads.
 */
export function jsonText(value: unknown, indent?: number): string {
  return (JSON.stringify(value, null, indent) ?? 'null').replace(JSON_RAW, jsonEscape);
}

/**
 * A value as JSON inside an HTML <script> element: nothing can close the element (`</script>`),
 * open a comment (`<!--`) or an entity, and no U+2028/U+2029 ends a line in older JavaScript.
 */
export function scriptJson(value: unknown): string {
  return jsonText(value).replace(/[<>&]/g, jsonEscape);
}

/**
 * XML 1.0 element content (JUnit): escaped, and the characters XML 1.0 forbids (C0 but tab and
 * line feed, lone surrogates, U+FFFE/U+FFFF, which no character reference may name either) shown
 * as visible escapes, as are the other invisible ones. Tab and line feed stay: a failure body is
 * several lines. `]]>` cannot occur: every `>` is escaped.
 */
export function xmlText(text: string): string {
  return replaceInvisible(text, (c) => (c === '\n' || c === '\t' ? c : visible(c))).replace(/[&<>"']/g, (c) => XML_ENTITY[c] as string);
}
const XML_ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** An XML attribute value: one line (a parser turns a raw line feed in an attribute into a space). */
export function xmlAttr(text: string): string {
  return xmlText(terminalText(text));
}

/** Characters a shell word may hold unquoted: none a shell gives a meaning. */
const SHELL_PLAIN = /^[\w@%+=:,./-]+$/;

/**
 * One shell word that is exactly the text, whatever it holds: no character of it stands outside
 * a quoted string. Printable text goes in single quotes (where nothing is special but the quote,
 * written as '\''). An invisible character goes in an ANSI-C quoted string of its UTF-8 bytes
 * (`$'\x1b'`, bash, zsh and POSIX.1-2024), so that the word stays one printable line; a shell
 * without `$'…'` reads a literal `$` and a quoted string, still nothing outside quotes. Two
 * characters cannot come back exactly: NUL (no argument can hold one: bash ends the word there)
 * and a lone surrogate (not text; written as U+FFFD).
 */
export function shellWord(text: string): string {
  return SHELL_PLAIN.test(text) ? text : shellQuoted(text);
}

/** shellWord, quoted even where it need not be (a URL reads as one argument at a glance). */
export function shellQuoted(text: string): string {
  // Each invisible character closes the single-quoted string, stands in its own $'…', and a new
  // single-quoted string goes on: 'a'$'\x1b''b' is the three characters a, ESC, b.
  return `'${replaceInvisible(text.replace(/'/g, `'\\''`), (c) => `'$'${utf8(c).map((b) => `\\x${hex(b, 2)}`).join('')}''`)}'`;
}

/** The UTF-8 bytes of one character (no TextEncoder in k6's runtime); a lone surrogate as U+FFFD. */
function utf8(c: string): number[] {
  let code = c.codePointAt(0) as number;
  if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd;
  if (code < 0x80) return [code];
  if (code < 0x800) return [0xc0 | (code >> 6), 0x80 | (code & 63)];
  if (code < 0x10000) return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63)];
  return [0xf0 | (code >> 18), 0x80 | ((code >> 12) & 63), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63)];
}

/** A shell comment line: a line break in the text would end the comment and start a command. */
export function shellComment(text: string): string {
  return `# ${terminalText(text)}`;
}

/** What GitHub's runner decodes in a workflow command's message and properties. */
const GITHUB_ESCAPES: Record<string, string> = { '%': '%25', '\r': '%0D', '\n': '%0A', ':': '%3A', ',': '%2C' };

/**
 * The message of a GitHub Actions workflow command (`::error title=…::message`): the runner reads
 * a command per line of output, so a raw line break would end it and start a command of the
 * target's choosing (`::add-mask::`, `::stop-commands::`). The message may be several lines: each
 * line feed is written `%0A`, which the runner turns back into one, as it does `%25` and `%0D`
 * (escaped first, so that a `%0A` in the text stays those three characters). Every other
 * invisible character is shown as a visible escape, as in the other sinks.
 */
export function githubMessage(text: string): string {
  return replaceInvisible(text, (c) => (c === '\n' ? c : visible(c))).replace(/[%\r\n]/g, (c) => GITHUB_ESCAPES[c] as string);
}

/**
 * A property value of a GitHub Actions workflow command (`title=`, `file=`): one line, and `:`
 * and `,` escaped too, which would end the property list or the value.
 */
export function githubProperty(text: string): string {
  return terminalText(text).replace(/[%\r\n:,]/g, (c) => GITHUB_ESCAPES[c] as string);
}
