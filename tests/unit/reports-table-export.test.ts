// Search-result exports: the PDF checked with poppler, the XLSX read back with exceljs and inspected as raw XML
// (values, types, frozen header, no formula cells).

import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { TABLE_EXPORT_EMPTY, renderTablePdf, renderTableXlsx, type TableExportInput } from '../../src-main/reports/table-export';
import { LONG_SUBJECT, PRINTED_AT, PRINTED_BY, PRINT_MARK, RESOURCES_DIR, flatText, pageCount, pageSizes, pdfFonts, pdfWords, writeTemp } from './reports-fixtures';

const opts = { resourcesDir: RESOURCES_DIR };

function input(rowCount = 4): TableExportInput {
  const rows: TableExportInput['rows'] = [
    { stt: 1, so: '12/QĐ-UBND', ngay: '05/03/2025', trichYeu: 'Quyết định về việc phê duyệt danh sách hộ nghèo', coQuan: 'Ủy ban nhân dân xã Đồng Hóa', trang: 3 },
    { stt: 2, so: '=HYPERLINK("http://x.invalid","bấm")', ngay: null, trichYeu: LONG_SUBJECT, coQuan: '+84 912 345 678', trang: 12.5 },
    { stt: 3, so: '-', ngay: '07/03/2025', trichYeu: '@SUM(A1:A9)', coQuan: 'Sở Nội vụ'.normalize('NFD'), trang: null },
    { stt: 4, so: '05/BNV-VP', ngay: '08/03/2025', trichYeu: 'Về việc ẵm, bế trẻ – ộ ủ ĩ ệ Đ ậ ự ạ', coQuan: 'Bộ Nội vụ', trang: 0 },
  ];
  for (let i = rows.length; i < rowCount; i++) {
    rows.push({ stt: i + 1, so: `${i + 1}/UBND-VP`, ngay: '10/03/2025', trichYeu: `Công văn số ${i + 1} về cải cách hành chính`, coQuan: 'Văn phòng HĐND và UBND', trang: 1 });
  }
  return {
    title: 'Kết quả tìm kiếm văn bản đến',
    subtitle: 'Từ khóa: "phê duyệt" — từ ngày 01/01/2025 đến ngày 31/03/2025',
    orgName: 'Ủy ban nhân dân xã Đồng Hóa',
    columns: [
      { key: 'stt', label: 'STT', width: 1, align: 'center' },
      { key: 'so', label: 'Số, ký hiệu', width: 3 },
      { key: 'ngay', label: 'Ngày văn bản', width: 2, align: 'center' },
      { key: 'trichYeu', label: 'Trích yếu', width: 7 },
      { key: 'coQuan', label: 'Cơ quan ban hành', width: 4 },
      { key: 'trang', label: 'Số trang', width: 1, align: 'right' },
    ],
    rows,
    printedAt: PRINTED_AT,
    printedBy: PRINTED_BY,
  };
}

describe('renderTablePdf', () => {
  it('prints an A4 portrait table with headings, values and the print mark', async () => {
    const path = writeTemp(await renderTablePdf(input(), opts), 'ket-qua.pdf');
    expect(pageSizes(path)).toEqual(['595.28 x 841.89']);
    for (const row of pdfFonts(path).split('\n').slice(2).filter(Boolean)) expect(row).toMatch(/yes\s+no\s+yes/);
    const text = flatText(path);
    expect(text).toBe(text.normalize('NFC'));
    for (const s of [
      'ỦY BAN NHÂN DÂN XÃ ĐỒNG HÓA',
      'Kết quả tìm kiếm văn bản đến',
      'Từ khóa: "phê duyệt" — từ ngày 01/01/2025 đến ngày 31/03/2025',
      'STT Số, ký hiệu Ngày văn bản Trích yếu Cơ quan ban hành Số trang',
      '1 12/QĐ-UBND 05/03/2025 Quyết định về việc phê duyệt danh sách hộ nghèo Ủy ban nhân dân xã Đồng Hóa 3',
      LONG_SUBJECT,
      'Sở Nội vụ',
      '12.5',
      'Về việc ẵm, bế trẻ – ộ ủ ĩ ệ Đ ậ ự ạ',
      PRINT_MARK,
    ]) {
      expect(text).toContain(s);
    }
  });

  it('honours landscape and repeats the header over many pages', async () => {
    const path = writeTemp(await renderTablePdf({ ...input(300), landscape: true }, opts), 'dai.pdf');
    const n = pageCount(path);
    expect(n).toBeGreaterThan(3);
    expect(new Set(pageSizes(path))).toEqual(new Set(['841.89 x 595.28']));
    for (let p = 1; p <= n; p++) {
      expect(flatText(path, p)).toContain('STT Số, ký hiệu Ngày văn bản Trích yếu Cơ quan ban hành Số trang');
      expect(flatText(path, p)).toContain(PRINT_MARK);
    }
    expect(flatText(path)).toContain('Công văn số 300 về cải cách hành chính');
    // Right-aligned numbers end at the same x.
    const pageCounts = pdfWords(path).filter((w) => w.page === 2 && /^\d+$/.test(w.text) && w.xMin > 700);
    expect(new Set(pageCounts.map((w) => Math.round(w.xMax))).size).toBe(1);
  });

  it('says so when there is nothing to print', async () => {
    const path = writeTemp(await renderTablePdf({ ...input(), rows: [], subtitle: null, orgName: null }, opts), 'rong.pdf');
    expect(pageCount(path)).toBe(1);
    expect(flatText(path)).toContain(TABLE_EXPORT_EMPTY);
  });
});

