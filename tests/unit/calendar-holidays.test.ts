// Holidays: the fixed BLLĐ 2019 Đ112 days and the suggested (never confirmed) yearly pattern.
import { describe, expect, it } from 'vitest';
import { secondNationalDay, statutoryHolidays, suggestedDays, weekdayOf, type CalendarDay } from '../../src-shared/calendar';

const law = (date: string, name: string): CalendarDay => ({ date, kind: 'holiday', name, confirmed: true, source: 'law' });
const suggested = (date: string, kind: CalendarDay['kind'], name: string): CalendarDay => ({
  date,
  kind,
  name,
  confirmed: false,
  source: 'suggested',
});

describe('statutory holidays (BLLĐ 2019 Đ112)', () => {
  it('lists the fixed days of 2026, Giỗ Tổ from the lunar calendar', () => {
    expect(statutoryHolidays(2026)).toEqual([
      law('2026-01-01', 'Tết Dương lịch'),
      law('2026-04-26', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)'),
      law('2026-04-30', 'Ngày Chiến thắng (30/4)'),
      law('2026-05-01', 'Ngày Quốc tế Lao động (1/5)'),
      law('2026-09-02', 'Quốc khánh (2/9)'),
    ]);
  });

  it('rejects years the lunar method is not trusted for', () => {
    expect(() => statutoryHolidays(1700)).toThrow(RangeError);
    expect(() => suggestedDays(2026.5)).toThrow(RangeError);
  });
});

describe('suggested days (the usual shape of the Prime Minister notice)', () => {
  it('suggests Tết, the second Quốc khánh day and compensation for 2026', () => {
    expect(suggestedDays(2026)).toEqual([
      suggested('2026-02-16', 'holiday', 'Tết Nguyên đán (29 tháng Chạp)'),
      suggested('2026-02-17', 'holiday', 'Tết Nguyên đán (mùng 1)'),
      suggested('2026-02-18', 'holiday', 'Tết Nguyên đán (mùng 2)'),
      suggested('2026-02-19', 'holiday', 'Tết Nguyên đán (mùng 3)'),
      suggested('2026-02-20', 'holiday', 'Tết Nguyên đán (mùng 4)'),
      // Giỗ Tổ 26/4/2026 is a Sunday.
      suggested('2026-04-27', 'off', 'Nghỉ bù Giỗ Tổ Hùng Vương'),
      // 02/9/2026 is a Wednesday: the tie goes to the day after.
      suggested('2026-09-03', 'holiday', 'Quốc khánh (ngày liền kề)'),
    ]);
  });

  it('compensates each weekend Tết day on the next free working day', () => {
    // Tết 2024: 30 tháng Chạp Fri 9/2, mùng 1–2 on Sat/Sun, mùng 3–4 Mon/Tue.
    const offs = suggestedDays(2024).filter((d) => d.kind === 'off');
    expect(offs).toEqual([suggested('2024-02-14', 'off', 'Nghỉ bù Tết Nguyên đán'), suggested('2024-02-15', 'off', 'Nghỉ bù Tết Nguyên đán')]);
    expect(suggestedDays(2024)[0].name).toBe('Tết Nguyên đán (30 tháng Chạp)');
  });

  it('skips the second Quốc khánh day when compensating 02/9 on a Saturday', () => {
    const days = suggestedDays(2023);
    expect(days.find((d) => d.name === 'Quốc khánh (ngày liền kề)')?.date).toBe('2023-09-01');
    expect(days.find((d) => d.name === 'Nghỉ bù Quốc khánh')?.date).toBe('2023-09-04');
  });

  it('picks the second Quốc khánh day as the notices of 2021–2025 did', () => {
    expect(secondNationalDay(2021)).toBe('2021-09-03'); // 2/9 Thursday
    expect(secondNationalDay(2022)).toBe('2022-09-01'); // Friday
    expect(secondNationalDay(2023)).toBe('2023-09-01'); // Saturday
    expect(secondNationalDay(2024)).toBe('2024-09-03'); // Monday
    expect(secondNationalDay(2025)).toBe('2025-09-01'); // Tuesday
    expect(secondNationalDay(2026)).toBe('2026-09-03'); // Wednesday: tie -> after
    expect(secondNationalDay(2019)).toBe('2019-09-03'); // Monday
    expect(secondNationalDay(2030)).toBe('2030-09-03'); // Monday
    expect(secondNationalDay(2029)).toBe('2029-09-03'); // Sunday: Monday joins the weekend
  });

  it('never claims certainty, never guesses make-up working days, never doubles a date', () => {
    for (let year = 1950; year <= 2100; year++) {
      const days = suggestedDays(year);
      expect(days.every((d) => !d.confirmed && d.source === 'suggested' && d.kind !== 'workday')).toBe(true);
      const all = [...statutoryHolidays(year), ...days].map((d) => d.date);
      expect(new Set(all).size, String(year)).toBe(all.length);
      for (const off of days.filter((d) => d.kind === 'off')) expect(weekdayOf(off.date)).toBeLessThan(6);
      expect(days.filter((d) => d.name.startsWith('Tết Nguyên đán'))).toHaveLength(5);
      const weekendHolidays = [...statutoryHolidays(year), ...days].filter((d) => d.kind === 'holiday' && weekdayOf(d.date) >= 6);
      expect(days.filter((d) => d.kind === 'off')).toHaveLength(weekendHolidays.length);
    }
  });
});
