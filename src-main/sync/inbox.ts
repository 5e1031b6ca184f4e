// Applying the hub's feed: `prepareItem` does the slow part outside any transaction (download, hash, decode, store the
// attachments); `applyPage` writes a page and the new cursor in ONE transaction. Idempotent by packetId and, for new
// documents, by (sender, DocumentId): a packet seen twice never makes a second document.

import { cachedStatement } from '../db/statements';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { decodePacket, decodePacketBytes } from '../../src-shared/edxml';
import type { DocumentPacket, EdxmlAttachment, Packet, ResponseFor, StatusPacket } from '../../src-shared/edxml/types';
import type { FeedItem } from '../../src-shared/hub/protocol';
import { formatCode } from '../../src-shared/documents';
import type { Services } from '../api/context';
import type { AcceptedBlob } from '../blobs/service';
import { looksLikeZip, readZipEntries } from '../blobs/zip';
import type { Metadata } from '../incoming/service';
import { createWorkflowLog } from '../workflow/log';
import { HubError, type HubClient } from './hub-client';
import { DELIVERY_OF } from './service';

export interface PreparedItem {
  item: FeedItem;
  packet: Packet | null;
  /** Why the packet could not be read (recorded, the cursor moves on: a retry would read the same bytes). */
  invalid: string | null;
  files: Array<{ accepted: AcceptedBlob; fileName: string; role: 'main' | 'attachment' }>;
  /** Attachments the file checks refused ("name: reason"), written into the document's notes. */
  refusedFiles: string[];
}

export interface Applied {
  /** Documents created or changed here (incoming) and outgoing documents whose delivery changed. */
  changed: Array<{ id: number; direction: 'in' | 'out' }>;
  created: number;
  /** Notifications written (a recall request to the clerks), announced after the commit. */
  notified: Array<{ userId: number; id: number }>;
}

const seen = (s: Services, packetId: string) => !!cachedStatement(s.raw, 'SELECT 1 FROM sync_inbox WHERE packet_id = ?').get(packetId);

function findReceived(s: Services, fromCode: string, edxmlId: string): { documentId: number; status: string } | undefined {
  return s.raw
    .prepare(
      `SELECT sd.document_id AS documentId, d.status FROM sync_documents sd JOIN documents d ON d.id = sd.document_id
        WHERE sd.direction = 'in' AND sd.from_code = ? AND sd.edxml_document_id = ? ORDER BY sd.document_id LIMIT 1`,
    )
    .get(fromCode, edxmlId) as { documentId: number; status: string } | undefined;
}

/** The slow part of one feed item, before the transaction. Network failures throw (the page is tried again). */
export async function prepareItem(s: Services, hub: HubClient, item: FeedItem): Promise<PreparedItem> {
  const out: PreparedItem = { item, packet: null, invalid: null, files: [], refusedFiles: [] };
  if (item.type !== 'packet' || seen(s, item.packetId)) return out;
  let packet: Packet;
  try {
    if (item.edxml != null) packet = decodePacket(item.edxml);
    else if (item.blob) {
      // Downloaded into a file that survives a cut: the next try asks only for the rest.
      const dir = path.join(s.env.dataDir, 'sync-in');
      fs.mkdirSync(dir, { recursive: true });
      const part = path.join(dir, `${item.blob.sha256}.part`);
      await hub.blobDownload(item.blob.sha256, part);
      const bytes = fs.readFileSync(part);
      fs.rmSync(part, { force: true });
      if (createHash('sha256').update(bytes).digest('hex') !== item.blob.sha256) throw new HubError('offline', 'Tệp gói tin tải về không trọn vẹn; sẽ tải lại.', true);
      packet = decodePacketBytes(bytes);
    } else {
      out.invalid = 'Gói tin không có nội dung.';
      return out;
    }
  } catch (e) {
    if (e instanceof HubError) throw e;
    out.invalid = e instanceof Error ? e.message : String(e);
    return out;
  }
  out.packet = packet;
  if (packet.kind !== 'document') return out;
  // A copy of a document we already have: no file is stored again.
  if (packet.business.docType === 0 && findReceived(s, packet.from.organId, packet.documentId)) return out;
  if (packet.business.docType === 1) return out;
  let mainTaken = false;
  for (const a of packet.attachments) {
    for (const f of unwrapped(a)) {
      try {
        const accepted = await s.blobs.accept(Buffer.from(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength), f.name);
        const role = !mainTaken && accepted.kind === 'pdf' ? 'main' : 'attachment';
        if (role === 'main') mainTaken = true;
        out.files.push({ accepted, fileName: f.name, role });
      } catch (e) {
        // Kept in sight: the clerk reads it on the document (and may ask the sender again), never only in a log.
        const why = e instanceof Error ? e.message : String(e);
        out.refusedFiles.push(`${f.name}: ${why}`);
        s.env.logger.warn('hub attachment refused', { packetId: item.packetId, name: f.name, error: why });
      }
    }
  }
  return out;
}

