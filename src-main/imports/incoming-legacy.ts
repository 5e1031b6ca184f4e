// Old incoming registers (sổ đăng ký văn bản đến kept in Excel): import fields, column mapping, and the check of every
// row into records ready to insert; the agency directory file is agency-directory.ts. Pure: no database, no numbering,
// no file reading (table-file.ts reads), and never a silent fix — a value that does not fit is reported, not truncated.

import type { ImportMapping, ImportRowError } from '../../src-shared/api/imports';
import { splitCode, type Urgency } from '../../src-shared/documents';
import { ERROR_MESSAGES } from '../../src-shared/errors';
import { fold } from '../../src-shared/vn/text';
import { parsePositiveInt, parseVnDate } from './cell-values';
import { oddCharacter } from './legacy-encoding';
import { checkMapping, short, type ImportField } from './field-mapping';
import { headerKey, matchColumns } from './header-match';
import type { TableFile } from './table-file';

/**
 * The columns of the incoming register (NĐ 30/2020 Phụ lục IV) in register order, then the extra columns offices
 * often keep. Synonyms are folded header words (see headerKey).
 */
export const IMPORT_FIELDS: ImportField[] = [
  {
    key: 'arrivalDate', // ngày đến
    label: 'Ngày đến',
    required: true,
    synonyms: ['ngay den', 'ngay nhan', 'ngay thang den', 'ngay den van ban', 'ngay nhan van ban', 'ngay thang nhan'],
  },
  {
    key: 'arrivalNumber', // số đến
    label: 'Số đến',
    required: false,
    synonyms: ['so den', 'so van ban den', 'so thu tu den', 'so den van ban'],
  },
  {
    key: 'issuerName', // tác giả, cơ quan ban hành
    label: 'Tác giả (cơ quan ban hành)',
    required: true,
    synonyms: [
      'tac gia',
      'co quan ban hanh',
      'tac gia co quan ban hanh',
      'noi gui',
      'noi gui van ban',
      'noi ban hanh',
      'co quan gui',
      'don vi gui',
      'co quan to chuc ban hanh',
      'co quan ban hanh van ban',
      'don vi ban hanh',
    ],
  },
  {
    key: 'code', // số, ký hiệu
    label: 'Số, ký hiệu',
    required: false,
    synonyms: ['so ky hieu', 'so va ky hieu', 'so ky hieu van ban', 'so va ky hieu van ban', 'so hieu', 'so hieu van ban', 'ky hieu', 'ky hieu van ban'],
  },
  {
    key: 'issuedDate', // ngày tháng văn bản
    label: 'Ngày tháng văn bản',
    required: false,
    synonyms: ['ngay thang van ban', 'ngay van ban', 'ngay thang', 'ngay ban hanh', 'ngay thang nam van ban', 'ngay ky', 'ngay thang ban hanh'],
  },
  {
    key: 'typeName', // tên loại
    label: 'Tên loại',
    required: false,
    synonyms: ['ten loai', 'loai', 'loai van ban', 'ten loai van ban', 'the loai'],
  },
  {
    key: 'subject', // trích yếu nội dung
    label: 'Trích yếu nội dung',
    required: true,
    synonyms: [
      'trich yeu',
      'trich yeu noi dung',
      'ten loai va trich yeu',
      'ten loai va trich yeu noi dung',
      'ten loai va trich yeu noi dung van ban',
      'trich yeu noi dung van ban',
      'noi dung',
      'noi dung van ban',
      'noi dung trich yeu',
    ],
  },
  {
    key: 'recipient', // đơn vị hoặc người nhận
    label: 'Đơn vị hoặc người nhận',
    required: false,
    synonyms: ['don vi hoac nguoi nhan', 'don vi nguoi nhan', 'nguoi nhan', 'don vi nhan', 'noi nhan', 'nguoi nhan van ban', 'don vi ca nhan nhan'],
  },
  {
    key: 'transferDate', // ngày chuyển
    label: 'Ngày chuyển',
    required: false,
    synonyms: ['ngay chuyen', 'ngay chuyen giao', 'ngay chuyen van ban', 'ngay giao'],
  },
  { key: 'notes', label: 'Ghi chú', required: false, synonyms: ['ghi chu'] },
  {
    key: 'urgency', // độ khẩn (often one column with the secrecy level: "Độ mật, khẩn")
    label: 'Độ khẩn',
    required: false,
    synonyms: ['do khan', 'muc do khan', 'do mat khan', 'do mat do khan', 'muc do mat khan', 'do khan mat', 'khan'],
  },
  { key: 'pageCount', label: 'Số trang', required: false, synonyms: ['so trang', 'so to', 'so trang van ban', 'so luong trang'] },
  {
    // Not a column of the decree's register, but where a file has it, it is the plainest mark of a secret document.
    key: 'secrecy', // độ mật
    label: 'Độ mật',
    required: false,
    synonyms: ['do mat', 'muc do mat', 'mat'],
  },
];

