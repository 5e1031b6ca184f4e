// The work a worker thread does, by name: text extraction (pdf.js and the office readers), reading an old register
// spreadsheet, and rendering the PDF and XLSX files people print (a year's register book is thousands of rows), and assembling scanned pages into a PDF. Both the pool (types) and the worker (implementations) use this table; modules load on first use.

import type { ExtractResult } from '../blobs/extract-text';
import type { FileKind } from '../blobs/sniff';
import type { LegacyReadInput, LegacyReadResult } from '../imports/read-legacy';
import type { IncomingRegisterBookInput } from '../reports/incoming-register-book';
import type { OutgoingBookData } from '../reports/outgoing-register-book';
import type { TrackingBookData } from '../reports/incoming-tracking-book';
import type { TableExportInput } from '../reports/table-export';
import type { AssemblePage } from '../scanning/types';

export interface Tasks {
  'text.extract': { input: { bytes: Uint8Array; kind: FileKind }; output: ExtractResult };
  'import.read': { input: LegacyReadInput; output: LegacyReadResult };
  'render.table': { input: { table: TableExportInput; format: 'pdf' | 'xlsx'; resourcesDir: string }; output: { bytes: Uint8Array } };
  'render.registerBook': { input: { book: IncomingRegisterBookInput; resourcesDir: string }; output: { bytes: Uint8Array } };
  'render.outgoingBook': { input: { book: OutgoingBookData; resourcesDir: string }; output: { bytes: Uint8Array } };
  'render.trackingBook': { input: { book: TrackingBookData; resourcesDir: string }; output: { bytes: Uint8Array } };
  /** A scanned document's PDF (JPEG pages passed through, OCR text layer): off the request thread, pages moved not copied. */
  'scan.assemble': { input: { pages: AssemblePage[]; resourcesDir: string; title?: string }; output: { bytes: Uint8Array } };
  /** Loads the extractors (pdf.js takes ~0.5 s the first time) while the office is idle, not during a registration. */
  warm: { input: Record<string, never>; output: null };
}
export type TaskName = keyof Tasks;

export const taskImpls: { [K in TaskName]: (input: Tasks[K]['input']) => Promise<Tasks[K]['output']> } = {
  'text.extract': async ({ bytes, kind }) => (await import('../blobs/extract-text')).extractTextResult(bytes, kind),
  'import.read': async (input) => (await import('../imports/read-legacy')).readLegacyFile(input),
  'render.table': async ({ table, format, resourcesDir }) => {
    const r = await import('../reports/table-export');
    return { bytes: format === 'xlsx' ? await r.renderTableXlsx(table) : await r.renderTablePdf(table, { resourcesDir }) };
  },
  'render.registerBook': async ({ book, resourcesDir }) => ({
    bytes: await (await import('../reports/incoming-register-book')).renderIncomingRegisterBook(book, { resourcesDir }),
  }),
  'render.outgoingBook': async ({ book, resourcesDir }) => ({
    bytes: await (await import('../reports/outgoing-register-book')).renderOutgoingBook(book, { resourcesDir }),
  }),
  'render.trackingBook': async ({ book, resourcesDir }) => ({
    bytes: await (await import('../reports/incoming-tracking-book')).renderTrackingBook(book, { resourcesDir }),
  }),
  'scan.assemble': async ({ pages, resourcesDir, title }) => ({
    bytes: await (await import('../scanning/pdf-assemble')).assemblePdf(pages, { resourcesDir, title }),
  }),
  warm: async () => {
    await import('../blobs/extract-text');
    await import('pdfjs-dist/legacy/build/pdf.mjs');
    return null;
  },
};

/** Buffers in a result that can be moved to the other thread instead of copied. */
export function transferablesOf(value: unknown): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) if (ArrayBuffer.isView(v) && ownsBuffer(v)) out.push(v.buffer as ArrayBuffer);
  }
  return out;
}

/** True when the view covers its whole buffer alone (a pooled small Buffer shares its slab and must be copied). */
export function ownsBuffer(v: ArrayBufferView): boolean {
  return v.byteOffset === 0 && v.byteLength === v.buffer.byteLength && !(v.buffer instanceof SharedArrayBuffer);
}

/** Errors cross the thread as plain data; an AppError comes back as an AppError (its code, message, details). */
export interface WireTaskError {
  app: boolean;
  code?: string;
  message: string;
  fields?: unknown;
  details?: Record<string, unknown>;
  stack?: string;
}
