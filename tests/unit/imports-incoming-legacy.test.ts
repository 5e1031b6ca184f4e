// Old incoming registers: column mapping from the header words, every validation rule with its Vietnamese message
// and row number, secret documents refused, doc types resolved, and the agency directory file.

import { describe, expect, it } from 'vitest';
import { ERROR_MESSAGES } from '../../src-shared/errors';
import { headerKey } from '../../src-main/imports/header-match';
import { AGENCY_FIELDS, parseAgencyFile } from '../../src-main/imports/agency-directory';
import { IMPORT_FIELDS, normalizeLegacyRows, suggestMapping, type LegacyRecord } from '../../src-main/imports/incoming-legacy';
import { readTableFile } from '../../src-main/imports/table-file';
import { DOC_TYPES, makeRegisterXlsx, REGISTER_HEADER, registerRow, table } from './imports-fixtures';

const opts = { year: 2026, docTypes: DOC_TYPES };
const typeId = (name: string) => DOC_TYPES.find((t) => t.name === name)?.id;

/** Validates rows of REGISTER_HEADER (header on row 1, data from row 2). */
function check(rows: string[][]) {
  const file = table(REGISTER_HEADER, rows);
  return normalizeLegacyRows(file, suggestMapping(file.header), opts);
}

const messages = (r: ReturnType<typeof check>) => r.errors.map((e) => `${e.row} ${e.field}: ${e.message}`);

describe('IMPORT_FIELDS', () => {
  it('follows the register’s order, required fields marked, synonyms already folded', () => {
    expect(IMPORT_FIELDS.map((f) => f.key)).toEqual([
      'arrivalDate',
      'arrivalNumber',
      'issuerName',
      'code',
      'issuedDate',
      'typeName',
      'subject',
      'recipient',
      'transferDate',
      'notes',
      'urgency',
      'pageCount',
      'secrecy',
    ]);
    expect(IMPORT_FIELDS.filter((f) => f.required).map((f) => f.key)).toEqual(['arrivalDate', 'issuerName', 'subject']);
    for (const f of [...IMPORT_FIELDS, ...AGENCY_FIELDS]) for (const s of f.synonyms) expect(headerKey(s), s).toBe(s);
  });
});