export interface LegacyRecord {
  row: number;
  arrivalDate: string;
  arrivalNumber: number | null;
  /** Số đến cũ: the old book's number as written, kept when new numbers are given. */
  oldArrivalNumber?: string | null;
  issuerName: string;
  codeNumber: string | null;
  codeNotation: string | null;
  issuedDate: string | null;
  docTypeId: number | null;
  typeName: string | null;
  subject: string;
  recipient: string | null;
  transferDate: string | null;
  notes: string | null;
  urgency: Urgency;
  pageCount: number | null;
}

export interface DocTypeRef {
  id: number;
  name: string;
  /** Viết tắt ("QĐ"): a type column holding abbreviations resolves too. */
  abbr?: string | null;
}

export interface LegacyOptions {
  /** The register's year: every arrival date must fall in it. */
  year: number;
  docTypes: DocTypeRef[];
  /** Today in Vietnam (YYYY-MM-DD): a document cannot have arrived after it. */
  today?: string;
  /**
   * keep (default): the file's numbers become the numbers, so each must be a unique positive whole number;
   * allocate: new numbers are given and the old one is only kept as "số đến cũ", as written ("12a" too).
   */
  numbering?: 'keep' | 'allocate';
}

/** Limits of the stored fields (standards §3.10, the incoming contract); longer values are rejected. */
export const LIMITS = {
  subject: 500,
  issuerName: 200,
  codeNumber: 11,
  codeNotation: 30,
  oldArrivalNumber: 20,
  typeName: 100,
  recipient: 200,
  notes: 2000,
  pageCount: 9999,
};

// ---- mapping ---------------------------------------------------------------------------------------------------

/** Field key -> column index, from the header's words; a column never serves two fields. */
export function suggestMapping(header: string[]): ImportMapping {
  return Object.fromEntries(matchColumns(header, IMPORT_FIELDS));
}

const labelOf = (key: string) => IMPORT_FIELDS.find((f) => f.key === key)?.label ?? key;

// ---- values ----------------------------------------------------------------------------------------------------

/** Folded words only: "Thượng khẩn!" -> "thuong khan". For short values; subjects are never folded whole. */
const words = (s: string) =>
  fold(s)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

const URGENCY_WORDS = new Map<string, Urgency>([
  ['', 0],
  ['thuong', 0],
  ['binh thuong', 0],
  ['khong', 0],
  ['khong khan', 0],
  ['0', 0],
  ['khan', 1],
  ['1', 1],
  ['thuong khan', 2],
  ['2', 2],
  ['hoa toc', 3],
  ['3', 3],
  ['hoa toc hen gio', 4],
]);

/** Secrecy levels as a clerk writes them, lower-case: with diacritics, or none at all — never "mặt" or "mát". */
const SECRECY_WORDS = new Map<string, string>([
  ['mật', 'Mật'],
  ['tối mật', 'Tối mật'],
  ['tuyệt mật', 'Tuyệt mật'],
  ['mat', 'Mật'],
  ['toi mat', 'Tối mật'],
  ['tuyet mat', 'Tuyệt mật'],
]);
const NOT_SECRET = new Set(['', 'khong', 'khong mat', 'thuong', 'binh thuong', 'khong co']);

interface Token {
  /** Lower-case words with their diacritics, for secrecy levels. */
  lower: string;
  /** Folded words, for urgency words. */
  folded: string;
}

