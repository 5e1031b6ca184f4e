// Vietnam wall-clock helpers: UTC+7 conversions, formatting and date arithmetic, independent of the host time zone.
import { afterEach, describe, expect, it } from 'vitest';
import { addDays, daysBetween, formatVnDate, formatVnDateTime, todayVn, vnInstant, vnIso, vnParts, weekdayOf } from '../../src-shared/calendar';

describe('Vietnam time (UTC+7)', () => {
  const t = Date.UTC(2026, 10, 21, 7, 32, 5); // 14:32:05 in Hà Nội

  it('splits an instant into Vietnam date, minute and ISO weekday', () => {
    expect(vnParts(t)).toEqual({ date: '2026-11-21', minute: 14 * 60 + 32, weekday: 6 });
    // 17:00 UTC is already the next day in Vietnam.
    expect(vnParts(Date.UTC(2026, 2, 13, 17, 0))).toEqual({ date: '2026-03-14', minute: 0, weekday: 6 });
    expect(vnParts(Date.UTC(2026, 2, 13, 16, 59)).date).toBe('2026-03-13');
  });

  it('builds instants from Vietnam wall time', () => {
    expect(vnInstant('2026-11-21', '14:32')).toBe(Date.UTC(2026, 10, 21, 7, 32));
    expect(vnInstant('2026-01-01', '00:00')).toBe(Date.UTC(2025, 11, 31, 17, 0));
    expect(vnInstant('2026-01-01', '24:00')).toBe(vnInstant('2026-01-02', '00:00'));
    expect(() => vnInstant('2026-01-01', '7:30')).toThrow(RangeError);
    expect(() => vnInstant('2026-01-01', '24:01')).toThrow(RangeError);
  });

  it('writes ISO 8601 with the +07:00 offset, losslessly', () => {
    expect(vnIso(t)).toBe('2026-11-21T14:32:05+07:00');
    expect(vnIso(t + 7)).toBe('2026-11-21T14:32:05.007+07:00');
    expect(vnIso(Date.UTC(2025, 11, 31, 17, 0))).toBe('2026-01-01T00:00:00+07:00');
    for (const ms of [t, t + 999, 0, -1, Date.UTC(1999, 11, 31, 23, 59, 59, 500)]) expect(Date.parse(vnIso(ms))).toBe(ms);
  });

  it('formats dates the Vietnamese way', () => {
    expect(formatVnDate('2026-04-30')).toBe('30/04/2026');
    expect(formatVnDateTime(t)).toBe('14:32 21/11/2026');
    expect(formatVnDateTime(vnInstant('2026-01-05', '07:05'))).toBe('07:05 05/01/2026');
  });

  it('does date arithmetic across months, leap years and years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2026-03-01', 365)).toBe('2027-03-01');
    expect(daysBetween('2026-01-01', '2026-12-31')).toBe(364);
    expect(daysBetween('2026-12-31', '2026-01-01')).toBe(-364);
    expect(weekdayOf('2026-02-17')).toBe(2);
    expect(weekdayOf('2026-03-15')).toBe(7);
    expect(weekdayOf('1970-01-01')).toBe(4);
    expect(weekdayOf('1969-12-29')).toBe(1);
  });

  it('gives today in Vietnam, not in the host zone', () => {
    expect(todayVn(Date.UTC(2026, 0, 1, 16, 59))).toBe('2026-01-01');
    expect(todayVn(Date.UTC(2026, 0, 1, 17, 0))).toBe('2026-01-02');
  });

  it('rejects dates that do not exist', () => {
    for (const bad of ['2026-02-29', '2026-13-01', '2026-04-31', '26-1-1', '2026-1-01', '']) {
      expect(() => addDays(bad, 1)).toThrow(RangeError);
    }
    expect(() => addDays('2026-01-01', 1.5)).toThrow(RangeError);
  });

  describe('whatever the host time zone', () => {
    const saved = process.env.TZ;
    afterEach(() => {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    });

    it('gives the same answers in New York and in Kiribati', () => {
      for (const tz of ['America/New_York', 'Pacific/Kiritimati', 'UTC']) {
        process.env.TZ = tz;
        expect(vnParts(t)).toEqual({ date: '2026-11-21', minute: 872, weekday: 6 });
        expect(vnInstant('2026-03-08', '02:30')).toBe(Date.UTC(2026, 2, 7, 19, 30));
        expect(vnIso(t)).toBe('2026-11-21T14:32:05+07:00');
        expect(addDays('2026-03-07', 1)).toBe('2026-03-08');
      }
    });
  });
});