describe('suggestMapping', () => {
  it('maps the Phụ lục IV header', () => {
    const header = [
      'Ngày đến',
      'Số đến',
      'Tác giả',
      'Số, ký hiệu',
      'Ngày tháng văn bản',
      'Tên loại và trích yếu nội dung',
      'Đơn vị hoặc người nhận',
      'Ngày chuyển',
      'Ký nhận',
      'Ghi chú',
    ];
    expect(suggestMapping(header)).toEqual({
      arrivalDate: 0,
      arrivalNumber: 1,
      issuerName: 2,
      code: 3,
      issuedDate: 4,
      subject: 5,
      recipient: 6,
      transferDate: 7,
      notes: 9,
    });
  });

  it('maps the same header typed without diacritics, in capitals, or with column numbers', () => {
    const plain = [
      'Ngay den',
      'So den',
      'Tac gia',
      'So, ky hieu',
      'Ngay thang van ban',
      'Ten loai va trich yeu noi dung',
      'Don vi hoac nguoi nhan',
      'Ngay chuyen',
      'Ky nhan',
      'Ghi chu',
    ];
    const caps = plain.map((h) => h.toUpperCase());
    const numbered = [
      'Ngày đến (1)',
      'Số đến (2)',
      'Tác giả (3)',
      'Số, ký hiệu (4)',
      'Ngày tháng văn bản (5)',
      'Tên loại và trích yếu nội dung (6)',
      'Đơn vị hoặc người nhận (7)',
      'Ngày chuyển (8)',
      'Ký nhận (9)',
      'Ghi chú (10)',
    ];
    const expected = suggestMapping([
      'Ngày đến',
      'Số đến',
      'Tác giả',
      'Số, ký hiệu',
      'Ngày tháng văn bản',
      'Tên loại và trích yếu nội dung',
      'Đơn vị hoặc người nhận',
      'Ngày chuyển',
      'Ký nhận',
      'Ghi chú',
    ]);
    expect(suggestMapping(plain)).toEqual(expected);
    expect(suggestMapping(caps)).toEqual(expected);
    expect(suggestMapping(numbered)).toEqual(expected);
  });

  it('maps the variants offices use', () => {
    expect(suggestMapping(['STT', 'Ngày nhận', 'Nơi gửi', 'Số, ký hiệu văn bản', 'Ngày ban hành', 'Trích yếu', 'Người nhận'])).toEqual({
      arrivalDate: 1,
      issuerName: 2,
      code: 3,
      issuedDate: 4,
      subject: 5,
      recipient: 6,
    });
    expect(suggestMapping(['Ngày đến', 'Cơ quan ban hành', 'Số và ký hiệu', 'Tên loại', 'Trích yếu nội dung', 'Độ mật, khẩn', 'Số trang', 'Độ mật'])).toEqual({
      arrivalDate: 0,
      issuerName: 1,
      code: 2,
      typeName: 3,
      subject: 4,
      urgency: 5,
      pageCount: 6,
      secrecy: 7,
    });
    expect(suggestMapping(['Ngày đến', 'Văn bản - Số, ký hiệu', 'Ngày tháng', 'Độ khẩn'])).toEqual({ arrivalDate: 0, code: 1, issuedDate: 2, urgency: 3 });
  });

  it('never maps one column to two fields', () => {
    const m = suggestMapping(['Tên loại và trích yếu nội dung']);
    expect(m).toEqual({ subject: 0 });
    const many = suggestMapping(['Ngày đến', 'Ngày đến', 'Trích yếu', 'Nội dung']);
    const cols = Object.values(many);
    expect(new Set(cols).size).toBe(cols.length);
    expect(many).toEqual({ arrivalDate: 0, subject: 2 });
  });

  it('leaves unknown columns and a lone "Số" unmapped', () => {
    expect(suggestMapping(['Số', 'Ký nhận', 'Lãnh đạo cho ý kiến', ''])).toEqual({});
  });
});

describe('normalizeLegacyRows: records', () => {
  it('turns a valid row into a record', () => {
    const r = check([registerRow({ arrivalNumber: '7', notes: 'Bản chính', urgency: 'Khẩn', pageCount: '3' })]);
    expect(r.errors).toEqual([]);
    expect(r.records).toEqual<LegacyRecord[]>([
      {
        row: 2,
        arrivalDate: '2026-01-05',
        arrivalNumber: 7,
        oldArrivalNumber: '7',
        issuerName: 'UBND huyện Bình Sơn',
        codeNumber: '12',
        codeNotation: 'QĐ-UBND',
        issuedDate: '2026-01-02',
        docTypeId: typeId('Quyết định')!,
        typeName: 'Quyết định',
        subject: 'Về việc phê duyệt kế hoạch phòng, chống thiên tai năm 2026',
        recipient: 'Chủ tịch UBND xã',
        transferDate: '2026-01-06',
        notes: 'Bản chính',
        urgency: 1,
        pageCount: 3,
      },
    ]);
  });

  it('leaves optional fields empty as null', () => {
    const r = check([registerRow({ code: '', issuedDate: '', typeName: '', recipient: '', transferDate: '' })]);
    expect(r.errors).toEqual([]);
    expect(r.records[0]).toMatchObject({
      arrivalNumber: null,
      codeNumber: null,
      codeNotation: null,
      issuedDate: null,
      docTypeId: null,
      typeName: null,
      recipient: null,
      transferDate: null,
      notes: null,
      urgency: 0,
      pageCount: null,
    });
  });

  it('imports the realistic commune XLSX end to end', async () => {
    const file = await readTableFile(await makeRegisterXlsx(), 'so-den-2026.xlsx', { headerFields: [IMPORT_FIELDS] });
    const r = normalizeLegacyRows(file, suggestMapping(file.header), opts);
    expect(r.errors).toEqual([]);
    expect(r.records.map((x) => [x.row, x.arrivalDate, x.arrivalNumber, x.issuerName, x.codeNumber, x.codeNotation, x.issuedDate, x.typeName, x.docTypeId])).toEqual([
      [8, '2026-01-05', 1, 'UBND huyện Bình Sơn', '12', 'QĐ-UBND', '2026-01-02', 'Quyết định', typeId('Quyết định')],
      [9, '2026-01-06', 2, 'Sở Nội vụ tỉnh Quảng Ngãi', '45', 'SNV-VP', '2025-12-31', 'Công văn', typeId('Công văn')],
      [11, '2026-01-09', 3, 'Ban Chỉ huy Quân sự huyện', '07', 'TB-BCH', '2026-01-07', 'Thông báo', typeId('Thông báo')],
      [12, '2026-01-12', 4, 'Công an huyện', '15', 'CAH-TH', '2026-01-09', 'Kế hoạch', typeId('Kế hoạch')],
    ]);
    // The combined column keeps the whole text as the subject.
    expect(r.records[0].subject).toBe('Quyết định về việc phê duyệt kế hoạch phòng, chống thiên tai năm 2026');
  });
});

