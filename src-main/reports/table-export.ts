// Generic exports of a result table (search results, lists) to PDF and XLSX, with the "In từ VănThư" mark.
// Turns rows the caller already fetched into bytes; knows nothing of where they came from.

import ExcelJS from 'exceljs';
import { sanitizeText } from '../../src-shared/text-clean';
import { addPage, createReport, drawTable, drawTextBlock, fitColumns, fitColumnsAtLeast, minColumnWidth, printMark, saveReport, type Align, type TableCell } from './pdf-kit';

export interface TableExportColumn {
  key: string;
  label: string;
  width?: number; // relative
  align?: Align;
}

export type TableExportValue = string | number | null;

export interface TableExportInput {
  title: string;
  subtitle?: string | null;
  columns: TableExportColumn[];
  rows: Array<Record<string, TableExportValue>>;
  printedAt: number; // epoch ms
  printedBy: string;
  orgName?: string | null;
  landscape?: boolean;
  /** Lines printed under the table (a report's definitions), in both formats. */
  notes?: string[] | null;
}

export const TABLE_EXPORT_EMPTY = 'Không có dữ liệu';

function cellText(value: TableExportValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return sanitizeText(value);
}

// ---------------------------------------------------------------------------------------------------------------
// Column widths, shared by both formats

const SAMPLE_ROWS = 500;

/** Rough width in characters a column wants: its longest label word or the 90th-percentile value, capped. */
function wantedChars(column: TableExportColumn, rows: TableExportInput['rows']): number {
  const labelWord = Math.max(...column.label.split(/\s+/).map((w) => w.length));
  const lengths = rows
    .slice(0, SAMPLE_ROWS)
    .map((r) => cellText(r[column.key]).length)
    .sort((a, b) => a - b);
  const p90 = lengths.length ? lengths[Math.min(lengths.length - 1, Math.floor(lengths.length * 0.9))] : 0;
  return Math.min(Math.max(labelWord + 1, p90, 4), 60);
}

/**
 * Widths in characters. When the caller gave relative widths for every column they decide the proportions (the
 * content decides the total); columns without one get the mean of the given ones.
 */
function columnChars(columns: TableExportColumn[], rows: TableExportInput['rows']): number[] {
  const wanted = columns.map((c) => wantedChars(c, rows));
  const given = columns.map((c) => c.width).filter((w): w is number => typeof w === 'number' && w > 0);
  if (given.length === 0) return wanted;
  const mean = given.reduce((a, b) => a + b, 0) / given.length;
  const weights = columns.map((c) => (c.width && c.width > 0 ? c.width : mean));
  const total = wanted.reduce((a, b) => a + b, 0);
  return fitColumns(weights, total);
}

// ---------------------------------------------------------------------------------------------------------------
// PDF

function sampleValues(rows: TableExportInput['rows'], key: string): string[] {
  return rows.slice(0, SAMPLE_ROWS).map((r) => cellText(r[key]));
}

export async function renderTablePdf(input: TableExportInput, opts: { resourcesDir: string }): Promise<Uint8Array> {
  const report = await createReport({
    resourcesDir: opts.resourcesDir,
    orientation: input.landscape ? 'landscape' : 'portrait',
    title: input.title,
    printedAt: input.printedAt,
  });
  const { frame, fonts } = report;
  const page = addPage(report);
  const block = { x: frame.left, width: frame.contentWidth, align: 'center' as const };
  let y = frame.top;
  if (input.orgName?.trim()) {
    const org = sanitizeText(input.orgName).toLocaleUpperCase('vi-VN');
    y = drawTextBlock(page, org, y, { ...block, font: fonts.bold, size: 12 });
    y -= 6;
  }
  y = drawTextBlock(page, input.title, y, { ...block, font: fonts.bold, size: 14 });
  if (input.subtitle?.trim()) y = drawTextBlock(page, input.subtitle, y, { ...block, font: fonts.italic, size: 12 });

  const size = input.columns.length > 8 ? 9 : 10;
  // Header words are never broken; values may be, but short ones (dates, codes) should not have to be.
  const mins = input.columns.map((c) =>
    Math.max(minColumnWidth(fonts.bold, size, [c.label]), minColumnWidth(fonts.regular, size, sampleValues(input.rows, c.key), frame.contentWidth / 8)),
  );
  const widths = fitColumnsAtLeast(columnChars(input.columns, input.rows), mins, frame.contentWidth);
  const rows = function* (): Generator<TableCell[]> {
    for (const row of input.rows) yield input.columns.map((c) => ({ text: cellText(row[c.key]) }));
  };
  const end = drawTable(
    report,
    {
      columns: input.columns.map((c, i) => ({ width: widths[i], align: c.align ?? 'left' })),
      header: [input.columns.map((c) => ({ text: c.label, style: 'bold' as const }))],
      rows: rows(),
      fontSize: size,
      headerFontSize: size,
      headerGray: 0.9,
      emptyMessage: TABLE_EXPORT_EMPTY,
    },
    { page, y: y - 10 },
  );
  if (input.notes?.length) {
    const noteBlock = { x: frame.left, width: frame.contentWidth, font: fonts.italic, size: 10 };
    let at = { page: end.page, y: end.y - 8 };
    for (const note of input.notes) {
      const text = `- ${sanitizeText(note)}`;
      const lines = Math.ceil(fonts.italic.widthOfTextAtSize(text, 10) / frame.contentWidth) + 1;
      if (at.y - lines * 12 < frame.bottom) at = { page: addPage(report), y: frame.top };
      at.y = drawTextBlock(at.page, text, at.y, noteBlock) - 2;
    }
  }
  return saveReport(report, { printedAt: input.printedAt, printedBy: input.printedBy, numberFromPage: 2 });
}