/** Parts of a short cell such as "Khẩn, Mật" or "Độ khẩn: Thượng khẩn", each without its "độ khẩn/độ mật" prefix. */
function tokens(cell: string): Token[] {
  const out: Token[] = [];
  for (const part of cell.toLowerCase().split(/[,;/+|&\n]|\s[-–]\s|\s(?:và|va)\s/u)) {
    const lower = part
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim()
      .replace(/^(?:mức |muc )?(?:độ|do) (?:khẩn|mật|khan|mat) /u, '');
    if (lower) out.push({ lower, folded: words(lower) });
  }
  return out;
}

// In free text (subjects, notes) only a level set apart as a stamp counts — "(MẬT)", "[Tối mật]", "MẬT - …",
// "Độ mật: Mật". A level inside a sentence is left alone: "bảo vệ bí mật nhà nước" or "danh mục tài liệu tối mật"
// are subjects, not classifications.
const LEVEL = '(tuyệt mật|tối mật|mật|tuyet mat|toi mat|mat)';
/** Cheap first look (most subjects never mention a level); the marks below decide. */
const MAYBE_LEVEL = /m[aậ]t/i;
const MARKS: RegExp[] = [
  new RegExp(`[(\\[{]\\s*${LEVEL}\\s*[)\\]}]`, 'u'),
  new RegExp(`^${LEVEL}\\s*(?:[-–:.,;/]|$)`, 'u'),
  new RegExp(`(?:độ mật|do mat)\\s*[:\\-–]?\\s*${LEVEL}(?![\\p{L}\\p{N}])`, 'u'),
];

function markedLevel(text: string): string | null {
  if (!text || !MAYBE_LEVEL.test(text)) return null;
  const lower = text.toLowerCase();
  for (const re of MARKS) {
    const m = re.exec(lower);
    if (m) return SECRECY_WORDS.get(m[1]) ?? null;
  }
  return null;
}

/** Secrecy level named as a whole part of a short cell ("Mật", "Khẩn, Mật", "Độ mật: Tối mật"). */
function levelInTokens(parts: Token[]): string | null {
  for (const t of parts) {
    const level = SECRECY_WORDS.get(t.lower);
    if (level) return level;
  }
  return null;
}

// ---- doc types -------------------------------------------------------------------------------------------------

interface TypeIndex {
  byName: Map<string, DocTypeRef>;
  /** Folded names, longest first, for finding a type at the start of a combined "Tên loại và trích yếu" cell. */
  prefixes: Array<{ key: string; type: DocTypeRef }>;
  maxWords: number;
  cache: Map<string, DocTypeRef | null>;
}

function typeIndex(docTypes: DocTypeRef[]): TypeIndex {
  const byName = new Map<string, DocTypeRef>();
  for (const t of docTypes) {
    const k = words(t.name);
    if (k && !byName.has(k)) byName.set(k, t);
  }
  for (const t of docTypes) {
    // Abbreviations only where they are not also a name ("QĐ" -> Quyết định).
    const k = t.abbr ? words(t.abbr) : '';
    if (k && !byName.has(k)) byName.set(k, t);
  }
  const prefixes = docTypes
    .map((type) => ({ key: words(type.name), type }))
    .filter((p) => p.key)
    .sort((a, b) => b.key.length - a.key.length);
  const maxWords = prefixes.reduce((m, p) => Math.max(m, p.key.split(' ').length), 0);
  return { byName, prefixes, maxWords, cache: new Map() };
}

function typeByName(idx: TypeIndex, name: string): DocTypeRef | null {
  return idx.byName.get(words(name)) ?? null;
}

/** The type a combined subject starts with ("Quyết định về việc …" -> Quyết định); only its first words are folded. */
function typeAtStart(idx: TypeIndex, subject: string): DocTypeRef | null {
  const head = subject.split(/\s+/, idx.maxWords).join(' ');
  const cached = idx.cache.get(head);
  if (cached !== undefined) return cached;
  const key = words(head);
  let found: DocTypeRef | null = null;
  for (const p of idx.prefixes) {
    if (key === p.key || key.startsWith(`${p.key} `)) {
      found = p.type;
      break;
    }
  }
  idx.cache.set(head, found);
  return found;
}

// ---- rows ------------------------------------------------------------------------------------------------------

interface RowContext {
  year: number;
  today: string | null;
  keepNumbers: boolean;
  /** Column index of every field, -1 when not mapped. */
  at: Record<string, number>;
  combinedSubject: boolean;
  types: TypeIndex;
  seenNumbers: Map<number, number>;
  urgencyCache: Map<string, { urgency: Urgency | null; level: string | null }>;
  errors: ImportRowError[];
}

