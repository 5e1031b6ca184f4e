// The printable outgoing register ("Sổ đăng ký văn bản đi", NĐ 30/2020 Phụ lục IV): cover page + ten-column table,
// A4 landscape, ready to be signed and bound. Turns already-sorted rows into PDF bytes; never queries anything.

import { fold } from '../../src-shared/vn/text';
import { MM, createReport, drawBookCover, drawTable, fitColumns, formatDate, pageFrame, resolveResourcesDir, saveReport, type TableCell, type TableColumn } from './pdf-kit';

export interface OutgoingBookRow {
  code: string; // "05/QĐ-UBND"
  issuedDate: string; // YYYY-MM-DD
  typeAndSubject: string;
  signerName: string | null;
  recipients: string;
  keepers: string | null;
  copies: number | null;
  transferDate: string | null;
  notes: string | null;
}

export interface OutgoingBookData {
  orgName: string;
  parentOrgName: string | null;
  registerName: string;
  year: number;
  from: string | null;
  to: string | null;
  rows: OutgoingBookRow[];
  printedAt: number;
  printedBy: string;
  /** Optional "Quyển số" on the cover. */
  volume?: string | null;
}

export interface RenderOptions {
  /** The shipped resources folder (env.resourcesDir); found beside the code when omitted. */
  resourcesDir?: string;
}

export const OUTGOING_BOOK_TITLE = 'SỔ ĐĂNG KÝ VĂN BẢN ĐI';
export const OUTGOING_BOOK_EMPTY = 'Không có văn bản đi trong khoảng thời gian này';

// Phụ lục IV column order. Widths in mm add up to the landscape text width (297 − 30 − 15 = 252 mm): Số, ký hiệu
// holds "1234/GM-UBND" on one line at 10 pt, dates "dd/mm/yyyy", and Ký nhận has room for a handwritten signature.
const COLUMNS: Array<{ label: string; mm: number; align: 'left' | 'center' }> = [
  { label: 'Số, ký hiệu', mm: 30, align: 'center' },
  { label: 'Ngày tháng văn bản', mm: 20, align: 'center' },
  { label: 'Tên loại và trích yếu nội dung', mm: 55, align: 'left' },
  { label: 'Người ký', mm: 24, align: 'left' },
  { label: 'Nơi nhận văn bản', mm: 30, align: 'left' },
  { label: 'Đơn vị, người nhận bản lưu', mm: 25, align: 'left' },
  { label: 'Số lượng bản', mm: 13, align: 'center' },
  { label: 'Ngày chuyển', mm: 20, align: 'center' },
  { label: 'Ký nhận', mm: 18, align: 'center' },
  { label: 'Ghi chú', mm: 17, align: 'left' },
];

const BODY_SIZE = 10;
const MIN_ROW_HEIGHT = 8 * MM;

/** Column boundaries (PDF points) of the table, for tests that check where words sit. */
export function outgoingRegisterColumns(): Array<{ label: string; x0: number; x1: number }> {
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

function rowCells(row: OutgoingBookRow): TableCell[] {
  return [
    { text: row.code },
    { text: formatDate(row.issuedDate) },
    { text: row.typeAndSubject },
    { text: row.signerName ?? '' },
    { text: row.recipients },
    { text: row.keepers ?? '' },
    { text: row.copies == null ? '' : String(row.copies) },
    { text: formatDate(row.transferDate) },
    { text: '' }, // ký nhận: signed by hand on the printed book
    { text: row.notes ?? '' },
  ];
}

function* bodyRows(rows: OutgoingBookRow[]): Generator<TableCell[]> {
  for (const row of rows) yield rowCells(row);
}

/** Smallest and largest số among "05/QĐ-UBND"-style codes; "…" when none carries a number. */
function numberRange(rows: OutgoingBookRow[]): { from: string; to: string } {
  let min = Infinity;
  let max = -Infinity;
  for (const r of rows) {
    const m = /^\s*(\d+)/.exec(r.code);
    if (!m) continue;
    const v = Number(m[1]);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  // Numbers below 10 keep their leading 0, as on the documents themselves (standards §3.2).
  const show = (v: number): string => String(v).padStart(2, '0');
  return Number.isFinite(min) ? { from: show(min), to: show(max) } : { from: '…', to: '…' };
}

// Register names that merely repeat the title.
const PLAIN_NAMES = new Set(['so dang ky van ban di', 'so van ban di', 'van ban di']);

export async function renderOutgoingBook(d: OutgoingBookData, opts: RenderOptions = {}): Promise<Uint8Array> {
  const report = await createReport({
    resourcesDir: resolveResourcesDir(opts.resourcesDir),
    orientation: 'landscape',
    title: `Sổ đăng ký văn bản đi năm ${d.year} — ${d.orgName}`,
    printedAt: d.printedAt,
    styles: ['regular', 'bold', 'italic'],
  });
  const name = d.registerName.trim();
  const numbers = numberRange(d.rows);
  // No period means the whole year of the register.
  const from = formatDate(d.from ?? `${d.year}-01-01`);
  const to = formatDate(d.to ?? `${d.year}-12-31`);
  drawBookCover(report, {
    orgName: d.orgName,
    parentOrgName: d.parentOrgName,
    title: OUTGOING_BOOK_TITLE,
    subtitle: name && !PLAIN_NAMES.has(fold(name)) ? name : null,
    yearLine: `Năm ${d.year}`,
    lines: [`Từ ngày ${from} đến ngày ${to}`, `Từ số ${numbers.from} đến số ${numbers.to}`, `Quyển số: ${d.volume?.trim() || '…'}`],
  });
  const frame = pageFrame('landscape');
  const widths = fitColumns(
    COLUMNS.map((c) => c.mm),
    frame.contentWidth,
  );
  const columns: TableColumn[] = COLUMNS.map((c, i) => ({ width: widths[i], align: c.align }));
  drawTable(report, {
    columns,
    header: [COLUMNS.map((c) => ({ text: c.label, style: 'bold' as const })), COLUMNS.map((_, i) => ({ text: `(${i + 1})`, style: 'italic' as const }))],
    rows: bodyRows(d.rows),
    fontSize: BODY_SIZE,
    headerFontSize: BODY_SIZE,
    minRowHeight: MIN_ROW_HEIGHT,
    emptyMessage: OUTGOING_BOOK_EMPTY,
  });
  return saveReport(report, { printedAt: d.printedAt, printedBy: d.printedBy, numberFromPage: 2 });
}
