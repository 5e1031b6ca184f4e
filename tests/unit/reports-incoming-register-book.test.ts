// The incoming register book, checked with poppler the way a reader would see it: page size, embedded fonts,
// the text layer (exact NFC Vietnamese), where words sit on the page, repeated headers, voided numbers.

import { beforeAll, describe, expect, it } from 'vitest';
import { INCOMING_BOOK_EMPTY, incomingRegisterColumns, renderIncomingRegisterBook, type IncomingRegisterBookInput } from '../../src-main/reports/incoming-register-book';
import {
  LONG_SUBJECT,
  PRINT_MARK,
  RESOURCES_DIR,
  flatText,
  makeBook,
  makeRows,
  pageCount,
  pdfFonts,
  pdfInfo,
  pdfText,
  pdfWords,
  pageSizes,
  sampleRows,
  writeTemp,
  type Word,
} from './reports-fixtures';

const LABELS = [
  'Ngày đến',
  'Số đến',
  'Tác giả',
  'Số, ký hiệu',
  'Ngày tháng văn bản',
  'Tên loại và trích yếu nội dung',
  'Đơn vị hoặc người nhận',
  'Ngày chuyển',
  'Ký nhận',
  'Ghi chú',
];

const opts = { resourcesDir: RESOURCES_DIR };
const columns = incomingRegisterColumns();

/** 70 rows: the named sample rows first, enough to run over several table pages. */
function bookInput(): IncomingRegisterBookInput {
  return makeBook([...sampleRows(), ...makeRows(70).slice(10)]);
}

function columnOf(word: Word): number {
  return columns.findIndex((c) => word.xMin >= c.x0 && word.xMin < c.x1);
}

let path: string;
let pages: number;
let words: Word[];

beforeAll(async () => {
  path = writeTemp(await renderIncomingRegisterBook(bookInput(), opts), 'so-den.pdf');
  pages = pageCount(path);
  words = pdfWords(path);
});

describe('renderIncomingRegisterBook', () => {
  it('is A4 landscape on every page', () => {
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(pdfInfo(path)).toMatch(/Page size:\s+841.89 x 595.28 pts \(A4\)/);
    const sizes = pageSizes(path);
    expect(sizes).toHaveLength(pages);
    for (const s of sizes) expect(s).toBe('841.89 x 595.28');
  });

  it('embeds its fonts with a Unicode map', () => {
    const rows = pdfFonts(path).split('\n').slice(2).filter(Boolean);
    expect(rows.length).toBe(3);
    for (const row of rows) {
      expect(row).toMatch(/^LiberationSerif/);
      expect(row).toMatch(/CID TrueType\s+Identity-H\s+yes\s+no\s+yes/);
    }
  });

  it('has a cover with the issuing body, title, year, period, number range and volume', () => {
    const cover = flatText(path, 1);
    expect(cover).toContain('ỦY BAN NHÂN DÂN HUYỆN KIM BẢNG');
    expect(cover).toContain('ỦY BAN NHÂN DÂN XÃ ĐỒNG HÓA');
    expect(cover).toContain('SỔ ĐĂNG KÝ VĂN BẢN ĐẾN');
    expect(cover).toContain('Năm 2025');
    expect(cover).toContain('Từ ngày 01/01/2025 đến ngày 31/12/2025');
    expect(cover).toContain('Từ số 1 đến số 70');
    expect(cover).toContain('Quyển số: 01');
    expect(cover).not.toContain('Tác giả');
  });

  it('writes the row data exactly, in NFC', () => {
    const text = flatText(path);
    expect(text).toBe(text.normalize('NFC'));
    expect(text).toContain('01/01/2025 1 Ủy ban nhân dân xã Đồng Hóa 12/QĐ-UBND 01/01/2025');
    expect(text).toContain('Quyết định về việc phê duyệt danh sách hộ nghèo, hộ cận nghèo năm 2025');
    expect(text).toContain('Phó Chủ tịch UBND xã phụ trách Văn hóa – Xã hội 02/01/2025');
    expect(text).toContain(`Kế hoạch ${LONG_SUBJECT}`);
    // A type name the clerk already typed into the subject is not doubled.
    expect(text).toContain('Báo cáo tình hình an ninh trật tự');
    expect(text).not.toContain('Báo cáo Báo cáo');
    // A code too long for its column is broken, not clipped.
    expect(text.replace(/\s/g, '')).toContain('1234/2025/QĐ-UBNDHUYỆNKIMBẢNG');
  });

  it('numbers the ten columns of Phụ lục IV and repeats the header on every table page', () => {
    for (let p = 2; p <= pages; p++) {
      const text = flatText(path, p);
      for (const label of LABELS) expect(text).toContain(label);
      expect(text).toContain('(1) (2) (3) (4) (5) (6) (7) (8) (9) (10)');
    }
  });

  it('keeps every word inside its column', () => {
    const tableWords = words.filter((w) => w.page >= 2 && w.yMin > 45 && w.yMin < 540);
    expect(tableWords.length).toBeGreaterThan(1000);
    for (const w of tableWords) {
      const col = columnOf(w);
      expect(col, `"${w.text}" at x=${w.xMin}`).toBeGreaterThanOrEqual(0);
      expect(w.xMax, `"${w.text}" overflows ${columns[col].label}`).toBeLessThanOrEqual(columns[col].x1 + 0.01);
    }
  });

  it('wraps a long subject onto several lines of column (6)', () => {
    const col6 = words.filter((w) => w.page === 2 && columnOf(w) === 5).sort((a, b) => a.yMin - b.yMin || a.xMin - b.xMin);
    const target = `Kế hoạch ${LONG_SUBJECT}`.split(' ');
    const start = col6.findIndex((_, i) => target.every((t, j) => col6[i + j]?.text === t));
    expect(start).toBeGreaterThanOrEqual(0);
    const used = col6.slice(start, start + target.length);
    expect(new Set(used.map((w) => w.yMin)).size).toBeGreaterThanOrEqual(5);
  });

  it('leaves Ký nhận empty for a handwritten signature', () => {
    const signCol = words.filter((w) => w.page >= 2 && columnOf(w) === 8 && w.yMin > 45 && w.yMin < 540);
    expect(new Set(signCol.map((w) => w.text))).toEqual(new Set(['Ký', 'nhận', '(9)']));
    expect((columns[8].x1 - columns[8].x0) / (72 / 25.4)).toBeGreaterThanOrEqual(20);
  });

  it('keeps voided numbers in the book, marked in Ghi chú', () => {
    const text = flatText(path);
    expect(text).toContain('25/05/2025 5 Công an huyện Kim Bảng');
    expect(text).toContain('Đã hủy số: Đăng ký trùng với số 4');
    const mark = words.find((w) => w.text === 'hủy');
    expect(mark && columnOf(mark)).toBe(9);
  });

  it('numbers pages from the second, top centre, and marks every page as printed from VănThư', () => {
    const centre = (columns[0].x0 + columns[9].x1) / 2;
    for (let p = 1; p <= pages; p++) {
      expect(flatText(path, p)).toContain(PRINT_MARK);
      const number = words.find((w) => w.page === p && w.yMin < 57 && w.text === String(p));
      if (p === 1) expect(number).toBeUndefined();
      else expect(Math.abs((number!.xMin + number!.xMax) / 2 - centre)).toBeLessThan(2);
    }
  });

  it('gives the same bytes for the same input', async () => {
    const a = await renderIncomingRegisterBook(bookInput(), opts);
    const b = await renderIncomingRegisterBook(bookInput(), opts);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });
});

