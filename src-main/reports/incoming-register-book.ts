// The printable incoming register ("Sổ đăng ký văn bản đến", NĐ 30/2020 Phụ lục IV): cover page + ten-column
// table, A4 landscape, ready to be signed and bound. Turns already-sorted rows into PDF bytes; never queries anything.

import { fold } from '../../src-shared/vn/text';
import {
  MM,
  addPage,
  createReport,
  drawRule,
  drawTable,
  drawTextBlock,
  fitColumns,
  formatDate,
  pageFrame,
  textWidth,
  prepareText,
  saveReport,
  strokeRect,
  type Report,
  type TableCell,
  type TableColumn,
} from './pdf-kit';

export interface IncomingRegisterBookRow {
  arrivalDate: string; // ngày đến, YYYY-MM-DD: the day it really arrived
  /** The day the counting of deadlines started, when later than arrivalDate (arrived outside working hours). */
  countingFrom?: string;
  arrivalNumber: number; // số đến
  issuer: string; // tác giả (cơ quan ban hành)
  codeNotation: string | null; // số, ký hiệu: "12/QĐ-UBND"
  documentDate: string | null;
  typeName: string | null;
  subject: string; // trích yếu
  recipient: string | null;
  transferDate: string | null;
  notes: string | null;
  voided: boolean;
  voidReason: string | null;
}

export interface IncomingRegisterBookInput {
  org: { name: string; parentName: string | null };
  register: { name: string; year: number; volume?: string | null };
  period: { from: string; to: string }; // YYYY-MM-DD
  printedAt: number; // epoch ms
  printedBy: string;
  rows: IncomingRegisterBookRow[];
}

export const INCOMING_BOOK_TITLE = 'SỔ ĐĂNG KÝ VĂN BẢN ĐẾN';
export const INCOMING_BOOK_EMPTY = 'Không có văn bản đến trong khoảng thời gian này';

// Phụ lục IV column order. Widths in mm add up to the landscape text width (297 − 30 − 15 = 252 mm): the date
// columns hold "dd/mm/yyyy" and Số, ký hiệu "1234/QĐ-UBND" on one line at 10 pt, and Ký nhận has room for a
// handwritten signature.
const COLUMNS: Array<{ label: string; mm: number; align: 'left' | 'center' }> = [
  { label: 'Ngày đến', mm: 20, align: 'center' },
  { label: 'Số đến', mm: 12, align: 'center' },
  { label: 'Tác giả', mm: 29, align: 'left' },
  { label: 'Số, ký hiệu', mm: 27, align: 'center' },
  { label: 'Ngày tháng văn bản', mm: 20, align: 'center' },
  { label: 'Tên loại và trích yếu nội dung', mm: 54, align: 'left' },
  { label: 'Đơn vị hoặc người nhận', mm: 26, align: 'left' },
  { label: 'Ngày chuyển', mm: 20, align: 'center' },
  { label: 'Ký nhận', mm: 22, align: 'center' },
  { label: 'Ghi chú', mm: 22, align: 'left' },
];

const BODY_SIZE = 10;
// Room for a signature in column (9) even when every other cell is one line.
const MIN_ROW_HEIGHT = 8 * MM;

/** Column boundaries (PDF points, x0..x1) of the register table, for callers and tests that check placement. */
export function incomingRegisterColumns(): Array<{ label: string; x0: number; x1: number }> {
  const frame = pageFrame('landscape');
  const widths = fitColumns(
    COLUMNS.map((c) => c.mm),
    frame.contentWidth,
  );
  let x = frame.left;
  return COLUMNS.map((c, i) => {
    const col = { label: c.label, x0: x, x1: x + widths[i] };
    x += widths[i];
    return col;
  });
}

/** "Quyết định" + "về việc …"; not repeated when the clerk already typed the type name into the subject. */
function typeAndSubject(typeName: string | null, subject: string): string {
  const type = typeName?.trim();
  if (!type) return subject;
  // fold() maps one character to one, so comparing the first type.length characters is enough.
  return fold(subject.trimStart().slice(0, type.length)) === fold(type) ? subject : `${type} ${subject}`;
}

function voidMark(reason: string | null): string {
  const why = reason?.trim();
  return why ? `Đã hủy số: ${why}` : 'Đã hủy số';
}

// A voided number stays in the book (numbers have no gaps); the mark is bold so it is not missed.
function notesCell(row: IncomingRegisterBookRow): TableCell {
  const counting = row.countingFrom && row.countingFrom !== row.arrivalDate ? `Tính hạn từ ${formatDate(row.countingFrom)}` : '';
  const notes = [counting, row.notes?.trim() ?? ''].filter(Boolean).join('\n');
  if (!row.voided) return { text: notes };
  const mark = voidMark(row.voidReason);
  return { text: notes ? `${mark}\n${notes}` : mark, style: 'bold' };
}

function rowCells(row: IncomingRegisterBookRow): TableCell[] {
  return [
    { text: formatDate(row.arrivalDate) },
    { text: String(row.arrivalNumber) },
    { text: row.issuer },
    { text: row.codeNotation ?? '' },
    { text: formatDate(row.documentDate) },
    { text: typeAndSubject(row.typeName, row.subject) },
    { text: row.recipient ?? '' },
    { text: formatDate(row.transferDate) },
    { text: '' }, // ký nhận: signed by hand on the printed book
    notesCell(row),
  ];
}