/** An inflated file is bounded like an upload: a zip bomb in a packet stays a refused attachment. */
const UNZIP_LIMITS = { maxEach: 200 * 1024 * 1024, maxTotal: 400 * 1024 * 1024 };

/**
 * The files an attachment stands for. Bkav-style senders zip every format other than pdf/doc/docx/xls/zip and send it
 * as application/zip under the file's own name (standards §1.6): such an archive is opened and its files taken; a
 * real .zip, or an archive that cannot be read, is kept as sent.
 */
function unwrapped(a: EdxmlAttachment): Array<{ name: string; bytes: Uint8Array }> {
  const name = a.name || `${a.contentId}.bin`;
  if (!/zip/i.test(a.contentType) || /\.zip$/i.test(name) || !looksLikeZip(a.bytes)) return [{ name, bytes: a.bytes }];
  try {
    const entries = Object.entries(readZipEntries(a.bytes, (n) => !n.endsWith('/'), UNZIP_LIMITS));
    if (!entries.length) return [{ name, bytes: a.bytes }];
    // One file inside: it keeps the name the sender gave the attachment (the name the clerk was told about).
    if (entries.length === 1) return [{ name: extOf(entries[0][0]) === extOf(name) ? name : baseName(entries[0][0]), bytes: entries[0][1] }];
    return entries.map(([n, b]) => ({ name: baseName(n), bytes: b }));
  } catch {
    return [{ name, bytes: a.bytes }];
  }
}

const baseName = (n: string) => n.split(/[\\/]/).pop() || n;
const extOf = (n: string) => (/\.([^.]+)$/.exec(n)?.[1] ?? '').toLowerCase();

function metadataOf(s: Services, p: DocumentPacket): Metadata {
  const agency = cachedStatement(s.raw, 'SELECT id, name FROM agencies WHERE code = ?').get(p.from.organId) as { id: number; name: string } | undefined;
  const type = p.documentType.typeName
    ? (cachedStatement(s.raw, 'SELECT id, name FROM doc_types WHERE lower(name) = lower(?) AND active = 1').get(p.documentType.typeName) as
        { id: number; name: string } | undefined)
    : undefined;
  const today = new Date(s.env.clock.now() + 7 * 3600_000).toISOString().slice(0, 10);
  return {
    issuerAgencyId: agency?.id ?? null,
    issuerCode: p.from.organId,
    issuerName: agency?.name ?? (p.from.organName || p.from.organId),
    codeNumber: p.code.number || null,
    codeNotation: p.code.notation || null,
    // A sender's date in this office's future (its clock or ours is wrong) is kept, not refused: it is what was sent.
    issuedDate: p.promulgation.date && p.promulgation.date <= today ? p.promulgation.date : (p.promulgation.date ?? null),
    docTypeId: type?.id ?? null,
    typeName: type?.name ?? (p.documentType.typeName || null),
    subject: p.subject || '(Không có trích yếu)',
    signerPosition: p.signer.position || null,
    signerName: p.signer.fullName || null,
    urgency: p.otherInfo.priority,
    urgentDeadlineAt: null,
    pageCount: p.otherInfo.pageAmount,
    copies: null,
    receivedVia: 'hub',
    handlingDueDate: p.dueDate,
    notes: null,
    edxmlDocumentId: p.documentId,
    restricted: false,
  };
}

