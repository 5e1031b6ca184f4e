// Reads an XLSX (exceljs, streaming) or CSV (csv-parse) file into rows of cell strings and finds the header row by the
// importer's field vocabulary. Knows nothing of documents or the database and judges no values: it only finds the
// header, drops title, numbering and empty rows, and keeps the row numbers a clerk sees in Excel.

import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { parse as parseCsvStream } from 'csv-parse';
import { AppError } from '../../src-shared/errors';
import { cleanText } from '../../src-shared/vn/text';
import { isCfb } from '../blobs/cfb';
import { listZip, looksLikeZip, readZipEntries, reorderZip } from '../blobs/zip';
import { excelSerialToIso, isDateFormat, isoDateUtc, isoTimeUtc, parseVnDate, plainNumber } from './cell-values';
import { matchColumns, type HeaderField } from './header-match';
import { convertLegacy, cp1252Text, detectLegacyEncoding, isUnicodeVietnamese, plausibility, type TextEncodingChoice } from './legacy-encoding';

export type FontEncoding = 'unicode' | 'tcvn3' | 'vni';

export interface TableEncoding {
  /** What the text looked like: Unicode, or typed with TCVN3 (ABC) or VNI fonts. */
  detected: FontEncoding;
  /** What was applied: the clerk's choice, else the detected one. */
  used: FontEncoding;
  /** How a CSV's bytes were read; null for XLSX. */
  bytes: string | null;
}

export interface TableFile {
  /** Sheet names in tab order (empty for CSV). */
  sheets: string[];
  sheetName: string | null;
  /** 1-based row number of the header in the file (the upper row of a two-row header); 0 when there is none. */
  headerRow: number;
  header: string[];
  /** Data rows only, every one as wide as the header; `row` is the row number as shown in Excel. */
  rows: Array<{ row: number; cells: string[] }>;
  encoding: TableEncoding;
}

export interface ReadTableOptions {
  sheet?: string;
  /** auto (default): detect TCVN3/VNI text and convert it; unicode: take the text as it is; tcvn3/vni: convert. */
  encoding?: TextEncodingChoice;
  /** Column vocabularies used to recognise the header row: each importer passes its own (IMPORT_FIELDS, AGENCY_FIELDS). */
  headerFields: HeaderField[][];
}

export const MAX_ROWS = 200_000;
export const MAX_COLUMNS = 200;
/** No cell of a register holds more than a subject or a note; a larger one is a broken file, not data. */
export const MAX_CELL_CHARS = 32 * 1024;
/** A whole row, all cells together. */
export const MAX_ROW_CHARS = 256 * 1024;
/** The header is looked for among this many non-empty rows at the top (title rows, blank lines, a two-row header). */
const HEADER_SCAN = 15;
/** Declared uncompressed size of the workbook's XML: a bound against zip bombs, far above any real register. */
const MAX_XLSX_XML_BYTES = 1024 * 1024 * 1024;
/** V8 strings stop near 512 MiB; no single part of a real register comes close. */
const MAX_XLSX_PART_BYTES = 400 * 1024 * 1024;

/** The old-font family of an XLSX cell: TCVN3 (".VnTime"; ".VnTimeH" draws the same codes as capitals) or VNI. */
type CellFont = 'tcvn3' | 'tcvn3-upper' | 'vni';
/** `fonts` only on XLSX rows that have a cell in an old font. */
type RawRow = { row: number; cells: string[]; fonts?: Array<CellFont | undefined> };
interface RawTable {
  sheets: string[];
  sheetName: string | null;
  rows: RawRow[]; // non-empty rows only, trailing empty cells dropped
  encoding: TableEncoding;
}

const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');

