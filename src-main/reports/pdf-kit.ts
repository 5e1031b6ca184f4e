// Layout helpers for printable reports over pdf-lib: bundled Times-metric fonts, Vietnamese text measuring and
// wrapping, A4 page frames (NĐ 30/2020 margins), tables with repeated headers, page numbers and the print mark.
// Pure rendering: no database, no process.cwd(), no local-time Date methods (Vietnam time is UTC+7, computed).

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, type PDFPage } from 'pdf-lib';
import { formatVnDate, formatVnDateTime, isValidDate } from '../../src-shared/calendar/vn-time';
import { sanitizeText } from '../../src-shared/text-clean';
import { packageRoot } from '../env';

// ---------------------------------------------------------------------------------------------------------------
// Page geometry

/** PDF points per millimetre. */
export const MM = 72 / 25.4;

const A4_SHORT = 595.28;
const A4_LONG = 841.89;

export type Orientation = 'portrait' | 'landscape';

export interface PageFrame {
  width: number;
  height: number;
  /** Text area, in PDF user space (origin bottom-left). */
  left: number;
  right: number;
  top: number;
  bottom: number;
  contentWidth: number;
}

// Standards §3.8: top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm. The low ends leave the most room for
// tables; the wide left margin is the binding edge in both orientations (register books are bound on the left).
const MARGIN_MM = { top: 20, bottom: 20, left: 30, right: 15 };

