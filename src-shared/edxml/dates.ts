// edXML dates and timestamps (standards §1.8): written `yyyy/MM/dd` and `yyyy/MM/dd HH:mm:ss` in Vietnam time
// (UTC+7, no DST); read in that form and in `dd/MM/yyyy[ HH:mm:ss]`. Never uses the host's time zone.

import { isValidDate, VN_OFFSET_MS } from '../calendar/vn-time';

const YMD = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const DMY = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export interface ParsedEdxmlTime {
  /** Calendar date `YYYY-MM-DD`. */
  date: string;
  /** Seconds since midnight, or null when only a date was written. */
  seconds: number | null;
}

/** Reads `yyyy/MM/dd[ HH:mm[:ss]]` or `dd/MM/yyyy[ HH:mm[:ss]]` ('-' also accepted); null if not a real date/time. */
export function parseEdxmlTime(s: string): ParsedEdxmlTime | null {
  const t = s.trim();
  let y: string, mo: string, d: string, h: string | undefined, mi: string | undefined, se: string | undefined;
  let m = YMD.exec(t);
  if (m) [, y, mo, d, h, mi, se] = m as unknown as [string, string, string, string, string?, string?, string?];
  else if ((m = DMY.exec(t))) [, d, mo, y, h, mi, se] = m as unknown as [string, string, string, string, string?, string?, string?];
  else return null;
  const date = `${y}-${pad(Number(mo))}-${pad(Number(d))}`;
  if (!isValidDate(date)) return null;
  if (h === undefined) return { date, seconds: null };
  const hh = Number(h);
  const mm = Number(mi);
  const ss = Number(se ?? 0);
  if (hh > 23 || mm > 59 || ss > 59) return null;
  return { date, seconds: hh * 3600 + mm * 60 + ss };
}

/** `YYYY-MM-DD` -> `yyyy/MM/dd`. */
export function formatEdxmlDate(date: string): string {
  return date.replaceAll('-', '/');
}

/** Epoch ms -> `yyyy/MM/dd HH:mm:ss` in Vietnam time (milliseconds are dropped: the format has none). */
export function formatEdxmlTimestamp(ms: number): string {
  const d = new Date(Math.floor(ms / 1000) * 1000 + VN_OFFSET_MS);
  return `${pad(d.getUTCFullYear(), 4)}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ` + `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** A parsed time -> epoch ms, reading it as Vietnam wall-clock time (a date alone means 00:00:00). */
export function epochMsOf(t: ParsedEdxmlTime): number {
  const [y, mo, d] = t.date.split('-').map(Number) as [number, number, number];
  const u = new Date(0);
  u.setUTCFullYear(y, mo - 1, d);
  return u.getTime() + (t.seconds ?? 0) * 1000 - VN_OFFSET_MS;
}
