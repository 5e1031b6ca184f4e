// Files as the rest of the core sees them: accept (type checked by content, size limited, stored by SHA-256),
// describe, read back verified, and extract their text for search in the background. Slow work (hashing, disk,
// extraction) happens outside transactions; only the small `blobs` rows are written inside them.

import { eq, inArray } from 'drizzle-orm';
import type { BlobInfoDto } from '../../src-shared/api/incoming';
import { AppError } from '../../src-shared/errors';
import { foldSameLength } from '../../src-shared/vn/text';
import type { Db, RawDb } from '../db/open';
import type { Logger } from '../env';
import { extractTextResult } from './extract-text';
import { blobs } from './schema';
import { sniffFile, type FileKind } from './sniff';
import type { BlobStore } from './store';

const TEXT_KINDS = new Set<FileKind>(['pdf', 'docx', 'odt', 'rtf', 'txt', 'xlsx', 'ods', 'csv']);

export interface AcceptedBlob extends BlobInfoDto {
  created: boolean;
  textStatus: 'pending' | 'none';
}

export function createBlobs(deps: { db: Db; raw: RawDb; store: BlobStore; logger: Logger; now: () => number; uploadLimitBytes: () => number }) {
  const { db, raw, store, logger, now } = deps;
  const upsertText = raw.prepare('INSERT INTO blob_texts (hash, text, folded) VALUES (?, ?, ?) ON CONFLICT(hash) DO UPDATE SET text = excluded.text, folded = excluded.folded');
  const setStatus = raw.prepare('UPDATE blobs SET text_status = ?, text_chars = ? WHERE hash = ?');

  let running: Promise<void> | null = null;
  let again = false;
  let onText: (hash: string) => void = () => {};

  async function extractOne(hash: string, kind: FileKind): Promise<void> {
    let bytes: Buffer;
    try {
      bytes = await store.read(hash);
    } catch (e) {
      logger.error('blob unreadable for text extraction', { hash, error: String(e) });
      raw.transaction(() => setStatus.run('error', null, hash)).immediate();
      return;
    }
    const r = await extractTextResult(bytes, kind);
    if (r.error) logger.warn('text extraction incomplete', { hash, kind, error: r.error });
    raw
      .transaction(() => {
        if (r.text) upsertText.run(hash, r.text, foldSameLength(r.text));
        setStatus.run(r.text ? 'done' : r.error ? 'error' : 'none', r.text.length, hash);
        onText(hash);
      })
      .immediate();
  }

  async function drainLoop(): Promise<void> {
    do {
      again = false;
      for (;;) {
        const next = raw.prepare("SELECT hash, kind FROM blobs WHERE text_status = 'pending' ORDER BY created_at LIMIT 1").get() as
          | { hash: string; kind: FileKind }
          | undefined;
        if (!next) break;
        await extractOne(next.hash, next.kind);
      }
    } while (again);
  }

  function kick(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = drainLoop()
      .catch((e) => logger.error('text extraction loop failed', { error: String(e), stack: e instanceof Error ? e.stack : undefined }))
      .finally(() => {
        running = null;
      });
    return running;
  }

  return {
    store,

    /** Checks and stores the bytes (no transaction); the caller records the row with `record` in its own. */
    async accept(bytes: Uint8Array, fileName: string): Promise<AcceptedBlob> {
      const limit = deps.uploadLimitBytes();
      if (bytes.byteLength > limit) {
        throw new AppError('file_too_large', `Tệp "${fileName}" lớn hơn ${Math.round(limit / 1048576)} MB cho phép.`, { details: { size: bytes.byteLength, limit } });
      }
      const sniff = await sniffFile(bytes, fileName);
      if (!sniff.ok) {
        throw new AppError('unsupported_file_type', sniff.message, { details: { reason: sniff.reason, fileName } });
      }
      const put = await store.put(bytes);
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

    /** Records an accepted blob (inside the caller's transaction); a second upload of the same bytes is a no-op. */
    record(b: AcceptedBlob, userId: number | null): void {
      db.insert(blobs)
        .values({ hash: b.hash, size: b.size, kind: b.kind, mime: b.mime, macro: b.macro, textStatus: b.textStatus, createdAt: now(), createdBy: userId })
        .onConflictDoNothing()
        .run();
    },

    info(hash: string) {
      const b = db.select().from(blobs).where(eq(blobs.hash, hash)).get();
      if (!b) throw new AppError('not_found', 'Không tìm thấy tệp.');
      return b;
    },

    /** Throws unless every hash is a recorded blob (a file reference must point at an uploaded file). */
    assertKnown(hashes: string[]): void {
      if (!hashes.length) return;
      const known = new Set(db.select({ h: blobs.hash }).from(blobs).where(inArray(blobs.hash, hashes)).all().map((r) => r.h));
      const missing = hashes.filter((h) => !known.has(h));
      if (missing.length) throw new AppError('invalid_input', 'Tệp đính kèm chưa được tải lên.', { details: { missing } });
    },

    /** Verified bytes; a corrupted file raises blob_corrupt and is never served. */
    read(hash: string): Promise<Buffer> {
      return store.read(hash);
    },

    /** Called with the hash whenever a file's text lands in blob_texts (inside that transaction). */
    onTextReady(fn: (hash: string) => void): void {
      onText = fn;
    },

    /** Starts (or continues) background text extraction; the promise settles when nothing is pending. */
    extractPending: kick,
  };
}

export type BlobsService = ReturnType<typeof createBlobs>;
