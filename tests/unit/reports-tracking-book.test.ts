// Sổ theo dõi giải quyết văn bản đến, read back with poppler: page size, cover, the seven Phụ lục IV columns on every
// page, the document cell composed from type/number/date/issuer/subject, exact NFC text, empty and 2,000-row books.

import { beforeAll, describe, expect, it } from 'vitest';
import { TRACKING_BOOK_EMPTY, documentCell, renderTrackingBook, trackingBookColumns, type TrackingRow } from '../../src-main/reports/incoming-tracking-book';
import { LONG_SUBJECT, PRINT_MARK, RESOURCES_DIR, flatText, makeTrackingBook, makeTrackingRows, pageCount, pageSizes, pdfWords, writeTemp, type Word } from './reports-fixtures';

const LABELS = [
  'Số đến',
  'Tên loại, số, ký hiệu, ngày tháng văn bản, cơ quan ban hành',
  'Đơn vị/người nhận',
  'Thời hạn giải quyết',
  'Tiến độ giải quyết',
  'Số, ký hiệu văn bản trả lời',
  'Ghi chú',
];

const opts = { resourcesDir: RESOURCES_DIR };
const columns = trackingBookColumns();
const columnOf = (w: Word): number => columns.findIndex((c) => w.xMin >= c.x0 && w.xMin < c.x1);
const inTable = (w: Word): boolean => w.page >= 2 && w.yMin > 45 && w.yMin < 540;

function sampleRows(): TrackingRow[] {
  const rows = makeTrackingRows(50);
  rows[0] = {
    arrivalNumber: 1,
    typeName: 'Quyết định',
    code: '12/QĐ-UBND',
    issuedDate: '2025-01-02',
    issuerName: 'Ủy ban nhân dân huyện Kim Bảng',
    subject: 'về việc giao chỉ tiêu kế hoạch phát triển kinh tế – xã hội năm 2025',
    recipients: 'Phó Chủ tịch UBND xã phụ trách Kinh tế',
    dueDate: '2025-01-20',
    progress: 'Đã giải quyết ngày 18/01/2025',
    replyCode: '05/BC-UBND',
    notes: 'Đúng hạn',
  };
  rows[2] = { ...rows[2], typeName: 'Kế hoạch', subject: LONG_SUBJECT };
  rows[3] = { ...rows[3], arrivalNumber: null, progress: 'Chờ ý kiến lãnh đạo'.normalize('NFD') };
  return rows;
}

let path: string;
let pages: number;
let words: Word[];

beforeAll(async () => {
  path = writeTemp(await renderTrackingBook(makeTrackingBook(sampleRows()), opts), 'theo-doi.pdf');
  pages = pageCount(path);
  words = pdfWords(path);
});

describe('documentCell', () => {
  it('joins type, number, date and issuer, then the trích yếu on its own line', () => {
    const row = sampleRows()[0];
    expect(documentCell(row)).toBe(
      'Quyết định số 12/QĐ-UBND ngày 02/01/2025 của Ủy ban nhân dân huyện Kim Bảng\nvề việc giao chỉ tiêu kế hoạch phát triển kinh tế – xã hội năm 2025',
    );
  });

  it('leaves out what is missing instead of printing blanks', () => {
    expect(documentCell({ typeName: null, code: null, issuedDate: null, issuerName: 'Sở Nội vụ', subject: 'Mời họp' })).toBe('Văn bản của Sở Nội vụ\nMời họp');
  });
});