describe('normalizeLegacyRows: mapping', () => {
  it('reports each required field without a column once, on row 0, and checks no row', () => {
    const file = table(['Ngày đến', 'Ghi chú'], [['05/01/2026', '']]);
    const r = normalizeLegacyRows(file, suggestMapping(file.header), opts);
    expect(r.records).toEqual([]);
    expect(r.errors).toEqual([
      { row: 0, field: 'issuerName', message: 'Chưa chọn cột cho "Tác giả (cơ quan ban hành)" (bắt buộc).' },
      { row: 0, field: 'subject', message: 'Chưa chọn cột cho "Trích yếu nội dung" (bắt buộc).' },
    ]);
  });

  it('refuses a column chosen twice or a column that is not in the file', () => {
    const file = table(['Ngày đến', 'Tác giả', 'Trích yếu'], [['05/01/2026', 'UBND', 'A']]);
    const r = normalizeLegacyRows(file, { arrivalDate: 0, issuerName: 1, subject: 1, notes: 7 }, opts);
    expect(messages(r)).toEqual([
      '0 subject: Cột "Tác giả" đã được chọn cho "Tác giả (cơ quan ban hành)", không thể dùng thêm cho "Trích yếu nội dung".',
      '0 notes: Cột đã chọn cho "Ghi chú" không có trong tệp.',
    ]);
  });

  it('follows a mapping chosen by hand', () => {
    const file = table(['A', 'B', 'C'], [['Về việc X', '05/01/2026', 'Sở Y tế']]);
    const r = normalizeLegacyRows(file, { subject: 0, arrivalDate: 1, issuerName: 2 }, opts);
    expect(r.errors).toEqual([]);
    expect(r.records[0]).toMatchObject({ subject: 'Về việc X', arrivalDate: '2026-01-05', issuerName: 'Sở Y tế' });
  });
});

