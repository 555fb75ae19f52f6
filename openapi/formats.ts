// The string formats the Calls API schemas use (date-time, uri), written once for the contract
// checks, the reference server and the k6 bundles. k6 cannot load ajv-formats' own module: its
// `url` pattern uses \u{...} escapes that k6's regular expression engine (v0.48) rejects at load,
// so the bundles get this module in its place, with the same shape (`fullFormats[name]`).

const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function validDate(year: number, month: number, day: number): boolean {
  const maxDay = month === 2 && isLeap(year) ? 29 : (DAYS[month] ?? 0);
  return month >= 1 && month <= 12 && day >= 1 && day <= maxDay;
}

/** The number written by `len` ASCII digits at `at`, or -1. */
function digits(text: string, at: number, len: number): number {
  let n = 0;
  for (let i = at; i < at + len; i++) {
    const d = text.charCodeAt(i) - 48;
    if (!(d >= 0 && d <= 9)) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** The date and time separators of `YYYY-MM-DD[Tt ]HH:MM:SS` are in place. */
function layoutOk(text: string): boolean {
  const sep = text[10];
  return text[4] === '-' && text[7] === '-' && (sep === 'T' || sep === 't' || sep === ' ') && text[13] === ':' && text[16] === ':';
}

/** Where the zone starts: after the optional fraction of a second (at least one digit), or -1. */
function zoneStart(text: string): number {
  if (text[19] !== '.') return 19;
  let i = 20;
  while (digits(text, i, 1) >= 0) i++;
  return i === 20 ? -1 : i;
}

/** The zone from `at` to the end (`Z`, `±HH:MM`, `±HHMM`) as minutes east of UTC; NaN when it is not one. */
function zoneOffset(text: string, at: number): number {
  const zone = text[at];
  if (zone === 'Z' || zone === 'z') return at + 1 === text.length ? 0 : NaN;
  if (zone !== '+' && zone !== '-') return NaN;
  const minutesAt = text[at + 3] === ':' ? at + 4 : at + 3;
  const hours = digits(text, at + 1, 2);
  const minutes = digits(text, minutesAt, 2);
  if (hours < 0 || minutes < 0 || hours > 23 || minutes > 59 || minutesAt + 2 !== text.length) return NaN;
  return (zone === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/** A clock reading; 23:59:60 only as a leap second, once the zone offset is taken away. */
function validClock(hour: number, minute: number, second: number, offsetMinutes: number): boolean {
  if (hour <= 23 && minute <= 59 && second <= 59) return true;
  return second === 60 && (hour * 60 + minute - offsetMinutes + 1440) % 1440 === 23 * 60 + 59;
}

/**
 * RFC 3339 date-time with a time zone (`YYYY-MM-DD[Tt ]HH:MM:SS[.frac](Z|±HH[:]MM)`); 23:59:60
 * only as a leap second in UTC. Scanned by position rather than matched by a regular expression:
 * a load run validates thousands of timestamps a second, and a match allocates an array and a
 * string per group (test/openapi/formats.test.ts holds the pattern it is checked against).
 */
export function validDateTime(text: string): boolean {
  if (!layoutOk(text)) return false;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  const start = zoneStart(text);
  const offset = start < 0 ? NaN : zoneOffset(text, start);
  if (Math.min(year, month, day, hour, minute, second) < 0 || Number.isNaN(offset)) return false;
  return validDate(year, month, day) && validClock(hour, minute, second, offset);
}

function compareDateTime(a: string, b: string): number | undefined {
  if (!validDateTime(a) || !validDateTime(b)) return undefined;
  const d = Date.parse(a.replace(' ', 'T')) - Date.parse(b.replace(' ', 'T'));
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

/** An absolute URI (RFC 3986): a scheme, then no whitespace or characters the RFC excludes. */
export function validUri(text: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]+$/.test(text);
}

export const fullFormats = {
  'date-time': { validate: validDateTime, compare: compareDateTime },
  uri: validUri,
};
