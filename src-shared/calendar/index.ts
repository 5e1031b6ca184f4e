// Public face of the working-day calendar: Vietnam time, âm lịch, holidays, office hours and deadline arithmetic.
// Re-exports only; anything not exported here is an implementation detail of src-shared/calendar.

export {
  VN_OFFSET_MS,
  DAY_MS,
  MINUTE_MS,
  type VnParts,
  vnParts,
  vnInstant,
  vnDayStart,
  vnIso,
  formatVnDate,
  formatVnDateTime,
  formatHhmm,
  parseHhmm,
  addDays,
  weekdayOf,
  todayVn,
  daysBetween,
  isValidDate,
  epochDay,
  dateOfEpochDay,
} from './vn-time';
export { type LunarDate, solarToLunar, lunarToSolar, leapMonthOf, lunarMonthLength } from './lunar';
export { type DayKind, type CalendarDay, statutoryHolidays, suggestedDays, secondNationalDay } from './holidays';
export {
  type WorkPeriod,
  type WorkSchedule,
  type WorkCalendar,
  DEFAULT_SCHEDULE,
  buildCalendar,
  isWorkingDay,
  nextWorkingInstant,
  addWorkingHours,
  workingMsBetween,
  countWorkingDays,
  addWorkingDays,
  endOfWorkingDay,
} from './working-time';
