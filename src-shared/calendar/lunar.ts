// The Vietnamese lunisolar calendar (âm lịch) after Hồ Ngọc Đức's method, written from its description (standards §7.3).
// Pure astronomy + date arithmetic; knows nothing about holidays or working time. Always compute at tz = 7: Vietnam's
// calendar differs from China's (UTC+8) in some years (Tết 1985, 2007, 2030).

import { dateOfEpochDay, epochDay } from './vn-time';

export interface LunarDate {
  day: number;
  month: number;
  year: number;
  leap: boolean;
}

// Julian day number of 1970-01-01; our YYYY-MM-DD dates are proleptic Gregorian (ISO 8601), so no Julian-calendar
// switch before 1582: the method is only trusted for about 1800..2199 anyway.
const JDN_UNIX_EPOCH = 2440588;
const SYNODIC_MONTH = 29.530588853;
// Julian date of the first new moon of 1900 (k = 0), 1900-01-01 13:52 UT.
const NEW_MOON_EPOCH_JD = 2415021.076998695;
const RAD = Math.PI / 180;

/** Julian date (fractional, UT) of the k-th new moon after 1900-01-01, Meeus' formula with the usual ΔT. */
function newMoonJd(k: number): number {
  const t = k / 1236.85;
  const t2 = t * t;
  const t3 = t2 * t;
  const mean = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3 + 0.00033 * Math.sin((166.56 + 132.87 * t - 0.009173 * t2) * RAD);
  const sunAnomaly = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * RAD;
  const moonAnomaly = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * RAD;
  const latitudeArg = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * RAD;
  const correction =
    (0.1734 - 0.000393 * t) * Math.sin(sunAnomaly) +
    0.0021 * Math.sin(2 * sunAnomaly) -
    0.4068 * Math.sin(moonAnomaly) +
    0.0161 * Math.sin(2 * moonAnomaly) -
    0.0004 * Math.sin(3 * moonAnomaly) +
    0.0104 * Math.sin(2 * latitudeArg) -
    0.0051 * Math.sin(sunAnomaly + moonAnomaly) -
    0.0074 * Math.sin(sunAnomaly - moonAnomaly) +
    0.0004 * Math.sin(2 * latitudeArg + sunAnomaly) -
    0.0004 * Math.sin(2 * latitudeArg - sunAnomaly) -
    0.0006 * Math.sin(2 * latitudeArg + moonAnomaly) +
    0.001 * Math.sin(2 * latitudeArg - moonAnomaly) +
    0.0005 * Math.sin(2 * moonAnomaly + sunAnomaly);
  const deltaT = t < -11 ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3 : -0.000278 + 0.000265 * t + 0.000262 * t2;
  return mean + correction - deltaT;
}

/** Julian day number of the local civil day on which the k-th new moon falls. */
function newMoonDay(k: number, tz: number): number {
  return Math.floor(newMoonJd(k) + 0.5 + tz / 24);
}

/** Apparent solar longitude in degrees [0, 360) at Julian date `jd` (low precision: mean anomaly + centre). */
function sunLongitude(jd: number): number {
  const t = (jd - 2451545.0) / 36525;
  const t2 = t * t;
  const anomaly = (357.5291 + 35999.0503 * t - 0.0001559 * t2 - 0.00000048 * t * t2) * RAD;
  const meanLongitude = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
  const centre = (1.9146 - 0.004817 * t - 0.000014 * t2) * Math.sin(anomaly) + (0.019993 - 0.000101 * t) * Math.sin(2 * anomaly) + 0.00029 * Math.sin(3 * anomaly);
  const l = meanLongitude + centre;
  return l - 360 * Math.floor(l / 360);
}

/**
 * Which 30° sector (0..11) the sun is in at the local midnight that starts day `jdn`. A lunar month whose start and
 * the next month's start share a sector contains no major solar term (trung khí) — that is what makes a leap month.
 */
function sunSector(jdn: number, tz: number): number {
  return Math.floor(sunLongitude(jdn - 0.5 - tz / 24) / 30);
}

interface MonthStart {
  k: number;
  jdn: number;
}

/** Start of lunar month 11 of Gregorian year y — the month that contains the winter solstice. */
function month11(y: number, tz: number): MonthStart {
  const dec31 = epochDay(`${String(y).padStart(4, '0')}-12-31`) + JDN_UNIX_EPOCH;
  let k = Math.floor((dec31 - NEW_MOON_EPOCH_JD) / SYNODIC_MONTH);
  // The mean-motion estimate can be a month off near the year end; settle on the last new moon on or before 31/12.
  while (newMoonDay(k + 1, tz) <= dec31) k++;
  while (newMoonDay(k, tz) > dec31) k--;
  // Sun already past 270° at that new moon: the solstice fell in the previous month.
  if (sunSector(newMoonDay(k, tz), tz) >= 9) k--;
  return { k, jdn: newMoonDay(k, tz) };
}

interface LunarMonth {
  start: number; // JDN of mùng 1
  length: number; // 29 or 30
  month: number;
  leap: boolean;
  year: number; // lunar year (named after the Gregorian year in which its Tết falls)
}

