// Reading register files: a realistic commune XLSX (titles, merged cells, two-row header, numbering row, date cells
// and text dates, rich text, hyperlink, formulas, numbers), CSV in the encodings offices produce, header detection,
// damaged and unsupported files, and the row/column limits.

import ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/errors';
import { AGENCY_FIELDS } from '../../src-main/imports/agency-directory';
import { IMPORT_FIELDS } from '../../src-main/imports/incoming-legacy';
import { detectDelimiter, MAX_COLUMNS, MAX_ROWS, oversizedRecord, readTableFile as readTable, type ReadTableOptions } from '../../src-main/imports/table-file';
import { makeOds, makeXls } from './blobs-fixtures';
import { encodeWindows1258, makeRawXlsx, makeRegisterXlsx, reorderZip, utcDate, utf16leBom, utf8Bom } from './imports-fixtures';

/** Register files, read as the register import reads them: its own field vocabulary finds the header. */
const readTableFile = (bytes: Uint8Array, fileName: string, opts: Omit<ReadTableOptions, 'headerFields'> = {}) =>
  readTable(bytes, fileName, { ...opts, headerFields: [IMPORT_FIELDS] });

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

const REGISTER_HEADER = [
  'Ngày đến',
  'Số đến',
  'Tác giả',
  'Văn bản - Số, ký hiệu',
  'Ngày tháng',
  'Tên loại và trích yếu nội dung',
  'Đơn vị hoặc người nhận',
  'Ngày chuyển',
  'Ký nhận',
  'Ghi chú',
];

