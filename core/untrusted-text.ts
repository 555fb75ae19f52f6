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
 * Every character no sink may hold raw. Lone surrogates (half of a pair, not text) and the two
 * noncharacters XML forbids are among them, and the tag characters (U+E0000 to U+E007F), which
 * spell ASCII no one sees. The `u` flag makes a valid pair one match, never two.
 */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff\ufff9-\ufffb\ufffe\uffff\u{e0000}-\u{e007f}]|\p{Cs}/gu;

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
  return text.replace(INVISIBLE, visible);
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
  return text.replace(INVISIBLE, (c) => (c === '\n' || c === '\t' ? c : visible(c))).replace(/[&<>"']/g, (c) => XML_ENTITY[c] as string);
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
  if (text === '') return "''";
  const parts: string[] = [];
  let last = 0;
  for (const m of text.matchAll(INVISIBLE)) {
    if (m.index > last) parts.push(singleQuoted(text.slice(last, m.index)));
    parts.push(`$'${[...Buffer.from(m[0], 'utf8')].map((b) => `\\x${hex(b, 2)}`).join('')}'`);
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push(singleQuoted(text.slice(last)));
  return parts.join('');
}
const singleQuoted = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** A shell comment line: a line break in the text would end the comment and start a command. */
export function shellComment(text: string): string {
  return `# ${terminalText(text)}`;
}
