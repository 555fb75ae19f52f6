// The string formats the Calls API schemas use (date-time, uri), written once for the contract
// checks, the reference server and the k6 bundles. k6 cannot load ajv-formats' own module: its
// `url` pattern uses \u{...} escapes that k6's regular expression engine (v0.48) rejects at load,
// so the bundles get this module in its place, with the same shape (`fullFormats[name]`).

const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):?(\d{2}))$/;

function isLeap(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function validDate(year: number, month: number, day: number): boolean {
  const maxDay = month === 2 && isLeap(year) ? 29 : (DAYS[month] ?? 0);
  return month >= 1 && month <= 12 && day >= 1 && day <= maxDay;
}

/** RFC 3339 date-time with a time zone; 23:59:60 only as a leap second in UTC. */
export function validDateTime(text: string): boolean {
  const m = DATE_TIME.exec(text);
  if (!m) return false;
  const n = (i: number) => Number(m[i] ?? 0);
  const [hour, minute, second, zoneHour, zoneMinute] = [n(4), n(5), n(6), n(10), n(11)];
  if (!validDate(n(1), n(2), n(3)) || zoneHour > 23 || zoneMinute > 59) return false;
  if (hour <= 23 && minute <= 59 && second <= 59) return true;
  // A leap second: 23:59:60 once the zone offset is taken away.
  const sign = m[9] === '-' ? -1 : 1;
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
