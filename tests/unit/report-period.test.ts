// Report periods: the checks that refuse a backwards or too long period, the instants a period covers in Vietnam
// time, and the dashboard's week (Monday–Sunday), month and year around a day.

import { describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/errors';
import { periodsAround } from '../../src-main/stats/dashboard';
import { checkPeriod, instants } from '../../src-main/stats/period';

const code = (fn: () => void) => {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return (e as AppError).code;
  }
};

describe('report periods', () => {
  it('refuses from after to and periods over ten years; accepts one day and exactly ten years', () => {
    expect(code(() => checkPeriod({ from: '2026-12-01', to: '2026-11-30' }))).toBe('invalid_period');
    expect(code(() => checkPeriod({ from: '2016-01-01', to: '2026-12-31' }))).toBe('invalid_period');
    expect(code(() => checkPeriod({ from: '2026-11-30', to: '2026-11-30' }))).toBe('ok');
    expect(code(() => checkPeriod({ from: '2017-01-01', to: '2026-12-31' }))).toBe('ok');
  });

  it('covers whole Vietnam days: 00:00 of the first to 00:00 after the last (UTC+7)', () => {
    expect(instants({ from: '2026-11-01', to: '2026-11-30' })).toEqual({ start: Date.UTC(2026, 9, 31, 17), end: Date.UTC(2026, 10, 30, 17) });
  });

  it('the dashboard week runs Monday to Sunday; months end on their last day, February of a leap year too', () => {
    expect(periodsAround('2026-12-07').map((p) => [p.from, p.to])).toEqual([
      ['2026-12-07', '2026-12-13'],
      ['2026-12-01', '2026-12-31'],
      ['2026-01-01', '2026-12-31'],
    ]);
    expect(periodsAround('2028-02-27').map((p) => [p.from, p.to])).toEqual([
      ['2028-02-21', '2028-02-27'],
      ['2028-02-01', '2028-02-29'],
      ['2028-01-01', '2028-12-31'],
    ]);
  });
});
