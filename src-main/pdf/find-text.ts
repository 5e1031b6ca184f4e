// Finds where the register number and the date go on page 1 of an official letter (after "Số:" and after "ngày",
// "tháng", "năm" of the date line) using pdf.js text positions, so a stamp can fill the blanks. Read-only.

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { TextItem } from 'pdfjs-dist/types/src/display/api';
import { AppError } from '../../src-shared/errors';

/** A point in PDF user space on page 1: x just after the label, y the label's baseline. */
export interface TextAnchor {
  x: number;
  y: number;
  height: number;
  fontSize: number;
  /** The rest of the line after the label (what is printed in or after the blank, e.g. " /UBND-VP"). */
  after: string;
}

export interface NumberDateFields {
  number: TextAnchor | null;
  day: TextAnchor | null;
  month: TextAnchor | null;
  year: TextAnchor | null;
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjsModule: Promise<PdfJs> | undefined;

function assetPaths(): { cMapUrl?: string; standardFontDataUrl?: string } {
  try {
    const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
    return { cMapUrl: join(root, 'cmaps') + '/', standardFontDataUrl: join(root, 'standard_fonts') + '/' };
  } catch {
    return {};
  }
}

interface Glyph {
  ch: string;
  x: number;
  end: number;
  item: TextItem;
}

interface Line {
  y: number;
  glyphs: Glyph[];
  text: string;
}

async function withDocument<T>(bytes: Uint8Array, fn: (doc: Awaited<ReturnType<PdfJs['getDocument']>['promise']>) => Promise<T>): Promise<T> {
  pdfjsModule ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdfjs = await pdfjsModule;
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    ...assetPaths(),
    cMapPacked: true,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
  });
  try {
    return await fn(await task.promise);
  } catch (e) {
    throw new AppError('pdf_unreadable', `Không đọc được chữ trong tệp PDF: ${(e as Error).message}`);
  } finally {
    await task.destroy();
  }
}

async function itemsOf(doc: Awaited<ReturnType<PdfJs['getDocument']>['promise']>, n: number): Promise<TextItem[]> {
  const page = await doc.getPage(n);
  const content = await page.getTextContent();
  return content.items.filter((i): i is TextItem => 'str' in i && i.str.length > 0);
}

function pageOneItems(bytes: Uint8Array): Promise<TextItem[]> {
  return withDocument(bytes, (doc) => itemsOf(doc, 1));
}

const fontSizeOf = (i: TextItem): number => Math.hypot(i.transform[2], i.transform[3]) || i.height;

/**
 * pdf.js gives only the width of a whole item, so positions inside it are estimated from rough Times-like advance
 * widths (em): spaces and narrow letters count less than capitals, m and w. Within 1 pt on typical date lines.
 */
function relativeWidth(ch: string): number {
  const base = ch.normalize('NFD')[0] ?? ch;
  if (base === ' ' || base === '\u00a0') return 0.25;
  if ("iljtfrI.,:;!|'()[]/-".includes(base)) return 0.3;
  if ('mwMW'.includes(base)) return base === 'm' ? 0.78 : 0.92;
  if (base === 'đ' || base === 'Đ') return base === 'Đ' ? 0.72 : 0.5;
  if (/[0-9]/.test(base)) return 0.5;
  if (/[A-Z]/.test(base)) return 0.68;
  return 0.46;
}

/** Groups items into lines (same baseline within a third of the font size) with per-character x estimates. */
function toLines(items: TextItem[]): Line[] {
  const lines: Line[] = [];
  const sorted = [...items].sort((a, b) => b.transform[5] - a.transform[5] || a.transform[4] - b.transform[4]);
  for (const item of sorted) {
    const y = item.transform[5];
    let line = lines.find((l) => Math.abs(l.y - y) <= fontSizeOf(item) / 3);
    if (!line) lines.push((line = { y, glyphs: [], text: '' }));
    const chars = [...item.str.normalize('NFC')];
    const weights = chars.map(relativeWidth);
    const scale = item.width / (weights.reduce((a, b) => a + b, 0) || 1);
    let x = item.transform[4];
    chars.forEach((ch, i) => {
      const end = x + weights[i] * scale;
      line.glyphs.push({ ch, x, end, item });
      x = end;
    });
  }
  for (const l of lines) {
    l.glyphs.sort((a, b) => a.x - b.x);
    // A visible gap between items reads as a space.
    const withSpaces: Glyph[] = [];
    for (const g of l.glyphs) {
      const prev = withSpaces[withSpaces.length - 1];
      if (prev && g.x - prev.end > fontSizeOf(g.item) * 0.2 && prev.ch !== ' ' && g.ch !== ' ') withSpaces.push({ ch: ' ', x: prev.end, end: g.x, item: prev.item });
      withSpaces.push(g);
    }
    l.glyphs = withSpaces;
    l.text = withSpaces.map((g) => g.ch).join('');
  }
  return lines;
}

