// Outgoing documents (văn bản đi): drafts and their versions, the review chain, numbering and issuing by the
// clerk, recall, delivery and reply tracking, paper rules, the outgoing registers' configuration. Every writing
// function runs inside the caller's ctx.write transaction and does no slow work; who may call what by role is
// checked in dispatch, who may act on this draft (drafter, current reviewer) here.
//
// The document is a `documents` row with direction 'out' from its first draft on, so the access rule, search and
// files work as for incoming: created_by = the drafter; issuer_name = the office; the incoming-only NOT NULL
// columns get the creation instant (received_at, registration_due_at) and 'hand' (received_via); arrival_at is
// the creation instant until issue and the issuing instant after, so the one list index orders issued documents by
// issue time. Outgoing-only fields live in outgoing_documents (schema.ts). documents.files mirrors the current
// version's files (what search indexes and documents.get shows); every version keeps its own list.
//
// Issuing: number from the register's counter (registers.allocate, an UPDATE … RETURNING) in the same
// transaction as the document's update and the audit row, so numbers have no gaps and the unique index
// (register, number) makes a duplicate impossible even across processes. Signing (issue 10) plugs in around this
// without changing it: the leader's signature is added to the approved version's PDF before `issue` (a new
// version whose number the clerk issues), and the number stamp + organisation signature are applied right after
// the issuing transaction commits, writing the signed PDF as the document's file and setting `signed`; until
// then `signed` stays false and the detail says "chưa ký số".
//
// Recall: the document stays with its number (never reused), becomes read-only (every change refused with
// document_frozen), keeps the reason, who and when, and its open tasks end. Recipients reached electronically
// are told by the sync module, which reads the 'recalled' event of the document's history.

import type { z } from 'zod';
import type {
  Authority,
  DeliveryStatus,
  DraftFileRole,
  DraftVersionDto,
  OutgoingDetail,
  OutgoingListItem,
  OutRegisterConfig,
  OutRegisterKind,
  OutStatus,
  PaperRule,
  RecipientDto,
  ReviewChainStep,
  ReviewStepDto,
  outgoingApi,
} from '../../src-shared/api/outgoing';
import type { FileRefDto } from '../../src-shared/api/documents';
import { vnParts } from '../../src-shared/calendar/vn-time';
import { AppError } from '../../src-shared/errors';
import { formatCode, typeAndSubject, type FileRole, type Urgency } from '../../src-shared/documents';
import { fold } from '../../src-shared/vn/text';
import type { Statement } from 'better-sqlite3';
import type { RawDb } from '../db/open';
import { accessSql, RESTRICTED_SUBJECT, type AccessService, type Viewer } from '../documents/access';
import type { OutgoingBookRow } from '../reports/outgoing-register-book';
import { decodeCursor, encodeCursor } from '../documents/query';
import type { DocumentsService } from '../documents/service';
import type { RegistersService } from '../registers/service';
import type { SettingsService } from '../settings/service';
import { createWorkflowLog } from '../workflow/log';
import { issueNumberText, notationOf, registerFor, type RegisterChoice } from './numbering';

type DraftInput = z.output<(typeof outgoingApi)['outgoing.createDraft']['input']>;
type UpdateInput = z.output<(typeof outgoingApi)['outgoing.updateDraft']['input']>;
type ListInput = z.output<(typeof outgoingApi)['outgoing.list']['input']>;

/** The default review chain: lãnh đạo phòng, then lãnh đạo cơ quan. */
export const DEFAULT_CHAIN: ReviewChainStep[] = [
  { who: 'unit_head', label: 'Lãnh đạo phòng' },
  { who: 'leader', label: 'Lãnh đạo cơ quan' },
];

/** Notifications written by a call, for its handler to emit after the commit. */
export type Notes = Array<{ userId: number; id: number }>;

interface Deps {
  raw: RawDb;
  registers: RegistersService;
  documents: DocumentsService;
  access: AccessService;
  settings: SettingsService;
  now: () => number;
}

interface DocRow {
  id: number;
  direction: 'in' | 'out';
  status: OutStatus;
  year: number;
  docTypeId: number | null;
  typeName: string | null;
  subject: string;
  urgency: number;
  restricted: number;
  signerName: string | null;
  signerPosition: string | null;
  pageCount: number | null;
  copies: number | null;
  notes: string | null;
  codeNumber: string | null;
  codeNotation: string | null;
  issuedDate: string | null;
  createdAt: number;
  updatedAt: number;
  draftingUnitId: number | null;
  drafterId: number;
  signerUserId: number | null;
  authority: Authority;
  keepLine: string | null;
  replyRequested: number;
  replyDueDate: string | null;
  noPaper: number;
  paperRequired: number;
  replyToId: number | null;
  copyOfId: number | null;
  currentVersion: number;
  registerId: number | null;
  issueNumber: number | null;
  issuedAt: number | null;
  issuedBy: number | null;
  signed: number;
  recallReason: string | null;
  recalledAt: number | null;
  recalledBy: number | null;
}

interface UserRow {
  id: number;
  fullName: string;
  position: string | null;
  unitId: number | null;
  headsUnit: number;
  status: string;
}

const DOC_COLUMNS = `d.id, d.direction, d.status, d.year, d.doc_type_id AS docTypeId, d.type_name AS typeName, d.subject, d.urgency, d.restricted,
  d.signer_name AS signerName, d.signer_position AS signerPosition, d.page_count AS pageCount, d.copies, d.notes, d.code_number AS codeNumber,
  d.code_notation AS codeNotation, d.issued_date AS issuedDate, d.created_at AS createdAt, d.updated_at AS updatedAt,
  o.drafting_unit_id AS draftingUnitId, o.drafter_id AS drafterId, o.signer_user_id AS signerUserId, o.authority, o.keep_line AS keepLine,
  o.reply_requested AS replyRequested, o.reply_due_date AS replyDueDate, o.no_paper AS noPaper, o.paper_required AS paperRequired,
  o.reply_to_id AS replyToId, o.copy_of_id AS copyOfId, o.current_version AS currentVersion, o.register_id AS registerId, o.issue_number AS issueNumber,
  o.issued_at AS issuedAt, o.issued_by AS issuedBy, o.signed, o.recall_reason AS recallReason, o.recalled_at AS recalledAt, o.recalled_by AS recalledBy`;

/** What documents.files keeps of a draft file's role (the editable original is an attachment there). */
const FILE_ROLE: Record<DraftFileRole, FileRole> = { main: 'main', original: 'attachment', attachment: 'attachment' };

const yearOf = (date: string) => Number(date.slice(0, 4));

/** Hình thức sao as the copy's subject and mark say it (NĐ 30 PL I Phần II.II). */
export const COPY_LABELS = { SY: 'Sao y', SL: 'Sao lục', TrS: 'Trích sao' } as const;

