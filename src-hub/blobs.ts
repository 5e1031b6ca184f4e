// Blobs (document packets' .edxml) stored in PostgreSQL as bytea chunks, per uploader: resumable PUT at the current
// offset, SHA-256 verified in the transaction that stores the last chunk, reads by the uploader or a recipient of a
// packet that references the blob. Must not hold a whole blob in memory except where the caller asks (readAll).
import crypto from 'node:crypto';
import { and, asc, eq, gt, lte, desc } from 'drizzle-orm';
import type { BlobPutResponse } from '../src-shared/hub/protocol';
import { type HubDb, type Queryable, now, rows, sql, withTx } from './db';
import { HubError } from './errors';
import { blobChunks, blobs } from './schema';

export const SHA256_RE = /^[0-9a-f]{64}$/;

export function checkSha(sha: string): string {
  if (!SHA256_RE.test(sha)) throw new HubError('invalid_input', 'Tên tệp phải là SHA-256 (64 ký tự hex thường).');
  return sha;
}

export interface BlobState {
  total: number;
  received: number;
  complete: boolean;
}

export async function blobState(q: Queryable, ownerId: number, sha: string): Promise<BlobState | null> {
  const r = await q
    .select({ total: blobs.total, received: blobs.received, complete: blobs.complete })
    .from(blobs)
    .where(and(eq(blobs.ownerId, ownerId), eq(blobs.sha256, sha)));
  return r[0] ?? null;
}

/** Hashes the stored chunks one at a time (never the whole blob in memory). */
async function hashStored(q: Queryable, ownerId: number, sha: string): Promise<string> {
  const h = crypto.createHash('sha256');
  let after = -1;
  for (;;) {
    const r = await q
      .select({ offset: blobChunks.offset, data: blobChunks.data })
      .from(blobChunks)
      .where(and(eq(blobChunks.ownerId, ownerId), eq(blobChunks.sha256, sha), gt(blobChunks.offset, after)))
      .orderBy(asc(blobChunks.offset))
      .limit(1);
    if (!r.length) return h.digest('hex');
    h.update(r[0].data);
    after = r[0].offset;
  }
}

export async function putChunk(db: HubDb, ownerId: number, sha: string, offset: number, total: number, body: Buffer, maxBlobBytes: number): Promise<BlobPutResponse> {
  checkSha(sha);
  if (!Number.isSafeInteger(total) || total < 1) throw new HubError('invalid_input', 'Tham số total (kích thước tệp) không hợp lệ.');
  if (!Number.isSafeInteger(offset) || offset < 0) throw new HubError('invalid_input', 'Tham số offset không hợp lệ.');
  if (total > maxBlobBytes) throw new HubError('too_large', `Tệp ${total} byte vượt giới hạn ${maxBlobBytes} byte của trục tỉnh.`, { max: maxBlobBytes });
  const result = await withTx(db, async (tx) => {
    await tx.insert(blobs).values({ ownerId, sha256: sha, total, createdAt: now() }).onConflictDoNothing();
    const [b] = await tx
      .select({ total: blobs.total, received: blobs.received, complete: blobs.complete })
      .from(blobs)
      .where(and(eq(blobs.ownerId, ownerId), eq(blobs.sha256, sha)))
      .for('update');
    if (b.total !== total) throw new HubError('invalid_input', `Tệp này đang được tải lên với kích thước ${b.total} byte, không phải ${total}.`, { total: b.total });
    if (b.complete) return { state: 'ok' as const, received: b.total, complete: true };
    if (offset !== b.received) throw new HubError('bad_offset', `Phải gửi tiếp từ byte ${b.received}, không phải ${offset}.`, { offset: b.received });
    if (offset + body.length > total) throw new HubError('invalid_input', 'Đoạn dữ liệu vượt quá kích thước tệp đã khai.');
    const received = offset + body.length;
    if (body.length) await tx.insert(blobChunks).values({ ownerId, sha256: sha, offset, data: body });
    if (received < total) {
      await tx
        .update(blobs)
        .set({ received })
        .where(and(eq(blobs.ownerId, ownerId), eq(blobs.sha256, sha)));
      return { state: 'ok' as const, received, complete: false };
    }
    // Last chunk: verify in the same transaction, so a crash never leaves a "complete" blob that was not checked.
    if ((await hashStored(tx, ownerId, sha)) !== sha) {
      await tx.delete(blobChunks).where(and(eq(blobChunks.ownerId, ownerId), eq(blobChunks.sha256, sha)));
      await tx.delete(blobs).where(and(eq(blobs.ownerId, ownerId), eq(blobs.sha256, sha)));
      return { state: 'mismatch' as const, received: 0, complete: false };
    }
    await tx
      .update(blobs)
      .set({ received, complete: true })
      .where(and(eq(blobs.ownerId, ownerId), eq(blobs.sha256, sha)));
    return { state: 'ok' as const, received, complete: true };
  });
  if (result.state === 'mismatch') throw new HubError('blob_mismatch', 'Dữ liệu đã tải lên không khớp mã SHA-256 của tệp: đã hủy, hãy tải lại từ đầu.');
  return { sha256: sha, offset: result.received, total, complete: result.complete };
}