function anchorAfter(line: Line, index: number): TextAnchor {
  const g = line.glyphs[index];
  const rest = line.glyphs
    .slice(index + 1)
    .map((x) => x.ch)
    .join('');
  return { x: g.end, y: line.y, height: g.item.height || fontSizeOf(g.item), fontSize: fontSizeOf(g.item), after: rest };
}

function findNumber(lines: Line[]): TextAnchor | null {
  for (const l of lines) {
    const m = /(^|[^\p{L}])(số)\s*:/iu.exec(l.text);
    if (m) return anchorAfter(l, m.index + m[0].length - 1);
  }
  return null;
}

function findDate(lines: Line[]): Pick<NumberDateFields, 'day' | 'month' | 'year'> {
  const none = { day: null, month: null, year: null };
  const pattern = /ngày(?=[\s.…_]).*?tháng(?=[\s.…_]).*?năm(?=[\s.…_\d]|$)/iu;
  const candidates = lines.filter((l) => pattern.test(l.text)).sort((a, b) => Number(/,\s*ngày/iu.test(b.text)) - Number(/,\s*ngày/iu.test(a.text)));
  const l = candidates[0];
  if (!l) return none;
  const m = pattern.exec(l.text) as RegExpExecArray;
  const lower = l.text.toLowerCase();
  const day = m.index + 'ngày'.length - 1;
  const month = lower.indexOf('tháng', day) + 'tháng'.length - 1;
  const year = lower.indexOf('năm', month) + 'năm'.length - 1;
  return { day: anchorAfter(l, day), month: anchorAfter(l, month), year: anchorAfter(l, year) };
}

export async function findNumberDateFields(bytes: Uint8Array): Promise<NumberDateFields> {
  const lines = toLines(await pageOneItems(bytes));
  return { number: findNumber(lines), ...findDate(lines) };
}

/** A line of text found on a page: where the match starts, how wide it is, its baseline and font size. */
export interface TextHit {
  page: number;
  x: number;
  y: number;
  width: number;
  fontSize: number;
}

const squash = (t: string): string => t.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('vi');

/**
 * Where `needle` (e.g. the signer's name in the signing block) is printed, searching the last page first when
 * `lastFirst` (the signing block ends a document). Case and spacing are ignored; the lowest match on a page wins.
 */
export async function findTextLine(bytes: Uint8Array, needle: string, o: { lastFirst?: boolean; maxPages?: number } = {}): Promise<TextHit | null> {
  const want = squash(needle);
  if (!want) return null;
  return withDocument(bytes, async (doc) => {
    const n = doc.numPages;
    const order = Array.from({ length: Math.min(n, o.maxPages ?? 5) }, (_, i) => (o.lastFirst ? n - i : i + 1));
    for (const pageNo of order) {
      const lines = toLines(await itemsOf(doc, pageNo));
      const hits: TextHit[] = [];
      for (const l of lines) {
        const text = l.glyphs.map((g) => g.ch.toLocaleLowerCase('vi')).join('');
        const at = text.replace(/\s/g, ' ').indexOf(want);
        if (at < 0) continue;
        const first = l.glyphs[at];
        const last = l.glyphs[Math.min(at + want.length - 1, l.glyphs.length - 1)];
        hits.push({ page: pageNo, x: first.x, y: l.y, width: last.end - first.x, fontSize: fontSizeOf(first.item) });
      }
      if (hits.length) return hits.sort((a, b) => a.y - b.y)[0];
    }
    return null;
  });
}
