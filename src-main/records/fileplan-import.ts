// Reads a Danh mục hồ sơ kept in Excel or CSV (the printed Phụ lục V layout) into headings and lines for the editor.
// Judges cells only: table-file.ts reads the file (formats, merged cells, old fonts); nothing is saved and no database
// is touched here. NĐ 30/2020 Phụ lục V (standards §3.11); retention values as in §4.3.

import type { ZodType } from 'zod';
import type { ImportRowError } from '../../src-shared/api/imports';
import {
  filePlanHeadingInput,
  filePlanLineInput,
  filePlanSubheadingInput,
  type FilePlanHeadingInput,
  type FilePlanImportResult,
  type FilePlanLineInput,
  type RetentionDto,
} from '../../src-shared/api/records';
import { AppError } from '../../src-shared/errors';
import { fold } from '../../src-shared/vn/text';
import { short, type ImportField } from '../imports/field-mapping';
import { matchColumns } from '../imports/header-match';
import { readTableFile, type TableFile } from '../imports/table-file';

/** Columns of Phụ lục V (plus the STT column some offices add before them). Synonyms are folded words. */
export const FILEPLAN_FIELDS: ImportField[] = [
  { key: 'ordinal', label: 'STT', required: false, synonyms: ['stt', 'tt', 'so tt', 'so thu tu'] },
  {
    key: 'code',
    label: 'Số và ký hiệu hồ sơ',
    required: false,
    synonyms: ['so va ky hieu ho so', 'so ky hieu ho so', 'so va ky hieu', 'so ky hieu', 'ky hieu ho so', 'so hieu ho so', 'ma ho so', 'so ho so', 'ky hieu'],
  },
  {
    key: 'title',
    label: 'Tên đề mục và tiêu đề hồ sơ',
    required: true,
    synonyms: [
      'ten de muc va tieu de ho so',
      'ten de muc tieu de ho so',
      'de muc va tieu de ho so',
      'ten de muc va tieu de',
      'tieu de ho so',
      'ten ho so',
      'ten de muc',
      'tieu de',
    ],
  },
  {
    key: 'retention',
    label: 'Thời hạn bảo quản',
    required: true,
    synonyms: ['thoi han bao quan', 'thoi gian bao quan', 'han bao quan', 'thoi han', 'thbq'],
  },
  {
    key: 'keeper',
    label: 'Người lập hồ sơ',
    required: false,
    synonyms: ['nguoi lap ho so', 'don vi nguoi lap ho so', 'nguoi don vi lap ho so', 'don vi lap ho so', 'nguoi chiu trach nhiem lap ho so', 'nguoi lap'],
  },
  { key: 'notes', label: 'Ghi chú', required: false, synonyms: ['ghi chu'] },
];

/** What fileplan.save accepts in one list: more would be read here only to be refused there. */
export const MAX_LINES = 2000;
const MAX_HEADINGS = 100;
const MAX_SUBHEADINGS = 200;
/** Error texts quoted in the message itself; every one stays in details.errors. */
const MESSAGE_ERRORS = 20;

