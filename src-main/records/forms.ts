// The records printouts (standards §3.11, NĐ 30/2020 Phụ lục V–VI): Danh mục hồ sơ, a file's cover and Mục lục văn
// bản, and the transfer's Mục lục hồ sơ nộp lưu + Biên bản giao nhận, as A4 PDF bytes with the print mark on every page.
// Renders only what print-data.ts hands it: never queries, never decides who may see what (hidden items come marked).

import type { PDFPage } from 'pdf-lib';
import type { FilePlanHeadingDto } from '../../src-shared/api/records';
import { isValidDate } from '../../src-shared/calendar/vn-time';
import {
  MM,
  addPage,
  createReport,
  drawRule,
  drawString,
  drawTable,
  drawTextBlock,
  fitColumns,
  formatDate,
  prepareText,
  resolveResourcesDir,
  saveReport,
  strokeRect,
  textWidth,
  wrapText,
  type Align,
  type FontStyle,
  type Report,
  type TableCell,
  type TableColumn,
  type TablePosition,
} from '../reports/pdf-kit';
import type { FileFrontMatter, FileItemMeta, FilePlanPrint, OrgHeader, TransferPrint } from './print-data';

export interface FormOptions {
  /** The shipped resources folder (env.resourcesDir); found beside the code when omitted. */
  resourcesDir?: string;
}

export const FILE_PLAN_TITLE = 'DANH MỤC HỒ SƠ';
export const FILE_INDEX_TITLE = 'MỤC LỤC VĂN BẢN TRONG HỒ SƠ';
export const TRANSFER_LIST_TITLE = 'MỤC LỤC HỒ SƠ, TÀI LIỆU NỘP LƯU';
export const HANDOVER_TITLE = 'BIÊN BẢN';
export const HANDOVER_SUBJECT = 'Về việc giao nhận hồ sơ, tài liệu';
export const HIDDEN_SUBJECT = '(Văn bản hạn chế)';
export const DRAFT_MARK = 'DỰ THẢO';
const DOTS = '……';

const STYLES: readonly FontStyle[] = ['regular', 'bold', 'italic', 'boldItalic'];
const BODY = 13; // standards §3.8: body text 13–14 pt
const HEAD = 12; // the heading block: 12–13 pt

const upperVi = (s: string): string => s.normalize('NFC').toLocaleUpperCase('vi-VN');
const pad2 = (v: number): string => String(v).padStart(2, '0');

/**
 * "ngày 05 tháng 3 năm 2025" (NĐ 30 PL I: days below 10 and months 1–2 keep a leading 0); dots when the date is
 * missing, so the line can be filled in by hand.
 */
export function longDate(iso: string | null): string {
  if (!iso || !isValidDate(iso)) return `ngày ${DOTS} tháng ${DOTS} năm ${DOTS}`;
  const [y, m, d] = iso.split('-').map(Number);
  return `ngày ${pad2(d)} tháng ${m < 3 ? pad2(m) : String(m)} năm ${y}`;
}

// ---------------------------------------------------------------------------------------------------------------
// A top-to-bottom writer over pages (the table keeps its own page breaking; this one is for the prose around it).

interface Flow {
  report: Report;
  page: PDFPage;
  y: number;
}

function newFlow(report: Report): Flow {
  return { report, page: addPage(report), y: report.frame.top };
}

/** Moves to a new page unless `height` still fits above the bottom margin. */
function ensure(flow: Flow, height: number): void {
  if (flow.y - height >= flow.report.frame.bottom - 0.01) return;
  flow.page = addPage(flow.report);
  flow.y = flow.report.frame.top;
}

interface ParaOptions {
  style?: FontStyle;
  size?: number;
  align?: Align;
  /** Left edge relative to the text area, and width (the rest of the line when omitted). */
  indent?: number;
  width?: number;
  lineHeight?: number;
}

