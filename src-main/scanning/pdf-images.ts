// pdfPageImages (types.ts): the picture of each page of a scanned PDF received from elsewhere, for OCR — the
// largest image XObject on the page (also inside a form XObject). JPEG images come out byte-for-byte; 8-bit Flate
// grey/RGB and 1-bit images become PNG through sharp. Reads with the project's own lazy PDF reader (src-main/pdf);
// never modifies the PDF. Filters it cannot decode cheaply (CCITT, JBIG2, JPX) give null for that page.

import sharp from 'sharp';
import { decodeStream } from '../pdf/decode';
import { openPdf, type PdfFile } from '../pdf/file';
import { isName, isRef, isStream, type PdfDict, type PdfObject, type PdfStream } from '../pdf/objects';
import type { PdfPageImages } from './types';

const MAX_IMAGE_PIXELS = 100_000_000;

export const pdfPageImages: PdfPageImages = async (pdf, opts = {}) => {
  const file = openPdf(pdf);
  const pages = file.pages();
  const count = Math.min(pages.length, opts.maxPages ?? pages.length);
  const out: Array<{ page: number; image: Uint8Array; format: 'jpeg' | 'png' } | null> = [];
  for (let i = 0; i < count; i++) {
    const resources = file.resolveDict(pages[i].inherited.map.get('Resources'));
    const image = largestImage(file, resources, 0);
    out.push(image ? await extract(file, image, i + 1) : null);
  }
  return out;
};

function largestImage(file: PdfFile, resources: PdfDict | undefined, depth: number): PdfStream | null {
  const xobjects = file.resolveDict(resources?.map.get('XObject'));
  if (!xobjects || depth > 3) return null;
  let best: PdfStream | null = null;
  let bestArea = 0;
  for (const v of xobjects.map.values()) {
    const o = file.resolve(v);
    if (!isStream(o)) continue;
    let candidate: PdfStream | null = null;
    if (isName(o.dict.map.get('Subtype'), 'Image')) candidate = o;
    else if (isName(o.dict.map.get('Subtype'), 'Form')) candidate = largestImage(file, file.resolveDict(o.dict.map.get('Resources')), depth + 1);
    const area = candidate ? num(file, candidate.dict, 'Width') * num(file, candidate.dict, 'Height') : 0;
    if (candidate && area > bestArea) {
      best = candidate;
      bestArea = area;
    }
  }
  return best;
}

function num(file: PdfFile, d: PdfDict, key: string): number {
  const v = file.resolve(d.map.get(key));
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : 0;
}

function filterNames(file: PdfFile, d: PdfDict): string[] {
  const f = file.resolve(d.map.get('Filter'));
  if (isName(f)) return [f.name];
  if (Array.isArray(f))
    return f
      .map((x) => file.resolve(x))
      .filter((x): x is { kind: 'name'; name: string } => isName(x))
      .map((x) => x.name);
  return [];
}

/** Components of the colour space, when it is one a scan uses (Device*, ICCBased); null otherwise. */
function components(file: PdfFile, cs: PdfObject | undefined): 1 | 3 | null {
  const v = file.resolve(cs);
  if (isName(v, 'DeviceGray') || isName(v, 'G') || isName(v, 'CalGray')) return 1;
  if (isName(v, 'DeviceRGB') || isName(v, 'RGB') || isName(v, 'CalRGB')) return 3;
  if (Array.isArray(v) && isName(file.resolve(v[0]), 'ICCBased')) {
    const s = file.resolve(v[1]);
    const n = isStream(s) ? file.resolve(s.dict.map.get('N')) : undefined;
    return n === 1 ? 1 : n === 3 ? 3 : null;
  }
  if (Array.isArray(v) && (isName(file.resolve(v[0]), 'CalGray') || isName(file.resolve(v[0]), 'CalRGB'))) return isName(file.resolve(v[0]), 'CalGray') ? 1 : 3;
  return null;
}

async function extract(file: PdfFile, s: PdfStream, page: number): Promise<{ page: number; image: Uint8Array; format: 'jpeg' | 'png' } | null> {
  const filters = filterNames(file, s.dict);
  if (filters.length === 1 && (filters[0] === 'DCTDecode' || filters[0] === 'DCT')) return { page, image: s.data.slice(), format: 'jpeg' };
  if (!filters.every((f) => f === 'FlateDecode' || f === 'Fl')) return null;
  const width = num(file, s.dict, 'Width');
  const height = num(file, s.dict, 'Height');
  if (!width || !height || width * height > MAX_IMAGE_PIXELS) return null;
  const isMask = file.resolve(s.dict.map.get('ImageMask')) === true;
  const bpc = isMask ? 1 : num(file, s.dict, 'BitsPerComponent');
  const comps = isMask ? 1 : components(file, s.dict.map.get('ColorSpace'));
  if (!comps || (bpc !== 8 && !(bpc === 1 && comps === 1))) return null;
  let data: Uint8Array;
  try {
    // The reader's decoder resolves only direct values; a /Length or /DecodeParms given by reference is resolved here.
    data = decodeStream({ kind: 'stream', dict: resolvedDict(file, s.dict), data: s.data });
  } catch {
    return null;
  }
  const decode = file.resolve(s.dict.map.get('Decode'));
  // A 1-bit image shows black for 0 unless /Decode [1 0] says otherwise; an image mask paints where the bit is 0.
  const invert = Array.isArray(decode) && decode[0] === 1;
  let raw: Buffer;
  if (bpc === 1) {
    const rowBytes = Math.ceil(width / 8);
    if (data.length < rowBytes * height) return null;
    raw = Buffer.alloc(width * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const bit = (data[y * rowBytes + (x >> 3)] >> (7 - (x & 7))) & 1;
        raw[y * width + x] = (bit === 1) !== invert ? 255 : 0;
      }
    }
  } else {
    if (data.length < width * height * comps) return null;
    raw = Buffer.from(data.buffer, data.byteOffset, width * height * comps);
  }
  const png = await sharp(raw, { raw: { width, height, channels: bpc === 1 ? 1 : comps } })
    .png({ compressionLevel: 3 })
    .toBuffer();
  return { page, image: new Uint8Array(png.buffer, png.byteOffset, png.byteLength), format: 'png' };
}

function resolvedDict(file: PdfFile, d: PdfDict): PdfDict {
  const map = new Map<string, PdfObject>();
  for (const [k, v] of d.map) {
    const r = isRef(v) ? file.resolve(v) : v;
    map.set(k, Array.isArray(r) ? r.map((x) => (isRef(x) ? (file.resolve(x) ?? null) : x)) : (r ?? null));
  }
  return { kind: 'dict', map };
}
