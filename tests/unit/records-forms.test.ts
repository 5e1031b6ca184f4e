// The records printouts (records/forms.ts) read back with poppler: Danh mục hồ sơ with its đề mục, codes, footer counts
// and a repeated header over many pages; a file's cover and Mục lục (hidden documents reduced to number and date);
// the transfer's Mục lục nộp lưu and Biên bản. Page 1 of each is kept as a PNG under tests/artifacts/screenshots.

import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FilePlanHeadingDto, FilePlanLineDto } from '../../src-shared/api/records';
import {
  DRAFT_MARK,
  FILE_INDEX_COLUMNS,
  FILE_INDEX_TITLE,
  FILE_PLAN_COLUMNS,
  HANDOVER_SUBJECT,
  HIDDEN_SUBJECT,
  TRANSFER_COLUMNS,
  TRANSFER_LIST_TITLE,
  longDate,
  renderFileFrontMatter,
  renderFileIndexPdf,
  renderFilePlanPdf,
  renderTransferPdf,
} from '../../src-main/records/forms';
import type { FileFrontMatter, FileItemMeta, FilePlanPrint, OrgHeader, TransferPrint } from '../../src-main/records/print-data';
import { LONG_SUBJECT, PRINTED_AT, PRINTED_BY, PRINT_MARK, RESOURCES_DIR, flatText, pageCount, pageSizes, pdfText, writeTemp } from './reports-fixtures';

const opts = { resourcesDir: RESOURCES_DIR };
const SHOTS = fileURLToPath(new URL('../artifacts/screenshots/', import.meta.url));
const A4_PORTRAIT = '595.28 x 841.89';

const ORG: OrgHeader = { orgName: 'Ủy ban nhân dân xã Đồng Hóa', parentOrgName: 'Ủy ban nhân dân huyện Kim Bảng', place: 'Kim Bảng', organId: '000.00.31.H40' };

const LONG_FILE_TITLE =
  'Hồ sơ về việc tổ chức Đại hội đại biểu Mặt trận Tổ quốc Việt Nam xã Đồng Hóa lần thứ XV, nhiệm kỳ 2024 – 2029: kế hoạch, ' +
  'báo cáo chính trị, danh sách đại biểu, biên bản kiểm phiếu và nghị quyết đại hội';

/** The words of a pdftotext dump with all whitespace collapsed, so wrapped cells read as one phrase. */
const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** Each needle found after the previous one. */
function expectInOrder(text: string, needles: string[]): void {
  let at = -1;
  for (const n of needles) {
    const i = text.indexOf(n, at + 1);
    expect(i, `"${n}" after position ${at}`).toBeGreaterThan(at);
    at = i;
  }
}

function shoot(path: string, name: string): void {
  mkdirSync(SHOTS, { recursive: true });
  execFileSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '1', '-singlefile', path, `${SHOTS}records-forms-${name}`]);
}

// --- data ----------------------------------------------------------------------------------------------------------

const RETENTIONS = ['Vĩnh viễn', '10 năm', '20 năm', '05 năm'];
const KEEPERS = ['Nguyễn Thị Lan', 'Trần Văn Hùng', 'Công chức Văn phòng – Thống kê', null];
const TITLES = [
  'Tập lưu văn bản đi của Ủy ban nhân dân xã',
  'Hồ sơ xây dựng kế hoạch phát triển kinh tế – xã hội năm',
  'Hồ sơ hội nghị tổng kết công tác năm',
  'Báo cáo thống kê dân số, hộ tịch',
  'Hồ sơ giải quyết khiếu nại, tố cáo của công dân',
];

let lineId = 0;
function line(number: number, abbr: string, title: string, retention: string, keeper: string | null): FilePlanLineDto {
  lineId += 1;
  return {
    id: lineId,
    number,
    code: `${String(number).padStart(2, '0')}.${abbr}`,
    title,
    retentionId: RETENTIONS.indexOf(retention) + 1,
    retentionLabel: retention,
    keeperUserId: null,
    keeper,
    notes: number % 7 === 3 ? 'Lập theo năm' : null,
    fileCount: 0,
  };
}

/**
 * Three đề mục lớn, each with two sub-headings, `perHeading` lines spread over them (numbering restarts at 01 in
 * each đề mục lớn). The second line of the first đề mục carries the long title.
 */
