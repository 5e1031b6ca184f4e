// Outgoing-only tables (văn bản đi): the side row of each outgoing document (its drafting, review, issuing and
// recall fields), its recipients (nơi nhận) with delivery and reply tracking, the kept draft versions and their
// files, the review steps, the office's review chain and the paper rules. The document itself is a `documents` row
// with direction 'out' (one access rule, one search index, one list); nothing here duplicates its metadata.

import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { units, users } from '../accounts/schema';
import { agencies } from '../agencies/schema';
import { blobs } from '../blobs/schema';
import { boolCol, instantCol } from '../db/columns';
import { docTypes, documents } from '../documents/schema';
import { registers } from '../registers/schema';
import { tasks } from '../workflow/schema';

/** One per outgoing document, created with the draft (version 1). */
export const outgoingDocuments = sqliteTable(
  'outgoing_documents',
  {
    documentId: integer('document_id')
      .primaryKey()
      .references(() => documents.id),
    /** Đơn vị soạn thảo: its code is the second group of a công văn's ký hiệu (12/UBND-VP). */
    draftingUnitId: integer('drafting_unit_id').references(() => units.id),
    drafterId: integer('drafter_id')
      .notNull()
      .references(() => users.id),
    signerUserId: integer('signer_user_id').references(() => users.id),
    /** Quyền hạn ký: '', TM., KT., TL., TUQ., Q. */
    authority: text('authority').notNull().default(''),
    /** "Lưu: VT, …" */
    keepLine: text('keep_line'),
    replyRequested: boolCol('reply_requested').notNull().default(false),
    replyDueDate: text('reply_due_date'),
    noPaper: boolCol('no_paper').notNull().default(false),
    paperRequired: boolCol('paper_required').notNull().default(false),
    /** The incoming document this one answers (read both ways: its workflow view lists its replies from here). */
    replyToId: integer('reply_to_id').references(() => documents.id),
    /** Bản sao điện tử: the document this one copies (sao y, sao lục, trích sao; its type says which). */
    copyOfId: integer('copy_of_id').references(() => documents.id),
    currentVersion: integer('current_version').notNull().default(1),
    /** Số đi: from registers.last_number in the issuing transaction; unique per register (a register is one year). */
    registerId: integer('register_id').references(() => registers.id),
    issueNumber: integer('issue_number'),
    issuedAt: instantCol('issued_at'),
    issuedBy: integer('issued_by').references(() => users.id),
    /** Until signing (issue 10) stamps and signs at issue, every issued document is unsigned and shown so. */
    signed: boolCol('signed').notNull().default(false),
    recallReason: text('recall_reason'),
    recalledAt: instantCol('recalled_at'),
    recalledBy: integer('recalled_by').references(() => users.id),
  },
  (t) => [
    uniqueIndex('outgoing_register_number_uq').on(t.registerId, t.issueNumber),
    index('outgoing_reply_to_idx').on(t.replyToId),
    index('outgoing_copy_of_idx').on(t.copyOfId),
    index('outgoing_drafter_idx').on(t.drafterId),
    // "Chờ trả lời, quá hạn": only documents asking for a reply are in it.
    index('outgoing_reply_due_idx')
      .on(t.replyDueDate)
      .where(sql`${t.replyRequested} = 1`),
  ],
);

/** Nơi nhận: an internal unit, a body of the agency directory, or a free-text line. */
export const outgoingRecipients = sqliteTable(
  'outgoing_recipients',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id),
    position: integer('position').notNull(),
    kind: text('kind', { enum: ['unit', 'agency', 'text'] }).notNull(),
    unitId: integer('unit_id').references(() => units.id),
    agencyId: integer('agency_id').references(() => agencies.id),
    name: text('name').notNull(),
    /** Paper asked for by hand in the draft; `paper` adds the paper rules (and is cleared by "không văn bản giấy"). */
    paperManual: boolCol('paper_manual').notNull().default(false),
    paper: boolCol('paper').notNull().default(false),
    delivery: text('delivery', { enum: ['pending', 'sent', 'arrived', 'accepted', 'refused', 'processing', 'done', 'recalled', 'recall_refused'] })
      .notNull()
      .default('pending'),
    deliveryAt: instantCol('delivery_at'),
    /** The incoming document by which this recipient answered (reply tracking). */
    replyDocumentId: integer('reply_document_id').references(() => documents.id),
  },
  (t) => [index('outgoing_recipients_doc_idx').on(t.documentId, t.position), index('outgoing_recipients_reply_idx').on(t.replyDocumentId)],
);

/** Each saved state of a draft: version 1 at creation, one more per edit. */
export const outgoingVersions = sqliteTable(
  'outgoing_versions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id),
    version: integer('version').notNull(),
    note: text('note'),
    byId: integer('by_id').references(() => users.id),
    at: instantCol('at').notNull(),
  },
  (t) => [uniqueIndex('outgoing_versions_uq').on(t.documentId, t.version)],
);

/** The files of a version: the PDF, the editable original (docx/xlsx) beside it, attachments. */
export const outgoingVersionFiles = sqliteTable(
  'outgoing_version_files',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id),
    version: integer('version').notNull(),
    blobHash: text('blob_hash')
      .notNull()
      .references(() => blobs.hash),
    fileName: text('file_name').notNull(),
    draftRole: text('draft_role', { enum: ['main', 'original', 'attachment'] }).notNull(),
    position: integer('position').notNull(),
  },
  (t) => [index('outgoing_version_files_doc_idx').on(t.documentId, t.version, t.position), index('outgoing_version_files_blob_idx').on(t.blobHash)],
);

/** One reviewer's turn on a draft: pending until they approve, forward or return it. */
export const outgoingReviewSteps = sqliteTable(
  'outgoing_review_steps',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id),
    step: integer('step').notNull(),
    /** Position in the office's review chain this step stands for (0-based), to know what comes next. */
    chainPos: integer('chain_pos').notNull(),
    reviewerId: integer('reviewer_id')
      .notNull()
      .references(() => users.id),
    version: integer('version').notNull(),
    decision: text('decision', { enum: ['pending', 'approved', 'returned', 'forwarded'] }).notNull(),
    note: text('note'),
    taskId: integer('task_id').references(() => tasks.id),
    createdAt: instantCol('created_at').notNull(),
    at: instantCol('at'),
  },
  (t) => [index('outgoing_review_steps_doc_idx').on(t.documentId, t.step)],
);

/** The office's review chain (quy trình duyệt), in order; empty = the default (lãnh đạo phòng, lãnh đạo cơ quan). */
export const outgoingReviewChain = sqliteTable('outgoing_review_chain', {
  position: integer('position').primaryKey(),
  who: text('who', { enum: ['unit_head', 'leader'] }).notNull(),
  label: text('label').notNull(),
});

/** When a document must also go on paper: by type, by a directory body, or by words in the recipient's name. */
export const outgoingPaperRules = sqliteTable('outgoing_paper_rules', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  docTypeId: integer('doc_type_id').references(() => docTypes.id),
  recipientAgencyId: integer('recipient_agency_id').references(() => agencies.id),
  recipientText: text('recipient_text'),
  reason: text('reason').notNull(),
  createdAt: instantCol('created_at').notNull(),
});