/** Roman numerals up to 199: đề mục lớn never come near it. */
const ROMAN = /^(?=[IVXLC])C?(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$/;
/** Số và ký hiệu hồ sơ: số thứ tự, a dot, the đề mục's abbreviation ("01.TCCB", "12.VP-HC"). */
const FILE_CODE = /^(\d{1,4})\s*\.\s*([A-Za-zĐđ0-9](?:[A-Za-zĐđ0-9-]*[A-Za-zĐđ0-9])?)$/;
/** The contract's rule for a viết tắt (records.ts `abbr`). */
const ABBR = /^[A-Z0-9](?:[A-Z0-9-]{0,13}[A-Z0-9])?$/;
/** "(TCCB)" closing a heading's title: capitals only, so "(Tiếp theo)" or "(tiếp)" is not taken for one. */
const TITLE_ABBR = /\s*\(\s*([A-ZĐ0-9][A-ZĐ0-9-]*)\s*\)\s*$/u;

type Numeral = { kind: 'roman' | 'arabic'; value: string };

interface LineDraft {
  row: number;
  input: FilePlanLineInput;
  /** The abbreviation in the file's own code for this line, when it had one. */
  codeAbbr: string | null;
  code: string;
}

interface SubDraft {
  row: number;
  title: string;
  lines: LineDraft[];
}

/** A warning kept with its row, so the list reads from the top of the sheet down. */
interface Warning {
  row: number;
  text: string;
}

interface HeadingDraft {
  row: number;
  title: string;
  /** From "(TCCB)" in the title; otherwise decided from the codes once all lines are read. */
  abbr: string | null;
  lines: LineDraft[];
  children: SubDraft[];
}

// ---- retention ------------------------------------------------------------------------------------------------

/** Folded words without punctuation, numbers without leading zeros: "Đến khi … + 05 năm" -> "den khi … 5 nam". */
function retentionKey(s: string): string {
  return fold(s)
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(/\b0+(\d)/g, '$1')
    .trim();
}

type RetentionMatch = { ok: true; retention: RetentionDto; exact: boolean } | { ok: false; message: string };

/**
 * The retention a cell means: "Vĩnh viễn"/"VV", a label as written (after folding), a number of years ("10",
 * "05 năm"), or the one label whose words are close enough (a condition written a little differently). Anything
 * else, and anything close to two labels, is an error: the clerk decides, the importer never guesses between two.
 */
export function retentionMatcher(retentions: RetentionDto[]): (text: string) => RetentionMatch {
  const active = retentions.filter((r) => r.active).sort((a, b) => a.sortOrder - b.sortOrder || a.id - b.id);
  const keyed = active.map((r) => ({ r, key: retentionKey(r.label), words: new Set(retentionKey(r.label).split(' ')) }));
  const one = (list: RetentionDto[], preferredKey: string, what: string, text: string): RetentionMatch => {
    if (list.length === 1) return { ok: true, retention: list[0], exact: true };
    const preferred = list.filter((r) => retentionKey(r.label) === preferredKey);
    if (preferred.length === 1) return { ok: true, retention: preferred[0], exact: true };
    if (list.length === 0) return { ok: false, message: `thời hạn bảo quản "${short(text)}": bảng thời hạn bảo quản không có ${what}.` };
    return { ok: false, message: `thời hạn bảo quản "${short(text)}" ứng với nhiều giá trị trong bảng (${list.map((r) => `"${r.label}"`).join(', ')}).` };
  };
  return (text) => {
    const key = retentionKey(text);
    if (key === 'vinh vien' || key === 'vv') {
      return one(
        active.filter((r) => r.kind === 'permanent'),
        'vinh vien',
        'giá trị "Vĩnh viễn"',
        text,
      );
    }
    const exact = keyed.filter((k) => k.key === key);
    if (exact.length === 1) return { ok: true, retention: exact[0].r, exact: true };
    const years = /^(\d{1,3})(?: nam)?$/.exec(key);
    if (years) {
      const n = Number(years[1]);
      return one(
        active.filter((r) => r.kind === 'years' && r.years === n),
        `${n} nam`,
        `thời hạn ${String(n).padStart(2, '0')} năm`,
        text,
      );
    }
    // Closest label: most of the words shared (Jaccard ≥ 0.6) and the very same numbers, so "… + 05 năm" never
    // stands for "… + 10 năm".
    const words = new Set(key.split(' '));
    const numbers = (w: Set<string>) =>
      [...w]
        .filter((x) => /^\d+$/.test(x))
        .sort()
        .join(' ');
    const near = keyed.filter((k) => {
      let shared = 0;
      for (const w of words) if (k.words.has(w)) shared++;
      return shared / (words.size + k.words.size - shared) >= 0.6;
    });
    const close = near.filter((k) => numbers(k.words) === numbers(words));
    if (close.length === 1) return { ok: true, retention: close[0].r, exact: false };
    // Labels that differ only by their numbers are named to the clerk, never chosen for him.
    const named = close.length > 1 ? close : near;
    if (named.length > 0) {
      const labels = named.map((k) => `"${k.r.label}"`).join(', ');
      return {
        ok: false,
        message:
          named.length > 1
            ? `thời hạn bảo quản "${short(text)}" gần với nhiều giá trị trong bảng (${labels}); hãy ghi đúng một giá trị.`
            : `thời hạn bảo quản "${short(text)}" gần với ${labels} trong bảng; hãy ghi đúng giá trị đó.`,
      };
    }
    return { ok: false, message: `thời hạn bảo quản "${short(text)}" không có trong bảng thời hạn bảo quản.` };
  };
}

// ---- rows -----------------------------------------------------------------------------------------------------

/** A cell that holds only a numeral: "I", "II.", "1", "2)", "1.1". */
function numeralCell(s: string): Numeral | null {
  const roman = /^([IVXLC]+)\s*[.)]?$/.exec(s);
  if (roman && ROMAN.test(roman[1])) return { kind: 'roman', value: roman[1] };
  const arabic = /^(\d{1,3}(?:\.\d{1,3})*)\s*[.)]?$/.exec(s);
  if (arabic) return { kind: 'arabic', value: arabic[1] };
  return null;
}

