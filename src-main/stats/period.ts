// Report periods: checking a from–to range (invalid_period) and turning calendar dates into the instants the
// documents table is indexed by. Pure; no database.

import { addDays, daysBetween, formatVnDate, vnInstant } from '../../src-shared/calendar/vn-time';
import { REPORT_MAX_YEARS } from '../../src-shared/api/reports';
import { AppError } from '../../src-shared/errors';

export interface Period {
  from: string;
  to: string;
}

/** Refuses a period that ends before it starts or is longer than REPORT_MAX_YEARS (a typo such as 2206 for 2026). */
export function checkPeriod(p: Period): void {
  if (p.from > p.to)
    throw new AppError('invalid_period', 'Ngày bắt đầu kỳ báo cáo sau ngày kết thúc.', { fields: [{ path: 'to', message: 'Ngày kết thúc phải sau ngày bắt đầu.' }] });
  if (daysBetween(p.from, p.to) > REPORT_MAX_YEARS * 366)
    throw new AppError('invalid_period', `Kỳ báo cáo dài quá ${REPORT_MAX_YEARS} năm.`, { fields: [{ path: 'from', message: `Tối đa ${REPORT_MAX_YEARS} năm.` }] });
}

/** [start, end) in epoch ms of the Vietnam days from..to inclusive. */
export function instants(p: Period): { start: number; end: number } {
  return { start: vnInstant(p.from, '00:00'), end: vnInstant(addDays(p.to, 1), '00:00') };
}

export function periodLabel(p: Period): string {
  return `Từ ngày ${formatVnDate(p.from)} đến ngày ${formatVnDate(p.to)}`;
}

/** SQL: the Vietnam calendar date (YYYY-MM-DD) of an epoch-ms column. */
export const vnDateSql = (col: string) => `date((${col}) / 1000 + 25200, 'unixepoch')`;
