// The sync service: settings (secret sealed), the outbox written inside the caller's transaction (documents issued to
// directory bodies, statuses 01–06/13/15/16), the read models of the screens (status, outbox, delivery trail, one
// document's interconnection facts) and the recall answer. Runs no network and awaits nothing: the worker does that.

import { cachedStatement } from '../db/statements';
import { randomUUID } from 'node:crypto';
import { documentIdOf } from '../../src-shared/edxml';
import { STATUS_CODES, type ResponseFor, type StatusCode } from '../../src-shared/edxml/types';
import {
  DELIVERY_EVENT_LABELS,
  type DeliveryEventDto,
  type DocumentSyncDto,
  type OutboxItemDto,
  type OutboxState,
  type SyncErrorDto,
  type SyncSettingsDto,
  type SyncStatusDto,
} from '../../src-shared/api/sync';
import { formatCode, REFUSAL_REASONS, type RefusalReason } from '../../src-shared/documents';
import { AppError } from '../../src-shared/errors';
import type { RawDb } from '../db/open';
import type { DocumentsService } from '../documents/service';
import type { Env } from '../env';
import { openSecret, secretKey, sealSecret } from '../signing/remote';
import { createWorkflowLog } from '../workflow/log';

const SECRET_AAD = 'sync:hub-secret';

export interface StateRow {
  enabled: number;
  hubUrl: string | null;
  officeCode: string | null;
  secretEnc: string | null;
  caFile: string | null;
  intervalSec: number;
  feedCursor: number;
  directoryVersion: number;
  directorySyncedAt: number | null;
  lastContactAt: number | null;
  lastSuccessAt: number | null;
  lastError: string | null;
  clockSkewMs: number | null;
  anchorCount: number | null;
  anchorHead: string | null;
  anchorAt: number | null;
}

export interface OutboxRow {
  id: number;
  packetId: string;
  kind: 'document' | 'status';
  statusCode: StatusCode | null;
  documentId: number | null;
  recipients: string;
  payload: string | null;
  edxml: string | null;
  blobHash: string | null;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: number | null;
  lastError: string | null;
  lastErrorCode: string | null;
  permanent: number;
  uploadedBytes: number;
  totalBytes: number;
  hubResult: string | null;
  createdAt: number;
  sentAt: number | null;
}

type ItemRow = OutboxRow & { code: string | null; notation: string | null; subject: string | null; restricted: number | null };

export interface Credentials {
  hubUrl: string;
  officeCode: string;
  secret: string;
  caFile: string | null;
}

/** What the outgoing recipients' delivery becomes on each status, and the rank that keeps it from going back. */
export const DELIVERY_OF: Record<StatusCode, string> = {
  '01': 'arrived',
  '02': 'refused',
  '03': 'accepted',
  '04': 'processing',
  '05': 'processing',
  '06': 'done',
  '13': 'sent',
  '15': 'recalled',
  '16': 'recall_refused',
};
const DELIVERY_RANK: Record<string, number> = { pending: 0, sent: 1, arrived: 2, accepted: 3, processing: 4, done: 5, refused: 6, recall_refused: 6, recalled: 7 };

const outboxCols = (o: string) =>
  `${o}id, ${o}packet_id AS packetId, ${o}kind, ${o}status_code AS statusCode, ${o}document_id AS documentId, ${o}recipients, ${o}payload, ${o}edxml,
   ${o}blob_hash AS blobHash, ${o}state, ${o}attempts, ${o}next_attempt_at AS nextAttemptAt, ${o}last_error AS lastError, ${o}last_error_code AS lastErrorCode,
   ${o}permanent, ${o}uploaded_bytes AS uploadedBytes, ${o}total_bytes AS totalBytes, ${o}hub_result AS hubResult, ${o}created_at AS createdAt, ${o}sent_at AS sentAt`;
