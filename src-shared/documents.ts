import { fold } from './vn/text';

// Code tables of official documents shared by the core and the renderer: urgency (edXML Priority, standards §1.8),
// how a document was received, secrecy levels (refused, requirements §1), refusal reasons (PY 5.6), handling states.

/** The longest search query accepted (characters): longer ones are refused, and the search boxes stop there. */
export const SEARCH_MAX = 300;

export const URGENCY_LABELS = ['Thường', 'Khẩn', 'Thượng khẩn', 'Hỏa tốc', 'Hỏa tốc hẹn giờ'] as const;
/** 0 Thường, 1 Khẩn, 2 Thượng khẩn, 3 Hỏa tốc, 4 Hỏa tốc hẹn giờ — the edXML OtherInfo/Priority codes. */
export type Urgency = 0 | 1 | 2 | 3 | 4;

export const RECEIVED_VIA = {
  paper: 'Bản giấy (bưu điện)',
  hand: 'Nhận trực tiếp',
  hub: 'Trục liên thông',
  email: 'Thư điện tử',
  fax: 'Fax',
} as const;
export type ReceivedVia = keyof typeof RECEIVED_VIA;

export const SECRECY = {
  none: 'Không mật',
  mat: 'Mật',
  toi_mat: 'Tối mật',
  tuyet_mat: 'Tuyệt mật',
} as const;
export type Secrecy = keyof typeof SECRECY;

export const REFUSAL_REASONS = {
  wrong_recipient: 'Gửi sai nơi nhận',
  not_valid: 'Văn bản không đúng thể thức, không có giá trị pháp lý',
  other: 'Lý do khác',
} as const;
export type RefusalReason = keyof typeof REFUSAL_REASONS;

export const HANDLING = {
  new: 'Chưa xử lý',
  in_progress: 'Đang xử lý',
  done: 'Đã xử lý',
} as const;
export type HandlingStatus = keyof typeof HANDLING;

export const DOC_STATUS = {
  pending: 'Chờ vào sổ',
  registered: 'Đã vào sổ',
  voided: 'Đã hủy số',
  refused: 'Đã từ chối',
  // Outgoing (văn bản đi), as in OUT_STATUS of api/outgoing.ts.
  draft: 'Dự thảo',
  review: 'Đang trình duyệt',
  approved: 'Đã duyệt, chờ ban hành',
  issued: 'Đã ban hành',
  recalled: 'Đã thu hồi',
} as const;
export type DocStatus = keyof typeof DOC_STATUS;

export const FILE_ROLES = {
  main: 'Văn bản chính',
  attachment: 'Phụ lục, tài liệu kèm theo',
  paper_copy: 'Bản quét bản giấy',
} as const;
export type FileRole = keyof typeof FILE_ROLES;

/** Working hours within which an incoming document must be registered and passed on (PY 5.2). */
export const REGISTRATION_LIMIT_HOURS = 8;

/** A Party-style notation ("CV/HU" of "45-CV/HU"): letters first, then a slash; the number is joined with "-". */
const isPartyNotation = (notation: string) => /^\p{L}[^/]*\/\S/u.test(notation);

/** "12/QĐ-UBND" (or Party style "45-CV/HU") from its parts; numbers below 10 get a leading zero (NĐ 30, PL I II.3). */
export function formatCode(codeNumber: string | null, codeNotation: string | null): string {
  const n = codeNumber?.trim() ?? '';
  const num = /^\d$/.test(n) ? `0${n}` : n;
  if (num && codeNotation) return `${num}${isPartyNotation(codeNotation) ? '-' : '/'}${codeNotation}`;
  return num || codeNotation || '';
}

/**
 * Splits "12/QĐ-UBND" or "123/2024/QĐ-UBND" into number and notation at the first slash; the Party's style
 * ("45-CV/HU", "12-NQ/TU": number, hyphen, notation with a slash) at the hyphen. Anything without either is the number.
 */
export function splitCode(s: string): { codeNumber: string | null; codeNotation: string | null } {
  const t = s.normalize('NFC').replace(/\s+/g, '').replace(/^số:?/i, '');
  if (!t) return { codeNumber: null, codeNotation: null };
  const party = /^(\d+[a-zA-Z]?)-(\p{L}[^/]*\/.+)$/u.exec(t);
  if (party) return { codeNumber: party[1], codeNotation: party[2] };
  const slash = t.indexOf('/');
  if (slash < 0) return { codeNumber: t, codeNotation: null };
  return { codeNumber: t.slice(0, slash) || null, codeNotation: t.slice(slash + 1) || null };
}

/** Whether the subject already begins with the type name ("Quyết định về việc …"): then the type is not repeated. */
export function subjectStartsWithType(typeName: string | null, subject: string): boolean {
  return !!typeName && fold(subject).startsWith(fold(typeName));
}

/**
 * Column (6) of the register, "Tên loại và trích yếu": the type name before the subject unless the subject already
 * begins with it; "Về việc …" continues in lower case ("Công văn về việc …").
 */
export function typeAndSubject(typeName: string | null, subject: string): string {
  if (!typeName || subjectStartsWithType(typeName, subject)) return subject;
  const rest = /^(về|v\/v)(?=\s)/iu.test(subject) ? subject.charAt(0).toLowerCase() + subject.slice(1) : subject;
  return `${typeName} ${rest}`;
}