/** Column letters as Excel shows them: 1 -> A, 27 -> AA. */
export function columnLetter(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

function tooManyRows(): AppError {
  return new AppError(
    'import_rejected',
    `Tệp có hơn ${thousands(MAX_ROWS)} dòng dữ liệu, vượt quá giới hạn của một lần nhập. ` + 'Hãy chia tệp thành nhiều phần (ví dụ theo năm hoặc theo quý) rồi nhập từng phần.',
  );
}

function tooManyColumns(width: number): AppError {
  return new AppError(
    'import_rejected',
    `Bảng tính có dữ liệu đến cột ${columnLetter(width)} (${width} cột), vượt quá giới hạn ${MAX_COLUMNS} cột. ` + 'Hãy xóa các cột không thuộc sổ rồi nhập lại.',
  );
}

const unreadable = (message: string, cause?: unknown) => new AppError('invalid_input', message, { cause });

function cellTooLarge(row: number, col: number, chars: number): AppError {
  return new AppError(
    'import_rejected',
    `Ô ${columnLetter(col)}${row} (dòng ${row}, cột ${columnLetter(col)}) dài ${thousands(chars)} ký tự, vượt quá giới hạn ` +
      `${thousands(MAX_CELL_CHARS)} ký tự của một ô: không phải dữ liệu của sổ. Hãy sửa ô đó rồi nhập lại.`,
    { details: { row, column: columnLetter(col) } },
  );
}

export async function readTableFile(bytes: Uint8Array, fileName: string, opts: ReadTableOptions): Promise<TableFile> {
  const raw = await readRawTable(bytes, fileName, opts.sheet, opts.encoding ?? 'auto');
  return shapeTable(raw, opts.headerFields);
}

async function readRawTable(bytes: Uint8Array, fileName: string, sheet: string | undefined, encoding: TextEncodingChoice): Promise<RawTable> {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (looksLikeZip(bytes)) return convertXlsx(await readXlsx(bytes, sheet), encoding);
  if (isCfb(bytes)) {
    throw unreadable('Tệp Excel 97–2003 (.xls) chưa đọc được. Hãy mở tệp bằng Excel, chọn Lưu thành "Excel Workbook (.xlsx)" rồi nhập lại.');
  }
  if (ext === 'xlsx' || ext === 'xlsm') throw unreadable(`Tệp "${fileName}" không phải tệp Excel (.xlsx) đọc được; có thể tệp đã bị hỏng.`);
  return readCsv(bytes, encoding);
}

/**
 * Cells typed with TCVN3/VNI fonts in Excel hold the fonts' CP1252 characters. The cells' font names say which
 * cells (".VnTime…" TCVN3, ".VnTimeH" its capitals, "VNI-…" VNI), so a sheet mixing old-font cells with Unicode
 * ones converts only the former; without such fonts the text itself decides, on a sample.
 */
function convertXlsx(raw: RawTable, choice: TextEncodingChoice): RawTable {
  const sample: string[] = [];
  let tcvn = 0;
  let vni = 0;
  for (const r of raw.rows.slice(0, 500)) {
    r.cells.forEach((c, i) => {
      if (!c) return;
      sample.push(c);
      const f = r.fonts?.[i];
      if (!f || !/[\u0080-\uffff]/.test(c) || isUnicodeVietnamese(c)) return;
      if (f === 'vni') vni++;
      else tcvn++;
    });
  }
  const byFont = tcvn + vni > 0;
  const detected: FontEncoding = byFont ? (vni > tcvn ? 'vni' : 'tcvn3') : detectLegacyEncoding(sample);
  const used = choice === 'auto' ? detected : choice;
  const convertCell = (c: string, enc: 'tcvn3' | 'vni', upper: boolean) => {
    // ".VnTimeH" draws every letter as a capital, plain ASCII ones too; a Unicode cell is left as it is.
    if (upper && isUnicodeVietnamese(c)) return c;
    const u = convertLegacy(c, enc);
    return cleanText(upper ? u.toUpperCase() : u);
  };
  for (const r of raw.rows) {
    const fonts = r.fonts;
    if (choice === 'auto' && byFont) {
      // Each old-font cell by its own font; cells in Unicode fonts stay as they are.
      if (!fonts) continue;
      r.cells = r.cells.map((c, i) => {
        const f = fonts[i];
        return c && f ? convertCell(c, f === 'vni' ? 'vni' : 'tcvn3', f === 'tcvn3-upper') : c;
      });
    } else if (used !== 'unicode') {
      r.cells = r.cells.map((c, i) => (c ? convertCell(c, used, used === 'tcvn3' && fonts?.[i] === 'tcvn3-upper') : c));
    }
  }
  for (const r of raw.rows) delete r.fonts;
  return { ...raw, encoding: { detected, used, bytes: null } };
}

// ---- XLSX ------------------------------------------------------------------------------------------------------

// exceljs's typings omit what its streaming reader really exposes (sheet names, the workbook model).
interface CellLike {
  value: unknown;
  numFmt?: string;
  font?: { name?: unknown };
}

const fontKinds = new Map<string, CellFont | null>();
function legacyFont(name: unknown): CellFont | null {
  if (typeof name !== 'string' || !name) return null;
  let kind = fontKinds.get(name);
  if (kind === undefined) {
    const n = name.trim();
    if (/^vni[-\s_]/i.test(n)) kind = 'vni';
    else if (/^\.?vn/i.test(n)) kind = /h$/i.test(n) ? 'tcvn3-upper' : 'tcvn3';
    else kind = null;
    if (fontKinds.size < 1000) fontKinds.set(name, kind);
  }
  return kind;
}
interface RowLike {
  number: number;
  eachCell(opts: { includeEmpty: boolean }, cb: (cell: CellLike, col: number) => void): void;
}
interface SheetReaderLike extends AsyncIterable<RowLike> {
  name?: string;
}
interface BookReaderLike extends AsyncIterable<SheetReaderLike> {
  model?: { sheets?: Array<{ name: string; state?: string }> };
}

const isXlsxPart = (name: string) => name.startsWith('xl/') && (name.endsWith('.xml') || name.endsWith('.rels'));

/**
 * Inflates every part exceljs will read, once, before exceljs sees the file (about a tenth of the reading time). exceljs's streaming reader never
 * settles when a worksheet's deflate data is damaged (the error is lost on its temporary-file path), so damage must
 * be found here; the declared-size caps also stop zip bombs before anything is inflated.
 */
function checkXlsxParts(bytes: Uint8Array): void {
  const entries = listZip(bytes);
  if (!entries) throw unreadable('Tệp Excel bị hỏng, không đọc được.');
  if (!entries.some((e) => e.name === 'xl/workbook.xml')) {
    if (entries.some((e) => e.name === 'content.xml')) {
      throw unreadable('Tệp OpenDocument (.ods) chưa đọc được. Hãy lưu lại dưới dạng .xlsx hoặc .csv rồi nhập lại.');
    }
    throw unreadable('Tệp nén này không phải bảng tính Excel (.xlsx).');
  }
  const parts = entries.filter((e) => isXlsxPart(e.name));
  if (parts.some((e) => e.compression !== 0 && e.compression !== 8)) throw unreadable('Tệp Excel dùng kiểu nén không đọc được.');
  const total = parts.reduce((sum, e) => sum + e.size, 0);
  if (total > MAX_XLSX_XML_BYTES || parts.some((e) => e.size > MAX_XLSX_PART_BYTES)) {
    throw new AppError('import_rejected', 'Bảng tính quá lớn cho một lần nhập. Hãy chia tệp thành nhiều phần rồi nhập từng phần.');
  }
  // One part at a time, so no more than one inflated part is held in memory.
  for (const part of parts) {
    try {
      readZipEntries(bytes, (name) => name === part.name, { maxEach: MAX_XLSX_PART_BYTES, maxTotal: MAX_XLSX_PART_BYTES });
    } catch (e) {
      throw unreadable('Tệp Excel bị hỏng, không đọc được.', e);
    }
  }
}

function pickSheet(book: BookReaderLike, wanted: string | undefined): { names: string[]; target: string } {
  const sheets = book.model?.sheets ?? [];
  const names = sheets.map((s) => s.name);
  if (wanted !== undefined) {
    const target = names.find((n) => n === wanted) ?? names.find((n) => cleanText(n) === cleanText(wanted));
    if (target === undefined) {
      throw unreadable(`Không có trang tính "${wanted}" trong tệp. Các trang tính: ${names.map((n) => `"${n}"`).join(', ')}.`);
    }
    return { names, target };
  }
  // A hidden first sheet (lookup lists, macros' scratch) is not what the clerk sees on opening the file.
  const visible = sheets.find((s) => !s.state || s.state === 'visible');
  return { names, target: (visible ?? sheets[0])?.name ?? '' };
}

async function readXlsx(bytes: Uint8Array, wanted: string | undefined): Promise<RawTable> {
  checkXlsxParts(bytes);
  // exceljs's streaming reader needs the workbook, its relations, the shared strings and the styles before the
  // sheets: otherwise a sheet can come without its name (and exceljs fails on it), or dates read as plain numbers.
  // Writers differ (exceljs's own order varies from run to run), so the parts are put in that order first.
  const ordered = reorderZip(bytes, (name) => (/^xl\/worksheets\/sheet\d+\.xml$/.test(name) ? 1 : 0));
  const input = Readable.from([Buffer.from(ordered.buffer, ordered.byteOffset, ordered.byteLength)]);
  // Streaming: about twice as fast as workbook.xlsx.load() on a 50,000-row register and far lighter on memory.
  // Styles are needed to tell date cells from numbers; hyperlinks are ignored so a link cell yields its text.
  // Loaded here, not with the module: a CSV import never pays for exceljs's start-up.
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  }) as unknown as BookReaderLike;
  let picked: { names: string[]; target: string } | null = null;
  let rows: RawRow[] | null = null;
  try {
    for await (const sheet of book) {
      picked ??= pickSheet(book, wanted);
      // Other sheets are read through and dropped: leaving one unread would leave exceljs's temporary copy behind.
      if (sheet.name === picked.target && !rows) rows = await readSheetRows(sheet);
      else for await (const _row of sheet) void _row;
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw unreadable('Tệp Excel bị hỏng hoặc không đúng định dạng .xlsx, không đọc được.', e);
  } finally {
    input.destroy();
  }
  if (!picked) throw unreadable('Tệp Excel không có trang tính nào.');
  if (!rows) throw unreadable(`Trang tính "${picked.target}" không có dữ liệu dạng bảng.`);
  return { sheets: picked.names, sheetName: picked.target, rows, encoding: { detected: 'unicode', used: 'unicode', bytes: null } };
}