/** A wrapped paragraph whose lines break across pages one by one. */
function para(flow: Flow, text: string, o: ParaOptions = {}): void {
  const { frame, fonts } = flow.report;
  const size = o.size ?? BODY;
  const font = fonts[o.style ?? 'regular'];
  const lineHeight = o.lineHeight ?? size * 1.3;
  const x = frame.left + (o.indent ?? 0);
  const width = o.width ?? frame.right - x;
  for (const line of wrapText(font, prepareText(font, text), size, width)) {
    ensure(flow, lineHeight);
    drawTextBlock(flow.page, line, flow.y, { font, size, x, width, lineHeight, align: o.align ?? 'left' });
    flow.y -= lineHeight;
  }
}

/** A short centred rule under a heading line, as under the issuing body's name and the motto. */
function underline(page: PDFPage, report: Report, text: string, style: FontStyle, size: number, x: number, width: number, y: number, max: number): void {
  const font = report.fonts[style];
  const w = Math.min(max, textWidth(font, prepareText(font, text), size));
  drawRule(page, x + (width - w) / 2, x + (width + w) / 2, y, 0.75);
}

// ---------------------------------------------------------------------------------------------------------------
// The heading block every form opens with (NĐ 30 PL I: issuing body top left, national motto top right).

const NATIONAL_NAME = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
const MOTTO = 'Độc lập - Tự do - Hạnh phúc';

/** The left block gets what the quốc hiệu leaves: the two share one line and the quốc hiệu must not wrap. */
function leftBlockWidth(report: Report): number {
  return report.frame.contentWidth - textWidth(report.fonts.bold, NATIONAL_NAME, HEAD) - 3 * MM;
}

/** A heading line at `size`, shrunk by half points down to `min` so a long name stays on one line before wrapping. */
function fittedSize(report: Report, style: FontStyle, text: string, size: number, width: number, min = size - 1.5): number {
  const font = report.fonts[style];
  const w = textWidth(font, prepareText(font, text), size);
  let s = size;
  while (s > min && (w * s) / size > width) s -= 0.5;
  return s;
}

/** Parent body (regular) over the issuing body (bold, ruled), centred in a block at the top left. */
function drawIssuerBlock(flow: Flow, org: OrgHeader, width: number): number {
  const { frame, fonts } = flow.report;
  const box = { x: frame.left, width, align: 'center' as const };
  let y = flow.y;
  if (org.parentOrgName?.trim()) {
    const parent = upperVi(org.parentOrgName);
    y = drawTextBlock(flow.page, parent, y, { ...box, font: fonts.regular, size: fittedSize(flow.report, 'regular', parent, HEAD, width) });
  }
  const orgName = upperVi(org.orgName);
  const size = fittedSize(flow.report, 'bold', orgName, HEAD, width);
  y = drawTextBlock(flow.page, orgName, y, { ...box, font: fonts.bold, size });
  underline(flow.page, flow.report, orgName, 'bold', size, box.x, width, y - 2, width / 3);
  return y;
}

interface HeadingOptions {
  /** Under the issuing body: "Số: …/BB". */
  number?: string | null;
  /** Under the motto, italic: "Hà Nam, ngày … tháng … năm …". */
  dateLine?: string | null;
}

function drawHeadingBlock(flow: Flow, org: OrgHeader, o: HeadingOptions = {}): void {
  const { frame, fonts } = flow.report;
  const page = flow.page;
  const leftW = leftBlockWidth(flow.report);
  let ly = drawIssuerBlock(flow, org, leftW);
  if (o.number) ly = drawTextBlock(page, o.number, ly - 6, { x: frame.left, width: leftW, align: 'center', font: fonts.regular, size: BODY });

  const right = { x: frame.left + leftW, width: frame.contentWidth - leftW, align: 'center' as const };
  let ry = flow.y;
  ry = drawTextBlock(page, NATIONAL_NAME, ry, { ...right, font: fonts.bold, size: HEAD });
  ry = drawTextBlock(page, MOTTO, ry, { ...right, font: fonts.bold, size: BODY });
  underline(page, flow.report, MOTTO, 'bold', BODY, right.x, right.width, ry - 2, Infinity);
  if (o.dateLine) ry = drawTextBlock(page, o.dateLine, ry - 8, { ...right, font: fonts.italic, size: BODY });
  flow.y = Math.min(ly, ry) - 8 * MM;
}

