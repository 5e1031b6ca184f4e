// Contract for the working-day calendar: holidays, days off and make-up workdays, working-hours arithmetic.
// Mirrors src-main/calendar/.

import { z } from 'zod';
import type { CalendarDay } from '../calendar/holidays';
import { instant, isoDate, method, optText, text } from './define';

// ---- shapes returned -------------------------------------------------------------------------------------------

export interface CalendarDayDto extends CalendarDay {
  /** Statutory days come from the law and cannot be deleted. */
  statutory: boolean;
}

// ---- methods ---------------------------------------------------------------------------------------------------

export const calendarApi = {
  'calendar.addWorkingHours': method<{ at: number }>()({
    input: z.object({ from: instant, hours: z.number().min(0).max(10_000) }),
    access: 'session',
    permission: null,
    mutates: false,
    summary: 'Tính thời điểm sau một số giờ làm việc.',
  }),
  'calendar.days': method<{ year: number; days: CalendarDayDto[] }>()({
    input: z.object({ year: z.number().int().min(1900).max(2199) }),
    access: 'session',
    permission: null,
    mutates: false,
    summary: 'Lịch nghỉ lễ, nghỉ bù, làm bù trong năm.',
  }),
  'calendar.saveDay': method<{ year: number; days: CalendarDayDto[] }>()({
    input: z.object({ date: isoDate, kind: z.enum(['holiday', 'off', 'workday']), name: text(200), confirmed: z.boolean().default(true) }),
    access: 'session',
    permission: 'calendar.manage',
    mutates: true,
    summary: 'Thêm, sửa ngày nghỉ hoặc ngày làm bù.',
  }),
  'calendar.deleteDay': method<{ year: number; days: CalendarDayDto[] }>()({
    input: z.object({ date: isoDate }),
    access: 'session',
    permission: 'calendar.manage',
    mutates: true,
    summary: 'Xóa ngày nghỉ hoặc ngày làm bù.',
  }),
  'calendar.confirmYear': method<{ year: number; days: CalendarDayDto[] }>()({
    input: z.object({ year: z.number().int().min(1900).max(2199), source: optText(200) }),
    access: 'session',
    permission: 'calendar.manage',
    mutates: true,
    summary: 'Xác nhận lịch nghỉ trong năm theo thông báo chính thức.',
  }),
} as const;
