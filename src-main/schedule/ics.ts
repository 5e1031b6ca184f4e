// The week as an iCalendar file (RFC 5545): one VEVENT per entry with a UID stable across exports, times in UTC,
// all-day entries as DATE values, cancelled entries with STATUS:CANCELLED. Pure text: no database, no clock.
// Text is escaped (\\ ; , newline), lines are folded at 75 octets without splitting a UTF-8 character, CRLF ends.

import type { ScheduleEntryDto } from '../../src-shared/api/schedule';
import { VN_OFFSET_MS } from '../../src-shared/calendar/vn-time';
import { slotSpan, type WorkPeriodLike } from '../../src-shared/schedule/week';

export interface IcsOptions {
  /** Stable per office: the organisation code (mã định danh), used in UIDs. */
  domain: string;
  calendarName: string;
  periods: readonly WorkPeriodLike[];
}

/** TEXT value escaping (RFC 5545 §3.3.11). */
export function escapeText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Folds a content line into chunks of at most 75 octets; continuation lines start with one space (§3.1). */
export function foldLine(line: string): string {
  const out: string[] = [];
  let cur = '';
  let octets = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch, 'utf8');
    const limit = out.length === 0 ? 75 : 74; // the leading space of a continuation counts
    if (octets + n > limit) {
      out.push(cur);
      cur = '';
      octets = 0;
    }
    cur += ch;
    octets += n;
  }
  out.push(cur);
  return out.join('\r\n ');
}

const pad = (n: number) => String(n).padStart(2, '0');

function utcStamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
}

/** Vietnam wall time (date + minute of day) -> UTC stamp. */
function vnToUtc(date: string, minute: number): string {
  return utcStamp(Date.parse(`${date}T00:00:00Z`) + minute * 60_000 - VN_OFFSET_MS);
}

const compactDate = (date: string) => date.replace(/-/g, '');

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

export function buildIcs(entries: ScheduleEntryDto[], opts: IcsOptions): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//VanThu//Lich cong tac//VI',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(opts.calendarName)}`,
    'X-WR-TIMEZONE:Asia/Ho_Chi_Minh',
  ];
  for (const e of entries) {
    lines.push('BEGIN:VEVENT', `UID:lich-${e.id}@${opts.domain}`, `DTSTAMP:${utcStamp(e.updatedAt)}`);
    if (e.slot === 'allday') {
      lines.push(`DTSTART;VALUE=DATE:${compactDate(e.date)}`, `DTEND;VALUE=DATE:${compactDate(nextDay(e.date))}`);
    } else {
      const span = slotSpan(e, opts.periods);
      lines.push(`DTSTART:${vnToUtc(e.date, span.start)}`, `DTEND:${vnToUtc(e.date, span.end)}`);
    }
    lines.push(`SUMMARY:${escapeText(e.content)}`);
    if (e.place) lines.push(`LOCATION:${escapeText(e.place)}`);
    const desc: string[] = [];
    if (e.chair) desc.push(`Chủ trì: ${e.chair}`);
    if (e.participants.length) desc.push(`Thành phần: ${e.participants.map((p) => p.name).join(', ')}`);
    if (e.prep) desc.push(`Chuẩn bị: ${e.prep}`);
    if (e.notes) desc.push(`Ghi chú: ${e.notes}`);
    if (e.adjustment) desc.push(e.adjustment === 'cancelled' ? 'Đã hủy' : e.adjustment === 'added' ? 'Bổ sung sau khi ban hành' : 'Đã điều chỉnh sau khi ban hành');
    if (desc.length) lines.push(`DESCRIPTION:${escapeText(desc.join('\n'))}`);
    lines.push(`SEQUENCE:${e.history.length}`);
    lines.push(`STATUS:${e.cancelled ? 'CANCELLED' : e.weekState === 'published' ? 'CONFIRMED' : 'TENTATIVE'}`);
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