/** "Hà Nam, ngày 05 tháng 3 năm 2025"; the place is dots when not configured. */
function placeAndDate(org: OrgHeader, iso: string | null): string {
  return `${org.place?.trim() || DOTS}, ${longDate(iso)}`;
}

/** A framed word, centred: the "DỰ THẢO" mark on a draft. */
function drawStamp(flow: Flow, text: string): void {
  const { frame, fonts } = flow.report;
  const size = 13;
  const label = prepareText(fonts.bold, text);
  const w = textWidth(fonts.bold, label, size) + 6 * MM;
  const h = 8 * MM;
  const x = frame.left + (frame.contentWidth - w) / 2;
  strokeRect(flow.page, x, flow.y - h, w, h, 1);
  drawString(flow.page, fonts.bold, size, x + 3 * MM, flow.y - h / 2 - size / 3, label);
  flow.y -= h + 3 * MM;
}

interface SignatureBlock {
  /** Bold, upper-case: "CHỦ TỊCH", "ĐẠI DIỆN BÊN GIAO". */
  title: string | null;
  hint?: string;
  name?: string | null;
}

const SIGN_SPACE = 22 * MM;

function signatureHeight(block: SignatureBlock): number {
  const lines = (block.title?.trim() ? (block.hint ? 2 : 1) : 0) + 1;
  return lines * BODY * 1.3 + SIGN_SPACE;
}

/** Signature blocks side by side (one on the right half, two sharing the width); kept whole on one page. */
function drawSignatures(flow: Flow, blocks: SignatureBlock[], dateLine?: string): void {
  const { frame, fonts } = flow.report;
  const lineHeight = BODY * 1.3;
  ensure(flow, Math.max(...blocks.map(signatureHeight)) + (dateLine ? lineHeight : 0));
  const half = frame.contentWidth / 2;
  const slots = blocks.length === 1 ? [{ x: frame.left + half, width: half }] : blocks.map((_, i) => ({ x: frame.left + i * half, width: half }));
  if (dateLine) {
    drawTextBlock(flow.page, dateLine, flow.y, { font: fonts.italic, size: BODY, x: slots[slots.length - 1].x, width: half, align: 'center', lineHeight });
    flow.y -= lineHeight;
  }
  let bottom = flow.y;
  blocks.forEach((b, i) => {
    const box = { ...slots[i], align: 'center' as const, lineHeight };
    let y = flow.y;
    if (b.title?.trim()) y = drawTextBlock(flow.page, upperVi(b.title), y, { ...box, font: fonts.bold, size: BODY });
    if (b.title?.trim() && b.hint) y = drawTextBlock(flow.page, b.hint, y, { ...box, font: fonts.italic, size: BODY });
    y -= SIGN_SPACE;
    if (b.name?.trim()) y = drawTextBlock(flow.page, b.name.trim(), y, { ...box, font: fonts.bold, size: BODY });
    bottom = Math.min(bottom, y);
  });
  flow.y = bottom;
}

function columnsOf(report: Report, spec: ReadonlyArray<{ mm: number; align: Align }>): TableColumn[] {
  const widths = fitColumns(
    spec.map((c) => c.mm),
    report.frame.contentWidth,
  );
  return spec.map((c, i) => ({ width: widths[i], align: c.align }));
}

function headerRows(labels: readonly string[]): TableCell[][] {
  return [labels.map((text) => ({ text, style: 'bold' as const })), labels.map((_, i) => ({ text: `(${i + 1})`, style: 'italic' as const }))];
}

// ---------------------------------------------------------------------------------------------------------------
// 1. Danh mục hồ sơ (Phụ lục V)

export const FILE_PLAN_COLUMNS = ['Số và ký hiệu hồ sơ', 'Tên đề mục và tiêu đề hồ sơ', 'Thời hạn bảo quản', 'Người lập hồ sơ', 'Ghi chú'] as const;
// Portrait text width is 165 mm; "01.TCCB" and "Vĩnh viễn" sit on one line, the title column takes the rest.
const FILE_PLAN_WIDTHS = [
  { mm: 24, align: 'center' },
  { mm: 69, align: 'left' },
  { mm: 22, align: 'center' },
  { mm: 31, align: 'left' },
  { mm: 19, align: 'left' },
] as const;

