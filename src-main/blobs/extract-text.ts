// Text for full-text search from a stored file whose kind sniff.ts has decided: PDF (pdf.js), DOCX/XLSX/ODF,
// RTF, TXT/CSV. Returns NFC text capped at MAX_TEXT_CHARS and never throws on damaged input — the caller logs.
// No OCR (images give ''), no old binary .doc/.xls, no disk or database access.

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { TextItem, TextMarkedContent } from 'pdfjs-dist/types/src/display/api';
import { extractDocx, extractOdf, extractXlsx } from './office-text';
import { extractRtf } from './rtf-text';
import type { FileKind } from './sniff';
import { decodeTextBytes } from './text-decode';
import { createTextSink, MAX_TEXT_CHARS, tidyText, type TextSink } from './text-sink';

export { MAX_TEXT_CHARS } from './text-sink';

export interface ExtractResult {
  text: string;
  /** The text was cut at MAX_TEXT_CHARS. */
  truncated: boolean;
  /** Why some or all text could not be read (damaged file, password, unreadable page); text may still be partial. */
  error?: string;
}

/** Search text for the file, '' when there is none or it cannot be read. */
export async function extractText(bytes: Uint8Array, kind: FileKind): Promise<string> {
  return (await extractTextResult(bytes, kind)).text;
}

/** Like extractText, but says whether the text was truncated and what went wrong, for the caller's log. */
export async function extractTextResult(bytes: Uint8Array, kind: FileKind, opts: { maxChars?: number } = {}): Promise<ExtractResult> {
  const max = opts.maxChars ?? MAX_TEXT_CHARS;
  const sink = createTextSink(max);
  let error: string | undefined;
  try {
    error = await extractInto(bytes, kind, sink);
  } catch (e) {
    error = describe(e);
  }
  const { text, truncated } = tidyText(sink.text(), max);
  return error === undefined ? { text, truncated } : { text, truncated, error };
}

async function extractInto(bytes: Uint8Array, kind: FileKind, sink: TextSink): Promise<string | undefined> {
  switch (kind) {
    case 'pdf':
      return extractPdf(bytes, sink);
    case 'docx':
      extractDocx(bytes, sink);
      return undefined;
    case 'xlsx':
      extractXlsx(bytes, sink);
      return undefined;
    case 'odt':
    case 'ods':
      extractOdf(bytes, sink);
      return undefined;
    case 'rtf':
      extractRtf(bytes, sink);
      return undefined;
    case 'txt':
    case 'csv':
      sink.push(decodeTextBytes(bytes)?.text ?? new TextDecoder('utf-8').decode(bytes));
      return undefined;
    case 'doc': // binary Word/Excel: a later converter (LibreOffice headless) can fill these in
    case 'xls':
    case 'jpeg': // images wait for OCR
    case 'png':
    case 'gif':
    case 'zip': // archives are not opened
    case 'rar':
      return undefined;
  }
}

// ---- PDF -------------------------------------------------------------------------------------------------------

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjsModule: Promise<PdfJs> | undefined;
let pdfjsAssets: { cMapUrl?: string; standardFontDataUrl?: string } | undefined;

// Loaded on first use: pdf.js takes ~200 ms to import and most sessions never extract a PDF.
function loadPdfjs(): Promise<PdfJs> {
  pdfjsModule ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjsModule;
}

// pdf.js reads CMaps (CJK encodings) and standard-font data from disk in Node; point it at the package's copies.
function pdfjsAssetPaths(): { cMapUrl?: string; standardFontDataUrl?: string } {
  if (!pdfjsAssets) {
    try {
      const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
      pdfjsAssets = { cMapUrl: join(root, 'cmaps') + '/', standardFontDataUrl: join(root, 'standard_fonts') + '/' };
    } catch {
      pdfjsAssets = {};
    }
  }
  return pdfjsAssets;
}

async function extractPdf(bytes: Uint8Array, sink: TextSink): Promise<string | undefined> {
  const pdfjs = await loadPdfjs();
  const task = pdfjs.getDocument({
    // A private plain Uint8Array: pdf.js refuses Node Buffers (what store.read returns) and may detach what it is
    // given, and Buffer#slice would only be a view.
    data: new Uint8Array(bytes),
    ...pdfjsAssetPaths(),
    cMapPacked: true,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    enableXfa: false,
    stopAtErrors: false,
  });
  const failedPages: number[] = [];
  try {
    const doc = await task.promise;
    for (let n = 1; n <= doc.numPages && !sink.full; n++) {
      try {
        const page = await doc.getPage(n);
        const content = await page.getTextContent();
        for (const item of content.items) pushPdfItem(item, sink);
        page.cleanup();
      } catch {
        failedPages.push(n);
      }
      sink.push('\n\n');
    }
  } finally {
    await task.destroy();
  }
  if (failedPages.length === 0) return undefined;
  return `pdf pages unreadable: ${failedPages.slice(0, 20).join(', ')}${failedPages.length > 20 ? ', …' : ''}`;
}

function pushPdfItem(item: TextItem | TextMarkedContent, sink: TextSink): void {
  if (!('str' in item)) return;
  sink.push(item.str);
  if (item.hasEOL) sink.push('\n');
}

function describe(e: unknown): string {
  if (e instanceof Error) {
    // pdf.js reports password-protected files by name; say so plainly for the log.
    if (e.name === 'PasswordException') return 'pdf is password-protected';
    return `${e.name}: ${e.message}`.slice(0, 300);
  }
  return String(e).slice(0, 300);
}
