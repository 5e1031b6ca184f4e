// Appends to, lists, verifies and exports the hash-chained audit log. `append` joins the caller's transaction when
// there is one (so the row commits or rolls back with the change); it never stores secrets — callers pass details
// through `sanitizeDetails` first.

import { createHash } from 'node:crypto';
import type { AuditRowDto, AuditVerifyResult } from '../../src-shared/api/accounts';
import { vnInstant, vnIso } from '../../src-shared/calendar/vn-time';
import type { RawDb } from '../db/open';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  at: number;
  actorId: number | null;
  actorName: string | null;
  action: string;
  outcome: 'ok' | 'denied' | 'failed';
  targetType?: string | null;
  targetId?: string | number | null;
  details?: Record<string, unknown> | null;
  origin?: string | null;
}

interface StoredRow {
  id: number;
  at: number;
  actor_id: number | null;
  actor_name: string | null;
  action: string;
  outcome: 'ok' | 'denied' | 'failed';
  target_type: string | null;
  target_id: string | null;
  details: string | null;
  origin: string | null;
  prev_hash: string;
  hash: string;
}

export function rowHash(prevHash: string, r: Omit<StoredRow, 'prev_hash' | 'hash'>): string {
  const body = JSON.stringify([r.id, r.at, r.actor_id, r.actor_name, r.action, r.outcome, r.target_type, r.target_id,
    r.details, r.origin]);
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

const SECRET_KEY = /pass|pin|secret|token|otp/i;
const BODY_KEY = /^(bytes|content|body|data|text|fileContent)$/i;
const MAX_STRING = 500;

/** A copy of `v` safe to log: secrets replaced, byte arrays and bodies reduced to their size, long strings cut. */
export function sanitizeDetails(v: unknown, depth = 0): unknown {
  if (v == null || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'string') return v.length > MAX_STRING ? `${v.slice(0, MAX_STRING)}…` : v;
  if (v instanceof Uint8Array) return { bytes: v.byteLength };
  if (depth > 4) return '…';
  if (Array.isArray(v)) return v.slice(0, 50).map((x) => sanitizeDetails(x, depth + 1));
  if (typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (SECRET_KEY.test(k)) out[k] = x == null ? x : '[ẩn]';
      else if (BODY_KEY.test(k)) out[k] = x instanceof Uint8Array ? { bytes: x.byteLength } : typeof x === 'string' ? { chars: x.length } : '[ẩn]';
      else out[k] = sanitizeDetails(x, depth + 1);
    }
    return out;
  }
  return String(v);
}

function toDto(r: StoredRow): AuditRowDto {
  return {
    id: r.id,
    at: r.at,
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    outcome: r.outcome,
    targetType: r.target_type,
    targetId: r.target_id,
    details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null,
    origin: r.origin,
  };
}

export interface AuditListFilter {
  beforeId?: number;
  actorId?: number;
  action?: string;
  outcome?: 'ok' | 'denied' | 'failed';
  from?: string;
  to?: string;
  limit: number;
}