interface PlanRow {
  cells: TableCell[];
  /** A đề mục row: never the last row on a page, it goes over with the first file under it. */
  heading: boolean;
}

/** Đề mục lớn in bold capitals, sub-headings in bold italic (deeper ones italic), each followed by its lines. */
function planRows(headings: FilePlanHeadingDto[], depth = 0, out: PlanRow[] = []): PlanRow[] {
  for (const h of headings) {
    const label = `${h.numeral}. ${depth === 0 ? upperVi(h.title) : h.title}`;
    const style: FontStyle = depth === 0 ? 'bold' : depth === 1 ? 'boldItalic' : 'italic';
    out.push({ heading: true, cells: [{ text: '' }, { text: label, style }, { text: '' }, { text: '' }, { text: '' }] });
    for (const line of h.lines) {
      const cells = [{ text: line.code }, { text: line.title }, { text: line.retentionLabel }, { text: line.keeper ?? '' }, { text: line.notes ?? '' }];
      out.push({ heading: false, cells });
    }
    planRows(h.children, depth + 1, out);
  }
  return out;
}

// pdf-kit's cell padding and line heights, to foresee where its table breaks pages. A drift only moves a break:
// drawTable still breaks a page it overfills itself, so no row is ever lost.
const CELL_PAD_X = 3;
const CELL_PAD_Y = 2.5;

function rowHeight(report: Report, columns: TableColumn[], cells: TableCell[], size: number, lineHeight: number): number {
  let lines = 1;
  columns.forEach((col, i) => {
    const cell = cells[i];
    if (!cell?.text) return;
    const font = report.fonts[cell.style ?? 'regular'];
    lines = Math.max(lines, wrapText(font, prepareText(font, cell.text), size, Math.max(col.width - 2 * CELL_PAD_X, 1)).length);
  });
  return lines * lineHeight + 2 * CELL_PAD_Y;
}

/**
 * Splits the rows into pages so that a đề mục (and the sub-headings right under it) never ends a page without a
 * file under it: the run from a heading to its first file moves to the next page together.
 */
function paginatePlan(report: Report, columns: TableColumn[], header: TableCell[][], rows: PlanRow[], firstTop: number, size: number): PlanRow[][] {
  const { frame } = report;
  const headerHeight = header.reduce((a, r) => a + rowHeight(report, columns, r, size, size * 1.15), 0);
  const heights = rows.map((r) => rowHeight(report, columns, r.cells, size, size * 1.2));
  const pages: PlanRow[][] = [[]];
  let room = firstTop - frame.bottom - headerHeight - 0.5;
  let used = 0;
  rows.forEach((row, i) => {
    let need = heights[i];
    for (let j = i; rows[j]?.heading && j + 1 < rows.length; j++) need += heights[j + 1];
    const page = pages[pages.length - 1];
    if (page.length > 0 && used + need > room) {
      pages.push([]);
      room = frame.top - frame.bottom - headerHeight - 0.5;
      used = 0;
    }
    pages[pages.length - 1].push(row);
    used += heights[i];
  });
  return pages;
}

export function filePlanFooter(counts: FilePlanPrint['counts']): string {
  return `Bản Danh mục hồ sơ này có tổng số: ${counts.total} hồ sơ, bao gồm: ${counts.permanent} hồ sơ bảo quản vĩnh viễn; ` + `${counts.limited} hồ sơ bảo quản có thời hạn.`;
}

