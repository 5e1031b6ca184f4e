// The scanner behind an interface (like the token's PKCS#11 module and the OCR engine): SANE's `scanimage` on Linux
// (sane.ts), WIA through PowerShell on Windows (wia.ts). The service only knows this shape.

import type { ScanMode, ScanSource, ScannerDeviceDto } from '../../src-shared/api/scanning';

export interface ScanRequest {
  deviceId: string;
  source: ScanSource;
  mode: ScanMode;
  dpi: number;
  maxPages: number;
  /** A fresh, empty folder: the backend writes one image file per page there (PNG, TIFF, BMP or JPEG). */
  outDir: string;
}

export interface ScannedPage {
  /** 1-based, in the order the pages came out of the scanner. */
  index: number;
  /** The image file in outDir, complete when reported. */
  file: string;
}

/** How a scan ended: pages were kept in every case. */
export interface ScanOutcome {
  pages: ScannedPage[];
  /** ok: finished (an ADF that ran empty after at least one page is ok); cancelled: scanner.cancel. */
  ended: 'ok' | 'cancelled';
  /** A Vietnamese sentence worth showing even on success ("Khay nạp giấy đã hết sau 3 trang."), or null. */
  notice: string | null;
}

/**
 * Errors are AppErrors with these codes and a Vietnamese message:
 *   scanner_not_found  — no scanner / the device is gone
 *   scanner_empty      — the feeder holds no paper (nothing scanned)
 *   scanner_jammed     — paper jam (pages before it are reported through onPage and kept by the caller)
 *   scanner_busy       — the device is used by another program
 *   scanner_failed     — any other device error (the backend's own words in details.detail)
 *   scanner_unavailable — the backend itself is missing (scanimage not installed, not Windows …)
 */
export interface ScannerBackend {
  readonly name: 'sane' | 'wia';
  /** Devices now attached; an empty list is not an error. */
  list(): Promise<ScannerDeviceDto[]>;
  /** Scans until the feeder is empty or maxPages; onPage for each finished page as it lands; signal cancels. */
  scan(req: ScanRequest, opts: { signal: AbortSignal; onPage: (p: ScannedPage) => void }): Promise<ScanOutcome>;
}
