// Appends to, lists, verifies and exports the hash-chained audit log. `append` joins the caller's transaction when
// there is one (so the row commits or rolls back with the change); it never stores secrets — callers pass details
// through `sanitizeDetails` first. Rows from the key's `from` id on are keyed (HMAC-SHA256, key outside the
// database); after each commit the chain's head is copied to the anchor file so rows cut from the end are noticed.

import { createHash, createHmac } from 'node:crypto';
import type { AuditAnchorStatus, AuditRowDto, AuditVerifyResult } from '../../src-shared/api/accounts';
import { vnInstant, vnIso } from '../../src-shared/calendar/vn-time';
import type { RawDb } from '../db/open';
import type { Logger } from '../env';
import { createKey, readAnchor, readKey, writeAnchor, type ChainKey } from './chain-files';

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

/** An audit_log row as SQLite returns it. */
export interface StoredRow {
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

/** A row's hash: SHA-256 over the previous hash and the row, or HMAC-SHA256 with the chain key for keyed rows. */
export function rowHash(prevHash: string, r: Omit<StoredRow, 'prev_hash' | 'hash'>, key?: Buffer | null): string {
  const body = JSON.stringify([r.id, r.at, r.actor_id, r.actor_name, r.action, r.outcome, r.target_type, r.target_id, r.details, r.origin]);
  return (key ? createHmac('sha256', key) : createHash('sha256')).update(prevHash).update('\n').update(body).digest('hex');
}

/** The append-only guards of migration 0001, restored at start if someone dropped or replaced them. */
export const AUDIT_TRIGGERS: Record<string, string> = {
  audit_log_no_update: `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END`,
  audit_log_no_delete: `CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END`,
};

const squash = (sql: string | null | undefined) => (sql ?? '').replace(/\s+/g, ' ').replace(/;\s*$/, '').trim();

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

export interface AuditFiles {
  /** Folder holding audit.key and audit.anchor (the data folder); null keeps the chain unkeyed and unanchored. */
  dataDir: string | null;
  logger?: Logger;
}

export function createAudit(raw: RawDb, files: AuditFiles = { dataDir: null }) {
  const lastStmt = raw.prepare('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1');
  const hashAtStmt = raw.prepare('SELECT hash FROM audit_log WHERE id = ?');
  const insertStmt = raw.prepare(
    `INSERT INTO audit_log (id, at, actor_id, actor_name, action, outcome, target_type, target_id, details, origin, prev_hash, hash)
     VALUES (@id, @at, @actor_id, @actor_name, @action, @outcome, @target_type, @target_id, @details, @origin, @prev_hash, @hash)`,
  );
  const { dataDir } = files;

  // The key is made once per data folder, in a write transaction so no row slips in between reading the head and
  // recording where keyed rows begin. Databases chained before this version keep their unkeyed rows as they are.
  let chainKey: ChainKey | null = null;
  /** The key file was missing although an anchor (made with some key) exists: the key was lost or removed. */
  let keyLost = false;
  if (dataDir) {
    chainKey = readKey(dataDir);
    if (!chainKey) {
      keyLost = readAnchor(dataDir, null).state !== 'missing';
      chainKey = raw
        .transaction(() => {
          const last = lastStmt.get() as { id: number } | undefined;
          return createKey(dataDir, (last?.id ?? 0) + 1);
        })
        .immediate();
    }
  }
  const keyFor = (id: number) => (chainKey && id >= chainKey.from ? chainKey.key : null);

  /** A row was appended whose commit the anchor has not seen yet. */
  let dirty = !!dataDir;

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
    insertStmt.run({ ...row, prev_hash: prev, hash: rowHash(prev, row, keyFor(row.id)) });
    dirty = true;
    return row.id;
  }

