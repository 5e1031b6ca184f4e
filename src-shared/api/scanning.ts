// Contract for getting paper in (scanner.*, imports.*, ocr.*): drive the scanner, the scan tray (pages to check,
// reorder, rotate, delete, split), the watched folder, PDF assembly with a text layer, Vietnamese OCR and the
// registration-form prefill. Mirrors src-main/scanning/ (handlers: src-main/scanning/handlers.ts).

import { z } from 'zod';
import { binaryIn, id, method, none, text, type BinaryOut } from './define';

// ---- scanners --------------------------------------------------------------------------------------------------

export const SCAN_SOURCES = { flatbed: 'Mặt kính', adf: 'Khay nạp giấy (ADF)', 'adf-duplex': 'Khay nạp giấy, hai mặt' } as const;
export type ScanSource = keyof typeof SCAN_SOURCES;
export const SCAN_MODES = { color: 'Màu', gray: 'Xám', bw: 'Đen trắng' } as const;
export type ScanMode = keyof typeof SCAN_MODES;

export interface ScannerDeviceDto {
  /** The backend's device name (SANE `test:0`, WIA DeviceID). */
  id: string;
  /** Vendor and model as the person knows it. */
  name: string;
  backend: 'sane' | 'wia';
  sources: ScanSource[];
  modes: ScanMode[];
  /** Resolutions the device offers (dpi), ascending. */
  resolutions: number[];
}

export interface ScannerListDto {
  devices: ScannerDeviceDto[];
  /** Which backend this machine uses, and a Vietnamese sentence when it cannot be used (scanimage missing …). */
  backend: 'sane' | 'wia' | 'none';
  message: string | null;
}

// ---- the scan tray ---------------------------------------------------------------------------------------------

export const IMPORT_SOURCES = { scanner: 'Máy quét', folder: 'Thư mục quét', upload: 'Tải lên' } as const;
export type ImportSource = keyof typeof IMPORT_SOURCES;

/** open: pages to check; done: documents created from it; discarded: thrown away by the clerk. */
export type ImportState = 'open' | 'done' | 'discarded';

export type OcrState = 'pending' | 'running' | 'done' | 'failed' | 'skipped';

export interface DuplicateHintDto {
  /** file: the same bytes were imported before; page: a page image looks the same (perceptual hash). */
  kind: 'file' | 'page';
  /** Which page of this batch (its id), for a page hint. */
  pageId: number | null;
  /** Where it was seen: an earlier batch and, if registered, the document. */
  batchId: number | null;
  documentId: number | null;
  /** One Vietnamese sentence: "Trang 2 giống trang 1 của lô quét ngày 05/03/2026 (văn bản đến số 12)". */
  message: string;
}

export interface ImportPageDto {
  id: number;
  /** 1-based position in the tray (the order the PDF will have). */
  position: number;
  width: number;
  height: number;
  dpi: number;
  mode: ScanMode;
  /** Clockwise, applied when the PDF is made (the thumbnail shows it applied). */
  rotation: 0 | 90 | 180 | 270;
  /** A new document starts at this page (split); the first page always starts one. */
  startsDocument: boolean;
  /** Suggested blank (nearly no ink): shown to the clerk, never removed by itself. */
  blankSuggested: boolean;
  /** Share of the page covered by ink, 0–1 (what the blank suggestion is based on). */
  inkRatio: number;
  ocr: OcrState;
  /** Mean word confidence of the OCR, 0–1; null until read. */
  ocrConfidence: number | null;
  bytes: number;
}

export interface ImportFileDto {
  /** A PDF or image imported as a file: a PDF is kept byte-identical; images can become a PDF (pages). */
  hash: string;
  fileName: string;
  kind: string;
  size: number;
  pageCount: number | null;
  /** The PDF carries a digital signature: never rewritten, never given a text layer (its OCR text goes to search only). */
  signed: boolean;
  /** Whether the PDF already has a text layer. */
  hasText: boolean;
}

export interface ImportBatchDto {
  id: number;
  source: ImportSource;
  /** File name (folder, upload) or scanner name. */
  label: string;
  state: ImportState;
  createdAt: number;
  createdBy: string | null;
  pageCount: number;
  /** Documents the pages are split into (startsDocument marks). */
  documentCount: number;
  /** Pages read by OCR / pages to read. */
  ocr: { done: number; total: number; failed: number };
  /** Set when the batch is an imported file rather than scanned pages. */
  file: ImportFileDto | null;
  duplicates: DuplicateHintDto[];
  /** The documents registered from it (ids), once done. */
  documentIds: number[];
}

export interface ImportBatchDetail extends ImportBatchDto {
  pages: ImportPageDto[];
  /** What scanning said at the end (feeder empty after 3 pages, paper jam after page 2 …), null when nothing to say. */
  notice: string | null;
  /** Documents made from it by imports.createDocument (kept so the registration form can be opened again). */
  created: Array<CreatedImportDocument & { documentId: number | null }>;
}

