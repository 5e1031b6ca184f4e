// Decoders for the two page formats sharp's bundled libvips cannot read: PNM (scanimage's default output, P1–P6)
// and uncompressed BMP (old office scanners' "scan to folder"). They give raw pixels for sharp's raw input; any
// damage or unsupported variant is an AppError('unsupported_file_type'), never a crash or an unbounded allocation.

import { AppError } from '../../src-shared/errors';

export interface RawImage {
  data: Buffer;
  width: number;
  height: number;
  channels: 1 | 3 | 4;
  /** Source bits per sample: 1 for bilevel pictures (kept so the caller can choose the black-and-white mode). */
  bits: 1 | 8 | 16;
}

const refuse = (why: string): AppError => new AppError('unsupported_file_type', `Tệp ảnh bị hỏng hoặc không đọc được (${why}).`, { details: { reason: why } });

function checkSize(width: number, height: number, maxPixels: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) throw refuse('kích thước ảnh không hợp lệ');
  if (width * height > maxPixels) throw refuse('ảnh quá lớn');
}

export function isPnm(b: Uint8Array): boolean {
  return b.length > 2 && b[0] === 0x50 && b[1] >= 0x31 && b[1] <= 0x36 && (b[2] === 0x0a || b[2] === 0x0d || b[2] === 0x20 || b[2] === 0x09);
}

export function isBmp(b: Uint8Array): boolean {
  return b.length > 26 && b[0] === 0x42 && b[1] === 0x4d;
}

/** Netpbm P1–P6 (one image; scanimage writes one per page). 16-bit samples are scaled down to 8 bits. */
export function decodePnm(bytes: Uint8Array, maxPixels: number): RawImage {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kind = b[1] - 0x30;
  let pos = 2;
  const token = (): number => {
    for (;;) {
      while (pos < b.length && /\s/.test(String.fromCharCode(b[pos]))) pos++;
      if (b[pos] === 0x23) while (pos < b.length && b[pos] !== 0x0a && b[pos] !== 0x0d) pos++;
      else break;
    }
    const start = pos;
    while (pos < b.length && b[pos] >= 0x30 && b[pos] <= 0x39) pos++;
    if (pos === start) throw refuse('phần đầu PNM hỏng');
    return Number(b.toString('latin1', start, pos));
  };
  const width = token();
  const height = token();
  const maxval = kind === 1 || kind === 4 ? 1 : token();
  if (maxval < 1 || maxval > 65535) throw refuse('giá trị điểm ảnh tối đa không hợp lệ');
  checkSize(width, height, maxPixels);
  const channels: 1 | 3 = kind === 3 || kind === 6 ? 3 : 1;
  const n = width * height * channels;
  const out = Buffer.alloc(n);
  const scale = (v: number): number => (maxval === 255 ? v : Math.round((Math.min(v, maxval) * 255) / maxval));
  if (kind <= 3) {
    // Plain (ASCII) variants: P1 digits may be written without separators.
    for (let i = 0; i < n; i++) {
      if (kind === 1) {
        while (pos < b.length && b[pos] !== 0x30 && b[pos] !== 0x31) {
          if (b[pos] === 0x23) while (pos < b.length && b[pos] !== 0x0a) pos++;
          else pos++;
        }
        if (pos >= b.length) throw refuse('dữ liệu PNM bị cắt cụt');
        out[i] = b[pos++] === 0x31 ? 0 : 255;
      } else out[i] = scale(token());
    }
  } else {
    pos++; // the single whitespace after the header
    if (kind === 4) {
      const rowBytes = Math.ceil(width / 8);
      if (b.length < pos + rowBytes * height) throw refuse('dữ liệu PNM bị cắt cụt');
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) out[y * width + x] = (b[pos + y * rowBytes + (x >> 3)] >> (7 - (x & 7))) & 1 ? 0 : 255;
      }
    } else {
      const wide = maxval > 255;
      if (b.length < pos + n * (wide ? 2 : 1)) throw refuse('dữ liệu PNM bị cắt cụt');
      if (!wide && maxval === 255) b.copy(out, 0, pos, pos + n);
      else for (let i = 0; i < n; i++) out[i] = scale(wide ? b.readUInt16BE(pos + i * 2) : b[pos + i]);
    }
  }
  return { data: out, width, height, channels, bits: kind === 1 || kind === 4 ? 1 : 8 };
}

/** Uncompressed BMP: 1/4/8-bit palette, 24-bit, 32-bit (BI_RGB or BI_BITFIELDS with 8-bit masks). */
export function decodeBmp(bytes: Uint8Array, maxPixels: number): RawImage {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < 54) throw refuse('tệp BMP quá ngắn');
  const dataOffset = b.readUInt32LE(10);
  const headerSize = b.readUInt32LE(14);
  if (headerSize < 40) throw refuse('kiểu BMP cũ không được hỗ trợ');
  const width = b.readInt32LE(18);
  const rawHeight = b.readInt32LE(22);
  const bpp = b.readUInt16LE(28);
  const compression = b.readUInt32LE(30);
  const topDown = rawHeight < 0;
  const height = Math.abs(rawHeight);
  checkSize(width, height, maxPixels);
  if (compression !== 0 && !(compression === 3 && bpp === 32)) throw refuse('BMP nén không được hỗ trợ');
  if (![1, 4, 8, 24, 32].includes(bpp)) throw refuse(`BMP ${bpp} bit không được hỗ trợ`);
  const rowBytes = Math.ceil((width * bpp) / 32) * 4;
  if (dataOffset + rowBytes * height > b.length) throw refuse('dữ liệu BMP bị cắt cụt');
  let palette: Buffer | null = null;
  if (bpp <= 8) {
    const used = b.readUInt32LE(46) || 1 << bpp;
    const start = 14 + headerSize;
    if (start + used * 4 > dataOffset) throw refuse('bảng màu BMP hỏng');
    palette = b.subarray(start, start + used * 4);
  }
  let masks = { r: 0x00ff0000, g: 0x0000ff00, b: 0x000000ff };
  if (compression === 3) masks = { r: b.readUInt32LE(54), g: b.readUInt32LE(58), b: b.readUInt32LE(62) };
  const shiftOf = (m: number): number => (m ? 31 - Math.clz32(m & -m) : 0);
  const sh = { r: shiftOf(masks.r), g: shiftOf(masks.g), b: shiftOf(masks.b) };
  const out = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    const row = dataOffset + (topDown ? y : height - 1 - y) * rowBytes;
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      if (palette) {
        const idx = bpp === 8 ? b[row + x] : bpp === 4 ? (b[row + (x >> 1)] >> (x & 1 ? 0 : 4)) & 15 : (b[row + (x >> 3)] >> (7 - (x & 7))) & 1;
        const p = Math.min(idx, palette.length / 4 - 1) * 4;
        out[o] = palette[p + 2];
        out[o + 1] = palette[p + 1];
        out[o + 2] = palette[p];
      } else if (bpp === 24) {
        out[o] = b[row + x * 3 + 2];
        out[o + 1] = b[row + x * 3 + 1];
        out[o + 2] = b[row + x * 3];
      } else {
        const v = b.readUInt32LE(row + x * 4);
        out[o] = ((v & masks.r) >>> sh.r) & 255;
        out[o + 1] = ((v & masks.g) >>> sh.g) & 255;
        out[o + 2] = ((v & masks.b) >>> sh.b) & 255;
      }
    }
  }
  return { data: out, width, height, channels: 3, bits: bpp === 1 ? 1 : 8 };
}