const OUTBOX_COLS = outboxCols('');
const ITEM_SELECT = `SELECT ${outboxCols('o.')}, d.code_number AS code, d.code_notation AS notation, d.subject, d.restricted
  FROM sync_outbox o LEFT JOIN documents d ON d.id = o.document_id`;

const STATE_COLS = `enabled, hub_url AS hubUrl, office_code AS officeCode, secret_enc AS secretEnc, ca_file AS caFile, interval_sec AS intervalSec,
  feed_cursor AS feedCursor, directory_version AS directoryVersion, directory_synced_at AS directorySyncedAt, last_contact_at AS lastContactAt,
  last_success_at AS lastSuccessAt, last_error AS lastError, clock_skew_ms AS clockSkewMs, anchor_count AS anchorCount, anchor_head AS anchorHead, anchor_at AS anchorAt`;

/** DocumentId of a document this office issued (standards §1.4). */
export function ownDocumentId(officeCode: string, issuedDate: string, codeNumber: string, codeNotation: string): string {
  return documentIdOf(officeCode, issuedDate, codeNumber, codeNotation);
}

export function createSync(deps: { raw: RawDb; env: Env; documents: DocumentsService; now: () => number }) {
  const { raw, env, documents, now } = deps;
  const log = createWorkflowLog(raw, now);
  let key: Buffer | null = null;
  const keyOf = () => (key ??= secretKey(env.dataDir));
  /** Set when a row was queued; the dispatcher's after-commit hook turns it into a kick of the worker. */
  let queued = false;
  const kickers: Array<() => void> = [];
  const prep = (sql: string) => cachedStatement(raw, sql);

  function state(): StateRow {
    return prep(`SELECT ${STATE_COLS} FROM sync_state WHERE id = 1`).get() as StateRow;
  }

  function patchState(v: Partial<Record<keyof StateRow, unknown>>): void {
    const cols: Record<string, string> = {
      feedCursor: 'feed_cursor',
      directoryVersion: 'directory_version',
      directorySyncedAt: 'directory_synced_at',
      lastContactAt: 'last_contact_at',
      lastSuccessAt: 'last_success_at',
      lastError: 'last_error',
      clockSkewMs: 'clock_skew_ms',
      anchorCount: 'anchor_count',
      anchorHead: 'anchor_head',
      anchorAt: 'anchor_at',
    };
    const keys = Object.keys(v).filter((k) => cols[k]);
    if (!keys.length) return;
    prep(`UPDATE sync_state SET ${keys.map((k) => `${cols[k]} = @${k}`).join(', ')} WHERE id = 1`).run(v);
  }

  /** The office's code when sync is set up (address, code, secret): only then are packets queued. */
  function configuredCode(): string | null {
    const s = state();
    return s.hubUrl && s.officeCode && s.secretEnc ? s.officeCode : null;
  }

  function credentials(): Credentials | null {
    const s = state();
    if (!s.hubUrl || !s.officeCode || !s.secretEnc) return null;
    return { hubUrl: s.hubUrl.replace(/\/+$/, ''), officeCode: s.officeCode, secret: openSecret(keyOf(), s.secretEnc, SECRET_AAD), caFile: s.caFile };
  }

  function settingsDto(): SyncSettingsDto {
    const s = state();
    return { enabled: !!s.enabled, hubUrl: s.hubUrl, officeCode: s.officeCode, hasSecret: s.secretEnc != null, caFile: s.caFile, intervalSec: s.intervalSec };
  }

  /** Inside the caller's transaction. A new office code starts the feed afresh (another office's cursor means nothing). */
  function saveSettings(v: {
    enabled: boolean;
    hubUrl: string | null;
    officeCode: string | null;
    secret?: string | null;
    caFile: string | null;
    intervalSec: number;
  }): SyncSettingsDto {
    const before = state();
    const hubUrl = v.hubUrl ? v.hubUrl.replace(/\/+$/, '') : null;
    prep('UPDATE sync_state SET enabled = ?, hub_url = ?, office_code = ?, ca_file = ?, interval_sec = ? WHERE id = 1').run(
      v.enabled ? 1 : 0,
      hubUrl,
      v.officeCode,
      v.caFile,
      v.intervalSec,
    );
    if (v.secret === '') prep('UPDATE sync_state SET secret_enc = NULL WHERE id = 1').run();
    else if (v.secret != null) prep('UPDATE sync_state SET secret_enc = ? WHERE id = 1').run(sealSecret(keyOf(), v.secret, SECRET_AAD));
    if (before.officeCode && before.officeCode !== v.officeCode) prep('UPDATE sync_state SET feed_cursor = 0, last_error = NULL WHERE id = 1').run();
    if (before.hubUrl !== hubUrl || before.officeCode !== v.officeCode || v.secret != null) prep('UPDATE sync_state SET last_error = NULL WHERE id = 1').run();
    queued = true;
    return settingsDto();
  }

  // ---- the outbox (inside the caller's transaction) ---------------------------------------------------------------

  const insertOutbox = raw.prepare(
    `INSERT INTO sync_outbox (packet_id, kind, status_code, document_id, recipients, payload, state, created_at)
     VALUES (?, ?, ?, ?, ?, ?, 'waiting', ?)`,
  );

  function queue(kind: 'document' | 'status', documentId: number, to: string[], statusCode: StatusCode | null, payload: unknown): number {
    queued = true;
    return Number(insertOutbox.run(randomUUID(), kind, statusCode, documentId, JSON.stringify(to), payload == null ? null : JSON.stringify(payload), now()).lastInsertRowid);
  }

  interface OutDoc {
    id: number;
    status: string;
    codeNumber: string | null;
    codeNotation: string | null;
    issuedDate: string | null;
  }

  function outDoc(id: number): OutDoc | undefined {
    return prep("SELECT id, status, code_number AS codeNumber, code_notation AS codeNotation, issued_date AS issuedDate FROM documents WHERE id = ? AND direction = 'out'").get(
      id,
    ) as OutDoc | undefined;
  }

  /** The directory bodies with a code among the document's recipients (nơi nhận kind 'agency'). */
  function hubRecipients(documentId: number): Array<{ code: string; name: string }> {
    return prep(
      `SELECT DISTINCT a.code, r.name FROM outgoing_recipients r JOIN agencies a ON a.id = r.agency_id
        WHERE r.document_id = ? AND r.kind = 'agency' AND a.code IS NOT NULL AND a.code != '' ORDER BY r.position`,
    ).all(documentId) as Array<{ code: string; name: string }>;
  }

  /**
   * An issued document goes to its directory recipients in one document packet (once: a later seal of a document
   * already queued sends nothing more; the worker builds the packet from the current, signed files).
   */
  function queueDocument(documentId: number): boolean {
    const code = configuredCode();
    if (!code) return false;
    const d = outDoc(documentId);
    if (!d || d.status !== 'issued' || !d.codeNumber || !d.codeNotation || !d.issuedDate) return false;
    if (prep("SELECT 1 FROM sync_outbox WHERE document_id = ? AND kind = 'document'").get(documentId)) return false;
    const to = hubRecipients(documentId);
    if (!to.length) return false;
    const edxmlId = ownDocumentId(code, d.issuedDate, d.codeNumber, d.codeNotation);
    prep(
      `INSERT INTO sync_documents (document_id, direction, edxml_document_id) VALUES (?, 'out', ?)
       ON CONFLICT(document_id) DO UPDATE SET edxml_document_id = excluded.edxml_document_id`,
    ).run(documentId, edxmlId);
    prep('UPDATE documents SET edxml_document_id = ? WHERE id = ?').run(edxmlId, documentId);
    queue(
      'document',
      documentId,
      to.map((r) => r.code),
      null,
      null,
    );
    return true;
  }

  /** Recall (13) of a document sent through the hub: to every recipient of its document packet. */
  function queueRecall(documentId: number, reason: string): boolean {
    const code = configuredCode();
    const sd = prep("SELECT edxml_document_id AS edxmlId FROM sync_documents WHERE document_id = ? AND direction = 'out'").get(documentId) as { edxmlId: string } | undefined;
    const pkt = prep("SELECT recipients FROM sync_outbox WHERE document_id = ? AND kind = 'document' ORDER BY id LIMIT 1").get(documentId) as { recipients: string } | undefined;
    const d = outDoc(documentId);
    if (!code || !sd || !pkt || !d) return false;
    const responseFor: ResponseFor = { organId: code, code: formatCode(d.codeNumber, d.codeNotation), promulgationDate: d.issuedDate, documentId: sd.edxmlId };
    queue('status', documentId, JSON.parse(pkt.recipients) as string[], '13', { responseFor, description: reason });
    return true;
  }

  interface InFacts {
    documentId: number;
    fromCode: string;
    responseFor: string;
    recallRequestedAt: number | null;
    recallAnswer: string | null;
    completionReportedAt: number | null;
  }

  function inFacts(documentId: number): InFacts | undefined {
    return prep(
      `SELECT document_id AS documentId, from_code AS fromCode, response_for AS responseFor, recall_requested_at AS recallRequestedAt, recall_answer AS recallAnswer,
         completion_reported_at AS completionReportedAt FROM sync_documents WHERE document_id = ? AND direction = 'in'`,
    ).get(documentId) as InFacts | undefined;
  }

  /** A status about a document received from the hub, back to its sender. `once`: not when that code was already queued. */
  function queueStatus(documentId: number, statusCode: StatusCode, description: string, once = false): boolean {
    const f = inFacts(documentId);
    if (!f || !configuredCode()) return false;
    if (once && prep('SELECT 1 FROM sync_outbox WHERE document_id = ? AND status_code = ?').get(documentId, statusCode)) return false;
    queue('status', documentId, [f.fromCode], statusCode, { responseFor: JSON.parse(f.responseFor) as ResponseFor, description });
    return true;
  }

  function onRegistered(documentId: number): void {
    queueStatus(documentId, '03', 'Đã vào sổ văn bản đến.', true);
  }

  function onRefused(documentId: number, reason: RefusalReason, text: string | null): void {
    queueStatus(documentId, '02', [REFUSAL_REASONS[reason], text].filter(Boolean).join(': '), true);
  }

  /** Routing of a hub document: the leader's directive (04), then handling under way (05); each told once. */
  function onWorkflow(documentId: number, step: 'assigned' | 'started'): void {
    if (!inFacts(documentId)) return;
    if (step === 'assigned') queueStatus(documentId, '04', 'Lãnh đạo đã cho ý kiến chỉ đạo, giao xử lý.', true);
    else queueStatus(documentId, '05', 'Văn bản đang được xử lý.', true);
  }

  function reportCompletion(documentId: number, note: string | null): void {
    const f = inFacts(documentId);
    if (!f) throw new AppError('invalid_state', 'Văn bản này không nhận qua trục liên thông.');
    const st = prep('SELECT status FROM documents WHERE id = ?').pluck().get(documentId) as string;
    if (st !== 'registered') throw new AppError('invalid_state', 'Chỉ báo hoàn thành văn bản đã vào sổ.');
    if (f.completionReportedAt != null) throw new AppError('invalid_state', 'Đã báo hoàn thành văn bản này.');
    if (!configuredCode()) throw new AppError('invalid_state', 'Chưa cấu hình kết nối trục liên thông.');
    queueStatus(documentId, '06', note ?? 'Đã giải quyết xong.');
    prep('UPDATE sync_documents SET completion_reported_at = ? WHERE document_id = ?').run(now(), documentId);
  }

  /** 15: the document leaves this office (files detached, hidden as recalled, open tasks cancelled); 16: it stays. */
  function answerRecall(documentId: number, agree: boolean, reason: string | null, userId: number): void {
    const f = inFacts(documentId);
    if (!f || f.recallRequestedAt == null) throw new AppError('invalid_state', 'Nơi gửi không yêu cầu thu hồi văn bản này.');
    if (f.recallAnswer) throw new AppError('invalid_state', 'Đã trả lời yêu cầu thu hồi này.');
    if (!agree && !reason) throw new AppError('invalid_input', undefined, { fields: [{ path: 'reason', message: 'Nêu lý do từ chối thu hồi.' }] });
    const t = now();
    prep('UPDATE sync_documents SET recall_answer = ?, recall_answered_at = ? WHERE document_id = ?').run(agree ? 'agreed' : 'refused', t, documentId);
    if (agree) {
      prep('DELETE FROM document_files WHERE document_id = ?').run(documentId);
      prep("UPDATE documents SET status = 'recalled', updated_at = ? WHERE id = ?").run(t, documentId);
      log.closeOpen(documentId, ['presented', 'lead', 'cooperate', 'info'], 'cancelled', userId);
      log.event({ documentId, kind: 'recalled', actorId: userId, text: 'Đồng ý yêu cầu thu hồi của nơi gửi', data: { via: 'hub' } });
      documents.index(documentId);
    }
    queueStatus(documentId, agree ? '15' : '16', agree ? 'Đồng ý thu hồi, đã gỡ văn bản.' : (reason as string));
  }

  // ---- the trail and the read models --------------------------------------------------------------------------------

  /** One trail row (ignored when the same packet already told it). */
  function trail(documentId: number, recipientCode: string, event: string, description: string | null, at: number, dedupeKey: string): boolean {
    return (
      prep('INSERT OR IGNORE INTO sync_deliveries (document_id, recipient_code, event, description, at, dedupe_key) VALUES (?, ?, ?, ?, ?, ?)').run(
        documentId,
        recipientCode,
        event,
        description,
        at,
        dedupeKey,
      ).changes > 0
    );
  }

  /** Moves the recipient's delivery forward (never back: a late receipt does not undo "accepted"). */
  function setDelivery(documentId: number, recipientCode: string, delivery: string, at: number): void {
    const rows = prep(`SELECT r.id, r.delivery FROM outgoing_recipients r JOIN agencies a ON a.id = r.agency_id WHERE r.document_id = ? AND r.kind = 'agency' AND a.code = ?`).all(
      documentId,
      recipientCode,
    ) as Array<{ id: number; delivery: string }>;
    for (const r of rows) {
      if ((DELIVERY_RANK[delivery] ?? 0) < (DELIVERY_RANK[r.delivery] ?? 0)) continue;
      prep('UPDATE outgoing_recipients SET delivery = ?, delivery_at = ? WHERE id = ?').run(delivery, at, r.id);
    }
  }

  function toItem(r: ItemRow): OutboxItemDto {
    const code = formatCode(r.code, r.notation);
    return {
      id: r.id,
      packetId: r.packetId,
      kind: r.kind,
      statusCode: r.statusCode,
      documentId: r.documentId,
      documentLabel: r.documentId == null ? null : `${code || 'Không số'} — ${r.restricted ? '(Văn bản hạn chế)' : (r.subject ?? '')}`,
      recipients: JSON.parse(r.recipients) as string[],
      state: r.state,
      attempts: r.attempts,
      createdAt: r.createdAt,
      sentAt: r.sentAt,
      nextAttemptAt: r.nextAttemptAt,
      lastError: r.lastError,
      permanent: !!r.permanent,
      uploadedBytes: r.uploadedBytes,
      totalBytes: r.totalBytes,
    };
  }

  function outbox(states: OutboxState[], limit: number): OutboxItemDto[] {
    const rows = prep(`${ITEM_SELECT} WHERE o.state IN (SELECT value FROM json_each(?)) ORDER BY o.id DESC LIMIT ?`).all(JSON.stringify(states), limit) as ItemRow[];
    return rows.map(toItem);
  }

  function outboxItem(id: number): OutboxItemDto {
    const r = prep(`${ITEM_SELECT} WHERE o.id = ?`).get(id) as ItemRow | undefined;
    if (!r) throw new AppError('not_found', 'Không tìm thấy gói tin.');
    return toItem(r);
  }

  /** A failed item is tried again at the next round (a person fixed what was wrong). */
  function retry(id: number): OutboxItemDto {
    const r = prep('SELECT state FROM sync_outbox WHERE id = ?').get(id) as { state: OutboxState } | undefined;
    if (!r) throw new AppError('not_found', 'Không tìm thấy gói tin.');
    if (r.state === 'sent') throw new AppError('invalid_state', 'Gói tin đã được trục nhận.');
    prep("UPDATE sync_outbox SET state = 'waiting', permanent = 0, next_attempt_at = NULL, last_error = NULL, last_error_code = NULL WHERE id = ?").run(id);
    queued = true;
    return outboxItem(id);
  }

  function lastError(): SyncErrorDto | null {
    const s = state();
    return s.lastError ? (JSON.parse(s.lastError) as SyncErrorDto) : null;
  }

  function status(extra: { online: boolean | null; running: boolean; nextAttemptAt: number | null }): SyncStatusDto {
    const s = state();
    const c = prep(
      `SELECT sum(state IN ('waiting', 'uploading')) AS waiting, sum(state = 'failed') AS failed, min(CASE WHEN state IN ('waiting', 'uploading') THEN created_at END) AS oldest
         FROM sync_outbox WHERE state != 'sent'`,
    ).get() as { waiting: number | null; failed: number | null; oldest: number | null };
    const entries = prep("SELECT count(*) FROM agencies WHERE source = 'hub'").pluck().get() as number;
    return {
      configured: !!(s.hubUrl && s.officeCode && s.secretEnc),
      enabled: !!s.enabled,
      online: extra.online,
      running: extra.running,
      lastContactAt: s.lastContactAt,
      lastSuccessAt: s.lastSuccessAt,
      nextAttemptAt: extra.nextAttemptAt,
      waiting: c.waiting ?? 0,
      oldestWaitingAt: c.oldest,
      failed: c.failed ?? 0,
      lastError: lastError(),
      clockSkewMs: s.clockSkewMs,
      directory: { entries, version: s.directoryVersion, lastSyncAt: s.directorySyncedAt },
    };
  }

  function recipientNames(documentId: number): Map<string, string> {
    const m = new Map<string, string>();
    for (const r of hubRecipients(documentId)) m.set(r.code, r.name);
    return m;
  }

  function nameOf(code: string, names: Map<string, string>): string {
    return names.get(code) ?? (prep('SELECT name FROM agencies WHERE code = ?').pluck().get(code) as string | undefined) ?? code;
  }

  function deliveries(documentId: number): DeliveryEventDto[] {
    const names = recipientNames(documentId);
    const rows = prep('SELECT recipient_code AS code, event, description, at FROM sync_deliveries WHERE document_id = ? ORDER BY id').all(documentId) as Array<{
      code: string;
      event: DeliveryEventDto['event'];
      description: string | null;
      at: number;
    }>;
    return rows.map((r) => ({
      recipientCode: r.code,
      recipientName: nameOf(r.code, names),
      event: r.event,
      label: DELIVERY_EVENT_LABELS[r.event] ?? r.event,
      description: r.description,
      at: r.at,
    }));
  }

  function documentFacts(documentId: number): DocumentSyncDto {
    const d = prep('SELECT direction, status FROM documents WHERE id = ?').get(documentId) as { direction: 'in' | 'out'; status: string } | undefined;
    if (!d) throw new AppError('not_found', 'Không tìm thấy văn bản.');
    const sd = prep('SELECT * FROM sync_documents WHERE document_id = ?').get(documentId) as
      | {
          from_code: string | null;
          from_name: string | null;
          packet_id: string | null;
          edxml_document_id: string;
          received_at: number | null;
          recall_requested_at: number | null;
          recall_reason: string | null;
          recall_answer: 'agreed' | 'refused' | null;
          recall_answered_at: number | null;
          completion_reported_at: number | null;
        }
      | undefined;
    const statuses = prep("SELECT status_code AS code, created_at AS at, state FROM sync_outbox WHERE document_id = ? AND kind = 'status' ORDER BY id").all(documentId) as Array<{
      code: StatusCode;
      at: number;
      state: OutboxState;
    }>;
    const recipients: DocumentSyncDto['recipients'] = [];
    if (d.direction === 'out') {
      const trailRows = deliveries(documentId);
      for (const r of hubRecipients(documentId)) {
        const last = [...trailRows].reverse().find((e) => e.recipientCode === r.code);
        recipients.push({ code: r.code, name: r.name, event: last?.event ?? 'waiting', label: last?.label ?? DELIVERY_EVENT_LABELS.waiting, at: last?.at ?? null });
      }
    }
    const incoming = d.direction === 'in' && sd?.from_code != null;
    return {
      documentId,
      direction: d.direction,
      received:
        incoming && sd
          ? {
              fromCode: sd.from_code as string,
              fromName: sd.from_name ?? sd.from_code ?? '',
              packetId: sd.packet_id ?? '',
              edxmlDocumentId: sd.edxml_document_id,
              receivedAt: sd.received_at ?? 0,
            }
          : null,
      recall:
        sd?.recall_requested_at != null ? { requestedAt: sd.recall_requested_at, reason: sd.recall_reason, answer: sd.recall_answer, answeredAt: sd.recall_answered_at } : null,
      statusesSent: d.direction === 'in' ? statuses.map((s) => ({ code: s.code, label: STATUS_CODES[s.code], at: s.at, state: s.state })) : [],
      canReportCompletion: incoming && d.status === 'registered' && sd?.completion_reported_at == null && sd?.recall_answer !== 'agreed',
      recipients,
    };
  }

  return {
    state,
    patchState,
    credentials,
    configuredCode,
    settings: settingsDto,
    saveSettings,
    queueDocument,
    queueRecall,
    queueStatus,
    onRegistered,
    onRefused,
    onWorkflow,
    reportCompletion,
    answerRecall,
    trail,
    setDelivery,
    outbox,
    outboxItem,
    retry,
    status,
    deliveries,
    documentFacts,
    hubRecipients,
    inFacts,
    /** Rows of the outbox by id (the worker's reads). */
    outboxRow(id: number): OutboxRow | undefined {
      return prep(`SELECT ${OUTBOX_COLS} FROM sync_outbox WHERE id = ?`).get(id) as OutboxRow | undefined;
    },
    /** Items to push, oldest first (the outbox's order is its id, never a clock). `force`: ignore backoff. */
    dueItems(wallNow: number, force: boolean): OutboxRow[] {
      return prep(`SELECT ${OUTBOX_COLS} FROM sync_outbox WHERE state IN ('waiting', 'uploading') AND (? OR next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY id`).all(
        force ? 1 : 0,
        wallNow,
      ) as OutboxRow[];
    },
    earliestRetry(): number | null {
      return prep("SELECT min(next_attempt_at) FROM sync_outbox WHERE state IN ('waiting', 'uploading')").pluck().get() as number | null;
    },
    /** After a commit: kicks the worker when the transaction queued something. */
    afterCommit(): void {
      if (!queued) return;
      queued = false;
      for (const k of kickers) k();
    },
    onQueued(fn: () => void): void {
      kickers.push(fn);
    },
  };
}

export type SyncService = ReturnType<typeof createSync>;
