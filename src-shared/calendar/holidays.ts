// Public holidays: the fixed days of Bộ luật Lao động 2019 Đ112 (certain) and the usual shape of the Prime Minister's
// yearly notice (a suggestion only, confirmed: false). Must never present a suggestion as decided: the real Tết and
// Quốc khánh spans and any "làm bù" swaps come from the official notice, entered by the office.

import { lunarToSolar, solarToLunar } from './lunar';
import { addDays, weekdayOf } from './vn-time';

/**
 * holiday = statutory day off (ngày nghỉ lễ, tết); off = compensatory or extra day off from the notice (nghỉ bù);
 * workday = a weekend day declared a working day (làm bù).
 */
export type DayKind = 'holiday' | 'off' | 'workday';

export interface CalendarDay {
  date: string;
  kind: DayKind;
  /** Vietnamese, shown to clerks as is. */
  name: string;
  confirmed: boolean;
  source: 'law' | 'suggested' | 'manual';
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < 1800 || year > 2199) {
    throw new RangeError(`Holiday year ${year} is outside 1800..2199`);
  }
}

function byDate(a: CalendarDay, b: CalendarDay): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
}

/** The days Đ112.1 fixes by date, which need no notice: 01/01, 10/3 âm lịch, 30/4, 01/5, 02/9. */
export function statutoryHolidays(year: number): CalendarDay[] {
  checkYear(year);
  const y = String(year);
  const law = (date: string, name: string): CalendarDay => ({ date, kind: 'holiday', name, confirmed: true, source: 'law' });
  return [
    law(`${y}-01-01`, 'Tết Dương lịch'),
    // In a year with a leap third month the anniversary stays on the regular (first) month 3.
    law(lunarToSolar({ day: 10, month: 3, year, leap: false }), 'Giỗ Tổ Hùng Vương (10/3 âm lịch)'),
    law(`${y}-04-30`, 'Ngày Chiến thắng (30/4)'),
    law(`${y}-05-01`, 'Ngày Quốc tế Lao động (1/5)'),
    law(`${y}-09-02`, 'Quốc khánh (2/9)'),
  ].sort(byDate);
}

/**
 * The second Quốc khánh day (Đ112.1đ: 02/9 "và 01 ngày liền kề trước hoặc sau"). Rule: take the neighbouring
 * Monday–Friday that gives the longer unbroken break together with the weekend; when both give the same (02/9 on a
 * Wednesday) take the day after, 03/9. By weekday of 02/9: Mon→03/9, Tue→01/9, Wed→03/9, Thu→03/9, Fri→01/9,
 * Sat→01/9, Sun→03/9 — this reproduces the notices for 2021 (Thu→03/9), 2022 (Fri→01/9), 2023 (Sat→01/9),
 * 2024 (Mon→03/9) and 2025 (Tue→01/9).
 */
export function secondNationalDay(year: number): string {
  checkYear(year);
  const sep2 = `${year}-09-02`;
  const isWeekend = (d: string) => weekdayOf(d) >= 6;
  // Length of the run of days off through 02/9 if `extra` is also off, counting only 02/9, `extra` and weekends.
  const breakLength = (extra: string) => {
    const off = (d: string) => d === sep2 || d === extra || isWeekend(d);
    let n = 1;
    for (let d = addDays(sep2, -1); off(d); d = addDays(d, -1)) n++;
    for (let d = addDays(sep2, 1); off(d); d = addDays(d, 1)) n++;
    return n;
  };
  const before = `${year}-09-01`;
  const after = `${year}-09-03`;
  if (isWeekend(before)) return after;
  if (isWeekend(after)) return before;
  return breakLength(before) > breakLength(after) ? before : after;
}

function compensationName(name: string): string {
  return `Nghỉ bù ${name.replace(/ \(.*\)$/u, '')}`;
}

/**
 * What the Prime Minister's notice usually decides for `year`, all confirmed: false: Tết Âm lịch as the last day of
 * the old lunar year + mùng 1–4, the second Quốc khánh day (see `secondNationalDay`), and one compensatory day off
 * (Đ111.3: the next working day) for every statutory or Tết day that falls on a Saturday or Sunday. Make-up working
 * days are never guessed. Weekends here are Saturday and Sunday, the public-sector week (QĐ 188/1999).
 */
export function suggestedDays(year: number): CalendarDay[] {
  checkYear(year);
  const suggest = (date: string, kind: DayKind, name: string): CalendarDay => ({
    date,
    kind,
    name,
    confirmed: false,
    source: 'suggested',
  });

  const tet = lunarToSolar({ day: 1, month: 1, year, leap: false });
  const eve = addDays(tet, -1);
  const eveLunar = solarToLunar(eve);
  const days: CalendarDay[] = [suggest(eve, 'holiday', `Tết Nguyên đán (${eveLunar.day} tháng Chạp${eveLunar.leap ? ' nhuận' : ''})`)];
  for (let i = 0; i < 4; i++) days.push(suggest(addDays(tet, i), 'holiday', `Tết Nguyên đán (mùng ${i + 1})`));
  days.push(suggest(secondNationalDay(year), 'holiday', 'Quốc khánh (ngày liền kề)'));

  const holidays = [...statutoryHolidays(year), ...days].sort(byDate);
  const taken = new Set(holidays.map((d) => d.date));
  for (const h of holidays) {
    if (weekdayOf(h.date) < 6) continue;
    let d = addDays(h.date, 1);
    while (weekdayOf(d) >= 6 || taken.has(d)) d = addDays(d, 1);
    taken.add(d);
    days.push(suggest(d, 'off', compensationName(h.name)));
  }
  return days.sort(byDate);
}
