// Cell text <-> values for spreadsheet imports: plain decimal numbers, Vietnamese day-first dates, Excel serial dates.
// Pure and table-agnostic. Dates are read day first, always: a register is never month-first, so "05/01/2026" is
// 5 January and "12/25/2025" is an error rather than a guess.

import { fold } from '../../src-shared/vn/text';

const DAY_MS = 86_400_000;
/** Excel's day 0 in the 1900 system, counted so that serials from 61 (1900-03-01) on are right. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
/**
 * Bare numbers are taken as Excel serial dates only from 1927-05-18 (serial 10000) on: below that a number in a
 * date column is far more likely a typo or a year ("2025") than a date, and reading it as 1905 would mislead.
 */
const MIN_SERIAL = 10_000;
const MAX_SERIAL = 2_958_465; // 9999-12-31

/**
 * A number as Excel shows it in a General cell: at most 15 significant digits, no exponent, no trailing ".0".
 * 1e21 -> "1000000000000000000000", 0.1 + 0.2 -> "0.3", 12.0 -> "12".
 */
export function plainNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n); // the common case, already exact and plain
  const s = String(Number(n.toPrecision(15)));
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, int, frac = '', expText] = m;
  const digits = int + frac;
  const point = int.length + Number(expText); // where the decimal point goes in `digits`
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`.replace(/\.?0+$/, '');
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** YYYY-MM-DD of a Date read as UTC: exceljs gives date cells as UTC midnight, so local time would shift the day. */
export function isoDateUtc(d: Date): string {
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** Time of day of a Date read as UTC, for cells formatted as a time only (no date part). */
export function isoTimeUtc(d: Date): string {
  const s = d.getUTCSeconds();
  return `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}${s ? `:${pad2(s)}` : ''}`;
}

/** Excel (1900 system) serial -> YYYY-MM-DD; the time of day, if any, is dropped. */
export function excelSerialToIso(serial: number): string {
  return isoDateUtc(new Date(EXCEL_EPOCH_MS + Math.floor(serial) * DAY_MS));
}

/** Whether an Excel number format shows dates: the heuristic Excel readers use (y, m, d, h, s outside quotes). */
export function isDateFormat(fmt: string | undefined): boolean {
  if (!fmt) return false;
  const bare = fmt
    .replace(/\[[^\]]*]/g, '')
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '');
  return /[ymdhs]/i.test(bare) && !/^general$/i.test(bare.trim());
}

export type DateProblem = 'format' | 'impossible';
/** `detail` says what to do or what is wrong, never repeating "không đọc được" (the caller says that). */
export type DateResult = { ok: true; iso: string } | { ok: false; problem: DateProblem; detail: string };

function daysInMonth(y: number, m: number): number {
  if (m !== 2) return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
}

/** Two-digit years as Excel reads them: 00–29 -> 2000s, 30–99 -> 1900s. */
function fullYear(y: string): number {
  const n = Number(y);
  if (y.length > 2) return n;
  return n < 30 ? 2000 + n : 1900 + n;
}

function checked(y: number, m: number, d: number): DateResult {
  if (m < 1 || m > 12) {
    return { ok: false, problem: 'impossible', detail: `không có tháng ${m}; ngày phải ghi theo thứ tự ngày/tháng/năm` };
  }
  if (y < 1900 || y > 2199) return { ok: false, problem: 'impossible', detail: `năm ${y} không hợp lệ` };
  const dim = daysInMonth(y, m);
  if (d < 1 || d > dim) {
    return { ok: false, problem: 'impossible', detail: d < 1 ? 'ngày không thể là 0' : `tháng ${m}/${y} chỉ có ${dim} ngày` };
  }
  return { ok: true, iso: `${y}-${pad2(m)}-${pad2(d)}` };
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/; // what the file reader makes of date cells: the common case
const ISO = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const DMY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?: \d{1,2}[:h]\d{2}(?::\d{2})?)?$/;
const SERIAL = /^\d+(?:\.\d+)?$/;
const WORDS = /^ngay (\d{1,2}) thang (\d{1,2}) nam (\d{4})$/;

/**
 * A date as written in a Vietnamese register: dd/mm/yyyy, d/m/yy, dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd (what the file
 * reader makes of real date cells), an Excel serial number, or "ngày 05 tháng 01 năm 2026". Never month-first.
 */
export function parseVnDate(text: string): DateResult {
  if (ISO_DAY.test(text)) return checked(Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10)));
  const t = /\s/.test(text)
    ? text
        .trim()
        .replace(/\s*([/.-])\s*/g, '$1')
        .replace(/\s+/g, ' ')
    : text;
  let m = ISO.exec(t);
  if (m) return checked(Number(m[1]), Number(m[2]), Number(m[3]));
  m = DMY.exec(t);
  if (m) return checked(fullYear(m[3]), Number(m[2]), Number(m[1]));
  if (SERIAL.test(t)) {
    const serial = Number(t);
    if (serial >= MIN_SERIAL && serial <= MAX_SERIAL) return { ok: true, iso: excelSerialToIso(serial) };
    return { ok: false, problem: 'format', detail: 'số này không phải ngày tháng; ghi theo ngày/tháng/năm, ví dụ 05/01/2026' };
  }
  m = WORDS.exec(
    fold(t)
      .replace(/[^a-z0-9]+/g, ' ')
      .trim(),
  );
  if (m) return checked(Number(m[3]), Number(m[2]), Number(m[1]));
  return { ok: false, problem: 'format', detail: 'ghi theo ngày/tháng/năm, ví dụ 05/01/2026' };
}

/** A positive whole number written plainly ("12", "012", "12.0" from a numeric cell); null otherwise. */
export function parsePositiveInt(text: string, max = 1_000_000_000): number | null {
  const m = /^0*(\d{1,10})(?:\.0+)?$/.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]);
  return n >= 1 && n <= max ? n : null;
}
