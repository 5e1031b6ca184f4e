// pdf-kit: Vietnam-time formatting, text preparation, measuring and wrapping with the bundled fonts.

import { beforeAll, describe, expect, it } from 'vitest';
import {
  MM,
  createReport,
  fitColumns,
  fitColumnsAtLeast,
  formatDate,
  minColumnWidth,
  pageFrame,
  prepareText,
  printMark,
  textWidth,
  wrapText,
  type Report,
} from '../../src-main/reports/pdf-kit';
import { LONG_SUBJECT, PRINTED_AT, RESOURCES_DIR } from './reports-fixtures';

let report: Report;

beforeAll(async () => {
  report = await createReport({ resourcesDir: RESOURCES_DIR, orientation: 'landscape', title: 't', printedAt: PRINTED_AT });
});

describe('dates in Vietnam time', () => {
  it('formats instants in UTC+7 whatever the machine zone', () => {
    expect(printMark(PRINTED_AT, 'A')).toBe('In từ VănThư lúc 09:05 15/03/2025 — A');
    // 17:30 UTC on New Year's Eve is already 00:30 on 1 January in Hà Nội.
    expect(printMark(Date.UTC(2024, 11, 31, 17, 30), '')).toBe('In từ VănThư lúc 00:30 01/01/2025');
  });

  it('builds the print mark', () => {
    expect(printMark(PRINTED_AT, ' Trần Văn Bình ')).toBe('In từ VănThư lúc 09:05 15/03/2025 — Trần Văn Bình');
    expect(printMark(PRINTED_AT, '')).toBe('In từ VănThư lúc 09:05 15/03/2025');
  });

  it('turns calendar dates into dd/mm/yyyy without Date', () => {
    expect(formatDate('2025-03-05')).toBe('05/03/2025');
    expect(formatDate(null)).toBe('');
    expect(formatDate('05/03/2025')).toBe('05/03/2025');
  });
});

describe('page frame', () => {
  it('is A4 with NĐ 30 margins', () => {
    const f = pageFrame('landscape');
    expect([f.width, f.height]).toEqual([841.89, 595.28]);
    expect(f.left / MM).toBeCloseTo(30);
    expect((f.width - f.right) / MM).toBeCloseTo(15);
    expect((f.height - f.top) / MM).toBeCloseTo(20);
    expect(f.bottom / MM).toBeCloseTo(20);
    const p = pageFrame('portrait');
    expect([p.width, p.height]).toEqual([595.28, 841.89]);
  });
});

describe('text preparation and measuring', () => {
  it('normalises to NFC and replaces what the font cannot draw', () => {
    const font = report.fonts.regular;
    expect(prepareText(font, 'Quyết định'.normalize('NFD'))).toBe('Quyết định');
    expect(prepareText(font, 'a\tb\r\nc\u0007')).toBe('a b\nc');
    expect(prepareText(font, 'Hồ sơ 😀 漢')).toBe('Hồ sơ ? ?');
  });

  it('measures exactly what pdf-lib lays out', () => {
    for (const font of [report.fonts.regular, report.fonts.bold, report.fonts.italic]) {
      const s = 'Cộng hòa xã hội chủ nghĩa Việt Nam — Độc lập - Tự do - Hạnh phúc; ộ ủ ĩ ệ Đ ậ ự ạ ẵ 12/QĐ-UBND';
      expect(textWidth(font, s, 10)).toBeCloseTo(font.widthOfTextAtSize(s, 10), 6);
    }
  });
});

describe('wrapText', () => {
  const font = () => report.fonts.regular;

  it('breaks on spaces within the width and keeps every word', () => {
    const lines = wrapText(font(), LONG_SUBJECT, 10, 150);
    expect(lines.length).toBeGreaterThan(4);
    for (const line of lines) expect(textWidth(font(), line, 10)).toBeLessThanOrEqual(150);
    expect(lines.join(' ')).toBe(LONG_SUBJECT);
  });

  it('keeps hard line breaks', () => {
    expect(wrapText(font(), 'Đã hủy số\nGhi chú', 10, 500)).toEqual(['Đã hủy số', 'Ghi chú']);
  });

  it('hard-breaks a word wider than the column, preferring a slash or hyphen', () => {
    const word = '1234/2025/QĐ-UBNDHUYỆNKIMBẢNG';
    const lines = wrapText(font(), word, 10, 60);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('')).toBe(word);
    for (const line of lines) expect(textWidth(font(), line, 10)).toBeLessThanOrEqual(60);
    expect(lines[0].endsWith('/')).toBe(true);
  });

  it('returns one empty line for empty text', () => {
    expect(wrapText(font(), '', 10, 100)).toEqual(['']);
  });
});

describe('column widths', () => {
  it('scales weights to the total', () => {
    expect(fitColumns([1, 3], 100)).toEqual([25, 75]);
  });

  it('gives narrow columns their minimum and shares the rest in proportion', () => {
    const widths = fitColumnsAtLeast([1, 1, 8], [30, 5, 5], 200);
    expect(widths[0]).toBe(30);
    expect(widths.reduce((a, b) => a + b, 0)).toBeCloseTo(200);
    expect(widths[2] / widths[1]).toBeCloseTo(8);
  });

  it('measures the widest unbreakable word', () => {
    const font = report.fonts.bold;
    const w = minColumnWidth(font, 10, ['Số trang', 'Ngày văn bản']);
    expect(w).toBeGreaterThan(textWidth(font, 'trang', 10));
    expect(w).toBeLessThan(textWidth(font, 'Số trang', 10));
  });
});