async function readBack(bytes: Uint8Array): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb.worksheets[0];
}

describe('renderTableXlsx', () => {
  it('has title rows, the print mark and a bold, frozen header', async () => {
    const ws = await readBack(await renderTableXlsx(input()));
    expect(ws.name).toBe('Kết quả tìm kiếm văn bản đến');
    expect(ws.getCell('A1').value).toBe('ỦY BAN NHÂN DÂN XÃ ĐỒNG HÓA');
    expect(ws.getCell('A2').value).toBe('Kết quả tìm kiếm văn bản đến');
    expect(ws.getCell('A2').font.bold).toBe(true);
    expect(ws.getCell('A3').value).toBe('Từ khóa: "phê duyệt" — từ ngày 01/01/2025 đến ngày 31/03/2025');
    expect(ws.getCell('A4').value).toBe(PRINT_MARK);
    const header = ws.getRow(6);
    expect(header.values).toEqual([undefined, 'STT', 'Số, ký hiệu', 'Ngày văn bản', 'Trích yếu', 'Cơ quan ban hành', 'Số trang']);
    expect(header.getCell(1).font.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 6 });
    expect(ws.getCell('A2').isMerged).toBe(true);
  });

  it('reads back the same values, text as text and numbers as numbers', async () => {
    const data = input();
    const ws = await readBack(await renderTableXlsx(data));
    data.rows.forEach((row, i) => {
      data.columns.forEach((col, j) => {
        const cell = ws.getRow(7 + i).getCell(j + 1);
        const want = row[col.key];
        expect(cell.value).toBe(typeof want === 'string' ? want.normalize('NFC') : want);
      });
    });
    expect(ws.getCell('F8').type).toBe(ExcelJS.ValueType.Number);
    expect(ws.getCell('D8').alignment.wrapText).toBe(true);
  });

  it('never writes a formula, and keeps formula-looking text inert', async () => {
    const bytes = await renderTableXlsx(input());
    const ws = await readBack(bytes);
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
        expect(cell.formula).toBeUndefined();
      }),
    );
    for (const ref of ['B8', 'E8', 'B9', 'D9']) {
      expect(ws.getCell(ref).type).toBe(ExcelJS.ValueType.String);
      expect(ws.getCell(ref).numFmt).toBe('@');
    }
    expect(ws.getCell('B7').numFmt).toBeUndefined();
    const sheetXml = strFromU8(unzipSync(bytes)['xl/worksheets/sheet1.xml']);
    expect(sheetXml).not.toMatch(/<f[ >]/);
  });

  it('sizes columns from their proportions and content', async () => {
    const ws = await readBack(await renderTableXlsx(input()));
    const widths = [1, 2, 3, 4, 5, 6].map((i) => ws.getColumn(i).width ?? 0);
    for (const w of widths) expect(w).toBeGreaterThanOrEqual(8);
    expect(widths[3]).toBeGreaterThan(widths[1]);
    expect(widths[3]).toBeGreaterThan(widths[0]);
  });

  it('writes an empty sheet with just the titles and header', async () => {
    const ws = await readBack(await renderTableXlsx({ ...input(), rows: [], orgName: null, subtitle: null }));
    expect(ws.getCell('A1').value).toBe('Kết quả tìm kiếm văn bản đến');
    expect(ws.getCell('A2').value).toBe(PRINT_MARK);
    expect(ws.getRow(4).getCell(1).value).toBe('STT');
    expect(ws.rowCount).toBe(4);
  });
});