describe('edge cases', () => {
  it('prints an empty book: cover plus a table saying there is nothing', async () => {
    const input = makeBook([]);
    input.register.volume = null;
    const p = writeTemp(await renderIncomingRegisterBook(input, opts), 'empty.pdf');
    expect(pageCount(p)).toBe(2);
    expect(flatText(p, 1)).toContain('Từ số … đến số …');
    expect(flatText(p, 1)).toContain('Quyển số: …');
    const table = flatText(p, 2);
    expect(table).toContain('(1) (2) (3) (4) (5) (6) (7) (8) (9) (10)');
    expect(table).toContain(INCOMING_BOOK_EMPTY);
  });

  it('splits a row taller than a page across pages without losing a word', async () => {
    const huge = Array.from({ length: 14 }, (_, i) => `Đoạn ${i + 1}: ${LONG_SUBJECT}.`).join(' ');
    const rows = makeRows(3);
    rows[1] = { ...rows[1], typeName: null, subject: huge, voided: true, voidReason: null };
    const p = writeTemp(await renderIncomingRegisterBook(makeBook(rows), opts), 'tall.pdf');
    expect(pageCount(p)).toBeGreaterThanOrEqual(3);
    const text = flatText(p).replace(/ ?\d+ ?(?=Ngày đến)/g, ' '); // drop the page numbers between slices
    for (let i = 1; i <= 14; i++) expect(text).toContain(`Đoạn ${i}:`);
    expect(text).toContain('Đã hủy số');
    expect(text).not.toContain('Đã hủy số:');
    for (let pg = 2; pg <= pageCount(p); pg++) expect(flatText(p, pg)).toContain('Tên loại và trích yếu nội dung');
  });

  it('copes with NFD input, characters the font lacks and missing optional fields', async () => {
    const rows = makeRows(2);
    rows[0] = {
      ...rows[0],
      issuer: 'Sở Tư pháp tỉnh Quảng Nam'.normalize('NFD'),
      subject: 'Thư mời 😀 dự hội nghị',
      codeNotation: null,
      documentDate: null,
      typeName: null,
      recipient: null,
      transferDate: null,
    };
    const p = writeTemp(await renderIncomingRegisterBook(makeBook(rows), opts), 'odd.pdf');
    const text = flatText(p);
    expect(text).toContain('Sở Tư pháp tỉnh Quảng Nam');
    expect(text).toContain('Thư mời ? dự hội nghị');
  });

  it('renders 5,000 rows with every number in order', async () => {
    const rows = makeRows(5000);
    const p = writeTemp(await renderIncomingRegisterBook(makeBook(rows), opts), 'big.pdf');
    const n = pageCount(p);
    expect(n).toBeGreaterThan(200);
    const last = pdfText(p, n);
    expect(last).toContain('Tên loại và trích yếu nội dung');
    expect(last).toMatch(/26\/12\/2025\s+5000\s/);
    const numbers = pdfWords(p)
      .filter((w) => w.page >= 2 && w.xMin >= columns[1].x0 && w.xMin < columns[1].x1 && /^\d+$/.test(w.text))
      .map((w) => Number(w.text));
    expect(numbers).toEqual(rows.map((r) => r.arrivalNumber));
  });
});