async function readSheetRows(sheet: SheetReaderLike): Promise<RawRow[]> {
  const out: RawRow[] = [];
  // exceljs hands out the very same string for every use of a shared string (an issuer, "Chủ tịch UBND xã" …), so
  // remembering each one's clean form saves most of the cleaning.
  const cleaned = new Map<string, string>();
  const clean = (s: string) => {
    let c = cleaned.get(s);
    if (c === undefined) {
      c = cleanText(s);
      cleaned.set(s, c);
    }
    return c;
  };
  for await (const row of sheet) {
    const cells: string[] = [];
    let fonts: Array<CellFont | undefined> | undefined;
    let total = 0;
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      const text = valueText(cell.value, false, cell.numFmt, clean);
      if (!text) return;
      if (col > MAX_COLUMNS) throw tooManyColumns(col);
      if (text.length > MAX_CELL_CHARS) throw cellTooLarge(row.number, col, text.length);
      total += text.length;
      cells[col - 1] = text;
      const font = legacyFont(cell.font?.name);
      if (font) (fonts ??= [])[col - 1] = font;
    });
    if (cells.length === 0) continue;
    if (total > MAX_ROW_CHARS) {
      throw new AppError('import_rejected', `Dòng ${row.number} dài hơn ${MAX_ROW_CHARS / 1024} KB, không phải dòng của sổ. Hãy sửa dòng đó rồi nhập lại.`, {
        details: { row: row.number },
      });
    }
    for (let i = 0; i < cells.length; i++) cells[i] ??= '';
    out.push(fonts ? { row: row.number, cells, fonts } : { row: row.number, cells });
    if (out.length > MAX_ROWS + HEADER_SCAN) throw tooManyRows();
  }
  return out;
}

