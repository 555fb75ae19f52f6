// openapi/formats.ts scans date-times by position for speed; RFC 3339's pattern, as a regular
// expression, is the reference it must agree with on every string, valid or nearly so.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validDateTime } from '../../openapi/formats.ts';

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):?(\d{2}))$/;
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Day `day` of `month` exists in `year` (the Gregorian calendar). */
function referenceDate(year: number, month: number, day: number): boolean {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const maxDay = month === 2 && leap ? 29 : (DAYS[month] ?? 0);
  return month >= 1 && month <= 12 && day >= 1 && day <= maxDay;
}

/** The reference: the pattern, then the calendar, the clock and the leap-second rule. */
function referenceDateTime(text: string): boolean {
  const m = PATTERN.exec(text);
  if (!m) return false;
  const n = (i: number) => Number(m[i] ?? 0);
  const [hour, minute, second, zoneHour, zoneMinute] = [n(4), n(5), n(6), n(10), n(11)];
  if (!referenceDate(n(1), n(2), n(3)) || zoneHour > 23 || zoneMinute > 59) return false;
  if (hour <= 23 && minute <= 59 && second <= 59) return true;
  const sign = m[9] === '-' ? -1 : 1;
  const utcMinutes = (hour * 60 + minute - sign * (zoneHour * 60 + zoneMinute) + 1440) % 1440;
  return second === 60 && utcMinutes === 23 * 60 + 59;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Date-times built part by part, most of them valid or one edit away from it. */
const dateTimes = fc.record({
  year: fc.integer({ min: 0, max: 9999 }), month: fc.integer({ min: 0, max: 13 }), day: fc.integer({ min: 0, max: 32 }),
  hour: fc.integer({ min: 0, max: 25 }), minute: fc.integer({ min: 0, max: 60 }), second: fc.integer({ min: 0, max: 61 }),
  sep: fc.constantFrom('T', 't', ' ', 'x'), frac: fc.constantFrom('', '.', '.1', '.123456789', '.x'),
  zone: fc.oneof(fc.constantFrom('Z', 'z', '', 'UTC'), fc.record({ sign: fc.constantFrom('+', '-', '~'), h: fc.integer({ min: 0, max: 25 }), m: fc.integer({ min: 0, max: 61 }), colon: fc.boolean() }).map((z) => `${z.sign}${pad(z.h, 2)}${z.colon ? ':' : ''}${pad(z.m, 2)}`)),
}).map((p) => `${pad(p.year, 4)}-${pad(p.month, 2)}-${pad(p.day, 2)}${p.sep}${pad(p.hour, 2)}:${pad(p.minute, 2)}:${pad(p.second, 2)}${p.frac}${p.zone}`);

/** Leap seconds in several zones: valid only where the zone makes them 23:59:60 UTC. */
const leapSeconds = fc.record({ hour: fc.constantFrom(22, 23, 0, 18), zone: fc.constantFrom('Z', '+01:00', '-01:00', '-05:00', '+00:00') }).map((p) => `2016-12-31T${pad(p.hour, 2)}:59:60${p.zone}`);

/** One character replaced, removed or added somewhere in a date-time. */
const edited = fc.tuple(fc.oneof(dateTimes, leapSeconds), fc.nat(), fc.constantFrom('delete', 'insert', 'replace'), fc.constantFrom('0', '9', '-', ':', 'T', 'Z', '+', '.', ' ', 'é', '٣')).map(([text, at, edit, ch]) => {
  const i = at % (text.length + 1);
  if (edit === 'delete') return text.slice(0, i) + text.slice(i + 1);
  if (edit === 'insert') return text.slice(0, i) + ch + text.slice(i);
  return text.slice(0, i) + ch + text.slice(i + 1);
});

describe('validDateTime agrees with the RFC 3339 pattern', () => {
  it('on date-times built part by part, most valid, some not', () => {
    fc.assert(fc.property(fc.oneof(dateTimes, leapSeconds), (text) => validDateTime(text) === referenceDateTime(text)), { numRuns: 20_000 });
  });

  it('on date-times with one character edited, and on arbitrary strings', () => {
    fc.assert(fc.property(fc.oneof(edited, fc.string({ maxLength: 40 })), (text) => validDateTime(text) === referenceDateTime(text)), { numRuns: 20_000 });
  });

  it('the generator reaches both answers (a property that only ever saw one would prove nothing)', () => {
    const samples = fc.sample(dateTimes, 2000);
    expect(samples.filter((t) => referenceDateTime(t)).length).toBeGreaterThan(100);
    expect(samples.filter((t) => !referenceDateTime(t)).length).toBeGreaterThan(100);
    const leaps = fc.sample(leapSeconds, 200);
    expect(leaps.some((t) => referenceDateTime(t))).toBe(true);
    expect(leaps.some((t) => !referenceDateTime(t))).toBe(true);
  });
});
