// Page imaging with sharp (PageImaging in types.ts): any page a scanner or a folder gives becomes the stored page
// (JPEG for colour/grey, 1-bit PNG for black-and-white) with its ink ratio, blank suggestion and perceptual hash;
// also splitting multi-page image files, tray thumbnails, rotation and the grey image OCR reads.
// Never trusts the input: broken files and decompression bombs are refused with AppError('unsupported_file_type').

import { readFile } from 'node:fs/promises';
import { crc32, deflateSync } from 'node:zlib';
import sharp, { type Metadata, type Sharp } from 'sharp';
import type { ScanMode } from '../../src-shared/api/scanning';
import { AppError } from '../../src-shared/errors';
import { decodeBmp, decodePnm, isBmp, isPnm } from './pnm-bmp';
import type { PageImaging, PreparedPage, Rotation } from './types';

/** A4 at 600 dpi is 35 Mpx and A3 at 600 dpi 70 Mpx; anything past this is a bomb, not a page. */
export const MAX_INPUT_PIXELS = 100_000_000;
const MAX_FILE_PAGES = 500;
const DEFAULT_DPI = 200;
/** Under this share of ink a page is suggested blank. Measured (tests/unit/scan-images.test.ts): blank pages with
 *  heavy dust and show-through measure 0, one short typed line (13 pt) about 0.0005. */
export const BLANK_INK_RATIO = 0.0001;
/** The analysis works on a page about this wide: strokes survive, single-pixel speckle is averaged away. */
const ANALYSIS_WIDTH = 600;
const MARGIN = 0.03;
/** Cells whose mean grey differs by less than this are taken as equal, so white-on-white pairs hash stably. */
const DHASH_EPS = 1.0;
/** Neighbouring bands of the ink profile differing by less than this share of the mean band count as equal. */
const PROFILE_TOLERANCE = 0.1;
/** Grey levels under the paper's level that still count as paper when whitening the background. */
const PAPER_MARGIN = 24;

const unsupported = (reason: string, cause?: unknown): AppError =>
  new AppError('unsupported_file_type', 'Tệp không phải ảnh trang giấy đọc được (tệp hỏng, quá lớn hoặc không phải ảnh).', { details: { reason }, cause });

interface Opened {
  /** A fresh pipeline over the decoded input, already upright (EXIF orientation applied). */
  make: () => Sharp;
  width: number;
  height: number;
  grey: boolean;
  bilevel: boolean;
  density: number | undefined;
}

const asBuffer = (b: Uint8Array): Buffer => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength));

async function open(input: Uint8Array | string, page = 0): Promise<Opened> {
  const bytes = typeof input === 'string' ? await readFile(input) : asBuffer(input);
  if (isPnm(bytes) || isBmp(bytes)) {
    const raw = isPnm(bytes) ? decodePnm(bytes, MAX_INPUT_PIXELS) : decodeBmp(bytes, MAX_INPUT_PIXELS);
    const rawOpts = { raw: { width: raw.width, height: raw.height, channels: raw.channels } };
    const grey = raw.channels === 1 || isGreyRgb(raw.data, raw.channels);
    return { make: () => sharp(raw.data, rawOpts), width: raw.width, height: raw.height, grey, bilevel: raw.bits === 1, density: undefined };
  }
  const opts = { limitInputPixels: MAX_INPUT_PIXELS, page };
  let meta: Metadata;
  try {
    meta = await sharp(bytes, opts).metadata();
  } catch (e) {
    throw unsupported((e as Error).message, e);
  }
  if (!meta.width || !meta.height || meta.format === 'svg' || meta.format === 'pdf') throw unsupported(`định dạng ${meta.format ?? '?'}`);
  const oriented = meta.autoOrient ?? { width: meta.width, height: meta.height };
  const grey = meta.space === 'b-w' || meta.space === 'grey16' || (meta.channels ?? 3) <= 2;
  return {
    make: () => sharp(bytes, opts).autoOrient(),
    width: oriented.width,
    height: oriented.height,
    grey,
    bilevel: meta.bitsPerSample === 1 && grey,
    density: meta.density,
  };
}

