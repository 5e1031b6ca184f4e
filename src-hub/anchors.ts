// Audit anchors: an office periodically deposits (count, head) of its audit chain with a MAC under its anchor key; the
// hub stamps its own receive time and refuses any anchor that would rewrite history (a lower count, or another head
// for a count already anchored). Never trusts the office's `at` for ordering.
import crypto from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { anchorMessage, type AnchorRecord, type AnchorRequest, type AnchorResponse } from '../src-shared/hub/protocol';
import { type HubDb, now, sql, withTx } from './db';
import { HubError } from './errors';
import type { Logger } from './log';
import type { OfficeRow } from './offices';
import { anchors } from './schema';

const ANCHOR_LOCK_CLASS = 7411;

export const anchorSchema = z.object({
  count: z.number().int().nonnegative(),
  head: z.string().regex(/^[0-9a-f]{64}$/, 'head: SHA-256 hex'),
  at: z.number().int().nonnegative(),
  mac: z.string().regex(/^[0-9a-f]{64}$/, 'mac: HMAC-SHA256 hex'),
});

export function anchorMac(anchorKeyHex: string, code: string, a: Pick<AnchorRequest, 'count' | 'head' | 'at'>): string {
  return crypto.createHmac('sha256', Buffer.from(anchorKeyHex, 'hex')).update(anchorMessage(code, a), 'utf8').digest('hex');
}

export async function postAnchor(db: HubDb, office: OfficeRow, req: AnchorRequest, log: Logger): Promise<AnchorResponse> {
  const expected = Buffer.from(anchorMac(office.anchorKey, office.code, req), 'hex');
  const given = Buffer.from(req.mac, 'hex');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
    log('warn', 'anchor_bad_mac', { office: office.code, count: req.count });
    throw new HubError('forbidden', 'Mã xác thực (MAC) của mốc nhật ký không đúng với khóa của cơ quan.');
  }
  const r = await withTx(db, async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${ANCHOR_LOCK_CLASS}, ${office.id})`);
    const [top] = await tx.select({ count: anchors.count }).from(anchors).where(eq(anchors.officeId, office.id)).orderBy(desc(anchors.count)).limit(1);
    const [same] = await tx
      .select({ head: anchors.head, receivedAt: anchors.receivedAt })
      .from(anchors)
      .where(and(eq(anchors.officeId, office.id), eq(anchors.count, req.count)))
      .limit(1);
    if (same) {
      if (same.head === req.head) return { stored: false, receivedAt: same.receivedAt };
      return { refused: 'fork' as const, previous: top?.count ?? 0 };
    }
    if (top && req.count < top.count) return { refused: 'truncated' as const, previous: top.count };
    const receivedAt = now();
    await tx.insert(anchors).values({ officeId: office.id, count: req.count, head: req.head, at: req.at, mac: req.mac, receivedAt });
    return { stored: true, receivedAt };
  });
  if ('refused' in r) {
    // Someone rewrote or cut this office's audit log (or replays an old state): the province's IT must look.
    log('warn', 'security_anchor_refused', { office: office.code, reason: r.refused, count: req.count, previousCount: r.previous });
    throw new HubError(
      'conflict',
      r.refused === 'truncated'
        ? `Nhật ký kiểm toán có ${req.count} dòng, ít hơn mốc đã gửi trước (${r.previous} dòng): nhật ký có thể đã bị cắt bớt.`
        : `Mốc nhật ký ${req.count} dòng có mã băm khác mốc đã gửi trước: nhật ký có thể đã bị sửa.`,
      { reason: r.refused, previousCount: r.previous },
    );
  }
  return r;
}

export async function listAnchors(db: HubDb, officeId: number, limit: number): Promise<AnchorRecord[]> {
  // Newest first: the latest anchors are what a verification compares against.
  return db
    .select({ count: anchors.count, head: anchors.head, at: anchors.at, mac: anchors.mac, receivedAt: anchors.receivedAt })
    .from(anchors)
    .where(eq(anchors.officeId, officeId))
    .orderBy(desc(anchors.count))
    .limit(limit);
}
