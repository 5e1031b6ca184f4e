// The printable "Phiếu giải quyết văn bản đến" (NĐ 30/2020 Phụ lục IV, standards §3.4), A4 portrait: the document's
// identity, then (1) the office leaders' directions, (2) the unit leaders' assignments, (3) the handlers' proposals.
// Turns already-gathered data into PDF bytes; never queries anything.

import { vnParts, formatHhmm } from '../../src-shared/calendar/vn-time';
import { URGENCY_LABELS } from '../../src-shared/documents';
import {
  MM,
  addPage,
  createReport,
  drawRule,
  drawString,
  drawTextBlock,
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
} from './pdf-kit';
import type { PDFPage } from 'pdf-lib';

export interface SlipAssignment {
  role: 'lead' | 'cooperate' | 'info';
  name: string;
  dueDate: string | null;
  note: string | null;
}

export interface SlipDirection {
  byName: string;
  byPosition: string | null;
  at: number;
  text: string | null;
  assignments: SlipAssignment[];
}

export interface HandlingSlipData {
  orgName: string;
  parentOrgName: string | null;
  document: {
    typeName: string | null;
    code: string | null;
    issuedDate: string | null;
    issuerName: string;
    subject: string;
    arrivalNumber: number | null;
    arrivalAt: number;
    urgency: number;
  };
  office: SlipDirection[];
  unit: SlipDirection[];
  proposals: Array<{ byName: string; at: number; text: string }>;
  printedAt: number;
  printedBy: string;
}

export interface RenderOptions {
  /** The shipped resources folder (env.resourcesDir); found beside the code when omitted. */
  resourcesDir?: string;
}

export const HANDLING_SLIP_TITLE = 'PHIẾU GIẢI QUYẾT VĂN BẢN ĐẾN';
export const SLIP_SECTIONS = ['1. Ý kiến của lãnh đạo cơ quan:', '2. Ý kiến của lãnh đạo đơn vị:', '3. Ý kiến đề xuất của người giải quyết:'] as const;

// Office leaders name units (chủ trì / phối hợp); unit leaders hand the work to people (xử lý chính / phối hợp).
const ROLE_LABELS: Record<'office' | 'unit', Record<SlipAssignment['role'], string>> = {
  office: { lead: 'Đơn vị chủ trì', cooperate: 'Đơn vị phối hợp', info: 'Để biết' },
  unit: { lead: 'Người xử lý chính', cooperate: 'Người phối hợp', info: 'Để biết' },
};

const BODY = 13; // standards §3.8: body text 13–14 pt
const LINE = BODY * 1.3;

/** "ngày dd/mm/yyyy, HH:MM" of an instant in Vietnam time. */
function dayAndTime(ms: number): string {
  const p = vnParts(ms);
  return `ngày ${formatDate(p.date)}, ${formatHhmm(p.minute)}`;
}

/** A top-to-bottom writer that starts a new page when the next line would cross the bottom margin. */
class Flow {
  page: PDFPage;
  y: number;
  constructor(readonly report: Report) {
    this.page = addPage(report);
    this.y = report.frame.top;
  }

  get frame() {
    return this.report.frame;
  }

  /** Moves to a new page unless `height` still fits above the bottom margin. */
  ensure(height: number): void {
    if (this.y - height >= this.frame.bottom - 0.01) return;
    this.page = addPage(this.report);
    this.y = this.frame.top;
  }

  gap(h: number): void {
    this.y -= h;
  }

  /**
   * A paragraph: optional label in `labelStyle` followed by the text, wrapped with a hanging indent after the label
   * (so "Trích yếu:" stands out and the value reads as one column). Lines break across pages one by one.
   */
  para(text: string, o: { label?: string; style?: FontStyle; labelStyle?: FontStyle; indent?: number; align?: Align; size?: number } = {}): void {
    const size = o.size ?? BODY;
    const lineHeight = size * 1.3;
    const fonts = this.report.fonts;
    const font = fonts[o.style ?? 'regular'];
    const x0 = this.frame.left + (o.indent ?? 0);
    const full = this.frame.right - x0;
    let hang = 0;
    let label = '';
    if (o.label) {
      label = prepareText(fonts[o.labelStyle ?? 'bold'], o.label);
      hang = textWidth(fonts[o.labelStyle ?? 'bold'], label + ' ', size);
      // A label that eats most of the line would leave a sliver: then the value starts on the next line.
      if (hang > full * 0.45) hang = 0;
    }
    const lines = wrapText(font, prepareText(font, text), size, full - hang);
    lines.forEach((line, i) => {
      this.ensure(lineHeight);
      if (i === 0 && label) drawTextBlock(this.page, label, this.y, { font: fonts[o.labelStyle ?? 'bold'], size, x: x0, width: full, lineHeight });
      if (i === 0 && label && hang === 0) {
        this.y -= lineHeight;
        this.ensure(lineHeight);
      }
      drawTextBlock(this.page, line, this.y, { font, size, x: x0 + hang, width: full - hang, lineHeight, align: o.align ?? 'left' });
      this.y -= lineHeight;
    });
  }
}