describe('XLSX: a commune register as kept in Excel', () => {
  it('finds the two-row header under the title rows, skips the numbering row and keeps Excel row numbers', async () => {
    const f = await readTableFile(await makeRegisterXlsx(), 'so-den-2026.xlsx');
    expect(f.sheets).toEqual(['DanhMuc', 'Sổ đến 2026']);
    expect(f.sheetName).toBe('Sổ đến 2026'); // the hidden lookup sheet is not the one the clerk sees
    expect(f.headerRow).toBe(5);
    expect(f.header).toEqual(REGISTER_HEADER);
    expect(f.rows.map((r) => r.row)).toEqual([8, 9, 11, 12]); // row 10 is blank
    expect(f.rows.every((r) => r.cells.length === REGISTER_HEADER.length)).toBe(true);
  });

  it('turns every kind of cell into the text a clerk sees', async () => {
    const f = await readTableFile(await makeRegisterXlsx(), 'so-den-2026.xlsx');
    const [r8, r9, r11, r12] = f.rows.map((r) => r.cells);
    // Date cells -> YYYY-MM-DD; text dates untouched; rich text joined; hyperlink -> its text.
    expect(r8).toEqual([
      '2026-01-05',
      '1',
      'UBND huyện Bình Sơn',
      '12/QĐ-UBND',
      '2026-01-02',
      'Quyết định về việc phê duyệt kế hoạch phòng, chống thiên tai năm 2026',
      'Chủ tịch UBND xã',
      '06/01/2026',
      '',
      'Bản chính',
    ]);
    expect(r9.slice(0, 5)).toEqual(['06/01/2026', '2', 'Sở Nội vụ tỉnh Quảng Ngãi', '45/SNV-VP', '31/12/2025']);
    expect(r9[7]).toBe('2026-01-07');
    // A serial typed as a plain number stays a number; a formula's date result becomes a date; NFD becomes NFC.
    expect(r11[0]).toBe('46031');
    expect(r11[2]).toBe('Ban Chỉ huy Quân sự huyện'.normalize('NFC'));
    expect(r11[4]).toBe('2026-01-07');
    expect(r11[9]).toBe('12.5');
    // Formula with a text result; a number past 1e21 written out in full.
    expect(r12[3]).toBe('15/CAH-TH');
    expect(r12[9]).toBe('1000000000000000000000');
  });

  it('reads 28 February and a leap day from date cells', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.addRow(['Ngày đến', 'Tác giả', 'Trích yếu']);
    ws.addRow([utcDate(2026, 2, 28), 'UBND', 'A']);
    ws.addRow([utcDate(2028, 2, 29), 'UBND', 'B']);
    ws.getColumn(1).numFmt = 'd/m/yyyy';
    const f = await readTableFile(new Uint8Array(await wb.xlsx.writeBuffer()), 'a.xlsx');
    expect(f.rows.map((r) => r.cells[0])).toEqual(['2026-02-28', '2028-02-29']);
  });

  it('keeps a merged cell’s value in the master cell only', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.addRow(['Ngày đến', 'Tác giả', 'Trích yếu']);
    ws.addRow(['05/01/2026', 'UBND huyện', 'Về việc A']);
    ws.mergeCells('B2:C2');
    const f = await readTableFile(new Uint8Array(await wb.xlsx.writeBuffer()), 'a.xlsx');
    expect(f.rows[0].cells).toEqual(['05/01/2026', 'UBND huyện', '']);
  });

  it('reads date cells by their UTC day whatever the machine’s time zone', async () => {
    const bytes = await makeRegisterXlsx();
    const saved = process.env.TZ;
    const days: string[][] = [];
    try {
      for (const tz of ['Asia/Ho_Chi_Minh', 'Pacific/Honolulu', 'Pacific/Kiritimati']) {
        process.env.TZ = tz;
        const f = await readTableFile(bytes, 'a.xlsx');
        days.push(f.rows.map((r) => r.cells[0]));
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
    expect(days[0]).toEqual(['2026-01-05', '06/01/2026', '46031', '2026-01-12']);
    expect(days[1]).toEqual(days[0]);
    expect(days[2]).toEqual(days[0]);
  });

  it('reads the same file whether the shared strings come before or after the worksheets', async () => {
    const bytes = await makeRegisterXlsx();
    // Excel's own order puts xl/sharedStrings.xml after the sheets, exceljs too; some tools put it first.
    const early = reorderZip(bytes, ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/styles.xml']);
    const a = await readTableFile(bytes, 'a.xlsx');
    const b = await readTableFile(early, 'a.xlsx');
    expect(b).toEqual(a);
    // Shared strings first but the workbook and the styles after the sheets (exceljs itself writes this now and
    // then): the sheets keep their names and the date cells stay dates.
    const late = reorderZip(bytes, [
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/_rels/workbook.xml.rels',
      'xl/sharedStrings.xml',
      'xl/worksheets/sheet1.xml',
      'xl/worksheets/sheet2.xml',
    ]);
    expect(await readTableFile(late, 'a.xlsx')).toEqual(a);
  });

  it('reads the sheet asked for, and names the sheets when it does not exist', async () => {
    const bytes = await makeRegisterXlsx();
    const lists = await readTableFile(bytes, 'a.xlsx', { sheet: 'DanhMuc' });
    expect(lists.sheetName).toBe('DanhMuc');
    const e = await rejection(readTableFile(bytes, 'a.xlsx', { sheet: 'Sổ đến 2025' }));
    expect(e.code).toBe('invalid_input');
    expect(e.message).toBe('Không có trang tính "Sổ đến 2025" trong tệp. Các trang tính: "DanhMuc", "Sổ đến 2026".');
  });

  it('reads inline-string sheets without shared strings or styles (files from other programs)', async () => {
    const f = await readTableFile(
      makeRawXlsx([
        ['Ngày đến', 'Số đến', 'Tác giả', 'Trích yếu'],
        ['05/01/2026', '1', 'UBND huyện', 'Về việc A & B <khẩn>'],
      ]),
      'x.xlsx',
    );
    expect(f.header).toEqual(['Ngày đến', 'Số đến', 'Tác giả', 'Trích yếu']);
    expect(f.rows).toEqual([{ row: 2, cells: ['05/01/2026', '1', 'UBND huyện', 'Về việc A & B <khẩn>'] }]);
  });
});

describe('XLSX: damaged and unsupported files', () => {
  it('refuses an Excel 97–2003 .xls with a way out', async () => {
    const e = await rejection(readTableFile(makeXls(), 'so-den.xls'));
    expect(e.code).toBe('invalid_input');
    expect(e.message).toContain('.xls');
    expect(e.message).toContain('.xlsx');
  });

  it('refuses an .ods and a zip that is no workbook', async () => {
    expect((await rejection(readTableFile(makeOds('Sổ đến', [['Ngày đến', 'Tác giả']]), 'a.ods'))).message).toContain('.ods');
    const docx = zipSync({ 'word/document.xml': strToU8('<w:document/>') });
    expect((await rejection(readTableFile(docx, 'a.xlsx'))).message).toBe('Tệp nén này không phải bảng tính Excel (.xlsx).');
  });

  it('refuses truncated and corrupted workbooks instead of hanging', async () => {
    const good = await makeRegisterXlsx();
    const truncated = good.subarray(0, Math.floor(good.length / 2));
    const corrupted = new Uint8Array(good);
    // Damage the deflate data in the middle of the archive (the worksheets).
    for (let i = Math.floor(good.length / 3); i < Math.floor(good.length / 3) + 200; i++) corrupted[i] ^= 0x5a;
    for (const bytes of [truncated, corrupted]) {
      const e = await rejection(readTableFile(bytes, 'a.xlsx'));
      expect(e.code).toBe('invalid_input');
      expect(e.message).toContain('bị hỏng');
    }
  });

  it('refuses a non-spreadsheet named .xlsx and binary bytes named .csv', async () => {
    const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n');
    expect((await rejection(readTableFile(pdf, 'so-den.xlsx'))).message).toBe('Tệp "so-den.xlsx" không phải tệp Excel (.xlsx) đọc được; có thể tệp đã bị hỏng.');
    const binary = Uint8Array.from({ length: 300 }, (_, i) => (i * 37) % 256);
    expect((await rejection(readTableFile(binary, 'a.csv'))).code).toBe('invalid_input');
  });

  it('refuses an empty file or sheet', async () => {
    expect((await rejection(readTableFile(new Uint8Array(0), 'a.csv'))).message).toBe('Tệp không có dữ liệu.');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Trống');
    expect((await rejection(readTableFile(new Uint8Array(await wb.xlsx.writeBuffer()), 'a.xlsx'))).message).toBe('Trang tính "Trống" không có dữ liệu.');
  });
});

describe('CSV', () => {
  const REGISTER_CSV = [
    'ỦY BAN NHÂN DÂN XÃ AN BÌNH;;;;;;',
    'SỔ ĐĂNG KÝ VĂN BẢN ĐẾN;;;;;;',
    ';;;;;;',
    'Ngày đến;Số đến;Tác giả;Số, ký hiệu;Ngày tháng văn bản;Tên loại và trích yếu nội dung;Ghi chú',
    '(1);(2);(3);(4);(5);(6);(7)',
    '05/01/2026;1;UBND huyện Bình Sơn;12/QĐ-UBND;02/01/2026;Quyết định về việc phê duyệt kế hoạch, dự toán;',
    '06/01/2026;2;Sở Nội vụ;45/SNV-VP;31/12/2025;"Công văn về việc ""rà soát""; báo cáo";Khẩn',
  ];

  it('reads a ";" file saved by a Vietnamese Windows PC (Windows-1258), as NFC', async () => {
    const f = await readTableFile(encodeWindows1258(REGISTER_CSV.join('\r\n')), 'so-den.csv');
    expect(f.sheets).toEqual([]);
    expect(f.sheetName).toBeNull();
    expect(f.headerRow).toBe(4);
    expect(f.header).toEqual(['Ngày đến', 'Số đến', 'Tác giả', 'Số, ký hiệu', 'Ngày tháng văn bản', 'Tên loại và trích yếu nội dung', 'Ghi chú']);
    expect(f.rows.map((r) => r.row)).toEqual([6, 7]);
    expect(f.rows[0].cells[2]).toBe('UBND huyện Bình Sơn');
    expect(f.rows[1].cells[5]).toBe('Công văn về việc "rà soát"; báo cáo');
    for (const r of f.rows) for (const c of r.cells) expect(c).toBe(c.normalize('NFC'));
  });

  it('reads UTF-8 with a BOM, UTF-8 without, and UTF-16 with a BOM alike', async () => {
    const text = REGISTER_CSV.join('\n');
    const a = await readTableFile(utf8Bom(text), 'a.csv');
    const b = await readTableFile(new TextEncoder().encode(text), 'a.csv');
    const c = await readTableFile(utf16leBom(text), 'a.csv');
    expect(a.header[0]).toBe('Ngày đến'); // no BOM stuck to the first header
    expect(b).toEqual(a);
    expect({ ...c, encoding: null }).toEqual({ ...a, encoding: null });
    expect(c.encoding.bytes).toBe('utf-16le');
  });

  it('detects comma, semicolon and tab delimiters', async () => {
    expect(detectDelimiter('Ngày đến,Số đến,Trích yếu\n05/01/2026,1,"Về việc A; B"\n')).toBe(',');
    expect(detectDelimiter('Ngày đến;Số đến;Trích yếu\n05/01/2026;1;Về việc A, B, C\n06/01/2026;2;D, E\n')).toBe(';');
    expect(detectDelimiter('Ngày đến\tSố đến\tTrích yếu\n05/01/2026\t1\tVề việc A, B\n')).toBe('\t');
    const f = await readTableFile(new TextEncoder().encode('Ngày đến\tTác giả\tTrích yếu\n05/01/2026\tUBND huyện\tVề việc A, B\n'), 'a.txt');
    expect(f.rows[0].cells).toEqual(['05/01/2026', 'UBND huyện', 'Về việc A, B']);
  });

  it('counts rows as Excel does: blank lines count, a quoted line break does not start a row', async () => {
    const text = 'Ngày đến,Tác giả,Trích yếu\n\n05/01/2026,UBND huyện,"Về việc A\ndòng hai"\n06/01/2026,Sở Y tế,Về việc B\n';
    const f = await readTableFile(new TextEncoder().encode(text), 'a.csv');
    expect(f.rows).toEqual([
      { row: 3, cells: ['05/01/2026', 'UBND huyện', 'Về việc A dòng hai'] },
      { row: 4, cells: ['06/01/2026', 'Sở Y tế', 'Về việc B'] },
    ]);
  });

  it('honours Excel’s "sep=" line', async () => {
    const f = await readTableFile(new TextEncoder().encode('sep=|\nNgày đến|Tác giả|Trích yếu\n05/01/2026|UBND, huyện|A\n'), 'a.csv');
    expect(f.rows[0]).toEqual({ row: 2, cells: ['05/01/2026', 'UBND, huyện', 'A'] });
  });

  it('reports a broken quote with its line', async () => {
    const e = await rejection(readTableFile(new TextEncoder().encode('Ngày đến,Tác giả,Trích yếu\n05/01/2026,"UBND huyện,A\n'), 'a.csv'));
    expect(e.code).toBe('invalid_input');
    expect(e.message).toMatch(/^Tệp CSV bị lỗi/);
  });
});

describe('header detection', () => {
  it('skips repeated page headers and numbering rows inside the data', async () => {
    const lines = [
      'Ngày đến,Số đến,Tác giả,Trích yếu',
      '1,2,3,4',
      '05/01/2026,1,UBND huyện,A',
      'Ngày đến,Số đến,Tác giả,Trích yếu',
      '1,2,3,4',
      '06/01/2026,2,Sở Y tế,B',
      '(1),(2),(3),(4)',
      '07/01/2026,3,Sở Tư pháp,C',
    ];
    const f = await readTableFile(new TextEncoder().encode(lines.join('\n')), 'a.csv');
    expect(f.rows.map((r) => r.row)).toEqual([3, 6, 8]);
  });

  it('takes a plain label row as the header when no column is recognised', async () => {
    const f = await readTableFile(new TextEncoder().encode('Cột một,Cột hai\nabc,def\n'), 'a.csv');
    expect(f.headerRow).toBe(1);
    expect(f.header).toEqual(['Cột một', 'Cột hai']);
    expect(f.rows).toEqual([{ row: 2, cells: ['abc', 'def'] }]);
  });

  it('never takes a data row as the header: without one, every row stays data and columns get letters', async () => {
    const f = await readTableFile(new TextEncoder().encode('05/01/2026,UBND huyện,A\n06/01/2026,Sở Y tế,B\n'), 'a.csv');
    expect(f.headerRow).toBe(0);
    expect(f.header).toEqual(['Cột A', 'Cột B', 'Cột C']);
    expect(f.rows.map((r) => r.row)).toEqual([1, 2]);
  });

  it('names empty header cells by column letter and pads short rows', async () => {
    const f = await readTableFile(new TextEncoder().encode('Ngày đến,Tác giả,,Trích yếu\n05/01/2026,UBND,x,A,thừa\n06/01/2026\n'), 'a.csv');
    expect(f.header).toEqual(['Ngày đến', 'Tác giả', 'Cột C', 'Trích yếu', 'Cột E']);
    expect(f.rows[1].cells).toEqual(['06/01/2026', '', '', '', '']);
  });

  it('recognises the agency directory header under a title', async () => {
    const csv = 'DANH MỤC MÃ ĐỊNH DANH CƠ QUAN\n\nMã định danh,Tên cơ quan,Mã cơ quan cấp trên\n000.00.00.H53,UBND tỉnh Tây Ninh,\n';
    const f = await readTable(new TextEncoder().encode(csv), 'a.csv', { headerFields: [AGENCY_FIELDS] });
    expect(f.headerRow).toBe(3);
    expect(f.rows).toEqual([{ row: 4, cells: ['000.00.00.H53', 'UBND tỉnh Tây Ninh', ''] }]);
  });
});

describe('limits', () => {
  it(`refuses more than ${MAX_COLUMNS} columns, XLSX and CSV, naming the last column`, async () => {
    const wide = Array.from({ length: MAX_COLUMNS + 1 }, (_, i) => `C${i + 1}`);
    const x = await rejection(readTableFile(makeRawXlsx([['Ngày đến', 'Tác giả', 'Trích yếu'], wide]), 'a.xlsx'));
    expect(x.code).toBe('import_rejected');
    expect(x.message).toBe('Bảng tính có dữ liệu đến cột GS (201 cột), vượt quá giới hạn 200 cột. Hãy xóa các cột không thuộc sổ rồi nhập lại.');
    const c = await rejection(readTableFile(new TextEncoder().encode(`Ngày đến,Tác giả\n${wide.join(',')}\n`), 'a.csv'));
    expect(c.code).toBe('import_rejected');
    expect(c.message).toBe(x.message);
    // Exactly 200 columns is fine.
    const ok = await readTableFile(new TextEncoder().encode(`Ngày đến,Tác giả\n${wide.slice(0, MAX_COLUMNS).join(',')}\n`), 'a.csv');
    expect(ok.header).toHaveLength(MAX_COLUMNS);
  });

  it(`takes ${MAX_ROWS.toLocaleString('en')} data rows and refuses one more (CSV)`, async () => {
    const make = (n: number) => {
      const lines = ['SỔ ĐĂNG KÝ VĂN BẢN ĐẾN', 'Ngày đến,Số đến,Tác giả,Trích yếu'];
      for (let i = 1; i <= n; i++) lines.push(`05/01/2026,${i},UBND,A`);
      return new TextEncoder().encode(lines.join('\n'));
    };
    const ok = await readTableFile(make(MAX_ROWS), 'a.csv');
    expect(ok.rows).toHaveLength(MAX_ROWS);
    expect(ok.rows[MAX_ROWS - 1].row).toBe(MAX_ROWS + 2);
    const e = await rejection(readTableFile(make(MAX_ROWS + 1), 'a.csv'));
    expect(e.code).toBe('import_rejected');
    expect(e.message).toBe('Tệp có hơn 200.000 dòng dữ liệu, vượt quá giới hạn của một lần nhập. Hãy chia tệp thành nhiều phần (ví dụ theo năm hoặc theo quý) rồi nhập từng phần.');
  });

  it('refuses an XLSX of more than the row limit while reading it', async () => {
    function* rows() {
      yield ['Ngày đến', 'Tác giả', 'Trích yếu'];
      for (let i = 0; i < MAX_ROWS + 20; i++) yield ['05/01/2026', 'UBND', 'A'];
    }
    const e = await rejection(readTableFile(makeRawXlsx(rows()), 'a.xlsx'));
    expect(e.code).toBe('import_rejected');
    expect(e.message).toContain('200.000');
  });
});

describe('CSV: issue 7 (line endings, sizes, old font encodings)', () => {
  const HEADER = 'Ngày đến;Số đến;Tác giả;Trích yếu;Độ khẩn';

  it('drops the quotes of a quoted last column in a CRLF file (as Excel on Windows writes)', async () => {
    const text = [HEADER, '05/01/2026;1;UBND huyện;"Về việc A";"Khẩn"', '06/01/2026;2;"Sở Nội vụ";"Về ""B""";"Thượng khẩn"', ''].join('\r\n');
    for (const bytes of [new TextEncoder().encode(text), utf8Bom(text)]) {
      const f = await readTableFile(bytes, 'crlf.csv');
      expect(f.rows.map((r) => r.cells)).toEqual([
        ['05/01/2026', '1', 'UBND huyện', 'Về việc A', 'Khẩn'],
        ['06/01/2026', '2', 'Sở Nội vụ', 'Về "B"', 'Thượng khẩn'],
      ]);
    }
  });

  it('keeps a CRLF inside a quoted field in its cell, with a BOM and a one-cell title row above', async () => {
    const text = ['SỔ ĐĂNG KÝ VĂN BẢN ĐẾN', HEADER, '05/01/2026;1;UBND huyện;"Về việc A\r\ndòng hai";"Khẩn"', '06/01/2026;2;Sở Nội vụ;B;"Hỏa tốc"'].join('\r\n');
    const f = await readTableFile(utf8Bom(text), 'crlf2.csv');
    expect(f.rows.map((r) => [r.row, r.cells[3], r.cells[4]])).toEqual([
      [3, 'Về việc A dòng hai', 'Khẩn'],
      [4, 'B', 'Hỏa tốc'],
    ]);
  });

  it('refuses a cell above 32 KB and a row above 256 KB, naming the row', async () => {
    const big = 'x'.repeat(40 * 1024);
    const e1 = await rejection(readTableFile(new TextEncoder().encode(`${HEADER}\n05/01/2026;1;UBND;A;\n05/01/2026;2;UBND;${big};\n`), 'a.csv'));
    expect(e1.code).toBe('import_rejected');
    expect(e1.message).toMatch(/Ô D3 \(dòng 3, cột D\) dài 40\.960 ký tự/);
    const wide = Array.from({ length: 10 }, () => 'y'.repeat(30 * 1024)).join(';');
    const e2 = await rejection(readTableFile(new TextEncoder().encode(`${HEADER}\n05/01/2026;1;UBND;A;\n${wide}\n`), 'b.csv'));
    expect(e2.code).toBe('import_rejected');
    expect(e2.message).toMatch(/^Dòng 3 của tệp CSV dài hơn 256 KB/);
  });

  it('reads TCVN3 (ABC) bytes as Unicode NFC and says so', async () => {
    const { unicodeToTcvn3, cp1252Byte } = await import('../../src-main/imports/legacy-encoding');
    const unicode = [
      'Ngày đến;Số đến;Tác giả;Trích yếu',
      '05/01/2026;1;Ủy ban nhân dân huyện Kim Bảng;Về việc rà soát, báo cáo kết quả thực hiện',
      '06/01/2026;2;Sở Tài chính tỉnh Hà Nam;Hướng dẫn quyết toán ngân sách năm 2025',
    ].join('\r\n');
    const bytes = Uint8Array.from([...unicodeToTcvn3(unicode)].map((c) => cp1252Byte(c.charCodeAt(0))));
    const f = await readTableFile(bytes, 'tcvn3.csv');
    expect(f.encoding).toEqual({ detected: 'tcvn3', used: 'tcvn3', bytes: 'windows-1252' });
    expect(f.header).toEqual(['Ngày đến', 'Số đến', 'Tác giả', 'Trích yếu']);
    expect(f.rows[0].cells[2]).toBe('Ủy ban nhân dân huyện Kim Bảng');
    expect(f.rows[1].cells[3]).toBe('Hướng dẫn quyết toán ngân sách năm 2025');
    // The clerk can override: taken as Unicode, the text stays garbled (and the row check flags it).
    const asIs = await readTableFile(bytes, 'tcvn3.csv', { encoding: 'unicode' });
    expect(asIs.encoding).toMatchObject({ detected: 'tcvn3', used: 'unicode' });
    expect(asIs.rows[0].cells[2]).not.toBe('Ủy ban nhân dân huyện Kim Bảng');
  });

  it('reads VNI text in a UTF-8 CSV and in XLSX cells', async () => {
    const { unicodeToVni } = await import('../../src-main/imports/legacy-encoding');
    const rows = [
      ['Ngày đến', 'Số đến', 'Tác giả', 'Trích yếu'],
      ['05/01/2026', '1', 'Ủy ban nhân dân huyện Kim Bảng', 'Về việc tăng cường phòng, chống dịch bệnh'],
      ['06/01/2026', '2', 'Trường Tiểu học Đồng Hóa', 'Báo cáo tổng kết năm học'],
    ];
    // The header typed later in Unicode, the data in VNI: each cell is taken as what it is.
    const vni = rows.map((r, i) => (i === 0 ? r : r.map(unicodeToVni)));
    const csv = await readTableFile(new TextEncoder().encode(vni.map((r) => r.join(';')).join('\n')), 'vni.csv');
    expect(csv.encoding).toEqual({ detected: 'vni', used: 'vni', bytes: 'utf-8' });
    expect(csv.rows.map((r) => r.cells)).toEqual(rows.slice(1));
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('So');
    for (const r of vni) ws.addRow(r);
    const xlsx = await readTableFile(new Uint8Array(await wb.xlsx.writeBuffer()), 'vni.xlsx');
    expect(xlsx.encoding).toEqual({ detected: 'vni', used: 'vni', bytes: null });
    expect(xlsx.rows.map((r) => r.cells)).toEqual(rows.slice(1));
  });

  it('leaves Unicode and Windows-1258 files as they are', async () => {
    const text = 'Ngày đến;Tác giả;Trích yếu\n05/01/2026;Ủy ban nhân dân;Về việc A\n';
    expect((await readTableFile(new TextEncoder().encode(text), 'u.csv')).encoding).toEqual({ detected: 'unicode', used: 'unicode', bytes: 'utf-8' });
    const f = await readTableFile(encodeWindows1258(text), 'w.csv');
    expect(f.encoding).toEqual({ detected: 'unicode', used: 'unicode', bytes: 'windows-1258' });
    expect(f.rows[0].cells[1]).toBe('Ủy ban nhân dân');
  });
});

describe('oversizedRecord (the byte scan before parsing)', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  const huge = 'x'.repeat(800 * 1024);
  it('finds a huge field, quoted or not, with its record number', () => {
    expect(oversizedRecord(enc(`a;b\n1;2\n3;"${huge}"\n4;5\n`), 0x3b)).toBe(3);
    expect(oversizedRecord(enc(`a;b\n"x\ny";${huge}\n`), 0x3b)).toBe(2);
    expect(oversizedRecord(enc(`a;b\n1;"${huge}`), 0x3b)).toBe(2); // never closed
  });
  it('does not mistake many ordinary rows, or stray and doubled quotes, for one huge record', () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `${i};Công văn 5" về việc ""A"";"trích ""yếu"" ${i}"`).join('\r\n');
    expect(oversizedRecord(enc(`a;b;c\r\n${rows}\r\n`), 0x3b)).toBeNull();
  });
});

