// The outgoing register book (Sổ đăng ký văn bản đi), read back with poppler: page size, cover, the ten Phụ lục IV
// columns repeated on every page, exact NFC text in the right column, wrapping, empty and 2,000-row books.

import { beforeAll, describe, expect, it } from 'vitest';
import { OUTGOING_BOOK_EMPTY, outgoingRegisterColumns, renderOutgoingBook, type OutgoingBookRow } from '../../src-main/reports/outgoing-register-book';
import { LONG_SUBJECT, PRINT_MARK, RESOURCES_DIR, flatText, makeOutgoingBook, makeOutgoingRows, pageCount, pageSizes, pdfWords, writeTemp, type Word } from './reports-fixtures';

const LABELS = [
  'Số, ký hiệu',
  'Ngày tháng văn bản',
  'Tên loại và trích yếu nội dung',
  'Người ký',
  'Nơi nhận văn bản',
  'Đơn vị, người nhận bản lưu',
  'Số lượng bản',
  'Ngày chuyển',
  'Ký nhận',
  'Ghi chú',
];

const opts = { resourcesDir: RESOURCES_DIR };
const columns = outgoingRegisterColumns();
const columnOf = (w: Word): number => columns.findIndex((c) => w.xMin >= c.x0 && w.xMin < c.x1);
// Table body on a landscape page: below the page number, above the print mark.
const inTable = (w: Word): boolean => w.page >= 2 && w.yMin > 45 && w.yMin < 540;

function sampleRows(): OutgoingBookRow[] {
  const rows = makeOutgoingRows(60);
  rows[0] = {
    code: '01/QĐ-UBND',
    issuedDate: '2025-01-02',
    typeAndSubject: 'Quyết định về việc phê duyệt danh sách hộ nghèo, hộ cận nghèo năm 2025',
    signerName: 'Trần Văn Hùng',
    recipients: 'Phòng Lao động – Thương binh và Xã hội huyện',
    keepers: 'Lưu: VT, LĐTBXH',
    copies: 7,
    transferDate: '2025-01-03',
    notes: 'Bản giấy kèm bản điện tử',
  };
  rows[2] = { ...rows[2], typeAndSubject: `Kế hoạch ${LONG_SUBJECT}` };
  // Decomposed input (as pasted from some macOS apps) must come out composed.
  rows[3] = { ...rows[3], signerName: 'Nguyễn Thị Hồng Nhung'.normalize('NFD') };
  return rows;
}

let path: string;
let pages: number;
let words: Word[];

beforeAll(async () => {
  path = writeTemp(await renderOutgoingBook(makeOutgoingBook(sampleRows()), opts), 'so-di.pdf');
  pages = pageCount(path);
  words = pdfWords(path);
});