describe('normalizeLegacyRows: rules', () => {
  it('reports missing required values with their row', () => {
    const r = check([registerRow(), registerRow({ arrivalDate: '' }), registerRow({ issuerName: '', subject: '' })]);
    expect(messages(r)).toEqual(['3 arrivalDate: Thiếu ngày đến.', '4 issuerName: Thiếu tác giả (cơ quan ban hành).', '4 subject: Thiếu trích yếu nội dung.']);
    expect(r.records.map((x) => x.row)).toEqual([2]);
  });

  it('reads dates day first in every spelling, and Excel serials', () => {
    const spellings = ['05/01/2026', '5/1/26', '05-01-2026', '05.01.2026', '2026-01-05', '46027'];
    const r = check(spellings.map((d) => registerRow({ arrivalDate: d, issuedDate: '', transferDate: '' })));
    expect(r.errors).toEqual([]);
    expect(r.records.map((x) => x.arrivalDate)).toEqual(spellings.map(() => '2026-01-05'));
  });

  it('rejects month-first, impossible and unreadable dates, naming the value', () => {
    const r = check([
      registerRow({ arrivalDate: '12/25/2026' }),
      registerRow({ arrivalDate: '30/02/2026' }),
      registerRow({ issuedDate: 'hôm qua' }),
      registerRow({ transferDate: '31/04/2026' }),
    ]);
    expect(messages(r)).toEqual([
      '2 arrivalDate: Ngày đến "12/25/2026" không phải ngày có thật (không có tháng 25; ngày phải ghi theo thứ tự ngày/tháng/năm).',
      '3 arrivalDate: Ngày đến "30/02/2026" không phải ngày có thật (tháng 2/2026 chỉ có 28 ngày).',
      '4 issuedDate: Ngày tháng văn bản "hôm qua" không đọc được: ghi theo ngày/tháng/năm, ví dụ 05/01/2026.',
      '5 transferDate: Ngày chuyển "31/04/2026" không phải ngày có thật (tháng 4/2026 chỉ có 30 ngày).',
    ]);
  });

  it('requires the arrival date in the register’s year', () => {
    const r = check([
      registerRow({ arrivalDate: '31/12/2025', issuedDate: '' }),
      registerRow({ arrivalDate: '01/01/2027' }),
      registerRow({ arrivalDate: '01/01/2026', issuedDate: '' }),
    ]);
    expect(messages(r)).toEqual(['2 arrivalDate: Ngày đến "31/12/2025" không thuộc năm 2026 của sổ.', '3 arrivalDate: Ngày đến "01/01/2027" không thuộc năm 2026 của sổ.']);
  });

  it('refuses an issue date after the arrival date, accepts the same day', () => {
    const r = check([registerRow({ arrivalDate: '05/01/2026', issuedDate: '06/01/2026' }), registerRow({ arrivalDate: '05/01/2026', issuedDate: '05/01/2026' })]);
    expect(messages(r)).toEqual(['2 issuedDate: Ngày tháng văn bản "06/01/2026" sau ngày đến "05/01/2026": văn bản không thể đến trước ngày ban hành.']);
  });

  it('takes positive whole arrival numbers, unique in the file', () => {
    const r = check(['1', '2', '0', '-3', '2,5', 'abc', '2', '7', '07'].map((n) => registerRow({ arrivalNumber: n })));
    expect(messages(r)).toEqual([
      '4 arrivalNumber: Số đến "0" phải là số nguyên dương.',
      '5 arrivalNumber: Số đến "-3" phải là số nguyên dương.',
      '6 arrivalNumber: Số đến "2,5" phải là số nguyên dương.',
      '7 arrivalNumber: Số đến "abc" phải là số nguyên dương.',
      '8 arrivalNumber: Số đến 2 trùng với dòng 3.',
      '10 arrivalNumber: Số đến 7 trùng với dòng 9.',
    ]);
  });

  it('rejects values longer than the stored fields instead of cutting them', () => {
    const r = check([
      registerRow({ subject: 'a'.repeat(500), issuerName: 'b'.repeat(200) }),
      registerRow({ subject: 'Về việc ' + 'x'.repeat(493) }),
      registerRow({ issuerName: 'y'.repeat(201) }),
      registerRow({ code: '123456789012/QĐ-UBND' }),
      registerRow({ code: '12/' + 'A'.repeat(31) }),
      registerRow({ code: '12345678901/' + 'A'.repeat(30) }),
    ]);
    expect(r.records.map((x) => x.row)).toEqual([2, 7]);
    expect(messages(r)).toEqual([
      `3 subject: Trích yếu nội dung "Về việc ${'x'.repeat(52)}…" dài 501 ký tự, vượt quá 500 ký tự cho phép. Hãy sửa trong tệp rồi nhập lại.`,
      `4 issuerName: Tác giả (cơ quan ban hành) "${'y'.repeat(60)}…" dài 201 ký tự, vượt quá 200 ký tự cho phép. Hãy sửa trong tệp rồi nhập lại.`,
      '5 code: Số văn bản (trong "123456789012/QĐ-UBND") "123456789012" dài 12 ký tự, vượt quá 11 ký tự cho phép. Hãy sửa trong tệp rồi nhập lại.',
      `6 code: Ký hiệu "${'A'.repeat(31)}" dài 31 ký tự, vượt quá 30 ký tự cho phép. Hãy sửa trong tệp rồi nhập lại.`,
    ]);
  });

  it('reads urgency words with or without diacritics; empty is Thường', () => {
    const words = ['', 'Thường', 'khẩn', 'KHẨN', 'Thượng khẩn', 'thuong khan', 'Hỏa tốc', 'Hoả tốc', 'HOA TOC', 'Độ khẩn: Khẩn'];
    const r = check(words.map((u) => registerRow({ urgency: u })));
    expect(r.errors).toEqual([]);
    expect(r.records.map((x) => x.urgency)).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 3, 1]);
    const bad = check([registerRow({ urgency: 'Gấp' })]);
    expect(messages(bad)).toEqual(['2 urgency: Độ khẩn "Gấp" không hợp lệ; dùng Thường, Khẩn, Thượng khẩn hoặc Hỏa tốc (hoặc để trống).']);
  });

  it('checks the page count', () => {
    const r = check([registerRow({ pageCount: '12' }), registerRow({ pageCount: 'ba' }), registerRow({ pageCount: '0' })]);
    expect(r.records[0].pageCount).toBe(12);
    expect(messages(r)).toEqual(['3 pageCount: Số trang "ba" phải là số nguyên từ 1 đến 9999.', '4 pageCount: Số trang "0" phải là số nguyên từ 1 đến 9999.']);
  });

  it('reports every problem of every row, not just the first', () => {
    const r = check([
      registerRow({ arrivalDate: '32/01/2026', arrivalNumber: 'x', issuerName: '', issuedDate: '1/13/2026', urgency: 'gấp', pageCount: '-1' }),
      registerRow({ subject: '' }),
    ]);
    expect(r.errors.map((e) => `${e.row} ${e.field}`)).toEqual(['2 arrivalDate', '2 arrivalNumber', '2 issuerName', '2 issuedDate', '2 urgency', '2 pageCount', '3 subject']);
    expect(r.records).toEqual([]);
  });
});