function isGreyRgb(data: Buffer, channels: number): boolean {
  if (channels < 3) return true;
  // Sampled: a BMP saved as 24-bit from a grey scan is still a grey page.
  const step = Math.max(1, Math.floor(data.length / channels / 20_000)) * channels;
  for (let i = 0; i + 2 < data.length; i += step) if (data[i] !== data[i + 1] || data[i] !== data[i + 2]) return false;
  return true;
}

/** 72 dpi is what writers put when they know nothing (JPEG defaults, screenshots); a scanner never says it. */
function usableDensity(d: number | undefined): number | undefined {
  return d !== undefined && Number.isFinite(d) && d >= 50 && d <= 2400 && Math.round(d) !== 72 ? Math.round(d) : undefined;
}

/** A picture's resolution for OCR: what the file says, else as if it were an A4 page (longer side 11.69 in). */
export async function pictureDpi(image: Uint8Array): Promise<number> {
  const m = await sharp(asBuffer(image), { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
  if (m.density && m.density >= 75 && m.density <= 1200) return Math.round(m.density);
  return Math.max(75, Math.round(Math.max(m.width ?? 0, m.height ?? 0) / 11.69)) || DEFAULT_DPI;
}

// ---- analysis: ink, blank, dhash -------------------------------------------------------------------------------

interface Analysis {
  inkRatio: number;
  dhash: string;
  /** Grey level of the paper (high percentile of the page), 0–255. */
  paper: number;
}

/** The analysis reads a small copy (~600 px wide, 0.5 Mpx): a full page's 4 Mpx in JS would cost more than the encoding. */
async function analyse(pixels: Sharp, width: number): Promise<Analysis> {
  const small = width > ANALYSIS_WIDTH ? pixels.resize({ width: ANALYSIS_WIDTH, kernel: 'linear' }) : pixels;
  // Grey after the resize (an output colourspace, applied last): converting the full page first costs ~30 ms.
  const { data, info } = await small.toColourspace('b-w').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  return analyseGrey(data, info.width, info.height, info.channels);
}

export function analyseGrey(data: Uint8Array, width: number, height: number, channels = 1): Analysis {
  const x0 = Math.round(width * MARGIN);
  const x1 = width - x0;
  const y0 = Math.round(height * MARGIN);
  const y1 = height - y0;
  // Loops below index one band by row offset; the closure-per-pixel form they replace was most of the analysis time.
  const grey = channels === 1 ? data : firstBand(data, channels);
  const hist = new Uint32Array(256);
  for (let y = y0; y < y1; y++) for (let x = x0, i = y * width + x0; x < x1; x++, i++) hist[grey[i]]++;
  const total = Math.max(1, (x1 - x0) * (y1 - y0));
  // The paper is the 90th percentile: text covers far less than 10 % of any letter.
  let acc = 0;
  let paper = 255;
  for (let v = 0; v < 256; v++) {
    acc += hist[v];
    if (acc >= total * 0.9) {
      paper = v;
      break;
    }
  }
  // Relative to the paper, so grey recycled paper and faint show-through are not ink; a dark page keeps an absolute cut.
  const cut = paper >= 160 ? paper * 0.6 : 100;
  // One zero row of padding above and below (and one cell before), so every neighbour index is inside the array.
  const pad = width + 1;
  const dark = new Uint8Array((height + 2) * width + 2);
  for (let y = y0; y < y1; y++) for (let x = x0, i = y * width + x0; x < x1; x++, i++) if (grey[i] < cut) dark[i + pad] = 1;
  // A dark pixel is ink only with at least two dark neighbours: strokes are connected, dust specks are alone.
  // Counted per column and per row: the content box needs only their quantiles.
  const inkCols = new Uint32Array(width);
  const inkRows = new Uint32Array(height);
  let inked = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0, i = y * width + x0 + pad; x < x1; x++, i++) {
      if (!dark[i]) continue;
      const n = dark[i - width - 1] + dark[i - width] + dark[i - width + 1] + dark[i - 1] + dark[i + 1] + dark[i + width - 1] + dark[i + width] + dark[i + width + 1];
      if (n >= 2) {
        inkCols[x]++;
        inkRows[y]++;
        inked++;
      }
    }
  }
  const box = contentBox(inkCols, inkRows, inked, { x0, x1, y0, y1 });
  return { inkRatio: inked / total, dhash: dhashOf(grey, width, box), paper };
}