function makePlanHeadings(perHeading: number): { headings: FilePlanHeadingDto[]; permanent: number; limited: number } {
  const big = [
    { numeral: 'I', abbr: 'VP', title: 'Văn phòng – Thống kê' },
    { numeral: 'II', abbr: 'TP', title: 'Tư pháp – Hộ tịch' },
    { numeral: 'III', abbr: 'ĐCXD', title: 'Địa chính – Xây dựng – Đô thị và Môi trường' },
  ];
  let permanent = 0;
  let limited = 0;
  let id = 100;
  const headings = big.map((b, bi) => {
    const subs: FilePlanHeadingDto[] = [1, 2].map((k) => ({
      id: ++id,
      numeral: String(k),
      abbr: null,
      title: k === 1 ? 'Tổng hợp' : 'Chuyên môn',
      unitId: null,
      lines: [],
      children: [],
    }));
    for (let i = 0; i < perHeading; i++) {
      const retention = RETENTIONS[(i + bi) % RETENTIONS.length];
      if (retention === 'Vĩnh viễn') permanent += 1;
      else limited += 1;
      const title = bi === 0 && i === 1 ? LONG_FILE_TITLE : `${TITLES[i % TITLES.length]} ${2025}`;
      subs[i < perHeading / 2 ? 0 : 1].lines.push(line(i + 1, b.abbr, title, retention, KEEPERS[i % KEEPERS.length]));
    }
    return { id: ++id, numeral: b.numeral, abbr: b.abbr, title: b.title, unitId: null, lines: [], children: subs };
  });
  return { headings, permanent, limited };
}

function makePlan(perHeading: number, status: FilePlanPrint['status']): FilePlanPrint {
  const { headings, permanent, limited } = makePlanHeadings(perHeading);
  return {
    org: ORG,
    year: 2025,
    status,
    headings,
    counts: { total: permanent + limited, permanent, limited },
    approvedAt: status === 'draft' ? null : Date.UTC(2025, 0, 6, 3),
    approvedBy: status === 'draft' ? null : 'Lê Minh Quang',
    signerTitle: 'Chủ tịch',
    printedAt: PRINTED_AT,
    printedBy: PRINTED_BY,
  };
}

function item(ordinal: number, over: Partial<FileItemMeta> = {}): FileItemMeta {
  return {
    ordinal,
    kind: 'in',
    typeName: 'Công văn',
    codeNumber: String(100 + ordinal),
    codeNotation: 'UBND-VP',
    code: `${100 + ordinal}/UBND-VP`,
    issuedDate: `2025-03-${String(ordinal).padStart(2, '0')}`,
    organName: 'Ủy ban nhân dân huyện Kim Bảng',
    subject: 'V/v hướng dẫn tổ chức đại hội đại biểu Mặt trận Tổ quốc cấp xã',
    language: 'Tiếng Việt',
    pageAmount: 2,
    description: null,
    arrivalDate: null,
    arrivalNumber: null,
    signerPosition: null,
    signerName: null,
    priority: 0,
    pageFrom: 2 * ordinal + 1,
    pageTo: 2 * ordinal + 2,
    hidden: false,
    ...over,
  };
}

function makeFrontMatter(count: number): FileFrontMatter {
  const items = Array.from({ length: count }, (_, i) => item(i + 1));
  items[0] = item(1, { kind: 'out', typeName: 'Kế hoạch', code: '12/KH-UBND', organName: 'Ủy ban nhân dân xã Đồng Hóa', subject: LONG_SUBJECT, pageFrom: 3, pageTo: 9 });
  items[1] = item(2, { typeName: 'Quyết định', code: '45/QĐ-UBND', subject: 'về việc thành lập Tiểu ban văn kiện', pageFrom: 10, pageTo: 10, description: 'Bản sao' });
  // Someone else's confidential letter: the reader sees it exists, not what it says.
  items[2] = item(3, {
    code: '07/CV-CAX',
    issuedDate: '2025-03-05',
    organName: 'Công an xã Đồng Hóa',
    subject: 'Danh sách đối tượng cần theo dõi',
    hidden: true,
    pageFrom: null,
    pageTo: null,
  });
  return {
    org: ORG,
    file: {
      id: 7,
      fileCode: '000.00.31.H40.2025.03.VP',
      organId: ORG.organId,
      year: 2025,
      code: '03.VP',
      title: LONG_FILE_TITLE,
      retentionLabel: 'Vĩnh viễn',
      retentionKind: 'permanent',
      retentionYears: null,
      rightsLabel: 'Hạn chế',
      ownerName: 'Nguyễn Thị Lan',
      unitName: 'Văn phòng – Thống kê',
      language: 'Tiếng Việt',
      startDate: '2025-03-01',
      endDate: '2025-06-30',
      docTotal: count,
      pageTotal: 2 * count + 6,
      description: null,
      state: 'closed',
    },
    items,
    printedAt: PRINTED_AT,
    printedBy: PRINTED_BY,
  };
}