// ---------------------------------------------------------------------------------------------------------------
// XLSX

// Text that a spreadsheet would take for a formula if someone edits the cell (OWASP "CSV injection" list).
const FORMULA_START = /^[=+\-@\t\r]/;

/** Sheet names: at most 31 characters, none of : \ / ? * [ ]. */
function sheetName(title: string): string {
  const clean = sanitizeText(title)
    .replace(/[:\\/?*[\]]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return clean.slice(0, 31).trim() || 'Dữ liệu';
}

/** Header/footer codes treat '&' as an escape. */
const hfText = (s: string): string => sanitizeText(s).replace(/&/g, '&&');

const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

function addTitleRow(ws: ExcelJS.Worksheet, text: string, font: Partial<ExcelJS.Font>, columnCount: number): void {
  const row = ws.addRow([sanitizeText(text)]);
  row.font = { name: 'Times New Roman', ...font };
  row.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  if (columnCount > 1) ws.mergeCells(row.number, 1, row.number, columnCount);
}

export async function renderTableXlsx(input: TableExportInput): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const when = new Date(input.printedAt);
  wb.creator = 'VănThư';
  wb.lastModifiedBy = 'VănThư';
  wb.created = when;
  wb.modified = when;
  const landscape = input.landscape ?? false;
  const ws = wb.addWorksheet(sheetName(input.title), {
    // A4 (paperSize 9), as wide as one page, as long as it takes.
    pageSetup: {
      paperSize: 9,
      orientation: landscape ? 'landscape' : 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
    },
  });
  const n = Math.max(input.columns.length, 1);
  const mark = printMark(input.printedAt, input.printedBy);

  if (input.orgName?.trim()) addTitleRow(ws, input.orgName.toLocaleUpperCase('vi-VN'), { bold: true, size: 12 }, n);
  addTitleRow(ws, input.title, { bold: true, size: 14 }, n);
  if (input.subtitle?.trim()) addTitleRow(ws, input.subtitle, { italic: true, size: 12 }, n);
  addTitleRow(ws, mark, { italic: true, size: 10 }, n);
  ws.addRow([]);

  const header = ws.addRow(input.columns.map((c) => sanitizeText(c.label)));
  header.eachCell((cell) => {
    cell.font = { name: 'Times New Roman', bold: true, size: 12 };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6E6E6' } };
    cell.border = THIN;
  });

  for (const data of input.rows) {
    const row = ws.addRow(
      input.columns.map((c) => {
        const v = data[c.key];
        if (typeof v === 'number') return Number.isFinite(v) ? v : null;
        // Rows stored before the API cleaned its input may still hold controls or lone surrogates: one such cell
        // would make the whole workbook's XML malformed, so every string is sanitised as it is written.
        return v === null || v === undefined ? null : sanitizeText(v);
      }),
    );
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cell.font = { name: 'Times New Roman', size: 12 };
      cell.alignment = { horizontal: input.columns[col - 1]?.align ?? 'left', vertical: 'top', wrapText: true };
      cell.border = THIN;
      // exceljs stores strings as strings (never <f>), but Excel re-parses an edited cell: the Text format keeps
      // "=HYPERLINK(…)" inert without changing what the clerk sees ("+84 …", "- mục 1").
      if (typeof cell.value === 'string' && FORMULA_START.test(cell.value)) cell.numFmt = '@';
    });
  }

  if (input.notes?.length) {
    ws.addRow([]);
    for (const note of input.notes) {
      const row = ws.addRow([`- ${sanitizeText(note)}`]);
      row.font = { name: 'Times New Roman', italic: true, size: 11 };
      row.alignment = { vertical: 'top', wrapText: true };
      if (n > 1) ws.mergeCells(row.number, 1, row.number, n);
      row.height = Math.max(15, Math.ceil(note.length / (n * 12)) * 15);
    }
  }

  columnChars(input.columns, input.rows).forEach((chars, i) => {
    ws.getColumn(i + 1).width = Math.max(8, Math.min(chars * 1.1 + 2, 70));
  });
  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: header.number, topLeftCell: `A${header.number + 1}` }];
  ws.pageSetup.printTitlesRow = `${header.number}:${header.number}`;
  ws.headerFooter.oddFooter = `&L&"Times New Roman,Italic"&8${hfText(mark)}&R&8Trang &P/&N`;

  const buffer = await wb.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