function inbox(s: Services, item: Extract<FeedItem, { type: 'packet' }>, outcome: string, documentId: number | null, detail: string | null): void {
  s.raw
    .prepare('INSERT INTO sync_inbox (packet_id, seq, from_code, kind, outcome, document_id, detail, hub_received_at, applied_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(item.packetId, item.seq, item.from, item.kind, outcome, documentId, detail, item.receivedAt, s.env.clock.now());
}

/** A new pending document from a packet, its files, its facts, and 01 back to the sender. */
function receiveDocument(s: Services, prep: PreparedItem, p: DocumentPacket, item: Extract<FeedItem, { type: 'packet' }>, replaces: number | null): number {
  for (const f of prep.files) s.blobs.record(f.accepted, null);
  const meta = metadataOf(s, p);
  if (prep.refusedFiles.length) meta.notes = `Tệp đính kèm không nhận được (kiểm tra tệp): ${prep.refusedFiles.join('; ')}`.slice(0, 2000);
  const id = s.incoming.receiveFromHub(
    meta,
    prep.files.map((f) => ({ hash: f.accepted.hash, fileName: f.fileName, role: f.role })),
    s.env.clock.now(),
  );
  const responseFor: ResponseFor = { organId: p.from.organId, code: formatCode(p.code.number, p.code.notation), promulgationDate: p.promulgation.date, documentId: p.documentId };
  s.raw
    .prepare(
      `INSERT INTO sync_documents (document_id, direction, edxml_document_id, from_code, from_name, packet_id, received_at, response_for, replaces_document_id)
       VALUES (?, 'in', ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(id, p.documentId, p.from.organId, p.from.organName || p.from.organId, item.packetId, item.receivedAt, JSON.stringify(responseFor), replaces);
  s.sync.queueStatus(id, '01', 'Văn bản đã đến cơ quan nhận.', true);
  s.audit.append({
    at: s.env.clock.now(),
    actorId: null,
    actorName: 'hệ thống',
    action: 'sync.received',
    outcome: 'ok',
    targetType: 'document',
    targetId: id,
    details: { packetId: item.packetId, from: p.from.organId, documentId: p.documentId, files: prep.files.length, ...(replaces ? { replaces } : {}) },
    origin: 'sync',
  });
  return id;
}

/** The sender asks for it back (13 or revoke): recorded once, and every clerk is told (they answer 15 or 16). */
function recallRequest(s: Services, documentId: number, reason: string | null, at: number, a: Applied): void {
  const r = cachedStatement(s.raw, 'UPDATE sync_documents SET recall_requested_at = ?, recall_reason = ? WHERE document_id = ? AND recall_requested_at IS NULL').run(
    at,
    reason,
    documentId,
  );
  if (!r.changes) return;
  const d = cachedStatement(s.raw, 'SELECT subject, restricted, code_number AS n, code_notation AS k FROM documents WHERE id = ?').get(documentId) as {
    subject: string;
    restricted: number;
    n: string | null;
    k: string | null;
  };
  const clerks = cachedStatement(s.raw, "SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id WHERE r.role = 'clerk' AND u.status = 'active'").pluck().all() as number[];
  const code = formatCode(d.n, d.k);
  const text = `Nơi gửi yêu cầu thu hồi văn bản ${code ? `số ${code}` : ''}: ${d.restricted ? '(Văn bản hạn chế)' : d.subject}${reason ? ` — ${reason}` : ''}`.slice(0, 1000);
  a.notified.push(...createWorkflowLog(s.raw, () => s.env.clock.now()).notify(clerks, { kind: 'recalled', text, documentId }));
}

function applyDocument(s: Services, prep: PreparedItem, p: DocumentPacket, item: Extract<FeedItem, { type: 'packet' }>, code: string, a: Applied): void {
  if (!p.to.some((t) => t.organId === code)) return inbox(s, item, 'ignored', null, 'Gói tin không gửi cho cơ quan này.');
  const kind = p.business.docType;
  if (kind === 0) {
    const dup = findReceived(s, p.from.organId, p.documentId);
    if (dup) return inbox(s, item, 'duplicate', dup.documentId, 'Văn bản đã nhận trước đó (cùng mã văn bản, cùng nơi gửi).');
    const id = receiveDocument(s, prep, p, item, null);
    a.changed.push({ id, direction: 'in' });
    a.created++;
    return inbox(s, item, 'document', id, null);
  }
  const target = findReceived(s, p.from.organId, p.business.documentId ?? p.documentId);
  if (kind === 1) {
    if (!target) return inbox(s, item, 'ignored', null, `Yêu cầu thu hồi văn bản chưa nhận: ${p.business.documentId ?? p.documentId}`);
    recallRequest(s, target.documentId, p.business.reason || null, item.receivedAt, a);
    a.changed.push({ id: target.documentId, direction: 'in' });
    return inbox(s, item, 'recall', target.documentId, p.business.reason || null);
  }
  if (kind === 2) {
    if (target?.status === 'pending') {
      const m = metadataOf(s, p);
      s.incoming.updatePending(target.documentId, m);
      a.changed.push({ id: target.documentId, direction: 'in' });
      return inbox(s, item, 'update', target.documentId, p.business.reason || null);
    }
    // Registered already (or unknown): the change is kept for the clerk, the registered metadata stays as entered.
    return inbox(
      s,
      item,
      'update_recorded',
      target?.documentId ?? null,
      `Nơi gửi cập nhật thông tin văn bản${p.business.reason ? `: ${p.business.reason}` : ''}. Văn bản đã vào sổ nên thông tin cập nhật chỉ được ghi lại.`,
    );
  }
  // Replace: a new pending document linked to the replaced one.
  const replacedId = p.business.replacements.map((r) => findReceived(s, p.from.organId, r.documentId)).find(Boolean)?.documentId ?? target?.documentId ?? null;
  const dup = findReceived(s, p.from.organId, p.documentId);
  if (dup) return inbox(s, item, 'duplicate', dup.documentId, null);
  const id = receiveDocument(s, prep, p, item, replacedId);
  a.changed.push({ id, direction: 'in' });
  a.created++;
  return inbox(s, item, 'replace', id, replacedId != null ? `Thay thế văn bản #${replacedId}` : null);
}

function applyStatus(s: Services, p: StatusPacket, item: Extract<FeedItem, { type: 'packet' }>, code: string, a: Applied): void {
  const rf = p.responseFor;
  if (rf.organId === code) {
    const out = cachedStatement(s.raw, "SELECT document_id FROM sync_documents WHERE direction = 'out' AND edxml_document_id = ?").pluck().get(rf.documentId) as number | undefined;
    if (out == null) return inbox(s, item, 'ignored', null, `Trạng thái của văn bản không có ở cơ quan: ${rf.documentId}`);
    s.sync.trail(out, p.from.organId, p.statusCode, p.description || null, item.receivedAt, `status:${item.packetId}`);
    s.sync.setDelivery(out, p.from.organId, DELIVERY_OF[p.statusCode], item.receivedAt);
    a.changed.push({ id: out, direction: 'out' });
    return inbox(s, item, 'status', out, p.statusCode);
  }
  if (p.statusCode === '13' && rf.organId === p.from.organId) {
    const target = findReceived(s, p.from.organId, rf.documentId);
    if (!target) return inbox(s, item, 'ignored', null, `Yêu cầu thu hồi văn bản chưa nhận: ${rf.documentId}`);
    recallRequest(s, target.documentId, p.description || null, item.receivedAt, a);
    a.changed.push({ id: target.documentId, direction: 'in' });
    return inbox(s, item, 'recall', target.documentId, p.description || null);
  }
  return inbox(s, item, 'ignored', null, `Trạng thái ${p.statusCode} không liên quan đến cơ quan.`);
}

/** One page of the feed and the cursor after it, in one transaction (the caller's). */
export function applyPage(s: Services, items: PreparedItem[], code: string): Applied {
  const a: Applied = { changed: [], created: 0, notified: [] };
  for (const prep of items) {
    const item = prep.item;
    if (item.type === 'receipt') {
      const doc = cachedStatement(s.raw, "SELECT document_id FROM sync_outbox WHERE packet_id = ? AND kind = 'document'").pluck().get(item.packetId) as number | undefined;
      if (doc != null && s.sync.trail(doc, item.recipient, 'delivered', null, item.at, `delivered:${item.packetId}:${item.recipient}`))
        a.changed.push({ id: doc, direction: 'out' });
    } else if (!seen(s, item.packetId)) {
      if (prep.invalid || !prep.packet) inbox(s, item, 'invalid', null, prep.invalid ?? 'Không đọc được gói tin.');
      else if (prep.packet.kind === 'document') applyDocument(s, prep, prep.packet, item, code, a);
      else applyStatus(s, prep.packet, item, code, a);
    }
    s.sync.patchState({ feedCursor: item.seq });
  }
  return a;
}