function makeTransfer(number: number | null): TransferPrint {
  const files = Array.from({ length: 12 }, (_, i) => ({
    ordinal: i + 1,
    code: `${String(i + 1).padStart(2, '0')}.VP`,
    title: i === 3 ? LONG_FILE_TITLE : `${TITLES[i % TITLES.length]} 2024`,
    startDate: `2024-${String((i % 12) + 1).padStart(2, '0')}-02`,
    endDate: i === 5 ? null : '2024-12-28',
    retentionLabel: i % 3 === 0 ? 'Vĩnh viễn' : '10 năm',
    docTotal: 10 + i,
    pageTotal: 40 + 3 * i,
    notes: i === 2 ? 'Thiếu bản gốc' : null,
  }));
  return {
    org: ORG,
    number,
    date: '2025-03-14',
    deliveringUnit: 'Văn phòng – Thống kê',
    deliveredBy: 'Nguyễn Thị Lan',
    receivedBy: 'Phạm Thị Thu',
    files,
    computerFiles: 287,
    notes: null,
    printedAt: PRINTED_AT,
    printedBy: PRINTED_BY,
  };
}

// --- Danh mục hồ sơ -------------------------------------------------------------------------------------------------

describe('renderFilePlanPdf', () => {
  const plan = makePlan(Math.round(40 / 3), 'approved'); // 3 × 13 = 39 lines, plus the long one = 40 rows of files
  let path: string;
  let layout: string;
  let flat: string;

  beforeAll(async () => {
    plan.headings[0].children[0].lines.push(line(14, 'VP', 'Sổ đăng ký văn bản đến, văn bản đi năm 2025', 'Vĩnh viễn', 'Nguyễn Thị Lan'));
    plan.counts = { total: plan.counts.total + 1, permanent: plan.counts.permanent + 1, limited: plan.counts.limited };
    path = writeTemp(await renderFilePlanPdf(plan, opts), 'danh-muc.pdf');
    layout = pdfText(path);
    flat = flatText(path);
    shoot(path, 'file-plan');
  });

  it('is A4 portrait with the national heading and the title of the year', () => {
    expect(pageSizes(path).every((s) => s === A4_PORTRAIT)).toBe(true);
    const first = pdfText(path, 1);
    // Issuing body and quốc hiệu share their first line: left and right blocks.
    expect(first).toMatch(/ỦY BAN NHÂN DÂN HUYỆN KIM BẢNG\s+CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM/);
    expect(first).toMatch(/ỦY BAN NHÂN DÂN XÃ ĐỒNG HÓA\s+Độc lập - Tự do - Hạnh phúc/);
    expectInOrder(flatText(path, 1), ['DANH MỤC HỒ SƠ CỦA ỦY BAN NHÂN DÂN XÃ ĐỒNG HÓA NĂM 2025', '(Ban hành kèm theo Quyết định số', ...FILE_PLAN_COLUMNS]);
    expect(flat).not.toContain(DRAFT_MARK);
  });

  it('lists đề mục lớn, sub-headings and lines in order with their codes, retention and keeper', () => {
    expectInOrder(flat, [
      'I. VĂN PHÒNG – THỐNG KÊ',
      '1. Tổng hợp',
      '01.VP Tập lưu văn bản đi của Ủy ban nhân dân xã 2025 Vĩnh viễn Nguyễn Thị Lan',
      '02.VP Hồ sơ về việc tổ chức Đại hội',
      '07.VP',
      '14.VP Sổ đăng ký văn bản đến, văn bản đi năm 2025',
      '2. Chuyên môn',
      '08.VP',
      '13.VP',
      'II. TƯ PHÁP – HỘ TỊCH',
      '01.TP',
      '10 năm',
      'III. ĐỊA CHÍNH – XÂY DỰNG – ĐÔ THỊ VÀ MÔI TRƯỜNG',
      '01.ĐCXD',
      '13.ĐCXD',
    ]);
    // The long title wraps inside its column: every word arrives, across several lines.
    const rows = layout.split('\n');
    const firstWords = rows.findIndex((r) => r.includes('Hồ sơ về việc tổ chức'));
    const lastWords = rows.findIndex((r) => r.includes('nghị quyết đại hội'));
    expect(lastWords - firstWords).toBeGreaterThanOrEqual(3);
    // 40 file codes in all, none printed for headings.
    expect(flat.match(/\b\d\d\.(VP|TP|ĐCXD)\b/g)).toHaveLength(40);
  });

  it('ends with the counts and the signature of the head, the print mark on every page', () => {
    const { total, permanent, limited } = plan.counts;
    expect(total).toBe(40);
    expect(permanent).toBeGreaterThan(0);
    expect(limited).toBeGreaterThan(0);
    expectInOrder(flat, [
      '13.ĐCXD',
      `Bản Danh mục hồ sơ này có tổng số: ${total} hồ sơ, bao gồm: ${permanent} hồ sơ bảo quản vĩnh viễn; ${limited} hồ sơ bảo quản có thời hạn.`,
      'CHỦ TỊCH',
      'Lê Minh Quang',
      PRINT_MARK,
    ]);
    const pages = pageCount(path);
    for (let p = 1; p <= pages; p++) expect(squash(pdfText(path, p)), `page ${p}`).toContain(PRINT_MARK);
    expect(flat).toBe(flat.normalize('NFC'));
  });

  it('marks a draft and leaves the signer unnamed', async () => {
    // Sent back to draft after an approval: the old approver must not appear as if the list were signed.
    const plan = { ...makePlan(3, 'draft'), signerTitle: null, approvedAt: Date.UTC(2025, 0, 6), approvedBy: 'Lê Minh Quang' };
    const draft = writeTemp(await renderFilePlanPdf(plan, opts), 'danh-muc-du-thao.pdf');
    const text = flatText(draft);
    expectInOrder(text, ['Độc lập - Tự do - Hạnh phúc', DRAFT_MARK, 'DANH MỤC HỒ SƠ CỦA']);
    expect(text).not.toContain('CHỦ TỊCH');
    expect(text).not.toContain('(Ký, ghi rõ');
    expect(text).not.toContain('Lê Minh Quang');
    shoot(draft, 'file-plan-draft');
  });

  it('never leaves a đề mục at the foot of a page without a file under it', async () => {
    // Lists of 10–40 files per đề mục put the headings at every height on the page, the foot included.
    const rowPattern = /\b\d\d\d?\.(?:VP|TP|ĐCXD)\b|\b(?:I|II|III)\. [A-ZĐ]|\b\d\. (?:Tổng hợp|Chuyên môn)/g;
    let breaks = 0;
    for (let n = 10; n <= 40; n += 2) {
      const p = writeTemp(await renderFilePlanPdf(makePlan(n, 'issued'), opts), `danh-muc-${n}.pdf`);
      const pages = pageCount(p);
      expect(flatText(p).match(/\b\d\d\.(?:VP|TP|ĐCXD)\b/g), `${n} per đề mục`).toHaveLength(3 * n);
      for (let page = 1; page < pages; page++) {
        const rows = flatText(p, page).match(rowPattern) ?? [];
        const last = rows[rows.length - 1];
        if (!last) continue;
        breaks += 1;
        expect(last, `${n} per đề mục, foot of page ${page}`).toMatch(/^\d\d\d?\./);
      }
    }
    expect(breaks).toBeGreaterThan(20);
  });

  it('spreads a 300-line Danh mục over several pages with the column header on each', async () => {
    const big = makePlan(100, 'issued');
    const bigPath = writeTemp(await renderFilePlanPdf(big, opts), 'danh-muc-300.pdf');
    const pages = pageCount(bigPath);
    expect(pages).toBeGreaterThanOrEqual(8);
    for (let p = 1; p <= pages; p++) {
      const text = flatText(bigPath, p);
      // The last page may hold only the footer and signature; every page with table rows repeats the header.
      if (/\b\d\d\d?\.(VP|TP|ĐCXD)\b/.test(text)) expectInOrder(text, [...FILE_PLAN_COLUMNS, '(1) (2) (3) (4) (5)']);
      expect(text, `page ${p}`).toContain(PRINT_MARK);
      if (p > 1) expect(squash(pdfText(bigPath, p)).startsWith(String(p)), `page number on ${p}`).toBe(true);
    }
    const all = flatText(bigPath);
    expect(all.match(/\b\d\d\d?\.(VP|TP|ĐCXD)\b/g)).toHaveLength(300);
    expectInOrder(all, ['100.VP', 'II. TƯ PHÁP', '100.TP', 'III. ĐỊA CHÍNH', '100.ĐCXD', `tổng số: 300 hồ sơ, bao gồm: ${big.counts.permanent} hồ sơ bảo quản vĩnh viễn`]);
  });
});