describe('XLSX: cells in old fonts', () => {
  it('converts the cells the fonts mark (.VnTime, .VnTimeH as capitals, VNI-Times) and leaves Unicode-font cells alone', async () => {
    const { unicodeToTcvn3, unicodeToVni } = await import('../../src-main/imports/legacy-encoding');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sổ');
    const title = ws.addRow([unicodeToTcvn3('sổ đăng ký văn bản đến')]);
    title.getCell(1).font = { name: '.VnTimeH' };
    ws.addRow(['Ngày đến', 'Tác giả', 'Trích yếu', 'Ghi chú']); // header typed later, in Times New Roman
    const rows = [
      ['05/01/2026', unicodeToTcvn3('Ủy ban nhân dân huyện Kim Bảng'), unicodeToTcvn3('Về việc rà soát hộ nghèo'), 'Hà Nam'],
      ['06/01/2026', unicodeToVni('Sở Tài chính'), unicodeToVni('Hướng dẫn quyết toán'), 'Cà Mau'],
    ];
    rows.forEach((r, i) => {
      const row = ws.addRow(r);
      for (const c of [2, 3]) row.getCell(c).font = { name: i === 0 ? '.VnTime' : 'VNI-Times' };
      row.getCell(4).font = { name: 'Times New Roman' };
    });
    const f = await readTableFile(new Uint8Array(await wb.xlsx.writeBuffer()), 'fonts.xlsx');
    expect(f.encoding).toEqual({ detected: 'tcvn3', used: 'tcvn3', bytes: null });
    expect(f.rows.map((r) => r.cells)).toEqual([
      ['05/01/2026', 'Ủy ban nhân dân huyện Kim Bảng', 'Về việc rà soát hộ nghèo', 'Hà Nam'],
      ['06/01/2026', 'Sở Tài chính', 'Hướng dẫn quyết toán', 'Cà Mau'],
    ]);
    // A note typed in .VnTimeH (the capitals font of the same codes) comes out in capitals.
    const note = ws.addRow(['07/01/2026', unicodeToTcvn3('Văn phòng'), unicodeToTcvn3('Giấy mời'), unicodeToTcvn3('khẩn, hỏa tốc')]);
    for (const c of [2, 3]) note.getCell(c).font = { name: '.VnTime' };
    note.getCell(4).font = { name: '.VnTimeH' };
    const g = await readTableFile(new Uint8Array(await wb.xlsx.writeBuffer()), 'fonts.xlsx');
    expect(g.rows[2].cells).toEqual(['07/01/2026', 'Văn phòng', 'Giấy mời', 'KHẨN, HỎA TỐC']);
  });
});
