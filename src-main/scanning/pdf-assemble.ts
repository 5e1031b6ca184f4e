// assemblePdf (types.ts): scanned pages → one PDF (≥ 1.4, standards §3.3), page size from pixels and dpi, with an
// invisible text layer from OCR so the scan is searchable and selectable. Fast by construction: JPEG pages pass
// through untouched and 1-bit PNG pages are copied as Flate streams (toolchain.md §9: pdf-lib's embedPng re-encodes
// in JS and is ~80× slower). Rotation is the page's /Rotate, so no image is ever re-encoded here.

import { deflateSync } from 'node:zlib';
import {
  PDFDocument,
  PDFRawStream,
  TextRenderingMode,
  beginText,
  concatTransformationMatrix,
  degrees,
  drawObject,
  endText,
  popGraphicsState,
  pushGraphicsState,
  setCharacterSqueeze,
  setFontAndSize,
  setTextMatrix,
  setTextRenderingMode,
  showText,
  type PDFFont,
  type PDFOperator,
  type PDFPage,
  type PDFRef,
} from 'pdf-lib';
import sharp from 'sharp';
import { AppError } from '../../src-shared/errors';
import type { OcrPageResult, OcrWord } from '../ocr/driver';
import { embedFonts, prepareText } from '../reports/pdf-kit';
import type { AssemblePage, AssemblePdf, Rotation } from './types';

const PRODUCER = 'VănThư';

export const assemblePdf: AssemblePdf = async (pages, opts) => {
  if (pages.length === 0) throw new AppError('invalid_input', 'Không có trang nào để tạo tệp PDF.');
  const doc = await PDFDocument.create({ updateMetadata: false });
  const now = new Date();
  doc.setTitle(opts.title?.normalize('NFC') || 'Văn bản quét', { showInWindowTitleBar: true });
  doc.setProducer(PRODUCER);
  doc.setCreator(PRODUCER);
  doc.setCreationDate(now);
  doc.setModificationDate(now);
  doc.setLanguage('vi-VN');
  const needsFont = pages.some((p) => p.ocr && p.ocr.words.length > 0);
  const font = needsFont ? (await embedFonts(doc, opts.resourcesDir, ['regular'])).regular : null;
  for (const p of pages) {
    if (!(p.width > 0 && p.height > 0 && p.dpi > 0))
      throw new AppError('invalid_input', 'Trang quét thiếu kích thước hoặc độ phân giải.', { details: { width: p.width, height: p.height, dpi: p.dpi } });
    const w = (p.width / p.dpi) * 72;
    const h = (p.height / p.dpi) * 72;
    const page = doc.addPage([w, h]);
    const name = page.node.newXObject('Im', await imageXObject(doc, p));
    page.pushOperators(pushGraphicsState(), concatTransformationMatrix(w, 0, 0, h, 0, 0), drawObject(name), popGraphicsState());
    if (p.rotation) page.setRotation(degrees(p.rotation));
    if (font && p.ocr && p.ocr.words.length) textLayer(page, font, p, w, h);
  }
  const bytes = await doc.save({ useObjectStreams: false });
  return ensureHeader(bytes);
};

// ---- images ----------------------------------------------------------------------------------------------------

async function imageXObject(doc: PDFDocument, p: AssemblePage): Promise<PDFRef> {
  if (p.format === 'jpeg') return (await doc.embedJpg(p.image)).ref;
  const png = readPng(p.image);
  if (png.bitDepth === 1 && png.interlace === 0 && (png.colorType === 0 || (png.colorType === 3 && png.greyPalette))) {
    // The IDAT data is already a zlib stream of PNG-filtered rows: PDF's Flate with predictor 15 reads it as-is.
    const dict = doc.context.obj({
      Type: 'XObject',
      Subtype: 'Image',
      Width: png.width,
      Height: png.height,
      ColorSpace: 'DeviceGray',
      BitsPerComponent: 1,
      Filter: 'FlateDecode',
      DecodeParms: { Predictor: 15, Colors: 1, BitsPerComponent: 1, Columns: png.width },
      ...(png.invert ? { Decode: [1, 0] } : {}),
    });
    return doc.context.register(PDFRawStream.of(dict, png.idat));
  }
  // Any other PNG (8-bit grey or colour, alpha): decoded once by sharp, deflated by zlib — still far from embedPng's cost.
  const { data, info } = await sharp(p.image).flatten({ background: '#ffffff' }).raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  const grey = info.channels === 1;
  const dict = doc.context.obj({
    Type: 'XObject',
    Subtype: 'Image',
    Width: info.width,
    Height: info.height,
    ColorSpace: grey ? 'DeviceGray' : 'DeviceRGB',
    BitsPerComponent: 8,
    Filter: 'FlateDecode',
  });
  return doc.context.register(PDFRawStream.of(dict, deflateSync(data, { level: 6 })));
}

interface PngInfo {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlace: number;
  /** Palette entries are all grey; invert = entry 0 is white (so a 0 bit must show white). */
  greyPalette: boolean;
  invert: boolean;
  idat: Buffer;
}