function drawHeading(report: Report, flow: Flow, d: HandlingSlipData): void {
  const { frame, fonts } = report;
  const page = flow.page;
  const upper = (s: string): string => s.normalize('NFC').toLocaleUpperCase('vi-VN');
  // Issuing-body block top left, centred within itself as on an administrative document.
  const blockW = 85 * MM;
  const block = { x: frame.left, width: blockW, align: 'center' as const };
  let y = frame.top;
  if (d.parentOrgName?.trim()) y = drawTextBlock(page, upper(d.parentOrgName), y, { ...block, font: fonts.regular, size: 12 });
  y = drawTextBlock(page, upper(d.orgName), y, { ...block, font: fonts.bold, size: 12 });
  const orgW = textWidth(fonts.bold, prepareText(fonts.bold, upper(d.orgName)), 12);
  const ruleW = Math.min(blockW / 3, orgW);
  drawRule(page, frame.left + (blockW - ruleW) / 2, frame.left + (blockW + ruleW) / 2, y - 2, 0.75);

  // Arrival data top right, and the urgency as a framed stamp like the red one on paper.
  const rx = frame.left + blockW + 10 * MM;
  const rw = frame.right - rx;
  let ry = frame.top;
  const arrival = d.document.arrivalNumber == null ? '…' : String(d.document.arrivalNumber);
  const p = vnParts(d.document.arrivalAt);
  for (const line of [`Số đến: ${arrival}`, `Ngày đến: ${formatDate(p.date)} ${formatHhmm(p.minute)}`]) {
    ry = drawTextBlock(page, line, ry, { font: fonts.regular, size: 12, x: rx, width: rw });
  }
  const urgency = URGENCY_LABELS[d.document.urgency];
  if (d.document.urgency > 0 && urgency) {
    const label = prepareText(fonts.bold, upper(urgency));
    const w = textWidth(fonts.bold, label, 12) + 4 * MM;
    const h = 8 * MM;
    const top = ry - 2 * MM;
    strokeRect(page, rx, top - h, w, h, 1);
    drawString(page, fonts.bold, 12, rx + 2 * MM, top - h / 2 - 4, label);
    ry = top - h;
  }
  flow.y = Math.min(y, ry) - 10 * MM;
  flow.para(HANDLING_SLIP_TITLE, { style: 'bold', align: 'center', size: 14 });
  flow.gap(4 * MM);
}

function drawDocument(flow: Flow, doc: HandlingSlipData['document']): void {
  flow.para(doc.typeName?.trim() || '…', { label: 'Tên loại văn bản:' });
  flow.para(doc.code?.trim() || '…', { label: 'Số, ký hiệu:' });
  flow.para(doc.issuedDate ? formatDate(doc.issuedDate) : '…', { label: 'Ngày văn bản:' });
  flow.para(doc.issuerName.trim() || '…', { label: 'Cơ quan ban hành:' });
  flow.para(doc.subject.trim() || '…', { label: 'Trích yếu:' });
}

/** Dotted lines under a section nobody has written in yet, so it can be filled in by hand. */
function blanks(report: Report, flow: Flow): void {
  const indent = 6 * MM;
  const dots = '.'.repeat(Math.floor((report.frame.contentWidth - indent) / textWidth(report.fonts.regular, '.', BODY)));
  for (let i = 0; i < 3; i++) flow.para(dots, { indent });
}

function drawDirections(flow: Flow, list: SlipDirection[], kind: 'office' | 'unit'): void {
  if (list.length === 0) {
    blanks(flow.report, flow);
    return;
  }
  for (const dir of list) {
    // Keep the author line with at least the first line under it.
    flow.ensure(2 * LINE);
    const who = dir.byPosition?.trim() ? `${dir.byName} (${dir.byPosition.trim()})` : dir.byName;
    flow.para(`${who}, ${dayAndTime(dir.at)}:`, { style: 'italic', indent: 6 * MM });
    if (dir.text?.trim()) flow.para(dir.text.trim(), { indent: 10 * MM });
    for (const a of dir.assignments) {
      const due = a.dueDate ? `; thời hạn: ${formatDate(a.dueDate)}` : '';
      const note = a.note?.trim() ? ` (${a.note.trim()})` : '';
      flow.para(`${a.name}${due}${note}`, { label: `– ${ROLE_LABELS[kind][a.role]}:`, indent: 10 * MM });
    }
    flow.gap(2);
  }
}

function drawProposals(flow: Flow, list: HandlingSlipData['proposals']): void {
  if (list.length === 0) {
    blanks(flow.report, flow);
    return;
  }
  for (const p of list) {
    flow.ensure(2 * LINE);
    flow.para(`${p.byName}, ${dayAndTime(p.at)}:`, { style: 'italic', indent: 6 * MM });
    flow.para(p.text.trim() || '…', { indent: 10 * MM });
    flow.gap(2);
  }
}

export async function renderHandlingSlip(d: HandlingSlipData, opts: RenderOptions = {}): Promise<Uint8Array> {
  const report = await createReport({
    resourcesDir: resolveResourcesDir(opts.resourcesDir),
    orientation: 'portrait',
    title: `Phiếu giải quyết văn bản đến${d.document.arrivalNumber == null ? '' : ` số ${d.document.arrivalNumber}`} — ${d.orgName}`,
    printedAt: d.printedAt,
    styles: ['regular', 'bold', 'italic'],
  });
  const flow = new Flow(report);
  drawHeading(report, flow, d);
  drawDocument(flow, d.document);
  const sections: Array<() => void> = [() => drawDirections(flow, d.office, 'office'), () => drawDirections(flow, d.unit, 'unit'), () => drawProposals(flow, d.proposals)];
  sections.forEach((draw, i) => {
    flow.gap(3 * MM);
    // A heading is never left alone at the foot of a page.
    flow.ensure(3 * LINE);
    flow.para(SLIP_SECTIONS[i], { style: 'bold' });
    draw();
  });
  return saveReport(report, { printedAt: d.printedAt, printedBy: d.printedBy, numberFromPage: 2 });
}