export async function renderFilePlanPdf(data: FilePlanPrint, opts: FormOptions = {}): Promise<Uint8Array> {
  const report = await createReport({
    resourcesDir: resolveResourcesDir(opts.resourcesDir),
    orientation: 'portrait',
    title: `Danh mục hồ sơ năm ${data.year} — ${data.org.orgName}`,
    printedAt: data.printedAt,
    styles: STYLES,
  });
  const flow = newFlow(report);
  drawHeadingBlock(flow, data.org);
  if (data.status === 'draft') drawStamp(flow, DRAFT_MARK);
  para(flow, `${FILE_PLAN_TITLE} CỦA ${upperVi(data.org.orgName)}`, { style: 'bold', size: 14, align: 'center' });
  para(flow, `NĂM ${data.year}`, { style: 'bold', size: 14, align: 'center' });
  // The list is issued as an annex to the head's decision; its number and date are written on the signed copy.
  para(flow, `(Ban hành kèm theo Quyết định số ${DOTS}/QĐ-${DOTS} ${longDate(null)})`, { style: 'italic', align: 'center' });
  flow.y -= 4 * MM;
  const size = 11;
  const columns = columnsOf(report, FILE_PLAN_WIDTHS);
  const header = headerRows(FILE_PLAN_COLUMNS);
  const pages = paginatePlan(report, columns, header, planRows(data.headings), flow.y, size);
  // One table per page, the header drawn by each: the page breaks are the ones chosen above.
  let at: TablePosition = { page: flow.page, y: flow.y };
  pages.forEach((rows, i) => {
    const spec = { columns, header, rows: rows.map((r) => r.cells), fontSize: size, headerFontSize: size, emptyMessage: 'Danh mục chưa có hồ sơ nào' };
    at = drawTable(report, spec, i === 0 ? at : undefined);
  });
  flow.page = at.page;
  flow.y = at.y - 5 * MM;
  // The count sentence stays with the signature, never alone at the foot of a page.
  ensure(flow, 3 * BODY * 1.3 + signatureHeight({ title: data.signerTitle }));
  para(flow, filePlanFooter(data.counts));
  flow.y -= 3 * MM;
  const approved = data.status !== 'draft';
  drawSignatures(flow, [{ title: data.signerTitle, hint: '(Ký, ghi rõ họ tên và đóng dấu)', name: approved ? data.approvedBy : null }]);
  return saveReport(report, { printedAt: data.printedAt, printedBy: data.printedBy, numberFromPage: 2 });
}

// ---------------------------------------------------------------------------------------------------------------
// 2–3. A file's cover (bìa hồ sơ) and Mục lục văn bản trong hồ sơ

export const FILE_INDEX_COLUMNS = ['STT', 'Số, ký hiệu văn bản', 'Ngày tháng văn bản', 'Tên loại và trích yếu nội dung', 'Tác giả', 'Tờ số/ Trang số', 'Ghi chú'] as const;
const FILE_INDEX_WIDTHS = [
  { mm: 9, align: 'center' },
  { mm: 26, align: 'center' },
  { mm: 19, align: 'center' },
  { mm: 54, align: 'left' },
  { mm: 26, align: 'left' },
  { mm: 16, align: 'center' },
  { mm: 15, align: 'left' },
] as const;

function pageSpan(from: number | null, to: number | null): string {
  if (from == null) return '';
  return to == null || to === from ? String(from) : `${from}–${to}`;
}

function indexCells(item: FileItemMeta): TableCell[] {
  const pages = pageSpan(item.pageFrom, item.pageTo);
  // A document the reader may not see shows only its number and date (NĐ 30 PL VI: per-document access rights).
  if (item.hidden) {
    return [
      { text: String(item.ordinal) },
      { text: item.code ?? '' },
      { text: formatDate(item.issuedDate) },
      { text: HIDDEN_SUBJECT, style: 'italic' },
      { text: '' },
      { text: pages },
      { text: '' },
    ];
  }
  const typeName = item.typeName?.trim() ?? '';
  const subject = item.subject.trim();
  return [
    { text: String(item.ordinal) },
    { text: item.code ?? '' },
    { text: formatDate(item.issuedDate) },
    { text: typeName && subject ? `${typeName} ${subject}` : typeName || subject },
    { text: item.organName ?? '' },
    { text: pages },
    { text: item.description ?? '' },
  ];
}

function* indexRows(items: FileItemMeta[]): Generator<TableCell[]> {
  for (const item of items) yield indexCells(item);
}

/** "01/02/2025 – 30/06/2025"; an open file has no end yet. */
function period(start: string, end: string | null): string {
  return `${formatDate(start)} – ${end ? formatDate(end) : DOTS}`;
}

