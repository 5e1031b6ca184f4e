// Builders for the import tests: a commune's incoming register as offices keep it in Excel (title rows, merged cells,
// two-row header, numbering row, mixed date cells and text dates), Windows-1258 bytes, hand-made XLSX parts, and
// TableFile values for the validation tests. Generated in the tests, never checked in.

import ExcelJS from 'exceljs';
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import type { TableFile } from '../../src-main/imports/table-file';

export const utcDate = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

// prettier-ignore
const ABBR: Array<string | null> = [
  'NQ', 'QĐ', 'CT', 'QC', 'QyĐ', 'TC', 'TB', 'HD', 'CTr', 'KH', 'PA', 'ĐA', 'DA', 'BC', 'BB', 'TTr', 'HĐ', null, 'CĐ',
  'BGN', 'BTT', 'GUQ', 'GM', 'GGT', 'GNP', 'PG', 'PC', 'PB', null,
];

/** The document types the database seeds (NĐ 30/2020 Điều 7), with ids as in the migration. */
// prettier-ignore
export const DOC_TYPES = [
  'Nghị quyết', 'Quyết định', 'Chỉ thị', 'Quy chế', 'Quy định', 'Thông cáo', 'Thông báo', 'Hướng dẫn', 'Chương trình',
  'Kế hoạch', 'Phương án', 'Đề án', 'Dự án', 'Báo cáo', 'Biên bản', 'Tờ trình', 'Hợp đồng', 'Công văn', 'Công điện',
  'Bản ghi nhớ', 'Bản thỏa thuận', 'Giấy ủy quyền', 'Giấy mời', 'Giấy giới thiệu', 'Giấy nghỉ phép', 'Phiếu gửi',
  'Phiếu chuyển', 'Phiếu báo', 'Thư công',
].map((name, i) => ({ id: i + 1, name, abbr: ABBR[i] }));

/**
 * A commune register in the shape clerks really keep it:
 *   1–3  title rows, merged across the sheet (UBND xã, SỔ ĐĂNG KÝ VĂN BẢN ĐẾN, Năm 2026), row 4 blank
 *   5–6  two-row header: "Văn bản" merged over "Số, ký hiệu | Ngày tháng | Tên loại và trích yếu nội dung",
 *        the other headers merged down over both rows
 *   7    the (1) … (10) numbering row
 *   8…   documents: Excel date cells and text dates mixed, rich text, a hyperlink, numbers, a formula, a blank row.
 * A hidden lookup sheet comes first, as in files that carry drop-down lists.
 */