/**
 * The text a clerk sees in a cell. Date cells come from exceljs as UTC-midnight Dates; formula results are plain
 * numbers even under a date format, hence `serialIsDate`.
 */
function valueText(v: unknown, serialIsDate: boolean, numFmt: string | undefined, clean: (s: string) => string): string {
  if (v == null) return '';
  if (typeof v === 'string') return clean(v);
  if (typeof v === 'number') {
    if (serialIsDate && v >= 1) return excelSerialToIso(v);
    return plainNumber(v);
  }
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return '';
    // A time-only cell (serial below 1) lands on 1899-12-30/31: show the time, not a date nobody wrote.
    return v.getUTCFullYear() < 1900 ? isoTimeUtc(v) : isoDateUtc(v);
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return cleanText(o.richText.map((r: { text?: unknown }) => (typeof r?.text === 'string' ? r.text : '')).join(''));
    if ('formula' in o || 'sharedFormula' in o) return valueText(o.result, isDateFormat(numFmt), undefined, clean);
    if ('text' in o) return valueText(o.text, false, undefined, clean);
    if ('error' in o) return typeof o.error === 'string' ? o.error : '';
  }
  return '';
}

// ---- CSV -------------------------------------------------------------------------------------------------------

const DELIMITERS = [',', ';', '\t'] as const;

