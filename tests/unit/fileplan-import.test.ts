// Reading a Danh mục hồ sơ from a spreadsheet: the printed Phụ lục V layout in XLSX (merged title cells, numbering
// row, headings merged across the row, a closing block), a TCVN3 .VnTime file, a CSV with an STT column, the
// retention values offices write, and files that must be refused whole (every bad row named).

import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { ImportRowError } from '../../src-shared/api/imports';
import type { FilePlanImportResult, RetentionDto } from '../../src-shared/api/records';
import { AppError } from '../../src-shared/errors';
import { proposeAbbr, readFilePlanSheet, retentionMatcher } from '../../src-main/records/fileplan-import';
import { unicodeToTcvn3 } from '../../src-main/imports/legacy-encoding';
import { makePdf, makeZip } from './blobs-fixtures';
import { utf8Bom } from './imports-fixtures';

/** The retention list seeded by resources/migrations/0015_records.sql, ids in insertion order. */
// prettier-ignore
const SEEDED: Array<[string, RetentionDto['kind'], number | null, string | null]> = [
  ['Vĩnh viễn', 'permanent', null, null],
  ['70 năm', 'years', 70, null],
  ['50 năm', 'years', 50, null],
  ['30 năm', 'years', 30, null],
  ['20 năm', 'years', 20, null],
  ['15 năm', 'years', 15, null],
  ['10 năm', 'years', 10, null],
  ['05 năm', 'years', 5, null],
  ['02 năm', 'years', 2, 'Hồ sơ, tài liệu tham khảo, trao đổi ngắn hạn.'],
  ['Theo tuổi thọ công trình', 'condition', null, 'Hồ sơ xây dựng cơ bản: bảo quản theo tuổi thọ công trình.'],
  ['Đến khi văn bản hết hiệu lực', 'condition', null, 'Cần thẩm định lại khi văn bản hết hiệu lực.'],
];
const RETENTIONS: RetentionDto[] = SEEDED.map(([label, kind, years, note], i) => ({
  id: i + 1,
  label,
  kind,
  years,
  note,
  sortOrder: (i + 1) * 10,
  active: true,
  builtin: true,
}));
const R = Object.fromEntries(RETENTIONS.map((r) => [r.label, r.id]));

const HEADER = ['Số và ký hiệu hồ sơ', 'Tên đề mục và tiêu đề hồ sơ', 'Thời hạn bảo quản', 'Người lập hồ sơ', 'Ghi chú'];

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

const line = (title: string, retentionId: number, keeper: string | null = null, notes: string | null = null) => ({ title, retentionId, keeper, notes });