describe('normalizeLegacyRows: document types', () => {
  it('resolves the type column by folded name or abbreviation, keeps unknown names without an id', () => {
    const r = check(['Quyết định', 'quyet dinh', 'CÔNG VĂN', 'QĐ', 'Tờ khai', ''].map((t) => registerRow({ typeName: t })));
    expect(r.errors).toEqual([]);
    expect(r.records.map((x) => [x.docTypeId, x.typeName])).toEqual([
      [typeId('Quyết định'), 'Quyết định'],
      [typeId('Quyết định'), 'quyet dinh'],
      [typeId('Công văn'), 'CÔNG VĂN'],
      [typeId('Quyết định'), 'Quyết định'],
      [null, 'Tờ khai'],
      [null, null],
    ]);
  });

  it('finds the type at the start of a combined "Tên loại và trích yếu" column and keeps the whole subject', () => {
    const file = table(
      ['Ngày đến', 'Tác giả', 'Tên loại và trích yếu nội dung'],
      [
        ['05/01/2026', 'UBND huyện', 'Quyết định về việc giao chỉ tiêu năm 2026'],
        ['05/01/2026', 'UBND huyện', 'GIẤY MỜI họp giao ban quý I'],
        ['05/01/2026', 'UBND huyện', 'Giấy giới thiệu đồng chí Nguyễn Văn A'],
        ['05/01/2026', 'UBND huyện', 'Kế hoạch: tổ chức Tết Nguyên đán'],
        ['05/01/2026', 'UBND huyện', 'Về việc rà soát hộ nghèo'],
        ['05/01/2026', 'UBND huyện', 'Quyết địnhxyz không phải tên loại'],
      ],
    );
    const r = normalizeLegacyRows(file, suggestMapping(file.header), opts);
    expect(r.errors).toEqual([]);
    expect(r.records.map((x) => [x.typeName, x.docTypeId])).toEqual([
      ['Quyết định', typeId('Quyết định')],
      ['Giấy mời', typeId('Giấy mời')],
      ['Giấy giới thiệu', typeId('Giấy giới thiệu')],
      ['Kế hoạch', typeId('Kế hoạch')],
      [null, null],
      [null, null],
    ]);
    expect(r.records[1].subject).toBe('GIẤY MỜI họp giao ban quý I');
  });

  it('does not guess a type from a subject-only column', () => {
    const file = table(['Ngày đến', 'Tác giả', 'Trích yếu'], [['05/01/2026', 'UBND huyện', 'Quyết định về việc giao chỉ tiêu']]);
    const r = normalizeLegacyRows(file, suggestMapping(file.header), opts);
    expect(r.records[0]).toMatchObject({ docTypeId: null, typeName: null });
  });
});

