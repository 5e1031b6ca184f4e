// The scanning service (issue 12): scanner → tray pages → OCR queue → "Tạo văn bản" (one PDF per document, with a
// text layer) → a prefilled registration; uploads and the watched folder take the same paths. PDFs that come in are
// stored byte-identical (blobs.accept/record), never rewritten. Transactions stay short and synchronous: images are
// prepared, written and fsync'd before the transaction that names them; OCR and PDF assembly run outside any.

import { createHash, randomBytes } from 'node:crypto';
import { accessSync, constants as fsConstants, mkdirSync, statSync } from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { EventMap, EventName } from '../../src-shared/api';
import type {
  CreatedImportDocument,
  DuplicateHintDto,
  ImportBatchDetail,
  ImportBatchDto,
  ImportPageDto,
  ImportSettingsDto,
  ImportSource,
  OcrStatusDto,
  OcrState,
  PrefillDto,
  ScanMode,
  ScanSource,
  ScannerListDto,
} from '../../src-shared/api/scanning';
import type { BinaryOut } from '../../src-shared/api/define';
import { formatVnDate, todayVn, vnParts } from '../../src-shared/calendar/vn-time';
import { AppError } from '../../src-shared/errors';
import { fold } from '../../src-shared/vn/text';
import type { AgenciesService } from '../agencies/service';
import type { AuditService } from '../audit/service';
import { OCR_BLOB_JOB, type AcceptedBlob, type BlobsService } from '../blobs/service';
import type { RawDb } from '../db/open';
import type { DocTypesService } from '../documents/doctypes';
import type { Env } from '../env';
import type { EventBus } from '../events';
import type { JobsService } from '../jobs/service';
import type { WorkerPool } from '../jobs/worker-pool';
import type { OcrDriver, OcrPageResult, OcrWord } from '../ocr/driver';
import { createOcrDriver } from '../ocr/index';
import { openPdf } from '../pdf/file';
import { listSignatures } from '../pdf/signatures';
import type { SettingsService } from '../settings/service';
import type { ScannerBackend } from './backend';
import { hammingHex, pageImaging, pictureDpi } from './images';
import { pdfPageImages } from './pdf-images';
import { toPrefill } from './prefill';
import { createTray, type PageFormat } from './tray';
import type { AssemblePage, PreparedPage, Rotation } from './types';
import { createWatcher, type StepHook } from './watch';

export const OCR_PAGE_JOB = 'ocr.page';
export const TRAY_CLEANUP_JOB = 'scan.cleanup';
/** Two page fingerprints this close (bits of 64) are the same page scanned again. */
const SAME_PAGE_BITS = 6;
const THUMB_SIDE = 320;
const THUMB_CACHE = 200;

/** Runs fn in one IMMEDIATE transaction (with the call's audit row when it comes from a handler's ctx.write). */
export type Write = <T>(fn: () => T) => T;

export interface ScanningDeps {
  raw: RawDb;
  env: Env;
  settings: SettingsService;
  blobs: BlobsService;
  jobs: JobsService;
  workers: WorkerPool;
  events: EventBus;
  audit: AuditService;
  agencies: AgenciesService;
  docTypes: DocTypesService;
  now: () => number;
  /** null: no scanner backend on this machine. */
  scanner: ScannerBackend | null;
  /** Pages read at once (the 'ocr' lane of the job runner is bounded the same). */
  ocrThreads: number;
}

interface BatchRow {
  id: number;
  source: ImportSource;
  label: string;
  state: 'open' | 'done' | 'discarded';
  kind: 'pages' | 'file';
  notice: string | null;
  file_hash: string | null;
  file_name: string | null;
  file_kind: string | null;
  file_size: number | null;
  file_signed: number | null;
  file_has_text: number | null;
  file_page_count: number | null;
  file_duplicates: string | null;
  created_by: number | null;
  created_at: number;
  tray_cleared_at: number | null;
}

interface PageRow {
  id: number;
  batch_id: number;
  position: number;
  rotation: Rotation;
  starts_document: number;
  width: number;
  height: number;
  dpi: number;
  mode: ScanMode;
  format: PageFormat;
  bytes: number;
  sha256: string;
  dhash: string;
  ink_ratio: number;
  blank_suggested: number;
  ocr_state: OcrState;
  ocr_rev: number;
  ocr_confidence: number | null;
}

interface PageOcrRow extends PageRow {
  ocr_text: string | null;
  ocr_words: string | null;
  ocr_scale: number | null;
  ocr_size: string | null;
}

interface ScanDocRow {
  id: number;
  batch_id: number;
  idx: number;
  blob_hash: string;
  file_name: string;
  file_kind: string;
  size: number;
  page_count: number | null;
  signed: number;
  prefill: string;
  text: string;
  duplicates: string;
  document_id: number | null;
}

/** What a file is, from its first bytes (never from its name). */
export function sniffInput(b: Uint8Array): 'pdf' | 'jpeg' | 'png' | 'gif' | 'tiff' | 'bmp' | null {
  const head = Buffer.from(b.buffer, b.byteOffset, Math.min(b.byteLength, 1024));
  if (head.indexOf('%PDF-') >= 0) return 'pdf';
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (head.subarray(0, 4).toString('latin1') === 'GIF8') return 'gif';
  const t = head.subarray(0, 4).toString('latin1');
  if (t === 'II*\u0000' || t === 'MM\u0000*') return 'tiff';
  if (head.subarray(0, 2).toString('latin1') === 'BM') return 'bmp';
  return null;
}