// --- a file's front matter and index --------------------------------------------------------------------------------

describe('renderFileFrontMatter and renderFileIndexPdf', () => {
  const data = makeFrontMatter(30);
  let path: string;
  let indexPath: string;

  beforeAll(async () => {
    path = writeTemp(await renderFileFrontMatter(data, opts), 'bia-muc-luc.pdf');
    indexPath = writeTemp(await renderFileIndexPdf(data, opts), 'muc-luc.pdf');
    shoot(path, 'file-cover');
    shoot(indexPath, 'file-index');
  });

  it('opens with a cover: issuing body, file code, HỒ SƠ, title, period, size, retention, keeper', () => {
    expect(pageSizes(path).every((s) => s === A4_PORTRAIT)).toBe(true);
    const cover = flatText(path, 1);
    expectInOrder(cover, [
      'ỦY BAN NHÂN DÂN HUYỆN KIM BẢNG',
      'ỦY BAN NHÂN DÂN XÃ ĐỒNG HÓA',
      'Mã hồ sơ: 000.00.31.H40.2025.03.VP',
      'HỒ SƠ',
      'Hồ sơ về việc tổ chức Đại hội đại biểu Mặt trận Tổ quốc Việt Nam xã Đồng Hóa',
      'biên bản kiểm phiếu và nghị quyết đại hội',
      'Từ ngày 01/03/2025 đến ngày 30/06/2025',
      'Gồm: 30 văn bản, 66 trang',
      'Thời hạn bảo quản: Vĩnh viễn',
      'Người lập hồ sơ: Nguyễn Thị Lan (Văn phòng – Thống kê)',
      PRINT_MARK,
    ]);
    expect(cover).not.toContain(FILE_INDEX_TITLE);
  });

  it('follows with the Mục lục: columns, rows in order, page spans, a hidden document reduced to number and date', () => {
    const text = flatText(path);
    expectInOrder(text, [FILE_INDEX_TITLE, ...FILE_INDEX_COLUMNS, '(1) (2) (3) (4) (5) (6) (7)']);
    expectInOrder(text, [
      '1 12/KH-UBND 01/03/2025 Kế hoạch về việc phê duyệt kế hoạch',
      '3–9',
      '2 45/QĐ-UBND 02/03/2025 Quyết định về việc thành lập Tiểu ban văn kiện',
      `3 07/CV-CAX 05/03/2025 ${HIDDEN_SUBJECT}`,
      '4 104/UBND-VP 04/03/2025 Công văn V/v hướng dẫn',
      '30 130/UBND-VP',
      '61–62',
      'Mục lục này gồm 30 văn bản.',
    ]);
    expect(text).not.toContain('Danh sách đối tượng');
    expect(text).not.toContain('Công an xã Đồng Hóa');
    // A one-page document shows one number, not "10–10".
    expect(text).not.toContain('10–10');
    expect(pageCount(path)).toBeGreaterThanOrEqual(3);
    for (let p = 1; p <= pageCount(path); p++) expect(squash(pdfText(path, p))).toContain(PRINT_MARK);
  });

  it('prints the index alone without the cover', () => {
    const first = flatText(indexPath, 1);
    expectInOrder(first, ['ỦY BAN NHÂN DÂN XÃ ĐỒNG HÓA', FILE_INDEX_TITLE, 'Hồ sơ số: 03.VP', 'Tiêu đề hồ sơ: Hồ sơ về việc', ...FILE_INDEX_COLUMNS, '12/KH-UBND']);
    expect(squash(pdfText(indexPath))).not.toContain('Thời hạn bảo quản: Vĩnh viễn');
    expect(pageCount(indexPath)).toBe(pageCount(path) - 1);
  });

  it('prints an empty file with a message instead of rows', async () => {
    const empty = { ...makeFrontMatter(0), items: [] };
    const p = writeTemp(await renderFileIndexPdf(empty, opts), 'muc-luc-trong.pdf');
    expect(pageCount(p)).toBe(1);
    expectInOrder(squash(pdfText(p)), [FILE_INDEX_TITLE, 'Hồ sơ chưa có văn bản nào', 'Mục lục này gồm 0 văn bản.']);
  });
});