describe('normalizeLegacyRows: secret documents', () => {
  const secret = (level: string, column: string) => `Văn bản có độ mật "${level}" (cột ${column}). ${ERROR_MESSAGES.secret_document}`;

  it('refuses rows marked Mật, Tối mật or Tuyệt mật in the urgency, notes or subject column', () => {
    const r = check([
      registerRow({ urgency: 'Mật' }),
      registerRow({ urgency: 'Khẩn, Tối mật' }),
      registerRow({ urgency: 'tuyet mat' }),
      registerRow({ notes: 'MẬT' }),
      registerRow({ notes: 'Độ mật: Tối mật' }),
      registerRow({ subject: '(Mật) Kế hoạch bảo vệ an ninh trật tự dịp Tết' }),
      registerRow({ subject: 'TUYỆT MẬT - Phương án phòng thủ' }),
      registerRow({ subject: 'Báo cáo tình hình an ninh [Tối mật]' }),
    ]);
    expect(messages(r)).toEqual([
      `2 urgency: ${secret('Mật', 'Độ khẩn')}`,
      `3 urgency: ${secret('Tối mật', 'Độ khẩn')}`,
      `4 urgency: ${secret('Tuyệt mật', 'Độ khẩn')}`,
      `5 notes: ${secret('Mật', 'Ghi chú')}`,
      `6 notes: ${secret('Tối mật', 'Ghi chú')}`,
      `7 subject: ${secret('Mật', 'Trích yếu nội dung')}`,
      `8 subject: ${secret('Tuyệt mật', 'Trích yếu nội dung')}`,
      `9 subject: ${secret('Tối mật', 'Trích yếu nội dung')}`,
    ]);
    expect(r.records).toEqual([]);
  });

  it('refuses rows marked in an "Độ mật" column, accepts "Không mật"', () => {
    const file = table(
      ['Ngày đến', 'Tác giả', 'Trích yếu', 'Độ mật'],
      [
        ['05/01/2026', 'Công an huyện', 'Về việc A', 'Mật'],
        ['05/01/2026', 'Công an huyện', 'Về việc B', 'Không mật'],
        ['05/01/2026', 'Công an huyện', 'Về việc C', ''],
        ['05/01/2026', 'Công an huyện', 'Về việc D', 'Hạn chế'],
      ],
    );
    const r = normalizeLegacyRows(file, suggestMapping(file.header), opts);
    expect(messages(r)).toEqual([`2 secrecy: ${secret('Mật', 'Độ mật')}`, '5 secrecy: Độ mật "Hạn chế" không hợp lệ; chỉ nhập được văn bản không mật.']);
    expect(r.records.map((x) => x.row)).toEqual([3, 4]);
  });

  it('does not take words about secrecy, or "mặt", for a classification', () => {
    const r = check([
      registerRow({ subject: 'Về công tác bảo vệ bí mật nhà nước năm 2026' }),
      registerRow({ subject: 'Danh mục bí mật nhà nước độ Tối mật của ngành' }),
      registerRow({ subject: 'Mặt trận Tổ quốc xã tổ chức hội nghị' }),
      registerRow({ subject: 'Mật độ dân số các thôn' }),
      registerRow({ notes: 'mặt bằng' }),
      registerRow({ notes: 'Đã giao đ/c Mát' }),
      registerRow({ issuerName: 'Ban Bảo mật' }),
    ]);
    expect(r.errors).toEqual([]);
    expect(r.records).toHaveLength(7);
  });
});

