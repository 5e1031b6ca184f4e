// Files as the rest of the core sees them: accept (type checked by content, size limited, stored by SHA-256),
// describe, read back verified, and extract their text for search: a 'blob.text' job queued with the row, run in a
// worker thread. Slow work (hashing, disk, extraction) happens outside transactions; only the small `blobs` rows (and
// their job) are written inside them.

import { readFile } from 'node:fs/promises';
import { eq, inArray } from 'drizzle-orm';
import type { BinaryIn } from '../../src-shared/api/define';
import type { BlobInfoDto } from '../../src-shared/api/blobs';
import { AppError } from '../../src-shared/errors';
import { foldSameLength } from '../../src-shared/vn/text';
import type { Db, RawDb } from '../db/open';
import type { Logger } from '../env';
import type { JobsService } from '../jobs/service';
import type { WorkerPool } from '../jobs/worker-pool';
import { blobs, blobUploads } from './schema';
import { readHead, scanFileForTokens } from './file-read';
import { cutTextHead, LARGE_TEXT_HEAD, sniffFile, sniffLarge, type FileKind, type SniffResult } from './sniff';
import type { BlobStore, PutResult } from './store';

const TEXT_KINDS = new Set<FileKind>(['pdf', 'docx', 'odt', 'rtf', 'txt', 'xlsx', 'ods', 'csv']);

/** Up to this size a staged file is read whole to decide its type (as before streaming); beyond it, sniffLarge. */
const SNIFF_WHOLE_MAX = 16 << 20;

/** Files above this size are not read whole for search text: plain text gives its first part, others none. */
export const EXTRACT_WHOLE_MAX = 64 << 20;
/** Plain text read from a larger file: enough for MAX_TEXT_CHARS in any encoding. */
const TEXT_HEAD_BYTES = 8 << 20;

function isAbort(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ECONNRESET' || code === 'ECONNABORTED' || code === 'ERR_STREAM_PREMATURE_CLOSE' || (e instanceof Error && e.message === 'aborted');
}

async function sniffStaged(path: string, size: number, fileName: string): Promise<SniffResult> {
  if (size <= SNIFF_WHOLE_MAX) return sniffFile(await readFile(path), fileName);
  return sniffLarge(
    {
      head: await readHead(path, LARGE_TEXT_HEAD),
      scan: (tokens) => scanFileForTokens(path, tokens),
      whole: () => readFile(path),
    },
    fileName,
  );
}

export interface AcceptedBlob extends BlobInfoDto {
  created: boolean;
  textStatus: 'pending' | 'none';
}

/** The job kind that extracts a file's search text; one per file (dedupe key), queued when its row is recorded. */
export const TEXT_JOB = 'blob.text';
/** Signature verification of a new PDF; the handler is registered by signing/jobs.ts. */
export const VERIFY_PDF_JOB = 'signing.verify';
const textJobKey = (hash: string) => `${TEXT_JOB}:${hash}`;
/** A PDF whose extraction found no text (a scan) is read by OCR from its page images; the handler is scanning/service.ts. */
export const OCR_BLOB_JOB = 'ocr.blob';

