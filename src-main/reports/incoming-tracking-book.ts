// The printable "Sổ theo dõi giải quyết văn bản đến" (NĐ 30/2020 Phụ lục IV): cover page + seven-column table, A4
// landscape. Turns already-sorted rows into PDF bytes; never queries anything.

import { createReport, drawBookCover, drawTable, fitColumns, formatDate, pageFrame, resolveResourcesDir, saveReport, type TableCell, type TableColumn } from './pdf-kit';

export interface TrackingRow {
  arrivalNumber: number | null;
  typeName: string | null;
  code: string | null;
  issuedDate: string | null;
  issuerName: string;
  subject: string;
  recipients: string;
  dueDate: string | null;
  progress: string;
  replyCode: string | null;
  notes: string | null;
}

export interface TrackingBookData {
  orgName: string;
  parentOrgName: string | null;
  from: string;
  to: string;
  unitName: string | null;
  rows: TrackingRow[];
  printedAt: number;
  printedBy: string;
}

export interface RenderOptions {
  /** The shipped resources folder (env.resourcesDir); found beside the code when omitted. */
  resourcesDir?: string;
}

export const TRACKING_BOOK_TITLE = 'SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN';
export const TRACKING_BOOK_EMPTY = 'Không có văn bản đến cần theo dõi giải quyết trong khoảng thời gian này';

// Phụ lục IV column order; widths in mm add up to the landscape text width (252 mm). Column (2) carries the whole
// identity of the document and its trích yếu, so it gets the most room; Tiến độ holds a few lines of progress.
const COLUMNS: Array<{ label: string; mm: number; align: 'left' | 'center' }> = [
  { label: 'Số đến', mm: 14, align: 'center' },
  { label: 'Tên loại, số, ký hiệu, ngày tháng văn bản, cơ quan ban hành', mm: 80, align: 'left' },
  { label: 'Đơn vị/người nhận', mm: 38, align: 'left' },
  { label: 'Thời hạn giải quyết', mm: 22, align: 'center' },
  { label: 'Tiến độ giải quyết', mm: 48, align: 'left' },
  { label: 'Số, ký hiệu văn bản trả lời', mm: 28, align: 'center' },
  { label: 'Ghi chú', mm: 22, align: 'left' },
];

const BODY_SIZE = 10;

/** Column boundaries (PDF points) of the table, for tests that check where words sit. */
export function trackingBookColumns(): Array<{ label: string; x0: number; x1: number }> {
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

/** "Quyết định số 12/QĐ-UBND ngày 01/01/2025 của <cơ quan>" then the trích yếu on its own line. */
export function documentCell(row: Pick<TrackingRow, 'typeName' | 'code' | 'issuedDate' | 'issuerName' | 'subject'>): string {
  const head = [row.typeName?.trim() || 'Văn bản', row.code?.trim() ? `số ${row.code.trim()}` : '', row.issuedDate ? `ngày ${formatDate(row.issuedDate)}` : '']
    .filter(Boolean)
    .join(' ');
  const issuer = row.issuerName.trim();
  const first = issuer ? `${head} của ${issuer}` : head;
  const subject = row.subject.trim();
  return subject ? `${first}\n${subject}` : first;
}

function rowCells(row: TrackingRow): TableCell[] {
  return [
    { text: row.arrivalNumber == null ? '' : String(row.arrivalNumber) },
    { text: documentCell(row) },
    { text: row.recipients },
    { text: formatDate(row.dueDate) },
    { text: row.progress },
    { text: row.replyCode ?? '' },
    { text: row.notes ?? '' },
  ];
}

function* bodyRows(rows: TrackingRow[]): Generator<TableCell[]> {
  for (const row of rows) yield rowCells(row);
}

export async function renderTrackingBook(d: TrackingBookData, opts: RenderOptions = {}): Promise<Uint8Array> {
  const report = await createReport({
    resourcesDir: resolveResourcesDir(opts.resourcesDir),
    orientation: 'landscape',
    title: `Sổ theo dõi giải quyết văn bản đến ${formatDate(d.from)}–${formatDate(d.to)} — ${d.orgName}`,
    printedAt: d.printedAt,
    styles: ['regular', 'bold', 'italic'],
  });
  const fromYear = d.from.slice(0, 4);
  const toYear = d.to.slice(0, 4);
  drawBookCover(report, {
    orgName: d.orgName,
    parentOrgName: d.parentOrgName,
    title: TRACKING_BOOK_TITLE,
    subtitle: d.unitName?.trim() ? d.unitName : null,
    yearLine: /^\d{4}$/.test(fromYear) ? (fromYear === toYear ? `Năm ${fromYear}` : `Năm ${fromYear}–${toYear}`) : null,
    lines: [`Từ ngày ${formatDate(d.from)} đến ngày ${formatDate(d.to)}`, `Số văn bản: ${d.rows.length}`],
  });
  const widths = fitColumns(
    COLUMNS.map((c) => c.mm),
    pageFrame('landscape').contentWidth,
  );
  const columns: TableColumn[] = COLUMNS.map((c, i) => ({ width: widths[i], align: c.align }));
  drawTable(report, {
    columns,
    header: [COLUMNS.map((c) => ({ text: c.label, style: 'bold' as const })), COLUMNS.map((_, i) => ({ text: `(${i + 1})`, style: 'italic' as const }))],
    rows: bodyRows(d.rows),
    fontSize: BODY_SIZE,
    headerFontSize: BODY_SIZE,
    emptyMessage: TRACKING_BOOK_EMPTY,
  });
  return saveReport(report, { printedAt: d.printedAt, printedBy: d.printedBy, numberFromPage: 2 });
}