describe('renderOutgoingBook', () => {
  it('is A4 landscape on every page, a cover and several table pages', () => {
    expect(pages).toBeGreaterThanOrEqual(4);
    const sizes = pageSizes(path);
    expect(sizes).toHaveLength(pages);
    for (const s of sizes) expect(s).toBe('841.89 x 595.28');
  });

  it('has a cover with the issuing body, title, year, whole-year period and number range', () => {
    const cover = flatText(path, 1);
    expect(cover).toContain('ỦY BAN NHÂN DÂN HUYỆN KIM BẢNG');
    expect(cover).toContain('ỦY BAN NHÂN DÂN XÃ ĐỒNG HÓA');
    expect(cover).toContain('SỔ ĐĂNG KÝ VĂN BẢN ĐI');
    expect(cover).toContain('Năm 2025');
    expect(cover).toContain('Từ ngày 01/01/2025 đến ngày 31/12/2025');
    expect(cover).toContain('Từ số 01 đến số 60');
    // "Sổ văn bản đi" only repeats the title.
    expect(cover).not.toContain('(Sổ văn bản đi)');
    expect(cover).not.toContain('Người ký');
  });

  it('numbers the ten columns and repeats the header on every table page', () => {
    for (let p = 2; p <= pages; p++) {
      const text = flatText(path, p);
      for (const label of LABELS) expect(text, `page ${p}`).toContain(label);
      expect(text).toContain('(1) (2) (3) (4) (5) (6) (7) (8) (9) (10)');
    }
  });

  it('writes the row values exactly, in NFC, with dd/mm/yyyy dates', () => {
    const text = flatText(path);
    expect(text).toBe(text.normalize('NFC'));
    expect(text).toContain('01/QĐ-UBND 02/01/2025 Quyết định về việc phê duyệt danh sách hộ nghèo, hộ cận nghèo năm 2025');
    expect(text).toContain('Phòng Lao động – Thương binh và Xã hội huyện');
    expect(text).toContain('Lưu: VT, LĐTBXH 7 03/01/2025');
    expect(text).toContain('Bản giấy kèm bản điện tử');
    expect(text).toContain('Nguyễn Thị Hồng Nhung');
    expect(text).not.toContain('2025-01-02');
  });

  it('puts each value in its own column and keeps every word inside it', () => {
    const at = (t: string): number => columnOf(words.find((w) => inTable(w) && w.text === t)!);
    expect(at('01/QĐ-UBND')).toBe(0);
    expect(at('02/01/2025')).toBe(1);
    expect(at('Hùng')).toBe(3);
    expect(at('Thương')).toBe(4);
    expect(at('LĐTBXH')).toBe(5);
    expect(at('7')).toBe(6);
    expect(at('03/01/2025')).toBe(7);
    expect(at('kèm')).toBe(9);
    const body = words.filter(inTable);
    expect(body.length).toBeGreaterThan(1000);
    for (const w of body) {
      const col = columnOf(w);
      expect(col, `"${w.text}" at x=${w.xMin}`).toBeGreaterThanOrEqual(0);
      expect(w.xMax, `"${w.text}" overflows ${columns[col].label}`).toBeLessThanOrEqual(columns[col].x1 + 0.01);
    }
  });

  it('wraps a long subject onto several lines of column (3) without losing a word', () => {
    const col3 = words.filter((w) => w.page === 2 && columnOf(w) === 2).sort((a, b) => a.yMin - b.yMin || a.xMin - b.xMin);
    const target = `Kế hoạch ${LONG_SUBJECT}`.split(' ');
    const start = col3.findIndex((_, i) => target.every((t, j) => col3[i + j]?.text === t));
    expect(start).toBeGreaterThanOrEqual(0);
    const used = col3.slice(start, start + target.length);
    expect(new Set(used.map((w) => w.yMin)).size).toBeGreaterThanOrEqual(4);
  });

  it('leaves Ký nhận empty for a handwritten signature', () => {
    const sign = words.filter((w) => inTable(w) && columnOf(w) === 8);
    expect(new Set(sign.map((w) => w.text))).toEqual(new Set(['Ký', 'nhận', '(9)']));
  });

  it('numbers pages from the second and marks every page as printed from VănThư', () => {
    for (let p = 1; p <= pages; p++) {
      expect(flatText(path, p)).toContain(PRINT_MARK);
      const number = words.find((w) => w.page === p && w.yMin < 45 && w.text === String(p));
      if (p === 1) expect(number).toBeUndefined();
      else expect(number, `page number ${p}`).toBeDefined();
    }
  });
});

describe('edge cases', () => {
  it('prints an empty book: cover plus a table saying there is nothing', async () => {
    const p = writeTemp(await renderOutgoingBook(makeOutgoingBook([]), opts), 'empty.pdf');
    expect(pageCount(p)).toBe(2);
    expect(flatText(p, 1)).toContain('Từ số … đến số …');
    const table = flatText(p, 2);
    expect(table).toContain('(1) (2) (3) (4) (5) (6) (7) (8) (9) (10)');
    expect(table).toContain(OUTGOING_BOOK_EMPTY);
  });

  it('shows a given period and a register name that says more than the title', async () => {
    const book = { ...makeOutgoingBook(makeOutgoingRows(3)), registerName: 'Sổ văn bản đi mật', from: '2025-04-01', to: '2025-06-30', volume: '02' };
    const cover = flatText(writeTemp(await renderOutgoingBook(book, opts), 'period.pdf'), 1);
    expect(cover).toContain('(Sổ văn bản đi mật)');
    expect(cover).toContain('Từ ngày 01/04/2025 đến ngày 30/06/2025');
    expect(cover).toContain('Quyển số: 02');
  });

  it('grows by pages as rows are added', async () => {
    const small = pageCount(writeTemp(await renderOutgoingBook(makeOutgoingBook(makeOutgoingRows(10)), opts), 's.pdf'));
    const large = pageCount(writeTemp(await renderOutgoingBook(makeOutgoingBook(makeOutgoingRows(200)), opts), 'l.pdf'));
    expect(small).toBe(2);
    expect(large).toBeGreaterThan(small + 10);
  });

  it('renders 2,000 rows within a few seconds with every number in order', async () => {
    const rows = makeOutgoingRows(2000);
    const t0 = performance.now();
    const bytes = await renderOutgoingBook(makeOutgoingBook(rows), opts);
    const ms = performance.now() - t0;
    // About 1.5 s warm on a busy two-core machine; the bound leaves room for parallel test files, not for a regression.
    expect(ms).toBeLessThan(6000);
    const p = writeTemp(bytes, 'big.pdf');
    expect(pageCount(p)).toBeGreaterThan(100);
    const codes = pdfWords(p)
      .filter((w) => inTable(w) && columnOf(w) === 0 && /^\d+\//.test(w.text))
      .map((w) => w.text);
    expect(codes).toEqual(rows.map((r) => r.code));
  });
});
