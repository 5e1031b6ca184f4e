// Handlers for the working-day calendar: deadline arithmetic and the admin's table of holidays and make-up days.

import type { calendarApi } from '../../src-shared/api/calendar';
import { addWorkingHours } from '../../src-shared/calendar/working-time';
import { AppError } from '../../src-shared/errors';
import type { HandlerMap } from '../api/context';

type Methods = Extract<keyof typeof calendarApi, `calendar.${string}`>;

export const calendarHandlers: HandlerMap<Methods> = {
  'calendar.addWorkingHours': (ctx, input) => ({ at: addWorkingHours(ctx.s.calendar.around(input.from), input.from, input.hours) }),

  'calendar.days': (ctx, input) => ({ year: input.year, days: ctx.s.calendar.days(input.year) }),

  'calendar.saveDay': (ctx, input) => {
    const me = ctx.user();
    ctx.write(() => ctx.s.calendar.save(input, me.userId || null), { targetType: 'calendar_day', targetId: input.date, details: input });
    const year = Number(input.date.slice(0, 4));
    return { year, days: ctx.s.calendar.days(year) };
  },

  'calendar.deleteDay': (ctx, input) => {
    const year = Number(input.date.slice(0, 4));
    ctx.write(
      () => {
        if (!ctx.s.calendar.remove(input.date)) {
          throw new AppError('not_found', 'Ngày này không có trong bảng (ngày lễ theo luật không xóa được).');
        }
      },
      { targetType: 'calendar_day', targetId: input.date },
    );
    return { year, days: ctx.s.calendar.days(year) };
  },

  'calendar.confirmYear': (ctx, input) => {
    const me = ctx.user();
    ctx.write(
      () => ctx.s.calendar.confirmYear(input.year, me.userId || null),
      (n) => ({ targetType: 'calendar_year', targetId: input.year, details: { confirmed: n, source: input.source } }),
    );
    return { year: input.year, days: ctx.s.calendar.days(input.year) };
  },
};
