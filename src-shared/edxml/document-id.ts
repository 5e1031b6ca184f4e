// DocumentId, the correlation key of liên thông (standards §1.4): `<OrganId>,<yyyy/MM/dd>,<CodeNumber>/<CodeNotation>`.
// Builds and splits it; the notation keeps whatever it holds ('/', '-', Đ …). Does not normalise an id it reads.

import { formatEdxmlDate, parseEdxmlTime } from './dates';
import { AGENCY_CODE_RE } from './types';

export interface ParsedDocumentId {
  organId: string;
  /** `YYYY-MM-DD`. */
  date: string;
  number: string;
  notation: string;
}

/** The DocumentId of a document issued by `organId` on `date` (`YYYY-MM-DD`) with số `number` and ký hiệu `notation`. */
export function documentIdOf(organId: string, date: string, number: string, notation: string): string {
  return `${organId},${formatEdxmlDate(date)},${number}/${notation}`;
}

/**
 * Splits a DocumentId, or null when it is not of the §1.4 form. The number runs to the first '/', the notation is the
 * rest (it may contain '/' itself, e.g. `12/2026/QĐ-UBND`). The date may also be written `dd/MM/yyyy` (old senders).
 */
export function parseDocumentId(s: string): ParsedDocumentId | null {
  const c1 = s.indexOf(',');
  const c2 = c1 < 0 ? -1 : s.indexOf(',', c1 + 1);
  if (c2 < 0) return null;
  const organId = s.slice(0, c1).trim();
  const t = parseEdxmlTime(s.slice(c1 + 1, c2));
  const code = s.slice(c2 + 1).trim();
  const slash = code.indexOf('/');
  if (organId.length > 35 || !AGENCY_CODE_RE.test(organId) || !t || t.seconds !== null || slash <= 0) return null;
  const number = code.slice(0, slash).trim();
  const notation = code.slice(slash + 1).trim();
  if (!number || !notation) return null;
  return { organId, date: t.date, number, notation };
}

/**
 * Whether a DocumentId read from a packet is usable as the correlation key: the §1.4 shape (issuer code, a date of
 * digits, số/ký hiệu), WITHOUT checking that the date exists. Real senders write ids such as
 * `000.00.00.G22,2014/02/30,7806/VPCP-TTĐT` (30 February) and every later status quotes them verbatim, so refusing
 * one would lose a real document; the id is kept exactly as written and never parsed for meaning.
 */
export function isDocumentIdShape(s: string): boolean {
  if (s.length > 200) return false;
  const parts = /^([^,]+),\s*(\d{1,4}[/-]\d{1,2}[/-]\d{1,4}),(.+)$/.exec(s);
  if (!parts) return false;
  const organId = parts[1].trim();
  const code = parts[3].trim();
  const slash = code.indexOf('/');
  return organId.length <= 35 && AGENCY_CODE_RE.test(organId) && slash > 0 && slash < code.length - 1;
}
