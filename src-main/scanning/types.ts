// The parts the scanning service is built from, as types: page imaging (images.ts, sharp), PDF assembly
// (pdf-assemble.ts, pdf-lib), page images inside received PDFs (pdf-images.ts), field detection
// (src-shared/vn/doc-fields.ts). Each part's module exports functions of exactly these shapes.

import type { ScanMode } from '../../src-shared/api/scanning';
import type { OcrPageResult } from '../ocr/driver';

export type Rotation = 0 | 90 | 180 | 270;

/** A scanned or imported page as the tray stores it. */
export interface PreparedPage {
  /** JPEG for colour and grey pages; PNG (1 bit) for black-and-white pages. */
  image: Uint8Array;
  format: 'jpeg' | 'png';
  width: number;
  height: number;
  /** From the file (or the scan request); 200 when the file does not say. */
  dpi: number;
  mode: ScanMode;
  /** Share of the page covered by ink (dark pixels after ignoring a 3 % margin), 0–1. */
  inkRatio: number;
  /** Suggested blank page (inkRatio under the threshold). */
  blank: boolean;
  /** 64-bit perceptual difference hash, 16 hex digits (compare with hammingHex; ≤ 6 = the same page). */
  dhash: string;
}

/** images.ts */
export interface PageImaging {
  /** Any page image the scanner or a folder gives (PNG, PNM, TIFF page, BMP, JPEG, GIF) → the stored page. */
  preparePage(input: Uint8Array | string, opts: { mode?: ScanMode; dpi?: number; jpegQuality: number }): Promise<PreparedPage>;
  /** The images of a file a person imports: one per page (a multi-page TIFF or GIF gives several), as PNG bytes. */
  splitImageFile(bytes: Uint8Array): Promise<Uint8Array[]>;
  /** A small JPEG (longest side maxSide) with the rotation applied, for the tray. */
  thumbnail(image: Uint8Array, rotation: Rotation, maxSide?: number): Promise<Uint8Array>;
  /** The page with the rotation applied, same format as given. */
  rotate(image: Uint8Array, rotation: Rotation): Promise<Uint8Array>;
  /** 8-bit grey PNG of the page for OCR (rotation applied, scaled so it is at least 300 dpi-equivalent if smaller). */
  forOcr(image: Uint8Array, rotation: Rotation, dpi: number): Promise<{ png: Uint8Array; scale: number }>;
}

export interface AssemblePage {
  image: Uint8Array;
  format: 'jpeg' | 'png';
  width: number;
  height: number;
  dpi: number;
  rotation: Rotation;
  mode: ScanMode;
  /** The page's OCR (word boxes in the pixel space of the image *after* rotation, divided by `ocrScale`); null = no text layer. */
  ocr: OcrPageResult | null;
  ocrScale?: number;
}

/** pdf-assemble.ts: one PDF ≥ 1.4 from pages, page size from pixels and dpi, invisible text layer from OCR words. */
export type AssemblePdf = (pages: AssemblePage[], opts: { resourcesDir: string; title?: string }) => Promise<Uint8Array>;

/** pdf-images.ts: the picture of each page of a scanned PDF (the largest image on the page), for OCR; null when a page has none. */
export type PdfPageImages = (pdf: Uint8Array, opts?: { maxPages?: number }) => Promise<Array<{ page: number; image: Uint8Array; format: 'jpeg' | 'png' } | null>>;
