// Working time: when a document starts counting, working-hour and working-day deadlines, elapsed working time.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCHEDULE,
  addDays,
  addWorkingDays,
  addWorkingHours,
  buildCalendar,
  countWorkingDays,
  endOfWorkingDay,
  isWorkingDay,
  nextWorkingInstant,
  suggestedDays,
  vnInstant,
  vnIso,
  workingMsBetween,
  type CalendarDay,
  type WorkCalendar,
} from '../../src-shared/calendar';

const H = 3600_000;
const at = (date: string, hhmm: string) => vnInstant(date, hhmm);
const iso = (ms: number) => vnIso(ms).slice(0, 16);
const manual = (date: string, kind: CalendarDay['kind'], name: string): CalendarDay => ({
  date,
  kind,
  name,
  confirmed: true,
  source: 'manual',
});

// 2026-03-13 is a Friday, 2026-03-16 the Monday after.
const cal = buildCalendar(DEFAULT_SCHEDULE, [], [2026]);
const calTet = buildCalendar(DEFAULT_SCHEDULE, suggestedDays(2026), [2026]);
const calMakeUp = buildCalendar(DEFAULT_SCHEDULE, [manual('2026-03-14', 'workday', 'Làm bù')], [2026]);

describe('building the calendar', () => {
  it('includes statutory holidays of the given years and lets entries override them', () => {
    expect(isWorkingDay(cal, '2026-09-02')).toBe(false);
    expect(isWorkingDay(cal, '2026-09-03')).toBe(true); // only suggested: the caller did not pass it
    expect(isWorkingDay(calTet, '2026-09-03')).toBe(false);
    const overridden = buildCalendar(DEFAULT_SCHEDULE, [manual('2026-04-30', 'workday', 'Trực')], [2026]);
    expect(overridden.days.get('2026-04-30')?.source).toBe('manual');
    expect(isWorkingDay(overridden, '2026-04-30')).toBe(true);
    // Years not asked for are not included.
    expect(isWorkingDay(cal, '2027-01-01')).toBe(true);
  });

  it('knows weekends, holidays, days off and make-up Saturdays', () => {
    expect(isWorkingDay(cal, '2026-03-13')).toBe(true);
    expect(isWorkingDay(cal, '2026-03-14')).toBe(false);
    expect(isWorkingDay(calMakeUp, '2026-03-14')).toBe(true);
    expect(isWorkingDay(calTet, '2026-04-27')).toBe(false); // nghỉ bù Giỗ Tổ
  });

  it('refuses schedules without working time instead of looping forever', () => {
    expect(() => buildCalendar({ weekdays: [], periods: DEFAULT_SCHEDULE.periods }, [], [2026])).toThrow(RangeError);
    expect(() => buildCalendar({ weekdays: [1], periods: [] }, [], [2026])).toThrow(RangeError);
    const literal: WorkCalendar = { schedule: { weekdays: [], periods: [{ start: '08:00', end: '12:00' }] }, days: new Map() };
    expect(() => nextWorkingInstant(literal, at('2026-03-13', '08:00'))).toThrow(/no working time/);
    expect(() => addWorkingDays(literal, '2026-03-13', 1)).toThrow(RangeError);
  });

  it('validates periods and day kinds', () => {
    const overlap = {
      weekdays: [1, 2, 3, 4, 5],
      periods: [
        { start: '07:30', end: '12:00' },
        { start: '11:00', end: '17:00' },
      ],
    };
    expect(() => buildCalendar(overlap, [], [])).toThrow(/overlap/);
    expect(() => buildCalendar({ weekdays: [8], periods: DEFAULT_SCHEDULE.periods }, [], [])).toThrow(RangeError);
    expect(() => buildCalendar({ weekdays: [1], periods: [{ start: '12:00', end: '08:00' }] }, [], [])).toThrow(RangeError);
    const bad = { ...manual('2026-03-14', 'workday', 'x'), kind: 'nghỉ' as CalendarDay['kind'] };
    expect(() => buildCalendar(DEFAULT_SCHEDULE, [bad], [])).toThrow(/kind/);
    expect(() => buildCalendar(DEFAULT_SCHEDULE, [manual('2026-02-30', 'off', 'x')], [])).toThrow(RangeError);
  });

  it('terminates when a sparse schedule meets a long run of days off', () => {
    // Mondays only, and every Monday of 2026 declared off: the search walks into 2027.
    const mondaysOff: CalendarDay[] = [];
    for (let d = '2026-01-05'; d < '2027-01-01'; d = addDays(d, 7)) mondaysOff.push(manual(d, 'off', 'Nghỉ'));
    const sparse = buildCalendar({ weekdays: [1], periods: [{ start: '08:00', end: '12:00' }] }, mondaysOff, []);
    expect(addWorkingDays(sparse, '2026-01-01', 1)).toBe('2027-01-04');
    expect(iso(nextWorkingInstant(sparse, at('2026-01-01', '09:00')))).toBe('2027-01-04T08:00');
  });
});