export function pageFrame(orientation: Orientation): PageFrame {
  const width = orientation === 'landscape' ? A4_LONG : A4_SHORT;
  const height = orientation === 'landscape' ? A4_SHORT : A4_LONG;
  const left = MARGIN_MM.left * MM;
  const right = width - MARGIN_MM.right * MM;
  return {
    width,
    height,
    left,
    right,
    top: height - MARGIN_MM.top * MM,
    bottom: MARGIN_MM.bottom * MM,
    contentWidth: right - left,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Fonts

export type FontStyle = 'regular' | 'bold' | 'italic' | 'boldItalic';
export type FontSet = Record<FontStyle, PDFFont>;

const FONT_FILES: Record<FontStyle, string> = {
  regular: 'LiberationSerif-Regular.ttf',
  bold: 'LiberationSerif-Bold.ttf',
  italic: 'LiberationSerif-Italic.ttf',
  boldItalic: 'LiberationSerif-BoldItalic.ttf',
};

// Font files are read once per path: a report run should not hit the disk four times per export.
const fontBytesCache = new Map<string, Promise<Uint8Array>>();

function readFontFile(resourcesDir: string, style: FontStyle): Promise<Uint8Array> {
  const path = join(resourcesDir, 'fonts', FONT_FILES[style]);
  let bytes = fontBytesCache.get(path);
  if (!bytes) {
    bytes = readFile(path).then((b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
    // A failed read (wrong resourcesDir) must not be remembered, or every later export fails the same way.
    bytes.catch(() => fontBytesCache.delete(path));
    fontBytesCache.set(path, bytes);
  }
  return bytes;
}

// Missing styles fall back so callers can always ask for any style; only requested ones are embedded, because
// pdf-lib writes every embedded font into the file even when no glyph of it is used.
const FALLBACK: Record<FontStyle, FontStyle[]> = {
  regular: ['regular'],
  bold: ['bold', 'regular'],
  italic: ['italic', 'regular'],
  boldItalic: ['boldItalic', 'bold', 'italic', 'regular'],
};

export async function embedFonts(doc: PDFDocument, resourcesDir: string, styles: readonly FontStyle[] = ['regular', 'bold', 'italic']): Promise<FontSet> {
  doc.registerFontkit(fontkit);
  const wanted = new Set<FontStyle>(['regular', ...styles]);
  const embedded = new Map<FontStyle, PDFFont>();
  for (const style of wanted) {
    const bytes = await readFontFile(resourcesDir, style);
    // subset: true keeps a 300-page register near a few hundred KB instead of ~850 KB per font.
    embedded.set(style, await doc.embedFont(bytes, { subset: true }));
  }
  const pick = (style: FontStyle): PDFFont => {
    for (const s of FALLBACK[style]) {
      const f = embedded.get(s);
      if (f) return f;
    }
    throw new Error('regular font missing');
  };
  return { regular: pick('regular'), bold: pick('bold'), italic: pick('italic'), boldItalic: pick('boldItalic') };
}

// ---------------------------------------------------------------------------------------------------------------
// Text preparation and measuring

const charSets = new WeakMap<PDFFont, Set<number>>();

function charSet(font: PDFFont): Set<number> {
  let set = charSets.get(font);
  if (!set) {
    set = new Set(font.getCharacterSet());
    charSets.set(font, set);
  }
  return set;
}

/**
 * sanitizeText (NFC, CR/LF to '\n', controls, bidi overrides and noncharacters dropped, lone surrogates to U+FFFD),
 * tabs to spaces, and code points the font lacks replaced by
 * '?': fontkit would otherwise draw an empty .notdef box silently and the text layer would lie.
 */
export function prepareText(font: PDFFont, text: string): string {
  const set = charSet(font);
  let out = '';
  for (const ch of sanitizeText(text).replace(/\t/g, ' ')) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '\n') out += ch;
    else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) continue;
    else if (set.has(cp)) out += ch;
    else if (/\p{M}/u.test(ch))
      continue; // a stray combining mark the font cannot place
    else out += '?';
  }
  return out;
}

const widthCaches = new WeakMap<PDFFont, Map<string, number>>();

/**
 * Width of `text` in points. pdf-lib draws glyph advances without kerning, so per-character advances summed are
 * exactly what ends up on the page; caching them avoids one fontkit layout per measured word.
 */
export function textWidth(font: PDFFont, text: string, size: number): number {
  let cache = widthCaches.get(font);
  if (!cache) {
    cache = new Map();
    widthCaches.set(font, cache);
  }
  let units = 0;
  for (const ch of text) {
    let w = cache.get(ch);
    if (w === undefined) {
      w = font.widthOfTextAtSize(ch, 1000);
      cache.set(ch, w);
    }
    units += w;
  }
  return (units * size) / 1000;
}

/** Splits a word wider than `maxWidth`: after the last '/', '-', '.', ',' that fits, else between characters. */
function breakLongWord(font: PDFFont, word: string, size: number, maxWidth: number): string[] {
  const parts: string[] = [];
  let rest = word;
  while (rest && textWidth(font, rest, size) > maxWidth) {
    const chars = Array.from(rest);
    let fit = 0;
    let width = 0;
    for (const ch of chars) {
      const w = textWidth(font, ch, size);
      if (width + w > maxWidth && fit > 0) break;
      width += w;
      fit += 1;
    }
    // Never split a base letter from a following combining mark.
    while (fit < chars.length && fit > 1 && /\p{M}/u.test(chars[fit])) fit -= 1;
    let cut = fit;
    for (let i = fit; i > Math.floor(fit / 2); i -= 1) {
      if ('/-.,;:'.includes(chars[i - 1])) {
        cut = i;
        break;
      }
    }
    parts.push(chars.slice(0, cut).join(''));
    rest = chars.slice(cut).join('');
  }
  if (rest) parts.push(rest);
  return parts;
}

/** Greedy word wrap on spaces, '\n' as a hard break; words that alone exceed the width are broken. */
export function wrapText(font: PDFFont, text: string, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  const spaceWidth = textWidth(font, ' ', size);
  for (const paragraph of text.split('\n')) {
    const words = paragraph.split(' ').filter((w) => w !== '');
    let line = '';
    let lineWidth = 0;
    for (const word of words) {
      const w = textWidth(font, word, size);
      if (line && lineWidth + spaceWidth + w <= maxWidth) {
        line += ' ' + word;
        lineWidth += spaceWidth + w;
        continue;
      }
      if (line) lines.push(line);
      if (w <= maxWidth) {
        line = word;
        lineWidth = w;
        continue;
      }
      const pieces = breakLongWord(font, word, size, maxWidth);
      lines.push(...pieces.slice(0, -1));
      line = pieces[pieces.length - 1];
      lineWidth = textWidth(font, line, size);
    }
    lines.push(line);
  }
  // A trailing empty paragraph adds nothing visible; keep interior blank lines the author typed.
  while (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

// ---------------------------------------------------------------------------------------------------------------
// Dates (Vietnam time, UTC+7, no DST)

/** "YYYY-MM-DD" -> "dd/mm/yyyy"; anything else is returned unchanged rather than guessed at. */
/** YYYY-MM-DD -> dd/mm/yyyy; anything else (already formatted, free text) is printed as given. */
export function formatDate(isoDate: string | null | undefined): string {
  if (!isoDate) return '';
  return isValidDate(isoDate) ? formatVnDate(isoDate) : isoDate;
}

/** The mark every system printout carries: "In từ VănThư lúc HH:MM dd/mm/yyyy — <người in>". */
export function printMark(printedAt: number, printedBy: string): string {
  const who = printedBy.normalize('NFC').trim();
  return `In từ VănThư lúc ${formatVnDateTime(printedAt)}${who ? ` — ${who}` : ''}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Ink: page content written as compact operator text and stored as one compressed stream per page at save time.
// pdf-lib's drawText runs a fontkit shaping pass and emits eight operators per call; for a 5,000-row register that
// was most of the run time. Glyph codes are looked up once per character (encodeText also adds the glyph to the
// subset and the ToUnicode map, so text extraction and subsetting behave exactly as with drawText).

interface Ink {
  parts: string[];
  fontKeys: Map<PDFFont, string>;
}

const inks = new WeakMap<PDFPage, Ink>();
const glyphCaches = new WeakMap<PDFFont, Map<string, string>>();

function inkOf(page: PDFPage): Ink {
  let ink = inks.get(page);
  if (!ink) {
    ink = { parts: [], fontKeys: new Map() };
    inks.set(page, ink);
  }
  return ink;
}

/** PDF number syntax: at most two decimals, never an exponent. */
const n = (v: number): string => String(Math.round(v * 100) / 100 + 0);

function glyphHex(font: PDFFont, text: string): string {
  let cache = glyphCaches.get(font);
  if (!cache) {
    cache = new Map();
    glyphCaches.set(font, cache);
  }
  let hex = '';
  for (const ch of text) {
    let code = cache.get(ch);
    if (code === undefined) {
      code = font.encodeText(ch).asString();
      cache.set(ch, code);
    }
    hex += code;
  }
  return hex;
}

/** Draws one line of prepared text (see prepareText) with its baseline at y. */
export function drawString(page: PDFPage, font: PDFFont, size: number, x: number, y: number, text: string): void {
  if (!text) return;
  const ink = inkOf(page);
  let key = ink.fontKeys.get(font);
  if (!key) {
    key = page.node.newFontDictionary(font.name, font.ref).asString();
    ink.fontKeys.set(font, key);
  }
  ink.parts.push(`BT ${key} ${n(size)} Tf ${n(x)} ${n(y)} Td <${glyphHex(font, text)}> Tj ET\n`);
}

export function drawLine(page: PDFPage, x1: number, y1: number, x2: number, y2: number, width = 0.5): void {
  inkOf(page).parts.push(`${n(width)} w ${n(x1)} ${n(y1)} m ${n(x2)} ${n(y2)} l S\n`);
}

export function drawRule(page: PDFPage, x1: number, x2: number, y: number, width = 0.5): void {
  drawLine(page, x1, y, x2, y, width);
}

export function strokeRect(page: PDFPage, x: number, y: number, w: number, h: number, width = 0.5): void {
  inkOf(page).parts.push(`${n(width)} w ${n(x)} ${n(y)} ${n(w)} ${n(h)} re S\n`);
}

/** Fills with a grey level (0 black … 1 white) and restores black for the text that follows. */
export function fillRect(page: PDFPage, x: number, y: number, w: number, h: number, gray: number): void {
  inkOf(page).parts.push(`q ${n(gray)} g ${n(x)} ${n(y)} ${n(w)} ${n(h)} re f Q\n`);
}

function flushInk(report: Report): void {
  const { context } = report.doc;
  for (const page of report.doc.getPages()) {
    const ink = inks.get(page);
    if (!ink || ink.parts.length === 0) continue;
    // Black fill and stroke stated once: the stream must not depend on whatever came before it.
    // Node's zlib instead of pdf-lib's pure-JS deflate: several times faster on a few hundred pages.
    const content = Buffer.from(`q 0 g 0 G\n${ink.parts.join('')}Q\n`, 'latin1');
    const stream = context.stream(new Uint8Array(deflateSync(content)), { Filter: 'FlateDecode' });
    page.node.addContentStream(context.register(stream));
    inks.delete(page);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Documents and text blocks

export interface Report {
  doc: PDFDocument;
  fonts: FontSet;
  frame: PageFrame;
}

export interface ReportOptions {
  resourcesDir: string;
  orientation: Orientation;
  title: string;
  printedAt: number;
  styles?: readonly FontStyle[];
}

export async function createReport(opts: ReportOptions): Promise<Report> {
  // Dates come from printedAt so the same input gives the same bytes (blobs are content-addressed).
  const doc = await PDFDocument.create({ updateMetadata: false });
  const when = new Date(opts.printedAt);
  doc.setTitle(sanitizeText(opts.title));
  doc.setCreator('VănThư');
  doc.setProducer('VănThư (pdf-lib)');
  doc.setLanguage('vi-VN');
  doc.setCreationDate(when);
  doc.setModificationDate(when);
  const fonts = await embedFonts(doc, opts.resourcesDir, opts.styles);
  return { doc, fonts, frame: pageFrame(opts.orientation) };
}

export function addPage(report: Report): PDFPage {
  return report.doc.addPage([report.frame.width, report.frame.height]);
}

export type Align = 'left' | 'center' | 'right';

function alignedX(x: number, width: number, lineWidth: number, align: Align): number {
  if (align === 'center') return x + (width - lineWidth) / 2;
  if (align === 'right') return x + width - lineWidth;
  return x;
}

/** Baseline of line `i` in a box whose top is `top`: the line box is centred in the line height. */
function baselineAt(font: PDFFont, size: number, lineHeight: number, top: number, i: number): number {
  const m = fontMetrics(font);
  const halfLeading = (lineHeight - m.height * size) / 2;
  return top - i * lineHeight - halfLeading - m.ascent * size;
}

const metricsCache = new WeakMap<PDFFont, { ascent: number; height: number }>();

/** Ascent and ascent+descent per point of size. */
function fontMetrics(font: PDFFont): { ascent: number; height: number } {
  let m = metricsCache.get(font);
  if (!m) {
    m = { ascent: font.heightAtSize(1000, { descender: false }) / 1000, height: font.heightAtSize(1000) / 1000 };
    metricsCache.set(font, m);
  }
  return m;
}

interface LineBox {
  x: number;
  width: number;
  top: number;
  lineHeight: number;
  align: Align;
}

function drawLines(page: PDFPage, font: PDFFont, size: number, lines: string[], box: LineBox): void {
  lines.forEach((line, i) => {
    if (!line) return;
    const x = alignedX(box.x, box.width, textWidth(font, line, size), box.align);
    drawString(page, font, size, x, baselineAt(font, size, box.lineHeight, box.top, i), line);
  });
}

export interface TextBlock {
  font: PDFFont;
  size: number;
  x: number;
  width: number;
  align?: Align;
  lineHeight?: number;
}

/** Draws wrapped text whose first line's top is at `top`; returns the y below the last line. */
export function drawTextBlock(page: PDFPage, text: string, top: number, block: TextBlock): number {
  const { font, size } = block;
  const lineHeight = block.lineHeight ?? size * 1.2;
  const lines = wrapText(font, prepareText(font, text), size, block.width);
  drawLines(page, font, size, lines, { x: block.x, width: block.width, top, lineHeight, align: block.align ?? 'left' });
  return top - lines.length * lineHeight;
}

// ---------------------------------------------------------------------------------------------------------------
// Tables

export interface TableColumn {
  /** Points. */
  width: number;
  align?: Align;
}

export interface TableCell {
  text: string;
  style?: FontStyle;
  align?: Align;
}

export interface TableSpec {
  columns: TableColumn[];
  /** Header rows (e.g. labels, then "(1) (2) …"), repeated at the top of every page the table reaches. */
  header: TableCell[][];
  rows: Iterable<TableCell[]>;
  fontSize?: number;
  headerFontSize?: number;
  /** Blank room for handwritten columns (Ký nhận): every body row is at least this tall. */
  minRowHeight?: number;
  /** Grey level behind the header rows (e.g. 0.9); none when omitted. */
  headerGray?: number;
  /** Shown across all columns when there are no rows. */
  emptyMessage?: string;
}

export interface TablePosition {
  page: PDFPage;
  /** Where the table starts (or continues) on `page`. */
  y: number;
}

const PAD_X = 3;
const PAD_Y = 2.5;
const GRID = 0.5;

interface LaidCell {
  font: PDFFont;
  align: Align;
  lines: string[];
}

interface TableState {
  report: Report;
  spec: TableSpec;
  xs: number[]; // column boundaries, length columns + 1
  page: PDFPage;
  y: number;
  tableTop: number; // top of the grid on the current page, for the vertical rules
  freshY: number; // y just below the header on a fresh page: how much a page can hold
}

function columnBounds(x0: number, columns: TableColumn[]): number[] {
  const xs = [x0];
  for (const c of columns) xs.push(xs[xs.length - 1] + c.width);
  return xs;
}

function layCell(report: Report, cell: TableCell, width: number, size: number, fallbackAlign: Align): LaidCell {
  const font = report.fonts[cell.style ?? 'regular'];
  const lines = wrapText(font, prepareText(font, cell.text), size, Math.max(width - 2 * PAD_X, 1));
  return { font, align: cell.align ?? fallbackAlign, lines };
}

/** Lays out a row; `align` overrides the columns' own alignment (headers are centred). */
function layRow(report: Report, columns: TableColumn[], row: TableCell[], size: number, align?: Align): LaidCell[] {
  return columns.map((col, i) => layCell(report, row[i] ?? { text: '' }, col.width, size, align ?? col.align ?? 'left'));
}

function drawCell(st: TableState, cell: LaidCell, col: number, top: number, size: number, lineHeight: number): void {
  const x = st.xs[col] + PAD_X;
  const width = st.xs[col + 1] - st.xs[col] - 2 * PAD_X;
  drawLines(st.page, cell.font, size, cell.lines, { x, width, top: top - PAD_Y, lineHeight, align: cell.align });
}

function closePageGrid(st: TableState): void {
  if (st.y >= st.tableTop) return;
  for (const x of st.xs) drawLine(st.page, x, st.tableTop, x, st.y, GRID);
}

function drawHeader(st: TableState): void {
  const size = st.spec.headerFontSize ?? st.spec.fontSize ?? 10;
  const lineHeight = size * 1.15;
  const x0 = st.xs[0];
  const x1 = st.xs[st.xs.length - 1];
  const rows = st.spec.header.map((row) => {
    const cells = layRow(st.report, st.spec.columns, row, size, 'center');
    return { cells, height: Math.max(1, ...cells.map((c) => c.lines.length)) * lineHeight + 2 * PAD_Y };
  });
  const total = rows.reduce((a, r) => a + r.height, 0);
  // The fill goes down first so it does not cover half of the rules drawn over it.
  if (st.spec.headerGray !== undefined) fillRect(st.page, x0, st.y - total, x1 - x0, total, st.spec.headerGray);
  st.tableTop = st.y;
  drawRule(st.page, x0, x1, st.y, GRID);
  for (const { cells, height } of rows) {
    cells.forEach((cell, i) => {
      // Header labels are centred vertically too, so short labels sit level with wrapped neighbours.
      const slack = height - 2 * PAD_Y - cell.lines.length * lineHeight;
      drawCell(st, cell, i, st.y - slack / 2, size, lineHeight);
    });
    st.y -= height;
    drawRule(st.page, x0, x1, st.y, GRID);
  }
}

function newTablePage(st: TableState): void {
  closePageGrid(st);
  st.page = addPage(st.report);
  st.y = st.report.frame.top;
  drawHeader(st);
  st.freshY = st.y;
}

function drawBodySlice(st: TableState, cells: LaidCell[], lineCount: number, size: number, lineHeight: number): void {
  const height = Math.max(lineCount * lineHeight + 2 * PAD_Y, st.spec.minRowHeight ?? 0);
  cells.forEach((cell, i) => {
    drawCell(st, { ...cell, lines: cell.lines.slice(0, lineCount) }, i, st.y, size, lineHeight);
  });
  st.y -= height;
  drawRule(st.page, st.xs[0], st.xs[st.xs.length - 1], st.y, GRID);
}

function drawBodyRow(st: TableState, cells: LaidCell[], size: number, lineHeight: number): void {
  const bottom = st.report.frame.bottom;
  const minHeight = st.spec.minRowHeight ?? 0;
  const freshLines = Math.floor((st.freshY - bottom - 2 * PAD_Y) / lineHeight);
  let pending = cells;
  for (;;) {
    const need = Math.max(...pending.map((c) => c.lines.length), 1);
    const height = Math.max(need * lineHeight + 2 * PAD_Y, minHeight);
    if (st.y - height >= bottom - 0.01) {
      drawBodySlice(st, pending, need, size, lineHeight);
      return;
    }
    const fitLines = Math.floor((st.y - bottom - 2 * PAD_Y) / lineHeight);
    const fresh = st.y >= st.freshY - 0.01;
    // Move the whole row on when a fresh page would hold it; split only rows taller than a page, and never
    // leave a sliver of one or two lines at the foot of a page.
    if (!fresh && (need <= freshLines || fitLines < 3)) {
      newTablePage(st);
      continue;
    }
    const take = Math.max(fitLines, 1);
    drawBodySlice(st, pending, take, size, lineHeight);
    pending = pending.map((c) => ({ ...c, lines: c.lines.slice(take) }));
    newTablePage(st);
  }
}

function drawEmptyRow(st: TableState, message: string, size: number, lineHeight: number): void {
  // Column rules run through the header only: the message spans every column.
  closePageGrid(st);
  const font = st.report.fonts.italic;
  const x0 = st.xs[0];
  const x1 = st.xs[st.xs.length - 1];
  const lines = wrapText(font, prepareText(font, message), size, x1 - x0 - 2 * PAD_X);
  const height = Math.max(lines.length * lineHeight + 2 * PAD_Y, st.spec.minRowHeight ?? 0);
  const box = { x: x0 + PAD_X, width: x1 - x0 - 2 * PAD_X, top: st.y - PAD_Y, lineHeight, align: 'center' as const };
  drawLines(st.page, font, size, lines, box);
  drawLine(st.page, x0, st.y, x0, st.y - height, GRID);
  drawLine(st.page, x1, st.y, x1, st.y - height, GRID);
  st.y -= height;
  drawRule(st.page, x0, x1, st.y, GRID);
  st.tableTop = st.y;
}

/**
 * Draws a table starting at `start` (a new page when omitted), adding pages as needed with the header repeated.
 * Returns where the table ended so callers can continue below it.
 */
export function drawTable(report: Report, spec: TableSpec, start?: TablePosition): TablePosition {
  const st: TableState = {
    report,
    spec,
    xs: columnBounds(report.frame.left, spec.columns),
    page: start?.page ?? addPage(report),
    y: start?.y ?? report.frame.top,
    tableTop: 0,
    freshY: report.frame.top,
  };
  const size = spec.fontSize ?? 10;
  const lineHeight = size * 1.2;
  const startY = st.y;
  drawHeader(st);
  // What a continuation page holds: the header measured here is the one repeated on every page.
  st.freshY = report.frame.top - (startY - st.y);
  let count = 0;
  for (const row of spec.rows) {
    const cells = layRow(report, spec.columns, row, size);
    drawBodyRow(st, cells, size, lineHeight);
    count += 1;
  }
  if (count === 0 && spec.emptyMessage) {
    if (st.y - (lineHeight + 2 * PAD_Y) < report.frame.bottom) newTablePage(st);
    drawEmptyRow(st, spec.emptyMessage, size, lineHeight);
  }
  closePageGrid(st);
  return { page: st.page, y: st.y };
}

/** Scales relative weights to column widths in points that add up to `total`. */
export function fitColumns(weights: number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  return weights.map((w) => (w / sum) * total);
}

/** The narrowest column that shows every word of `texts` unbroken (capped at `cap`), padding included. */
export function minColumnWidth(font: PDFFont, size: number, texts: Iterable<string>, cap = Infinity): number {
  let widest = 0;
  for (const text of texts) {
    for (const word of prepareText(font, text).split(/\s+/)) widest = Math.max(widest, textWidth(font, word, size));
  }
  return Math.min(widest, cap) + 2 * PAD_X + 0.5;
}

/**
 * Like fitColumns, but no column narrower than its minimum: columns that would be too narrow get their minimum
 * and the rest share what is left in proportion. If even the minimums do not fit, they are scaled down.
 */
export function fitColumnsAtLeast(weights: number[], mins: number[], total: number): number[] {
  const sumMins = mins.reduce((a, b) => a + b, 0);
  if (sumMins >= total) return fitColumns(mins, total);
  const fixed = new Set<number>();
  for (;;) {
    const free = total - [...fixed].reduce((a, i) => a + mins[i], 0);
    const freeWeight = weights.reduce((a, w, i) => (fixed.has(i) ? a : a + w), 0) || 1;
    const widths = weights.map((w, i) => (fixed.has(i) ? mins[i] : (w / freeWeight) * free));
    const short = widths.findIndex((w, i) => !fixed.has(i) && w < mins[i] - 1e-6);
    if (short < 0) return widths;
    fixed.add(short);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Page furniture and saving

export interface FurnitureOptions {
  printedAt: number;
  printedBy: string;
  /** NĐ 30 numbers pages from the second one, top centre. */
  numberFromPage?: number;
}

/** Page numbers (top centre, from page 2) and the print mark (in the bottom margin) on every page. */
function drawFurniture(report: Report, opts: FurnitureOptions): void {
  const { frame, fonts } = report;
  const mark = prepareText(fonts.italic, printMark(opts.printedAt, opts.printedBy));
  const markSize = 8;
  const numberSize = 13; // standards §3.8: 13–14 pt
  const from = opts.numberFromPage ?? 2;
  report.doc.getPages().forEach((page, i) => {
    if (i + 1 >= from) {
      const label = String(i + 1);
      const w = textWidth(fonts.regular, label, numberSize);
      // Half-way into the top margin, clear of the table's first rule.
      const y = frame.top + (frame.height - frame.top) / 2 - numberSize / 3;
      drawString(page, fonts.regular, numberSize, frame.left + (frame.contentWidth - w) / 2, y, label);
    }
    drawString(page, fonts.italic, markSize, frame.left, frame.bottom / 2, mark);
  });
}

/** Adds page numbers and the print mark, writes the page contents and returns the PDF bytes. */
export async function saveReport(report: Report, opts: FurnitureOptions): Promise<Uint8Array> {
  drawFurniture(report, opts);
  flushInk(report);
  return report.doc.save();
}

// ---------------------------------------------------------------------------------------------------------------
// Register covers (shared by the registers printed as bound books)

export interface BookCoverOptions {
  orgName: string;
  parentOrgName: string | null;
  /** Upper-case title, e.g. "SỔ ĐĂNG KÝ VĂN BẢN ĐI". */
  title: string;
  /** Shown in brackets under the title when set (a register's own name, a unit). */
  subtitle?: string | null;
  /** Big line under the title, e.g. "Năm 2025"; omitted when empty. */
  yearLine?: string | null;
  /** Left-aligned blanks near the foot: "Từ ngày … đến ngày …", "Từ số … đến số …". */
  lines: string[];
}

const upperVi = (s: string): string => s.normalize('NFC').toLocaleUpperCase('vi-VN');

/** A cover page in the layout of the incoming register book's: double frame, issuing body top left, title centred. */
export function drawBookCover(report: Report, opts: BookCoverOptions): PDFPage {
  const page = addPage(report);
  const { frame, fonts } = report;
  const inset = 4 * MM;
  for (const [d, t] of [
    [0, 1.5],
    [inset / 2, 0.5],
  ] as const) {
    strokeRect(page, frame.left + d, frame.bottom + d, frame.contentWidth - 2 * d, frame.top - frame.bottom - 2 * d, t);
  }
  // Narrower pages (portrait) get a block that still fits inside the frame.
  const blockX = frame.left + 12 * MM;
  const blockW = Math.min(105 * MM, frame.contentWidth - 24 * MM);
  const block = { x: blockX, width: blockW, align: 'center' as const };
  let y = frame.top - 12 * MM;
  if (opts.parentOrgName?.trim()) y = drawTextBlock(page, upperVi(opts.parentOrgName), y, { ...block, font: fonts.regular, size: 13 });
  y = drawTextBlock(page, upperVi(opts.orgName), y, { ...block, font: fonts.bold, size: 13 });
  const ruleW = Math.min(blockW / 3, textWidth(fonts.bold, prepareText(fonts.bold, upperVi(opts.orgName)), 13));
  drawRule(page, blockX + (blockW - ruleW) / 2, blockX + (blockW + ruleW) / 2, y - 2, 0.75);

  const mid = { x: frame.left + 12 * MM, width: frame.contentWidth - 24 * MM, align: 'center' as const };
  y = frame.bottom + (frame.top - frame.bottom) * 0.66;
  y = drawTextBlock(page, opts.title, y, { ...mid, font: fonts.bold, size: 28, lineHeight: 34 });
  const sub = opts.subtitle?.trim();
  if (sub) y = drawTextBlock(page, `(${sub})`, y - 2, { ...mid, font: fonts.italic, size: 14 });
  if (opts.yearLine?.trim()) drawTextBlock(page, opts.yearLine, y - 10, { ...mid, font: fonts.bold, size: 18 });

  const infoW = Math.min(95 * MM, frame.contentWidth / 2 - 12 * MM);
  const infoX = frame.left + frame.contentWidth / 2 + 10 * MM;
  y = frame.bottom + 45 * MM;
  for (const line of opts.lines) y = drawTextBlock(page, line, y, { font: fonts.regular, size: 14, x: infoX, width: infoW, lineHeight: 22 });
  return page;
}

/** The caller's resources folder, else the one shipped beside the code (hosts pass env.resourcesDir; tests need not). */
export function resolveResourcesDir(dir?: string | null): string {
  return dir ?? join(packageRoot(), 'resources');
}
