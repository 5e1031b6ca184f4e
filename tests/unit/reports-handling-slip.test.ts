// Phiếu giải quyết văn bản đến, read back with poppler: A4 portrait, the document's identity, the three sections in
// order with their directions, assignments and dates (Vietnam time), blank lines to write on, long text wrapped
// inside the margins, and a slip long enough to need a second page.

import { beforeAll, describe, expect, it } from 'vitest';
import { HANDLING_SLIP_TITLE, SLIP_SECTIONS, renderHandlingSlip, type HandlingSlipData } from '../../src-main/reports/incoming-handling-slip';
import { pageFrame } from '../../src-main/reports/pdf-kit';
import { LONG_SUBJECT, PRINT_MARK, RESOURCES_DIR, flatText, makeSlip, pageCount, pageSizes, pdfText, pdfWords, writeTemp, type Word } from './reports-fixtures';

const opts = { resourcesDir: RESOURCES_DIR };
const frame = pageFrame('portrait');

let path: string;
let text: string;
let words: Word[];

beforeAll(async () => {
  path = writeTemp(await renderHandlingSlip(makeSlip(), opts), 'phieu.pdf');
  text = flatText(path);
  words = pdfWords(path);
});

describe('renderHandlingSlip', () => {
  it('is one A4 portrait page', () => {
    expect(pageCount(path)).toBe(1);
    expect(pageSizes(path)).toEqual(['595.28 x 841.89']);
  });

  it('heads the slip with the issuing body, arrival number and time, urgency and title', () => {
    expect(text).toContain('ỦY BAN NHÂN DÂN HUYỆN KIM BẢNG');
    expect(text).toContain('ỦY BAN NHÂN DÂN XÃ ĐỒNG HÓA');
    expect(text).toContain('Số đến: 42');
    expect(text).toContain('Ngày đến: 14/03/2025 08:30');
    expect(text).toContain('KHẨN');
    expect(text).toContain(HANDLING_SLIP_TITLE);
  });

  it('identifies the document: type, number, date, issuer, trích yếu (NFC)', () => {
    expect(text).toBe(text.normalize('NFC'));
    expect(text).toContain('Tên loại văn bản: Công văn');
    expect(text).toContain('Số, ký hiệu: 125/UBND-VP');
    expect(text).toContain('Ngày văn bản: 10/03/2025');
    expect(text).toContain('Cơ quan ban hành: Ủy ban nhân dân huyện Kim Bảng');
    expect(text).toContain(`Trích yếu: ${LONG_SUBJECT}`);
  });

  it('has the three sections in order, each with what was written in it', () => {
    const at = SLIP_SECTIONS.map((s) => text.indexOf(s));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    const office = text.slice(at[0], at[1]);
    const unit = text.slice(at[1], at[2]);
    const proposals = text.slice(at[2]);
    // 17:15 UTC on 14/03 is 00:15 on 15/03 in Vietnam.
    expect(office).toContain('Trần Văn Hùng (Chủ tịch UBND xã), ngày 15/03/2025, 00:15:');
    expect(office).toContain('Giao Văn phòng chủ trì, phối hợp Công an xã triển khai, báo cáo kết quả trước ngày 30/3.');
    expect(office).toContain('– Đơn vị chủ trì: Văn phòng – Thống kê; thời hạn: 30/03/2025');
    expect(office).toContain('– Đơn vị phối hợp: Công an xã; thời hạn: 28/03/2025 (phần an ninh mạng)');
    expect(office).toContain('– Để biết: Phó Chủ tịch UBND xã');
    expect(office).not.toContain('Để biết: Phó Chủ tịch UBND xã; thời hạn');
    expect(unit).toContain('Phạm Thị Thu (Chánh Văn phòng), ngày 15/03/2025, 09:00:');
    expect(unit).toContain('– Người xử lý chính: Lê Thị Mai; thời hạn: 25/03/2025 (dự thảo kế hoạch)');
    expect(proposals).toContain('Lê Thị Mai, ngày 16/03/2025, 10:45:');
    expect(proposals).toContain('Đề xuất dự thảo kế hoạch của xã, trình lãnh đạo ký ban hành.');
  });

  it('wraps the long trích yếu inside the margins, aligned after its label', () => {
    const first = LONG_SUBJECT.split(' ')[0];
    const label = words.find((w) => w.text === 'yếu:')!;
    const start = words.findIndex((w) => w.text === first && Math.abs(w.yMin - label.yMin) < 1);
    expect(start).toBeGreaterThan(0);
    const used = words.slice(start, start + LONG_SUBJECT.split(' ').length);
    expect(used.map((w) => w.text).join(' ')).toBe(LONG_SUBJECT);
    const lines = new Set(used.map((w) => w.yMin));
    expect(lines.size).toBeGreaterThanOrEqual(2);
    // Continuation lines start where the value started (a hanging indent), and nothing crosses the right margin.
    const lineStarts = [...lines].map((y) => Math.min(...used.filter((w) => w.yMin === y).map((w) => w.xMin)));
    for (const x of lineStarts) expect(Math.abs(x - lineStarts[0])).toBeLessThan(0.5);
    for (const w of words) expect(w.xMax, w.text).toBeLessThanOrEqual(frame.right + 0.01);
  });

  it('carries the print mark and no page number on a one-page slip', () => {
    expect(text).toContain(PRINT_MARK);
    expect(words.some((w) => w.yMin < 50 && w.text === '1')).toBe(false);
  });
});