function dateField(ctx: RowContext, row: number, key: string, value: string): string | null {
  const r = parseVnDate(value);
  if (r.ok) return r.iso;
  const message =
    r.problem === 'impossible' ? `${labelOf(key)} "${short(value)}" không phải ngày có thật (${r.detail}).` : `${labelOf(key)} "${short(value)}" không đọc được: ${r.detail}.`;
  ctx.errors.push({ row, field: key, message });
  return null;
}

function tooLong(ctx: RowContext, row: number, key: string, value: string, max: number, label = labelOf(key)): boolean {
  if (value.length <= max) return false;
  ctx.errors.push({
    row,
    field: key,
    message: `${label} "${short(value)}" dài ${value.length} ký tự, vượt quá ${max} ký tự cho phép. Hãy sửa trong tệp rồi nhập lại.`,
  });
  return true;
}

function urgencyOf(ctx: RowContext, value: string): { urgency: Urgency | null; level: string | null } {
  let r = ctx.urgencyCache.get(value);
  if (r) return r;
  let urgency: Urgency | null = 0;
  let level: string | null = null;
  for (const t of tokens(value)) {
    const u = URGENCY_WORDS.get(t.folded);
    const secret = SECRECY_WORDS.get(t.lower);
    if (u !== undefined) urgency = urgency === null ? null : (Math.max(urgency, u) as Urgency);
    else if (secret) level = secret;
    else if (!NOT_SECRET.has(t.folded)) urgency = null;
  }
  r = { urgency, level };
  ctx.urgencyCache.set(value, r);
  return r;
}

function secretError(ctx: RowContext, row: number, key: string, level: string): void {
  ctx.errors.push({ row, field: key, message: `Văn bản có độ mật "${level}" (cột ${labelOf(key)}). ${ERROR_MESSAGES.secret_document}` });
}

/** The cell of a mapped column; '' for an unmapped one (index -1). */
function cellAt(cells: string[], i: number): string {
  return i < 0 ? '' : (cells[i] ?? '');
}