/** A sheet with rows written from row 1 (null leaves a blank row). */
async function xlsx(rows: Array<Array<string | number> | null>, style?: (ws: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Danh mục 2026');
  rows.forEach((r, i) => {
    if (r) ws.getRow(i + 1).values = r;
  });
  style?.(ws);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const csv = (rows: string[][]) => utf8Bom(rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n'));

describe('readFilePlanSheet: the printed layout in Excel', () => {
  it('reads headings, sub-headings, files and their retentions from a Phụ lục V sheet with merged cells and a closing block', async () => {
    const bytes = await xlsx(
      [
        ['ỦY BAN NHÂN DÂN XÃ AN BÌNH'],
        ['DANH MỤC HỒ SƠ CỦA ỦY BAN NHÂN DÂN XÃ AN BÌNH'],
        ['Năm 2026'],
        null,
        HEADER,
        [1, 2, 3, 4, 5],
        ['', 'I. TỔ CHỨC - CÁN BỘ (TCCB)'],
        ['', '1. Tuyển dụng'],
        ['01.TCCB', 'Hồ sơ tuyển dụng công chức năm 2026', '10 năm', 'Nguyễn Văn A'],
        ['02.TCCB', 'Hồ sơ nâng bậc lương năm 2026', 20, 'Nguyễn Văn A'],
        ['', '2. Thi đua, khen thưởng'],
        ['03.TCCB', 'Hồ sơ thi đua, khen thưởng năm 2026', 'Vĩnh viễn', 'Văn phòng', 'Bản chính'],
        ['II', 'Văn phòng - Thống kê'],
        ['01.VP', 'Sổ đăng ký văn bản đến năm 2026', 'VV', 'Văn thư'],
        ['02.VP', 'Tập lưu văn bản đi năm 2026', 'vinh vien', 'Văn thư'],
        ['03.VP', 'Hồ sơ quy chế làm việc', 'đến khi văn bản hết hiệu lực'],
        ['III. ĐỊA CHÍNH - XÂY DỰNG'],
        ['04', 'Hồ sơ cấp giấy phép xây dựng nhà ở riêng lẻ', 'Theo tuổi thọ của công trình', 'Công chức Địa chính - Xây dựng'],
        ['', 'Hồ sơ đo đạc, chỉnh lý bản đồ địa chính', '5', 'Công chức Địa chính - Xây dựng'],
        null,
        ['Bản Danh mục hồ sơ này có 8 hồ sơ, bao gồm:'],
        ['- 3 hồ sơ bảo quản vĩnh viễn;'],
        ['- 5 hồ sơ bảo quản có thời hạn.'],
        ['', 'NGƯỜI LẬP', '', 'CHỦ TỊCH'],
        ['', '(Ký, ghi rõ họ tên)', '', '(Ký tên, đóng dấu)'],
        ['', 'Trần Thị B', '', 'Lê Văn C'],
      ],
      (ws) => {
        for (const r of [1, 2, 3, 21, 22, 23]) ws.mergeCells(`A${r}:E${r}`);
        ws.mergeCells('B7:E7');
        ws.mergeCells('A17:E17');
        ws.getCell('A1').font = { name: 'Times New Roman', bold: true };
      },
    );
    const result = await readFilePlanSheet(bytes, 'Danh mục hồ sơ 2026.xlsx', RETENTIONS);
    expect(result).toEqual<FilePlanImportResult>({
      headings: [
        {
          abbr: 'TCCB',
          title: 'TỔ CHỨC - CÁN BỘ',
          lines: [],
          children: [
            {
              title: 'Tuyển dụng',
              lines: [line('Hồ sơ tuyển dụng công chức năm 2026', R['10 năm'], 'Nguyễn Văn A'), line('Hồ sơ nâng bậc lương năm 2026', R['20 năm'], 'Nguyễn Văn A')],
            },
            { title: 'Thi đua, khen thưởng', lines: [line('Hồ sơ thi đua, khen thưởng năm 2026', R['Vĩnh viễn'], 'Văn phòng', 'Bản chính')] },
          ],
        },
        {
          abbr: 'VP',
          title: 'Văn phòng - Thống kê',
          lines: [
            line('Sổ đăng ký văn bản đến năm 2026', R['Vĩnh viễn'], 'Văn thư'),
            line('Tập lưu văn bản đi năm 2026', R['Vĩnh viễn'], 'Văn thư'),
            line('Hồ sơ quy chế làm việc', R['Đến khi văn bản hết hiệu lực']),
          ],
          children: [],
        },
        {
          abbr: 'DCXD',
          title: 'ĐỊA CHÍNH - XÂY DỰNG',
          lines: [
            line('Hồ sơ cấp giấy phép xây dựng nhà ở riêng lẻ', R['Theo tuổi thọ công trình'], 'Công chức Địa chính - Xây dựng'),
            line('Hồ sơ đo đạc, chỉnh lý bản đồ địa chính', R['05 năm'], 'Công chức Địa chính - Xây dựng'),
          ],
          children: [],
        },
      ],
      warnings: [
        'Dòng 17: đề mục "ĐỊA CHÍNH - XÂY DỰNG" chưa có viết tắt; đề xuất "DCXD" (có thể sửa trước khi lưu).',
        'Dòng 18: thời hạn bảo quản "Theo tuổi thọ của công trình" được hiểu là "Theo tuổi thọ công trình".',
      ],
      lineCount: 8,
    });
  });

  it('converts a file typed with the .VnTime (TCVN3) fonts, capitals font included', async () => {
    const rows: string[][] = [
      ['danh mục hồ sơ năm 2026'],
      HEADER,
      ['', 'I. Văn hóa - Xã hội (VHXH)'],
      ['01.VHXH', 'Hồ sơ xét duyệt hộ nghèo năm 2026', 'Vĩnh viễn', 'Công chức Văn hóa - Xã hội'],
      ['02.VHXH', 'Hồ sơ chi trả trợ cấp xã hội', '10 năm', 'Công chức Lao động - Thương binh và Xã hội'],
    ];
    const bytes = await xlsx(
      rows.map((r) => r.map(unicodeToTcvn3)),
      (ws) => {
        ws.getCell('A1').font = { name: '.VnTimeH' };
        for (let c = 1; c <= 5; c++) ws.getCell(2, c).font = { name: '.VnTimeH' };
        for (let r = 3; r <= 5; r++) for (let c = 1; c <= 5; c++) ws.getCell(r, c).font = { name: '.VnTime' };
      },
    );
    // The text really is in the old font's characters, not Unicode.
    expect(unicodeToTcvn3('Hồ sơ xét duyệt hộ nghèo năm 2026')).not.toBe('Hồ sơ xét duyệt hộ nghèo năm 2026');
    expect(await readFilePlanSheet(bytes, 'dmhs.xlsx', RETENTIONS)).toEqual<FilePlanImportResult>({
      headings: [
        {
          abbr: 'VHXH',
          title: 'Văn hóa - Xã hội',
          lines: [
            line('Hồ sơ xét duyệt hộ nghèo năm 2026', R['Vĩnh viễn'], 'Công chức Văn hóa - Xã hội'),
            line('Hồ sơ chi trả trợ cấp xã hội', R['10 năm'], 'Công chức Lao động - Thương binh và Xã hội'),
          ],
          children: [],
        },
      ],
      warnings: [],
      lineCount: 2,
    });
  });
});

describe('readFilePlanSheet: CSV', () => {
  it('reads an STT column, abbreviations from the codes, totals, an unnumbered capitals heading and a dated closing', async () => {
    const bytes = csv([
      ['STT', 'Số, ký hiệu hồ sơ', 'Tên đề mục và tiêu đề hồ sơ', 'Thời hạn bảo quản', 'Người lập hồ sơ', 'Ghi chú'],
      ['I', '', 'Tổ chức - Cán bộ', '', '', ''],
      ['1', '01.TCCB', 'Hồ sơ tuyển dụng', '10', 'Nguyễn Văn A', ''],
      ['2', '02.TC', 'Hồ sơ nâng lương', 'VV', '', ''],
      ['3', '03.tccb', 'Hồ sơ bổ nhiệm', '70', '', ''],
      ['', '', 'Cộng: 3 hồ sơ', '', '', ''],
      ['II', '', 'Văn phòng', '', '', ''],
      ['4', '', 'Sổ công văn đi', '05 năm', 'Văn thư', 'Sổ giấy'],
      ['', '', 'CÔNG AN', '', '', ''],
      ['5', '', 'Hồ sơ đăng ký tạm trú', '02 năm', 'Công an xã', ''],
      ['', '', 'An Bình, ngày 05 tháng 01 năm 2026', '', '', ''],
      ['', '', 'Người lập', '', 'Chủ tịch', ''],
    ]);
    expect(await readFilePlanSheet(bytes, 'danh-muc.csv', RETENTIONS)).toEqual<FilePlanImportResult>({
      headings: [
        {
          abbr: 'TCCB',
          title: 'Tổ chức - Cán bộ',
          lines: [line('Hồ sơ tuyển dụng', R['10 năm'], 'Nguyễn Văn A'), line('Hồ sơ nâng lương', R['Vĩnh viễn']), line('Hồ sơ bổ nhiệm', R['70 năm'])],
          children: [],
        },
        { abbr: 'VP', title: 'Văn phòng', lines: [line('Sổ công văn đi', R['05 năm'], 'Văn thư', 'Sổ giấy')], children: [] },
        { abbr: 'CA', title: 'CÔNG AN', lines: [line('Hồ sơ đăng ký tạm trú', R['02 năm'], 'Công an xã')], children: [] },
      ],
      warnings: [
        'Dòng 2: đề mục "Tổ chức - Cán bộ" có viết tắt TCCB nhưng số và ký hiệu hồ sơ ở dòng 4 (02.TC) dùng viết tắt khác; khi lưu, các hồ sơ này được đánh số theo TCCB.',
        'Dòng 7: đề mục "Văn phòng" chưa có viết tắt; đề xuất "VP" (có thể sửa trước khi lưu).',
        'Dòng 9: "CÔNG AN" không có số La Mã; được hiểu là một đề mục lớn.',
        'Dòng 9: đề mục "CÔNG AN" chưa có viết tắt; đề xuất "CA" (có thể sửa trước khi lưu).',
      ],
      lineCount: 5,
    });
  });

  it('proposes distinct abbreviations and flattens a third level of numbering', async () => {
    const bytes = csv([
      HEADER,
      ['', 'I. Tư pháp', '', '', ''],
      ['', '1.1. Hộ tịch', '', '', ''],
      ['', 'Sổ đăng ký khai sinh', 'Vĩnh viễn', '', ''],
      ['', 'II. Thương mại', '', '', ''],
      ['', 'Hồ sơ chợ', '10 năm', '', ''],
      ['', 'III. Thi đua (TP)', '', '', ''],
      ['', 'Hồ sơ khen thưởng', '10 năm', '', ''],
    ]);
    const r = await readFilePlanSheet(bytes, 'dm.csv', RETENTIONS);
    expect(r.headings.map((h) => [h.abbr, h.title, h.children?.map((c) => c.title)])).toEqual([
      ['TP2', 'Tư pháp', ['Hộ tịch']],
      ['TM', 'Thương mại', []],
      ['TP', 'Thi đua', []],
    ]);
    expect(r.warnings).toEqual([
      'Dòng 2: đề mục "Tư pháp" chưa có viết tắt; đề xuất "TP2" (có thể sửa trước khi lưu).',
      'Dòng 3: mục 1.1 "Hộ tịch" được đưa lên cùng cấp với các mục khác của đề mục (danh mục có hai cấp đề mục).',
      'Dòng 5: đề mục "Thương mại" chưa có viết tắt; đề xuất "TM" (có thể sửa trước khi lưu).',
    ]);
  });
});

describe('readFilePlanSheet: files refused whole', () => {
  it('names every row whose retention is unknown, ambiguous or missing, and reads nothing', async () => {
    const retentions: RetentionDto[] = [
      ...RETENTIONS,
      { id: 12, label: 'Đến khi thanh lý hợp đồng + 05 năm', kind: 'condition', years: 5, note: null, sortOrder: 120, active: true, builtin: false },
      { id: 13, label: 'Đến khi thanh lý hợp đồng + 10 năm', kind: 'condition', years: 10, note: null, sortOrder: 130, active: true, builtin: false },
    ];
    const bytes = await xlsx([
      HEADER,
      ['', 'I. Văn phòng (VP)'],
      ['01.VP', 'Hồ sơ hội nghị', 'Lâu dài'],
      ['02.VP', 'Hồ sơ hợp đồng mua sắm', 'Đến khi thanh lý hợp đồng'],
      ['03.VP', 'Hồ sơ hợp đồng thuê xe', 'đến khi thanh lý hợp đồng + 5 năm'],
      ['04.VP', 'Hồ sơ tiếp công dân'],
      ['05.VP', 'Hồ sơ dự toán', '12 năm'],
    ]);
    const e = await rejection(readFilePlanSheet(bytes, 'dm.xlsx', retentions));
    const errors: ImportRowError[] = [
      { row: 3, field: 'retention', message: 'Dòng 3: thời hạn bảo quản "Lâu dài" không có trong bảng thời hạn bảo quản.' },
      {
        row: 4,
        field: 'retention',
        message:
          'Dòng 4: thời hạn bảo quản "Đến khi thanh lý hợp đồng" gần với nhiều giá trị trong bảng ("Đến khi thanh lý hợp đồng + 05 năm", "Đến khi thanh lý hợp đồng + 10 năm"); hãy ghi đúng một giá trị.',
      },
      { row: 6, field: 'retention', message: 'Dòng 6: hồ sơ "Hồ sơ tiếp công dân" thiếu thời hạn bảo quản.' },
      { row: 7, field: 'retention', message: 'Dòng 7: thời hạn bảo quản "12 năm": bảng thời hạn bảo quản không có thời hạn 12 năm.' },
    ];
    expect(e.code).toBe('import_rejected');
    expect(e.details).toEqual({ errors });
    expect(e.message).toBe(
      'Tệp Danh mục hồ sơ có 4 dòng không hợp lệ (các dòng 3, 4, 6 và 7); chưa đọc dòng nào. Sửa tệp rồi nhập lại.\n' +
        errors.map((x) => `- ${x.message}`).join('\n') +
        `\nThời hạn bảo quản dùng được: ${retentions.map((r) => r.label).join('; ')}.`,
    );
  });

  it('refuses files and sub-headings above the first đề mục lớn, and files below the closing lines', async () => {
    const bytes = csv([
      HEADER,
      ['01.VP', 'Sổ đăng ký văn bản đến', 'Vĩnh viễn', '', ''],
      ['', '1. Văn thư', '', '', ''],
      ['', 'I. Văn phòng (VP)', '', '', ''],
      ['02.VP', 'Sổ đăng ký văn bản đi', 'Vĩnh viễn', '', ''],
      ['', 'Bản Danh mục hồ sơ này có 2 hồ sơ.', '', '', ''],
      ['03.VP', 'Hồ sơ hội nghị', '10 năm', '', ''],
    ]);
    const e = await rejection(readFilePlanSheet(bytes, 'dm.csv', RETENTIONS));
    const errors: ImportRowError[] = [
      { row: 2, field: null, message: 'Dòng 2: hồ sơ "Sổ đăng ký văn bản đến" nằm trước đề mục lớn đầu tiên (dòng đề mục đánh số La Mã: I, II …).' },
      { row: 3, field: null, message: 'Dòng 3: mục "Văn thư" nằm trước đề mục lớn đầu tiên (dòng đề mục đánh số La Mã: I, II …).' },
      { row: 7, field: null, message: 'Dòng 7: nằm sau phần kết thúc danh mục (dòng 6); hãy chuyển lên trong bảng.' },
    ];
    expect(e.code).toBe('import_rejected');
    expect(e.details).toEqual({ errors });
    expect(e.message).toBe(
      'Tệp Danh mục hồ sơ có 3 dòng không hợp lệ (các dòng 2, 3 và 7); chưa đọc dòng nào. Sửa tệp rồi nhập lại.\n' + errors.map((x) => `- ${x.message}`).join('\n'),
    );
  });

  it('refuses over-long texts by the contract’s limits and a bad abbreviation, without blaming the heading’s files', async () => {
    const bytes = csv([
      HEADER,
      ['', 'I. Văn phòng (VANPHONGTHONGKEXA)', '', '', ''],
      ['01.VP', 'Sổ đăng ký văn bản đến', 'Vĩnh viễn', '', ''],
      ['', 'II. Tư pháp (TP)', '', '', ''],
      ['01.TP', 'Hồ sơ '.repeat(100), 'Vĩnh viễn', 'Công chức '.repeat(12), ''],
    ]);
    const e = await rejection(readFilePlanSheet(bytes, 'dm.csv', RETENTIONS));
    expect(e.details).toEqual({
      errors: [
        { row: 2, field: 'title', message: 'Dòng 2: viết tắt "VANPHONGTHONGKEXA" không hợp lệ (chữ in hoa không dấu, chữ số, gạch nối, tối đa 15 ký tự).' },
        { row: 5, field: 'title', message: `Dòng 5: tiêu đề hồ sơ "${'Hồ sơ '.repeat(10)}…" — Tối đa 500 ký tự.` },
        { row: 5, field: 'keeper', message: `Dòng 5: người lập hồ sơ "${'Công chức '.repeat(6)}…" — Tối đa 100 ký tự.` },
      ],
    });
    expect(e.message.split('\n')[0]).toBe('Tệp Danh mục hồ sơ có 2 dòng không hợp lệ (các dòng 2 và 5); chưa đọc dòng nào. Sửa tệp rồi nhập lại.');
  });

  it(`accepts ${2000} files and refuses ${2001}`, async () => {
    const rows = (n: number) => [HEADER, ['', 'I. Văn phòng (VP)', '', '', ''], ...Array.from({ length: n }, (_, i) => [`${i + 1}.VP`, `Hồ sơ số ${i + 1}`, '10 năm', '', ''])];
    const ok = await readFilePlanSheet(csv(rows(2000)), 'dm.csv', RETENTIONS);
    expect(ok.lineCount).toBe(2000);
    expect(ok.headings[0].lines).toHaveLength(2000);
    expect(ok.headings[0].lines?.[1999]).toEqual(line('Hồ sơ số 2000', R['10 năm']));
    const e = await rejection(readFilePlanSheet(csv(rows(2001)), 'dm.csv', RETENTIONS));
    expect([e.code, e.message]).toEqual(['import_rejected', 'Tệp có 2.001 hồ sơ, vượt quá giới hạn 2.000 hồ sơ của một Danh mục hồ sơ.']);
  });

  it('refuses what is not a spreadsheet, an empty sheet, a sheet without the columns and one without files', async () => {
    const pdf = await rejection(readFilePlanSheet(await makePdf([['Danh mục hồ sơ']]), 'dm.pdf', RETENTIONS));
    expect([pdf.code, pdf.message]).toEqual(['invalid_input', 'Tệp không phải bảng tính Excel (.xlsx) hay CSV, không đọc được.']);

    const zip = await rejection(readFilePlanSheet(makeZip({ 'a.txt': 'x' }), 'dm.xlsx', RETENTIONS));
    expect([zip.code, zip.message]).toEqual(['invalid_input', 'Tệp nén này không phải bảng tính Excel (.xlsx).']);

    const empty = await rejection(readFilePlanSheet(await xlsx([]), 'dm.xlsx', RETENTIONS));
    expect([empty.code, empty.message]).toEqual(['invalid_input', 'Trang tính "Danh mục 2026" không có dữ liệu.']);

    const noColumns = await rejection(
      readFilePlanSheet(
        csv([
          ['Họ và tên', 'Chức vụ'],
          ['Nguyễn Văn A', 'Văn thư'],
        ]),
        'dm.csv',
        RETENTIONS,
      ),
    );
    expect([noColumns.code, noColumns.message]).toEqual([
      'import_rejected',
      'Không thấy cột "Tên đề mục và tiêu đề hồ sơ" và "Thời hạn bảo quản" ở dòng tiêu đề bảng (dòng 1). Danh mục hồ sơ cần các cột: ' +
        'Số và ký hiệu hồ sơ | Tên đề mục và tiêu đề hồ sơ | Thời hạn bảo quản | Người lập hồ sơ | Ghi chú.',
    ]);

    const noFiles = await rejection(readFilePlanSheet(await xlsx([['DANH MỤC HỒ SƠ'], HEADER, [1, 2, 3, 4, 5], ['', 'I. Văn phòng (VP)']]), 'dm.xlsx', RETENTIONS));
    expect([noFiles.code, noFiles.message]).toEqual(['import_rejected', 'Tệp không có hồ sơ nào (dòng có tiêu đề hồ sơ và thời hạn bảo quản) dưới dòng tiêu đề bảng.']);
  });
});

describe('retentionMatcher', () => {
  const match = retentionMatcher([...RETENTIONS.map((r) => (r.label === '02 năm' ? { ...r, active: false } : r))]);
  const id = (text: string) => {
    const m = match(text);
    return m.ok ? [m.retention.id, m.exact] : m.message;
  };

  it('maps the ways offices write a retention', () => {
    expect(['Vĩnh viễn', 'VĨNH VIỄN', 'VV', 'vinh vien', 'Vĩnh viễn.'].map(id)).toEqual(Array(5).fill([R['Vĩnh viễn'], true]));
    expect(['05 năm', '5 năm', '5', '05', '5 nam'].map(id)).toEqual(Array(5).fill([R['05 năm'], true]));
    expect(['10 năm', '10', '10 Năm'].map(id)).toEqual(Array(3).fill([R['10 năm'], true]));
    expect(id('Đến khi văn bản hết hiệu lực')).toEqual([R['Đến khi văn bản hết hiệu lực'], true]);
    expect(id('Đến khi hết hiệu lực')).toEqual([R['Đến khi văn bản hết hiệu lực'], false]);
  });

  it('refuses values the table does not have, inactive ones included', () => {
    expect(id('02 năm')).toBe('thời hạn bảo quản "02 năm": bảng thời hạn bảo quản không có thời hạn 02 năm.');
    expect(id('Đến khi')).toBe('thời hạn bảo quản "Đến khi" không có trong bảng thời hạn bảo quản.');
    expect(retentionMatcher(RETENTIONS.filter((r) => r.kind !== 'permanent'))('VV')).toEqual({
      ok: false,
      message: 'thời hạn bảo quản "VV": bảng thời hạn bảo quản không có giá trị "Vĩnh viễn".',
    });
  });
});

describe('proposeAbbr', () => {
  it('takes the folded initials of the words', () => {
    expect(['Tổ chức - Cán bộ', 'Địa chính - Xây dựng', 'Văn phòng', 'Ủy ban nhân dân xã 2026', '---'].map(proposeAbbr)).toEqual(['TCCB', 'DCXD', 'VP', 'UBNDX', 'DM']);
  });
});