function readPng(bytes: Uint8Array): PngInfo {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < 33 || b.readUInt32BE(0) !== 0x89504e47) throw new AppError('unsupported_file_type', 'Trang quét không phải ảnh PNG hợp lệ.');
  const info: PngInfo = { width: 0, height: 0, bitDepth: 0, colorType: 0, interlace: 0, greyPalette: false, invert: false, idat: Buffer.alloc(0) };
  const idat: Buffer[] = [];
  for (let pos = 8; pos + 8 <= b.length;) {
    const len = b.readUInt32BE(pos);
    const type = b.toString('latin1', pos + 4, pos + 8);
    const body = b.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      info.width = body.readUInt32BE(0);
      info.height = body.readUInt32BE(4);
      info.bitDepth = body[8];
      info.colorType = body[9];
      info.interlace = body[12];
    } else if (type === 'PLTE') {
      const n = Math.floor(body.length / 3);
      info.greyPalette =
        n <= 2 && n > 0 && [...Array(n).keys()].every((i) => body[i * 3] === body[i * 3 + 1] && body[i * 3] === body[i * 3 + 2] && (body[i * 3] === 0 || body[i * 3] === 255));
      info.invert = n > 0 && body[0] === 255;
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    pos += 12 + len;
  }
  info.idat = Buffer.concat(idat);
  return info;
}

// ---- text layer ------------------------------------------------------------------------------------------------

/**
 * Matrix from the page as seen (after /Rotate, origin bottom-left) to the unrotated page space the content stream
 * uses: OCR read the rotated image, so its words are placed in the seen page and turned back with the page.
 */
function seenToPage(rotation: Rotation, w: number, h: number): [number, number, number, number, number, number] {
  switch (rotation) {
    case 90:
      return [0, 1, -1, 0, w, 0];
    case 180:
      return [-1, 0, 0, -1, w, h];
    case 270:
      return [0, -1, 1, 0, 0, h];
    default:
      return [1, 0, 0, 1, 0, 0];
  }
}

function textLayer(page: PDFPage, font: PDFFont, p: AssemblePage, w: number, h: number): void {
  const ocr = p.ocr as OcrPageResult;
  const turned = p.rotation === 90 || p.rotation === 270;
  const seenH = turned ? w : h;
  const k = 72 / p.dpi / (p.ocrScale && p.ocrScale > 0 ? p.ocrScale : 1);
  const fontKey = page.node.newFontDictionary('F', font.ref);
  const ops: PDFOperator[] = [pushGraphicsState(), concatTransformationMatrix(...seenToPage(p.rotation, w, h)), beginText(), setTextRenderingMode(TextRenderingMode.Invisible)];
  for (const line of groupLines(ocr.words)) {
    // One size and one baseline per line, as the eye reads it; the box bottom of the lowest word is the descender line.
    const heights = line.map((x) => x.h).sort((a, b) => a - b);
    const lineH = heights[Math.floor(heights.length / 2)] * k;
    const size = Math.max(1, lineH * 0.85);
    const bottom = Math.max(...line.map((x) => x.y + x.h)) * k;
    const baseline = seenH - bottom + size * 0.2;
    ops.push(setFontAndSize(fontKey, size));
    for (const word of line) {
      const text = prepareText(font, word.text).replace(/\n/g, ' ');
      if (!text.trim()) continue;
      const natural = font.widthOfTextAtSize(text, size);
      const boxW = word.w * k;
      if (natural <= 0 || boxW <= 0) continue;
      ops.push(setCharacterSqueeze(Math.max(1, Math.min(1000, (100 * boxW) / natural))));
      ops.push(setTextMatrix(1, 0, 0, 1, word.x * k, baseline));
      // A trailing space lets text extractors see the word break even when the next box is close.
      ops.push(showText(font.encodeText(word === line[line.length - 1] ? text : text + ' ')));
    }
  }
  ops.push(endText(), popGraphicsState());
  page.pushOperators(...ops);
}

function groupLines(words: OcrWord[]): OcrWord[][] {
  const lines: OcrWord[][] = [];
  let current: OcrWord[] = [];
  for (const word of words) {
    if (current.length && current[0].line !== word.line) {
      lines.push(current);
      current = [];
    }
    current.push(word);
  }
  if (current.length) lines.push(current);
  return lines;
}

// ---- file header -----------------------------------------------------------------------------------------------

/** pdf-lib writes %PDF-1.7; the contract only needs ≥ 1.4, so this only guards against a future default lower than that. */
function ensureHeader(bytes: Uint8Array): Uint8Array {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, 16).toString('latin1');
  const m = /^%PDF-(\d)\.(\d)/.exec(head);
  if (m && (Number(m[1]) > 1 || Number(m[2]) >= 4)) return bytes;
  throw new AppError('internal', 'PDF writer produced an unexpected header', { details: { header: head.slice(0, 8) } });
}
