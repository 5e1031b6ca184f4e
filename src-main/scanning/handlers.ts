// Handlers of scanner.*, imports.* and ocr.*: thin over scanning/service.ts. Each change runs in ctx.write (so its
// audit row commits with it); audit details name batches, pages and files, never a page image or OCR text.

import type { scanningApi } from '../../src-shared/api/scanning';
import { AppError } from '../../src-shared/errors';
import type { CallCtx, HandlerMap } from '../api/context';
import type { Write } from './service';

type Methods = Extract<keyof typeof scanningApi, `${'scanner' | 'imports' | 'ocr'}.${string}`>;

/** The call's own transaction (with its one audit row), for a change the service makes in one step. */
function auditedWrite(ctx: CallCtx, details: () => Record<string, unknown>, targetId: () => number | string | null): Write {
  return (fn) => ctx.write(fn, () => ({ targetType: 'scan_batch', targetId: targetId(), details: details() }));
}

/** Batches are the office's: every clerk sees and finishes any (one clerk scans, another registers). */
export const scanningHandlers: HandlerMap<Methods> = {
  'scanner.list': (ctx) => ctx.s.scanning.listScanners(),

  // One short transaction per page (a scan of 50 pages is not one long write); the call itself is audited once by
  // dispatch after it returns, with the request's settings only.
  'scanner.scan': (ctx, input) => ctx.s.scanning.scan(input, ctx.user().userId, ctx.s.scanning.plainWrite),

  'scanner.cancel': (ctx, input) => ({ cancelled: ctx.s.scanning.cancelScan(input.scanId) }),

  'imports.list': (ctx, input) => ({ items: ctx.s.scanning.list(input.state) }),
  'imports.get': (ctx, input) => ctx.s.scanning.get(input.batchId),
  'imports.pageImage': (ctx, input) => ctx.s.scanning.pageImage(input.pageId, input.size),

  'imports.upload': async (ctx, input) => {
    const me = ctx.user();
    // The office's upload limit, as for any file: refused as soon as it is passed, before it all sits in memory.
    const limit = ctx.s.settings.get('uploadLimitMb') * 1024 * 1024;
    const tooLarge = () => new AppError('file_too_large', `Tệp "${input.fileName}" lớn hơn ${Math.round(limit / 1048576)} MB cho phép.`, { details: { limit } });
    if (input.bytes instanceof Uint8Array) {
      if (input.bytes.byteLength > limit) throw tooLarge();
    } else {
      // The HTTP host streams large bodies; a tray file is read whole anyway (images are decoded in memory).
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const c of input.bytes) {
        size += c.byteLength;
        if (size > limit) throw tooLarge();
        chunks.push(c);
      }
      input = { ...input, bytes: Buffer.concat(chunks) };
    }
    const bytes = input.bytes as Uint8Array;
    let batchId: number | null = input.batchId ?? null;
    return ctx.s.scanning.upload(input.fileName, bytes, input.batchId, me.userId, (fn) =>
      ctx.write(
        () => {
          const r = fn();
          if (typeof r === 'number') batchId = r;
          return r;
        },
        () => ({ targetType: 'scan_batch', targetId: batchId, details: { fileName: input.fileName, size: bytes.byteLength, batchId: input.batchId ?? null } }),
      ),
    );
  },

  'imports.editPages': (ctx, input) =>
    ctx.s.scanning.editPages(
      input.batchId,
      input.pages,
      auditedWrite(
        ctx,
        () => ({ pages: input.pages.map((p) => ({ id: p.id, rotation: p.rotation, startsDocument: p.startsDocument })) }),
        () => input.batchId,
      ),
    ),

  'imports.createDocument': async (ctx, input) => {
    let documents: Array<{ index: number; hash: string }> = [];
    const out = await ctx.s.scanning.createDocument(input.batchId, input.ocrWaitMs, ctx.user().userId, (fn) =>
      ctx.write(
        () => {
          const r = fn();
          documents = (r as Array<{ index: number; file: { hash: string } }>).map((d) => ({ index: d.index, hash: d.file.hash }));
          return r;
        },
        () => ({ targetType: 'scan_batch', targetId: input.batchId, details: { documents } }),
      ),
    );
    return { documents: out };
  },

  'imports.discard': (ctx, input) => ({
    discarded: ctx.s.scanning.discard(
      input.batchId,
      auditedWrite(
        ctx,
        () => ({}),
        () => input.batchId,
      ),
    ),
  }),

  // Only someone who may read the file (its uploader, or a reader of a document carrying it) has its text read.
  'imports.detectFields': (ctx, input) => {
    if (!ctx.s.access.canReadBlob(ctx.viewer(), input.hash)) throw new AppError('not_found', 'Không tìm thấy tệp.');
    return ctx.s.scanning.detectFields(input.hash);
  },

  'imports.settings': (ctx) => ctx.s.scanning.settings(),
  'imports.saveSettings': (ctx, input) => {
    const out = ctx.s.scanning.saveSettings(input, (fn) => ctx.write(fn, { targetType: 'settings', targetId: 'scanning', details: { ...input } }));
    ctx.emit('settings.changed', {});
    return out;
  },

  'ocr.status': (ctx) => ctx.s.scanning.ocrStatus(),
  'ocr.cancel': (ctx, input) => ({
    cancelled: ctx.s.scanning.ocrCancel(
      input.batchId,
      auditedWrite(
        ctx,
        () => ({}),
        () => input.batchId,
      ),
    ),
  }),
};
