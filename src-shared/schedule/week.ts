// Week arithmetic and the time rules of the weekly work schedule (lịch công tác): ISO weeks Monday–Sunday in
// Vietnam time, the span of a slot (buổi sáng / chiều / cả ngày / a time of day) and the double-booking rule.
// Pure: no clock, no database; callers pass dates, the office's working periods and the entries.

import { addDays, parseHhmm, weekdayOf, formatHhmm } from '../calendar/vn-time';

export type ScheduleSlot = 'time' | 'morning' | 'afternoon' | 'allday';

export const SLOT_LABELS: Record<ScheduleSlot, string> = { time: 'Giờ cụ thể', morning: 'Buổi sáng', afternoon: 'Buổi chiều', allday: 'Cả ngày' };

/** Vietnamese weekday names, index = ISO weekday (1 = Monday). */
export const WEEKDAY_NAMES = ['', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy', 'Chủ nhật'] as const;

/** A meeting given only a start time is taken to last this long (documented in the user guide §11). */
export const DEFAULT_DURATION_MIN = 60;

/** The Monday of the ISO week holding `date`. */
export function mondayOf(date: string): string {
  return addDays(date, 1 - weekdayOf(date));
}

/** The seven dates Monday..Sunday of the week starting `monday`. */
export function weekDates(monday: string): string[] {
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

export function isMonday(date: string): boolean {
  return weekdayOf(date) === 1;
}

/** ISO 8601 week number and week-year of a date (the week belongs to the year of its Thursday). */
export function isoWeek(date: string): { year: number; week: number } {
  const thursday = addDays(mondayOf(date), 3);
  const year = Number(thursday.slice(0, 4));
  const jan1 = `${year}-01-01`;
  const dayOfYear = Math.round((Date.parse(`${thursday}T00:00:00Z`) - Date.parse(`${jan1}T00:00:00Z`)) / 86_400_000);
  return { year, week: Math.floor(dayOfYear / 7) + 1 };
}

/** "dd/mm/yyyy". */
export function dmy(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

/** "Tuần 50 (từ ngày 07/12/2026 đến ngày 13/12/2026)". */
export function weekTitle(monday: string): string {
  const { week } = isoWeek(monday);
  return `Tuần ${week} (từ ngày ${dmy(monday)} đến ngày ${dmy(addDays(monday, 6))})`;
}

export interface WorkPeriodLike {
  start: string;
  end: string;
}

/** Office hours used when settings have none: 07:30–11:30 and 13:30–17:00. */
export const DEFAULT_PERIODS: WorkPeriodLike[] = [
  { start: '07:30', end: '11:30' },
  { start: '13:30', end: '17:00' },
];

export interface SlotTime {
  slot: ScheduleSlot;
  startTime: string | null;
  endTime: string | null;
}

/**
 * Minutes after midnight [start, end) an entry occupies. Buổi sáng = the first working period, buổi chiều = the
 * last, cả ngày = first start to last end (so an evening meeting does not clash with a cả-ngày one); a time with no
 * end lasts DEFAULT_DURATION_MIN (capped at midnight).
 */
export function slotSpan(e: SlotTime, periods: readonly WorkPeriodLike[] = DEFAULT_PERIODS): { start: number; end: number } {
  const ps = periods.length ? periods : DEFAULT_PERIODS;
  const first = ps[0];
  const last = ps[ps.length - 1];
  switch (e.slot) {
    case 'morning':
      return { start: parseHhmm(first.start), end: parseHhmm(first.end) };
    case 'afternoon':
      return { start: parseHhmm(last.start), end: parseHhmm(last.end) };
    case 'allday':
      return { start: parseHhmm(first.start), end: parseHhmm(last.end) };
    case 'time': {
      const start = parseHhmm(e.startTime ?? '00:00');
      const end = e.endTime ? parseHhmm(e.endTime) : Math.min(start + DEFAULT_DURATION_MIN, 24 * 60);
      return { start, end: Math.max(end, start + 1) };
    }
  }
}

/** How the time is written in the week table and the printout: "08:00", "08:00 - 10:30", "Sáng", "Cả ngày". */
export function timeLabel(e: SlotTime): string {
  if (e.slot === 'morning') return 'Sáng';
  if (e.slot === 'afternoon') return 'Chiều';
  if (e.slot === 'allday') return 'Cả ngày';
  const s = e.startTime ?? '';
  return e.endTime ? `${s} - ${e.endTime}` : s;
}

/** Sort key within a day: all-day first, then by start minute. */
export function slotSortKey(e: SlotTime, periods?: readonly WorkPeriodLike[]): number {
  return e.slot === 'allday' ? -1 : slotSpan(e, periods).start;
}

export function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

export interface BookedEntry extends SlotTime {
  id: number;
  date: string;
  /** People it occupies: the chair (an account) and the participants named as accounts. */
  people: number[];
}

/** For each entry of `mine`, the entries of `all` that book one of the same people at an overlapping time on the same day. */
export function findClashes(mine: BookedEntry[], all: BookedEntry[], periods?: readonly WorkPeriodLike[]): Map<number, Array<{ entryId: number; userIds: number[] }>> {
  const byDate = new Map<string, BookedEntry[]>();
  for (const e of all) {
    const list = byDate.get(e.date) ?? [];
    list.push(e);
    byDate.set(e.date, list);
  }
  const out = new Map<number, Array<{ entryId: number; userIds: number[] }>>();
  for (const m of mine) {
    if (!m.people.length) continue;
    const span = slotSpan(m, periods);
    const found: Array<{ entryId: number; userIds: number[] }> = [];
    for (const o of byDate.get(m.date) ?? []) {
      if (o.id === m.id) continue;
      const shared = o.people.filter((p) => m.people.includes(p));
      if (shared.length && overlaps(span, slotSpan(o, periods))) found.push({ entryId: o.id, userIds: [...new Set(shared)] });
    }
    if (found.length) out.set(m.id, found);
  }
  return out;
}

export { formatHhmm, parseHhmm };