  /**
   * Copies the committed head to the anchor file. Runs after the commit, under the database's write lock so that
   * processes sharing the database write anchors in order: the anchor only moves forward, and only along the same
   * chain — if the row it names was removed or changed, it is kept as the evidence verify reports.
   */
  function flushAnchor(): void {
    if (!dirty || !dataDir || !chainKey || raw.inTransaction) return;
    const key = chainKey.key;
    try {
      raw
        .transaction(() => {
          const head = lastStmt.get() as { id: number; hash: string } | undefined;
          if (!head) return;
          const cur = readAnchor(dataDir, key);
          if (cur.state === 'ok') {
            if (cur.anchor.count >= head.id) return;
            const at = cur.anchor.count ? (hashAtStmt.get(cur.anchor.count) as { hash: string } | undefined) : { hash: GENESIS_HASH };
            if (at?.hash !== (cur.anchor.count ? cur.anchor.hash : GENESIS_HASH)) return;
          } else if (cur.state === 'invalid' && cur.why !== 'không đọc được nội dung') {
            // A forged or foreign anchor stays as evidence; a torn write (power cut before the data reached disk) is
            // simply replaced.
            return;
          }
          writeAnchor(dataDir, key, { count: head.id, hash: head.hash, at: Date.now() });
        })
        .immediate();
      dirty = false;
    } catch (err) {
      // Busy or a full disk: the anchor stays behind, which verify tolerates; the next commit tries again.
      files.logger?.warn('audit anchor not written', { error: err instanceof Error ? err.message : String(err) });
    }
  }

