// The office's working-day calendar: office hours from settings + stored exceptions (Tết, nghỉ bù, làm bù) +
// statutory holidays computed by law. Suggested days of the current and next year are pre-filled once, marked
// "chưa xác nhận", and count for deadlines until an admin confirms or corrects them.

import { asc, between, eq } from 'drizzle-orm';
import type { CalendarDayDto } from '../../src-shared/api/calendar';
import { statutoryHolidays, suggestedDays, type CalendarDay } from '../../src-shared/calendar/holidays';
import { vnParts } from '../../src-shared/calendar/vn-time';
import { buildCalendar, type WorkCalendar } from '../../src-shared/calendar/working-time';
import type { Db } from '../db/open';
import type { SettingsService } from '../settings/service';
import { calendarDays } from './schema';

export function createCalendar(db: Db, settings: SettingsService, now: () => number) {
  function stored(from: string, to: string): CalendarDay[] {
    return db
      .select()
      .from(calendarDays)
      .where(between(calendarDays.date, from, to))
      .orderBy(asc(calendarDays.date))
      .all()
      .map((d) => ({ date: d.date, kind: d.kind, name: d.name, confirmed: d.confirmed, source: d.source }));
  }

  return {
    /** The calendar for deadline arithmetic around `ms`: that year, the one before and the two after. */
    around(ms: number): WorkCalendar {
      const y = Number(vnParts(ms).date.slice(0, 4));
      const years = [y - 1, y, y + 1, y + 2];
      const wh = settings.get('workingHours');
      return buildCalendar({ weekdays: wh.weekdays, periods: wh.periods }, stored(`${y - 1}-01-01`, `${y + 2}-12-31`), years);
    },

    /** Stored and statutory days of a year, for the admin screen. */
    days(year: number): CalendarDayDto[] {
      const own = stored(`${year}-01-01`, `${year}-12-31`);
      const byDate = new Map<string, CalendarDayDto>();
      for (const h of statutoryHolidays(year)) byDate.set(h.date, { ...h, statutory: true });
      // A stored entry on a statutory date replaces it and can be deleted again (the statutory day then returns).
      for (const d of own) byDate.set(d.date, { ...d, statutory: false });
      return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
    },

    save(day: { date: string; kind: CalendarDay['kind']; name: string; confirmed: boolean }, userId: number | null): void {
      const row = { ...day, source: 'manual' as const, updatedAt: now(), updatedBy: userId };
      db.insert(calendarDays).values(row).onConflictDoUpdate({ target: calendarDays.date, set: row }).run();
    },

    remove(date: string): boolean {
      return db.delete(calendarDays).where(eq(calendarDays.date, date)).run().changes > 0;
    },

    confirmYear(year: number, userId: number | null): number {
      return db
        .update(calendarDays)
        .set({ confirmed: true, updatedAt: now(), updatedBy: userId })
        .where(between(calendarDays.date, `${year}-01-01`, `${year}-12-31`))
        .run().changes;
    },

    /** Pre-fills the usual pattern for years not filled before (never re-adds what an admin removed). */
    prefill(years: number[]): number {
      const done = new Set(settings.getList('calendarPrefilled'));
      let added = 0;
      for (const year of years) {
        if (done.has(year)) continue;
        for (const d of suggestedDays(year)) {
          added += db
            .insert(calendarDays)
            .values({ ...d, updatedAt: now(), updatedBy: null })
            .onConflictDoNothing()
            .run().changes;
        }
        done.add(year);
      }
      settings.setList('calendarPrefilled', [...done].sort());
      return added;
    },
  };
}

export type CalendarService = ReturnType<typeof createCalendar>;