export function createBlobs(deps: {
  db: Db;
  raw: RawDb;
  store: BlobStore;
  logger: Logger;
  now: () => number;
  uploadLimitBytes: () => number;
  jobs: JobsService;
  workers: WorkerPool;
}) {
  const { db, raw, store, logger, now } = deps;
  const upsertText = raw.prepare('INSERT INTO blob_texts (hash, text, folded) VALUES (?, ?, ?) ON CONFLICT(hash) DO UPDATE SET text = excluded.text, folded = excluded.folded');
  const setStatus = raw.prepare('UPDATE blobs SET text_status = ?, text_chars = ? WHERE hash = ?');

  let onText: (hash: string) => void = () => {};
  const { jobs, workers } = deps;

  /** The 'blob.text' job: reads the file, extracts its text in a worker thread, stores it in one transaction. */
  async function extractOne(hash: string): Promise<void> {
    const b = raw.prepare('SELECT kind, size, text_status AS status FROM blobs WHERE hash = ?').get(hash) as { kind: FileKind; size: number; status: string } | undefined;
    // Already extracted (a run cut short after its write) or the row is gone: nothing to do.
    if (!b || b.status !== 'pending') return;
    const { kind, size } = b;
    let bytes: Buffer;
    try {
      const plain = kind === 'txt' || kind === 'csv';
      // Plain text beyond the head is never searched (the index keeps its first characters only): a 45 MB CSV
      // uploaded for import is not decoded and folded whole while the clerk waits for its preview.
      if (size > EXTRACT_WHOLE_MAX || (plain && size > TEXT_HEAD_BYTES)) {
        // A file this large is never read whole in the background: plain text gives its first part (the search
        // text is capped anyway); PDF and office files would need the whole file, so they get no search text.
        if (!plain) {
          logger.warn('file too large for text extraction', { hash, kind, size });
          raw.transaction(() => setStatus.run('none', null, hash)).immediate();
          return;
        }
        const head = await readHead(store.pathOf(hash), TEXT_HEAD_BYTES);
        bytes = head.subarray(0, cutTextHead(head).length);
      } else {
        bytes = await store.read(hash);
      }
    } catch (e) {
      logger.error('blob unreadable for text extraction', { hash, error: String(e) });
      raw.transaction(() => setStatus.run('error', null, hash)).immediate();
      return;
    }
    // pdf.js and the office readers run in a worker: a 300-page PDF does not hold up the requests of the office.
    const r = await workers.run('text.extract', { bytes, kind });
    if (r.error) logger.warn('text extraction incomplete', { hash, kind, error: r.error });
    raw
      .transaction(() => {
        if (r.text) upsertText.run(hash, r.text, foldSameLength(r.text));
        setStatus.run(r.text ? 'done' : r.error ? 'error' : 'none', r.text.length, hash);
        onText(hash);
        // No text layer at all: a scanned PDF, searchable only once its page images are read (never rewritten).
        if (kind === 'pdf' && !r.text.trim() && !r.error) jobs.enqueue(OCR_BLOB_JOB, { hash }, { dedupeKey: `${OCR_BLOB_JOB}:${hash}` });
      })
      .immediate();
  }

  jobs.register(TEXT_JOB, {
    run: (payload) => extractOne((payload as { hash: string }).hash),
    // Given up (the worker kept timing out or crashing): the file is searchable by its metadata only.
    onGiveUp: (payload) => void setStatus.run('error', null, (payload as { hash: string }).hash),
  });

  return {
    store,

    /**
     * Checks and stores a file (no transaction); the caller records the row with `record` in its own. Whole bytes
     * (IPC) and a stream (an HTTP upload as it arrives) take the same path: copied to a temp file in the store
     * while hashed, refused with file_too_large as soon as the limit is passed, typed from the file, then moved
     * into place (or dropped when the same bytes are already stored).
     */
    async accept(source: BinaryIn, fileName: string): Promise<AcceptedBlob> {
      const limit = deps.uploadLimitBytes();
      const tooLarge = (size: number) => new AppError('file_too_large', `Tệp "${fileName}" lớn hơn ${Math.round(limit / 1048576)} MB cho phép.`, { details: { size, limit } });
      const whole = source instanceof Uint8Array ? source : null;
      if (whole && whole.byteLength > limit) throw tooLarge(whole.byteLength);
      const staged = await store.stage(whole ? [whole] : (source as AsyncIterable<Uint8Array>), { maxBytes: limit, tooLarge }).catch((e: unknown) => {
        // The client went away mid-upload: nothing was stored, and it is not a fault of ours to log as one.
        if (!whole && isAbort(e)) throw new AppError('invalid_input', `Tải tệp "${fileName}" lên bị gián đoạn, vui lòng gửi lại.`);
        throw e;
      });
      let put: PutResult;
      let sniff: SniffResult;
      try {
        sniff = whole ? await sniffFile(whole, fileName) : await sniffStaged(staged.path, staged.size, fileName);
        if (!sniff.ok) {
          throw new AppError('unsupported_file_type', sniff.message, { details: { reason: sniff.reason, fileName } });
        }
        put = await staged.commit();
      } catch (e) {
        await staged.discard().catch(() => undefined);
        throw e;
      }
      return {
        hash: put.hash,
        size: put.size,
        kind: sniff.kind,
        mime: sniff.mime,
        macro: sniff.macro,
        notes: sniff.notes,
        fileName,
        created: put.created,
        textStatus: TEXT_KINDS.has(sniff.kind) ? 'pending' : 'none',
      };
    },

    /**
     * Records an accepted blob (inside the caller's transaction) and queues its text extraction in that same
     * transaction; a second upload of the same bytes is a no-op.
     */
    record(b: AcceptedBlob, userId: number | null): void {
      const r = db
        .insert(blobs)
        .values({ hash: b.hash, size: b.size, kind: b.kind, mime: b.mime, macro: b.macro, textStatus: b.textStatus, createdAt: now(), createdBy: userId })
        .onConflictDoNothing()
        .run();
      // Every uploader of the bytes, not only the first: each may read back what they uploaded.
      if (userId != null) db.insert(blobUploads).values({ hash: b.hash, userId, at: now() }).onConflictDoNothing().run();
      if (r.changes && b.textStatus === 'pending') jobs.enqueue(TEXT_JOB, { hash: b.hash }, { dedupeKey: textJobKey(b.hash) });
      // Every PDF received or imported has its signatures checked (signing/jobs.ts), once, in the background.
      if (r.changes && b.kind === 'pdf') jobs.enqueue(VERIFY_PDF_JOB, { hash: b.hash }, { dedupeKey: `${VERIFY_PDF_JOB}:${b.hash}` });
    },

    /** Start-up: files still 'pending' without a job (a database from before the jobs table) get one. */
    enqueuePending(): number {
      const hashes = raw.prepare("SELECT hash FROM blobs WHERE text_status = 'pending' ORDER BY created_at").pluck().all() as string[];
      let queued = 0;
      raw
        .transaction(() => {
          for (const h of hashes) if (jobs.enqueue(TEXT_JOB, { hash: h }, { dedupeKey: textJobKey(h) }) != null) queued++;
        })
        .immediate();
      return queued;
    },

    info(hash: string) {
      const b = db.select().from(blobs).where(eq(blobs.hash, hash)).get();
      if (!b) throw new AppError('not_found', 'Không tìm thấy tệp.');
      return b;
    },

    /** Throws unless every hash is a recorded blob (a file reference must point at an uploaded file). */
    assertKnown(hashes: string[]): void {
      if (!hashes.length) return;
      const known = new Set(
        db
          .select({ h: blobs.hash })
          .from(blobs)
          .where(inArray(blobs.hash, hashes))
          .all()
          .map((r) => r.h),
      );
      const missing = hashes.filter((h) => !known.has(h));
      if (missing.length) throw new AppError('invalid_input', 'Tệp đính kèm chưa được tải lên.', { details: { missing } });
    },

    /** Verified bytes; a corrupted file raises blob_corrupt and is never served. */
    read(hash: string): Promise<Buffer> {
      return store.read(hash);
    },

    /** Stores a file's text found another way (OCR of a scanned PDF), inside the caller's transaction, like extraction does. */
    storeText(hash: string, text: string): void {
      if (text) upsertText.run(hash, text, foldSameLength(text));
      setStatus.run(text ? 'done' : 'none', text.length, hash);
      onText(hash);
    },

    /** Called with the hash whenever a file's text lands in blob_texts (inside that transaction). */
    onTextReady(fn: (hash: string) => void): void {
      onText = fn;
    },
  };
}

export type BlobsService = ReturnType<typeof createBlobs>;