export async function makeRegisterXlsx(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const lists = wb.addWorksheet('DanhMuc');
  lists.state = 'hidden';
  lists.addRow(['Thường']);
  lists.addRow(['Khẩn']);
  const ws = wb.addWorksheet('Sổ đến 2026');
  ws.mergeCells('A1:E1');
  ws.getCell('A1').value = 'ỦY BAN NHÂN DÂN XÃ AN BÌNH';
  ws.mergeCells('A2:J2');
  ws.getCell('A2').value = 'SỔ ĐĂNG KÝ VĂN BẢN ĐẾN';
  ws.mergeCells('A3:J3');
  ws.getCell('A3').value = 'Năm 2026';
  for (const [col, label] of [
    ['A', 'Ngày đến'],
    ['B', 'Số đến'],
    ['C', 'Tác giả'],
    ['G', 'Đơn vị hoặc người nhận'],
    ['H', 'Ngày chuyển'],
    ['I', 'Ký nhận'],
    ['J', 'Ghi chú'],
  ]) {
    ws.mergeCells(`${col}5:${col}6`);
    ws.getCell(`${col}5`).value = label;
  }
  ws.mergeCells('D5:F5');
  ws.getCell('D5').value = 'Văn bản';
  ws.getCell('D6').value = 'Số, ký hiệu';
  ws.getCell('E6').value = 'Ngày tháng';
  ws.getCell('F6').value = 'Tên loại và trích yếu nội dung';
  ws.getRow(7).values = ['(1)', '(2)', '(3)', '(4)', '(5)', '(6)', '(7)', '(8)', '(9)', '(10)'];
  // Row 8: real date cells, rich text issuer, "12/QĐ-UBND".
  ws.getRow(8).values = [
    utcDate(2026, 1, 5),
    1,
    { richText: [{ text: 'UBND ', font: { bold: true } }, { text: 'huyện Bình Sơn' }] },
    '12/QĐ-UBND',
    utcDate(2026, 1, 2),
    'Quyết định về việc phê duyệt kế hoạch phòng, chống thiên tai năm 2026',
    'Chủ tịch UBND xã',
    '06/01/2026',
    '',
    'Bản chính',
  ];
  // Row 9: text dates, a hyperlink on the issuer, an issue date in the previous year.
  ws.getRow(9).values = [
    '06/01/2026',
    2,
    { text: 'Sở Nội vụ tỉnh Quảng Ngãi', hyperlink: 'https://sonoivu.quangngai.gov.vn' },
    '45/SNV-VP',
    '31/12/2025',
    'Công văn về việc báo cáo số lượng cán bộ, công chức cấp xã',
    'Văn phòng',
    utcDate(2026, 1, 7),
    '',
    '',
  ];
  // Row 10 blank. Row 11: an Excel serial as a plain number, a formula with a date result, NFD text.
  ws.getRow(11).values = [
    46031,
    3,
    'Ban Chỉ huy Quân sự huyện'.normalize('NFD'),
    '07/TB-BCH',
    { formula: 'DATE(2026,1,7)', result: utcDate(2026, 1, 7) },
    'Thông báo lịch khám sức khỏe nghĩa vụ quân sự',
    'Ban CHQS xã',
    '',
    '',
    12.5,
  ];
  // Row 12: a number too large for plain toString, and a formula with a text result.
  ws.getRow(12).values = [
    utcDate(2026, 1, 12),
    4,
    'Công an huyện',
    { formula: '"15/CAH-"&"TH"', result: '15/CAH-TH' },
    utcDate(2026, 1, 9),
    'Kế hoạch tổng kiểm tra hành chính',
    'Công an xã',
    '',
    '',
    1e21,
  ];
  for (const c of ['A', 'E', 'H']) ws.getColumn(c).numFmt = 'dd/mm/yyyy';
  ws.getCell('A11').numFmt = 'General'; // a serial typed into a plain cell: a number, not a date cell
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/**
 * The same zip with its parts reordered: exceljs writes worksheets before the shared strings (so its streaming
 * reader parks them in temporary files); this order lets the reader parse worksheets straight from the zip.
 */
export function reorderZip(bytes: Uint8Array, first: string[]): Uint8Array {
  const parts = unzipSync(bytes);
  const names = Object.keys(parts).filter((n) => !n.endsWith('/'));
  const ordered = [...first.filter((n) => n in parts), ...names.filter((n) => !first.includes(n))];
  const z: Zippable = {};
  for (const n of ordered) z[n] = parts[n];
  return zipSync(z);
}

// ---- hand-made XLSX --------------------------------------------------------------------------------------------

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

export const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A minimal valid XLSX with one sheet of inline-string cells, written row by row: cheap enough for 200,000 rows,
 * where building the same with exceljs would take most of a minute.
 */
export function makeRawXlsx(rows: Iterable<Array<string | null>>): Uint8Array {
  const colName = (i: number) => {
    let s = '';
    for (let k = i + 1; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
    return s;
  };
  const out: string[] = [];
  let r = 0;
  for (const cells of rows) {
    r++;
    let row = `<row r="${r}">`;
    cells.forEach((v, i) => {
      if (v !== null) row += `<c r="${colName(i)}${r}" t="inlineStr"><is><t>${escapeXml(v)}</t></is></c>`;
    });
    out.push(`${row}</row>`);
  }
  const sheet = `${XML_HEAD}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${out.join('')}</sheetData></worksheet>`;
  return zipSync({
    '[Content_Types].xml': strToU8(
      `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    ),
    '_rels/.rels': strToU8(
      `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    'xl/workbook.xml': strToU8(
      `${XML_HEAD}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ),
    'xl/worksheets/sheet1.xml': strToU8(sheet),
  });
}

// ---- text encodings --------------------------------------------------------------------------------------------

let cp1258: Map<string, number> | null = null;

/**
 * Windows-1258 bytes of a Vietnamese string, as a pre-Unicode office PC saves a CSV: base letters (â, ơ, đ …) are
 * single bytes and tones are separate combining marks. Built from Node's own decoder table, so the test does not
 * depend on a hand-typed code page.
 */
export function encodeWindows1258(s: string): Uint8Array {
  if (!cp1258) {
    cp1258 = new Map();
    const dec = new TextDecoder('windows-1258');
    for (let b = 0; b < 256; b++) {
      const ch = dec.decode(Uint8Array.of(b));
      if (ch !== '\ufffd' && !cp1258.has(ch)) cp1258.set(ch, b);
    }
  }
  const table = cp1258;
  const chars = [...s.normalize('NFD')];
  const out: number[] = [];
  const byte = (ch: string) => {
    const b = table.get(ch);
    if (b === undefined) throw new Error(`not in windows-1258: ${JSON.stringify(ch)}`);
    out.push(b);
  };
  for (let i = 0; i < chars.length;) {
    let base = chars[i++];
    const marks: string[] = [];
    while (i < chars.length && /\p{M}/u.test(chars[i])) marks.push(chars[i++]);
    // Fold into the base the vowel-shape marks (circumflex, horn, breve) Windows-1258 has precomposed; the tone
    // marks stay separate bytes. NFD puts a dot below before a circumflex, so any mark may be the one that fits.
    for (let k = 0; k < marks.length;) {
      const composed = (base + marks[k]).normalize('NFC');
      if ([...composed].length === 1 && table.has(composed)) {
        base = composed;
        marks.splice(k, 1);
      } else k++;
    }
    byte(base);
    for (const m of marks) byte(m);
  }
  return Uint8Array.from(out);
}

export function utf8Bom(s: string): Uint8Array {
  const body = new TextEncoder().encode(s);
  const out = new Uint8Array(body.length + 3);
  out.set([0xef, 0xbb, 0xbf]);
  out.set(body, 3);
  return out;
}

export function utf16leBom(s: string): Uint8Array {
  const out = new Uint8Array(2 + s.length * 2);
  out.set([0xff, 0xfe]);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out[2 + i * 2] = c & 0xff;
    out[3 + i * 2] = c >> 8;
  }
  return out;
}

// ---- TableFile values for the validation tests -----------------------------------------------------------------

/** A TableFile with the header on row `headerRow` and the data rows right under it (or at the given row numbers). */
export function table(header: string[], rows: Array<string[] | { row: number; cells: string[] }>, headerRow = 1): TableFile {
  return {
    sheets: [],
    sheetName: null,
    headerRow,
    header,
    rows: rows.map((r, i) => (Array.isArray(r) ? { row: headerRow + 1 + i, cells: r } : r)),
    encoding: { detected: 'unicode', used: 'unicode', bytes: null },
  };
}

/** Phụ lục IV's incoming register columns plus Độ khẩn and Số trang, as many offices extend it. */
export const REGISTER_HEADER = [
  'Ngày đến',
  'Số đến',
  'Tác giả',
  'Số, ký hiệu',
  'Ngày tháng văn bản',
  'Tên loại',
  'Trích yếu nội dung',
  'Đơn vị hoặc người nhận',
  'Ngày chuyển',
  'Ký nhận',
  'Ghi chú',
  'Độ khẩn',
  'Số trang',
];

/** A valid row for REGISTER_HEADER, with fields replaced by `over` (keys are REGISTER_HEADER's field keys). */
export function registerRow(
  over: Partial<
    Record<
      'arrivalDate' | 'arrivalNumber' | 'issuerName' | 'code' | 'issuedDate' | 'typeName' | 'subject' | 'recipient' | 'transferDate' | 'sign' | 'notes' | 'urgency' | 'pageCount',
      string
    >
  > = {},
): string[] {
  const v = {
    arrivalDate: '05/01/2026',
    arrivalNumber: '',
    issuerName: 'UBND huyện Bình Sơn',
    code: '12/QĐ-UBND',
    issuedDate: '02/01/2026',
    typeName: 'Quyết định',
    subject: 'Về việc phê duyệt kế hoạch phòng, chống thiên tai năm 2026',
    recipient: 'Chủ tịch UBND xã',
    transferDate: '06/01/2026',
    sign: '',
    notes: '',
    urgency: '',
    pageCount: '',
    ...over,
  };
  return [v.arrivalDate, v.arrivalNumber, v.issuerName, v.code, v.issuedDate, v.typeName, v.subject, v.recipient, v.transferDate, v.sign, v.notes, v.urgency, v.pageCount];
}
