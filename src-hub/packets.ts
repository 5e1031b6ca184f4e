// Push, routing and the per-office change feed: packets are validated with the shared edXML codec, stored once per
// packetId, and put in each recipient's feed with a sequence number taken under the recipient office's row lock, so
// sequence order is commit order across hub processes. Acknowledging (after=N) records delivery and queues receipts.
// Must not trust anything the office says about itself beyond what its credential proves.
import crypto from 'node:crypto';
import { and, asc, eq, gt, inArray, lt, lte, max } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { decodePacket, decodePacketBytes } from '../src-shared/edxml/index';
import { EdxmlError, type Packet } from '../src-shared/edxml/types';
import { MAX_INLINE_EDXML, type FeedItem, type FeedResponse, type PushRequest, type PushResponse } from '../src-shared/hub/protocol';
import { blobState, checkSha, readAll } from './blobs';
import { type HubDb, type HubTx, now, rows, sql, withTx } from './db';
import { HubError } from './errors';
import type { OfficeRow } from './offices';
import { deliveries, feedItems, offices, packets } from './schema';

const pushSchema = z.object({
  packetId: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, 'packetId: 1–100 ký tự chữ, số, . _ -'),
  kind: z.enum(['document', 'status']),
  edxml: z.string().optional(),
  blob: z.object({ sha256: z.string(), size: z.number().int().positive() }).optional(),
  to: z.array(z.string().min(1).max(35)).min(1).max(1000),
});