describe('parseAgencyFile', () => {
  const header = ['Mã định danh', 'Tên cơ quan', 'Mã cơ quan cấp trên'];

  it('upper-cases and checks codes, keeps bodies without a code', () => {
    const r = parseAgencyFile(
      table(
        header,
        [
          ['000.00.00.h53', 'UBND tỉnh Tây Ninh', ''],
          ['H53.02', 'Sở Nội vụ tỉnh Tây Ninh', '000.00.00.H53'],
          ['', 'Hội Nông dân xã', ''],
        ],
        3,
      ),
    );
    expect(r.errors).toEqual([]);
    expect(r.records).toEqual([
      { row: 4, code: '000.00.00.H53', name: 'UBND tỉnh Tây Ninh', parentCode: null },
      { row: 5, code: 'H53.02', name: 'Sở Nội vụ tỉnh Tây Ninh', parentCode: '000.00.00.H53' },
      { row: 6, code: null, name: 'Hội Nông dân xã', parentCode: null },
    ]);
  });

  it('reports bad codes, missing names and duplicates with their rows', () => {
    const r = parseAgencyFile(
      table(header, [
        ['000.00.00.H53', 'UBND tỉnh Tây Ninh', ''],
        ['000.00.00.H53.', 'A', ''],
        ['H 53', 'B', ''],
        ['ABCDEFGHIJKLMN', 'C', ''],
        [`H53${'.01'.repeat(11)}`, 'D', ''],
        ['000.00.00.h53', 'Trùng', ''],
        ['G09', '', 'G09'],
        ['G12', 'Bộ Tài chính', 'g12.x-1'],
      ]),
    );
    expect(r.errors.map((e) => `${e.row} ${e.field}: ${e.message}`)).toEqual([
      '3 code: Mã định danh "000.00.00.H53." không hợp lệ: chỉ gồm chữ cái không dấu, chữ số và dấu chấm giữa các nhóm (ví dụ 000.00.00.H41 hoặc H41.02).',
      '4 code: Mã định danh "H 53" không hợp lệ: chỉ gồm chữ cái không dấu, chữ số và dấu chấm giữa các nhóm (ví dụ 000.00.00.H41 hoặc H41.02).',
      '5 code: Mã định danh "ABCDEFGHIJKLMN" không hợp lệ: chỉ gồm chữ cái không dấu, chữ số và dấu chấm giữa các nhóm (ví dụ 000.00.00.H41 hoặc H41.02).',
      `6 code: Mã định danh "H53${'.01'.repeat(11)}" dài 36 ký tự, vượt quá 35 ký tự.`,
      '7 code: Mã định danh "000.00.00.H53" trùng với dòng 2.',
      '8 name: Thiếu tên cơ quan.',
      '8 parentCode: Mã cơ quan cấp trên "G09" trùng với mã của chính cơ quan.',
      '9 parentCode: Mã cơ quan cấp trên "g12.x-1" không hợp lệ: chỉ gồm chữ cái không dấu, chữ số và dấu chấm giữa các nhóm (ví dụ 000.00.00.H41 hoặc H41.02).',
    ]);
    expect(r.records.map((x) => x.row)).toEqual([2]);
  });

  it('needs a name column', () => {
    const r = parseAgencyFile(table(['Mã định danh', 'Ghi chú'], [['H53', '']]));
    expect(r.errors).toEqual([{ row: 0, field: 'name', message: 'Chưa chọn cột cho "Tên cơ quan" (bắt buộc).' }]);
  });

  it('reads a directory CSV end to end', async () => {
    const csv = 'DANH MỤC CƠ QUAN\nMã,Tên cơ quan,Mã cấp trên\n000.00.00.G09,Bộ Nội vụ,\n';
    const r = parseAgencyFile(await readTableFile(new TextEncoder().encode(csv), 'co-quan.csv', { headerFields: [AGENCY_FIELDS] }));
    expect(r).toEqual({ records: [{ row: 3, code: '000.00.00.G09', name: 'Bộ Nội vụ', parentCode: null }], errors: [] });
  });
});