describe('nextWorkingInstant — when a document starts counting', () => {
  it('keeps an instant inside a working period', () => {
    expect(nextWorkingInstant(cal, at('2026-03-13', '09:15'))).toBe(at('2026-03-13', '09:15'));
    expect(nextWorkingInstant(cal, at('2026-03-13', '07:30'))).toBe(at('2026-03-13', '07:30'));
    expect(nextWorkingInstant(cal, at('2026-03-13', '11:29'))).toBe(at('2026-03-13', '11:29'));
  });

  it('moves Friday 18:00 to Monday 07:30', () => {
    expect(iso(nextWorkingInstant(cal, at('2026-03-13', '18:00')))).toBe('2026-03-16T07:30');
    expect(iso(nextWorkingInstant(cal, at('2026-03-13', '17:00')))).toBe('2026-03-16T07:30');
    expect(iso(nextWorkingInstant(cal, at('2026-03-14', '10:00')))).toBe('2026-03-16T07:30');
  });

  it('moves the lunch break to 13:30 and early morning to 07:30', () => {
    expect(iso(nextWorkingInstant(cal, at('2026-03-16', '12:00')))).toBe('2026-03-16T13:30');
    expect(iso(nextWorkingInstant(cal, at('2026-03-16', '11:30')))).toBe('2026-03-16T13:30');
    expect(iso(nextWorkingInstant(cal, at('2026-03-16', '06:00')))).toBe('2026-03-16T07:30');
  });

  it('skips holidays: arriving on 30/4/2026 counts from Monday 4/5', () => {
    expect(iso(nextWorkingInstant(cal, at('2026-04-30', '09:00')))).toBe('2026-05-04T07:30');
  });

  it('skips Tết 2026 only when the caller passes the suggested days', () => {
    expect(iso(nextWorkingInstant(calTet, at('2026-02-13', '17:30')))).toBe('2026-02-23T07:30');
    expect(iso(nextWorkingInstant(calTet, at('2026-02-18', '08:00')))).toBe('2026-02-23T07:30');
    expect(iso(nextWorkingInstant(cal, at('2026-02-13', '17:30')))).toBe('2026-02-16T07:30');
  });

  it('opens on a make-up Saturday', () => {
    expect(iso(nextWorkingInstant(calMakeUp, at('2026-03-13', '18:00')))).toBe('2026-03-14T07:30');
  });
});

describe('addWorkingHours', () => {
  it('takes 8 working hours from Friday 15:00 to Monday 15:30', () => {
    expect(iso(addWorkingHours(cal, at('2026-03-13', '15:00'), 8))).toBe('2026-03-16T15:30');
  });

  it('stops at a period end rather than the next period start', () => {
    expect(iso(addWorkingHours(cal, at('2026-03-16', '07:30'), 4))).toBe('2026-03-16T11:30');
    expect(iso(addWorkingHours(cal, at('2026-03-16', '07:30'), 7.5))).toBe('2026-03-16T17:00');
    expect(iso(addWorkingHours(cal, at('2026-03-16', '07:30'), 37.5))).toBe('2026-03-20T17:00');
    expect(iso(addWorkingHours(cal, at('2026-03-16', '07:30'), 4.01))).toBe('2026-03-16T13:30');
  });

  it('starts from the next working period and handles fractions', () => {
    expect(iso(addWorkingHours(cal, at('2026-03-13', '18:00'), 0))).toBe('2026-03-16T07:30');
    expect(iso(addWorkingHours(cal, at('2026-03-16', '11:20'), 0.25))).toBe('2026-03-16T13:35');
    expect(iso(addWorkingHours(cal, at('2026-03-13', '18:00'), 0.5))).toBe('2026-03-16T08:00');
  });

  it('works a make-up Saturday and skips Tết', () => {
    expect(iso(addWorkingHours(calMakeUp, at('2026-03-13', '15:00'), 8))).toBe('2026-03-14T15:30');
    expect(iso(addWorkingHours(calTet, at('2026-02-13', '16:00'), 2))).toBe('2026-02-23T08:30');
  });

  it('copes with spans of years', () => {
    const start = at('2026-01-05', '07:30');
    const end = addWorkingHours(cal, start, 20_000);
    expect(workingMsBetween(cal, start, end)).toBe(20_000 * H);
  });

  it('rejects negative or non-finite hours', () => {
    expect(() => addWorkingHours(cal, at('2026-03-13', '09:00'), -1)).toThrow(RangeError);
    expect(() => addWorkingHours(cal, at('2026-03-13', '09:00'), Number.NaN)).toThrow(RangeError);
  });
});

