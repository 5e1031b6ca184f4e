// Handlers for files: upload (type checked by content, stored once by SHA-256), verified download, and opening with
// the system application where the Electron host provides one.

import fs from 'node:fs/promises';
import path from 'node:path';
import type { blobsApi } from '../../src-shared/api/blobs';
import { AppError } from '../../src-shared/errors';
import type { CallCtx, HandlerMap } from '../api/context';

type Methods = Extract<keyof typeof blobsApi, `blobs.${string}`>;

function safeName(name: string): string {
  // eslint-disable-next-line no-control-regex -- a file name must not carry control characters
  return name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 150) || 'tep';
}

/** The bytes of a file the caller may read (documents/access.ts); any other file is "not found", as if absent. */
async function readBlob(ctx: CallCtx, input: { hash: string; fileName?: string }) {
  const s = ctx.s;
  mayRead(ctx, input.hash);
  const info = s.blobs.info(input.hash);
  const bytes = await s.blobs.read(input.hash);
  return { fileName: input.fileName ?? `${input.hash.slice(0, 12)}.${info.kind}`, mime: info.mime, bytes };
}

function mayRead(ctx: CallCtx, hash: string): void {
  if (!ctx.s.access.canReadBlob(ctx.viewer(), hash)) throw new AppError('not_found', 'Không tìm thấy tệp.');
  // Destroyed by a disposal decision: say so (and which decision) rather than "file damaged".
  const gone = ctx.s.records.disposedBlob(hash);
  if (gone) {
    const [y, m, d] = gone.decisionDate.split('-');
    throw new AppError('content_disposed', `Tài liệu đã được tiêu hủy theo Quyết định số ${gone.decisionNumber} ngày ${d}/${m}/${y}; chỉ còn thông tin mô tả.`, { details: gone });
  }
}

export const blobsHandlers: HandlerMap<Methods> = {
  'blobs.put': async (ctx, input) => {
    const me = ctx.user();
    const b = await ctx.s.blobs.accept(input.bytes, input.fileName);
    ctx.write(() => ctx.s.blobs.record(b, me.userId), { targetType: 'blob', targetId: b.hash, details: { fileName: b.fileName, size: b.size, kind: b.kind, macro: b.macro } });
    const { created: _c, textStatus: _t, ...info } = b;
    return info;
  },

  // Viewing in the preview and downloading are the same bytes but different acts in the access log.
  'blobs.get': (ctx, input) => readBlob(ctx, input),
  'blobs.view': (ctx, input) => readBlob(ctx, input),

  'blobs.open': async (ctx, input) => {
    const desktop = ctx.s.env.desktop;
    mayRead(ctx, input.hash);
    if (!desktop) return { opened: false };
    const bytes = await ctx.s.blobs.read(input.hash);
    // A private read-only copy: the stored original is never handed to another program.
    const dir = path.join(ctx.s.env.dataDir, 'tmp-open', input.hash.slice(0, 16));
    await fs.mkdir(dir, { recursive: true });
    const file = path.join(dir, safeName(input.fileName));
    await fs.writeFile(file, bytes, { mode: 0o444 }).catch(async (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EACCES' && e.code !== 'EEXIST') throw e;
    });
    await desktop.openPath(file);
    return { opened: true };
  },
};