  /** Restores dropped or altered append-only triggers; returns the names it restored. */
  function ensureTriggers(): string[] {
    return raw
      .transaction(() => {
        const present = new Map(
          (raw.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'").all() as Array<{ name: string; sql: string }>).map((r) => [
            r.name,
            r.sql,
          ]),
        );
        const restored: string[] = [];
        for (const [name, sql] of Object.entries(AUDIT_TRIGGERS)) {
          if (squash(present.get(name)) === squash(sql)) continue;
          if (present.has(name)) raw.exec(`DROP TRIGGER "${name}"`);
          raw.exec(sql);
          restored.push(name);
        }
        return restored;
      })
      .immediate();
  }

  /**
   * The O(1) part of verify, for the start: the anchor against the database's head. Returns what a security event
   * should record, or null when all is well or this mismatch was already recorded (the anchor does not move after
   * a mismatch, so without that check every start would record it again).
   */
  function checkHead(): { kind: 'audit.rowsMissing' | 'audit.anchorMismatch'; details: Record<string, unknown> } | null {
    if (!dataDir || !chainKey) return null;
    const cur = readAnchor(dataDir, chainKey.key);
    if (cur.state !== 'ok' || !cur.anchor.count) return null;
    const a = cur.anchor;
    const head = lastStmt.get() as { id: number; hash: string } | undefined;
    const dbCount = head?.id ?? 0;
    const at = hashAtStmt.get(a.count) as { hash: string } | undefined;
    const found = (kind: string) => {
      const last = raw.prepare('SELECT details FROM audit_log WHERE action = ? ORDER BY id DESC LIMIT 1').get(kind) as { details: string | null } | undefined;
      return !!last?.details && (JSON.parse(last.details) as { anchorCount?: number }).anchorCount === a.count;
    };
    if (dbCount < a.count) {
      if (found('audit.rowsMissing')) return null;
      return { kind: 'audit.rowsMissing', details: { anchorCount: a.count, dbCount, missingRows: a.count - dbCount } };
    }
    if (at?.hash !== a.hash) {
      if (found('audit.anchorMismatch')) return null;
      return { kind: 'audit.anchorMismatch', details: { anchorCount: a.count, dbCount } };
    }
    return null;
  }

  return {
    checkHead,
    /** Appends one row; joins the open transaction, or opens an IMMEDIATE one of its own (then anchors it). */
    append(e: AuditEntry): number {
      if (raw.inTransaction) return appendInTx(e);
      const id = raw.transaction(appendInTx).immediate(e);
      flushAnchor();
      return id;
    },

    flushAnchor,
    ensureTriggers,

    /** Whether this start found an anchor but no key file (a new key was made; earlier keyed rows cannot be checked). */
    keyLost(): boolean {
      return keyLost;
    },

    /** First row id that is keyed, or null when the chain has no key (no data folder). */
    keyedFrom(): number | null {
      return chainKey?.from ?? null;
    },

    list(f: AuditListFilter): { items: AuditRowDto[]; nextBeforeId: number | null } {
      const where: string[] = [];
      const params: Record<string, unknown> = { limit: f.limit + 1 };
      if (f.beforeId) {
        where.push('id < @beforeId');
        params.beforeId = f.beforeId;
      }
      if (f.actorId) {
        where.push('actor_id = @actorId');
        params.actorId = f.actorId;
      }
      if (f.action) {
        where.push('action = @action');
        params.action = f.action;
      }
      if (f.outcome) {
        where.push('outcome = @outcome');
        params.outcome = f.outcome;
      }
      if (f.from) {
        where.push('at >= @from');
        params.from = vnInstant(f.from, '00:00');
      }
      if (f.to) {
        where.push('at < @to');
        params.to = vnInstant(f.to, '00:00') + 86_400_000;
      }
      const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT @limit`;
      const rows = raw.prepare(sql).all(params) as StoredRow[];
      const more = rows.length > f.limit;
      const items = rows.slice(0, f.limit).map(toDto);
      return { items, nextBeforeId: more ? items[items.length - 1].id : null };
    },

    /**
     * Recomputes the whole chain in id order and reports the first row that does not match, then compares the head
     * with the anchor file: an anchor behind the database is normal (a crash between commit and anchor), an anchor
     * ahead of it means rows were cut from the end, and a different hash at the anchor's row means a rewrite.
     */
    verify(): AuditVerifyResult {
      const keyedFrom = chainKey?.from ?? null;
      let prev = GENESIS_HASH;
      let expectedId = 1;
      let checked = 0;
      let anchorRow: string | null = null;
      const anchorRead = dataDir ? readAnchor(dataDir, chainKey?.key ?? null) : null;
      const anchorAt = anchorRead?.state === 'ok' ? anchorRead.anchor.count : 0;
      const base = { keyedFrom };
      for (const r of raw.prepare('SELECT * FROM audit_log ORDER BY id').iterate() as IterableIterator<StoredRow>) {
        let reason: string | null = null;
        if (r.id !== expectedId) reason = `Thiếu dòng nhật ký trước dòng ${r.id} (mong đợi dòng ${expectedId}).`;
        else if (r.prev_hash !== prev) reason = `Dòng ${r.id} không nối với dòng trước (liên kết băm sai).`;
        else if (rowHash(prev, r, keyFor(r.id)) !== r.hash) {
          reason =
            keyedFrom != null && r.id === keyedFrom
              ? `Nội dung dòng ${r.id} (dòng đầu tiên có khóa) không khớp: nhật ký trước dòng này có thể đã bị viết lại.`
              : `Nội dung dòng ${r.id} đã bị thay đổi (mã băm không khớp).`;
        }
        if (reason) {
          const anchor: AuditAnchorStatus =
            anchorRead?.state === 'ok'
              ? { state: 'not_checked', count: anchorRead.anchor.count, at: anchorRead.anchor.at, missingRows: 0 }
              : { state: anchorRead ? anchorRead.state : 'none', count: null, at: null, missingRows: 0 };
          return { ...base, intact: false, checked, brokenAt: r.id, reason, lastHash: prev, anchor };
        }
        if (r.id === anchorAt) anchorRow = r.hash;
        prev = r.hash;
        expectedId++;
        checked++;
      }
      const lastHash = checked ? prev : null;
      const ok = (anchor: AuditAnchorStatus): AuditVerifyResult => ({ ...base, intact: true, checked, brokenAt: null, reason: null, lastHash, anchor });
      const bad = (anchor: AuditAnchorStatus, reason: string, brokenAt: number | null): AuditVerifyResult => ({
        ...base,
        intact: false,
        checked,
        brokenAt,
        reason,
        lastHash,
        anchor,
      });

      if (!anchorRead) return ok({ state: 'none', count: null, at: null, missingRows: 0 });
      if (anchorRead.state === 'missing') {
        // Every commit writes the anchor, so a log with rows and no anchor lost it.
        const anchor: AuditAnchorStatus = { state: 'missing', count: null, at: null, missingRows: 0 };
        return checked ? bad(anchor, 'Không tìm thấy tệp neo nhật ký (audit.anchor) bên cạnh cơ sở dữ liệu: không xác nhận được các dòng cuối.', null) : ok(anchor);
      }
      if (anchorRead.state === 'invalid') {
        return bad({ state: 'invalid', count: null, at: null, missingRows: 0 }, `Tệp neo nhật ký (audit.anchor) không hợp lệ: ${anchorRead.why}.`, null);
      }
      const a = anchorRead.anchor;
      // The start records the exact count the moment it notices (before appending anything); rows appended since
      // may even have refilled the ids, so that record wins over the difference.
      const noted = raw.prepare("SELECT details FROM audit_log WHERE action = 'audit.rowsMissing' ORDER BY id DESC LIMIT 1").get() as { details: string | null } | undefined;
      const exact = noted?.details ? (JSON.parse(noted.details) as { anchorCount?: number; missingRows?: number }) : null;
      if (a.count > checked || (exact?.anchorCount === a.count && exact.missingRows)) {
        const missing = exact?.anchorCount === a.count && exact.missingRows ? exact.missingRows : a.count - checked;
        return bad(
          { state: 'rows_missing', count: a.count, at: a.at, missingRows: missing },
          `Mất ${missing} dòng cuối của nhật ký: tệp neo ghi nhận ${a.count} dòng, cơ sở dữ liệu chỉ còn ${a.count - missing} dòng.`,
          a.count - missing + 1,
        );
      }
      if (a.count && anchorRow !== a.hash) {
        return bad(
          { state: 'diverged', count: a.count, at: a.at, missingRows: 0 },
          `Dòng ${a.count} không khớp với tệp neo nhật ký: các dòng cuối đã bị xóa rồi ghi lại hoặc bị viết lại.`,
          a.count,
        );
      }
      return ok({ state: a.count === checked ? 'match' : 'behind', count: a.count, at: a.at, missingRows: 0 });
    },

    /** All rows in a period as CSV (UTF-8 with BOM so Excel shows Vietnamese correctly). */
    exportCsv(from?: string, to?: string): string {
      const where: string[] = [];
      const params: Record<string, unknown> = {};
      if (from) {
        where.push('at >= @from');
        params.from = vnInstant(from, '00:00');
      }
      if (to) {
        where.push('at < @to');
        params.to = vnInstant(to, '00:00') + 86_400_000;
      }
      const q = (s: unknown) => {
        const t = s == null ? '' : String(s);
        const safe = /^[=+\-@]/.test(t) ? `'${t}` : t;
        return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
      };
      const lines = ['id,thoi_diem,nguoi_thuc_hien,hanh_dong,ket_qua,doi_tuong,ma_doi_tuong,chi_tiet,nguon,ma_bam'];
      const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id`;
      for (const r of raw.prepare(sql).iterate(params) as IterableIterator<StoredRow>) {
        lines.push([r.id, vnIso(r.at), r.actor_name, r.action, r.outcome, r.target_type, r.target_id, r.details, r.origin, r.hash].map(q).join(','));
      }
      return `\ufeff${lines.join('\r\n')}\r\n`;
    },
  };
}

export type AuditService = ReturnType<typeof createAudit>;