export function createAudit(raw: RawDb) {
  const lastStmt = raw.prepare('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1');
  const insertStmt = raw.prepare(
    `INSERT INTO audit_log (id, at, actor_id, actor_name, action, outcome, target_type, target_id, details, origin, prev_hash, hash)
     VALUES (@id, @at, @actor_id, @actor_name, @action, @outcome, @target_type, @target_id, @details, @origin, @prev_hash, @hash)`,
  );

  function appendInTx(e: AuditEntry): number {
    const last = lastStmt.get() as { id: number; hash: string } | undefined;
    const details = e.details && Object.keys(e.details).length ? JSON.stringify(sanitizeDetails(e.details)) : null;
    const row = {
      id: (last?.id ?? 0) + 1,
      at: e.at,
      actor_id: e.actorId,
      actor_name: e.actorName,
      action: e.action,
      outcome: e.outcome,
      target_type: e.targetType ?? null,
      target_id: e.targetId == null ? null : String(e.targetId),
      details,
      origin: e.origin ?? null,
    };
    const prev = last?.hash ?? GENESIS_HASH;
    insertStmt.run({ ...row, prev_hash: prev, hash: rowHash(prev, row) });
    return row.id;
  }

  return {
    /** Appends one row; joins the open transaction, or opens an IMMEDIATE one of its own. */
    append(e: AuditEntry): number {
      return raw.inTransaction ? appendInTx(e) : raw.transaction(appendInTx).immediate(e);
    },

    list(f: AuditListFilter): { items: AuditRowDto[]; nextBeforeId: number | null } {
      const where: string[] = [];
      const params: Record<string, unknown> = { limit: f.limit + 1 };
      if (f.beforeId) (where.push('id < @beforeId'), (params.beforeId = f.beforeId));
      if (f.actorId) (where.push('actor_id = @actorId'), (params.actorId = f.actorId));
      if (f.action) (where.push('action = @action'), (params.action = f.action));
      if (f.outcome) (where.push('outcome = @outcome'), (params.outcome = f.outcome));
      if (f.from) (where.push('at >= @from'), (params.from = vnInstant(f.from, '00:00')));
      if (f.to) (where.push('at < @to'), (params.to = vnInstant(f.to, '00:00') + 86_400_000));
      const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT @limit`;
      const rows = raw.prepare(sql).all(params) as StoredRow[];
      const more = rows.length > f.limit;
      const items = rows.slice(0, f.limit).map(toDto);
      return { items, nextBeforeId: more ? items[items.length - 1].id : null };
    },

    /** Recomputes the whole chain in id order; reports the first row that does not match. */
    verify(): AuditVerifyResult {
      let prev = GENESIS_HASH;
      let expectedId = 1;
      let checked = 0;
      for (const r of raw.prepare('SELECT * FROM audit_log ORDER BY id').iterate() as IterableIterator<StoredRow>) {
        let reason: string | null = null;
        if (r.id !== expectedId) reason = `Thiếu dòng nhật ký trước dòng ${r.id} (mong đợi dòng ${expectedId}).`;
        else if (r.prev_hash !== prev) reason = `Dòng ${r.id} không nối với dòng trước (liên kết băm sai).`;
        else if (rowHash(prev, r) !== r.hash) reason = `Nội dung dòng ${r.id} đã bị thay đổi (mã băm không khớp).`;
        if (reason) return { intact: false, checked, brokenAt: r.id, reason, lastHash: prev };
        prev = r.hash;
        expectedId++;
        checked++;
      }
      return { intact: true, checked, brokenAt: null, reason: null, lastHash: checked ? prev : null };
    },

    /** All rows in a period as CSV (UTF-8 with BOM so Excel shows Vietnamese correctly). */
    exportCsv(from?: string, to?: string): string {
      const where: string[] = [];
      const params: Record<string, unknown> = {};
      if (from) (where.push('at >= @from'), (params.from = vnInstant(from, '00:00')));
      if (to) (where.push('at < @to'), (params.to = vnInstant(to, '00:00') + 86_400_000));
      const q = (s: unknown) => {
        const t = s == null ? '' : String(s);
        const safe = /^[=+\-@]/.test(t) ? `'${t}` : t;
        return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
      };
      const lines = ['id,thoi_diem,nguoi_thuc_hien,hanh_dong,ket_qua,doi_tuong,ma_doi_tuong,chi_tiet,nguon,ma_bam'];
      const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id`;
      for (const r of raw.prepare(sql).iterate(params) as IterableIterator<StoredRow>) {
        lines.push([r.id, vnIso(r.at), r.actor_name, r.action, r.outcome, r.target_type, r.target_id,
          r.details, r.origin, r.hash].map(q).join(','));
      }
      return `\ufeff${lines.join('\r\n')}\r\n`;
    },
  };
}

export type AuditService = ReturnType<typeof createAudit>;
