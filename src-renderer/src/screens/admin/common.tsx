// Small pieces shared by the admin catalogue screens (sổ, loại văn bản, cơ quan, lịch nghỉ): the year picker, the
// current year in Vietnam time and Vietnamese weekday names. Presentation only; no calls to the core.

import { todayVn, weekdayOf } from '../../../../src-shared/calendar/vn-time';
import { SelectField } from '../../ui/Controls';

/** The current year in Vietnam time: a PC clock set to UTC must not show last year's registers on 1 January. */
export function currentYearVn(): number {
  return Number(todayVn(Date.now()).slice(0, 4));
}

export const WEEKDAY_NAMES = ['', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy', 'Chủ nhật'] as const;

/** "Thứ Hai" … "Chủ nhật" for a YYYY-MM-DD date. */
export function weekdayName(date: string): string {
  return WEEKDAY_NAMES[weekdayOf(date)];
}

export function YearField(props: { value: number; years: number[]; onChange: (year: number) => void; label?: string }) {
  const years = [...new Set([...props.years, props.value])].sort((a, b) => b - a);
  return (
    <SelectField
      label={props.label ?? 'Năm'}
      value={String(props.value)}
      onChange={(v) => props.onChange(Number(v))}
      options={years.map((y) => ({ value: String(y), label: `Năm ${y}` }))}
      fieldClass="year-field"
    />
  );
}