function firstBand(data: Uint8Array, channels: number): Uint8Array {
  const out = new Uint8Array(Math.floor(data.length / channels));
  for (let i = 0, j = 0; i < out.length; i++, j += channels) out[i] = data[j];
  return out;
}

interface Box {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** Where the ink is (robust to a few stray marks), so the hash describes the layout of the text, not the empty paper. */
function contentBox(inkCols: Uint32Array, inkRows: Uint32Array, inked: number, page: Box): Box {
  if (inked < 50) return page;
  // The value at rank round((n - 1) · p) of the ink pixels' coordinates, read off the per-coordinate counts.
  const q = (counts: Uint32Array, p: number): number => {
    const rank = Math.min(inked - 1, Math.max(0, Math.round((inked - 1) * p)));
    let seen = 0;
    for (let v = 0; v < counts.length; v++) {
      seen += counts[v];
      if (seen > rank) return v;
    }
    return counts.length - 1;
  };
  const box = { x0: q(inkCols, 0.002) - 2, x1: q(inkCols, 0.998) + 3, y0: q(inkRows, 0.002) - 2, y1: q(inkRows, 0.998) + 3 };
  const clamp = (v: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, v));
  const out = { x0: clamp(box.x0, page.x0, page.x1), x1: clamp(box.x1, page.x0, page.x1), y0: clamp(box.y0, page.y0, page.y1), y1: clamp(box.y1, page.y0, page.y1) };
  return out.x1 - out.x0 >= 18 && out.y1 - out.y0 >= 16 ? out : page;
}

/**
 * 64-bit difference hash of the content box. A plain 9×8 dhash of a letter is mostly white cells, so letters on the
 * same template (header, title, body, signer) came out 5 bits apart — as close as rescans. Measured better
 * (scan-images.test.ts): 32 bits of left/right differences on a 5×8 grid (the layout across) plus 32 bits of
 * up/down differences of the ink profile in 33 bands over the middle half of the width (where the text lines are,
 * and where a 1° skew moves them least). Differences under a tolerance count as equal, so white-on-white is stable.
 */
function dhashOf(grey: Uint8Array, width: number, b: Box): string {
  const cols = 5;
  const rows = 8;
  const bands = 33;
  const bw = b.x1 - b.x0;
  const bh = b.y1 - b.y0;
  // Cell of each column, computed once per column rather than once per pixel.
  const colOf = new Uint8Array(bw);
  for (let x = 0; x < bw; x++) colOf[x] = Math.min(cols - 1, Math.floor((x * cols) / bw));
  const sums = new Float64Array(cols * rows);
  const colWidth = new Float64Array(cols);
  for (let x = 0; x < bw; x++) colWidth[colOf[x]]++;
  const rowHeight = new Float64Array(rows);
  const ink = new Float64Array(bands);
  const quarter = Math.floor(bw / 4);
  for (let y = b.y0; y < b.y1; y++) {
    const r = Math.min(rows - 1, Math.floor(((y - b.y0) * rows) / bh));
    const band = Math.min(bands - 1, Math.floor(((y - b.y0) * bands) / bh));
    rowHeight[r]++;
    const row = y * width + b.x0;
    const cells = r * cols;
    let profile = 0;
    for (let x = 0; x < bw; x++) {
      const v = grey[row + x];
      sums[cells + colOf[x]] += v;
      if (x >= quarter && x < bw - quarter) profile += 255 - v;
    }
    ink[band] += profile;
  }
  let bits = 0n;
  const mean = (r: number, c: number): number => sums[r * cols + c] / Math.max(1, rowHeight[r] * colWidth[c]);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols - 1; c++) bits = (bits << 1n) | (mean(r, c) - mean(r, c + 1) > DHASH_EPS ? 1n : 0n);
  const tol = (PROFILE_TOLERANCE * ink.reduce((a, v) => a + v, 0)) / bands;
  for (let i = 0; i < bands - 1; i++) bits = (bits << 1n) | (ink[i] - ink[i + 1] > tol ? 1n : 0n);
  return bits.toString(16).padStart(16, '0');
}