export function createOutgoing({ raw, registers, documents, access, settings, now }: Deps) {
  // Statements by their SQL text, prepared once: issuing and the detail run a dozen small queries each call.
  const prepared = new Map<string, Statement>();
  const prep = (sql: string): Statement => {
    let st = prepared.get(sql);
    if (!st) prepared.set(sql, (st = raw.prepare(sql)));
    return st;
  };
  const log = createWorkflowLog(raw, now);
  const docStmt = prep(`SELECT ${DOC_COLUMNS} FROM documents d JOIN outgoing_documents o ON o.document_id = d.id WHERE d.id = ?`);
  const userStmt = prep('SELECT id, full_name AS fullName, position, unit_id AS unitId, heads_unit AS headsUnit, status FROM users WHERE id = ?');
  const rolesStmt = prep('SELECT role FROM user_roles WHERE user_id = ?').pluck();
  const byRoleStmt = prep("SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id WHERE r.role = ? AND u.status = 'active' ORDER BY u.id").pluck();
  const headsStmt = prep("SELECT id FROM users WHERE unit_id = ? AND heads_unit = 1 AND status = 'active' ORDER BY id").pluck();
  const pendingStepStmt = prep(
    "SELECT id, step, chain_pos AS chainPos, reviewer_id AS reviewerId, task_id AS taskId FROM outgoing_review_steps WHERE document_id = ? AND decision = 'pending'",
  );
  const insertFileStmt = prep(`INSERT INTO document_files (document_id, blob_hash, file_name, role, position, added_at, added_by) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const insertVersionFileStmt = prep('INSERT INTO outgoing_version_files (document_id, version, blob_hash, file_name, draft_role, position) VALUES (?, ?, ?, ?, ?, ?)');
  const insertRecipientStmt = prep(`INSERT INTO outgoing_recipients (document_id, position, kind, unit_id, agency_id, name, paper_manual, paper) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);

  // ---- lookups ---------------------------------------------------------------------------------------------------

  function user(id: number): UserRow {
    const u = userStmt.get(id) as UserRow | undefined;
    if (!u) throw new AppError('not_found', 'Không tìm thấy người dùng.');
    return u;
  }
  const rolesOf = (id: number) => rolesStmt.all(id) as string[];
  const isLeader = (id: number) => rolesOf(id).includes('leader');
  const activeWithRole = (role: 'leader' | 'clerk') => byRoleStmt.all(role) as number[];

  /** The outgoing document, or not_found. `mutating`: refused once recalled (frozen). */
  function doc(id: number, mutating = true): DocRow {
    const d = docStmt.get(id) as DocRow | undefined;
    if (!d || d.direction !== 'out') throw new AppError('not_found', 'Không tìm thấy văn bản đi.');
    if (mutating && d.status === 'recalled') throw new AppError('document_frozen');
    return d;
  }

  function checkVersion(d: DocRow, version: number): void {
    if (version !== d.currentVersion) {
      throw new AppError('stale_version', `Dự thảo đã có phiên bản ${d.currentVersion} (bạn đang xem phiên bản ${version}); hãy xem phiên bản mới trước.`, {
        details: { currentVersion: d.currentVersion, version },
      });
    }
  }

  function org() {
    const o = settings.org();
    if (!o) throw new AppError('not_initialized');
    return o;
  }

  // ---- paper rules -----------------------------------------------------------------------------------------------

  function paperRules(): PaperRule[] {
    return prep(
      'SELECT id, doc_type_id AS docTypeId, recipient_agency_id AS recipientAgencyId, recipient_text AS recipientText, reason FROM outgoing_paper_rules ORDER BY id',
    ).all() as PaperRule[];
  }

  /**
   * Which recipients must also get paper: by hand, or by a rule whose every given condition holds (type of the
   * document; the recipient is that directory body; the recipient's name contains the words). A rule with only a
   * type applies to every recipient outside the office. "Không văn bản giấy" clears them all.
   */
  function applyPaperRules(documentId: number): void {
    const d = doc(documentId, false);
    const rules = paperRules();
    const recipients = prep('SELECT id, kind, agency_id AS agencyId, name, paper_manual AS manual FROM outgoing_recipients WHERE document_id = ?').all(documentId) as Array<{
      id: number;
      kind: string;
      agencyId: number | null;
      name: string;
      manual: number;
    }>;
    const set = prep('UPDATE outgoing_recipients SET paper = ? WHERE id = ?');
    let any = false;
    for (const r of recipients) {
      const byRule = rules.some(
        (rule) =>
          (rule.docTypeId == null || rule.docTypeId === d.docTypeId) &&
          (rule.recipientAgencyId == null || rule.recipientAgencyId === r.agencyId) &&
          (rule.recipientText == null || fold(r.name).includes(fold(rule.recipientText))) &&
          (rule.recipientAgencyId != null || rule.recipientText != null || r.kind !== 'unit'),
      );
      const paper = !d.noPaper && (!!r.manual || byRule);
      any ||= paper;
      set.run(paper ? 1 : 0, r.id);
    }
    prep('UPDATE outgoing_documents SET paper_required = ? WHERE document_id = ?').run(any ? 1 : 0, documentId);
  }

  // ---- drafting ----------------------------------------------------------------------------------------------------

  /** The type; a type stopped since the draft was written still numbers it (`active` is checked when choosing it). */
  function resolveType(docTypeId: number, mustBeActive = true) {
    const t = prep('SELECT id, name, abbr, active FROM doc_types WHERE id = ?').get(docTypeId) as { id: number; name: string; abbr: string | null; active: number } | undefined;
    if (!t) throw new AppError('invalid_input', undefined, { fields: [{ path: 'docTypeId', message: 'Không có loại văn bản này.' }] });
    if (mustBeActive && !t.active) throw new AppError('invalid_input', undefined, { fields: [{ path: 'docTypeId', message: 'Loại văn bản đã ngừng sử dụng.' }] });
    return t;
  }

  /** The document-row fields a draft sets, with the signer's name and title taken from their account when not typed. */
  function draftFields(v: DraftInput | UpdateInput) {
    const type = resolveType(v.docTypeId);
    const signer = v.signerUserId != null ? user(v.signerUserId) : null;
    if (signer && signer.status !== 'active') throw new AppError('invalid_input', undefined, { fields: [{ path: 'signerUserId', message: 'Người ký đã bị khóa.' }] });
    if (v.draftingUnitId != null && !prep('SELECT 1 FROM units WHERE id = ? AND active = 1').get(v.draftingUnitId)) {
      throw new AppError('invalid_input', undefined, { fields: [{ path: 'draftingUnitId', message: 'Đơn vị soạn thảo không tồn tại hoặc đã ngừng hoạt động.' }] });
    }
    return {
      docTypeId: type.id,
      typeName: type.name,
      subject: v.subject,
      urgency: v.urgency,
      restricted: v.restricted ? 1 : 0,
      signerName: v.signerName ?? signer?.fullName ?? null,
      signerPosition: v.signerPosition ?? signer?.position ?? null,
      pageCount: v.pageCount,
      copies: v.copies,
      notes: v.notes,
    };
  }

  function writeRecipients(documentId: number, recipients: DraftInput['recipients']): string {
    prep('DELETE FROM outgoing_recipients WHERE document_id = ?').run(documentId);
    const names: string[] = [];
    recipients.forEach((r, i) => {
      let name = r.name;
      if (r.kind === 'agency') {
        const a = prep('SELECT name FROM agencies WHERE id = ?').get(r.agencyId) as { name: string } | undefined;
        if (!a) throw new AppError('invalid_input', undefined, { fields: [{ path: `recipients.${i}.agencyId`, message: 'Không có cơ quan này trong danh mục.' }] });
        name = a.name;
      }
      if (r.kind === 'unit' && !prep('SELECT 1 FROM units WHERE id = ?').get(r.unitId)) {
        throw new AppError('invalid_input', undefined, { fields: [{ path: `recipients.${i}.unitId`, message: 'Không có đơn vị này.' }] });
      }
      insertRecipientStmt.run(documentId, i + 1, r.kind, r.kind === 'unit' ? r.unitId : null, r.kind === 'agency' ? r.agencyId : null, name, r.paper ? 1 : 0, 0);
      names.push(name);
    });
    return names.join('; ');
  }

  /** Version n's files, and documents.files replaced by them (the current version is what search and the detail show). */
  function writeVersion(documentId: number, version: number, files: DraftInput['files'], note: string | null, userId: number | null): void {
    const t = now();
    prep('INSERT INTO outgoing_versions (document_id, version, note, by_id, at) VALUES (?, ?, ?, ?, ?)').run(documentId, version, note, userId, t);
    prep('DELETE FROM document_files WHERE document_id = ?').run(documentId);
    files.forEach((f, i) => {
      insertVersionFileStmt.run(documentId, version, f.hash, f.fileName, f.draftRole, i + 1);
      insertFileStmt.run(documentId, f.hash, f.fileName, FILE_ROLE[f.draftRole], i + 1, t, userId);
    });
  }

  function createDraft(v: DraftInput, userId: number): number {
    const t = now();
    const o = org();
    const f = draftFields(v);
    const drafter = user(userId);
    if (v.replyToId != null) {
      const r = prep('SELECT direction FROM documents WHERE id = ?').get(v.replyToId) as { direction: string } | undefined;
      if (!r || r.direction !== 'in') throw new AppError('invalid_input', undefined, { fields: [{ path: 'replyToId', message: 'Chỉ trả lời được văn bản đến.' }] });
    }
    const id = Number(
      prep(
        `INSERT INTO documents (direction, status, source, year, received_at, arrival_at, registration_due_at, late, received_via, issuer_code, issuer_name, issuer_search,
             doc_type_id, type_name, subject, signer_name, signer_position, urgency, page_count, copies, notes, restricted, handling_status, recipient, created_by, created_at, updated_at)
           VALUES ('out', 'draft', 'manual', @year, @t, @t, @t, 0, 'hand', @issuerCode, @issuerName, @issuerSearch,
             @docTypeId, @typeName, @subject, @signerName, @signerPosition, @urgency, @pageCount, @copies, @notes, @restricted, 'new', NULL, @userId, @t, @t)`,
      ).run({ ...f, year: Number(vnParts(t).date.slice(0, 4)), t, issuerCode: o.code, issuerName: o.name, issuerSearch: fold(o.name), userId }).lastInsertRowid,
    );
    prep(
      `INSERT INTO outgoing_documents (document_id, drafting_unit_id, drafter_id, signer_user_id, authority, keep_line, reply_requested, reply_due_date, no_paper, reply_to_id, current_version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
    ).run(
      id,
      v.draftingUnitId ?? drafter.unitId,
      userId,
      v.signerUserId,
      v.authority,
      v.keepLine,
      v.replyRequested ? 1 : 0,
      v.replyDueDate,
      v.noPaper ? 1 : 0,
      v.replyToId ?? null,
    );
    const recipientsText = writeRecipients(id, v.recipients);
    prep('UPDATE documents SET recipient = ? WHERE id = ?').run(recipientsText || null, id);
    writeVersion(id, 1, v.files, v.versionNote, userId);
    applyPaperRules(id);
    documents.index(id);
    log.event({ documentId: id, kind: 'draft_created', actorId: userId, data: { version: 1 } });
    if (v.replyToId != null) {
      // Both histories say so: the incoming one lists its reply, the reply names what it answers.
      log.event({ documentId: v.replyToId, kind: 'reply_linked', actorId: userId, data: { outgoingId: id, subject: v.restricted ? null : v.subject } });
    }
    return id;
  }

  /** A new version of a draft (only its drafter, only while it is a draft, only from the current version). */
  function updateDraft(v: UpdateInput, userId: number): number {
    const d = doc(v.id);
    if (d.drafterId !== userId) throw new AppError('forbidden', 'Chỉ người soạn thảo sửa được dự thảo.');
    if (d.status !== 'draft') throw new AppError('invalid_state', 'Dự thảo đang trình duyệt hoặc đã duyệt thì không sửa được; người duyệt cần trả lại trước.');
    checkVersion(d, v.baseVersion);
    const f = draftFields(v);
    const version = d.currentVersion + 1;
    const t = now();
    prep(
      `UPDATE documents SET doc_type_id = @docTypeId, type_name = @typeName, subject = @subject, signer_name = @signerName, signer_position = @signerPosition,
           urgency = @urgency, page_count = @pageCount, copies = @copies, notes = @notes, restricted = @restricted, updated_at = @t WHERE id = @id`,
    ).run({ ...f, t, id: v.id });
    prep(
      `UPDATE outgoing_documents SET drafting_unit_id = ?, signer_user_id = ?, authority = ?, keep_line = ?, reply_requested = ?, reply_due_date = ?, no_paper = ?,
           current_version = ? WHERE document_id = ?`,
    ).run(v.draftingUnitId ?? d.draftingUnitId, v.signerUserId, v.authority, v.keepLine, v.replyRequested ? 1 : 0, v.replyDueDate, v.noPaper ? 1 : 0, version, v.id);
    const recipientsText = writeRecipients(v.id, v.recipients);
    prep('UPDATE documents SET recipient = ? WHERE id = ?').run(recipientsText || null, v.id);
    writeVersion(v.id, version, v.files, v.versionNote, userId);
    applyPaperRules(v.id);
    documents.index(v.id);
    log.event({ documentId: v.id, kind: 'draft_version', actorId: userId, text: v.versionNote, data: { version } });
    return version;
  }

  /**
   * A signature was added to the current version's files (signing/service.ts, after the slow token work): the
   * signed files become version n+1 (the earlier bytes stay as version n), without touching the review state.
   * `expectVersion` guards against a draft changed while the token was signing. `issuedSigned` marks the issued
   * document as signed by the organisation.
   */
  function addSignedVersion(v: { id: number; expectVersion: number; files: DraftInput['files']; note: string; issuedSigned: boolean }, userId: number | null): number {
    const d = doc(v.id);
    checkVersion(d, v.expectVersion);
    const version = d.currentVersion + 1;
    prep('UPDATE outgoing_documents SET current_version = ?, signed = CASE WHEN ? THEN 1 ELSE signed END WHERE document_id = ?').run(version, v.issuedSigned ? 1 : 0, v.id);
    prep('UPDATE documents SET updated_at = ? WHERE id = ?').run(now(), v.id);
    writeVersion(v.id, version, v.files, v.note, userId);
    documents.index(v.id);
    log.event({ documentId: v.id, kind: 'signed', actorId: userId, text: v.note, data: { version, organisation: v.issuedSigned } });
    return version;
  }

  // ---- review chain ------------------------------------------------------------------------------------------------

  function reviewChain(): ReviewChainStep[] {
    const rows = prep('SELECT who, label FROM outgoing_review_chain ORDER BY position').all() as ReviewChainStep[];
    return rows.length ? rows : DEFAULT_CHAIN;
  }

  function saveReviewChain(steps: ReviewChainStep[]): ReviewChainStep[] {
    if (steps[steps.length - 1].who !== 'leader') {
      throw new AppError('invalid_input', 'Bước cuối của quy trình phải là lãnh đạo cơ quan: chỉ lãnh đạo duyệt ban hành.', {
        fields: [{ path: 'steps', message: 'Bước cuối phải là lãnh đạo cơ quan.' }],
      });
    }
    prep('DELETE FROM outgoing_review_chain').run();
    const ins = prep('INSERT INTO outgoing_review_chain (position, who, label) VALUES (?, ?, ?)');
    steps.forEach((s, i) => ins.run(i, s.who, s.label));
    return reviewChain();
  }

  /**
   * The reviewer of the first applicable step from `from` on: a unit_head step is skipped when the drafter's unit
   * has no other active head (or the drafter heads it); at a leader step the reviewer is the one chosen, or the only
   * active leader. `chosen` picks among several heads too; a chosen leader never skips the unit head's step.
   */
  function nextReviewer(drafter: UserRow, from: number, chosen: number | undefined): { reviewerId: number; chainPos: number } {
    const chain = reviewChain();
    for (let pos = from; pos < chain.length; pos++) {
      const step = chain[pos];
      if (step.who === 'unit_head') {
        if (drafter.unitId == null || drafter.headsUnit) continue;
        const heads = (headsStmt.all(drafter.unitId) as number[]).filter((h) => h !== drafter.id);
        if (!heads.length) continue;
        if (chosen != null && heads.includes(chosen)) return { reviewerId: chosen, chainPos: pos };
        // A leader picked for later (the form's "lãnh đạo duyệt") does not skip the unit head: the head forwards to them.
        if (heads.length === 1) return { reviewerId: heads[0], chainPos: pos };
        throw new AppError('invalid_input', `Chọn người duyệt (${step.label}).`, { fields: [{ path: 'reviewerId', message: `Chọn một lãnh đạo của đơn vị (${step.label}).` }] });
      }
      // A leader's own draft goes to another leader, unless they are the only one.
      const all = activeWithRole('leader');
      const others = all.filter((l) => l !== drafter.id);
      const leaders = others.length ? others : all;
      if (chosen != null) {
        if (!leaders.includes(chosen))
          throw new AppError('invalid_input', undefined, { fields: [{ path: 'reviewerId', message: 'Người được chọn không phải lãnh đạo cơ quan.' }] });
        return { reviewerId: chosen, chainPos: pos };
      }
      if (leaders.length === 1) return { reviewerId: leaders[0], chainPos: pos };
      throw new AppError('invalid_input', `Chọn lãnh đạo duyệt (${step.label}).`, { fields: [{ path: 'reviewerId', message: 'Chọn lãnh đạo cơ quan duyệt dự thảo.' }] });
    }
    throw new AppError('invalid_state', 'Quy trình duyệt của cơ quan không có bước nào áp dụng được cho dự thảo này.');
  }

  /** Hands the draft to a reviewer: a review step, a task in their Việc cần xử lý, the right to see it, a notification. */
  function sendToReviewer(d: DocRow, reviewerId: number, chainPos: number, by: number, note: string | null, notes: Notes): void {
    const step = (prep('SELECT coalesce(max(step), 0) + 1 AS n FROM outgoing_review_steps WHERE document_id = ?').get(d.id) as { n: number }).n;
    const taskId = log.addTask({ documentId: d.id, kind: 'review', userId: reviewerId, urgency: d.urgency, assignedBy: by, note });
    prep("INSERT INTO outgoing_review_steps (document_id, step, chain_pos, reviewer_id, version, decision, task_id, created_at) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)").run(
      d.id,
      step,
      chainPos,
      reviewerId,
      d.currentVersion,
      taskId,
      now(),
    );
    access.grant(d.id, 'presented', { userIds: [reviewerId], unitIds: [] }, by, now());
    notes.push(...log.notify([reviewerId], { kind: 'review', text: `Dự thảo cần duyệt: ${d.restricted ? '(Văn bản hạn chế)' : d.subject}`, documentId: d.id, taskId }));
  }

  function setStatus(id: number, status: OutStatus): void {
    prep('UPDATE documents SET status = ?, updated_at = ? WHERE id = ?').run(status, now(), id);
  }

  function submit(v: { id: number; version: number; reviewerId?: number; note: string | null }, userId: number): Notes {
    const d = doc(v.id);
    if (d.drafterId !== userId) throw new AppError('forbidden', 'Chỉ người soạn thảo trình được dự thảo.');
    if (d.status !== 'draft') throw new AppError('invalid_state', 'Dự thảo đã được trình.');
    checkVersion(d, v.version);
    const next = nextReviewer(user(userId), 0, v.reviewerId);
    const notes: Notes = [];
    sendToReviewer(d, next.reviewerId, next.chainPos, userId, v.note, notes);
    setStatus(d.id, 'review');
    log.event({ documentId: d.id, kind: 'submitted', actorId: userId, text: v.note, data: { version: d.currentVersion, reviewerId: next.reviewerId } });
    return notes;
  }

  /** The pending review step, which must be the caller's. */
  function myStep(d: DocRow, userId: number) {
    if (d.status !== 'review') throw new AppError('invalid_state', 'Dự thảo không ở bước trình duyệt.');
    const s = pendingStepStmt.get(d.id) as { id: number; step: number; chainPos: number; reviewerId: number; taskId: number | null } | undefined;
    if (!s || s.reviewerId !== userId) throw new AppError('forbidden', 'Bạn không phải người đang duyệt dự thảo này.');
    return s;
  }

  function decide(stepId: number, decision: 'approved' | 'returned' | 'forwarded', note: string | null): void {
    prep('UPDATE outgoing_review_steps SET decision = ?, note = ?, at = ? WHERE id = ?').run(decision, note, now(), stepId);
  }

  function approve(v: { id: number; version: number; note: string | null; forwardTo?: number }, userId: number): Notes {
    const d = doc(v.id);
    const s = myStep(d, userId);
    checkVersion(d, v.version);
    const notes: Notes = [];
    if (v.forwardTo != null) {
      const to = user(v.forwardTo);
      if (to.status !== 'active' || to.id === userId)
        throw new AppError('invalid_input', undefined, { fields: [{ path: 'forwardTo', message: 'Chọn người duyệt tiếp theo khác, đang hoạt động.' }] });
      if (!isLeader(to.id) && !to.headsUnit) {
        throw new AppError('invalid_input', undefined, { fields: [{ path: 'forwardTo', message: 'Người duyệt tiếp theo phải là lãnh đạo đơn vị hoặc lãnh đạo cơ quan.' }] });
      }
      decide(s.id, 'forwarded', v.note);
      if (s.taskId) log.closeTask(s.taskId, 'done', userId, v.note);
      sendToReviewer(d, to.id, Math.min(s.chainPos + 1, reviewChain().length - 1), userId, v.note, notes);
      log.event({ documentId: d.id, kind: 'approved', actorId: userId, text: v.note, data: { version: d.currentVersion, forwardedTo: to.id, forwardedToName: to.fullName } });
      return notes;
    }
    if (!isLeader(userId)) {
      throw new AppError('invalid_state', 'Dự thảo phải được lãnh đạo cơ quan duyệt ban hành: hãy chuyển tiếp cho lãnh đạo cơ quan.', {
        fields: [{ path: 'forwardTo', message: 'Chọn lãnh đạo cơ quan duyệt tiếp.' }],
      });
    }
    decide(s.id, 'approved', v.note);
    if (s.taskId) log.closeTask(s.taskId, 'done', userId, v.note);
    setStatus(d.id, 'approved');
    log.event({ documentId: d.id, kind: 'approved', actorId: userId, text: v.note, data: { version: d.currentVersion, final: true } });
    notes.push(
      ...log.notify([d.drafterId], {
        kind: 'approved',
        text: `Dự thảo đã được duyệt, chuyển văn thư ban hành: ${d.restricted ? '(Văn bản hạn chế)' : d.subject}`,
        documentId: d.id,
      }),
    );
    // Chuyển ban hành: every clerk gets the issuing task; the first to issue closes the others'.
    const clerks = activeWithRole('clerk');
    if (!clerks.length) throw new AppError('invalid_state', 'Cơ quan chưa có văn thư đang hoạt động để ban hành văn bản.');
    access.grant(d.id, 'presented', { userIds: clerks, unitIds: [] }, userId, now());
    for (const c of clerks) {
      const taskId = log.addTask({ documentId: d.id, kind: 'issue', userId: c, urgency: d.urgency, assignedBy: userId, note: v.note });
      notes.push(...log.notify([c], { kind: 'issue', text: `Văn bản chờ cấp số, ban hành: ${d.restricted ? '(Văn bản hạn chế)' : d.subject}`, documentId: d.id, taskId }));
    }
    log.event({ documentId: d.id, kind: 'sent_to_issue', actorId: userId, data: { clerkIds: clerks } });
    return notes;
  }

  function returnDraft(v: { id: number; version: number; reason: string }, userId: number): Notes {
    const d = doc(v.id);
    const s = myStep(d, userId);
    checkVersion(d, v.version);
    decide(s.id, 'returned', v.reason);
    if (s.taskId) log.closeTask(s.taskId, 'returned', userId, v.reason);
    setStatus(d.id, 'draft');
    log.event({ documentId: d.id, kind: 'draft_returned', actorId: userId, text: v.reason, data: { version: d.currentVersion } });
    return log.notify([d.drafterId], { kind: 'returned', text: `Dự thảo bị trả lại: ${v.reason}`, documentId: d.id });
  }

  // ---- registers -----------------------------------------------------------------------------------------------------

  function outRegisters(year: number): Array<RegisterChoice & { name: string; year: number }> {
    return (
      prep("SELECT id, name, year, kind, doc_type_ids AS docTypeIds, is_default AS isDefault, active FROM registers WHERE direction = 'out' AND year = ? ORDER BY id").all(
        year,
      ) as Array<{ id: number; name: string; year: number; kind: OutRegisterKind; docTypeIds: string; isDefault: number; active: number }>
    ).map((r) => ({ ...r, docTypeIds: JSON.parse(r.docTypeIds) as number[], isDefault: !!r.isDefault, active: !!r.active }));
  }

  function registerConfigs(year: number): OutRegisterConfig[] {
    return outRegisters(year).map((r) => ({ registerId: r.id, kind: r.kind, docTypeIds: r.docTypeIds }));
  }

  function configureRegister(v: { registerId: number; kind: OutRegisterKind; docTypeIds: number[] }): OutRegisterConfig {
    const reg = registers.row(v.registerId);
    if (reg.direction !== 'out') throw new AppError('invalid_input', undefined, { fields: [{ path: 'registerId', message: 'Đây không phải sổ văn bản đi.' }] });
    const ids = [...new Set(v.docTypeIds)];
    for (const t of ids) resolveType(t);
    if (v.kind === 'qppl' && !ids.length) {
      throw new AppError('invalid_input', undefined, { fields: [{ path: 'docTypeIds', message: 'Sổ văn bản quy phạm pháp luật phải chọn loại văn bản đánh số trong sổ.' }] });
    }
    // A type is numbered in one register of the year only: two would give it two sequences.
    const clash = outRegisters(reg.year).find((r) => r.id !== reg.id && r.docTypeIds.some((t) => ids.includes(t)));
    if (clash)
      throw new AppError('conflict', `Có loại văn bản đã được đánh số trong sổ "${clash.name}" năm ${reg.year}.`, {
        fields: [{ path: 'docTypeIds', message: 'Loại văn bản đã thuộc sổ khác.' }],
      });
    prep('UPDATE registers SET kind = ?, doc_type_ids = ?, updated_at = ? WHERE id = ?').run(v.kind, JSON.stringify(ids), now(), reg.id);
    return { registerId: reg.id, kind: v.kind, docTypeIds: ids };
  }

  // ---- issuing, recall, delivery, replies ----------------------------------------------------------------------------

  function issue(v: { id: number; version: number; registerId?: number; issuedDate?: string }, userId: number, today: string): { notes: Notes; number: string } {
    const d = doc(v.id);
    if (d.status === 'issued') throw new AppError('invalid_state', 'Văn bản đã được ban hành.');
    if (d.status !== 'approved') throw new AppError('invalid_state', 'Chỉ ban hành được dự thảo đã được lãnh đạo duyệt.');
    checkVersion(d, v.version);
    const issuedDate = v.issuedDate ?? today;
    if (issuedDate > today) throw new AppError('invalid_input', undefined, { fields: [{ path: 'issuedDate', message: 'Ngày ban hành không được sau ngày hôm nay.' }] });
    const year = yearOf(issuedDate);
    const type = resolveType(d.docTypeId as number, false);
    registers.ensureYear('out', year);
    const regs = outRegisters(year);
    let reg: (typeof regs)[number] | null;
    if (v.registerId != null) {
      reg = regs.find((r) => r.id === v.registerId) ?? null;
      if (!reg) throw new AppError('invalid_input', undefined, { fields: [{ path: 'registerId', message: `Chọn một sổ văn bản đi của năm ${year}.` }] });
      if (!reg.active) throw new AppError('invalid_input', undefined, { fields: [{ path: 'registerId', message: 'Sổ văn bản đã ngừng sử dụng.' }] });
    } else {
      reg = registerFor(regs, type.id, type.abbr);
      if (!reg) throw new AppError('invalid_state', `Năm ${year} chưa có sổ văn bản đi đánh số loại "${type.name}": quản trị cần cấu hình sổ.`);
    }
    const unitCode = d.draftingUnitId != null ? ((prep('SELECT code FROM units WHERE id = ?').get(d.draftingUnitId) as { code: string | null } | undefined)?.code ?? null) : null;
    const codeNotation = notationOf({ kind: reg.kind, typeAbbr: type.abbr, orgAbbr: org().abbr, unitCode, year });
    const n = registers.allocate(reg.id);
    const codeNumber = issueNumberText(n);
    const t = now();
    prep(
      `UPDATE documents SET status = 'issued', code_number = ?, code_notation = ?, issued_date = ?, register_id = ?, year = ?, registered_at = ?, registered_by = ?,
           arrival_at = ?, updated_at = ? WHERE id = ?`,
    ).run(codeNumber, codeNotation, issuedDate, reg.id, year, t, userId, t, t, d.id);
    prep('UPDATE outgoing_documents SET register_id = ?, issue_number = ?, issued_at = ?, issued_by = ? WHERE document_id = ?').run(reg.id, n, t, userId, d.id);
    applyPaperRules(d.id);
    // Internal units among the recipients have it at once (để biết); the others wait for sending (by hand or sync).
    const units = prep("SELECT id, unit_id AS unitId FROM outgoing_recipients WHERE document_id = ? AND kind = 'unit'").all(d.id) as Array<{ id: number; unitId: number }>;
    // (A unit closed or a signer locked since the draft was written does not stop the issuing: they are left out.)
    const openUnits = units.filter((u) => prep('SELECT 1 FROM units WHERE id = ? AND active = 1').get(u.unitId)).map((u) => u.unitId);
    if (openUnits.length) access.grant(d.id, 'info', { userIds: [], unitIds: openUnits }, userId, t);
    if (units.length) prep("UPDATE outgoing_recipients SET delivery = 'arrived', delivery_at = ? WHERE document_id = ? AND kind = 'unit'").run(t, d.id);
    if (d.signerUserId != null && user(d.signerUserId).status === 'active') access.grant(d.id, 'info', { userIds: [d.signerUserId], unitIds: [] }, userId, t);
    documents.index(d.id);
    const mine = prep("SELECT id FROM tasks WHERE document_id = ? AND kind = 'issue' AND user_id = ? AND open_flag = 1").pluck().all(d.id, userId) as number[];
    for (const id of mine) log.closeTask(id, 'done', userId, null);
    log.closeOpen(d.id, ['issue'], 'cancelled', userId);
    const number = formatCode(codeNumber, codeNotation);
    log.event({ documentId: d.id, kind: 'issued', actorId: userId, text: number, data: { number, registerId: reg.id, issueNumber: n, issuedDate, signed: false } });
    const notify = [d.drafterId, ...(d.signerUserId != null ? [d.signerUserId] : [])].filter((u) => u !== userId);
    const notes = log.notify(notify, { kind: 'issue', text: `Văn bản đã ban hành, số ${number}: ${d.restricted ? '(Văn bản hạn chế)' : d.subject}`, documentId: d.id });
    return { notes, number };
  }

  /**
   * A bản sao điện tử (sao y, sao lục, trích sao) of a document: a new outgoing document of the copy type, linked
   * to its source, numbered at once in the copies register of the year (one sequence for all three forms,
   * `03/SY-UBND`; standards §3.2) — created when the year has none. Version 1 holds the source's PDF; the
   * organisation-signed copy becomes version 2 (signing/handlers.ts, after the token work). The source's history
   * says a copy was made.
   */
  function createCopy(
    v: { sourceId: number; form: 'SY' | 'SL' | 'TrS'; note: string | null; file: { hash: string; fileName: string } },
    userId: number,
    today: string,
  ): { id: number; number: string; notes: Notes } {
    const src = prep('SELECT id, direction, status, subject, restricted, code_number AS codeNumber, code_notation AS codeNotation FROM documents WHERE id = ?').get(v.sourceId) as
      { id: number; direction: 'in' | 'out'; status: string; subject: string; restricted: number; codeNumber: string | null; codeNotation: string | null } | undefined;
    if (!src) throw new AppError('not_found', 'Không tìm thấy văn bản.');
    const copyable = src.direction === 'in' ? src.status === 'registered' : src.status === 'issued';
    if (!copyable) throw new AppError('invalid_state', 'Chỉ sao văn bản đến đã vào sổ hoặc văn bản đi đã ban hành.');
    const type = prep('SELECT id, name, abbr FROM doc_types WHERE upper(abbr) = ? AND active = 1 ORDER BY builtin DESC, id LIMIT 1').get(v.form.toUpperCase()) as
      { id: number; name: string; abbr: string } | undefined;
    if (!type) throw new AppError('invalid_state', `Chưa có loại văn bản bản sao "${v.form}" đang dùng: quản trị cần khai báo trong danh mục loại văn bản.`);
    const year = yearOf(today);
    registers.ensureYear('out', year);
    const fits = outRegisters(year).some((r) => r.active && (r.docTypeIds.includes(type.id) || (r.kind === 'copy' && r.docTypeIds.length === 0)));
    if (!fits) {
      // Copies never share the administrative sequence: the year's copies register is made when first needed.
      const existing = prep("SELECT id FROM registers WHERE direction = 'out' AND year = ? AND series_key = 'ban-sao'").pluck().get(year) as number | undefined;
      const regId =
        existing ?? registers.create({ direction: 'out', year, seriesKey: 'ban-sao', name: 'Sổ bản sao', description: 'Bản sao y, sao lục, trích sao', isDefault: false });
      prep("UPDATE registers SET kind = 'copy', doc_type_ids = '[]', active = 1, updated_at = ? WHERE id = ?").run(now(), regId);
    }
    const o = org();
    const t = now();
    const label = COPY_LABELS[v.form];
    const srcCode = formatCode(src.codeNumber, src.codeNotation);
    const subject = `${label} ${srcCode ? `văn bản số ${srcCode}` : 'văn bản'}: ${src.subject}`.slice(0, 1000);
    const id = Number(
      prep(
        `INSERT INTO documents (direction, status, source, year, received_at, arrival_at, registration_due_at, late, received_via, issuer_code, issuer_name, issuer_search,
             doc_type_id, type_name, subject, urgency, notes, restricted, handling_status, created_by, created_at, updated_at)
           VALUES ('out', 'approved', 'manual', @year, @t, @t, @t, 0, 'hand', @issuerCode, @issuerName, @issuerSearch,
             @docTypeId, @typeName, @subject, 0, @notes, @restricted, 'new', @userId, @t, @t)`,
      ).run({
        year,
        t,
        issuerCode: o.code,
        issuerName: o.name,
        issuerSearch: fold(o.name),
        docTypeId: type.id,
        typeName: type.name,
        subject,
        notes: v.note,
        restricted: src.restricted,
        userId,
      }).lastInsertRowid,
    );
    prep('INSERT INTO outgoing_documents (document_id, drafter_id, no_paper, copy_of_id, current_version) VALUES (?, ?, 1, ?, 1)').run(id, userId, src.id);
    writeVersion(id, 1, [{ hash: v.file.hash, fileName: v.file.fileName, role: 'main', draftRole: 'main' }], `${label} từ văn bản gốc`, userId);
    const r = issue({ id, version: 1, issuedDate: today }, userId, today);
    log.event({ documentId: src.id, kind: 'copy_made', actorId: userId, text: r.number, data: { copyId: id, number: r.number, form: v.form } });
    return { id, number: r.number, notes: r.notes };
  }

  function recall(v: { id: number; reason: string }, userId: number): Notes {
    const d = doc(v.id);
    if (d.status !== 'issued') throw new AppError('invalid_state', 'Chỉ thu hồi được văn bản đã ban hành.');
    const t = now();
    setStatus(d.id, 'recalled');
    prep('UPDATE outgoing_documents SET recall_reason = ?, recalled_at = ?, recalled_by = ? WHERE document_id = ?').run(v.reason, t, userId, d.id);
    log.closeOpen(d.id, ['presented', 'lead', 'cooperate', 'info', 'review', 'issue'], 'cancelled', userId);
    log.event({ documentId: d.id, kind: 'recalled', actorId: userId, text: v.reason, data: { number: formatCode(d.codeNumber, d.codeNotation) } });
    const notify = [d.drafterId, ...(d.signerUserId != null ? [d.signerUserId] : [])].filter((u) => u !== userId);
    return log.notify(notify, { kind: 'recalled', text: `Văn bản ${formatCode(d.codeNumber, d.codeNotation)} đã bị thu hồi: ${v.reason}`, documentId: d.id });
  }

  function setDelivery(v: { id: number; recipientId: number; status: DeliveryStatus }): void {
    const d = doc(v.id);
    if (d.status !== 'issued') throw new AppError('invalid_state', 'Chỉ ghi tình trạng gửi của văn bản đã ban hành.');
    const r = prep('UPDATE outgoing_recipients SET delivery = ?, delivery_at = ? WHERE id = ? AND document_id = ?').run(v.status, now(), v.recipientId, v.id);
    if (!r.changes) throw new AppError('not_found', 'Không tìm thấy nơi nhận này của văn bản.');
  }

  /**
   * An incoming document answers an outgoing one that asked for a reply: the recipient it came from (given, or the
   * one whose directory body issued it, or else the first still unanswered) is marked answered. For the workflow
   * side (linking a registered incoming document as the reply); returns the recipient marked, or null.
   */
  function linkReplyReceived(outgoingId: number, incomingId: number, recipientId?: number): number | null {
    const d = doc(outgoingId);
    const inc = prep('SELECT direction, issuer_agency_id AS agencyId FROM documents WHERE id = ?').get(incomingId) as { direction: string; agencyId: number | null } | undefined;
    if (!inc || inc.direction !== 'in') throw new AppError('invalid_input', 'Văn bản trả lời phải là văn bản đến.');
    const pick =
      recipientId ??
      ((inc.agencyId != null
        ? prep('SELECT id FROM outgoing_recipients WHERE document_id = ? AND agency_id = ? AND reply_document_id IS NULL ORDER BY position').pluck().get(d.id, inc.agencyId)
        : undefined) as number | undefined) ??
      (prep('SELECT id FROM outgoing_recipients WHERE document_id = ? AND reply_document_id IS NULL ORDER BY position').pluck().get(d.id) as number | undefined);
    if (pick == null) return null;
    const r = prep('UPDATE outgoing_recipients SET reply_document_id = ? WHERE id = ? AND document_id = ?').run(incomingId, pick, d.id);
    if (!r.changes) throw new AppError('not_found', 'Không tìm thấy nơi nhận này của văn bản.');
    log.event({ documentId: d.id, kind: 'reply_linked', actorId: null, data: { incomingId, recipientId: pick } });
    return pick;
  }

  /** The outgoing documents answering an incoming one (for its workflow view). */
  function repliesTo(incomingId: number): Array<{ id: number; code: string | null; subject: string; status: string }> {
    return (
      prep(
        `SELECT d.id, d.code_number AS codeNumber, d.code_notation AS codeNotation, d.subject, d.status FROM outgoing_documents o JOIN documents d ON d.id = o.document_id
            WHERE o.reply_to_id = ? ORDER BY d.id`,
      ).all(incomingId) as Array<{ id: number; codeNumber: string | null; codeNotation: string | null; subject: string; status: string }>
    ).map((r) => ({ id: r.id, code: formatCode(r.codeNumber, r.codeNotation) || null, subject: r.subject, status: r.status }));
  }

  // ---- reading -------------------------------------------------------------------------------------------------------

  const replyOverdueOf = (d: { status: string; replyRequested: number; replyDueDate: string | null }, unanswered: boolean, today: string) =>
    d.status === 'issued' && !!d.replyRequested && !!d.replyDueDate && d.replyDueDate < today && unanswered;

  function holderOf(d: DocRow, reviewerName: string | null, drafterName: string | null): string | null {
    if (d.status === 'review') return reviewerName;
    if (d.status === 'approved') return 'Văn thư (chờ ban hành)';
    if (d.status === 'draft') return drafterName;
    return null;
  }

  function detail(id: number, today: string): OutgoingDetail {
    const d = doc(id, false);
    const name = (uid: number | null) => (uid == null ? null : ((userStmt.get(uid) as UserRow | undefined)?.fullName ?? null));
    const versions = prep(
      'SELECT v.version, v.at, u.full_name AS byName, v.note FROM outgoing_versions v LEFT JOIN users u ON u.id = v.by_id WHERE v.document_id = ? ORDER BY v.version',
    ).all(id) as Array<Omit<DraftVersionDto, 'files'>>;
    const files = prep(
      `SELECT f.id, f.version, f.blob_hash AS hash, f.file_name AS fileName, f.draft_role AS draftRole, b.kind, b.mime, b.size, b.macro, b.text_status AS textStatus, v.at AS addedAt
           FROM outgoing_version_files f JOIN blobs b ON b.hash = f.blob_hash JOIN outgoing_versions v ON v.document_id = f.document_id AND v.version = f.version
          WHERE f.document_id = ? ORDER BY f.version, f.position`,
    ).all(id) as Array<Omit<FileRefDto, 'role' | 'macro'> & { version: number; draftRole: DraftFileRole; macro: number }>;
    const review = prep(
      `SELECT s.id, s.step, s.reviewer_id AS reviewerId, u.full_name AS reviewerName, s.version, s.decision, s.note, s.at
           FROM outgoing_review_steps s JOIN users u ON u.id = s.reviewer_id WHERE s.document_id = ? ORDER BY s.step`,
    ).all(id) as ReviewStepDto[];
    const recipientRows = prep(
      `SELECT r.id, r.kind, r.unit_id AS unitId, r.agency_id AS agencyId, a.code AS agencyCode, r.name, r.paper, r.delivery, r.delivery_at AS deliveryAt, r.reply_document_id AS replyDocumentId
           FROM outgoing_recipients r LEFT JOIN agencies a ON a.id = r.agency_id WHERE r.document_id = ? ORDER BY r.position`,
    ).all(id) as Array<Omit<RecipientDto, 'paper' | 'replyOverdue'> & { paper: number }>;
    const recipients: RecipientDto[] = recipientRows.map((r) => ({ ...r, paper: !!r.paper, replyOverdue: replyOverdueOf(d, r.replyDocumentId == null, today) }));
    const linked = (linkId: number | null) =>
      linkId != null
        ? (prep('SELECT id, direction, code_number AS codeNumber, code_notation AS codeNotation, subject FROM documents WHERE id = ?').get(linkId) as {
            id: number;
            direction: 'in' | 'out';
            codeNumber: string | null;
            codeNotation: string | null;
            subject: string;
          })
        : null;
    const replyTo = linked(d.replyToId);
    const copyOf = linked(d.copyOfId);
    const unit = d.draftingUnitId != null ? (prep('SELECT name FROM units WHERE id = ?').get(d.draftingUnitId) as { name: string } | undefined) : undefined;
    const reg = d.registerId != null ? registers.row(d.registerId) : null;
    const pending = review.find((s) => s.decision === 'pending');
    const drafterName = name(d.drafterId);
    return {
      id: d.id,
      status: d.status,
      year: d.year,
      docTypeId: d.docTypeId,
      typeName: d.typeName,
      subject: d.subject,
      urgency: d.urgency as Urgency,
      restricted: !!d.restricted,
      draftingUnitId: d.draftingUnitId,
      draftingUnitName: unit?.name ?? null,
      drafterId: d.drafterId,
      drafterName,
      signerUserId: d.signerUserId,
      signerName: d.signerName,
      signerPosition: d.signerPosition,
      authority: d.authority,
      recipients,
      keepLine: d.keepLine,
      replyRequested: !!d.replyRequested,
      replyDueDate: d.replyDueDate,
      noPaper: !!d.noPaper,
      paperRequired: !!d.paperRequired,
      pageCount: d.pageCount,
      copies: d.copies,
      notes: d.notes,
      replyTo: replyTo ? { id: replyTo.id, code: formatCode(replyTo.codeNumber, replyTo.codeNotation) || null, subject: replyTo.subject } : null,
      copyOf: copyOf ? { id: copyOf.id, direction: copyOf.direction, code: formatCode(copyOf.codeNumber, copyOf.codeNotation) || null, subject: copyOf.subject } : null,
      currentVersion: d.currentVersion,
      versions: versions.map((v) => ({
        ...v,
        files: files
          .filter((f) => f.version === v.version)
          .map(({ version: _v, macro, ...f }) => ({ ...f, role: FILE_ROLE[f.draftRole], macro: !!macro }) as FileRefDto & { draftRole: DraftFileRole }),
      })),
      review,
      holder: holderOf(d, pending?.reviewerName ?? null, drafterName),
      registerId: d.registerId,
      registerName: reg?.name ?? null,
      issueNumber: d.issueNumber,
      code: d.codeNumber ? formatCode(d.codeNumber, d.codeNotation) : null,
      codeNumber: d.codeNumber,
      codeNotation: d.codeNotation,
      issuedDate: d.issuedDate,
      issuedAt: d.issuedAt,
      issuedByName: name(d.issuedBy),
      signed: !!d.signed,
      recallReason: d.recallReason,
      recalledAt: d.recalledAt,
      recalledByName: name(d.recalledBy),
      createdAt: d.createdAt,
      updatedAt: d.updatedAt,
    };
  }

  /** Outgoing documents the viewer may see, newest first (created, or issued once issued), keyset-paged. */
  function list(input: ListInput, viewer: Viewer, today: string): { items: OutgoingListItem[]; nextCursor: string | null; total: number | null } {
    const a = accessSql(viewer);
    const clauses = ["d.direction = 'out'", a.clause];
    const params: Record<string, unknown> = { ...a.params, me: viewer.userId, today };
    if (input.status) {
      clauses.push('d.status = @status');
      params.status = input.status;
    }
    if (input.year) {
      clauses.push('d.year = @year');
      params.year = input.year;
    }
    if (input.mine) {
      clauses.push("(o.drafter_id = @me OR d.id IN (SELECT document_id FROM tasks WHERE user_id = @me AND open_flag = 1 AND kind IN ('review', 'issue')))");
    }
    const unanswered = 'EXISTS (SELECT 1 FROM outgoing_recipients r WHERE r.document_id = d.id AND r.reply_document_id IS NULL)';
    if (input.replyOverdue) {
      clauses.push(`d.status = 'issued' AND o.reply_requested = 1 AND o.reply_due_date < @today AND ${unanswered}`);
    }
    const where = clauses.join(' AND ');
    const cursor = input.cursor ? decodeCursor(input.cursor) : null;
    if (input.cursor && !cursor) throw new AppError('invalid_input', 'Vị trí trang không hợp lệ.', { fields: [{ path: 'cursor', message: 'Vị trí trang không hợp lệ.' }] });
    const page = cursor ? `${where} AND (d.arrival_at, d.id) < (@cAt, @cId)` : where;
    const rows = prep(
      `SELECT ${DOC_COLUMNS}, d.arrival_at AS arrivalAt, ud.full_name AS drafterName,
                (SELECT group_concat(name, '; ') FROM (SELECT name FROM outgoing_recipients WHERE document_id = d.id ORDER BY position)) AS recipientsText,
                (SELECT u.full_name FROM outgoing_review_steps s JOIN users u ON u.id = s.reviewer_id WHERE s.document_id = d.id AND s.decision = 'pending') AS reviewerName,
                ${unanswered} AS unanswered
           FROM documents d JOIN outgoing_documents o ON o.document_id = d.id LEFT JOIN users ud ON ud.id = o.drafter_id
          WHERE ${page} ORDER BY d.arrival_at DESC, d.id DESC LIMIT @limit`,
    ).all({ ...params, ...(cursor ? { cAt: cursor.at, cId: cursor.id } : {}), limit: input.limit + 1 }) as Array<
      DocRow & { arrivalAt: number; drafterName: string | null; recipientsText: string | null; reviewerName: string | null; unanswered: number }
    >;
    const more = rows.length > input.limit;
    const shown = rows.slice(0, input.limit);
    const last = shown[shown.length - 1];
    const total = cursor ? null : (prep(`SELECT count(*) AS n FROM documents d JOIN outgoing_documents o ON o.document_id = d.id WHERE ${where}`).get(params) as { n: number }).n;
    return {
      items: shown.map((r) => ({
        id: r.id,
        status: r.status,
        code: r.codeNumber ? formatCode(r.codeNumber, r.codeNotation) : null,
        issuedDate: r.issuedDate,
        typeName: r.typeName,
        subject: r.subject,
        urgency: r.urgency as Urgency,
        restricted: !!r.restricted,
        drafterName: r.drafterName,
        signerName: r.signerName,
        recipientsText: r.recipientsText ?? '',
        holder: holderOf(r, r.reviewerName, r.drafterName),
        currentVersion: r.currentVersion,
        updatedAt: r.updatedAt,
        replyRequested: !!r.replyRequested,
        replyDueDate: r.replyDueDate,
        replyOverdue: replyOverdueOf(r, !!r.unanswered, today),
      })),
      nextCursor: more && last ? encodeCursor({ at: last.arrivalAt, id: last.id, dir: 'after' }) : null,
      total,
    };
  }

  /**
   * The rows of the printed Sổ đăng ký văn bản đi (Phụ lục IV, ten columns) of a register between two dates, by
   * number. Every number is printed so none looks skipped; of a document the reader may not see, only its number
   * and date.
   */
  function bookRows(registerId: number, from: string, to: string, viewer: Viewer): OutgoingBookRow[] {
    const a = accessSql(viewer);
    const rows = prep(
      `SELECT d.code_number AS codeNumber, d.code_notation AS codeNotation, d.issued_date AS issuedDate, d.type_name AS typeName, d.subject, d.signer_name AS signerName,
                d.copies, d.notes, d.status, o.keep_line AS keepLine, o.recall_reason AS recallReason, o.paper_required AS paperRequired, o.signed,
                (SELECT group_concat(name, '; ') FROM (SELECT name FROM outgoing_recipients WHERE document_id = d.id ORDER BY position)) AS recipients,
                (SELECT min(delivery_at) FROM outgoing_recipients WHERE document_id = d.id AND delivery != 'pending') AS firstDelivery,
                CASE WHEN ${a.clause} THEN 1 ELSE 0 END AS visible
           FROM outgoing_documents o JOIN documents d ON d.id = o.document_id
          WHERE o.register_id = @registerId AND o.issue_number IS NOT NULL AND d.issued_date >= @from AND d.issued_date <= @to
          ORDER BY o.issue_number`,
    ).all({ ...a.params, registerId, from, to }) as Array<{
      codeNumber: string;
      codeNotation: string | null;
      issuedDate: string;
      typeName: string | null;
      subject: string;
      signerName: string | null;
      copies: number | null;
      notes: string | null;
      status: OutStatus;
      keepLine: string | null;
      recallReason: string | null;
      paperRequired: number;
      signed: number;
      recipients: string | null;
      firstDelivery: number | null;
      visible: number;
    }>;
    return rows.map((r) => {
      const code = formatCode(r.codeNumber, r.codeNotation);
      if (!r.visible) {
        return {
          code,
          issuedDate: r.issuedDate,
          typeAndSubject: RESTRICTED_SUBJECT,
          signerName: null,
          recipients: '',
          keepers: null,
          copies: null,
          transferDate: null,
          notes: null,
        };
      }
      const notes = [r.status === 'recalled' ? `Đã thu hồi: ${r.recallReason ?? ''}` : null, r.paperRequired ? 'Gửi kèm bản giấy' : null, r.notes].filter(Boolean).join('. ');
      return {
        code,
        issuedDate: r.issuedDate,
        typeAndSubject: typeAndSubject(r.typeName, r.subject),
        signerName: r.signerName,
        recipients: r.recipients ?? '',
        // Column (6): "Lưu: VT, VP." is written in the book as "VT, VP."
        keepers: r.keepLine ? r.keepLine.replace(/^\s*lưu\s*:?\s*/iu, '').replace(/\.\s*$/, '') || null : null,
        copies: r.copies,
        transferDate: r.firstDelivery != null ? vnParts(r.firstDelivery).date : null,
        notes: notes || null,
      };
    });
  }

  return {
    bookRows,
    createDraft,
    updateDraft,
    submit,
    approve,
    returnDraft,
    issue,
    createCopy,
    addSignedVersion,
    recall,
    setDelivery,
    linkReplyReceived,
    repliesTo,
    detail,
    list,
    reviewChain,
    saveReviewChain,
    paperRules,
    registerConfigs,
    configureRegister,

    savePaperRule(v: { id?: number; docTypeId: number | null; recipientAgencyId: number | null; recipientText: string | null; reason: string; remove: boolean }): PaperRule[] {
      if (v.remove) {
        if (v.id == null) throw new AppError('invalid_input', undefined, { fields: [{ path: 'id', message: 'Chọn quy tắc cần xóa.' }] });
        if (!prep('DELETE FROM outgoing_paper_rules WHERE id = ?').run(v.id).changes) throw new AppError('not_found', 'Không tìm thấy quy tắc.');
        return paperRules();
      }
      if (v.docTypeId == null && v.recipientAgencyId == null && v.recipientText == null) {
        throw new AppError('invalid_input', 'Quy tắc cần ít nhất một điều kiện: loại văn bản, cơ quan nhận hoặc tên nơi nhận.', {
          fields: [{ path: 'docTypeId', message: 'Chọn loại văn bản, cơ quan nhận hoặc nhập tên nơi nhận.' }],
        });
      }
      if (v.docTypeId != null) resolveType(v.docTypeId);
      if (v.recipientAgencyId != null && !prep('SELECT 1 FROM agencies WHERE id = ?').get(v.recipientAgencyId)) {
        throw new AppError('invalid_input', undefined, { fields: [{ path: 'recipientAgencyId', message: 'Không có cơ quan này trong danh mục.' }] });
      }
      if (v.id != null) {
        const r = prep('UPDATE outgoing_paper_rules SET doc_type_id = ?, recipient_agency_id = ?, recipient_text = ?, reason = ? WHERE id = ?').run(
          v.docTypeId,
          v.recipientAgencyId,
          v.recipientText,
          v.reason,
          v.id,
        );
        if (!r.changes) throw new AppError('not_found', 'Không tìm thấy quy tắc.');
      } else {
        prep('INSERT INTO outgoing_paper_rules (doc_type_id, recipient_agency_id, recipient_text, reason, created_at) VALUES (?, ?, ?, ?, ?)').run(
          v.docTypeId,
          v.recipientAgencyId,
          v.recipientText,
          v.reason,
          now(),
        );
      }
      return paperRules();
    },
  };
}

export type OutgoingService = ReturnType<typeof createOutgoing>;
