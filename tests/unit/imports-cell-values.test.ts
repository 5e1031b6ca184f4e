// Cell values of imported registers: day-first dates in every way clerks write them, Excel serials, plain numbers.

import { describe, expect, it } from 'vitest';
import { excelSerialToIso, isDateFormat, parsePositiveInt, parseVnDate, plainNumber } from '../../src-main/imports/cell-values';

const iso = (s: string) => {
  const r = parseVnDate(s);
  return r.ok ? r.iso : `${r.problem}: ${r.detail}`;
};

describe('parseVnDate', () => {
  it('reads day first in every usual spelling', () => {
    for (const s of [
      '05/01/2026',
      '5/1/2026',
      '5/1/26',
      '05-01-2026',
      '05.01.2026',
      '2026-01-05',
      '2026-1-5',
      ' 05 / 01 / 2026 ',
      '05/01/2026 08:30',
      'ngày 05 tháng 01 năm 2026',
      'Ngày 5 tháng 1 năm 2026',
    ]) {
      expect(iso(s), s).toBe('2026-01-05');
    }
  });

  it('never reads month first: 05/01/2026 is 5 January, 12/25/2025 is an error', () => {
    expect(iso('05/01/2026')).toBe('2026-01-05');
    expect(iso('01/05/2026')).toBe('2026-05-01');
    expect(iso('12/25/2025')).toBe('impossible: không có tháng 25; ngày phải ghi theo thứ tự ngày/tháng/năm');
  });

  it('rejects dates that do not exist and accepts leap days', () => {
    expect(iso('31/02/2026')).toBe('impossible: tháng 2/2026 chỉ có 28 ngày');
    expect(iso('29/02/2026')).toBe('impossible: tháng 2/2026 chỉ có 28 ngày');
    expect(iso('29/02/2028')).toBe('2028-02-29');
    expect(iso('29/02/2000')).toBe('2000-02-29');
    expect(iso('29/02/1900')).toBe('impossible: tháng 2/1900 chỉ có 28 ngày');
    expect(iso('31/04/2026')).toBe('impossible: tháng 4/2026 chỉ có 30 ngày');
    expect(iso('00/01/2026')).toBe('impossible: ngày không thể là 0');
    expect(iso('2026-13-01')).toMatch(/^impossible: không có tháng 13/);
  });

  it('reads two-digit years as Excel does (00–29 -> 2000s)', () => {
    expect(iso('5/1/29')).toBe('2029-01-05');
    expect(iso('5/1/30')).toBe('1930-01-05');
  });

  it('reads Excel serial numbers, the 1900 system, and refuses small numbers', () => {
    expect(iso('46027')).toBe('2026-01-05');
    expect(iso('46027.75')).toBe('2026-01-05'); // a time of day does not change the day
    expect(iso('45658')).toBe('2025-01-01');
    expect(iso('2958465')).toBe('9999-12-31');
    expect(excelSerialToIso(61)).toBe('1900-03-01');
    expect(iso('2026')).toBe('format: số này không phải ngày tháng; ghi theo ngày/tháng/năm, ví dụ 05/01/2026'); // a year typed into the date column
    expect(iso('5')).toBe('format: số này không phải ngày tháng; ghi theo ngày/tháng/năm, ví dụ 05/01/2026');
  });

  it('says what is wrong with text it cannot read', () => {
    for (const s of ['abc', '05/01', '5 tháng 1', '05/01/2026/1', '2026/01/05/']) {
      expect(iso(s), s).toBe('format: ghi theo ngày/tháng/năm, ví dụ 05/01/2026');
    }
  });
});

describe('plainNumber', () => {
  it('writes numbers as Excel shows them in a General cell', () => {
    expect(plainNumber(12)).toBe('12');
    expect(plainNumber(12.0)).toBe('12');
    expect(plainNumber(12.5)).toBe('12.5');
    expect(plainNumber(-3)).toBe('-3');
    expect(plainNumber(0.1 + 0.2)).toBe('0.3');
    expect(plainNumber(1e21)).toBe('1000000000000000000000');
    expect(plainNumber(1.2345e25)).toBe('12345000000000000000000000');
    expect(plainNumber(1e-7)).toBe('0.0000001');
    expect(plainNumber(-1.5e-7)).toBe('-0.00000015');
    expect(plainNumber(123456789012345)).toBe('123456789012345');
  });
});

describe('isDateFormat', () => {
  it('tells date formats from number formats', () => {
    for (const f of ['dd/mm/yyyy', 'd/m/yy', '[$-42A]dd/mm/yyyy', 'yyyy-mm-dd', 'mmm d', 'h:mm']) expect(isDateFormat(f), f).toBe(true);
    for (const f of [undefined, '', 'General', '0', '#,##0', '0.00%', '#,##0 "đồng"', '@', '[Red]0.0']) expect(isDateFormat(f), String(f)).toBe(false);
  });
});

describe('parsePositiveInt', () => {
  it('takes plain positive whole numbers only', () => {
    expect(parsePositiveInt('12')).toBe(12);
    expect(parsePositiveInt('012')).toBe(12);
    expect(parsePositiveInt('12.0')).toBe(12);
    for (const s of ['0', '-1', '1.5', '12a', '', '1e3', '1 2']) expect(parsePositiveInt(s), s).toBeNull();
    expect(parsePositiveInt('10000', 9999)).toBeNull();
  });
});