function drawCover(report: Report, data: FileFrontMatter): void {
  const { frame, fonts } = report;
  const page = addPage(report);
  const f = data.file;
  const inset = 4 * MM;
  strokeRect(page, frame.left, frame.bottom, frame.contentWidth, frame.top - frame.bottom, 1.5);
  strokeRect(page, frame.left + inset / 2, frame.bottom + inset / 2, frame.contentWidth - inset, frame.top - frame.bottom - inset, 0.5);
  const inner = { x: frame.left + 10 * MM, width: frame.contentWidth - 20 * MM, align: 'center' as const };
  let y = frame.top - 12 * MM;
  if (data.org.parentOrgName?.trim()) y = drawTextBlock(page, upperVi(data.org.parentOrgName), y, { ...inner, font: fonts.regular, size: 13 });
  const orgName = upperVi(data.org.orgName);
  y = drawTextBlock(page, orgName, y, { ...inner, font: fonts.bold, size: 13 });
  underline(page, report, orgName, 'bold', 13, inner.x, inner.width, y - 2, 40 * MM);
  y = drawTextBlock(page, `Mã hồ sơ: ${f.fileCode}`, y - 12 * MM, { ...inner, font: fonts.regular, size: 13 });
  drawTextBlock(page, `Số và ký hiệu hồ sơ: ${f.code}`, y - 2, { ...inner, font: fonts.regular, size: 13 });

  y = frame.bottom + (frame.top - frame.bottom) * 0.68;
  y = drawTextBlock(page, 'HỒ SƠ', y, { ...inner, font: fonts.bold, size: 30, lineHeight: 36 });
  y = drawTextBlock(page, f.title, y - 6 * MM, { ...inner, font: fonts.bold, size: 16, lineHeight: 21 });

  const info = [
    `Thời gian: Từ ngày ${formatDate(f.startDate)} đến ngày ${f.endDate ? formatDate(f.endDate) : DOTS}`,
    `Gồm: ${f.docTotal} văn bản, ${f.pageTotal} trang`,
    `Thời hạn bảo quản: ${f.retentionLabel}`,
    `Chế độ sử dụng: ${f.rightsLabel}`,
    `Người lập hồ sơ: ${f.ownerName}${f.unitName?.trim() ? ` (${f.unitName.trim()})` : ''}`,
  ];
  const infoX = frame.left + 25 * MM;
  const infoW = frame.right - 15 * MM - infoX;
  // Pinned near the foot of the cover unless a very long title pushes it down.
  y = Math.min(y - 10 * MM, frame.bottom + 60 * MM);
  for (const line of info) y = drawTextBlock(page, line, y, { font: fonts.regular, size: 14, x: infoX, width: infoW, lineHeight: 22 });
}

function drawFileIndex(report: Report, data: FileFrontMatter): void {
  const flow = newFlow(report);
  flow.y = drawIssuerBlock(flow, data.org, leftBlockWidth(report));
  flow.y -= 8 * MM;
  para(flow, FILE_INDEX_TITLE, { style: 'bold', size: 14, align: 'center' });
  flow.y -= 2 * MM;
  para(flow, `Hồ sơ số: ${data.file.code} — Mã hồ sơ: ${data.file.fileCode}`, { align: 'center' });
  para(flow, `Tiêu đề hồ sơ: ${data.file.title}`, { style: 'italic', align: 'center' });
  flow.y -= 4 * MM;
  const end = drawTable(
    report,
    {
      columns: columnsOf(report, FILE_INDEX_WIDTHS),
      header: headerRows(FILE_INDEX_COLUMNS),
      rows: indexRows(data.items),
      fontSize: 10,
      headerFontSize: 10,
      emptyMessage: 'Hồ sơ chưa có văn bản nào',
    },
    { page: flow.page, y: flow.y },
  );
  flow.page = end.page;
  flow.y = end.y - 4 * MM;
  para(flow, `Mục lục này gồm ${data.items.length} văn bản.`, { style: 'italic' });
}

function frontMatterTitle(data: FileFrontMatter): string {
  return `Hồ sơ ${data.file.code} — ${data.file.title}`;
}