/** A title opening with its numeral: "I. TỔ CHỨC - CÁN BỘ", "1. Tuyển dụng", "2) Khen thưởng", "III - Địa chính". */
function numberedTitle(s: string): { numeral: Numeral; rest: string } | null {
  const roman = /^([IVXLC]+)\s*[.)\-–:]\s*(\S.*)$/u.exec(s);
  if (roman && ROMAN.test(roman[1])) return { numeral: { kind: 'roman', value: roman[1] }, rest: roman[2] };
  const arabic = /^(\d{1,3}(?:\.\d{1,3})*)\s*[.)\-–:]\s*(\S.*)$/u.exec(s);
  if (arabic) return { numeral: { kind: 'arabic', value: arabic[1] }, rest: arabic[2] };
  return null;
}

/** Capitals without diacritics (Đ -> D), as a viết tắt is written. */
const asAbbr = (s: string) => fold(s).toUpperCase();

/** A proposed viết tắt: the initials of the title's words, folded ("Địa chính - Xây dựng" -> "DCXD"). */
export function proposeAbbr(title: string): string {
  const initials = fold(title)
    .split(/[^a-z0-9]+/)
    .filter((w) => /^[a-z]/.test(w))
    .map((w) => w[0])
    .join('')
    .toUpperCase()
    .slice(0, 15);
  return ABBR.test(initials) ? initials : 'DM';
}