describe('renderTrackingBook', () => {
  it('is A4 landscape on every page, a cover and several table pages', () => {
    expect(pages).toBeGreaterThanOrEqual(4);
    const sizes = pageSizes(path);
    expect(sizes).toHaveLength(pages);
    for (const s of sizes) expect(s).toBe('841.89 x 595.28');
  });

  it('has a cover with the issuing body, title, unit, year and period', () => {
    const cover = flatText(path, 1);
    expect(cover).toContain('ỦY BAN NHÂN DÂN XÃ ĐỒNG HÓA');
    expect(cover).toContain('SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN');
    expect(cover).toContain('(Văn phòng – Thống kê)');
    expect(cover).toContain('Năm 2025');
    expect(cover).toContain('Từ ngày 01/01/2025 đến ngày 30/06/2025');
    expect(cover).toContain('Số văn bản: 50');
  });

  it('numbers the seven columns and repeats the header on every table page', () => {
    for (let p = 2; p <= pages; p++) {
      const text = flatText(path, p);
      for (const label of LABELS) expect(text, `page ${p}`).toContain(label);
      expect(text).toContain('(1) (2) (3) (4) (5) (6) (7)');
      expect(text).not.toContain('(8)');
    }
  });

  it('writes the row values exactly, in NFC', () => {
    const text = flatText(path);
    expect(text).toBe(text.normalize('NFC'));
    expect(text).toContain('Quyết định số 12/QĐ-UBND ngày 02/01/2025 của Ủy ban nhân dân huyện Kim Bảng');
    expect(text).toContain('về việc giao chỉ tiêu kế hoạch phát triển kinh tế – xã hội năm 2025');
    expect(text).toContain('Phó Chủ tịch UBND xã phụ trách Kinh tế');
    expect(text).toContain('Đã giải quyết ngày 18/01/2025');
    expect(text).toContain('Chờ ý kiến lãnh đạo');
    expect(text).not.toContain('2025-01-20');
  });

  it('puts each value in its own column and keeps every word inside it', () => {
    const at = (t: string): number => columnOf(words.find((w) => inTable(w) && w.text === t)!);
    expect(at('12/QĐ-UBND')).toBe(1);
    expect(at('20/01/2025')).toBe(3);
    expect(at('18/01/2025')).toBe(4);
    expect(at('05/BC-UBND')).toBe(5);
    expect(at('Đúng')).toBe(6);
    const body = words.filter(inTable);
    expect(body.length).toBeGreaterThan(1000);
    for (const w of body) {
      const col = columnOf(w);
      expect(col, `"${w.text}" at x=${w.xMin}`).toBeGreaterThanOrEqual(0);
      expect(w.xMax, `"${w.text}" overflows ${columns[col].label}`).toBeLessThanOrEqual(columns[col].x1 + 0.01);
    }
  });

  it('leaves Số đến blank for a row without one, and prints the others in order', () => {
    const numbers = words.filter((w) => inTable(w) && columnOf(w) === 0 && /^\d+$/.test(w.text)).map((w) => Number(w.text));
    const expected = sampleRows()
      .map((r) => r.arrivalNumber)
      .filter((n) => n != null);
    expect(numbers).toEqual(expected);
  });

  it('wraps a long subject onto several lines of column (2) without losing a word', () => {
    const col2 = words.filter((w) => w.page === 2 && columnOf(w) === 1).sort((a, b) => a.yMin - b.yMin || a.xMin - b.xMin);
    const target = LONG_SUBJECT.split(' ');
    const start = col2.findIndex((_, i) => target.every((t, j) => col2[i + j]?.text === t));
    expect(start).toBeGreaterThanOrEqual(0);
    const used = col2.slice(start, start + target.length);
    expect(new Set(used.map((w) => w.yMin)).size).toBeGreaterThanOrEqual(3);
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
    const book = { ...makeTrackingBook([]), unitName: null };
    const p = writeTemp(await renderTrackingBook(book, opts), 'empty.pdf');
    expect(pageCount(p)).toBe(2);
    expect(flatText(p, 1)).toContain('Số văn bản: 0');
    expect(flatText(p, 1)).not.toContain('(Văn phòng');
    const table = flatText(p, 2);
    expect(table).toContain('(1) (2) (3) (4) (5) (6) (7)');
    expect(table).toContain(TRACKING_BOOK_EMPTY);
  });

  it('names both years when the period crosses a new year', async () => {
    const book = { ...makeTrackingBook(makeTrackingRows(2)), from: '2024-12-01', to: '2025-01-31' };
    expect(flatText(writeTemp(await renderTrackingBook(book, opts), 'years.pdf'), 1)).toContain('Năm 2024–2025');
  });

  it('grows by pages as rows are added', async () => {
    const small = pageCount(writeTemp(await renderTrackingBook(makeTrackingBook(makeTrackingRows(5)), opts), 's.pdf'));
    const large = pageCount(writeTemp(await renderTrackingBook(makeTrackingBook(makeTrackingRows(200)), opts), 'l.pdf'));
    expect(small).toBe(2);
    expect(large).toBeGreaterThan(small + 10);
  });

  it('renders 2,000 rows within a few seconds with every arrival number in order', async () => {
    const rows = makeTrackingRows(2000);
    const t0 = performance.now();
    const bytes = await renderTrackingBook(makeTrackingBook(rows), opts);
    // About 1.5 s warm on a busy two-core machine; the bound leaves room for parallel test files, not for a regression.
    expect(performance.now() - t0).toBeLessThan(6000);
    const p = writeTemp(bytes, 'big.pdf');
    expect(pageCount(p)).toBeGreaterThan(100);
    const numbers = pdfWords(p)
      .filter((w) => inTable(w) && columnOf(w) === 0 && /^\d+$/.test(w.text))
      .map((w) => Number(w.text));
    expect(numbers).toEqual(rows.map((r) => r.arrivalNumber));
  });
});