/** Text that still looks garbled (an old font's letters, control characters) is never imported silently. */
function checkGarbled(ctx: RowContext, row: number, cells: string[]): void {
  for (const key of GARBLE_CHECKED) {
    const value = cellAt(cells, ctx.at[key]);
    const ch = value ? oddCharacter(value) : null;
    if (!ch) continue;
    const code = `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    const shown = ch < ' ' || (ch >= '\u007f' && ch <= '\u009f') ? code : `"${ch}" (${code})`;
    ctx.errors.push({
      row,
      field: key,
      message:
        `${labelOf(key)} "${short(value, 40)}" có ký tự lạ ${shown}: chữ có thể được gõ bằng bảng mã cũ TCVN3 (ABC) hoặc VNI. ` +
        'Hãy chọn đúng bảng mã ở bước xem trước, hoặc chuyển tệp sang Unicode rồi nhập lại.',
    });
  }
}
const GARBLE_CHECKED = ['issuerName', 'code', 'typeName', 'subject', 'recipient', 'notes'];

function missing(ctx: RowContext, row: number, key: string): void {
  ctx.errors.push({ row, field: key, message: `Thiếu ${labelOf(key).toLowerCase()}.` });
}

/** Secret documents: such a row must never be imported, whatever else is wrong with it. */
function checkSecrecy(ctx: RowContext, row: number, cells: string[], urgencyLevel: string | null): void {
  const secrecyText = cellAt(cells, ctx.at.secrecy);
  if (secrecyText) {
    const parts = tokens(secrecyText);
    const level = levelInTokens(parts) ?? markedLevel(secrecyText);
    if (level) secretError(ctx, row, 'secrecy', level);
    else if (!parts.every((t) => NOT_SECRET.has(t.folded))) {
      ctx.errors.push({ row, field: 'secrecy', message: `Độ mật "${short(secrecyText)}" không hợp lệ; chỉ nhập được văn bản không mật.` });
    }
  }
  if (urgencyLevel) secretError(ctx, row, 'urgency', urgencyLevel);
  const notes = cellAt(cells, ctx.at.notes);
  // A short note is read part by part ("Khẩn, Mật"); a long one only for stamp-like marks.
  const notesLevel = notes ? ((notes.length <= 100 ? levelInTokens(tokens(notes)) : null) ?? markedLevel(notes)) : null;
  if (notesLevel) secretError(ctx, row, 'notes', notesLevel);
  const subjectLevel = markedLevel(cellAt(cells, ctx.at.subject));
  if (subjectLevel) secretError(ctx, row, 'subject', subjectLevel);
}

function arrivalDateOf(ctx: RowContext, row: number, text: string): string | null {
  if (!text) {
    missing(ctx, row, 'arrivalDate');
    return null;
  }
  const iso = dateField(ctx, row, 'arrivalDate', text);
  if (iso && Number(iso.slice(0, 4)) !== ctx.year) {
    ctx.errors.push({ row, field: 'arrivalDate', message: `Ngày đến "${short(text)}" không thuộc năm ${ctx.year} của sổ.` });
  } else if (iso && ctx.today && iso > ctx.today) {
    const [y, m, d] = ctx.today.split('-');
    ctx.errors.push({
      row,
      field: 'arrivalDate',
      message: `Ngày đến "${short(text)}" là ngày trong tương lai (hôm nay là ${d}/${m}/${y}); sổ cũ chỉ ghi văn bản đã đến.`,
    });
  }
  return iso;
}

function arrivalNumberOf(ctx: RowContext, row: number, text: string): number | null {
  if (!text) return null;
  const n = parsePositiveInt(text);
  if (!ctx.keepNumbers) {
    // Only kept as "số đến cũ": any short mark the old book used ("12a", "12/BS") will do, repeats included.
    tooLong(ctx, row, 'arrivalNumber', text, LIMITS.oldArrivalNumber, 'Số đến cũ');
    return n;
  }
  if (n === null) {
    ctx.errors.push({ row, field: 'arrivalNumber', message: `Số đến "${short(text)}" phải là số nguyên dương.` });
    return null;
  }
  const first = ctx.seenNumbers.get(n);
  if (first !== undefined) ctx.errors.push({ row, field: 'arrivalNumber', message: `Số đến ${n} trùng với dòng ${first}.` });
  else ctx.seenNumbers.set(n, row);
  return n;
}

function codeOf(ctx: RowContext, row: number, text: string): { codeNumber: string | null; codeNotation: string | null } {
  if (!text) return { codeNumber: null, codeNotation: null };
  const code = splitCode(text);
  if (code.codeNumber) tooLong(ctx, row, 'code', code.codeNumber, LIMITS.codeNumber, `Số văn bản (trong "${short(text, 40)}")`);
  if (code.codeNotation) tooLong(ctx, row, 'code', code.codeNotation, LIMITS.codeNotation, 'Ký hiệu');
  return code;
}

/** From the type column, or from the start of a combined "Tên loại và trích yếu" subject; unknown names keep no id. */
function typeOf(ctx: RowContext, row: number, typeText: string, subject: string): { docTypeId: number | null; typeName: string | null } {
  if (typeText) {
    tooLong(ctx, row, 'typeName', typeText, LIMITS.typeName);
    const type = typeByName(ctx.types, typeText);
    // An abbreviation ("QĐ") is stored as the type's name; any other spelling as the clerk wrote it.
    const typeName = type && words(type.abbr ?? '') === words(typeText) ? type.name : typeText;
    return { docTypeId: type?.id ?? null, typeName };
  }
  if (ctx.combinedSubject && subject) {
    const type = typeAtStart(ctx.types, subject);
    return { docTypeId: type?.id ?? null, typeName: type?.name ?? null };
  }
  return { docTypeId: null, typeName: null };
}

function pageCountOf(ctx: RowContext, row: number, text: string): number | null {
  if (!text) return null;
  const n = parsePositiveInt(text, LIMITS.pageCount);
  if (n === null) ctx.errors.push({ row, field: 'pageCount', message: `Số trang "${short(text)}" phải là số nguyên từ 1 đến ${LIMITS.pageCount}.` });
  return n;
}

function normalizeRow(ctx: RowContext, r: { row: number; cells: string[] }): LegacyRecord | null {
  const { row, cells } = r;
  const at = ctx.at;
  const before = ctx.errors.length;

  const urgencyText = cellAt(cells, at.urgency);
  const urg = urgencyText ? urgencyOf(ctx, urgencyText) : { urgency: 0 as Urgency, level: null };
  checkSecrecy(ctx, row, cells, urg.level);
  checkGarbled(ctx, row, cells);

  const arrivalText = cellAt(cells, at.arrivalDate);
  const arrivalDate = arrivalDateOf(ctx, row, arrivalText);
  const arrivalNumberText = cellAt(cells, at.arrivalNumber);
  const arrivalNumber = arrivalNumberOf(ctx, row, arrivalNumberText);

  const issuerName = cellAt(cells, at.issuerName);
  if (!issuerName) missing(ctx, row, 'issuerName');
  else tooLong(ctx, row, 'issuerName', issuerName, LIMITS.issuerName);

  const { codeNumber, codeNotation } = codeOf(ctx, row, cellAt(cells, at.code));

  const issuedText = cellAt(cells, at.issuedDate);
  const issuedDate = issuedText ? dateField(ctx, row, 'issuedDate', issuedText) : null;
  if (issuedDate && arrivalDate && issuedDate > arrivalDate) {
    ctx.errors.push({
      row,
      field: 'issuedDate',
      message: `Ngày tháng văn bản "${short(issuedText)}" sau ngày đến "${short(arrivalText)}": văn bản không thể đến trước ngày ban hành.`,
    });
  }

  const subject = cellAt(cells, at.subject);
  if (!subject) missing(ctx, row, 'subject');
  else tooLong(ctx, row, 'subject', subject, LIMITS.subject);
  const { docTypeId, typeName } = typeOf(ctx, row, cellAt(cells, at.typeName), subject);

  const recipient = cellAt(cells, at.recipient);
  if (recipient) tooLong(ctx, row, 'recipient', recipient, LIMITS.recipient);
  const transferText = cellAt(cells, at.transferDate);
  const transferDate = transferText ? dateField(ctx, row, 'transferDate', transferText) : null;
  const notes = cellAt(cells, at.notes);
  if (notes) tooLong(ctx, row, 'notes', notes, LIMITS.notes);

  if (urg.urgency === null) {
    ctx.errors.push({
      row,
      field: 'urgency',
      message: `Độ khẩn "${short(urgencyText)}" không hợp lệ; dùng Thường, Khẩn, Thượng khẩn hoặc Hỏa tốc (hoặc để trống).`,
    });
  }
  const pageCount = pageCountOf(ctx, row, cellAt(cells, at.pageCount));

  if (ctx.errors.length > before || !arrivalDate) return null;
  return {
    row,
    arrivalDate,
    arrivalNumber,
    oldArrivalNumber: arrivalNumberText || null,
    issuerName,
    codeNumber,
    codeNotation,
    issuedDate,
    docTypeId,
    typeName,
    subject,
    recipient: recipient || null,
    transferDate,
    notes: notes || null,
    urgency: urg.urgency ?? 0,
    pageCount,
  };
}

/**
 * Every row of an old register checked and turned into a record. Rows with any problem give errors instead, and
 * every problem of every row is reported (not just the first), with the row numbers the clerk sees in Excel.
 */
export function normalizeLegacyRows(file: TableFile, mapping: ImportMapping, opts: LegacyOptions): { records: LegacyRecord[]; errors: ImportRowError[] } {
  const errors: ImportRowError[] = [];
  const cols = checkMapping(file, mapping, IMPORT_FIELDS, errors);
  if (errors.length) return { records: [], errors };
  const subjectCol = cols.get('subject');
  const ctx: RowContext = {
    year: opts.year,
    today: opts.today ?? null,
    keepNumbers: (opts.numbering ?? 'keep') === 'keep',
    at: Object.fromEntries(IMPORT_FIELDS.map((f) => [f.key, cols.get(f.key) ?? -1])),
    // "Tên loại và trích yếu": the type is the first words of the subject (Phụ lục IV column 6).
    combinedSubject: subjectCol !== undefined && /\b(ten loai|loai van ban)\b/.test(headerKey(file.header[subjectCol] ?? '')),
    types: typeIndex(opts.docTypes),
    seenNumbers: new Map(),
    urgencyCache: new Map(),
    errors,
  };
  const records: LegacyRecord[] = [];
  for (const r of file.rows) {
    const rec = normalizeRow(ctx, r);
    if (rec) records.push(rec);
  }
  return { records, errors };
}
