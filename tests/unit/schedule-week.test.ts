// Week arithmetic and slot rules of the work schedule (src-shared/schedule/week.ts), and the .ics text helpers
// (src-main/schedule/ics.ts): ISO weeks at year ends, slot spans from office hours, the clash rule, escaping and
// folding at 75 octets without splitting a Vietnamese character.

import { describe, expect, it } from 'vitest';
import { escapeText, foldLine } from '../../src-main/schedule/ics';
import { findClashes, isoWeek, mondayOf, slotSpan, timeLabel, weekDates, weekTitle } from '../../src-shared/schedule/week';

describe('weeks', () => {
  it('finds the Monday and the ISO week, including weeks that cross a year', () => {
    expect(mondayOf('2026-12-07')).toBe('2026-12-07');
    expect(mondayOf('2026-12-13')).toBe('2026-12-07'); // Sunday belongs to the week before
    expect(mondayOf('2027-01-01')).toBe('2026-12-28');
    expect(isoWeek('2026-12-28')).toEqual({ year: 2026, week: 53 });
    expect(isoWeek('2027-01-04')).toEqual({ year: 2027, week: 1 });
    expect(isoWeek('2025-12-29')).toEqual({ year: 2026, week: 1 });
    expect(isoWeek('2024-12-30')).toEqual({ year: 2025, week: 1 });
    expect(weekDates('2026-12-28')).toEqual(['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03']);
    expect(weekTitle('2026-11-23')).toBe('Tuần 48 (từ ngày 23/11/2026 đến ngày 29/11/2026)');
  });
});

describe('slots and clashes', () => {
  const periods = [
    { start: '07:00', end: '11:00' },
    { start: '13:00', end: '16:30' },
  ];
  it('reads buổi sáng, chiều and cả ngày from office hours; a start without end lasts an hour', () => {
    expect(slotSpan({ slot: 'morning', startTime: null, endTime: null })).toEqual({ start: 450, end: 690 });
    expect(slotSpan({ slot: 'afternoon', startTime: null, endTime: null }, periods)).toEqual({ start: 780, end: 990 });
    expect(slotSpan({ slot: 'allday', startTime: null, endTime: null }, periods)).toEqual({ start: 420, end: 990 });
    expect(slotSpan({ slot: 'time', startTime: '23:30', endTime: null })).toEqual({ start: 1410, end: 1440 });
    expect(timeLabel({ slot: 'time', startTime: '08:00', endTime: '09:30' })).toBe('08:00 - 09:30');
  });
  it('flags only shared people at overlapping times on the same day', () => {
    const e = (id: number, date: string, startTime: string, endTime: string | null, people: number[]) => ({ id, date, slot: 'time' as const, startTime, endTime, people });
    const all = [
      e(1, '2026-12-08', '08:00', '10:00', [1, 2]),
      e(2, '2026-12-08', '09:00', null, [2, 3]),
      e(3, '2026-12-08', '10:00', '11:00', [1]),
      e(4, '2026-12-09', '08:00', null, [1]),
    ];
    const found = findClashes(all, all);
    expect(found.get(1)).toEqual([{ entryId: 2, userIds: [2] }]);
    expect(found.get(2)).toEqual([{ entryId: 1, userIds: [2] }]);
    expect(found.has(3)).toBe(false); // starts as entry 1 ends
    expect(found.has(4)).toBe(false); // another day
  });
});

describe('.ics text', () => {
  it('escapes backslash, semicolon, comma and newlines', () => {
    expect(escapeText('a\\b;c,d\ne')).toBe('a\\\\b\\;c\\,d\\ne');
  });
  it('folds at 75 octets and never inside a UTF-8 character', () => {
    const line = `SUMMARY:${'Hội nghị tổng kết công tác Đảng, chính quyền '.repeat(6)}`;
    const folded = foldLine(line).split('\r\n');
    expect(folded.length).toBeGreaterThan(3);
    for (const l of folded) expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
    expect(folded.slice(1).every((l) => l.startsWith(' '))).toBe(true);
    expect(folded.map((l, i) => (i ? l.slice(1) : l)).join('')).toBe(line);
    expect(foldLine('SHORT:x')).toBe('SHORT:x');
  });
});