/**
 * The delimiter whose count per record is the most consistent over the first records (quoted text skipped):
 * a ";" file full of commas in its subjects still shows nine ";" on every line. `count` is that usual count.
 */
function delimiterStats(text: string, candidates: readonly string[] = DELIMITERS): { delimiter: string; count: number } {
  const perRecord: Array<Map<string, number>> = [];
  let current = new Map<string, number>();
  let inQuotes = false;
  const end = Math.min(text.length, 256 * 1024);
  for (let i = 0; i < end && perRecord.length < 60; i++) {
    const ch = text[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (inQuotes) continue;
    else if (ch === '\n') {
      perRecord.push(current);
      current = new Map();
    } else if (candidates.includes(ch)) current.set(ch, (current.get(ch) ?? 0) + 1);
  }
  perRecord.push(current);
  let best = { delimiter: candidates[0], freq: 0, count: 0 };
  for (const d of candidates) {
    const hist = new Map<number, number>();
    for (const r of perRecord) {
      const n = r.get(d) ?? 0;
      if (n > 0) hist.set(n, (hist.get(n) ?? 0) + 1);
    }
    for (const [count, freq] of hist) {
      if (freq > best.freq || (freq === best.freq && count > best.count)) best = { delimiter: d, freq, count };
    }
  }
  return { delimiter: best.delimiter, count: best.count };
}

export function detectDelimiter(text: string): string {
  return delimiterStats(text).delimiter;
}

type ByteEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1258' | 'windows-1252';

/** A decoder fed chunk by chunk, so a large file is never one string. */
function chunkDecoder(enc: ByteEncoding): (chunk: Uint8Array, last: boolean) => string {
  if (enc === 'windows-1252') return (chunk) => cp1252Text(chunk);
  const d = new TextDecoder(enc, { fatal: enc !== 'windows-1258', ignoreBOM: true });
  return (chunk, last) => d.decode(chunk, { stream: !last });
}

function byteEncodingOf(bytes: Uint8Array): { enc: ByteEncoding; bom: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { enc: 'utf-8', bom: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe && !(bytes[2] === 0 && bytes[3] === 0)) return { enc: 'utf-16le', bom: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { enc: 'utf-16be', bom: 2 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return null; // UTF-32 LE: not a text encoding we accept
  // Without a BOM: UTF-8 when every byte sequence is valid UTF-8 (checked without building a string), else the
  // Vietnamese Windows code page — or, for TCVN3/VNI text, CP1252 (decided below from a sample).
  return { enc: isUtf8(bytes) ? 'utf-8' : 'windows-1258', bom: 0 };
}

const SAMPLE_BYTES = 256 * 1024;
const CHUNK_BYTES = 1024 * 1024;

/** The byte encoding, the legacy font encoding detected and the one used (the clerk's choice, else detected). */
function chooseCsvEncoding(bytes: Uint8Array, choice: TextEncodingChoice): { enc: ByteEncoding; bom: number; detected: FontEncoding; used: FontEncoding } {
  const be = byteEncodingOf(bytes);
  if (!be) throw unreadable('Tệp CSV có mã ký tự không hợp lệ, không đọc được.');
  const sampleBytes = bytes.subarray(be.bom, be.bom + SAMPLE_BYTES);
  let detected: FontEncoding;
  if (be.enc === 'windows-1258') {
    const as1258 = new TextDecoder('windows-1258').decode(sampleBytes).normalize('NFC');
    const as1252 = cp1252Text(sampleBytes);
    const legacy = detectLegacyEncoding(as1252);
    detected = legacy !== 'unicode' && plausibility(convertLegacy(as1252, legacy)) > plausibility(as1258) ? legacy : 'unicode';
  } else {
    let sample: string;
    try {
      sample = chunkDecoder(be.enc)(sampleBytes, false);
    } catch (e) {
      throw unreadable('Tệp CSV có mã ký tự không hợp lệ, không đọc được.', e);
    }
    detected = detectLegacyEncoding(sample);
  }
  const used = choice === 'auto' ? detected : choice;
  // TCVN3/VNI bytes are read as the CP1252 characters their fonts drew, the same as an XLSX cell holds them.
  const enc = be.enc === 'windows-1258' && used !== 'unicode' ? 'windows-1252' : be.enc;
  return { enc, bom: be.bom, detected, used };
}

function csvRowTooLarge(row: number | null): AppError {
  return new AppError(
    'import_rejected',
    `${row ? `Dòng ${row}` : 'Một dòng'} của tệp CSV dài hơn ${MAX_ROW_CHARS / 1024} KB: không phải dòng của sổ (có thể thiếu dấu ngoặc kép đóng, ` +
      'hoặc ô chứa cả một văn bản). Hãy sửa dòng đó rồi nhập lại.',
    { details: { row } },
  );
}

/**
 * The first record whose bytes alone prove it longer than MAX_ROW_CHARS (no character takes more than 3 bytes of
 * UTF-8 per UTF-16 unit), found with a quote-aware byte scan before anything is decoded: a 45 MB field is refused in
 * milliseconds. Quotes count only where CSV gives them meaning (opening a field, closing it), so a stray quote inside
 * a field cannot make the scan see one huge record. Returns the row (record) number, or null.
 */
export function oversizedRecord(body: Uint8Array, delimiter: number): number | null {
  const limit = MAX_ROW_CHARS * 3;
  if (body.length <= limit) return null;
  let record = 1;
  let start = 0;
  let i = 0;
  const n = body.length;
  while (i < n) {
    const b = body[i];
    if (b === 0x22 && (i === start || body[i - 1] === delimiter || body[i - 1] === 0x0a)) {
      // A quoted field: find its closing quote (a doubled quote is an escaped one).
      let j = i + 1;
      for (;;) {
        const q = body.indexOf(0x22, j);
        if (q < 0) {
          j = n;
          break;
        }
        if (body[q + 1] === 0x22) {
          j = q + 2;
          continue;
        }
        j = q + 1;
        break;
      }
      if (j - start > limit) return record;
      i = j;
      continue;
    }
    if (b === 0x0a) {
      record++;
      start = i + 1;
    } else if (i - start > limit) return record;
    i++;
  }
  return n - start > limit ? record : null;
}

async function readCsv(bytes: Uint8Array, choice: TextEncodingChoice): Promise<RawTable> {
  const { enc, bom, detected, used } = chooseCsvEncoding(bytes, choice);
  const decode = chunkDecoder(enc);
  const body = bytes.subarray(bom);
  let head: string;
  try {
    head = decode(body.subarray(0, Math.min(body.length, SAMPLE_BYTES)), body.length <= SAMPLE_BYTES);
  } catch (e) {
    throw unreadable('Tệp CSV có mã ký tự không hợp lệ, không đọc được.', e);
  }
  // Control characters other than tab and line breaks mean a binary file, not a table (TCVN3 keeps some
  // upper-case letters there).
  // eslint-disable-next-line no-control-regex -- control characters mean a binary file
  const controls = used === 'tcvn3' ? /[\u0000\u0003\u0007\u0008\u000e-\u0010\u0018-\u001a\u001c-\u001f]/ : /[\u0000-\u0008\u000e-\u001a\u001c-\u001f]/;
  if (controls.test(head.slice(0, 64 * 1024))) {
    throw unreadable('Tệp không phải bảng tính Excel (.xlsx) hay CSV, không đọc được.');
  }
  // Excel's "sep=;" first line names the delimiter and is not shown as a row.
  const sep = /^sep=(.)\r?\n/.exec(head);
  if (sep) head = head.slice(sep[0].length);
  const { delimiter, count } = delimiterStats(head, sep ? [sep[1]] : DELIMITERS);
  if (!enc.startsWith('utf-16') && delimiter.charCodeAt(0) < 0x80) {
    const big = oversizedRecord(body, delimiter.charCodeAt(0));
    // The "sep=" line is a record of the file but not a row of the sheet.
    if (big !== null) throw csvRowTooLarge(sep ? big - 1 : big);
  }
  // csv-parse builds an error object (with a stack) for every record whose length differs from the first one's,
  // even when told to accept them: behind a one-cell title row that is every record, and 50,000 rows take seconds.
  // A primer record of the usual width, dropped afterwards, sets the expected length instead. The line endings are
  // given, not guessed from the first line: a primer ending in LF before an Excel CRLF file made csv-parse take LF
  // as the record end, leaving a CR after every last field and its quotes in the text.
  const primer = count > 0 ? `${delimiter.repeat(count)}\n` : '';
  const parser = parseCsvStream({
    delimiter,
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    // A row longer than this is stopped while it is read: one 45 MB field must not be gathered whole.
    max_record_size: MAX_ROW_CHARS,
  });
  const rows: RawRow[] = [];
  let index = primer ? -1 : 0; // records seen, the primer not counted
  let failure: unknown = null;
  const convert = used === 'unicode' ? null : (c: string) => convertLegacy(c, used);
  parser.on('data', (record: string[]) => {
    index++;
    if (index === 0 || failure) return;
    try {
      rows.push(...csvRow(record, index, convert));
      if (rows.length > MAX_ROWS + HEADER_SCAN) throw tooManyRows();
    } catch (e) {
      failure = e;
      parser.destroy();
    }
  });
  const finished = new Promise<void>((resolve) => {
    parser.on('end', resolve);
    parser.on('close', resolve);
    parser.on('error', (e) => {
      failure ??= e;
      resolve();
    });
  });
  parser.write(primer + head);
  let offset = Math.min(body.length, SAMPLE_BYTES);
  while (offset < body.length && !failure) {
    // Yield between chunks so other requests are answered while a large file is read.
    await new Promise((r) => setImmediate(r));
    const next = Math.min(body.length, offset + CHUNK_BYTES);
    let text: string;
    try {
      text = decode(body.subarray(offset, next), next === body.length);
    } catch (e) {
      failure = unreadable('Tệp CSV có mã ký tự không hợp lệ, không đọc được.', e);
      break;
    }
    offset = next;
    // A stopped parser (an over-long row) never drains: wait for whichever comes first.
    if (!parser.write(text) && !failure) await Promise.race([new Promise((r) => parser.once('drain', r)), finished]);
  }
  if (!failure) parser.end();
  else parser.destroy();
  await finished;
  if (failure) {
    if (failure instanceof AppError) throw failure;
    const err = failure as { code?: string; lines?: number; records?: number };
    const line = err.lines && primer ? err.lines - 1 : err.lines;
    if (err.code === 'CSV_MAX_RECORD_SIZE') throw csvRowTooLarge(err.records != null ? err.records + (primer ? 0 : 1) : (line ?? null));
    throw unreadable(`Tệp CSV bị lỗi${line ? ` ở dòng ${line}` : ''} (thường là dấu ngoặc kép chưa đóng), không đọc được.`, failure);
  }
  return { sheets: [], sheetName: null, rows, encoding: { detected, used, bytes: enc } };
}

/** One parsed record as a row: cells converted, cleaned and checked against the size limits; none when empty. */
function csvRow(record: string[], row: number, convert: ((c: string) => string) | null): RawRow[] {
  let total = 0;
  for (let c = 0; c < record.length; c++) {
    const len = record[c].length;
    if (len > MAX_CELL_CHARS) throw cellTooLarge(row, c + 1, len);
    total += len;
  }
  if (total > MAX_ROW_CHARS) throw csvRowTooLarge(row);
  const cells = convert ? record.map((c) => cleanText(convert(c))) : record.map(cleanText);
  let w = cells.length;
  while (w > 0 && cells[w - 1] === '') w--;
  if (w === 0) return [];
  if (w > MAX_COLUMNS) throw tooManyColumns(w);
  cells.length = w;
  return [{ row, cells }];
}

// ---- header ----------------------------------------------------------------------------------------------------

function headerScore(cells: string[], vocabularies: HeaderField[][]): number {
  let best = 0;
  for (const fields of vocabularies) best = Math.max(best, matchColumns(cells, fields).size);
  return best;
}

/** "(1) (2) … (10)" or "1 2 … 10" under a printed register's header: column numbers, not data. */
export function isNumberingRow(cells: string[], parenthesisedOnly = false): boolean {
  const nums: number[] = [];
  for (const c of cells) {
    if (!c) continue;
    const m = /^(\()?\s*(\d{1,3})\s*(\))?$/.exec(c);
    if (!m || (parenthesisedOnly && !m[1])) return false;
    nums.push(Number(m[2]));
  }
  if (nums.length < 3) return false;
  // Increasing rather than consecutive: a merged cell can swallow one of the numbers.
  for (let i = 1; i < nums.length; i++) if (nums[i] <= nums[i - 1]) return false;
  return true;
}

/** A row that can only be a header: every filled cell has letters and none is a date or a number. */
function isLabelRow(cells: string[]): boolean {
  let filled = 0;
  for (const c of cells) {
    if (!c) continue;
    filled++;
    if (!/\p{L}/u.test(c) || parseVnDate(c).ok) return false;
  }
  return filled > 0;
}

function combineHeader(upper: string[], lower: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < Math.max(upper.length, lower.length); i++) {
    const u = upper[i] ?? '';
    const l = lower[i] ?? '';
    out.push(u && l && u !== l ? `${u} - ${l}` : u || l);
  }
  return out;
}

interface HeaderChoice {
  /** Indexes in the non-empty rows: header rows first..last (none when last < first), then data from dataFrom. */
  first: number;
  last: number;
  dataFrom: number;
  header: string[];
}

function chooseHeader(rows: RawRow[], vocabularies: HeaderField[][]): HeaderChoice {
  const scan = Math.min(rows.length, HEADER_SCAN);
  let best = -1;
  let bestScore = 0;
  for (let i = 0; i < scan; i++) {
    const s = headerScore(rows[i].cells, vocabularies);
    if (s > bestScore) {
      best = i;
      bestScore = s;
    }
  }
  if (bestScore < 2) {
    // Nothing recognisable: the first row is the header only if it cannot be data, so no row is silently lost.
    if (isLabelRow(rows[0].cells)) return { first: 0, last: 0, dataFrom: 1, header: rows[0].cells };
    return { first: 0, last: -1, dataFrom: 0, header: [] };
  }
  let first = best;
  let last = best;
  let header = rows[best].cells;
  // A two-row header (a merged group such as "Văn bản" over "Số, ký hiệu | Ngày tháng | …"): take the neighbour
  // row into the header when it only holds labels and names more fields together with the chosen row.
  const below = rows[best + 1];
  const above = rows[best - 1];
  if (below && below.row === rows[best].row + 1 && isLabelRow(below.cells) && !isNumberingRow(below.cells)) {
    const combined = combineHeader(header, below.cells);
    if (headerScore(combined, vocabularies) > bestScore) {
      header = combined;
      last = best + 1;
    }
  }
  if (last === best && above && above.row === rows[best].row - 1 && isLabelRow(above.cells)) {
    const combined = combineHeader(above.cells, header);
    if (headerScore(combined, vocabularies) > bestScore) {
      header = combined;
      first = best - 1;
    }
  }
  let dataFrom = last + 1;
  if (rows[dataFrom] && isNumberingRow(rows[dataFrom].cells)) dataFrom++;
  return { first, last, dataFrom, header };
}

function shapeTable(raw: RawTable, vocabularies: HeaderField[][]): TableFile {
  if (raw.rows.length === 0) {
    throw unreadable(raw.sheetName === null ? 'Tệp không có dữ liệu.' : `Trang tính "${raw.sheetName}" không có dữ liệu.`);
  }
  const choice = chooseHeader(raw.rows, vocabularies);
  // Registers printed page by page repeat the header rows and the (1)…(10) row; none of them is a document.
  const rowKey = (cells: string[]) => cells.join('\u0001');
  const repeatedRows = raw.rows.slice(choice.first, choice.dataFrom);
  const repeated = new Set(repeatedRows.map((r) => rowKey(r.cells)));
  const repeatedFirst = new Set(repeatedRows.map((r) => r.cells[0]));
  const data: RawRow[] = [];
  let width = choice.header.length;
  for (let i = choice.dataFrom; i < raw.rows.length; i++) {
    const r = raw.rows[i];
    // The first cell rules out nearly every row before the whole row is compared.
    if (repeatedFirst.has(r.cells[0]) && repeated.has(rowKey(r.cells))) continue;
    if (isNumberingRow(r.cells, true)) continue;
    data.push(r);
    if (r.cells.length > width) width = r.cells.length;
  }
  if (width > MAX_COLUMNS) throw tooManyColumns(width);
  if (data.length > MAX_ROWS) throw tooManyRows();
  const header: string[] = [];
  for (let i = 0; i < width; i++) header.push(choice.header[i] || `Cột ${columnLetter(i + 1)}`);
  for (const r of data) while (r.cells.length < width) r.cells.push('');
  const headerRow = choice.last >= choice.first ? raw.rows[choice.first].row : 0;
  return { sheets: raw.sheets, sheetName: raw.sheetName, headerRow, header, rows: data, encoding: raw.encoding };
}