/** Cover + Mục lục: the first pages of a file's export PDF (the caller passes the final page numbers). */
export async function renderFileFrontMatter(data: FileFrontMatter, opts: FormOptions = {}): Promise<Uint8Array> {
  const report = await createReport({
    resourcesDir: resolveResourcesDir(opts.resourcesDir),
    orientation: 'portrait',
    title: frontMatterTitle(data),
    printedAt: data.printedAt,
    styles: STYLES,
  });
  drawCover(report, data);
  drawFileIndex(report, data);
  return saveReport(report, { printedAt: data.printedAt, printedBy: data.printedBy, numberFromPage: 2 });
}

/** The Mục lục văn bản alone: the printable index of a file. */
export async function renderFileIndexPdf(data: FileFrontMatter, opts: FormOptions = {}): Promise<Uint8Array> {
  const report = await createReport({
    resourcesDir: resolveResourcesDir(opts.resourcesDir),
    orientation: 'portrait',
    title: `Mục lục văn bản — ${frontMatterTitle(data)}`,
    printedAt: data.printedAt,
    styles: STYLES,
  });
  drawFileIndex(report, data);
  return saveReport(report, { printedAt: data.printedAt, printedBy: data.printedBy, numberFromPage: 2 });
}

// ---------------------------------------------------------------------------------------------------------------
// 4. Transfer to Lưu trữ cơ quan: Mục lục hồ sơ, tài liệu nộp lưu + Biên bản giao nhận

export const TRANSFER_COLUMNS = ['STT', 'Số, ký hiệu hồ sơ', 'Tiêu đề hồ sơ', 'Thời gian tài liệu', 'Thời hạn bảo quản', 'Số tờ/ số trang', 'Ghi chú'] as const;
const TRANSFER_WIDTHS = [
  { mm: 10, align: 'center' },
  { mm: 22, align: 'center' },
  { mm: 52, align: 'left' },
  { mm: 24, align: 'center' },
  { mm: 20, align: 'center' },
  { mm: 19, align: 'center' },
  { mm: 18, align: 'left' },
] as const;

function* transferRows(files: TransferPrint['files']): Generator<TableCell[]> {
  for (const f of files) {
    yield [
      { text: String(f.ordinal) },
      { text: f.code },
      { text: f.title },
      { text: period(f.startDate, f.endDate) },
      { text: f.retentionLabel },
      // Electronic files have no sheets: the count of documents stands in, with the pages under it.
      { text: `${f.docTotal} văn bản\n${f.pageTotal} trang` },
      { text: f.notes ?? '' },
    ];
  }
}

/** "Số: 05/BB" (dots before confirmation, when the number is not yet allocated). */
export function handoverNumber(n: number | null): string {
  return `Số: ${n == null ? DOTS : pad2(n)}/BB`;
}

function transferTotals(data: TransferPrint): { docs: number; pages: number; from: string | null; to: string | null } {
  let docs = 0;
  let pages = 0;
  let from: string | null = null;
  let to: string | null = null;
  for (const f of data.files) {
    docs += f.docTotal;
    pages += f.pageTotal;
    if (from == null || f.startDate < from) from = f.startDate;
    const end = f.endDate ?? f.startDate;
    if (to == null || end > to) to = end;
  }
  return { docs, pages, from, to };
}

function drawTransferList(flow: Flow, data: TransferPrint): void {
  const report = flow.report;
  drawHeadingBlock(flow, data.org);
  para(flow, TRANSFER_LIST_TITLE, { style: 'bold', size: 14, align: 'center' });
  para(flow, `Đơn vị nộp lưu: ${data.deliveringUnit?.trim() || DOTS}`, { align: 'center' });
  para(flow, `(Kèm theo Biên bản giao nhận ${handoverNumber(data.number).replace('Số: ', 'số ')} ${longDate(data.date)})`, { style: 'italic', align: 'center' });
  flow.y -= 4 * MM;
  const end = drawTable(
    report,
    {
      columns: columnsOf(report, TRANSFER_WIDTHS),
      header: headerRows(TRANSFER_COLUMNS),
      rows: transferRows(data.files),
      fontSize: 10,
      headerFontSize: 10,
      emptyMessage: 'Chưa có hồ sơ nào trong lần nộp lưu này',
    },
    { page: flow.page, y: flow.y },
  );
  flow.page = end.page;
  flow.y = end.y - 4 * MM;
  para(flow, `Mục lục này gồm ${data.files.length} hồ sơ.`, { style: 'italic' });
}