/** A signature dictionary in the PDF (parsed; a damaged file falls back to the /ByteRange + /Contents pair). */
export function pdfIsSigned(bytes: Uint8Array): boolean {
  try {
    return listSignatures(bytes).length > 0;
  } catch {
    const s = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    return /\/ByteRange\s*\[/.test(s) && /\/Contents\s*</.test(s);
  }
}

function pdfPageCount(bytes: Uint8Array): number | null {
  try {
    return openPdf(bytes).pages().length;
  } catch {
    return null;
  }
}

const isAbort = (e: unknown) => e instanceof Error && (e.name === 'AbortError' || /abort/i.test(e.message));

/** Anything the imaging library could not read becomes a clear refusal; its own AppErrors pass unchanged. */
function unreadableImage(fileName: string, e: unknown): AppError {
  if (e instanceof AppError) return new AppError(e.code, `Tệp "${fileName}" không nhập được: ${e.message}`, { details: { fileName, ...e.details } });
  return new AppError('unsupported_file_type', `Không đọc được ảnh trong tệp "${fileName}": tệp bị hỏng, không phải ảnh hoặc ảnh quá lớn.`, {
    details: { fileName, reason: e instanceof Error ? e.message.slice(0, 200) : String(e).slice(0, 200) },
  });
}

export function createScanning(deps: ScanningDeps) {
  const { raw, env, settings, blobs, jobs, workers, events, audit, now } = deps;
  const logger = env.logger;
  const tray = createTray(env.dataDir);

  // ---- small helpers ----------------------------------------------------------------------------------------------

  const plainWrite: Write = (fn) => {
    const r = raw.transaction(fn).immediate();
    jobs.afterCommit();
    return r;
  };

  /** A change nobody asked for through the API (the watched folder, a background job): audited as the system. */
  function systemWrite(action: string, target: () => { id: number | null; details: Record<string, unknown> }): Write {
    return (fn) => {
      const r = raw
        .transaction(() => {
          const out = fn();
          const t = target();
          audit.append({ at: now(), actorId: null, actorName: 'hệ thống', action, outcome: 'ok', targetType: 'scan_batch', targetId: t.id, details: t.details, origin: 'job' });
          return out;
        })
        .immediate();
      audit.flushAnchor();
      jobs.afterCommit();
      return r;
    };
  }

  function emit<E extends EventName>(name: E, data: EventMap[E], to?: number[]): void {
    events.emit({ name, data, ...(to ? { to } : {}) });
  }

  const scanSettings = (): ImportSettingsDto => settings.get('scanning');

  const batchStmt = raw.prepare('SELECT * FROM scan_batches WHERE id = ?');
  function batchRow(id: number): BatchRow {
    const b = batchStmt.get(id) as BatchRow | undefined;
    if (!b) throw new AppError('not_found', 'Không tìm thấy lô quét.');
    return b;
  }
  function openBatch(id: number, kind?: 'pages'): BatchRow {
    const b = batchRow(id);
    if (b.state !== 'open') throw new AppError('invalid_state', b.state === 'done' ? 'Lô quét này đã tạo văn bản.' : 'Lô quét này đã bị bỏ.');
    if (kind && b.kind !== kind) throw new AppError('invalid_state', 'Lô này là một tệp nhập nguyên vẹn, không thêm hay sửa trang được.');
    return b;
  }

  const PAGE_COLS = `id, batch_id, position, rotation, starts_document, width, height, dpi, mode, format, bytes, sha256, dhash, ink_ratio, blank_suggested, ocr_state, ocr_rev, ocr_confidence`;
  const pagesStmt = raw.prepare(`SELECT ${PAGE_COLS} FROM scan_pages WHERE batch_id = ? ORDER BY position, id`);
  const pageStmt = raw.prepare('SELECT * FROM scan_pages WHERE id = ?');
  const pagesOf = (batchId: number) => pagesStmt.all(batchId) as PageRow[];

  // ---- OCR engine ------------------------------------------------------------------------------------------------

  let driverP: Promise<OcrDriver | null> | null = null;
  let driverError: string | null = null;
  /** Created once, when the first page needs it (the wasm engine takes a second to start). */
  function driver(): Promise<OcrDriver | null> {
    if (env.ocr === 'none') return Promise.resolve(null);
    driverP ??= (async () => {
      try {
        return await createOcrDriver({ resourcesDir: env.resourcesDir, prefer: env.ocr === 'none' ? undefined : env.ocr, logger });
      } catch (e) {
        driverError = e instanceof AppError ? e.message : 'Không khởi động được bộ nhận dạng chữ.';
        logger.error('ocr engine unavailable', { error: String(e) });
        return null;
      }
    })();
    return driverP;
  }
  const ocrOn = () => env.ocr !== 'none' && scanSettings().ocr;

  async function recognize(image: Uint8Array, rotation: Rotation, dpi: number, signal?: AbortSignal): Promise<{ r: OcrPageResult; scale: number } | null> {
    const d = await driver();
    if (!d) return null;
    const { png, scale } = await pageImaging.forOcr(image, rotation, dpi);
    const r = await d.recognize(png, { signal, dpi: Math.round(dpi * scale) });
    return { r, scale };
  }

  /** Page 1 of a PDF without text, or an image file: its OCR text ('' when there is no engine or no picture). */
  async function ocrFirstPage(bytes: Uint8Array, kind: string): Promise<string> {
    const image = kind === 'pdf' ? ((await pdfPageImages(bytes, { maxPages: 1 }))[0]?.image ?? null) : ((await pageImaging.splitImageFile(bytes))[0] ?? null);
    if (!image) return '';
    const got = await recognize(image, 0, await pictureDpi(image));
    return got?.r.text ?? '';
  }

  // ---- OCR queue: one durable job per page revision, bounded by the 'ocr' lane -----------------------------------

  const running = new Map<number, { controller: AbortController; batchId: number }>();
  const stateWaiters = new Set<() => void>();
  const notifyState = () => {
    for (const w of [...stateWaiters]) w();
  };

  const ocrCounts = raw.prepare(
    `SELECT count(*) AS total, coalesce(sum(ocr_state = 'done'), 0) AS done, coalesce(sum(ocr_state = 'failed'), 0) AS failed FROM scan_pages WHERE batch_id = ? AND ocr_state <> 'skipped'`,
  );
  function ocrProgress(batchId: number): void {
    const c = ocrCounts.get(batchId) as { total: number; done: number; failed: number };
    emit('ocr.progress', { batchId, done: c.done, total: c.total, failed: c.failed });
    notifyState();
  }

  const setOcrState = raw.prepare('UPDATE scan_pages SET ocr_state = ? WHERE id = ? AND ocr_rev = ?');
  const setOcrDone = raw.prepare(
    `UPDATE scan_pages SET ocr_state = 'done', ocr_text = @text, ocr_words = @words, ocr_confidence = @confidence, ocr_scale = @scale, ocr_size = @size
      WHERE id = @id AND ocr_rev = @rev`,
  );

  function enqueueOcr(pageId: number, rev: number): void {
    jobs.enqueue(OCR_PAGE_JOB, { pageId, rev }, { dedupeKey: `${OCR_PAGE_JOB}:${pageId}:${rev}`, maxAttempts: 3 });
  }

  async function ocrPage(payload: { pageId: number; rev: number }): Promise<void> {
    const p = pageStmt.get(payload.pageId) as PageOcrRow | undefined;
    // Deleted, read again under a newer revision, already read, or cancelled: nothing to do (idempotent).
    if (!p || p.ocr_rev !== payload.rev || p.ocr_state === 'done' || p.ocr_state === 'skipped') return;
    const b = batchStmt.get(p.batch_id) as BatchRow | undefined;
    if (!b || b.state === 'discarded' || b.tray_cleared_at) return;
    raw.transaction(() => setOcrState.run('running', p.id, p.ocr_rev)).immediate();
    ocrProgress(p.batch_id);
    const controller = new AbortController();
    running.set(p.id, { controller, batchId: p.batch_id });
    try {
      const image = await tray.read(p.batch_id, p.id, p.format);
      const got = await recognize(image, p.rotation, p.dpi, controller.signal);
      raw
        .transaction(() => {
          if (!got) setOcrState.run('skipped', p.id, p.ocr_rev);
          else
            setOcrDone.run({
              id: p.id,
              rev: p.ocr_rev,
              text: got.r.text,
              words: JSON.stringify(got.r.words),
              confidence: got.r.confidence,
              scale: got.scale,
              size: JSON.stringify([got.r.width, got.r.height]),
            });
        })
        .immediate();
    } catch (e) {
      if (controller.signal.aborted || isAbort(e)) {
        // Cancelled (ocr.cancel, discard) or re-queued under a new rotation: the row of this revision only.
        raw.transaction(() => raw.prepare(`UPDATE scan_pages SET ocr_state = 'skipped' WHERE id = ? AND ocr_rev = ? AND ocr_state = 'running'`).run(p.id, p.ocr_rev)).immediate();
        return;
      }
      raw.transaction(() => setOcrState.run('failed', p.id, p.ocr_rev)).immediate();
      throw e;
    } finally {
      running.delete(p.id);
      ocrProgress(p.batch_id);
    }
  }

  jobs.register(
    OCR_PAGE_JOB,
    {
      run: (payload) => ocrPage(payload as { pageId: number; rev: number }),
      onGiveUp: (payload) => {
        const { pageId, rev } = payload as { pageId: number; rev: number };
        setOcrState.run('failed', pageId, rev);
      },
    },
    { lane: 'ocr' },
  );

  /** A PDF without a text layer (scanned elsewhere, uploaded, received): its pictures read, the text made searchable. */
  async function ocrBlob(hash: string): Promise<void> {
    const st = raw.prepare('SELECT kind, text_status FROM blobs WHERE hash = ?').get(hash) as { kind: string; text_status: string } | undefined;
    if (!st || st.kind !== 'pdf' || st.text_status === 'done') return;
    if (!(await driver())) return;
    const bytes = await blobs.read(hash);
    const images = await pdfPageImages(bytes, { maxPages: 200 });
    const texts: string[] = [];
    for (const img of images) {
      if (!img) continue;
      const got = await recognize(img.image, 0, await pictureDpi(img.image));
      if (got?.r.text.trim()) texts.push(got.r.text.trim());
    }
    const text = texts.join('\n\n');
    if (!text) return;
    raw.transaction(() => blobs.storeText(hash, text)).immediate();
  }
  jobs.register(OCR_BLOB_JOB, { run: (payload) => ocrBlob((payload as { hash: string }).hash) }, { lane: 'ocr' });

  /** Settles when every page is read, failed or skipped, or when ms have passed (the rest get no text layer). */
  function waitForOcr(pageIds: number[], ms: number): Promise<void> {
    if (!pageIds.length) return Promise.resolve();
    const pending = raw.prepare(`SELECT count(*) FROM scan_pages WHERE id IN (SELECT value FROM json_each(?)) AND ocr_state IN ('pending', 'running')`).pluck();
    const ids = JSON.stringify(pageIds);
    return new Promise<void>((resolve) => {
      const check = () => {
        if ((pending.get(ids) as number) === 0) done();
      };
      const done = () => {
        clearTimeout(timer);
        stateWaiters.delete(check);
        resolve();
      };
      const timer = setTimeout(done, ms);
      stateWaiters.add(check);
      check();
      // Pages queued while this process had timers off still need the runner to be asked.
      void jobs.kick();
    });
  }

  // ---- pages into the tray ---------------------------------------------------------------------------------------

  interface StagedPage {
    prepared: PreparedPage;
    staged: string;
    sha256: string;
  }

  async function stagePage(prepared: PreparedPage): Promise<StagedPage> {
    const staged = await tray.stage(prepared.image);
    return { prepared, staged, sha256: createHash('sha256').update(prepared.image).digest('hex') };
  }

  const insertBatch = raw.prepare(
    `INSERT INTO scan_batches (source, label, state, kind, notice, file_hash, file_name, file_kind, file_size, file_signed, file_has_text, file_page_count, file_duplicates, created_by, created_at, updated_at)
     VALUES (@source, @label, 'open', @kind, NULL, @fileHash, @fileName, @fileKind, @fileSize, @fileSigned, @fileHasText, @filePageCount, @fileDuplicates, @createdBy, @now, @now)`,
  );
  const insertPage = raw.prepare(
    `INSERT INTO scan_pages (batch_id, position, rotation, starts_document, width, height, dpi, mode, format, bytes, sha256, dhash, ink_ratio, blank_suggested, ocr_state, ocr_rev, created_at)
     VALUES (@batchId, (SELECT coalesce(max(position), 0) + 1 FROM scan_pages WHERE batch_id = @batchId), 0,
             NOT EXISTS (SELECT 1 FROM scan_pages WHERE batch_id = @batchId), @width, @height, @dpi, @mode, @format, @bytes, @sha256, @dhash, @ink, @blank, @ocr, 0, @now)`,
  );
  const insertHash = raw.prepare('INSERT INTO scan_page_hashes (dhash, batch_id, page_id, scan_document_id, created_at) VALUES (?, ?, ?, NULL, ?)');
  const touchBatch = raw.prepare('UPDATE scan_batches SET updated_at = ? WHERE id = ?');

  function newPagesBatch(source: ImportSource, label: string, userId: number | null): number {
    return Number(
      insertBatch.run({
        source,
        label,
        kind: 'pages',
        fileHash: null,
        fileName: null,
        fileKind: null,
        fileSize: null,
        fileSigned: null,
        fileHasText: null,
        filePageCount: null,
        fileDuplicates: null,
        createdBy: userId,
        now: now(),
      }).lastInsertRowid,
    );
  }

  /** Inside a transaction: the rows, the files renamed into place, and each page's OCR job. */
  function insertPages(batchId: number, pages: StagedPage[]): number[] {
    const ocr = ocrOn();
    const ids: number[] = [];
    for (const s of pages) {
      const p = s.prepared;
      const id = Number(
        insertPage.run({
          batchId,
          width: p.width,
          height: p.height,
          dpi: p.dpi,
          mode: p.mode,
          format: p.format,
          bytes: p.image.byteLength,
          sha256: s.sha256,
          dhash: p.dhash,
          ink: p.inkRatio,
          blank: p.blank ? 1 : 0,
          ocr: ocr ? 'pending' : 'skipped',
          now: now(),
        }).lastInsertRowid,
      );
      tray.place(s.staged, batchId, id, p.format);
      insertHash.run(p.dhash, batchId, id, now());
      if (ocr) enqueueOcr(id, 0);
      ids.push(id);
    }
    touchBatch.run(now(), batchId);
    return ids;
  }

  // ---- duplicates ------------------------------------------------------------------------------------------------

  const docRef = raw.prepare(
    `SELECT d.id, d.direction, d.arrival_number AS arrivalNumber, r.name AS registerName FROM documents d LEFT JOIN registers r ON r.id = d.register_id WHERE d.id = ?`,
  );
  function docWords(documentId: number | null): string {
    if (documentId == null) return '';
    const d = docRef.get(documentId) as { direction: string; arrivalNumber: number | null; registerName: string | null } | undefined;
    if (!d) return '';
    if (d.direction === 'in' && d.arrivalNumber != null) return ` (văn bản đến số ${d.arrivalNumber}${d.registerName ? `, ${d.registerName}` : ''})`;
    return d.direction === 'in' ? ' (văn bản đến chờ vào sổ)' : ' (văn bản đi)';
  }
  const dateOf = (ms: number) => formatVnDate(vnParts(ms).date);

  /** The same bytes seen before: an earlier batch, a created document, or a registered document's file. */
  function fileDuplicates(hash: string, selfBatchId: number | null): DuplicateHintDto[] {
    const out: DuplicateHintDto[] = [];
    const earlier = raw
      .prepare(
        `SELECT b.id, b.created_at AS at, (SELECT document_id FROM scan_documents s WHERE s.batch_id = b.id AND s.document_id IS NOT NULL LIMIT 1) AS documentId
           FROM scan_batches b WHERE b.file_hash = ? AND b.state <> 'discarded' AND b.id <> ? ORDER BY b.id LIMIT 1`,
      )
      .get(hash, selfBatchId ?? 0) as { id: number; at: number; documentId: number | null } | undefined;
    if (earlier) {
      out.push({
        kind: 'file',
        pageId: null,
        batchId: earlier.id,
        documentId: earlier.documentId,
        message: `Tệp này đã được nhập vào khay ngày ${dateOf(earlier.at)}${docWords(earlier.documentId)}.`,
      });
      return out;
    }
    const created = raw
      .prepare(`SELECT batch_id AS batchId, document_id AS documentId, created_at AS at FROM scan_documents WHERE blob_hash = ? AND batch_id <> ? ORDER BY id LIMIT 1`)
      .get(hash, selfBatchId ?? 0) as { batchId: number; documentId: number | null; at: number } | undefined;
    if (created) {
      out.push({
        kind: 'file',
        pageId: null,
        batchId: created.batchId,
        documentId: created.documentId,
        message: `Tệp này đã được tạo từ lô quét ngày ${dateOf(created.at)}${docWords(created.documentId)}.`,
      });
      return out;
    }
    const attached = raw.prepare(`SELECT document_id AS documentId, added_at AS at FROM document_files WHERE blob_hash = ? ORDER BY added_at LIMIT 1`).get(hash) as
      { documentId: number; at: number } | undefined;
    if (attached) {
      out.push({
        kind: 'file',
        pageId: null,
        batchId: null,
        documentId: attached.documentId,
        message: `Tệp này đã có trong hệ thống từ ngày ${dateOf(attached.at)}${docWords(attached.documentId)}.`,
      });
      return out;
    }
    const blob = raw.prepare('SELECT created_at AS at FROM blobs WHERE hash = ?').get(hash) as { at: number } | undefined;
    if (blob && selfBatchId == null) out.push({ kind: 'file', pageId: null, batchId: null, documentId: null, message: `Tệp này đã được tải lên ngày ${dateOf(blob.at)}.` });
    return out;
  }

  const historyStmt = raw.prepare(
    `SELECT h.dhash, h.batch_id AS batchId, h.page_id AS pageId, h.created_at AS at, p.position, s.document_id AS documentId
       FROM scan_page_hashes h JOIN scan_batches b ON b.id = h.batch_id
       LEFT JOIN scan_pages p ON p.id = h.page_id LEFT JOIN scan_documents s ON s.id = h.scan_document_id
      WHERE h.batch_id <> ? AND b.state <> 'discarded' ORDER BY h.id`,
  );
  /** Pages of this batch that look like a page of an earlier batch (perceptual hash within SAME_PAGE_BITS). */
  function pageDuplicates(batchId: number, pages: Array<{ id: number; position: number; dhash: string }>): DuplicateHintDto[] {
    if (!pages.length) return [];
    const history = historyStmt.all(batchId) as Array<{ dhash: string; batchId: number; pageId: number; at: number; position: number | null; documentId: number | null }>;
    const out: DuplicateHintDto[] = [];
    for (const p of pages) {
      const hit = history.find((h) => h.batchId < batchId && hammingHex(h.dhash, p.dhash) <= SAME_PAGE_BITS);
      if (!hit) continue;
      const which = hit.position != null ? `trang ${hit.position}` : 'một trang';
      out.push({
        kind: 'page',
        pageId: p.id,
        batchId: hit.batchId,
        documentId: hit.documentId,
        message: `Trang ${p.position} giống ${which} của lô quét ngày ${dateOf(hit.at)}${docWords(hit.documentId)}.`,
      });
    }
    return out;
  }

  // ---- DTOs ------------------------------------------------------------------------------------------------------

  function pageDto(p: PageRow): ImportPageDto {
    return {
      id: p.id,
      position: p.position,
      width: p.width,
      height: p.height,
      dpi: p.dpi,
      mode: p.mode,
      rotation: p.rotation,
      startsDocument: p.position === 1 || !!p.starts_document,
      blankSuggested: !!p.blank_suggested,
      inkRatio: p.ink_ratio,
      ocr: p.ocr_state,
      ocrConfidence: p.ocr_confidence,
      bytes: p.bytes,
    };
  }

  const createdStmt = raw.prepare('SELECT * FROM scan_documents WHERE batch_id = ? ORDER BY idx');
  const createdOf = (batchId: number) => createdStmt.all(batchId) as ScanDocRow[];

  function createdDto(r: ScanDocRow): CreatedImportDocument {
    return {
      index: r.idx,
      file: { hash: r.blob_hash, fileName: r.file_name, size: r.size, kind: r.file_kind, pageCount: r.page_count, signed: !!r.signed },
      prefill: JSON.parse(r.prefill) as PrefillDto,
      text: r.text,
      duplicates: JSON.parse(r.duplicates) as DuplicateHintDto[],
    };
  }

  function batchDto(b: BatchRow, pages: PageRow[]): ImportBatchDto {
    const created = createdOf(b.id);
    const counted = pages.filter((p) => p.ocr_state !== 'skipped');
    return {
      id: b.id,
      source: b.source,
      label: b.label,
      state: b.state,
      createdAt: b.created_at,
      createdBy: b.created_by == null ? null : ((raw.prepare('SELECT full_name FROM users WHERE id = ?').pluck().get(b.created_by) as string | undefined) ?? null),
      pageCount: b.kind === 'file' ? (b.file_page_count ?? 0) : pages.length,
      documentCount: b.kind === 'file' ? 1 : pages.filter((p) => p.position === 1 || p.starts_document).length,
      ocr: { done: counted.filter((p) => p.ocr_state === 'done').length, total: counted.length, failed: counted.filter((p) => p.ocr_state === 'failed').length },
      file:
        b.kind === 'file' && b.file_hash
          ? {
              hash: b.file_hash,
              fileName: b.file_name ?? '',
              kind: b.file_kind ?? '',
              size: b.file_size ?? 0,
              pageCount: b.file_page_count,
              signed: !!b.file_signed,
              hasText: !!b.file_has_text,
            }
          : null,
      duplicates: [...(b.file_duplicates ? (JSON.parse(b.file_duplicates) as DuplicateHintDto[]) : []), ...pageDuplicates(b.id, pages)],
      documentIds: created.filter((c) => c.document_id != null).map((c) => c.document_id!),
    };
  }

  function detail(batchId: number): ImportBatchDetail {
    const b = batchRow(batchId);
    const pages = pagesOf(batchId);
    return {
      ...batchDto(b, pages),
      pages: pages.map(pageDto),
      notice: b.notice,
      created: createdOf(batchId).map((r) => ({ ...createdDto(r), documentId: r.document_id })),
    };
  }

  // ---- prefill ---------------------------------------------------------------------------------------------------

  function findAgency(name: string, code: string | null): number | null {
    if (code) {
      const id = raw.prepare('SELECT id FROM agencies WHERE active = 1 AND upper(code) = upper(?)').pluck().get(code) as number | undefined;
      if (id) return id;
    }
    if (!name.trim()) return null;
    const hits = deps.agencies.search(name, 5);
    const want = fold(name).trim();
    return hits.find((a) => fold(a.name).trim() === want)?.id ?? hits[0]?.id ?? null;
  }

  function findDocType(name: string, abbr: string | null): number | null {
    const want = fold(name).trim();
    const types = deps.docTypes.list(false);
    return types.find((t) => fold(t.name).trim() === want)?.id ?? (abbr ? types.find((t) => t.abbr && t.abbr.toUpperCase() === abbr.toUpperCase())?.id : undefined) ?? null;
  }

  /** The fields read from a text, with the issuer and type matched to the directory (the clerk confirms them). */
  function prefillOf(text: string, pageCount: number | null): PrefillDto {
    return toPrefill(text, pageCount, todayVn(now()), { agencyId: findAgency, docTypeId: findDocType });
  }

  /** A stored file's text: blob_texts, else the extraction run now, else OCR of its first page. */
  async function textOfBlob(hash: string, read: () => Promise<Buffer> = () => blobs.read(hash)): Promise<string> {
    const stored = raw.prepare('SELECT text FROM blob_texts WHERE hash = ?').pluck().get(hash) as string | undefined;
    if (stored?.trim()) return stored;
    const info = blobs.info(hash);
    const bytes = await read();
    if (info.kind === 'pdf' || info.kind === 'docx' || info.kind === 'odt' || info.kind === 'rtf' || info.kind === 'txt') {
      const r = await workers.run('text.extract', { bytes: new Uint8Array(bytes), kind: info.kind }, { urgent: true });
      if (r.text.trim()) return r.text;
    }
    if (info.kind === 'pdf' || info.kind === 'jpeg' || info.kind === 'png' || info.kind === 'gif') return ocrFirstPage(new Uint8Array(bytes), info.kind);
    return '';
  }

  // ---- importing files (upload, watched folder) ------------------------------------------------------------------

  interface ImportOptions {
    bytes: Uint8Array;
    fileName: string;
    source: ImportSource;
    userId: number | null;
    /** Add image pages to this open batch. */
    batchId?: number;
    write: Write;
    /** Runs inside the batch's transaction (the watched folder's ledger row). */
    inTx?: (batchId: number) => void;
  }

  async function importBytes(o: ImportOptions): Promise<number> {
    const kind = sniffInput(o.bytes);
    if (!kind) {
      throw new AppError('unsupported_file_type', `Tệp "${o.fileName}" không phải PDF hay ảnh (JPG, PNG, GIF, TIFF, BMP): không nhập được vào khay quét.`, {
        details: { fileName: o.fileName },
      });
    }
    const asPages = kind !== 'pdf' && (scanSettings().imagesAsPages || kind === 'tiff' || kind === 'bmp' || o.batchId != null);
    if (asPages) {
      if (o.batchId != null) openBatch(o.batchId, 'pages');
      let images: Uint8Array[];
      const prepared: PreparedPage[] = [];
      try {
        images = await pageImaging.splitImageFile(o.bytes);
        if (!images.length) throw new Error('no image');
        for (const img of images) prepared.push(await pageImaging.preparePage(img, { jpegQuality: scanSettings().jpegQuality }));
      } catch (e) {
        throw unreadableImage(o.fileName, e);
      }
      const staged: StagedPage[] = [];
      try {
        for (const p of prepared) staged.push(await stagePage(p));
        return o.write(() => {
          const batchId = o.batchId != null ? openBatch(o.batchId, 'pages').id : newPagesBatch(o.source, o.fileName, o.userId);
          insertPages(batchId, staged);
          o.inTx?.(batchId);
          return batchId;
        });
      } catch (e) {
        for (const s of staged) await tray.drop(s.staged).catch(() => undefined);
        throw e;
      }
    }
    // A file kept as it is: a PDF (byte-identical, signed or not) or an image the office keeps as a file.
    if (kind === 'pdf' && pdfPageCount(o.bytes) == null) {
      throw new AppError('unsupported_file_type', `Tệp "${o.fileName}" không phải PDF đọc được (tệp bị hỏng hoặc không đầy đủ).`, { details: { fileName: o.fileName } });
    }
    let hasText = false;
    if (kind === 'pdf') {
      const r = await workers.run('text.extract', { bytes: new Uint8Array(o.bytes), kind: 'pdf' });
      hasText = !!r.text.trim();
    } else {
      try {
        await pageImaging.preparePage(o.bytes, { jpegQuality: 50 });
      } catch (e) {
        throw unreadableImage(o.fileName, e);
      }
    }
    const accepted: AcceptedBlob = await blobs.accept(o.bytes, o.fileName);
    const duplicates = fileDuplicates(accepted.hash, null);
    const signed = kind === 'pdf' && pdfIsSigned(o.bytes);
    const pageCount = kind === 'pdf' ? pdfPageCount(o.bytes) : 1;
    return o.write(() => {
      blobs.record(accepted, o.userId);
      const batchId = Number(
        insertBatch.run({
          source: o.source,
          label: o.fileName,
          kind: 'file',
          fileHash: accepted.hash,
          fileName: o.fileName,
          fileKind: accepted.kind,
          fileSize: accepted.size,
          fileSigned: signed ? 1 : 0,
          fileHasText: hasText ? 1 : 0,
          filePageCount: pageCount,
          fileDuplicates: JSON.stringify(duplicates),
          createdBy: o.userId,
          now: now(),
        }).lastInsertRowid,
      );
      o.inTx?.(batchId);
      return batchId;
    });
  }

  // ---- scanning --------------------------------------------------------------------------------------------------

  const busy = new Set<string>();
  const scans = new Map<string, AbortController>();
  let deviceNames = new Map<string, string>();

  async function listScanners(): Promise<ScannerListDto> {
    if (!deps.scanner) return { devices: [], backend: 'none', message: 'Máy tính này không có trình điều khiển máy quét (SANE hoặc WIA).' };
    try {
      const devices = await deps.scanner.list();
      deviceNames = new Map(devices.map((d) => [d.id, d.name]));
      return { devices, backend: deps.scanner.name, message: devices.length ? null : 'Không tìm thấy máy quét nào. Hãy kiểm tra máy quét đã bật và cắm vào máy tính.' };
    } catch (e) {
      if (e instanceof AppError) return { devices: [], backend: deps.scanner.name, message: e.message };
      throw e;
    }
  }

  async function scan(
    input: { scanId?: string; deviceId: string; source: ScanSource; mode: ScanMode; dpi: number; batchId?: number; maxPages: number },
    userId: number,
    write: Write,
  ): Promise<ImportBatchDetail> {
    const scanner = deps.scanner;
    if (!scanner) throw new AppError('scanner_unavailable', 'Máy tính này không dùng được máy quét (không có SANE hoặc WIA).');
    if (input.batchId != null) openBatch(input.batchId, 'pages');
    if (busy.has(input.deviceId)) throw new AppError('scanner_busy', 'Máy quét đang quét cho một yêu cầu khác; vui lòng đợi lượt quét đó xong.');
    const scanId = input.scanId ?? randomBytes(8).toString('hex');
    if (scans.has(scanId)) throw new AppError('conflict', 'Mã lượt quét này đang được dùng.');
    busy.add(input.deviceId);
    const controller = new AbortController();
    scans.set(scanId, controller);
    const outDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'vanthu-scan-'));
    const quality = scanSettings().jpegQuality;
    let batchId: number | null = input.batchId ?? null;
    let count = 0;
    let pageError: unknown = null;
    let chain = Promise.resolve();
    const progress = (state: EventMap['scan.progress']['state'], message: string | null) => {
      if (batchId != null) emit('scan.progress', { scanId, batchId, pages: count, state, message }, [userId]);
    };
    // Each page lands in the tray as the scanner delivers it (in order), while the next is being scanned.
    const addPage = async (file: string) => {
      const prepared = await pageImaging.preparePage(file, { mode: input.mode, dpi: input.dpi, jpegQuality: quality });
      const staged = await stagePage(prepared);
      try {
        batchId = write(() => {
          const id = batchId ?? newPagesBatch('scanner', deviceNames.get(input.deviceId) ?? input.deviceId, userId);
          insertPages(id, [staged]);
          return id;
        });
      } catch (e) {
        await tray.drop(staged.staged);
        throw e;
      }
      count++;
      progress('scanning', null);
      emit('imports.changed', { batchId });
    };
    let outcome: Awaited<ReturnType<ScannerBackend['scan']>> | null = null;
    let scanError: unknown = null;
    try {
      outcome = await scanner.scan(
        { deviceId: input.deviceId, source: input.source, mode: input.mode, dpi: input.dpi, maxPages: input.maxPages, outDir },
        {
          signal: controller.signal,
          onPage: (p) => {
            chain = chain.then(() => addPage(p.file)).catch((e: unknown) => void (pageError ??= e));
          },
        },
      );
    } catch (e) {
      scanError = e;
    } finally {
      await chain;
      busy.delete(input.deviceId);
      scans.delete(scanId);
      await fsp.rm(outDir, { recursive: true, force: true }).catch(() => undefined);
    }
    const failure = scanError ?? pageError;
    if (failure) {
      const message = failure instanceof AppError ? failure.message : 'Máy quét gặp lỗi khi quét.';
      if (batchId == null || count === 0) {
        progress('failed', message);
        throw failure instanceof AppError ? failure : new AppError('scanner_failed', message, { details: { detail: String(failure).slice(0, 300) } });
      }
      // The pages already scanned stay in the tray; what stopped the scan is told with the batch.
      const id = batchId;
      plainWrite(() => raw.prepare('UPDATE scan_batches SET notice = ?, updated_at = ? WHERE id = ?').run(`${message} (đã quét được ${count} trang)`, now(), id));
      progress('failed', message);
      return detail(id);
    }
    if (batchId == null) {
      if (outcome?.ended === 'cancelled') throw new AppError('invalid_state', 'Đã dừng quét trước khi có trang nào.');
      throw new AppError('scanner_empty', outcome?.notice ?? 'Khay nạp giấy không có giấy.');
    }
    const id = batchId;
    if (outcome?.notice) plainWrite(() => raw.prepare('UPDATE scan_batches SET notice = ?, updated_at = ? WHERE id = ?').run(outcome.notice, now(), id));
    progress(outcome?.ended === 'cancelled' ? 'cancelled' : 'done', outcome?.notice ?? null);
    return detail(id);
  }

  // ---- editing, creating documents, discarding -------------------------------------------------------------------

  async function editPages(batchId: number, edits: Array<{ id: number; rotation: Rotation; startsDocument: boolean }>, write: Write): Promise<ImportBatchDetail> {
    openBatch(batchId, 'pages');
    const before = new Map(pagesOf(batchId).map((p) => [p.id, p]));
    const seen = new Set<number>();
    for (const e of edits) {
      if (!before.has(e.id)) throw new AppError('invalid_input', 'Trang không thuộc lô quét này.', { details: { pageId: e.id } });
      if (seen.has(e.id)) throw new AppError('invalid_input', 'Một trang được liệt kê hai lần.', { details: { pageId: e.id } });
      seen.add(e.id);
    }
    const removed = [...before.values()].filter((p) => !seen.has(p.id));
    const reread: number[] = [];
    write(() => {
      openBatch(batchId, 'pages');
      const upd = raw.prepare('UPDATE scan_pages SET position = ?, rotation = ?, starts_document = ? WHERE id = ?');
      // Positions are moved out of the way first: the new order is a permutation of the old.
      raw.prepare('UPDATE scan_pages SET position = -position WHERE batch_id = ?').run(batchId);
      edits.forEach((e, i) => {
        upd.run(i + 1, e.rotation, i === 0 || e.startsDocument ? 1 : 0, e.id);
        const old = before.get(e.id)!;
        // Read again the right way up: a page OCR'd sideways gives nothing useful.
        if (old.rotation !== e.rotation && old.ocr_state !== 'skipped' && ocrOn()) {
          raw.prepare(`UPDATE scan_pages SET ocr_rev = ocr_rev + 1, ocr_state = 'pending', ocr_text = NULL, ocr_words = NULL, ocr_confidence = NULL WHERE id = ?`).run(e.id);
          enqueueOcr(e.id, old.ocr_rev + 1);
          reread.push(e.id);
        }
      });
      for (const p of removed) {
        raw.prepare('DELETE FROM scan_page_hashes WHERE page_id = ?').run(p.id);
        raw.prepare('DELETE FROM scan_pages WHERE id = ?').run(p.id);
      }
      touchBatch.run(now(), batchId);
    });
    for (const id of [...reread, ...removed.map((p) => p.id)]) running.get(id)?.controller.abort();
    for (const p of removed) await tray.removePage(batchId, p.id, p.format).catch(() => undefined);
    thumbs.clear();
    emit('imports.changed', { batchId });
    ocrProgress(batchId);
    return detail(batchId);
  }

  const insertCreated = raw.prepare(
    `INSERT INTO scan_documents (batch_id, idx, blob_hash, file_name, file_kind, size, page_count, signed, prefill, text, duplicates, document_id, created_at)
     VALUES (@batchId, @idx, @hash, @fileName, @kind, @size, @pageCount, @signed, @prefill, @text, @duplicates, NULL, @now)`,
  );

  async function createDocument(batchId: number, ocrWaitMs: number, userId: number, write: Write): Promise<CreatedImportDocument[]> {
    const b = batchRow(batchId);
    // Asked again (a retry after a lost answer): the documents already made.
    if (b.state === 'done') return createdOf(batchId).map(createdDto);
    openBatch(batchId);
    if (b.kind === 'file') return createFromFile(b, userId, write);
    const pages = pagesOf(batchId);
    if (!pages.length) throw new AppError('invalid_state', 'Lô quét chưa có trang nào.');
    await waitForOcr(
      pages.map((p) => p.id),
      ocrWaitMs,
    );
    const full = raw.prepare('SELECT * FROM scan_pages WHERE batch_id = ? ORDER BY position, id').all(batchId) as PageOcrRow[];
    const groups: PageOcrRow[][] = [];
    for (const p of full) {
      if (!groups.length || p.position === 1 || p.starts_document) groups.push([]);
      groups[groups.length - 1].push(p);
    }
    const date = todayVn(now());
    const made: Array<{ accepted: AcceptedBlob; pageIds: number[]; doc: CreatedImportDocument }> = [];
    for (const [i, group] of groups.entries()) {
      const assemble: AssemblePage[] = [];
      for (const p of group) {
        const words = p.ocr_state === 'done' && p.ocr_words ? (JSON.parse(p.ocr_words) as OcrWord[]) : null;
        const size = p.ocr_size ? (JSON.parse(p.ocr_size) as [number, number]) : [p.width, p.height];
        assemble.push({
          image: new Uint8Array(await tray.read(batchId, p.id, p.format)),
          format: p.format,
          width: p.width,
          height: p.height,
          dpi: p.dpi,
          rotation: p.rotation,
          mode: p.mode,
          ocr: words ? { text: p.ocr_text ?? '', words, confidence: p.ocr_confidence ?? 0, width: size[0], height: size[1] } : null,
          ocrScale: p.ocr_scale ?? 1,
        });
      }
      const { bytes } = await workers.run('scan.assemble', { pages: assemble, resourcesDir: env.resourcesDir, title: `Văn bản quét ${formatVnDate(date)}` });
      const fileName = `Van-ban-quet-${date}-${i + 1}.pdf`;
      const accepted = await blobs.accept(bytes, fileName);
      const text = group[0].ocr_state === 'done' ? (group[0].ocr_text ?? '') : '';
      made.push({
        accepted,
        pageIds: group.map((p) => p.id),
        doc: {
          index: i + 1,
          file: { hash: accepted.hash, fileName, size: accepted.size, kind: accepted.kind, pageCount: group.length, signed: false },
          prefill: prefillOf(text, group.length),
          text,
          duplicates: pageDuplicates(batchId, group),
        },
      });
    }
    const out = write(() => {
      const now_ = batchRow(batchId);
      if (now_.state === 'done') return createdOf(batchId).map(createdDto);
      openBatch(batchId);
      for (const m of made) {
        blobs.record(m.accepted, userId);
        const sid = Number(insertCreated.run(createdParams(batchId, m.doc)).lastInsertRowid);
        raw.prepare('UPDATE scan_page_hashes SET scan_document_id = ? WHERE page_id IN (SELECT value FROM json_each(?))').run(sid, JSON.stringify(m.pageIds));
      }
      raw.prepare(`UPDATE scan_batches SET state = 'done', updated_at = ? WHERE id = ?`).run(now(), batchId);
      return made.map((m) => m.doc);
    });
    emit('imports.changed', { batchId });
    return out;
  }

  function createdParams(batchId: number, d: CreatedImportDocument) {
    return {
      batchId,
      idx: d.index,
      hash: d.file.hash,
      fileName: d.file.fileName,
      kind: d.file.kind,
      size: d.file.size,
      pageCount: d.file.pageCount,
      signed: d.file.signed ? 1 : 0,
      prefill: JSON.stringify(d.prefill),
      text: d.text,
      duplicates: JSON.stringify(d.duplicates),
      now: now(),
    };
  }

  async function createFromFile(b: BatchRow, userId: number, write: Write): Promise<CreatedImportDocument[]> {
    const hash = b.file_hash!;
    const text = await textOfBlob(hash);
    const doc: CreatedImportDocument = {
      index: 1,
      file: { hash, fileName: b.file_name ?? '', size: b.file_size ?? 0, kind: b.file_kind ?? '', pageCount: b.file_page_count, signed: !!b.file_signed },
      prefill: prefillOf(text, b.file_page_count),
      text,
      duplicates: b.file_duplicates ? (JSON.parse(b.file_duplicates) as DuplicateHintDto[]) : [],
    };
    const out = write(() => {
      if (batchRow(b.id).state === 'done') return createdOf(b.id).map(createdDto);
      openBatch(b.id);
      insertCreated.run(createdParams(b.id, doc));
      raw.prepare(`UPDATE scan_batches SET state = 'done', updated_at = ? WHERE id = ?`).run(now(), b.id);
      return [doc];
    });
    emit('imports.changed', { batchId: b.id });
    return out;
  }

  function cancelOcrOf(batchId: number): number {
    const n = raw.prepare(`UPDATE scan_pages SET ocr_state = 'skipped' WHERE batch_id = ? AND ocr_state = 'pending'`).run(batchId).changes;
    let aborted = 0;
    for (const r of running.values()) {
      if (r.batchId === batchId) {
        r.controller.abort();
        aborted++;
      }
    }
    return n + aborted;
  }

  // Tray images go once every created document is registered, or at once when the batch is thrown away.
  jobs.register(TRAY_CLEANUP_JOB, {
    run: async (payload) => {
      const { batchId } = payload as { batchId: number };
      await tray.removeBatch(batchId);
      raw.transaction(() => raw.prepare('UPDATE scan_batches SET tray_cleared_at = coalesce(tray_cleared_at, ?) WHERE id = ?').run(now(), batchId)).immediate();
      thumbs.clear();
    },
  });
  const enqueueCleanup = (batchId: number) => jobs.enqueue(TRAY_CLEANUP_JOB, { batchId }, { dedupeKey: `${TRAY_CLEANUP_JOB}:${batchId}` });

  // ---- page images -----------------------------------------------------------------------------------------------

  const thumbs = new Map<string, Uint8Array>();
  async function pageImage(pageId: number, size: 'thumb' | 'full'): Promise<BinaryOut> {
    const p = pageStmt.get(pageId) as PageRow | undefined;
    const b = p ? (batchStmt.get(p.batch_id) as BatchRow) : undefined;
    if (!p || !b || b.tray_cleared_at) throw new AppError('not_found', 'Không tìm thấy ảnh trang quét (trang đã bị xóa khỏi khay).');
    const key = `${p.id}:${p.rotation}:${size}`;
    const cached = thumbs.get(key);
    let bytes: Uint8Array;
    if (cached) {
      // Least recently used goes first: a hit moves to the end.
      thumbs.delete(key);
      thumbs.set(key, cached);
      bytes = cached;
    } else {
      const image = new Uint8Array(await tray.read(p.batch_id, p.id, p.format));
      bytes = size === 'thumb' ? await pageImaging.thumbnail(image, p.rotation, THUMB_SIDE) : p.rotation ? await pageImaging.rotate(image, p.rotation) : image;
      if (size === 'thumb') {
        thumbs.set(key, bytes);
        if (thumbs.size > THUMB_CACHE) thumbs.delete(thumbs.keys().next().value!);
      }
    }
    const jpeg = size === 'thumb' || p.format === 'jpeg';
    return { fileName: `trang-${p.position}.${jpeg ? 'jpg' : 'png'}`, mime: jpeg ? 'image/jpeg' : 'image/png', bytes };
  }

  // ---- the watched folder ----------------------------------------------------------------------------------------

  const watcher = createWatcher({
    raw,
    now,
    logger,
    folders: () => {
      const s = scanSettings();
      if (!s.watchFolder) return null;
      return { watch: s.watchFolder, processed: s.processedFolder ?? path.join(s.watchFolder, 'da-nhap'), error: s.errorFolder ?? path.join(s.watchFolder, 'loi') };
    },
    importFile: (bytes, name, inTx) => {
      let id: number | null = null;
      return importBytes({
        bytes,
        fileName: name,
        source: 'folder',
        userId: null,
        write: systemWrite('imports.folder', () => ({ id, details: { fileName: name, size: bytes.byteLength } })),
        inTx: (batchId) => {
          id = batchId;
          inTx(batchId);
        },
      }).then((batchId) => {
        emit('imports.changed', { batchId });
        return batchId;
      });
    },
  });
  let watchTimer: NodeJS.Timeout | null = null;
  let polling: Promise<unknown> | null = null;
  function startWatching(): void {
    if (watchTimer) clearInterval(watchTimer);
    watchTimer = null;
    watcher.reset();
    if (!env.timers || !scanSettings().watchFolder) return;
    watchTimer = setInterval(() => {
      if (polling) return;
      polling = watcher
        .pollOnce()
        .catch((e: unknown) => logger.error('watched folder poll failed', { error: String(e) }))
        .finally(() => (polling = null));
    }, env.watchPollMs ?? 2000);
    watchTimer.unref();
  }

  /**
   * Every file in the watched folder is moved away once imported: the app's own data folder (or one holding it), a
   * drive's root or a home folder would lose files that are not scans.
   */
  function assertSafeWatchFolder(dir: string): void {
    const data = path.resolve(env.dataDir);
    const within = (a: string, b: string) => a === b || a.startsWith(b.endsWith(path.sep) ? b : b + path.sep);
    let why: string | null = null;
    if (within(dir, data) || within(data, dir)) why = 'không được là thư mục dữ liệu của VănThư hay chứa nó';
    else if (path.parse(dir).root === dir) why = 'không được là gốc ổ đĩa';
    else if (dir === path.resolve(os.homedir())) why = 'không được là thư mục cá nhân (hãy tạo một thư mục riêng cho máy quét)';
    if (why) throw new AppError('invalid_input', `Thư mục theo dõi ${why}.`, { fields: [{ path: 'watchFolder', message: `Thư mục theo dõi ${why}.` }] });
  }

  function assertFolder(dir: string, label: string, field: string): void {
    const fail = (why: string) => new AppError('invalid_input', `${label} "${dir}" ${why}.`, { fields: [{ path: field, message: `${label} ${why}.` }] });
    let st;
    try {
      st = statSync(dir);
    } catch {
      throw fail('không tồn tại');
    }
    if (!st.isDirectory()) throw fail('không phải là thư mục');
    try {
      accessSync(dir, fsConstants.W_OK | fsConstants.R_OK);
    } catch {
      throw fail('không ghi được (không đủ quyền)');
    }
  }

  // ---- the service -----------------------------------------------------------------------------------------------

  return {
    tray,
    plainWrite,

    /** Start-up: orphan tray files go; the watcher starts (with timers). */
    start(): void {
      const { removed } = tray.sweep(raw);
      if (removed) logger.info('scan tray swept', { removed });
      startWatching();
    },

    listScanners,
    scan,
    cancelScan(scanId: string): boolean {
      const c = scans.get(scanId);
      if (!c) return false;
      c.abort();
      return true;
    },

    async upload(fileName: string, bytes: Uint8Array, batchId: number | undefined, userId: number, write: Write): Promise<ImportBatchDetail> {
      const id = await importBytes({ bytes, fileName, source: 'upload', userId, batchId, write });
      emit('imports.changed', { batchId: id });
      return detail(id);
    },

    list(state: 'open' | 'done' | 'discarded' | 'all'): ImportBatchDto[] {
      const rows = (
        state === 'all'
          ? raw.prepare('SELECT * FROM scan_batches ORDER BY id DESC LIMIT 500').all()
          : raw.prepare('SELECT * FROM scan_batches WHERE state = ? ORDER BY id DESC LIMIT 500').all(state)
      ) as BatchRow[];
      return rows.map((b) => batchDto(b, pagesOf(b.id)));
    },
    get: detail,
    pageImage,
    editPages,
    createDocument,

    discard(batchId: number, write: Write): boolean {
      const b = batchRow(batchId);
      if (b.state === 'discarded') return false;
      if (b.state === 'done') throw new AppError('invalid_state', 'Lô quét này đã tạo văn bản, không bỏ được.');
      write(() => {
        raw.prepare(`UPDATE scan_batches SET state = 'discarded', updated_at = ? WHERE id = ?`).run(now(), batchId);
        cancelOcrOf(batchId);
        enqueueCleanup(batchId);
      });
      emit('imports.changed', { batchId });
      ocrProgress(batchId);
      return true;
    },

    /** The fields of a file uploaded in the registration form (the caller has checked the reader may see it). */
    async detectFields(hash: string): Promise<PrefillDto & { text: string }> {
      // Read (and verified) once, whether the text or only the page count needs the bytes.
      let bytes: Promise<Buffer> | undefined;
      const read = () => (bytes ??= blobs.read(hash));
      const text = await textOfBlob(hash, read);
      const info = blobs.info(hash);
      const pages = info.kind === 'pdf' ? pdfPageCount(new Uint8Array(await read())) : null;
      return { ...prefillOf(text, pages), text };
    },

    settings: scanSettings,
    saveSettings(patch: Partial<ImportSettingsDto>, write: Write): ImportSettingsDto {
      const next: ImportSettingsDto = { ...scanSettings() };
      for (const [k, v] of Object.entries(patch)) if (v !== undefined) (next as unknown as Record<string, unknown>)[k] = typeof v === 'string' ? v.trim() || null : v;
      if (next.watchFolder) {
        next.watchFolder = path.resolve(next.watchFolder);
        assertFolder(next.watchFolder, 'Thư mục theo dõi', 'watchFolder');
        assertSafeWatchFolder(next.watchFolder);
        for (const [k, sub] of [
          ['processedFolder', 'da-nhap'],
          ['errorFolder', 'loi'],
        ] as const) {
          const given = next[k];
          if (given) assertFolder(path.resolve(given), k === 'processedFolder' ? 'Thư mục đã nhập' : 'Thư mục lỗi', k);
          else mkdirSync(path.join(next.watchFolder, sub), { recursive: true });
          if (given) next[k] = path.resolve(given);
          // Moving an imported file into the folder it came from would import it again, for ever.
          if (given && path.resolve(given) === next.watchFolder) {
            const label = k === 'processedFolder' ? 'Thư mục đã nhập' : 'Thư mục lỗi';
            throw new AppError('invalid_input', `${label} phải khác thư mục theo dõi.`, { fields: [{ path: k, message: `${label} phải khác thư mục theo dõi.` }] });
          }
        }
      }
      write(() => settings.set('scanning', next));
      startWatching();
      return next;
    },

    async ocrStatus(): Promise<OcrStatusDto> {
      const counts = raw.prepare(`SELECT coalesce(sum(ocr_state = 'pending'), 0) AS pending, coalesce(sum(ocr_state = 'running'), 0) AS running FROM scan_pages`).get() as {
        pending: number;
        running: number;
      };
      const blobJobs = raw
        .prepare(`SELECT coalesce(sum(state = 'waiting'), 0) AS pending, coalesce(sum(state = 'running'), 0) AS running FROM jobs WHERE kind = ?`)
        .get(OCR_BLOB_JOB) as {
        pending: number;
        running: number;
      };
      const d = await driver();
      const info = d ? await d.info().catch(() => null) : null;
      return {
        engine: info?.engine ?? 'none',
        version: info?.version ?? null,
        languages: info?.languages ?? [],
        pending: counts.pending + blobJobs.pending,
        running: counts.running + blobJobs.running,
        threads: deps.ocrThreads,
        message: info ? null : env.ocr === 'none' ? 'Nhận dạng chữ đã tắt trên máy này.' : (driverError ?? 'Không có bộ nhận dạng chữ.'),
      };
    },

    ocrCancel(batchId: number, write: Write): number {
      batchRow(batchId);
      const n = write(() => cancelOcrOf(batchId));
      ocrProgress(batchId);
      return n;
    },

    /**
     * Inside incoming.register's transaction: a registered file that is a created import document is linked to the
     * document; when every document of its batch is registered, the batch's tray images are queued for removal.
     */
    onRegistered(documentId: number, hashes: string[]): void {
      if (!hashes.length) return;
      const batches = raw
        .prepare(`SELECT DISTINCT batch_id FROM scan_documents WHERE document_id IS NULL AND blob_hash IN (SELECT value FROM json_each(?))`)
        .pluck()
        .all(JSON.stringify(hashes)) as number[];
      if (!batches.length) return;
      raw.prepare(`UPDATE scan_documents SET document_id = ? WHERE document_id IS NULL AND blob_hash IN (SELECT value FROM json_each(?))`).run(documentId, JSON.stringify(hashes));
      for (const b of batches) {
        const left = raw.prepare('SELECT count(*) FROM scan_documents WHERE batch_id = ? AND document_id IS NULL').pluck().get(b) as number;
        if (!left) enqueueCleanup(b);
      }
    },

    /** One look at the watched folder (the app does this every watchPollMs; tests call it). */
    pollOnce(opts: { onStep?: StepHook } = {}) {
      return watcher.pollOnce(opts);
    },

    close(): void {
      if (watchTimer) clearInterval(watchTimer);
      watchTimer = null;
      for (const c of scans.values()) c.abort();
      for (const r of running.values()) r.controller.abort();
      const d = driverP;
      driverP = null;
      void d?.then((x) => x?.close()).catch(() => undefined);
    },
  };
}

export type ScanningService = ReturnType<typeof createScanning>;