export function parsePush(body: unknown): PushRequest {
  const r = pushSchema.safeParse(body);
  if (!r.success) throw new HubError('invalid_input', `Yêu cầu gửi gói tin không hợp lệ: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data;
}

const sha256hex = (s: string | Uint8Array) => crypto.createHash('sha256').update(s).digest('hex');

/** What a retry must repeat exactly: kind, the bytes (edXML or blob) and the recipients. */
function contentHashOf(req: PushRequest): string {
  const body = req.kind === 'status' ? `edxml:${sha256hex(req.edxml ?? '')}` : `blob:${req.blob?.sha256}:${req.blob?.size}`;
  return sha256hex(`${req.kind}\n${body}\n${[...new Set(req.to)].sort().join(',')}`);
}

/**
 * At most two document packets are read and decoded at once per process: each may hold a 100 MB+ packet in memory, and
 * a burst of pushes must queue rather than exhaust the heap.
 */
const DECODE_SLOTS = 2;
let decodeBusy = 0;
const decodeQueue: Array<() => void> = [];
async function decoding<T>(fn: () => Promise<T>): Promise<T> {
  if (decodeBusy >= DECODE_SLOTS) await new Promise<void>((resolve) => decodeQueue.push(resolve));
  else decodeBusy++;
  try {
    return await fn();
  } finally {
    const next = decodeQueue.shift();
    if (next) next();
    else decodeBusy--;
  }
}

function invalidPacket(e: unknown): never {
  if (e instanceof EdxmlError) throw new HubError('invalid_packet', `Gói tin edXML không hợp lệ: ${e.message}`, { edxmlCode: e.code, path: e.path });
  throw e;
}

async function existing(db: HubDb | HubTx, packetId: string) {
  const r = await db
    .select({ senderId: packets.senderId, contentHash: packets.contentHash, accepted: packets.accepted, refused: packets.refused, receivedAt: packets.receivedAt })
    .from(packets)
    .where(eq(packets.packetId, packetId));
  return r[0] ?? null;
}

function duplicateOrConflict(office: OfficeRow, req: PushRequest, hash: string, prev: NonNullable<Awaited<ReturnType<typeof existing>>>): PushResponse {
  if (prev.senderId !== office.id || prev.contentHash !== hash) {
    throw new HubError('conflict', `Mã gói tin ${req.packetId} đã được dùng cho một gói tin khác.`);
  }
  return { packetId: req.packetId, duplicate: true, accepted: prev.accepted, refused: prev.refused, receivedAt: prev.receivedAt };
}

export async function push(db: HubDb, office: OfficeRow, req: PushRequest): Promise<PushResponse> {
  const hash = contentHashOf(req);
  // A retry is answered before any decoding: the common case of a flaky line costs one indexed read.
  const prev = await existing(db, req.packetId);
  if (prev) return duplicateOrConflict(office, req, hash, prev);

  const to = [...new Set(req.to.map((c) => c.trim()))];
  let packet: Packet;
  if (req.kind === 'status') {
    if (req.blob || typeof req.edxml !== 'string') throw new HubError('invalid_input', 'Gói tin trạng thái phải gửi kèm nội dung edXML (trường edxml).');
    if (Buffer.byteLength(req.edxml, 'utf8') > MAX_INLINE_EDXML) throw new HubError('too_large', `Gói tin trạng thái vượt ${MAX_INLINE_EDXML} byte.`, { max: MAX_INLINE_EDXML });
    try {
      packet = decodePacket(req.edxml);
    } catch (e) {
      invalidPacket(e);
    }
    if (packet.kind !== 'status') throw new HubError('invalid_packet', 'Gói tin gửi kèm không phải gói tin trạng thái.');
  } else {
    if (!req.blob || req.edxml !== undefined) throw new HubError('invalid_input', 'Gói tin văn bản phải gửi theo tệp đã tải lên (trường blob).');
    checkSha(req.blob.sha256);
    const st = await blobState(db, office.id, req.blob.sha256);
    if (!st || !st.complete) throw new HubError('blob_incomplete', 'Tệp gói tin chưa được tải lên đủ.', { offset: st?.received ?? 0 });
    if (st.total !== req.blob.size) throw new HubError('invalid_input', `Kích thước khai (${req.blob.size}) khác kích thước tệp đã tải (${st.total}).`);
    const blob = req.blob;
    try {
      packet = await decoding(async () => decodePacketBytes(await readAll(db, office.id, blob.sha256), { skipAttachmentBytes: true }));
    } catch (e) {
      invalidPacket(e);
    }
    if (packet.kind !== 'document') throw new HubError('invalid_packet', 'Tệp gửi kèm không phải gói tin văn bản.');
    const listed = [...new Set(packet.to.map((o) => o.organId))].sort();
    if (listed.join(',') !== [...to].sort().join(',')) {
      throw new HubError('invalid_packet', `Danh sách nơi nhận (to) khác danh sách To trong gói tin (${listed.join(', ')}).`, { packetTo: listed });
    }
  }
  if (packet.from.organId !== office.code) {
    throw new HubError('forbidden', `Cơ quan ${office.code} không được gửi gói tin nhân danh ${packet.from.organId}.`);
  }
  const documentId = packet.kind === 'document' ? packet.documentId : packet.responseFor.documentId;

  // Routing: registered, active recipients other than the sender itself.
  const known = to.length
    ? await db
        .select({ id: offices.id, code: offices.code })
        .from(offices)
        .where(and(inArray(offices.code, to), eq(offices.disabled, false)))
    : [];
  const byCode = new Map(known.map((o) => [o.code, o.id]));
  const accepted: Array<{ id: number; code: string }> = [];
  const refused: Array<{ code: string; reason: string }> = [];
  for (const code of to) {
    const id = byCode.get(code);
    if (code === office.code) refused.push({ code, reason: 'Không gửi gói tin cho chính mình.' });
    else if (id === undefined) refused.push({ code, reason: 'Cơ quan chưa đăng ký (hoặc đã bị khóa) trên trục liên thông tỉnh.' });
    else accepted.push({ id, code });
  }
  if (!accepted.length) throw new HubError('unknown_recipient', 'Không nơi nhận nào của gói tin đăng ký trên trục liên thông tỉnh.', { refused });

  if (packet.kind === 'status') {
    // A status may only travel along an exchange that happened: a document between the sender and that recipient.
    const ids = accepted.map((a) => a.id);
    const ok = await rows<{ rid: number }>(
      db,
      sql`SELECT DISTINCT CASE WHEN p.sender_id = ${office.id} THEN d.recipient_id ELSE p.sender_id END AS rid
          FROM packets p JOIN deliveries d ON d.packet_id = p.packet_id
          WHERE p.kind = 'document' AND p.document_id = ${documentId}
            AND ((p.sender_id = ${office.id} AND d.recipient_id IN ${ids}) OR (d.recipient_id = ${office.id} AND p.sender_id IN ${ids}))`,
    );
    const allowed = new Set(ok.map((r) => Number(r.rid)));
    const stranger = accepted.filter((a) => !allowed.has(a.id)).map((a) => a.code);
    if (stranger.length) {
      throw new HubError('forbidden', `Văn bản ${documentId} chưa từng được trao đổi giữa ${office.code} và ${stranger.join(', ')}: không gửi trạng thái được.`, {
        recipients: stranger,
      });
    }
  }

  const receivedAt = now();
  const stored = await withTx(db, async (tx) => {
    const ins = await tx
      .insert(packets)
      .values({
        packetId: req.packetId,
        senderId: office.id,
        kind: req.kind,
        contentHash: hash,
        edxml: req.kind === 'status' ? (req.edxml ?? null) : null,
        blobSha256: req.blob?.sha256 ?? null,
        blobSize: req.blob?.size ?? null,
        documentId,
        recipients: to,
        accepted: accepted.map((a) => a.code),
        refused,
        receivedAt,
      })
      .onConflictDoNothing()
      .returning({ id: packets.packetId });
    // Lost a race with the same packetId (a concurrent retry, maybe through another hub process): compare below.
    if (!ins.length) return false;
    await appendItems(
      tx,
      accepted.map((a) => a.id),
      (officeId, seq) => ({ officeId, seq, type: 'packet' as const, packetId: req.packetId, recipient: null, at: receivedAt }),
      async (officeId, seq) => {
        await tx.insert(deliveries).values({ packetId: req.packetId, recipientId: officeId, senderId: office.id, feedSeq: seq });
      },
    );
    return true;
  });
  if (!stored) {
    const again = await existing(db, req.packetId);
    if (!again) throw new HubError('internal', 'Không đọc lại được gói tin vừa ghi.');
    return duplicateOrConflict(office, req, hash, again);
  }
  return { packetId: req.packetId, duplicate: false, accepted: accepted.map((a) => a.code), refused, receivedAt };
}

/**
 * Appends one item to each office's feed. Office rows are locked in id order (no deadlock between two pushes) and the
 * lock is held to commit: the next writer to that feed waits, so a reader never sees seq N+1 before seq N.
 */
async function appendItems(
  tx: HubTx,
  officeIds: number[],
  item: (officeId: number, seq: number) => typeof feedItems.$inferInsert,
  after?: (officeId: number, seq: number) => Promise<void>,
): Promise<void> {
  for (const id of [...new Set(officeIds)].sort((a, b) => a - b)) {
    const [{ seq }] = await tx
      .update(offices)
      .set({ feedSeq: sql`${offices.feedSeq} + 1` })
      .where(eq(offices.id, id))
      .returning({ seq: offices.feedSeq });
    await tx.insert(feedItems).values(item(id, seq));
    if (after) await after(id, seq);
  }
}

/** Records delivery of this office's packet items ≤ upTo and puts one receipt in each sender's feed. */
async function acknowledge(db: HubDb, office: OfficeRow, upTo: number): Promise<void> {
  // acked_seq is raised only after the receipts for everything up to it were committed, and items appended later get
  // higher numbers: nothing at or below it can still be pending, so the usual poll costs no extra query.
  if (upTo <= office.ackedSeq) return;
  const pending = await db
    .select({ p: deliveries.packetId })
    .from(deliveries)
    .where(and(eq(deliveries.recipientId, office.id), lte(deliveries.feedSeq, upTo), sql`${deliveries.deliveredAt} IS NULL`))
    .limit(1);
  if (pending.length) {
    await withTx(db, async (tx) => {
      const at = now();
      // The row locks make this exactly-once: a concurrent acknowledgement re-checks delivered_at after waiting.
      const done = await tx
        .update(deliveries)
        .set({ deliveredAt: at })
        .where(and(eq(deliveries.recipientId, office.id), lte(deliveries.feedSeq, upTo), sql`${deliveries.deliveredAt} IS NULL`))
        .returning({ packetId: deliveries.packetId, senderId: deliveries.senderId });
      const bySender = new Map<number, string[]>();
      for (const d of done) bySender.set(d.senderId, [...(bySender.get(d.senderId) ?? []), d.packetId]);
      for (const senderId of [...bySender.keys()].sort((a, b) => a - b)) {
        const ids = bySender.get(senderId)!.sort();
        const [{ seq }] = await tx
          .update(offices)
          .set({ feedSeq: sql`${offices.feedSeq} + ${ids.length}` })
          .where(eq(offices.id, senderId))
          .returning({ seq: offices.feedSeq });
        await tx
          .insert(feedItems)
          .values(ids.map((packetId, i) => ({ officeId: senderId, seq: seq - ids.length + 1 + i, type: 'receipt' as const, packetId, recipient: office.code, at })));
      }
    });
  }
  if (upTo > office.ackedSeq) {
    // Kept for the admin's lag view only; a separate short statement so the receipt transaction locks no extra row.
    await db
      .update(offices)
      .set({ ackedSeq: upTo })
      .where(and(eq(offices.id, office.id), lt(offices.ackedSeq, upTo)));
  }
}

// The hot path of every poll: prepared once per database handle.
const feedStatements = new WeakMap<HubDb, ReturnType<typeof prepareFeed>>();
function prepareFeed(db: HubDb) {
  const sender = alias(offices, 'sender');
  return db
    .select({
      seq: feedItems.seq,
      type: feedItems.type,
      packet_id: feedItems.packetId,
      recipient: feedItems.recipient,
      at: feedItems.at,
      kind: packets.kind,
      edxml: packets.edxml,
      blob_sha256: packets.blobSha256,
      blob_size: packets.blobSize,
      sender: sender.code,
    })
    .from(feedItems)
    .leftJoin(packets, and(eq(feedItems.type, 'packet'), eq(packets.packetId, feedItems.packetId)))
    .leftJoin(sender, eq(sender.id, packets.senderId))
    .where(and(eq(feedItems.officeId, sql.placeholder('officeId')), gt(feedItems.seq, sql.placeholder('after'))))
    .orderBy(asc(feedItems.seq))
    .limit(sql.placeholder('limit'))
    .prepare('hub_feed_items');
}

export async function feed(db: HubDb, office: OfficeRow, after: number, limit: number): Promise<FeedResponse> {
  if (after > office.feedSeq || after < office.purgedSeq) {
    throw new HubError(
      'resync',
      after > office.feedSeq ? 'Con trỏ vượt quá dữ liệu trên trục tỉnh: cần đồng bộ lại.' : 'Con trỏ cũ hơn thời hạn lưu trên trục tỉnh: cần đồng bộ lại.',
      {
        head: office.feedSeq,
      },
    );
  }
  if (after > 0) await acknowledge(db, office, after);
  let st = feedStatements.get(db);
  if (!st) feedStatements.set(db, (st = prepareFeed(db)));
  const items = await st.execute({ officeId: office.id, after, limit });
  const out: FeedItem[] = items.map((r) =>
    r.type === 'receipt'
      ? { seq: r.seq, type: 'receipt', packetId: r.packet_id, recipient: r.recipient ?? '', state: 'delivered', at: Number(r.at) }
      : {
          seq: r.seq,
          type: 'packet',
          packetId: r.packet_id,
          kind: r.kind ?? 'status',
          from: r.sender ?? '',
          receivedAt: Number(r.at),
          ...(r.kind === 'status' ? { edxml: r.edxml ?? '' } : { blob: { sha256: r.blob_sha256 ?? '', size: Number(r.blob_size) } }),
        },
  );
  const last = out.length ? out[out.length - 1].seq : 0;
  return { items: out, head: Math.max(office.feedSeq, last) };
}

/**
 * Retention: drops feed items older than `before` (always a prefix of each feed, so a cursor is either fully served or
 * told to resync) and blobs no packet received since needs. Packet metadata is kept: statuses about old documents
 * must still find the exchange they answer.
 */
export async function purge(db: HubDb, before: number): Promise<{ feedItems: number; blobs: number }> {
  const old = await db
    .select({ officeId: feedItems.officeId, upTo: max(feedItems.seq) })
    .from(feedItems)
    .where(lt(feedItems.at, before))
    .groupBy(feedItems.officeId)
    .orderBy(asc(feedItems.officeId));
  let removed = 0;
  for (const o of old) {
    if (o.upTo === null) continue;
    const upTo = o.upTo;
    removed += await withTx(db, async (tx) => {
      const d = await tx
        .delete(feedItems)
        .where(and(eq(feedItems.officeId, o.officeId), lte(feedItems.seq, upTo)))
        .returning({ seq: feedItems.seq });
      await tx
        .update(offices)
        .set({ purgedSeq: sql`GREATEST(${offices.purgedSeq}, ${upTo})` })
        .where(eq(offices.id, o.officeId));
      return d.length;
    });
  }
  const gone = await withTx(db, async (tx) => {
    const b = await rows<{ owner_id: number; sha256: string }>(
      tx,
      sql`DELETE FROM blobs b WHERE b.created_at < ${before}
            AND NOT EXISTS (SELECT 1 FROM packets p WHERE p.sender_id = b.owner_id AND p.blob_sha256 = b.sha256 AND p.received_at >= ${before})
          RETURNING b.owner_id, b.sha256`,
    );
    for (const x of b) await tx.execute(sql`DELETE FROM blob_chunks WHERE owner_id = ${x.owner_id} AND sha256 = ${x.sha256}`);
    return b.length;
  });
  return { feedItems: removed, blobs: gone };
}