/** Number of differing bits between two hex hashes of the same length (dhash: ≤ 6 means the same page). */
export function hammingHex(a: string, b: string): number {
  if (a.length !== b.length) throw new Error('hashes of different lengths');
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    let x = parseInt(a[i], 16) ^ parseInt(b[i], 16);
    while (x) {
      n += x & 1;
      x >>= 1;
    }
  }
  return n;
}

// ---- PageImaging ------------------------------------------------------------------------------------------------

/**
 * JPEG settings, measured on the 20 generated 200 dpi A4 letters of tests/bench/scan.ts (CPU per page on this
 * project's loaded 2-core machines; sizes of the heaviest page) and, for grey, on OCR through forOcr + tesseract
 * (16 generated letters, character error rate and prefill fields).
 * - Colour: libjpeg-turbo's path — baseline, optimised Huffman tables, 4:2:0, the clerk's quality as is — 50–70 ms
 *   a page where mozjpeg (trellis quantisation, scan optimisation) took ~280 ms. At 75 the heaviest page is ~270 KB
 *   (≤ 300 KB; mozjpeg 177). Progressive would save 10 % for ~30 ms more a page: the size has room, the time not.
 *   Overshoot deringing (black text on white clips at 0/255, so the encoder overshoots there instead of ringing):
 *   +2.3 dB PSNR for 1 % more bytes and ~10 ms.
 * - Grey must stay ≤ 120 KB a page, so well under the colour quality. There trellis quantisation earns its time: at
 *   the same size libjpeg-turbo (progressive, table 3, quality 22: 113 KB, 34.1 dB) read worse in OCR (error rate
 *   11.6 % against 10.5 % for the former mozjpeg 67 pages of 150 KB), trellis at 38 read better (9.0 %, 117 KB)
 *   for ~100–150 ms a page.
 *   Scan optimisation is left out (~60–100 ms a page for ~8 % of bytes, made up by the quality). With table 3 the
 *   size does not fall evenly with the quality (heaviest page: 38 → 117 KB, 40 → 125 KB), hence the factor.
 */
const COLOUR_JPEG = { optimiseCoding: true, overshootDeringing: true, chromaSubsampling: '4:2:0' } as const;
/** mozjpeg's preset (trellis, progressive, table 3, deringing) without its slowest part, the scan search. */
const GREY_JPEG = { mozjpeg: true, optimiseScans: false } as const;
const greyQuality = (colourQuality: number): number => Math.max(10, Math.round(colourQuality * 0.5));

