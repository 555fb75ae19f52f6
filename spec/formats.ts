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

/**
 * RFC 3339 date-time with a time zone (`YYYY-MM-DD[Tt ]HH:MM:SS[.frac](Z|±HH[:]MM)`); 23:59:60
 * only as a leap second in UTC. Scanned by position rather than matched by a regular expression:
 * a load run validates thousands of timestamps a second, and a match allocates an array and a
 * string per group (test/spec/formats.test.ts holds the pattern it is checked against).
 */
export function validDateTime(text: string): boolean {
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const sep = text[10];
  if (year < 0 || month < 0 || day < 0 || text[4] !== '-' || text[7] !== '-' || (sep !== 'T' && sep !== 't' && sep !== ' ')) return false;
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if (hour < 0 || minute < 0 || second < 0 || text[13] !== ':' || text[16] !== ':') return false;
  let i = 19;
  if (text[i] === '.') {
    const from = ++i;
    while (digits(text, i, 1) >= 0) i++;
    if (i === from) return false;
  }
  let sign = 1;
  let zoneHour = 0;
  let zoneMinute = 0;
  const zone = text[i];
  if (zone === 'Z' || zone === 'z') i++;
  else if (zone === '+' || zone === '-') {
    sign = zone === '-' ? -1 : 1;
    zoneHour = digits(text, i + 1, 2);
    i += text[i + 3] === ':' ? 4 : 3;
    zoneMinute = digits(text, i, 2);
    if (zoneHour < 0 || zoneMinute < 0) return false;
    i += 2;
  } else return false;
  if (i !== text.length) return false;
  if (!validDate(year, month, day) || zoneHour > 23 || zoneMinute > 59) return false;
  if (hour <= 23 && minute <= 59 && second <= 59) return true;
  // A leap second: 23:59:60 once the zone offset is taken away.
  const utcMinutes = (hour * 60 + minute - sign * (zoneHour * 60 + zoneMinute) + 1440) % 1440;
  return second === 60 && utcMinutes === 23 * 60 + 59;
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
