// Working time: office hours + the holiday table -> "when does this count from", "when is it due", "how long did it take".
// Pure: it holds no clock and no stored calendar; the caller passes instants (epoch ms) and the calendar it built.
// Arithmetic works per working period and per day, never per minute, so spans of years stay cheap.

import { statutoryHolidays, type CalendarDay } from './holidays';
import { DAY_MS, MINUTE_MS, VN_OFFSET_MS, dateOfEpochDay, epochDay, parseHhmm, vnDayStart, weekdayOfEpochDay } from './vn-time';

export interface WorkPeriod {
  start: string; // HH:MM, Vietnam time
  end: string; // HH:MM, exclusive
}

/** Treat as immutable once used: parsed forms are cached per object. */
export interface WorkSchedule {
  weekdays: readonly number[]; // ISO, 1 = Monday
  periods: readonly WorkPeriod[];
}

export interface WorkCalendar {
  schedule: WorkSchedule;
  days: ReadonlyMap<string, CalendarDay>;
}

/** Mon–Fri, 07:30–11:30 and 13:30–17:00: the common office day; each province or body may set its own. */
export const DEFAULT_SCHEDULE: WorkSchedule = Object.freeze({
  weekdays: Object.freeze([1, 2, 3, 4, 5]),
  periods: Object.freeze([Object.freeze({ start: '07:30', end: '11:30' }), Object.freeze({ start: '13:30', end: '17:00' })]),
});

const HOUR_MS = 3600_000;

interface ParsedSchedule {
  works: boolean[]; // index = ISO weekday
  weekdayCount: number;
  periods: { start: number; end: number }[]; // ms after local midnight, sorted, disjoint
  dayMs: number;
}

const parsedSchedules = new WeakMap<WorkSchedule, ParsedSchedule>();

function parseSchedule(schedule: WorkSchedule): ParsedSchedule {
  const cached = parsedSchedules.get(schedule);
  if (cached) return cached;
  const works = new Array<boolean>(8).fill(false);
  for (const w of schedule.weekdays) {
    if (!Number.isInteger(w) || w < 1 || w > 7) throw new RangeError(`Weekday must be 1..7 (ISO), got ${w}`);
    works[w] = true;
  }
  const weekdayCount = works.filter(Boolean).length;
  const periods = schedule.periods
    .map((p) => ({ start: parseHhmm(p.start) * MINUTE_MS, end: parseHhmm(p.end) * MINUTE_MS, text: `${p.start}–${p.end}` }))
    .sort((a, b) => a.start - b.start);
  for (let i = 0; i < periods.length; i++) {
    if (periods[i].start >= periods[i].end) throw new RangeError(`Working period ${periods[i].text} is empty`);
    if (i > 0 && periods[i].start < periods[i - 1].end) {
      throw new RangeError(`Working periods ${periods[i - 1].text} and ${periods[i].text} overlap`);
    }
  }
  // Without this every forward search would run forever.
  if (weekdayCount === 0 || periods.length === 0) {
    throw new RangeError('Work schedule has no working time: it needs at least one weekday and one period');
  }
  const parsed: ParsedSchedule = {
    works,
    weekdayCount,
    periods: periods.map(({ start, end }) => ({ start, end })),
    dayMs: periods.reduce((sum, p) => sum + p.end - p.start, 0),
  };
  parsedSchedules.set(schedule, parsed);
  return parsed;
}

function checkInstant(ms: number, what: string): void {
  if (!Number.isFinite(ms)) throw new RangeError(`${what} must be a finite epoch ms, got ${ms}`);
}

const KINDS = new Set(['holiday', 'off', 'workday']);

/**
 * Statutory holidays of `years` + `days`; an entry in `days` replaces a statutory one on the same date (e.g. the office
 * records the notice). Suggested (unconfirmed) days count only if the caller passes them in `days`.
 */
export function buildCalendar(schedule: WorkSchedule, days: CalendarDay[], years: number[]): WorkCalendar {
  parseSchedule(schedule);
  const map = new Map<string, CalendarDay>();
  for (const year of new Set(years)) {
    for (const h of statutoryHolidays(year)) {
      const same = map.get(h.date);
      // Two statutory days can coincide (10/3 âm lịch fell on 30/4 in 1947): keep one entry naming both.
      map.set(h.date, same ? { ...same, name: `${same.name}; ${h.name}` } : h);
    }
  }
  for (const d of days) {
    epochDay(d.date);
    if (!KINDS.has(d.kind)) throw new RangeError(`Unknown calendar day kind "${d.kind}" on ${d.date}`);
    map.set(d.date, d);
  }
  return { schedule, days: map };
}

function worksOn(cal: WorkCalendar, p: ParsedSchedule, day: number): boolean {
  const entry = cal.days.get(dateOfEpochDay(day));
  if (entry) return entry.kind === 'workday';
  return p.works[weekdayOfEpochDay(day)];
}

/** The first working day at `day` or beyond, walking in direction `step` (+1 or -1). */
function scanToWorkingDay(cal: WorkCalendar, p: ParsedSchedule, day: number, step: 1 | -1): number {
  // Every 7 consecutive days hold a scheduled weekday, so a run of days off needs an override per week.
  const limit = 7 * (cal.days.size + 1);
  for (let i = 0, d = day; i <= limit; i++, d += step) {
    if (worksOn(cal, p, d)) return d;
  }
  throw new Error(`No working day within ${limit} days of ${dateOfEpochDay(day)}`);
}

