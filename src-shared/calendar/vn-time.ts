// Vietnam wall-clock time (UTC+7, no DST) and YYYY-MM-DD calendar-date arithmetic on top of epoch milliseconds.
// Pure: only UTC arithmetic with an explicit offset. Never use Date's local-time getters — the host's time zone is
// irrelevant (a hub in another zone, a CI box in UTC) and must not leak into any date shown to or counted for a clerk.

export const VN_OFFSET_MS = 7 * 3600_000;
export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const HHMM_RE = /^(\d{2}):(\d{2})$/;

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function ymdOfEpochDay(day: number): [number, number, number] {
  const d = new Date(day * DAY_MS);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` date (proleptic Gregorian). Throws RangeError if the date is not real. */
export function epochDay(date: string): number {
  const m = DATE_RE.exec(date);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    // setUTCFullYear rather than Date.UTC: Date.UTC maps years 0..99 to 1900..1999.
    const t = new Date(0);
    t.setUTCFullYear(y, mo - 1, d);
    const day = Math.round(t.getTime() / DAY_MS);
    const [y2, mo2, d2] = ymdOfEpochDay(day);
    if (y2 === y && mo2 === mo && d2 === d) return day;
  }
  throw new RangeError(`Not a valid YYYY-MM-DD date: "${date}"`);
}

/** Inverse of `epochDay`. */
export function dateOfEpochDay(day: number): string {
  if (!Number.isInteger(day)) throw new RangeError(`Epoch day must be an integer, got ${day}`);
  const [y, m, d] = ymdOfEpochDay(day);
  if (y < 0 || y > 9999) throw new RangeError(`Year ${y} is outside 0000..9999`);
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

export function isValidDate(date: string): boolean {
  try {
    epochDay(date);
    return true;
  } catch {
    return false;
  }
}

/** Minutes since midnight of `HH:MM`; 24:00 is accepted as the end of a day. */
export function parseHhmm(hhmm: string): number {
  const m = HHMM_RE.exec(hhmm);
  if (m) {
    const h = Number(m[1]);
    const mi = Number(m[2]);
    if (mi < 60 && (h < 24 || (h === 24 && mi === 0))) return h * 60 + mi;
  }
  throw new RangeError(`Not a valid HH:MM time: "${hhmm}"`);
}

export function formatHhmm(minute: number): string {
  return `${pad2(Math.floor(minute / 60))}:${pad2(minute % 60)}`;
}

/** ISO weekday of epoch day `day`: 1 = Monday .. 7 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOfEpochDay(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

export interface VnParts {
  date: string;
  /** Minute of the day, 0..1439. */
  minute: number;
  /** ISO weekday, 1 = Monday .. 7 = Sunday. */
  weekday: number;
}

export function vnParts(ms: number): VnParts {
  const local = ms + VN_OFFSET_MS;
  const day = Math.floor(local / DAY_MS);
  return {
    date: dateOfEpochDay(day),
    minute: Math.floor((local - day * DAY_MS) / MINUTE_MS),
    weekday: weekdayOfEpochDay(day),
  };
}

/** Epoch ms of Vietnam midnight starting epoch day `day`. */
export function vnDayStart(day: number): number {
  return day * DAY_MS - VN_OFFSET_MS;
}

/** Epoch ms of the Vietnam wall time `hhmm` on `date`. */
export function vnInstant(date: string, hhmm: string): number {
  return vnDayStart(epochDay(date)) + parseHhmm(hhmm) * MINUTE_MS;
}

/**
 * ISO 8601 with the +07:00 offset, e.g. `2026-11-21T14:32:05+07:00`. Milliseconds are written only when non-zero,
 * so the string stays lossless without cluttering the common whole-second case.
 */
export function vnIso(ms: number): string {
  const local = ms + VN_OFFSET_MS;
  const day = Math.floor(local / DAY_MS);
  const inDay = local - day * DAY_MS;
  const h = Math.floor(inDay / 3600_000);
  const mi = Math.floor((inDay % 3600_000) / MINUTE_MS);
  const s = Math.floor((inDay % MINUTE_MS) / 1000);
  const frac = inDay % 1000;
  const fracText = frac === 0 ? '' : `.${String(frac).padStart(3, '0')}`;
  return `${dateOfEpochDay(day)}T${pad2(h)}:${pad2(mi)}:${pad2(s)}${fracText}+07:00`;
}

/** `2026-04-30` -> `30/04/2026`, the form NĐ 30/2020 uses in tables and registers. */
export function formatVnDate(date: string): string {
  epochDay(date);
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}

/** `HH:MM dd/mm/yyyy` in Vietnam time. */
export function formatVnDateTime(ms: number): string {
  const p = vnParts(ms);
  return `${formatHhmm(p.minute)} ${formatVnDate(p.date)}`;
}

export function addDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`addDays needs an integer, got ${n}`);
  return dateOfEpochDay(epochDay(date) + n);
}

/** ISO weekday of a date: 1 = Monday .. 7 = Sunday. */
export function weekdayOf(date: string): number {
  return weekdayOfEpochDay(epochDay(date));
}

/** The Vietnam calendar date at instant `ms` (take `ms` from env's clock, never from `Date.now()` here). */
export function todayVn(ms: number): string {
  return dateOfEpochDay(Math.floor((ms + VN_OFFSET_MS) / DAY_MS));
}

/** Calendar days from `a` to `b` (`b - a`): positive when `b` is later. */
export function daysBetween(a: string, b: string): number {
  return epochDay(b) - epochDay(a);
}
