// Lunar calendar: the standards §7.3 vectors, a day-by-day 1900–2100 round trip and leap-month validation.
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, leapMonthOf, lunarMonthLength, lunarToSolar, solarToLunar } from '../../src-shared/calendar';

const tet = (year: number, tz = 7) => lunarToSolar({ day: 1, month: 1, year, leap: false }, tz);

describe('lunar calendar (Hồ Ngọc Đức, UTC+7) — standards §7.3 vectors', () => {
  it('finds Tết 2020–2030', () => {
    const expected: Record<number, string> = {
      2020: '2020-01-25',
      2021: '2021-02-12',
      2022: '2022-02-01',
      2023: '2023-01-22',
      2024: '2024-02-10',
      2025: '2025-01-29',
      2026: '2026-02-17',
      2027: '2027-02-06',
      2028: '2028-01-26',
      2029: '2029-02-13',
      2030: '2030-02-02',
    };
    for (const [year, date] of Object.entries(expected)) {
      expect(tet(Number(year)), `Tết ${year}`).toBe(date);
      expect(solarToLunar(date)).toEqual({ day: 1, month: 1, year: Number(year), leap: false });
    }
  });

  it('differs from the Chinese (UTC+8) calendar where it should', () => {
    expect(tet(1985)).toBe('1985-01-21');
    expect(tet(1985, 8)).toBe('1985-02-20');
    expect(tet(2007)).toBe('2007-02-17');
    expect(tet(2007, 8)).toBe('2007-02-18');
    expect(tet(2030, 8)).toBe('2030-02-03');
  });

  it('finds Giỗ Tổ Hùng Vương (10/3 âm lịch) 2024–2030', () => {
    const expected = ['2024-04-18', '2025-04-07', '2026-04-26', '2027-04-16', '2028-04-04', '2029-04-23', '2030-04-12'];
    expected.forEach((date, i) => {
      expect(lunarToSolar({ day: 10, month: 3, year: 2024 + i, leap: false })).toBe(date);
    });
  });

  it('finds leap months', () => {
    expect(leapMonthOf(2020)).toBe(4);
    expect(leapMonthOf(2023)).toBe(2);
    expect(leapMonthOf(2025)).toBe(6);
    expect(leapMonthOf(2028)).toBe(5);
    for (const y of [2021, 2022, 2024, 2026, 2027, 2029, 2030]) expect(leapMonthOf(y), String(y)).toBeNull();
    // Leap 11 (cross-checked against the reference implementation): lives in the span after the next solstice.
    expect(leapMonthOf(2033)).toBe(11);
    expect(solarToLunar('2033-12-22')).toEqual({ day: 1, month: 11, year: 2033, leap: true });
  });

  it('puts the leap month right after the regular month of the same number', () => {
    const regular = lunarToSolar({ day: 1, month: 6, year: 2025, leap: false });
    const leap = lunarToSolar({ day: 1, month: 6, year: 2025, leap: true });
    const seventh = lunarToSolar({ day: 1, month: 7, year: 2025, leap: false });
    expect(regular).toBe('2025-06-25');
    expect(daysBetween(regular, leap)).toBe(lunarMonthLength(2025, 6));
    expect(daysBetween(leap, seventh)).toBe(lunarMonthLength(2025, 6, true));
    expect(solarToLunar(leap)).toEqual({ day: 1, month: 6, year: 2025, leap: true });
  });

  it('knows the last day of the lunar year before Tết 2026', () => {
    expect(solarToLunar('2026-02-16')).toEqual({ day: 29, month: 12, year: 2025, leap: false });
  });
});

describe('lunar calendar consistency 1900–2100', () => {
  it('round-trips every day solar -> lunar -> solar, one day at a time', () => {
    let prev = solarToLunar('1899-12-31');
    let mismatches = 0;
    for (let date = '1900-01-01'; date <= '2100-12-31'; date = addDays(date, 1)) {
      const l = solarToLunar(date);
      if (lunarToSolar(l) !== date) mismatches++;
      const next = l.day === prev.day + 1 && l.month === prev.month && l.year === prev.year && l.leap === prev.leap;
      const newMonth = l.day === 1 && (prev.day === 29 || prev.day === 30);
      if (!next && !newMonth) throw new Error(`lunar calendar jumps at ${date}: ${JSON.stringify([prev, l])}`);
      prev = l;
    }
    expect(mismatches).toBe(0);
  });

  it('has 12 or 13 months a year and at most one leap month', () => {
    for (let year = 1900; year <= 2100; year++) {
      const days = daysBetween(tet(year), tet(year + 1));
      const leap = leapMonthOf(year);
      if (leap === null) expect(days, String(year)).toBeGreaterThanOrEqual(353);
      if (leap === null) expect(days, String(year)).toBeLessThanOrEqual(355);
      else expect(days, String(year)).toBeGreaterThanOrEqual(383);
    }
  });
});

describe('lunar input validation', () => {
  it('rejects a leap flag on a month that is not the leap month', () => {
    expect(() => lunarToSolar({ day: 1, month: 3, year: 2026, leap: true })).toThrow(RangeError);
    expect(() => lunarToSolar({ day: 1, month: 3, year: 2026, leap: true })).toThrow(/2026 has no leap month/);
    expect(() => lunarToSolar({ day: 1, month: 3, year: 2025, leap: true })).toThrow(/2025 has leap month 6/);
    expect(lunarToSolar({ day: 1, month: 6, year: 2025, leap: true })).toBe('2025-07-25');
  });

  it('rejects days and months that do not exist', () => {
    expect(lunarMonthLength(2025, 12)).toBe(29);
    expect(() => lunarToSolar({ day: 30, month: 12, year: 2025, leap: false })).toThrow(/has 29 days/);
    expect(() => lunarToSolar({ day: 0, month: 1, year: 2026, leap: false })).toThrow(RangeError);
    expect(() => lunarToSolar({ day: 1, month: 13, year: 2026, leap: false })).toThrow(RangeError);
    expect(() => lunarToSolar({ day: 1.5, month: 1, year: 2026, leap: false })).toThrow(RangeError);
    expect(() => solarToLunar('2026-02-30')).toThrow(RangeError);
  });
});