/**
 * The months from month 11 of lunar year Y-1 up to (not including) month 11 of lunar year Y: 12 or 13 months, i.e.
 * the span between two winter solstices. A leap month can only occur in a 13-month span.
 */
interface SolsticeSpan {
  months: LunarMonth[];
  end: number; // JDN of the next month 11
}

const spanCache = new Map<string, SolsticeSpan>();

function solsticeSpan(y: number, tz: number): SolsticeSpan {
  const key = `${tz}:${y}`;
  const cached = spanCache.get(key);
  if (cached) return cached;

  const a = month11(y - 1, tz);
  const b = month11(y, tz);
  const count = b.k - a.k;
  const starts: number[] = [];
  for (let i = 0; i <= count; i++) starts.push(newMoonDay(a.k + i, tz));

  let leapIndex = -1;
  if (count === 13) {
    for (let i = 1; i < count; i++) {
      if (sunSector(starts[i], tz) === sunSector(starts[i + 1], tz)) {
        leapIndex = i;
        break;
      }
    }
    if (leapIndex < 0) throw new Error(`Lunar calendar: no month without a major solar term in ${y} (tz ${tz})`);
  } else if (count !== 12) {
    throw new Error(`Lunar calendar: ${count} months between solstices around ${y} (tz ${tz})`);
  }

  const months: LunarMonth[] = [];
  let month = 10; // the first step makes it 11
  let year = y - 1;
  for (let i = 0; i < count; i++) {
    const leap = i === leapIndex;
    if (!leap) {
      month = month === 12 ? 1 : month + 1;
      if (month === 1) year = y;
    }
    months.push({ start: starts[i], length: starts[i + 1] - starts[i], month, leap, year });
  }
  const span = { months, end: b.jdn };
  spanCache.set(key, span);
  return span;
}

function checkTz(tz: number): void {
  if (!Number.isFinite(tz) || tz < -12 || tz > 14) throw new RangeError(`Time zone offset out of range: ${tz}`);
}

/** Lunar date of a Gregorian `YYYY-MM-DD` date. */
export function solarToLunar(date: string, tz = 7): LunarDate {
  checkTz(tz);
  const jdn = epochDay(date) + JDN_UNIX_EPOCH;
  const y = Number(date.slice(0, 4));
  // Days from month 11 of year y onwards belong to the next span.
  let span = solsticeSpan(y + 1, tz);
  if (jdn < span.months[0].start) span = solsticeSpan(y, tz);
  const months = span.months;
  let i = months.length - 1;
  while (months[i].start > jdn) i--;
  const m = months[i];
  return { day: jdn - m.start + 1, month: m.month, year: m.year, leap: m.leap };
}

function findMonth(year: number, month: number, leap: boolean, tz: number): LunarMonth {
  checkTz(tz);
  if (!Number.isInteger(year) || !Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`Invalid lunar month ${month}/${year}`);
  }
  // Months 11 and 12 of lunar year Y sit in the span that ends at the solstice of Y+1.
  const span = solsticeSpan(month >= 11 ? year + 1 : year, tz);
  const m = span.months.find((x) => x.year === year && x.month === month && x.leap === leap);
  if (m) return m;
  const actual = leapMonthOf(year, tz);
  const why = actual === null ? 'has no leap month' : `has leap month ${actual}`;
  throw new RangeError(`Lunar year ${year} ${why}: month ${month} nhuận does not exist`);
}

/**
 * Gregorian date of a lunar date. Throws RangeError when `leap` is set but that month is not the year's leap month
 * (the reference implementation silently accepts it), or when the day does not exist (day 30 of a 29-day month).
 */
export function lunarToSolar(l: LunarDate, tz = 7): string {
  const m = findMonth(l.year, l.month, Boolean(l.leap), tz);
  if (!Number.isInteger(l.day) || l.day < 1 || l.day > m.length) {
    throw new RangeError(`Lunar month ${l.month}${m.leap ? ' nhuận' : ''}/${l.year} has ${m.length} days: day ${l.day} does not exist`);
  }
  return dateOfEpochDay(m.start + l.day - 1 - JDN_UNIX_EPOCH);
}

/** The leap month (tháng nhuận) of a lunar year — its number repeats the month before it — or null. */
export function leapMonthOf(lunarYear: number, tz = 7): number | null {
  checkTz(tz);
  if (!Number.isInteger(lunarYear)) throw new RangeError(`Invalid lunar year ${lunarYear}`);
  // A leap 11 or 12 of year Y lies in the following span, before that span's month 1.
  for (const span of [solsticeSpan(lunarYear, tz), solsticeSpan(lunarYear + 1, tz)]) {
    const m = span.months.find((x) => x.leap && x.year === lunarYear);
    if (m) return m.month;
  }
  return null;
}

/** Number of days (29 or 30) of a lunar month; throws like `lunarToSolar` if the month does not exist. */
export function lunarMonthLength(year: number, month: number, leap = false, tz = 7): number {
  return findMonth(year, month, leap, tz).length;
}