/** Whose copy of `sha` this office may read: its own, or the sender's of a packet delivered to it. */
export async function readableBlob(db: HubDb, officeId: number, sha: string): Promise<{ ownerId: number; total: number }> {
  checkSha(sha);
  const r = await rows<{ owner_id: number; total: number }>(
    db,
    sql`SELECT b.owner_id, b.total FROM blobs b
        WHERE b.sha256 = ${sha} AND b.complete
          AND (b.owner_id = ${officeId} OR EXISTS (
            SELECT 1 FROM packets p JOIN deliveries d ON d.packet_id = p.packet_id
            WHERE p.blob_sha256 = b.sha256 AND p.sender_id = b.owner_id AND d.recipient_id = ${officeId}))
        ORDER BY (b.owner_id = ${officeId}) DESC LIMIT 1`,
  );
  if (r.length) return { ownerId: Number(r[0].owner_id), total: Number(r[0].total) };
  const mine = await blobState(db, officeId, sha);
  if (mine) throw new HubError('blob_incomplete', 'Tệp chưa tải lên đủ.', { offset: mine.received });
  const any = await db.select({ o: blobs.ownerId }).from(blobs).where(eq(blobs.sha256, sha)).limit(1);
  if (any.length) throw new HubError('forbidden', 'Tệp này không gửi đến cơ quan của bạn.');
  throw new HubError('not_found', 'Không có tệp này trên trục tỉnh.');
}

/** Yields the bytes of a stored blob from `start`, chunk by chunk. */
export async function* blobBytes(db: HubDb, ownerId: number, sha: string, start = 0): AsyncGenerator<Buffer> {
  const first = await db
    .select({ offset: blobChunks.offset, data: blobChunks.data })
    .from(blobChunks)
    .where(and(eq(blobChunks.ownerId, ownerId), eq(blobChunks.sha256, sha), lte(blobChunks.offset, start)))
    .orderBy(desc(blobChunks.offset))
    .limit(1);
  if (!first.length) return;
  let after = first[0].offset;
  const skip = start - first[0].offset;
  if (skip < first[0].data.length) yield first[0].data.subarray(skip);
  for (;;) {
    const r = await db
      .select({ offset: blobChunks.offset, data: blobChunks.data })
      .from(blobChunks)
      .where(and(eq(blobChunks.ownerId, ownerId), eq(blobChunks.sha256, sha), gt(blobChunks.offset, after)))
      .orderBy(asc(blobChunks.offset))
      .limit(1);
    if (!r.length) return;
    yield r[0].data;
    after = r[0].offset;
  }
}

export async function readAll(db: HubDb, ownerId: number, sha: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const b of blobBytes(db, ownerId, sha)) parts.push(b);
  return Buffer.concat(parts);
}