// --- transfer ---------------------------------------------------------------------------------------------------------

describe('renderTransferPdf', () => {
  const data = makeTransfer(5);
  let path: string;
  let text: string;

  beforeAll(async () => {
    path = writeTemp(await renderTransferPdf(data, opts), 'nop-luu.pdf');
    text = flatText(path);
    shoot(path, 'transfer');
  });

  it('lists the files handed over, then the Biên bản on its own page', () => {
    expect(pageSizes(path).every((s) => s === A4_PORTRAIT)).toBe(true);
    expectInOrder(text, [
      TRANSFER_LIST_TITLE,
      'Đơn vị nộp lưu: Văn phòng – Thống kê',
      ...TRANSFER_COLUMNS,
      '1 01.VP Tập lưu văn bản đi',
      '02/01/2024 – 28/12/2024 Vĩnh viễn 10 văn bản 40 trang',
      '3 03.VP',
      'Thiếu bản gốc',
      '4 04.VP Hồ sơ về việc tổ chức Đại hội',
      '6 06.VP',
      '02/06/2024 – ……',
      '12 12.VP',
      'Mục lục này gồm 12 hồ sơ.',
      'BIÊN BẢN',
    ]);
    const pages = pageCount(path);
    const last = squash(pdfText(path, pages));
    expect(last).toContain(HANDOVER_SUBJECT);
    expect(squash(pdfText(path, pages - 1))).not.toContain(HANDOVER_SUBJECT);
  });

  it('fills the Biên bản: number, place and date, both sides, totals and two signature blocks', () => {
    const docs = data.files.reduce((a, f) => a + f.docTotal, 0);
    const pagesTotal = data.files.reduce((a, f) => a + f.pageTotal, 0);
    const last = squash(pdfText(path, pageCount(path)));
    expectInOrder(last, [
      'ỦY BAN NHÂN DÂN XÃ ĐỒNG HÓA',
      'Số: 05/BB',
      'Kim Bảng, ngày 14 tháng 3 năm 2025',
      'BIÊN BẢN',
      HANDOVER_SUBJECT,
      'Căn cứ',
      'Hôm nay, ngày 14 tháng 3 năm 2025, tại Ủy ban nhân dân xã Đồng Hóa',
      'BÊN GIAO: Văn phòng – Thống kê',
      'Ông (bà): Nguyễn Thị Lan',
      'BÊN NHẬN: Lưu trữ cơ quan Ủy ban nhân dân xã Đồng Hóa',
      'Ông (bà): Phạm Thị Thu',
      '2. Thời gian của tài liệu: 02/01/2024 – 28/12/2024.',
      `3. Số lượng tài liệu: 12 hồ sơ, gồm ${docs} văn bản, ${pagesTotal} trang.`,
      'Tài liệu điện tử: 12 hồ sơ, 287 tệp',
      'Biên bản được lập thành hai bản; mỗi bên giữ một bản.',
      'ĐẠI DIỆN BÊN GIAO ĐẠI DIỆN BÊN NHẬN',
      'Nguyễn Thị Lan Phạm Thị Thu',
      PRINT_MARK,
    ]);
    for (let p = 1; p <= pageCount(path); p++) expect(squash(pdfText(path, p))).toContain(PRINT_MARK);
  });

  it('prints dots for a number not yet allocated and a place not configured', async () => {
    const preview = writeTemp(await renderTransferPdf({ ...makeTransfer(null), org: { ...ORG, place: null }, deliveringUnit: null }, opts), 'nop-luu-nhap.pdf');
    const t = squash(pdfText(preview));
    expect(t).toContain('Số: ……/BB');
    expect(t).toContain('……, ngày 14 tháng 3 năm 2025');
    expect(t).toContain('BÊN GIAO: ……');
    expect(t).not.toContain('Số: 05/BB');
  });
});

describe('longDate', () => {
  it('keeps a leading zero for days below 10 and months 1–2, dots when missing', () => {
    expect(longDate('2025-02-05')).toBe('ngày 05 tháng 02 năm 2025');
    expect(longDate('2025-11-20')).toBe('ngày 20 tháng 11 năm 2025');
    expect(longDate('2025-03-14')).toBe('ngày 14 tháng 3 năm 2025');
    expect(longDate(null)).toBe('ngày …… tháng …… năm ……');
  });
});
