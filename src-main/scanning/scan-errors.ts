// The scanner errors and notices both backends (SANE, WIA) give, built in one place so a clerk reads the same
// Vietnamese sentence whichever operating system the office runs. `detail` is always the device's own words (for
// support staff); the message says what happened and what to do next.

import { AppError } from '../../src-shared/errors';

export function scannerNotFound(deviceId: string, detail?: string): AppError {
  return new AppError('scanner_not_found', 'Không tìm thấy máy quét đã chọn. Hãy kiểm tra máy quét đã bật và cắm cáp vào máy tính, rồi bấm "Tìm lại máy quét" và chọn lại.', {
    details: { deviceId, ...(detail ? { detail } : {}) },
  });
}

export function scannerEmpty(detail?: string): AppError {
  return new AppError('scanner_empty', 'Khay nạp giấy không có giấy. Đặt giấy vào khay rồi quét lại.', detail ? { details: { detail } } : {});
}

/** `pagesKept`: the pages before the jam, already reported and kept by the caller. */
export function scannerJammed(pagesKept: number, detail?: string): AppError {
  const page = pagesKept + 1;
  const kept = pagesKept > 0 ? ` ${pagesKept} trang quét trước đó đã được giữ lại.` : '';
  return new AppError('scanner_jammed', `Kẹt giấy ở trang ${page}.${kept} Gỡ tờ giấy bị kẹt ra, đặt lại từ trang ${page} vào khay rồi bấm "Thêm trang" để quét tiếp.`, {
    details: { page, pagesKept, ...(detail ? { detail } : {}) },
  });
}

export function scannerBusy(detail?: string): AppError {
  return new AppError(
    'scanner_busy',
    'Máy quét đang bận: một chương trình khác đang dùng nó, hoặc máy đang khởi động. Hãy đóng chương trình quét khác (hoặc chờ ít giây) rồi thử lại.',
    detail ? { details: { detail } } : {},
  );
}

/** Why a device failed, each with its own next step; the device's words go to details.detail. */
export type ScannerFailure = 'cover_open' | 'io' | 'access_denied' | 'invalid' | 'no_memory' | 'paper' | 'timeout' | 'other';

const FAILURE_MESSAGES: Record<ScannerFailure, string> = {
  cover_open: 'Nắp máy quét hoặc nắp khay nạp giấy đang mở. Đóng nắp lại rồi quét lại.',
  io: 'Mất liên lạc với máy quét trong lúc quét. Kiểm tra cáp nối (hoặc mạng), tắt máy quét, bật lại rồi quét lại.',
  access_denied: 'Máy tính không cho phép VănThư dùng máy quét này (thiếu quyền truy cập thiết bị). Hãy báo quản trị cấp quyền dùng máy quét cho tài khoản máy tính này.',
  invalid: 'Máy quét không nhận thiết lập quét đã chọn. Hãy chọn nguồn giấy, chế độ màu hoặc độ phân giải khác rồi quét lại.',
  no_memory: 'Máy quét hoặc máy tính không đủ bộ nhớ cho lượt quét này. Hãy chọn độ phân giải thấp hơn hoặc quét ít trang hơn.',
  paper: 'Giấy trong khay nạp bị lệch hoặc nạp nhiều tờ một lúc. Xếp lại giấy cho thẳng rồi quét lại.',
  timeout: 'Máy quét không phản hồi quá lâu nên lượt quét đã bị dừng. Tắt máy quét, bật lại rồi quét lại.',
  other: 'Máy quét báo lỗi. Hãy tắt máy quét, bật lại rồi quét lại; nếu vẫn lỗi, báo quản trị kèm nội dung lỗi.',
};

export function scannerFailed(kind: ScannerFailure, detail: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError('scanner_failed', FAILURE_MESSAGES[kind], { details: { reason: kind, detail, ...extra } });
}

export function scannerUnavailable(backend: 'sane' | 'wia', detail?: string): AppError {
  const message =
    backend === 'sane'
      ? 'Chưa cài SANE (chương trình scanimage) nên VănThư chưa điều khiển được máy quét. Hãy báo quản trị cài gói "sane-utils"; trong lúc chờ có thể quét vào thư mục theo dõi.'
      : 'Không chạy được Windows PowerShell để điều khiển máy quét (WIA). Hãy báo quản trị kiểm tra PowerShell; trong lúc chờ có thể quét vào thư mục theo dõi.';
  return new AppError('scanner_unavailable', message, detail ? { details: { backend, detail } } : { details: { backend } });
}

/** Shown on success when an ADF ran out of paper before maxPages: the clerk checks nothing was left behind. */
export function feederEmptyNotice(pages: number): string {
  return `Đã quét ${pages} trang, khay nạp giấy đã hết.`;
}

/** Shown when a scan was stopped (scanner.cancel or the device's own stop button). */
export function cancelledNotice(pages: number): string {
  return pages > 0 ? `Đã dừng quét; giữ lại ${pages} trang đã quét xong.` : 'Đã dừng quét; chưa có trang nào được quét.';
}

/** The standard resolutions offered when a device gives a range ("1..1200dpi"): what offices actually use. */
export const STANDARD_DPI = [100, 150, 200, 300, 400, 600] as const;

/** A device's resolution range → the standard values inside it (respecting its step); never empty. */
export function resolutionsInRange(min: number, max: number, step = 0): number[] {
  const fits = (v: number) => v >= min && v <= max && (!(step > 0) || Math.abs((v - min) / step - Math.round((v - min) / step)) < 1e-6);
  const out: number[] = STANDARD_DPI.filter(fits);
  if (out.length > 0) return out;
  // A device whose range misses every standard value still scans at its own limits.
  return [...new Set([Math.round(min), Math.round(max)])].filter((v) => v > 0).sort((a, b) => a - b);
}