function numberRange(rows: IncomingRegisterBookRow[]): { from: string; to: string } {
  if (rows.length === 0) return { from: '…', to: '…' };
  let min = rows[0].arrivalNumber;
  let max = min;
  for (const r of rows) {
    if (r.arrivalNumber < min) min = r.arrivalNumber;
    if (r.arrivalNumber > max) max = r.arrivalNumber;
  }
  return { from: String(min), to: String(max) };
}

// Register names that merely repeat the title.
const PLAIN_NAMES = new Set(['so dang ky van ban den', 'so van ban den', 'van ban den']);

const upper = (s: string): string => s.normalize('NFC').toLocaleUpperCase('vi-VN');

function drawCover(report: Report, input: IncomingRegisterBookInput): void {
  const page = addPage(report);
  const { frame, fonts } = report;

  // A double frame, as on printed register covers.
  const inset = 4 * MM;
  for (const [d, t] of [
    [0, 1.5],
    [inset / 2, 0.5],
  ] as const) {
    strokeRect(page, frame.left + d, frame.bottom + d, frame.contentWidth - 2 * d, frame.top - frame.bottom - 2 * d, t);
  }

  // Issuing-body block, top left, centred within itself like the header of an administrative document.
  const blockX = frame.left + 12 * MM;
  const blockW = 105 * MM;
  const block = { x: blockX, width: blockW, align: 'center' as const };
  let y = frame.top - 12 * MM;
  if (input.org.parentName?.trim()) {
    y = drawTextBlock(page, upper(input.org.parentName), y, { ...block, font: fonts.regular, size: 13 });
  }
  y = drawTextBlock(page, upper(input.org.name), y, { ...block, font: fonts.bold, size: 13 });
  const ruleW = Math.min(blockW / 3, textWidth(fonts.bold, prepareText(fonts.bold, upper(input.org.name)), 13));
  drawRule(page, blockX + (blockW - ruleW) / 2, blockX + (blockW + ruleW) / 2, y - 2, 0.75);

  const mid = { x: frame.left + 12 * MM, width: frame.contentWidth - 24 * MM, align: 'center' as const };
  y = frame.bottom + (frame.top - frame.bottom) * 0.66;
  y = drawTextBlock(page, INCOMING_BOOK_TITLE, y, { ...mid, font: fonts.bold, size: 28, lineHeight: 34 });
  // The register's own name ("Sổ văn bản đến mật", …) only when it says more than the title.
  const name = input.register.name.trim();
  if (name && !PLAIN_NAMES.has(fold(name))) {
    y = drawTextBlock(page, `(${name})`, y - 2, { ...mid, font: fonts.italic, size: 14 });
  }
  drawTextBlock(page, `Năm ${input.register.year}`, y - 10, { ...mid, font: fonts.bold, size: 18 });

  const numbers = numberRange(input.rows);
  const volume = input.register.volume?.trim() || '…';
  const lines = [`Từ ngày ${formatDate(input.period.from)} đến ngày ${formatDate(input.period.to)}`, `Từ số ${numbers.from} đến số ${numbers.to}`, `Quyển số: ${volume}`];
  // Left-aligned as one block under the title's right half, the way the form lays out its blanks.
  const infoW = 95 * MM;
  const infoX = frame.left + frame.contentWidth / 2 + 10 * MM;
  y = frame.bottom + 45 * MM;
  for (const line of lines) {
    y = drawTextBlock(page, line, y, { font: fonts.regular, size: 14, x: infoX, width: infoW, lineHeight: 22 });
  }
}

function tableColumns(): TableColumn[] {
  return incomingRegisterColumns().map((c, i) => ({ width: c.x1 - c.x0, align: COLUMNS[i].align }));
}

function* bodyRows(rows: IncomingRegisterBookRow[]): Generator<TableCell[]> {
  for (const row of rows) yield rowCells(row);
}

export async function renderIncomingRegisterBook(input: IncomingRegisterBookInput, opts: { resourcesDir: string }): Promise<Uint8Array> {
  const report = await createReport({
    resourcesDir: opts.resourcesDir,
    orientation: 'landscape',
    title: `Sổ đăng ký văn bản đến năm ${input.register.year} — ${input.org.name}`,
    printedAt: input.printedAt,
    styles: ['regular', 'bold', 'italic'],
  });
  drawCover(report, input);
  drawTable(report, {
    columns: tableColumns(),
    header: [COLUMNS.map((c) => ({ text: c.label, style: 'bold' as const })), COLUMNS.map((_, i) => ({ text: `(${i + 1})`, style: 'italic' as const }))],
    rows: bodyRows(input.rows),
    fontSize: BODY_SIZE,
    headerFontSize: BODY_SIZE,
    minRowHeight: MIN_ROW_HEIGHT,
    emptyMessage: INCOMING_BOOK_EMPTY,
  });
  return saveReport(report, { printedAt: input.printedAt, printedBy: input.printedBy, numberFromPage: 2 });
}