/** Phụ lục V's closing lines: the count of files ("Bản Danh mục này có …"), the place and date, the signatures. */
function isClosing(folded: string[]): boolean {
  return folded.some(
    (c) =>
      /^ban danh muc\b/.test(c) ||
      /^(thu truong|nguoi lap|chu tich|pho chu tich|chanh van phong|giam doc|noi nhan|xac nhan|phe duyet)\b/.test(c) ||
      /^(tm|kt)\.|^(t\/m|k\/t)\b/.test(c) ||
      /^\(\s*ky\b/.test(c) ||
      /,\s*ngay\b.*\bthang\b.*\bnam\b/.test(c),
  );
}

/** Totals ("Cộng: 12 hồ sơ", "Tổng số 45", "- 3 hồ sơ bảo quản vĩnh viễn;"): neither a heading nor a file. Words such
 *  as "Công an" or "Công tác" fold to the same letters, hence the colon or number required after them. */
function isTotal(folded: string[]): boolean {
  return folded.some(
    (c) =>
      /^[-–•+\s]*(tong cong|tong so( ho so)?|cong|bao gom)\s*(:|\d|$)/.test(c) || /^[-–•+\s]*\d+\s+ho so\b/.test(c) || /\bho so bao quan (vinh vien|co thoi han)\s*(:|\d)/.test(c),
  );
}

const hasLetters = (s: string) => /\p{L}/u.test(s);
const allCapitals = (s: string) => hasLetters(s) && s === s.toUpperCase() && s !== s.toLowerCase();

/** A value checked by the contract's own schema: the limits stay written once, in records.ts. */
function checked<T>(schema: ZodType<T>, value: string, row: number, field: string, label: string, errors: ImportRowError[]): T | undefined {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  errors.push({ row, field, message: `Dòng ${row}: ${label} "${short(value)}" — ${r.error.issues[0]?.message ?? 'không hợp lệ.'}` });
  return undefined;
}

interface Reader {
  headings: HeadingDraft[];
  current: HeadingDraft | null;
  sub: SubDraft | null;
  /** The current heading was refused: its sub-headings and files are not blamed on a missing heading again. */
  headingFailed: boolean;
  lineCount: number;
  /** Row where the closing lines (count, date, signatures) begin. */
  ended: number | null;
}

const BEFORE_FIRST = 'nằm trước đề mục lớn đầu tiên (dòng đề mục đánh số La Mã: I, II …)';

function readRows(file: TableFile, cols: Map<string, number>, retentions: RetentionDto[], errors: ImportRowError[], warnings: Warning[]): HeadingDraft[] {
  const matchRetention = retentionMatcher(retentions);
  const st: Reader = { headings: [], current: null, sub: null, headingFailed: false, lineCount: 0, ended: null };
  const cell = (cells: string[], key: string) => {
    const c = cols.get(key);
    return c === undefined ? '' : (cells[c] ?? '');
  };
  for (const { row, cells } of file.rows) {
    const ordinal = cell(cells, 'ordinal');
    let code = cell(cells, 'code');
    let title = cell(cells, 'title');
    const retention = cell(cells, 'retention');
    const keeper = cell(cells, 'keeper');
    const notes = cell(cells, 'notes');
    const fileCode = FILE_CODE.exec(code);

    // A heading merged across the row keeps its text in the first cell of the merge (the STT or the code column).
    if (!title) {
      const moved = [ordinal, code].find((c) => c && !numeralCell(c) && !FILE_CODE.test(c));
      if (moved) {
        title = moved;
        if (moved === code) code = '';
      }
    }
    let numeral: Numeral | null = null;
    if (!retention && !fileCode) {
      const numbered = numberedTitle(title);
      if (numbered) {
        numeral = numbered.numeral;
        title = numbered.rest;
      } else numeral = numeralCell(ordinal) ?? numeralCell(code);
    }
    const plain = !retention && !fileCode && !numeral;

    // The closing lines end the table; below them only a file (or a heading) would be lost, so those are refused.
    if (st.ended === null && plain && isClosing(cells.filter(Boolean).map(fold))) st.ended = row;
    if (st.ended !== null) {
      if (!plain) errors.push({ row, field: null, message: `Dòng ${row}: nằm sau phần kết thúc danh mục (dòng ${st.ended}); hãy chuyển lên trong bảng.` });
      continue;
    }
    if (plain && isTotal(cells.filter(Boolean).map(fold))) continue;

    if (numeral?.kind === 'roman') {
      startHeading(st, row, title, errors);
      continue;
    }
    if (numeral?.kind === 'arabic') {
      startSubheading(st, row, title, numeral, errors, warnings);
      continue;
    }
    if (plain && allCapitals(title) && !keeper) {
      warnings.push({ row, text: `Dòng ${row}: "${short(title)}" không có số La Mã; được hiểu là một đề mục lớn.` });
      startHeading(st, row, title, errors);
      continue;
    }

    // Anything else is a file (hồ sơ).
    const before = errors.length;
    if (!title) errors.push({ row, field: 'title', message: `Dòng ${row}: thiếu tiêu đề hồ sơ.` });
    if (!retention) errors.push({ row, field: 'retention', message: `Dòng ${row}: hồ sơ "${short(title || code)}" thiếu thời hạn bảo quản.` });
    let retentionId = 0;
    if (retention) {
      const m = matchRetention(retention);
      if (!m.ok) errors.push({ row, field: 'retention', message: `Dòng ${row}: ${m.message}` });
      else {
        retentionId = m.retention.id;
        if (!m.exact) warnings.push({ row, text: `Dòng ${row}: thời hạn bảo quản "${short(retention)}" được hiểu là "${m.retention.label}".` });
      }
    }
    const t = title ? checked(filePlanLineInput.shape.title, title, row, 'title', 'tiêu đề hồ sơ', errors) : undefined;
    const k = checked(filePlanLineInput.shape.keeper, keeper, row, 'keeper', 'người lập hồ sơ', errors);
    const n = checked(filePlanLineInput.shape.notes, notes, row, 'notes', 'ghi chú', errors);
    if (!st.current) {
      if (!st.headingFailed) errors.push({ row, field: null, message: `Dòng ${row}: hồ sơ "${short(title || code)}" ${BEFORE_FIRST}.` });
      continue;
    }
    st.lineCount++;
    let codeAbbr: string | null = null;
    if (fileCode) {
      const a = asAbbr(fileCode[2]);
      if (ABBR.test(a)) codeAbbr = a;
    } else if (code && !numeralCell(code)) {
      warnings.push({ row, text: `Dòng ${row}: số và ký hiệu hồ sơ "${short(code)}" không có dạng 01.TCCB; khi lưu, hồ sơ được đánh số lại.` });
    }
    if (errors.length > before || t === undefined) continue;
    const line: LineDraft = { row, input: { title: t, retentionId, keeper: k ?? null, notes: n ?? null }, codeAbbr, code };
    (st.sub ?? st.current).lines.push(line);
  }
  if (st.lineCount > MAX_LINES) {
    throw new AppError(
      'import_rejected',
      `Tệp có ${st.lineCount.toLocaleString('vi-VN')} hồ sơ, vượt quá giới hạn ${MAX_LINES.toLocaleString('vi-VN')} hồ sơ của một Danh mục hồ sơ.`,
    );
  }
  return st.headings;
}

function startHeading(st: Reader, row: number, rawTitle: string, errors: ImportRowError[]): void {
  let title = rawTitle;
  let abbr: string | null = null;
  const m = TITLE_ABBR.exec(title);
  if (m) {
    const a = asAbbr(m[1]);
    title = title.slice(0, m.index).replace(/\s*[-–:]\s*$/u, '');
    if (ABBR.test(a)) abbr = a;
    else errors.push({ row, field: 'title', message: `Dòng ${row}: viết tắt "${short(m[1])}" không hợp lệ (chữ in hoa không dấu, chữ số, gạch nối, tối đa 15 ký tự).` });
  }
  st.sub = null;
  st.current = null;
  st.headingFailed = true;
  if (!title) {
    errors.push({ row, field: 'title', message: `Dòng ${row}: đề mục lớn không có tên.` });
    return;
  }
  const t = checked(filePlanHeadingInput.shape.title, title, row, 'title', 'tên đề mục', errors);
  if (t === undefined || (m && abbr === null)) return;
  if (st.headings.length === MAX_HEADINGS) {
    errors.push({ row, field: null, message: `Dòng ${row}: danh mục có quá ${MAX_HEADINGS} đề mục lớn.` });
    return;
  }
  st.headingFailed = false;
  st.current = { row, title: t, abbr, lines: [], children: [] };
  st.headings.push(st.current);
}

function startSubheading(st: Reader, row: number, title: string, numeral: Numeral, errors: ImportRowError[], warnings: Warning[]): void {
  st.sub = null;
  if (!st.current) {
    if (!st.headingFailed) errors.push({ row, field: null, message: `Dòng ${row}: mục "${short(title)}" ${BEFORE_FIRST}.` });
    return;
  }
  if (!title) {
    errors.push({ row, field: 'title', message: `Dòng ${row}: mục ${numeral.value} không có tên.` });
    return;
  }
  if (numeral.value.includes('.')) {
    warnings.push({ row, text: `Dòng ${row}: mục ${numeral.value} "${short(title)}" được đưa lên cùng cấp với các mục khác của đề mục (danh mục có hai cấp đề mục).` });
  }
  const t = checked(filePlanSubheadingInput.shape.title, title, row, 'title', 'tên mục', errors);
  if (t === undefined) return;
  if (st.current.children.length === MAX_SUBHEADINGS) {
    errors.push({ row, field: null, message: `Dòng ${row}: đề mục "${short(st.current.title)}" có quá ${MAX_SUBHEADINGS} mục.` });
    return;
  }
  st.sub = { row, title: t, lines: [] };
  st.current.children.push(st.sub);
}

// ---- abbreviations --------------------------------------------------------------------------------------------

/**
 * Each heading's viết tắt: "(TCCB)" in its title, else the one its files' codes use (the most used, with a warning,
 * when they differ), else initials proposed with a warning. Files whose code names another abbreviation are named:
 * the codes are given again on saving, from the numbering chosen for the list.
 */
function settleAbbreviations(headings: HeadingDraft[], warnings: Warning[]): void {
  const linesOf = (h: HeadingDraft) => [...h.lines, ...h.children.flatMap((c) => c.lines)].sort((a, b) => a.row - b.row);
  // First every abbreviation the file itself gives, so a proposed one never takes an abbreviation a later heading uses.
  for (const h of headings) {
    if (h.abbr) continue;
    const counts = new Map<string, number>();
    for (const l of linesOf(h)) if (l.codeAbbr) counts.set(l.codeAbbr, (counts.get(l.codeAbbr) ?? 0) + 1);
    let best: string | null = null;
    for (const [a, n] of counts) if (best === null || n > (counts.get(best) ?? 0)) best = a;
    h.abbr = best;
  }
  const taken = new Set(headings.map((h) => h.abbr).filter((a): a is string => a !== null));
  const given = new Map<string, number>();
  for (const h of headings) {
    if (!h.abbr) {
      const base = proposeAbbr(h.title);
      let abbr = base;
      for (let i = 2; taken.has(abbr); i++) abbr = `${base.slice(0, 15 - String(i).length)}${i}`;
      h.abbr = abbr;
      taken.add(abbr);
      warnings.push({ row: h.row, text: `Dòng ${h.row}: đề mục "${short(h.title)}" chưa có viết tắt; đề xuất "${abbr}" (có thể sửa trước khi lưu).` });
    } else {
      const first = given.get(h.abbr);
      if (first !== undefined) {
        warnings.push({
          row: h.row,
          text: `Dòng ${h.row}: đề mục "${short(h.title)}" dùng viết tắt "${h.abbr}" giống đề mục ở dòng ${first}; hãy sửa một trong hai trước khi lưu.`,
        });
      } else given.set(h.abbr, h.row);
    }
    const other = linesOf(h).filter((l) => l.codeAbbr && l.codeAbbr !== h.abbr);
    if (other.length) {
      warnings.push({
        row: h.row,
        text:
          `Dòng ${h.row}: đề mục "${short(h.title)}" có viết tắt ${h.abbr} nhưng số và ký hiệu hồ sơ ở ${rowList(other.map((l) => l.row))} ` +
          `(${[...new Set(other.map((l) => l.code))].slice(0, 5).join(', ')}) dùng viết tắt khác; khi lưu, các hồ sơ này được đánh số theo ${h.abbr}.`,
      });
    }
  }
}

/** "dòng 9" / "các dòng 9, 12 và 15". */
function rowList(rows: number[]): string {
  const r = [...new Set(rows)].sort((a, b) => a - b);
  if (r.length === 1) return `dòng ${r[0]}`;
  return `các dòng ${r.slice(0, -1).join(', ')} và ${r[r.length - 1]}`;
}

// ---- entry ----------------------------------------------------------------------------------------------------

function rejected(errors: ImportRowError[], retentions: RetentionDto[]): AppError {
  const rows = errors.map((e) => e.row);
  const lines = errors.slice(0, MESSAGE_ERRORS).map((e) => `- ${e.message}`);
  if (errors.length > MESSAGE_ERRORS) lines.push(`- … và ${errors.length - MESSAGE_ERRORS} lỗi khác.`);
  if (errors.some((e) => e.field === 'retention' && !/thiếu/.test(e.message))) {
    const labels = retentions.filter((r) => r.active).sort((a, b) => a.sortOrder - b.sortOrder);
    lines.push(`Thời hạn bảo quản dùng được: ${labels.map((r) => r.label).join('; ')}.`);
  }
  const count = new Set(rows).size;
  return new AppError('import_rejected', `Tệp Danh mục hồ sơ có ${count} dòng không hợp lệ (${rowList(rows)}); chưa đọc dòng nào. Sửa tệp rồi nhập lại.\n${lines.join('\n')}`, {
    details: { errors },
  });
}

/**
 * A Danh mục hồ sơ from an XLSX or CSV file: đề mục lớn (Roman numerals), their sub-headings (Arabic numerals, no
 * code and no retention) and files, each file's retention mapped onto `retentions`. Any bad row refuses the whole
 * file, every bad row named: the clerk fixes the file rather than finishing a half-read list by hand.
 */
export async function readFilePlanSheet(bytes: Uint8Array, fileName: string, retentions: RetentionDto[]): Promise<FilePlanImportResult> {
  const file = await readTableFile(bytes, fileName, { headerFields: [FILEPLAN_FIELDS] });
  const cols = matchColumns(file.header, FILEPLAN_FIELDS);
  const missing = FILEPLAN_FIELDS.filter((f) => f.required && !cols.has(f.key)).map((f) => `"${f.label}"`);
  if (missing.length) {
    const where = file.headerRow ? `ở dòng tiêu đề bảng (dòng ${file.headerRow})` : 'trong các dòng đầu của tệp';
    throw new AppError(
      'import_rejected',
      `Không thấy cột ${missing.join(' và ')} ${where}. Danh mục hồ sơ cần các cột: Số và ký hiệu hồ sơ | Tên đề mục và tiêu đề hồ sơ | ` +
        'Thời hạn bảo quản | Người lập hồ sơ | Ghi chú.',
    );
  }
  const errors: ImportRowError[] = [];
  const warnings: Warning[] = [];
  const drafts = readRows(file, cols, retentions, errors, warnings);
  if (errors.length) throw rejected(errors, retentions);
  const lineCount = drafts.reduce((n, h) => n + h.lines.length + h.children.reduce((m, c) => m + c.lines.length, 0), 0);
  if (lineCount === 0) {
    throw new AppError('import_rejected', 'Tệp không có hồ sơ nào (dòng có tiêu đề hồ sơ và thời hạn bảo quản) dưới dòng tiêu đề bảng.');
  }
  settleAbbreviations(drafts, warnings);
  const headings: FilePlanHeadingInput[] = drafts.map((h) => ({
    abbr: h.abbr ?? '',
    title: h.title,
    lines: h.lines.map((l) => l.input),
    children: h.children.map((c) => ({ title: c.title, lines: c.lines.map((l) => l.input) })),
  }));
  warnings.sort((a, b) => a.row - b.row);
  return { headings, warnings: warnings.map((w) => w.text), lineCount };
}
