// What the registration form would be prefilled with for one file on disk, without a database: a PDF's text layer
// (or OCR of its first page's picture when it has none), an image's OCR. Used by `vanthu scan prefill` for support
// staff and for checking accuracy on real letters; the agency and type ids stay null (no directory here).

import fs from 'node:fs/promises';
import type { PrefillDto } from '../../src-shared/api/scanning';
import { todayVn } from '../../src-shared/calendar/vn-time';
import { AppError } from '../../src-shared/errors';
import { extractTextResult } from '../blobs/extract-text';
import type { Logger } from '../env';
import { createOcrDriver } from '../ocr/index';
import { openPdf } from '../pdf/file';
import { pageImaging, pictureDpi } from './images';
import { pdfPageImages } from './pdf-images';
import { toPrefill } from './prefill';
import { sniffInput } from './service';

export interface FilePrefill {
  prefill: PrefillDto;
  text: string;
  /** Where the text came from. */
  source: 'text' | 'ocr' | 'none';
}

/** Reads the file (ENOENT and friends are thrown as they are: the caller tells "missing" from "unreadable"). */
export async function prefillFile(file: string, opts: { resourcesDir: string; now?: number; logger?: Logger; ocr?: 'native' | 'wasm' }): Promise<FilePrefill> {
  const bytes = new Uint8Array(await fs.readFile(file));
  const kind = sniffInput(bytes);
  if (!kind) throw new AppError('unsupported_file_type', 'Tệp không phải PDF hay ảnh (JPG, PNG, GIF, TIFF, BMP).');
  let text = '';
  let source: FilePrefill['source'] = 'none';
  let pageCount: number | null = 1;
  let image: Uint8Array | null = null;
  if (kind === 'pdf') {
    try {
      pageCount = openPdf(bytes).pages().length;
    } catch {
      throw new AppError('pdf_unreadable', 'Không đọc được tệp PDF (tệp bị hỏng hoặc không đầy đủ).');
    }
    const r = await extractTextResult(bytes, 'pdf');
    if (r.text.trim()) {
      text = r.text;
      source = 'text';
    } else {
      image = (await pdfPageImages(bytes, { maxPages: 1 }))[0]?.image ?? null;
    }
  } else {
    try {
      image = (await pageImaging.splitImageFile(bytes))[0] ?? null;
    } catch (e) {
      throw e instanceof AppError ? e : new AppError('unsupported_file_type', 'Không đọc được ảnh (tệp bị hỏng hoặc ảnh quá lớn).');
    }
  }
  if (image) {
    const dpi = await pictureDpi(image);
    const { png, scale } = await pageImaging.forOcr(image, 0, dpi);
    const driver = await createOcrDriver({ resourcesDir: opts.resourcesDir, prefer: opts.ocr, logger: opts.logger });
    if (!driver) throw new AppError('ocr_unavailable', 'Máy này chưa có bộ nhận dạng chữ (tesseract) dùng được, nên không đọc được chữ trên ảnh.');
    try {
      text = (await driver.recognize(png, { dpi: Math.round(dpi * scale) })).text;
      source = 'ocr';
    } finally {
      await driver.close();
    }
  }
  const prefill = toPrefill(text, pageCount, todayVn(opts.now ?? Date.now()));
  return { prefill, text, source };
}

const LABELS: Array<[keyof PrefillDto, string]> = [
  ['issuer', 'Cơ quan ban hành'],
  ['codeNumber', 'Số'],
  ['codeNotation', 'Ký hiệu'],
  ['place', 'Địa danh'],
  ['issuedDate', 'Ngày văn bản'],
  ['docType', 'Loại văn bản'],
  ['subject', 'Trích yếu'],
  ['signerPosition', 'Chức vụ người ký'],
  ['signerName', 'Người ký'],
  ['handlingDueDate', 'Hạn xử lý đề nghị'],
  ['replyRequested', 'Yêu cầu trả lời'],
];

/** The fields with their confidences and the text, in Vietnamese, for a person to read. */
export function formatPrefill(file: string, r: FilePrefill): string {
  const lines = [`Tệp: ${file}`, `Nguồn chữ: ${r.source === 'text' ? 'lớp chữ của PDF' : r.source === 'ocr' ? 'nhận dạng chữ (OCR)' : 'không có chữ'}`];
  if (r.prefill.pageCount != null) lines.push(`Số trang: ${r.prefill.pageCount}`);
  for (const [key, label] of LABELS) {
    const s = r.prefill[key] as { value: unknown; confidence: number } | null;
    if (!s) {
      lines.push(`${label}: —`);
      continue;
    }
    const v = s.value as unknown;
    const shown =
      typeof v === 'boolean'
        ? v
          ? 'có'
          : 'không'
        : v && typeof v === 'object'
          ? [(v as { name?: string }).name, (v as { code?: string | null; abbr?: string | null }).code ?? (v as { abbr?: string | null }).abbr].filter(Boolean).join(' — ')
          : String(v);
    lines.push(`${label}: ${shown} (độ tin cậy ${Math.round(s.confidence * 100)}%)`);
  }
  lines.push('', '--- Nội dung đọc được ---', r.text.trim() || '(không có)');
  return `${lines.join('\n')}\n`;
}
