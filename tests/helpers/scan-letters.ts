// Test helper for the scanning tests: a Vietnamese letter rendered as a page image by ImageMagick (the policy forbids
// `@file`, so the text goes inline), and a scanned PDF made of such a picture (no text layer), made with pdf-lib.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';

const FONT = path.join(process.cwd(), 'resources', 'fonts', 'LiberationSerif-Regular.ttf');

export const LETTER_LINES = [
  'ỦY BAN NHÂN DÂN HUYỆN KIM BẢNG',
  'Số: 123/UBND-VP',
  'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  'Độc lập - Tự do - Hạnh phúc',
  'Kim Bảng, ngày 05 tháng 11 năm 2026',
  'V/v kiểm tra đê điều trước mùa mưa bão',
  'Kính gửi: Ủy ban nhân dân xã Đồng Hóa',
  'Đề nghị xã chuẩn bị bao tải cát và rọ thép dự phòng,',
  'báo cáo kết quả trước ngày 15/12/2026.',
  'CHỦ TỊCH',
  'Nguyễn Văn Bình',
];

/** An A4 page at 150 dpi (1240×1754) with the lines, as PNG (grey, 8 bit); `extra` adds a distinguishing line. */
export function letterPng(dir: string, name: string, lines: string[] = LETTER_LINES): Buffer {
  const out = path.join(dir, `${name}.png`);
  const args = ['-size', '1240x1754', 'xc:white', '-font', FONT, '-pointsize', '30', '-fill', 'black'];
  lines.forEach((l, i) => args.push('-annotate', `+110+${160 + i * 62}`, l));
  args.push('-units', 'PixelsPerInch', '-density', '150', '-colorspace', 'Gray', '-depth', '8', out);
  execFileSync('convert', args);
  return fs.readFileSync(out);
}

/** A scanned PDF: one page holding only the picture (as JPEG), no text at all. */
export async function scannedPdf(dir: string, lines: string[]): Promise<Uint8Array> {
  const png = path.join(dir, 'scan-src.png');
  fs.writeFileSync(png, letterPng(dir, 'scan-src', lines));
  const jpg = path.join(dir, 'scan-src.jpg');
  execFileSync('convert', [png, '-quality', '85', jpg]);
  const doc = await PDFDocument.create();
  const img = await doc.embedJpg(fs.readFileSync(jpg));
  const page = doc.addPage([595.28, 841.89]);
  page.drawImage(img, { x: 0, y: 0, width: 595.28, height: 841.89 });
  return doc.save();
}