export async function preparePage(input: Uint8Array | string, opts: { mode?: ScanMode; dpi?: number; jpegQuality: number }): Promise<PreparedPage> {
  const src = await open(input);
  const mode: ScanMode = opts.mode ?? (src.bilevel ? 'bw' : src.grey ? 'gray' : 'color');
  const dpi = usableDensity(src.density) ?? (opts.dpi && opts.dpi > 0 ? Math.round(opts.dpi) : DEFAULT_DPI);
  const quality = Math.max(10, Math.min(100, Math.round(opts.jpegQuality)));
  try {
    // Decoded once (a PNG page is ~20–40 ms), straight into the bands the stored page keeps: 3 for colour, 1 for grey
    // and black-and-white, so neither the analysis nor the encoding converts the full page again.
    const { data, info } = await src
      .make()
      .flatten({ background: '#ffffff' })
      .toColourspace(mode === 'color' ? 'srgb' : 'b-w')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    const pixels = (): Sharp => sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
    const analysis = await analyse(pixels(), info.width);
    let bytes: Buffer;
    if (mode === 'bw') bytes = await toBilevelPng(pixels(), analysis.paper, dpi);
    else {
      const whitened = await whiten(pixels, analysis.paper, { width: info.width, height: info.height, channels: info.channels });
      bytes =
        mode === 'color'
          ? await whitened.jpeg({ ...COLOUR_JPEG, quality }).toBuffer()
          : await whitened
              .toColourspace('b-w')
              .jpeg({ ...GREY_JPEG, quality: greyQuality(quality) })
              .toBuffer();
    }
    return {
      image: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      format: mode === 'bw' ? 'png' : 'jpeg',
      width: src.width,
      height: src.height,
      dpi,
      mode,
      inkRatio: analysis.inkRatio,
      blank: analysis.inkRatio < BLANK_INK_RATIO,
      dhash: analysis.dhash,
    };
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw unsupported((e as Error).message, e);
  }
}

/**
 * Background removal, as scanner drivers do: paper and its grain become pure white. It is what keeps grey and colour
 * pages within the size figures (grain is most of a JPEG's bytes) and gives OCR a cleaner page. Every sample at or
 * above the cut (PAPER_MARGIN under the paper) becomes 255 and the rest is left as scanned: a mask and an OR, both
 * integer operations in libvips (~20 ms a colour page), where the earlier linear stretch ran in floating point (~40 ms)
 * and also lightened the ink. Per channel, so tinted paper turns white too; a dark page (paper under 160) is kept.
 */
async function whiten(pixels: () => Sharp, paper: number, raw: { width: number; height: number; channels: 1 | 2 | 3 | 4 }): Promise<Sharp> {
  if (paper < 160) return pixels();
  const cut = Math.max(150, paper - PAPER_MARGIN);
  // One band stays one band only when said so: sharp's raw output is sRGB by default.
  const mask = await pixels()
    .threshold(cut, { greyscale: false })
    .toColourspace(raw.channels === 1 ? 'b-w' : 'srgb')
    .raw({ depth: 'uchar' })
    .toBuffer();
  return pixels().boolean(mask, 'or', { raw });
}

/**
 * 1-bit greyscale PNG (0 = black): the cut sits between the paper and black, so thin strokes survive on grey paper.
 * Thresholded and packed by libvips (a grey PNG at bit depth 1, unfiltered rows): the same bytes-per-row layout the
 * PDF writer passes through as-is, without a JS loop over the page's pixels on the main thread.
 */
async function toBilevelPng(pipeline: Sharp, paper: number, dpi: number): Promise<Buffer> {
  const cut = Math.max(60, Math.min(200, Math.round(paper * 0.7)));
  return pipeline.threshold(cut).toColourspace('b-w').png({ colours: 2, palette: false, compressionLevel: 6, adaptiveFiltering: false }).withDensity(dpi).toBuffer();
}

/**
 * Writes a 1-bit PNG itself from grey pixels already in memory (rotate's path; preparePage lets libvips do it): a
 * plain greyscale 1-bit PNG is what the PDF writer can pass through as-is (its IDAT is a Flate stream with predictors).
 */