describe('normalizeLegacyRows: issue 7', () => {
  it('splits Party-style numbers at the hyphen and state-style ones at the first slash', async () => {
    const { splitCode, formatCode } = await import('../../src-shared/documents');
    const cases: Array<[string, string | null, string | null]> = [
      ['45-CV/HU', '45', 'CV/HU'],
      ['12-NQ/TU', '12', 'NQ/TU'],
      ['03-TB/VPHU', '03', 'TB/VPHU'],
      ['07/KH-UBND', '07', 'KH-UBND'],
      ['123/2024/QĐ-UBND', '123', '2024/QĐ-UBND'],
      ['12/QĐ-UBND', '12', 'QĐ-UBND'],
      ['Số: 15/CAH-TH', '15', 'CAH-TH'],
      ['45', '45', null],
    ];
    for (const [text, n, notation] of cases) {
      expect(splitCode(text), text).toEqual({ codeNumber: n, codeNotation: notation });
      expect(formatCode(n, notation), text).toBe(text.replace(/^Số: /, ''));
    }
    const r = check([registerRow({ code: '45-CV/HU' })]);
    expect(r.records[0]).toMatchObject({ codeNumber: '45', codeNotation: 'CV/HU' });
  });

  it('refuses an arrival date after today, with the row and the reason', () => {
    const file = table(REGISTER_HEADER, [registerRow({ arrivalDate: '20/11/2026' }), registerRow({ arrivalDate: '21/11/2026' })]);
    const r = normalizeLegacyRows(file, suggestMapping(file.header), { ...opts, today: '2026-11-20' });
    expect(messages(r)).toEqual(['3 arrivalDate: Ngày đến "21/11/2026" là ngày trong tương lai (hôm nay là 20/11/2026); sổ cũ chỉ ghi văn bản đã đến.']);
    expect(r.records.map((x) => x.row)).toEqual([2]);
  });

  it('keeps the old number as written when new numbers are given, repeats and marks included', () => {
    const file = table(
      REGISTER_HEADER,
      ['12', '12a', '12', ''].map((n) => registerRow({ arrivalNumber: n })),
    );
    const r = normalizeLegacyRows(file, suggestMapping(file.header), { ...opts, numbering: 'allocate' });
    expect(r.errors).toEqual([]);
    expect(r.records.map((x) => x.oldArrivalNumber)).toEqual(['12', '12a', '12', null]);
    const long = table(REGISTER_HEADER, [registerRow({ arrivalNumber: 'x'.repeat(21) })]);
    expect(normalizeLegacyRows(long, suggestMapping(long.header), { ...opts, numbering: 'allocate' }).errors[0].message).toMatch(/Số đến cũ .* vượt quá 20 ký tự/);
  });

  it('says "không đọc được" once', () => {
    const r = check([registerRow({ arrivalDate: 'hôm qua' })]);
    expect(r.errors[0].message).toBe('Ngày đến "hôm qua" không đọc được: ghi theo ngày/tháng/năm, ví dụ 05/01/2026.');
    for (const e of r.errors) expect(e.message.match(/không đọc được/g)?.length ?? 0).toBeLessThanOrEqual(1);
  });
});

describe('normalizeLegacyRows: garbled text', () => {
  it('flags text that still looks like an old font encoding, with row, column and reason', () => {
    const r = check([registerRow({}), registerRow({ issuerName: 'ñy ban nh©n d©n huyÖn Kim B¶ng' }), registerRow({ notes: 'UÛy ban nhaân daân' })]);
    expect(r.records.map((x) => x.row)).toEqual([2]);
    expect(r.errors.map((e) => [e.row, e.field])).toEqual([
      [3, 'issuerName'],
      [4, 'notes'],
    ]);
    expect(r.errors[0].message).toMatch(/^Tác giả \(cơ quan ban hành\) "ñy ban nh©n d©n huyÖn Kim B¶ng" có ký tự lạ "ñ" \(U\+00F1\): chữ có thể được gõ bằng bảng mã cũ TCVN3/);
    expect(check([registerRow({ subject: 'Nhiệt độ 30°C, «khẩn» — Điều 5 § 2' })]).errors).toEqual([]);
  });
});

describe('normalizeLegacyRows: long values in messages', () => {
  it('quotes at most 60 characters of a bad value, so a preview never carries whole oversized cells', () => {
    const long = 'z'.repeat(30_000);
    const r = check([registerRow({ arrivalNumber: long, arrivalDate: long, urgency: long, pageCount: long, issuedDate: long })]);
    expect(r.errors.length).toBeGreaterThanOrEqual(5);
    for (const e of r.errors) expect(e.message.length, e.message.slice(0, 80)).toBeLessThan(300);
  });
});
