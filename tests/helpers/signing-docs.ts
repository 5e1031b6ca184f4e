// Documents for the signing tests: an official letter laid out as NĐ 30 asks (Số: …/UBND-VP, "…, ngày … tháng …
// năm …", the signing block with the signer's name) made by pdf-lib (xref stream + object streams, or a classic
// table) or by LibreOffice; and transparent PNGs for the signature and the seal.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument } from 'pdf-lib';

const FONTS = path.join(process.cwd(), 'resources', 'fonts');

export interface LetterOptions {
  signerName: string;
  place?: string;
  pages?: number;
  objectStreams?: boolean;
}

/** A one- or more-page công văn with blanks for the number and the date. */
export async function officialLetter(o: LetterOptions): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const regular = await doc.embedFont(fs.readFileSync(path.join(FONTS, 'LiberationSerif-Regular.ttf')), { subset: true });
  const bold = await doc.embedFont(fs.readFileSync(path.join(FONTS, 'LiberationSerif-Bold.ttf')), { subset: true });
  const pages = o.pages ?? 1;
  for (let p = 1; p <= pages; p++) {
    const page = doc.addPage([595.28, 841.89]);
    const t = (text: string, x: number, y: number, size = 13, b = false) => page.drawText(text, { x, y, size, font: b ? bold : regular });
    if (p === 1) {
      t('UBND XÃ ĐÔNG HÒA', 70, 790, 13, true);
      t('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 280, 790, 13, true);
      t('Độc lập - Tự do - Hạnh phúc', 330, 772, 13, true);
      t('Số:         /UBND-VP', 75, 750);
      t(`${o.place ?? 'Đông Hòa'}, ngày      tháng      năm 2026`, 320, 750);
      t('V/v báo cáo kết quả rà soát hộ nghèo năm 2026', 60, 725, 12);
      t('Kính gửi: Phòng Lao động - Thương binh và Xã hội huyện.', 120, 690);
    }
    for (let i = 0; i < 12; i++) t(`Nội dung đoạn ${i + 1} của trang ${p}: Ủy ban nhân dân xã báo cáo kết quả thực hiện.`, 85, 650 - i * 22, 13);
    if (p === pages) {
      t('TM. ỦY BAN NHÂN DÂN', 350, 300, 13, true);
      t('CHỦ TỊCH', 390, 282, 13, true);
      t(o.signerName, 370, 190, 13, true);
    }
  }
  return doc.save({ useObjectStreams: o.objectStreams ?? true });
}

/** The same letter made by LibreOffice (its own PDF writer), from HTML. */
export function officialLetterLibreOffice(dir: string, o: LetterOptions): Uint8Array {
  fs.mkdirSync(dir, { recursive: true });
  const html = `<!doctype html><html><head><meta charset="utf-8"><style>body{font-family:'Liberation Serif';font-size:13pt}</style></head><body>
<table width="100%"><tr><td><b>UBND XÃ ĐÔNG HÒA</b></td><td align="center"><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br><b>Độc lập - Tự do - Hạnh phúc</b></td></tr>
<tr><td>Số:         /UBND-VP</td><td align="center"><i>${o.place ?? 'Đông Hòa'}, ngày      tháng      năm 2026</i></td></tr></table>
<p>Kính gửi: Phòng Lao động - Thương binh và Xã hội huyện.</p>
<p>Ủy ban nhân dân xã báo cáo kết quả rà soát hộ nghèo, hộ cận nghèo năm 2026.</p>
<table width="100%"><tr><td></td><td align="center"><b>TM. ỦY BAN NHÂN DÂN<br>CHỦ TỊCH</b><br><br><br><br><br><b>${o.signerName}</b></td></tr></table>
</body></html>`;
  const src = path.join(dir, 'cong-van.html');
  fs.writeFileSync(src, html);
  execFileSync('soffice', [`-env:UserInstallation=file://${path.join(dir, 'lo-profile')}`, '--headless', '--convert-to', 'pdf:writer_web_pdf_Export', '--outdir', dir, src], {
    stdio: 'ignore',
    timeout: 120_000,
  });
  return fs.readFileSync(path.join(dir, 'cong-van.pdf'));
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** An RGBA PNG drawn by `pixel(x, y)` → [r, g, b, a]. */
export function makePng(w: number, h: number, pixel: (x: number, y: number) => [number, number, number, number]): Uint8Array {
  const raw = Buffer.alloc((w * 4 + 1) * h);
  for (let y = 0; y < h; y++) {
    raw[y * (w * 4 + 1)] = 0;
    for (let x = 0; x < w; x++) raw.set(pixel(x, y), y * (w * 4 + 1) + 1 + x * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** A blue scribble on a transparent background: the signer's handwritten signature. */
export const signaturePng = () => makePng(240, 100, (x, y) => (Math.abs(y - 50 - 30 * Math.sin(x / 18)) < 3 ? [20, 40, 170, 255] : [0, 0, 0, 0]));

/** A red ring on a transparent background: the seal. */
export const sealPng = () =>
  makePng(200, 200, (x, y) => {
    const r = Math.hypot(x - 100, y - 100);
    return (r > 88 && r < 97) || (r > 60 && r < 64) ? [200, 20, 20, 255] : [0, 0, 0, 0];
  });