describe('workingMsBetween', () => {
  it('counts only working periods', () => {
    expect(workingMsBetween(cal, at('2026-03-13', '15:00'), at('2026-03-16', '15:30'))).toBe(8 * H);
    expect(workingMsBetween(cal, at('2026-03-16', '11:00'), at('2026-03-16', '14:00'))).toBe(H);
    expect(workingMsBetween(cal, at('2026-03-14', '08:00'), at('2026-03-15', '16:00'))).toBe(0);
    expect(workingMsBetween(calMakeUp, at('2026-03-14', '08:00'), at('2026-03-15', '16:00'))).toBe(7 * H);
    expect(workingMsBetween(cal, at('2026-04-29', '17:00'), at('2026-05-04', '07:30'))).toBe(0);
  });

  it('is zero for empty or reversed intervals', () => {
    const a = at('2026-03-13', '09:00');
    const b = at('2026-03-16', '09:00');
    expect(workingMsBetween(cal, a, a)).toBe(0);
    expect(workingMsBetween(cal, b, a)).toBe(0);
    expect(workingMsBetween(cal, a, b)).toBe(7.5 * H);
  });

  it('undoes addWorkingHours and adds up over any split point', () => {
    const starts = [at('2026-02-12', '10:00'), at('2026-02-13', '18:00'), at('2026-03-13', '12:15'), at('2026-04-29', '16:59'), at('2026-12-31', '16:00')];
    for (const c of [cal, calTet, calMakeUp]) {
      for (const start of starts) {
        for (const hours of [0, 0.5, 3.5, 4, 7.5, 8, 40, 123.25]) {
          const end = addWorkingHours(c, start, hours);
          expect(workingMsBetween(c, start, end), `${vnIso(start)} + ${hours}h`).toBe(hours * H);
          const mid = start + Math.floor((end - start) / 3);
          expect(workingMsBetween(c, start, mid) + workingMsBetween(c, mid, end)).toBe(hours * H);
        }
      }
    }
  });

  it('agrees with a day-by-day count over a whole year', () => {
    let days = 0;
    for (let d = '2026-01-01'; d < '2027-01-01'; d = addDays(d, 1)) if (isWorkingDay(calTet, d)) days++;
    expect(countWorkingDays(calTet, '2026-01-01', '2027-01-01')).toBe(days);
    expect(workingMsBetween(calTet, at('2026-01-01', '00:00'), at('2027-01-01', '00:00'))).toBe(days * 7.5 * H);
    // 261 weekdays in 2026, minus 5 statutory (none on weekends except Giỗ Tổ), Tết 5, nghỉ bù 1, Quốc khánh 1.
    expect(days).toBe(261 - 4 - 5 - 1 - 1);
  });
});

describe('addWorkingDays — BLDS 2015 Đ147: the start day is not counted', () => {
  it('steps over a weekend', () => {
    expect(addWorkingDays(cal, '2026-03-13', 1)).toBe('2026-03-16');
    expect(addWorkingDays(cal, '2026-03-12', 2)).toBe('2026-03-16');
    expect(addWorkingDays(cal, '2026-03-14', 1)).toBe('2026-03-16');
    expect(addWorkingDays(cal, '2026-03-13', 5)).toBe('2026-03-20');
  });

  it('steps over 30/4–1/5', () => {
    expect(addWorkingDays(cal, '2026-04-29', 1)).toBe('2026-05-04');
    expect(addWorkingDays(cal, '2026-04-28', 2)).toBe('2026-05-04');
    expect(addWorkingDays(cal, '2026-04-30', 1)).toBe('2026-05-04');
    expect(addWorkingDays(cal, '2026-05-04', -1)).toBe('2026-04-29');
  });

  it('with n = 0 gives the day itself or the next working day', () => {
    expect(addWorkingDays(cal, '2026-03-13', 0)).toBe('2026-03-13');
    expect(addWorkingDays(cal, '2026-03-14', 0)).toBe('2026-03-16');
    expect(addWorkingDays(calMakeUp, '2026-03-14', 0)).toBe('2026-03-14');
  });

  it('counts a make-up Saturday', () => {
    expect(addWorkingDays(calMakeUp, '2026-03-13', 1)).toBe('2026-03-14');
    expect(addWorkingDays(calMakeUp, '2026-03-13', 2)).toBe('2026-03-16');
  });

  it('rejects fractional counts', () => {
    expect(() => addWorkingDays(cal, '2026-03-13', 1.5)).toThrow(RangeError);
  });
});

describe('endOfWorkingDay', () => {
  it('is the end of the last period', () => {
    expect(endOfWorkingDay(cal, '2026-03-13')).toBe(at('2026-03-13', '17:00'));
    const late = buildCalendar(
      {
        weekdays: [1, 2, 3, 4, 5, 6],
        periods: [
          { start: '13:00', end: '21:30' },
          { start: '07:00', end: '11:00' },
        ],
      },
      [],
      [],
    );
    expect(endOfWorkingDay(late, '2026-03-14')).toBe(at('2026-03-14', '21:30'));
  });
});