export function encodeBilevelPng(grey: Uint8Array, width: number, height: number, channels: number, cut: number, dpi: number): Buffer {
  const rowBytes = Math.ceil(width / 8);
  const raw = Buffer.alloc((rowBytes + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (rowBytes + 1); // filter byte 0 (None) first
    for (let x = 0; x < width; x++) {
      if (grey[(y * width + x) * channels] >= cut) raw[row + 1 + (x >> 3)] |= 0x80 >> (x & 7);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  const phys = Buffer.alloc(9);
  const ppm = Math.round(dpi / 0.0254);
  phys.writeUInt32BE(ppm, 0);
  phys.writeUInt32BE(ppm, 4);
  phys[8] = 1; // metres
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('pHYs', phys),
    pngChunk('IDAT', deflateSync(raw, { level: 6 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function pngChunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])) >>> 0, 0);
  return Buffer.concat([head, body, crc]);
}

export async function splitImageFile(bytes: Uint8Array): Promise<Uint8Array[]> {
  const buf = asBuffer(bytes);
  if (isPnm(buf) || isBmp(buf)) {
    const src = await open(buf);
    return [toU8(await src.make().png().toBuffer())];
  }
  let pages: number;
  try {
    const meta = await sharp(buf, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
    if (!meta.width || !meta.height || meta.format === 'svg' || meta.format === 'pdf') throw new Error(`định dạng ${meta.format ?? '?'}`);
    pages = Math.max(1, meta.pages ?? 1);
  } catch (e) {
    throw unsupported((e as Error).message, e);
  }
  if (pages > MAX_FILE_PAGES) throw unsupported(`${pages} trang`);
  const out: Uint8Array[] = [];
  for (let page = 0; page < pages; page++) {
    try {
      out.push(toU8(await sharp(buf, { limitInputPixels: MAX_INPUT_PIXELS, page }).autoOrient().png().toBuffer()));
    } catch (e) {
      throw unsupported(`trang ${page + 1}: ${(e as Error).message}`, e);
    }
  }
  return out;
}

export async function thumbnail(image: Uint8Array, rotation: Rotation, maxSide = 320): Promise<Uint8Array> {
  const buf = await sharp(asBuffer(image), { limitInputPixels: MAX_INPUT_PIXELS })
    .rotate(rotation)
    .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: 72 })
    .toBuffer();
  return toU8(buf);
}

export async function rotate(image: Uint8Array, rotation: Rotation): Promise<Uint8Array> {
  if (rotation === 0) return image.slice();
  const buf = asBuffer(image);
  const meta = await sharp(buf, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
  const turned = sharp(buf, { limitInputPixels: MAX_INPUT_PIXELS }).rotate(rotation);
  if (meta.format === 'jpeg') return toU8(await turned.jpeg({ quality: 90, mozjpeg: true, chromaSubsampling: meta.chromaSubsampling === '4:4:4' ? '4:4:4' : '4:2:0' }).toBuffer());
  if (meta.bitsPerSample === 1) {
    const { data, info } = await turned.greyscale().raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    return toU8(encodeBilevelPng(data, info.width, info.height, info.channels, 128, usableDensity(meta.density) ?? DEFAULT_DPI));
  }
  return toU8(await turned.png().toBuffer());
}

export async function forOcr(image: Uint8Array, rotation: Rotation, dpi: number): Promise<{ png: Uint8Array; scale: number }> {
  const buf = asBuffer(image);
  const meta = await sharp(buf, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
  const width = rotation === 90 || rotation === 270 ? (meta.height ?? 0) : (meta.width ?? 0);
  const target = dpi > 0 && dpi < 300 && width > 0 ? Math.round((width * 300) / dpi) : width;
  // The real ratio of the rounded width, so word boxes divided by it land on the page's own pixels.
  const scale = width > 0 ? target / width : 1;
  let p = sharp(buf, { limitInputPixels: MAX_INPUT_PIXELS }).rotate(rotation).flatten({ background: '#ffffff' }).toColourspace('b-w');
  if (target !== width) p = p.resize({ width: target, kernel: 'cubic' });
  // Level 1: the PNG lives for one OCR call; spending CPU on compression would slow reading down.
  return { png: toU8(await p.png({ compressionLevel: 1 }).toBuffer()), scale };
}

function toU8(b: Buffer): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

export const pageImaging: PageImaging = { preparePage, splitImageFile, thumbnail, rotate, forOcr };