// ---- prefill (also for electronic documents) ------------------------------------------------------------------

/** A value read from the text, for the clerk to confirm: how sure (0–1), and the line it came from. */
export interface Suggested<T> {
  value: T;
  confidence: number;
  source: string;
}

export interface PrefillDto {
  issuer: Suggested<{ name: string; code: string | null; agencyId: number | null }> | null;
  codeNumber: Suggested<string> | null;
  codeNotation: Suggested<string> | null;
  place: Suggested<string> | null;
  /** YYYY-MM-DD. */
  issuedDate: Suggested<string> | null;
  docType: Suggested<{ name: string; abbr: string | null; docTypeId: number | null }> | null;
  subject: Suggested<string> | null;
  signerPosition: Suggested<string> | null;
  signerName: Suggested<string> | null;
  /** A deadline the text asks for ("báo cáo trước ngày 15/12/2026"), YYYY-MM-DD: proposed as the handling deadline. */
  handlingDueDate: Suggested<string> | null;
  /** The text asks for a reply or a report. */
  replyRequested: Suggested<boolean> | null;
  pageCount: number | null;
}

export interface CreatedImportDocument {
  /** 1-based, in tray order. */
  index: number;
  /** The stored PDF (or the imported file unchanged), ready to be a file of the registration. */
  file: { hash: string; fileName: string; size: number; kind: string; pageCount: number | null; signed: boolean };
  prefill: PrefillDto;
  /** OCR text of the first page (what the prefill was read from); for electronic files their own text. */
  text: string;
  duplicates: DuplicateHintDto[];
}

export interface OcrStatusDto {
  /** native: the tesseract program; wasm: tesseract.js with the shipped language data; none: OCR unavailable. */
  engine: 'native' | 'wasm' | 'none';
  version: string | null;
  languages: string[];
  /** Pages waiting and being read now, over all batches. */
  pending: number;
  running: number;
  /** Threads OCR may use at once (bounded so the rest of the app stays responsive). */
  threads: number;
  message: string | null;
}

export interface ImportSettingsDto {
  /** Watched folder: files the scanner drops here are imported once stable; null = off. */
  watchFolder: string | null;
  /** Where imported files are moved (default: <watchFolder>/da-nhap and <watchFolder>/loi). */
  processedFolder: string | null;
  errorFolder: string | null;
  /** JPEG quality of colour pages, 40–95; grey and black-and-white pages are kept smaller on their own. */
  jpegQuality: number;
  /** Defaults of the scan dialog. */
  deviceId: string | null;
  source: ScanSource;
  mode: ScanMode;
  dpi: number;
  /** Read pages with OCR as they arrive (on by default). */
  ocr: boolean;
  /** Images (jpg/png/gif/tiff) in the watched folder or uploaded become tray pages (true) or stay files (false). */
  imagesAsPages: boolean;
}

// ---- inputs ----------------------------------------------------------------------------------------------------

const scanInput = z.object({
  /** Chosen by the client so it can cancel (scanner.cancel) and follow scan.progress while the call runs. */
  scanId: z.string().min(1).max(64).optional(),
  deviceId: z.string().min(1).max(300),
  source: z.enum(['flatbed', 'adf', 'adf-duplex']).default('adf'),
  mode: z.enum(['color', 'gray', 'bw']).default('color'),
  dpi: z.number().int().min(75).max(1200).default(200),
  /** Add the pages to this open batch ("Thêm trang") instead of a new one. */
  batchId: id.optional(),
  /** At most this many pages (ADF); the feeder running empty ends the scan normally. */
  maxPages: z.number().int().min(1).max(500).default(100),
});

const pageEdit = z.object({
  id,
  rotation: z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]),
  startsDocument: z.boolean(),
});

