// Stream decoding for what the reader needs: FlateDecode with PNG/TIFF predictors (xref streams, object streams).
// Output is bounded so a hostile stream cannot exhaust memory; other filters are refused with AppError.

import { inflateSync } from 'node:zlib';
import { isDict, isName, type PdfObject, type PdfStream } from './objects';
import { unreadable } from './parse';

const MAX_DECODED = 256 * 1024 * 1024;

function filters(s: PdfStream): { names: string[]; parms: PdfObject[] } {
  const f = s.dict.map.get('Filter');
  const p = s.dict.map.get('DecodeParms') ?? s.dict.map.get('DP');
  const names = Array.isArray(f) ? f.filter((x) => isName(x)).map((x) => x.name) : isName(f) ? [f.name] : [];
  const parms = Array.isArray(p) ? p : [p ?? null];
  return { names, parms };
}

/** The decoded bytes of a stream (only FlateDecode is supported; unfiltered streams are returned as-is). */
export function decodeStream(s: PdfStream): Uint8Array {
  const { names, parms } = filters(s);
  let data = s.data;
  names.forEach((n, i) => {
    if (n !== 'FlateDecode' && n !== 'Fl') throw unreadable(`Bộ lọc ${n} không được hỗ trợ`);
    data = inflate(data);
    data = unpredict(data, parms[i] ?? null);
  });
  return data;
}

function inflate(data: Uint8Array): Uint8Array {
  try {
    return inflateSync(data, { maxOutputLength: MAX_DECODED, finishFlush: 2 /* Z_SYNC_FLUSH: tolerate truncated */ });
  } catch (e) {
    throw unreadable(`Không giải nén được luồng: ${(e as Error).message}`);
  }
}

function num(d: PdfObject, key: string, fallback: number): number {
  const v = isDict(d) ? d.map.get(key) : undefined;
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : fallback;
}

function unpredict(data: Uint8Array, parms: PdfObject): Uint8Array {
  const predictor = num(parms, 'Predictor', 1);
  if (predictor < 10) return data;
  const colors = Math.min(num(parms, 'Colors', 1), 32);
  const bpc = Math.min(num(parms, 'BitsPerComponent', 8), 16);
  const columns = Math.min(num(parms, 'Columns', 1), 1 << 20);
  const bpp = Math.max(1, Math.ceil((colors * bpc) / 8));
  const rowLen = Math.ceil((colors * bpc * columns) / 8);
  const rows = Math.floor(data.length / (rowLen + 1));
  const out = new Uint8Array(rows * rowLen);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowLen + 1)];
    const src = r * (rowLen + 1) + 1;
    const dst = r * rowLen;
    for (let i = 0; i < rowLen; i++) {
      const left = i >= bpp ? out[dst + i - bpp] : 0;
      const up = r > 0 ? out[dst - rowLen + i] : 0;
      const upLeft = r > 0 && i >= bpp ? out[dst - rowLen + i - bpp] : 0;
      out[dst + i] = (data[src + i] + predict(type, left, up, upLeft)) & 0xff;
    }
  }
  return out;
}

function predict(type: number, left: number, up: number, upLeft: number): number {
  switch (type) {
    case 1:
      return left;
    case 2:
      return up;
    case 3:
      return (left + up) >> 1;
    case 4: {
      const p = left + up - upLeft;
      const pa = Math.abs(p - left);
      const pb = Math.abs(p - up);
      const pc = Math.abs(p - upLeft);
      return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
    }
    default:
      return 0;
  }
}
