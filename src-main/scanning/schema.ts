// Tables of getting paper in (issue 12): scan batches (the tray), their pages with OCR, the documents created from
// them, a history of page fingerprints for duplicate warnings and the ledger of the watched folder. Page images live
// on disk under <dataDir>/scan-tray/<batchId>/, never in the database; list queries never read OCR text.

import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { boolCol, instantCol } from '../db/columns';
import { documents } from '../documents/schema';

/** One scan, upload or watched-folder file: pages to check (kind pages) or one file kept as it is (kind file). */
export const scanBatches = sqliteTable(
  'scan_batches',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    source: text('source', { enum: ['scanner', 'folder', 'upload'] }).notNull(),
    label: text('label').notNull(),
    state: text('state', { enum: ['open', 'done', 'discarded'] })
      .notNull()
      .default('open'),
    kind: text('kind', { enum: ['pages', 'file'] }).notNull(),
    /** What scanning said at the end (feeder empty, paper jam after page 2 …). */
    notice: text('notice'),
    /** File batches: the blob (kept byte-identical) and what it is. */
    fileHash: text('file_hash'),
    fileName: text('file_name'),
    fileKind: text('file_kind'),
    fileSize: integer('file_size'),
    fileSigned: boolCol('file_signed'),
    fileHasText: boolCol('file_has_text'),
    filePageCount: integer('file_page_count'),
    /** JSON DuplicateHintDto[] found when the file came in (the same bytes seen before). */
    fileDuplicates: text('file_duplicates'),
    createdBy: integer('created_by'),
    createdAt: instantCol('created_at').notNull(),
    updatedAt: instantCol('updated_at').notNull(),
    /** The page images were removed (documents registered, or the batch discarded). */
    trayClearedAt: instantCol('tray_cleared_at'),
  },
  (t) => [index('scan_batches_state_idx').on(t.state, t.id), index('scan_batches_file_idx').on(t.fileHash)],
);

export const scanPages = sqliteTable(
  'scan_pages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    batchId: integer('batch_id')
      .notNull()
      .references(() => scanBatches.id),
    position: integer('position').notNull(),
    rotation: integer('rotation').notNull().default(0),
    startsDocument: boolCol('starts_document').notNull().default(false),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    dpi: integer('dpi').notNull(),
    mode: text('mode', { enum: ['color', 'gray', 'bw'] }).notNull(),
    format: text('format', { enum: ['jpeg', 'png'] }).notNull(),
    bytes: integer('bytes').notNull(),
    sha256: text('sha256').notNull(),
    dhash: text('dhash').notNull(),
    inkRatio: real('ink_ratio').notNull(),
    blankSuggested: boolCol('blank_suggested').notNull(),
    ocrState: text('ocr_state', { enum: ['pending', 'running', 'done', 'failed', 'skipped'] }).notNull(),
    /** Bumped when the page must be read again (rotation changed): the OCR job of an older revision is dropped. */
    ocrRev: integer('ocr_rev').notNull().default(0),
    ocrText: text('ocr_text'),
    /** JSON OcrWord[] in the pixel space of the rotated OCR image, for the PDF's text layer. */
    ocrWords: text('ocr_words'),
    ocrConfidence: real('ocr_confidence'),
    ocrScale: real('ocr_scale'),
    /** JSON [width, height] of the image the OCR read. */
    ocrSize: text('ocr_size'),
    createdAt: instantCol('created_at').notNull(),
  },
  (t) => [index('scan_pages_batch_idx').on(t.batchId, t.position), index('scan_pages_ocr_idx').on(t.ocrState, t.batchId)],
);

/** Documents made by imports.createDocument: the PDF (or the file itself), its prefill, and the registration it went into. */
export const scanDocuments = sqliteTable(
  'scan_documents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    batchId: integer('batch_id')
      .notNull()
      .references(() => scanBatches.id),
    idx: integer('idx').notNull(),
    blobHash: text('blob_hash').notNull(),
    fileName: text('file_name').notNull(),
    fileKind: text('file_kind').notNull(),
    size: integer('size').notNull(),
    pageCount: integer('page_count'),
    signed: boolCol('signed').notNull().default(false),
    /** JSON PrefillDto. */
    prefill: text('prefill').notNull(),
    text: text('text').notNull(),
    /** JSON DuplicateHintDto[]. */
    duplicates: text('duplicates').notNull(),
    documentId: integer('document_id').references(() => documents.id),
    createdAt: instantCol('created_at').notNull(),
  },
  (t) => [uniqueIndex('scan_documents_batch_uq').on(t.batchId, t.idx), index('scan_documents_blob_idx').on(t.blobHash), index('scan_documents_doc_idx').on(t.documentId)],
);

/** Every page fingerprint ever taken in, kept after the tray is emptied: "this page was scanned before". */
export const scanPageHashes = sqliteTable(
  'scan_page_hashes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    dhash: text('dhash').notNull(),
    batchId: integer('batch_id')
      .notNull()
      .references(() => scanBatches.id),
    pageId: integer('page_id').notNull(),
    /** The created document the page went into, once made. */
    scanDocumentId: integer('scan_document_id'),
    createdAt: instantCol('created_at').notNull(),
  },
  (t) => [index('scan_page_hashes_batch_idx').on(t.batchId), uniqueIndex('scan_page_hashes_page_uq').on(t.pageId)],
);

/** Files of the watched folder: written with the batch, so a file imported before a crash is only moved after it. */
export const scanWatchLedger = sqliteTable(
  'scan_watch_ledger',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    size: integer('size').notNull(),
    mtime: integer('mtime').notNull(),
    sha256: text('sha256').notNull(),
    state: text('state', { enum: ['imported', 'moved', 'error'] }).notNull(),
    batchId: integer('batch_id').references(() => scanBatches.id),
    reason: text('reason'),
    createdAt: instantCol('created_at').notNull(),
    updatedAt: instantCol('updated_at').notNull(),
  },
  (t) => [index('scan_watch_ledger_file_idx').on(t.sha256, t.name, t.size, t.mtime), index('scan_watch_ledger_state_idx').on(t.state, t.id)],
);