function drawHandover(flow: Flow, data: TransferPrint): void {
  const t = transferTotals(data);
  const unit = data.deliveringUnit?.trim() || DOTS;
  drawHeadingBlock(flow, data.org, { number: handoverNumber(data.number), dateLine: placeAndDate(data.org, data.date) });
  para(flow, HANDOVER_TITLE, { style: 'bold', size: 14, align: 'center' });
  para(flow, HANDOVER_SUBJECT, { style: 'bold', align: 'center' });
  underline(flow.page, flow.report, HANDOVER_SUBJECT, 'bold', BODY, flow.report.frame.left, flow.report.frame.contentWidth, flow.y - 1, 30 * MM);
  flow.y -= 6 * MM;
  const indent = 10 * MM;
  para(flow, 'Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư và các quy định hiện hành về lưu trữ;', {
    style: 'italic',
    align: 'left',
  });
  para(flow, `Căn cứ Danh mục hồ sơ và kế hoạch thu thập hồ sơ, tài liệu vào Lưu trữ cơ quan của ${data.org.orgName};`, { style: 'italic' });
  para(flow, `Hôm nay, ${longDate(data.date)}, tại ${data.org.orgName}, chúng tôi gồm:`);
  flow.y -= 2 * MM;
  para(flow, `BÊN GIAO: ${unit}`, { style: 'bold' });
  para(flow, `Ông (bà): ${data.deliveredBy.trim() || DOTS}`, { indent });
  para(flow, `Chức vụ công tác: ${DOTS}`, { indent });
  para(flow, `BÊN NHẬN: Lưu trữ cơ quan ${data.org.orgName}`, { style: 'bold' });
  para(flow, `Ông (bà): ${data.receivedBy.trim() || DOTS}`, { indent });
  para(flow, `Chức vụ công tác: ${DOTS}`, { indent });
  flow.y -= 2 * MM;
  para(flow, 'Thống nhất lập biên bản giao nhận hồ sơ, tài liệu với những nội dung như sau:');
  para(flow, `1. Tên khối tài liệu giao nộp: hồ sơ, tài liệu của ${unit}.`);
  para(flow, `2. Thời gian của tài liệu: ${t.from ? period(t.from, t.to) : DOTS}.`);
  para(flow, `3. Số lượng tài liệu: ${data.files.length} hồ sơ, gồm ${t.docs} văn bản, ${t.pages} trang.`);
  para(flow, `Tài liệu điện tử: ${data.files.length} hồ sơ, ${data.computerFiles} tệp (tệp tin máy tính).`, { indent });
  para(flow, `4. Tình trạng tài liệu giao nộp: ${data.notes?.trim() || DOTS}`);
  para(flow, `5. Mục lục hồ sơ, tài liệu nộp lưu kèm theo (${data.files.length} hồ sơ).`);
  flow.y -= 2 * MM;
  para(flow, 'Biên bản được lập thành hai bản; mỗi bên giữ một bản.');
  flow.y -= 4 * MM;
  drawSignatures(flow, [
    { title: 'ĐẠI DIỆN BÊN GIAO', hint: '(Ký, ghi rõ họ tên)', name: data.deliveredBy },
    { title: 'ĐẠI DIỆN BÊN NHẬN', hint: '(Ký, ghi rõ họ tên)', name: data.receivedBy },
  ]);
}

/** Mục lục hồ sơ nộp lưu, then the Biên bản giao nhận on its own page (both signed and kept by each side). */
export async function renderTransferPdf(data: TransferPrint, opts: FormOptions = {}): Promise<Uint8Array> {
  const report = await createReport({
    resourcesDir: resolveResourcesDir(opts.resourcesDir),
    orientation: 'portrait',
    title: `Mục lục hồ sơ nộp lưu và biên bản giao nhận ${formatDate(data.date)} — ${data.org.orgName}`,
    printedAt: data.printedAt,
    styles: STYLES,
  });
  drawTransferList(newFlow(report), data);
  drawHandover(newFlow(report), data);
  return saveReport(report, { printedAt: data.printedAt, printedBy: data.printedBy, numberFromPage: 2 });
}