describe('edge cases', () => {
  it('leaves dotted lines to write on under sections nobody has filled, and no urgency when ordinary', async () => {
    const d: HandlingSlipData = { ...makeSlip(), office: [], unit: [], proposals: [] };
    d.document = { ...d.document, urgency: 0, arrivalNumber: null, code: null, issuedDate: null, typeName: null };
    const p = writeTemp(await renderHandlingSlip(d, opts), 'blank.pdf');
    const layout = pdfText(p);
    const dotted = layout.split('\n').filter((l) => /^\s*\.{40,}\s*$/.test(l));
    expect(dotted).toHaveLength(9);
    const t = flatText(p);
    expect(t).toContain('Số đến: …');
    expect(t).toContain('Số, ký hiệu: …');
    expect(t).toContain('Tên loại văn bản: …');
    expect(t).not.toMatch(/KHẨN|HỎA TỐC/);
    for (const s of SLIP_SECTIONS) expect(t).toContain(s);
  });

  it('names the urgency the document carries', async () => {
    const d = makeSlip();
    d.document = { ...d.document, urgency: 3 };
    expect(flatText(writeTemp(await renderHandlingSlip(d, opts), 'hoa-toc.pdf'))).toContain('HỎA TỐC');
  });

  it('runs onto more pages when the directions are long, numbering them and losing nothing', async () => {
    const d = makeSlip();
    d.office = Array.from({ length: 12 }, (_, i) => ({
      ...d.office[0],
      text: `Ý kiến lần ${i + 1}: ${LONG_SUBJECT}.`,
    }));
    const p = writeTemp(await renderHandlingSlip(d, opts), 'long.pdf');
    const n = pageCount(p);
    expect(n).toBeGreaterThanOrEqual(2);
    for (const s of pageSizes(p)) expect(s).toBe('595.28 x 841.89');
    const all = flatText(p);
    for (let i = 1; i <= 12; i++) expect(all).toContain(`Ý kiến lần ${i}:`);
    expect(all).toContain(SLIP_SECTIONS[2]);
    const ws = pdfWords(p);
    for (let pg = 2; pg <= n; pg++) {
      expect(flatText(p, pg)).toContain(PRINT_MARK);
      expect(ws.some((w) => w.page === pg && w.yMin < 50 && w.text === String(pg))).toBe(true);
    }
    // Nothing is drawn into the bottom margin except the print mark.
    const markTop = frame.height - frame.bottom / 2 - 10;
    const body = ws.filter((w) => w.yMin < markTop);
    for (const w of body) expect(w.yMin, w.text).toBeLessThan(frame.height - frame.bottom);
  });
});

describe('resources', () => {
  it('finds the shipped fonts when no folder is given, and gives the same bytes for the same input', async () => {
    const a = await renderHandlingSlip(makeSlip());
    const b = await renderHandlingSlip(makeSlip(), opts);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    await expect(renderHandlingSlip(makeSlip(), { resourcesDir: '/nonexistent-vanthu-resources' })).rejects.toThrow(/ENOENT/);
  });
});