export const scanningApi = {
  'scanner.list': method<ScannerListDto>()({
    input: z
      .object({ refresh: z.boolean().default(false) })
      .optional()
      .default({ refresh: false }),
    access: 'session',
    permission: 'incoming.register',
    mutates: false,
    summary: 'Liệt kê máy quét gắn với máy tính này.',
  }),
  'scanner.scan': method<ImportBatchDetail>()({
    input: scanInput,
    access: 'session',
    permission: 'incoming.register',
    mutates: true,
    summary: 'Quét giấy vào khay quét (tiến độ qua sự kiện scan.progress; hủy bằng scanner.cancel).',
  }),
  'scanner.cancel': method<{ cancelled: boolean }>()({
    input: z.object({ scanId: z.string().min(1).max(64) }),
    access: 'session',
    permission: 'incoming.register',
    mutates: false,
    summary: 'Dừng lượt quét đang chạy; các trang đã quét được giữ lại.',
  }),
  'imports.list': method<{ items: ImportBatchDto[] }>()({
    input: z
      .object({ state: z.enum(['open', 'done', 'discarded', 'all']).default('open') })
      .optional()
      .default({ state: 'open' }),
    access: 'session',
    permission: 'incoming.register',
    mutates: false,
    summary: 'Danh sách lô quét và tệp nhập chờ tạo văn bản.',
  }),
  'imports.get': method<ImportBatchDetail>()({
    input: z.object({ batchId: id }),
    access: 'session',
    permission: 'incoming.register',
    mutates: false,
    summary: 'Chi tiết một lô quét: các trang, gợi ý trang trắng, trùng lặp, tiến độ nhận dạng chữ.',
  }),
  'imports.pageImage': method<BinaryOut>()({
    input: z.object({ pageId: id, size: z.enum(['thumb', 'full']).default('thumb') }),
    access: 'session',
    permission: 'incoming.register',
    mutates: false,
    binary: 'output',
    summary: 'Ảnh một trang quét (ảnh thu nhỏ hoặc cỡ thật), đã xoay theo lựa chọn.',
  }),
  'imports.upload': method<ImportBatchDetail>()({
    input: z.object({ fileName: text(255), bytes: binaryIn, batchId: id.optional() }),
    access: 'session',
    permission: 'incoming.register',
    mutates: true,
    binary: 'input',
    summary: 'Nhập một tệp (PDF, ảnh) vào khay: ảnh thành trang, PDF giữ nguyên.',
  }),
  'imports.editPages': method<ImportBatchDetail>()({
    input: z.object({ batchId: id, pages: z.array(pageEdit).max(2000) }),
    access: 'session',
    permission: 'incoming.register',
    mutates: true,
    summary: 'Lưu thứ tự, chiều xoay, điểm tách văn bản của các trang; trang không có trong danh sách bị xóa.',
  }),
  'imports.createDocument': method<{ documents: CreatedImportDocument[] }>()({
    input: z.object({
      batchId: id,
      /** Wait this long at most for OCR still running on the pages; the rest get no text layer. */
      ocrWaitMs: z.number().int().min(0).max(600_000).default(120_000),
    }),
    access: 'session',
    permission: 'incoming.register',
    mutates: true,
    summary: 'Tạo văn bản: mỗi nhóm trang thành một PDF có lớp chữ, kèm gợi ý điền sổ.',
  }),
  'imports.discard': method<{ discarded: boolean }>()({
    input: z.object({ batchId: id }),
    access: 'session',
    permission: 'incoming.register',
    mutates: true,
    summary: 'Bỏ một lô quét (các trang bị xóa khỏi khay).',
  }),
  'imports.detectFields': method<PrefillDto & { text: string }>()({
    input: z.object({ hash: z.string().regex(/^[0-9a-f]{64}$/, 'Mã tệp không hợp lệ.') }),
    access: 'session',
    permission: 'incoming.register',
    mutates: false,
    summary: 'Đọc số, ký hiệu, ngày, trích yếu, hạn trả lời… từ nội dung một tệp đã tải lên để gợi ý điền sổ.',
  }),
  'imports.settings': method<ImportSettingsDto>()({
    input: none,
    access: 'session',
    permission: null,
    mutates: false,
    summary: 'Thiết lập quét và thư mục theo dõi.',
  }),
  'imports.saveSettings': method<ImportSettingsDto>()({
    input: z.object({
      watchFolder: z.string().max(1000).nullable().optional(),
      processedFolder: z.string().max(1000).nullable().optional(),
      errorFolder: z.string().max(1000).nullable().optional(),
      jpegQuality: z.number().int().min(40).max(95).optional(),
      deviceId: z.string().max(300).nullable().optional(),
      source: z.enum(['flatbed', 'adf', 'adf-duplex']).optional(),
      mode: z.enum(['color', 'gray', 'bw']).optional(),
      dpi: z.number().int().min(75).max(1200).optional(),
      ocr: z.boolean().optional(),
      imagesAsPages: z.boolean().optional(),
    }),
    access: 'session',
    permission: 'settings.manage',
    mutates: true,
    summary: 'Lưu thiết lập quét và thư mục theo dõi.',
  }),
  'ocr.status': method<OcrStatusDto>()({
    input: none,
    access: 'session',
    permission: null,
    mutates: false,
    summary: 'Bộ nhận dạng chữ đang dùng và hàng đợi.',
  }),
  'ocr.cancel': method<{ cancelled: number }>()({
    input: z.object({ batchId: id }),
    access: 'session',
    permission: 'incoming.register',
    mutates: true,
    summary: 'Dừng nhận dạng chữ các trang còn chờ của một lô.',
  }),
};

/** Events of this area (merged into EventMap in api.ts). */
export interface ScanningEvents {
  /** A scan in progress: one per page and one at the end (to the person scanning only). */
  'scan.progress': {
    scanId: string;
    batchId: number;
    pages: number;
    state: 'scanning' | 'done' | 'cancelled' | 'failed';
    message: string | null;
  };
  /** OCR of a batch moved on (per page). */
  'ocr.progress': { batchId: number; done: number; total: number; failed: number };
  /** A batch appeared or changed (watched folder import, edits, documents created). */
  'imports.changed': { batchId: number };
}