function epochDayOfInstant(ms: number): number {
  return Math.floor((ms + VN_OFFSET_MS) / DAY_MS);
}

export function isWorkingDay(cal: WorkCalendar, date: string): boolean {
  return worksOn(cal, parseSchedule(cal.schedule), epochDay(date));
}

/**
 * `ms` itself when it lies inside a working period of a working day, otherwise the start of the next working period
 * (NĐ 30: a document that arrives after hours counts from the next working period). Period ends are exclusive.
 */
export function nextWorkingInstant(cal: WorkCalendar, ms: number): number {
  checkInstant(ms, 'Instant');
  const p = parseSchedule(cal.schedule);
  const day = epochDayOfInstant(ms);
  if (worksOn(cal, p, day)) {
    const base = vnDayStart(day);
    for (const period of p.periods) {
      if (ms < base + period.end) return Math.max(ms, base + period.start);
    }
  }
  return vnDayStart(scanToWorkingDay(cal, p, day + 1, 1)) + p.periods[0].start;
}

/**
 * The instant at which `hours` of working time have elapsed from `ms` (counting from `nextWorkingInstant`).
 * Landing exactly on a period end returns that end (11:30, not 13:30): the deadline is the close of that period.
 */
export function addWorkingHours(cal: WorkCalendar, ms: number, hours: number): number {
  if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`Working hours must be >= 0, got ${hours}`);
  const p = parseSchedule(cal.schedule);
  let remaining = Math.round(hours * HOUR_MS);
  let from = nextWorkingInstant(cal, ms);
  let day = epochDayOfInstant(from);
  for (;;) {
    const base = vnDayStart(day);
    for (const period of p.periods) {
      const end = base + period.end;
      if (end <= from) continue;
      const start = Math.max(from, base + period.start);
      if (remaining <= end - start) return start + remaining;
      remaining -= end - start;
    }
    day = scanToWorkingDay(cal, p, day + 1, 1);
    // Strictly greater: a remainder of exactly one day must end at that day's close, not the next morning.
    while (remaining > p.dayMs) {
      remaining -= p.dayMs;
      day = scanToWorkingDay(cal, p, day + 1, 1);
    }
    from = vnDayStart(day);
  }
}

/** Working days in the epoch-day range [from, to): weekday arithmetic plus one correction per override. */
function countWorkingDaysIn(cal: WorkCalendar, p: ParsedSchedule, from: number, to: number): number {
  if (to <= from) return 0;
  const weeks = Math.floor((to - from) / 7);
  let count = weeks * p.weekdayCount;
  for (let d = from + weeks * 7; d < to; d++) if (p.works[weekdayOfEpochDay(d)]) count++;
  for (const [date, entry] of cal.days) {
    const d = epochDay(date);
    if (d < from || d >= to) continue;
    const scheduled = p.works[weekdayOfEpochDay(d)];
    if (entry.kind === 'workday' && !scheduled) count++;
    else if (entry.kind !== 'workday' && scheduled) count--;
  }
  return count;
}

/** Number of working days in [from, to) (dates); 0 if `to` is not after `from`. */
export function countWorkingDays(cal: WorkCalendar, from: string, to: string): number {
  return countWorkingDaysIn(cal, parseSchedule(cal.schedule), epochDay(from), epochDay(to));
}

function workingMsOnDay(cal: WorkCalendar, p: ParsedSchedule, day: number, a: number, b: number): number {
  if (!worksOn(cal, p, day)) return 0;
  const base = vnDayStart(day);
  let total = 0;
  for (const period of p.periods) {
    const overlap = Math.min(b, base + period.end) - Math.max(a, base + period.start);
    if (overlap > 0) total += overlap;
  }
  return total;
}

/** Working time in [a, b), in ms; 0 when b <= a. */
export function workingMsBetween(cal: WorkCalendar, a: number, b: number): number {
  checkInstant(a, 'Start');
  checkInstant(b, 'End');
  if (b <= a) return 0;
  const p = parseSchedule(cal.schedule);
  const dayA = epochDayOfInstant(a);
  const dayB = epochDayOfInstant(b);
  if (dayA === dayB) return workingMsOnDay(cal, p, dayA, a, b);
  return workingMsOnDay(cal, p, dayA, a, Infinity) + countWorkingDaysIn(cal, p, dayA + 1, dayB) * p.dayMs + workingMsOnDay(cal, p, dayB, -Infinity, b);
}

/**
 * The date `n` working days after `date`, the start date itself not counted (Bộ luật Dân sự 2015 Đ147).
 * n = 0 gives `date` if it is a working day, else the next one; negative n counts backwards.
 */
export function addWorkingDays(cal: WorkCalendar, date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`Working days must be an integer, got ${n}`);
  const p = parseSchedule(cal.schedule);
  let day = epochDay(date);
  if (n === 0) return dateOfEpochDay(scanToWorkingDay(cal, p, day, 1));
  const step = n > 0 ? 1 : -1;
  for (let i = Math.abs(n); i > 0; i--) day = scanToWorkingDay(cal, p, day + step, step);
  return dateOfEpochDay(day);
}

/** End of the last working period on `date` (by the schedule, whether or not `date` is a working day). */
export function endOfWorkingDay(cal: WorkCalendar, date: string): number {
  const p = parseSchedule(cal.schedule);
  return vnDayStart(epochDay(date)) + p.periods[p.periods.length - 1].end;
}
