// Records and archive tables: the retention table, the yearly Danh mục hồ sơ (headings and lines), files (hồ sơ)
// with their items and access grants, transfers to the office archive and disposal decisions. Items point at
// documents (never copies); an "other" item points at an uploaded blob. Metadata rows are never deleted: a disposal
// removes stored bytes only, and its decision stays with the file forever.

import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { units, users } from '../accounts/schema';
import { boolCol, instantCol, timestamps } from '../db/columns';
import { documents } from '../documents/schema';

/** Thời hạn bảo quản, loaded as data (seeded with the common values, edited by the office). */
export const retentionCodes = sqliteTable(
  'retention_codes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    label: text('label').notNull(),
    kind: text('kind', { enum: ['permanent', 'years', 'condition'] }).notNull(),
    years: integer('years'),
    note: text('note'),
    sortOrder: integer('sort_order').notNull(),
    active: boolCol('active').notNull().default(true),
    builtin: boolCol('builtin').notNull().default(false),
  },
  (t) => [uniqueIndex('retention_codes_label_uq').on(t.label)],
);

/** One Danh mục hồ sơ per year. */
export const filePlans = sqliteTable(
  'file_plans',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    year: integer('year').notNull(),
    status: text('status', { enum: ['draft', 'approved', 'issued'] }).notNull(),
    grouping: text('grouping', { enum: ['unit', 'field'] }).notNull(),
    numbering: text('numbering', { enum: ['continuous', 'per_heading'] }).notNull(),
    version: integer('version').notNull().default(1),
    approvedAt: instantCol('approved_at'),
    approvedBy: integer('approved_by').references(() => users.id),
    issuedAt: instantCol('issued_at'),
    issuedBy: integer('issued_by').references(() => users.id),
    ...timestamps,
  },
  (t) => [uniqueIndex('file_plans_year_uq').on(t.year)],
);

/** Đề mục lớn (parent null, Roman numerals, with the abbreviation of the codes) and sub-headings (Arabic). */
export const filePlanHeadings = sqliteTable(
  'file_plan_headings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    planId: integer('plan_id')
      .notNull()
      .references(() => filePlans.id),
    parentId: integer('parent_id'),
    position: integer('position').notNull(),
    abbr: text('abbr'),
    title: text('title').notNull(),
    unitId: integer('unit_id').references(() => units.id),
  },
  (t) => [index('file_plan_headings_plan_idx').on(t.planId, t.position)],
);

/** A line of the Danh mục: one file to be opened in the year. `number` and `code` follow the plan's numbering. */
export const filePlanLines = sqliteTable(
  'file_plan_lines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    planId: integer('plan_id')
      .notNull()
      .references(() => filePlans.id),
    headingId: integer('heading_id')
      .notNull()
      .references(() => filePlanHeadings.id),
    position: integer('position').notNull(),
    number: integer('number').notNull(),
    code: text('code').notNull(),
    title: text('title').notNull(),
    retentionId: integer('retention_id')
      .notNull()
      .references(() => retentionCodes.id),
    keeperUserId: integer('keeper_user_id').references(() => users.id),
    keeper: text('keeper'),
    notes: text('notes'),
  },
  (t) => [index('file_plan_lines_plan_idx').on(t.planId, t.position), uniqueIndex('file_plan_lines_code_uq').on(t.planId, t.code)],
);

/** Lần nộp lưu: files received by the office archive, with the Biên bản giao nhận's number. */
export const archiveTransfers = sqliteTable(
  'archive_transfers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    year: integer('year').notNull(),
    number: integer('number').notNull(),
    at: instantCol('at').notNull(),
    deliveredBy: text('delivered_by').notNull(),
    deliveringUnit: text('delivering_unit'),
    receivedBy: integer('received_by')
      .notNull()
      .references(() => users.id),
    fileCount: integer('file_count').notNull(),
    documentCount: integer('document_count').notNull(),
    notes: text('notes'),
  },
  (t) => [uniqueIndex('archive_transfers_number_uq').on(t.year, t.number)],
);

/** A disposal decision (quyết định tiêu hủy): kept forever with the files it destroyed. */
export const disposals = sqliteTable('disposals', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  decisionNumber: text('decision_number').notNull(),
  decisionDate: text('decision_date').notNull(),
  signerName: text('signer_name').notNull(),
  signerPosition: text('signer_position').notNull(),
  notes: text('notes'),
  at: instantCol('at').notNull(),
  by: integer('by')
    .notNull()
    .references(() => users.id),
  fileCount: integer('file_count').notNull(),
  blobsRemoved: integer('blobs_removed').notNull().default(0),
  blobsKept: integer('blobs_kept').notNull().default(0),
});

/** Hồ sơ. The retention is copied from the code list at opening and at closing (a later edit of the list does not move it). */
export const recordFiles = sqliteTable(
  'record_files',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    year: integer('year').notNull(),
    code: text('code').notNull(),
    title: text('title').notNull(),
    /** fold(code + title): search without diacritics. */
    search: text('search').notNull(),
    retentionId: integer('retention_id')
      .notNull()
      .references(() => retentionCodes.id),
    retentionLabel: text('retention_label').notNull(),
    retentionKind: text('retention_kind', { enum: ['permanent', 'years', 'condition'] }).notNull(),
    retentionYears: integer('retention_years'),
    ownerId: integer('owner_id')
      .notNull()
      .references(() => users.id),
    unitId: integer('unit_id').references(() => units.id),
    planLineId: integer('plan_line_id').references(() => filePlanLines.id),
    startDate: text('start_date').notNull(),
    endDate: text('end_date'),
    language: text('language').notNull().default('Tiếng Việt'),
    description: text('description'),
    rights: text('rights', { enum: ['open', 'restricted'] })
      .notNull()
      .default('open'),
    /** A change of the use mode asked for, effective once a leader approves it. */
    pendingRights: text('pending_rights', { enum: ['open', 'restricted'] }),
    state: text('state', { enum: ['open', 'closed', 'archived', 'disposed'] })
      .notNull()
      .default('open'),
    docTotal: integer('doc_total').notNull().default(0),
    pageTotal: integer('page_total').notNull().default(0),
    closedAt: instantCol('closed_at'),
    closedBy: integer('closed_by').references(() => users.id),
    transferDueDate: text('transfer_due_date'),
    transferAlertedAt: instantCol('transfer_alerted_at'),
    transferId: integer('transfer_id').references(() => archiveTransfers.id),
    transferredAt: instantCol('transferred_at'),
    disposalId: integer('disposal_id').references(() => disposals.id),
    disposedAt: instantCol('disposed_at'),
    createdBy: integer('created_by').references(() => users.id),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('record_files_code_uq').on(t.year, t.code),
    index('record_files_state_idx').on(t.state, t.year),
    index('record_files_owner_idx').on(t.ownerId, t.state),
    index('record_files_line_idx').on(t.planLineId),
    index('record_files_due_idx')
      .on(t.transferDueDate)
      .where(sql`${t.state} = 'closed' AND ${t.transferDueDate} IS NOT NULL`),
  ],
);

/** A document in a file: a registered document by reference, or an uploaded "other" document with typed metadata. */
export const recordFileItems = sqliteTable(
  'record_file_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    fileId: integer('file_id')
      .notNull()
      .references(() => recordFiles.id),
    documentId: integer('document_id').references(() => documents.id),
    /** DocOrdinal: chronological position, renumbered whenever the file's items change while it is open. */
    ordinal: integer('ordinal').notNull(),
    /** The date that orders the file: issued date, else the arrival/registration day. */
    sortDate: text('sort_date').notNull(),
    blobHash: text('blob_hash'),
    fileName: text('file_name'),
    subject: text('subject'),
    codeNumber: text('code_number'),
    codeNotation: text('code_notation'),
    issuedDate: text('issued_date'),
    typeName: text('type_name'),
    issuerName: text('issuer_name'),
    pageCount: integer('page_count'),
    addedBy: integer('added_by').references(() => users.id),
    addedAt: instantCol('added_at').notNull(),
  },
  (t) => [
    uniqueIndex('record_file_items_doc_uq').on(t.fileId, t.documentId),
    index('record_file_items_order_idx').on(t.fileId, t.ordinal),
    index('record_file_items_document_idx').on(t.documentId),
    index('record_file_items_blob_idx').on(t.blobHash),
  ],
);

/** Who may see a file beyond its keeper. On a restricted file a grant is pending until a leader approves it. */
export const recordFileAccess = sqliteTable(
  'record_file_access',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    fileId: integer('file_id')
      .notNull()
      .references(() => recordFiles.id),
    userId: integer('user_id').references(() => users.id),
    unitId: integer('unit_id').references(() => units.id),
    state: text('state', { enum: ['pending', 'active', 'revoked'] }).notNull(),
    requestedBy: integer('requested_by').references(() => users.id),
    requestedAt: instantCol('requested_at').notNull(),
    decidedBy: integer('decided_by').references(() => users.id),
    decidedAt: instantCol('decided_at'),
  },
  (t) => [
    index('record_file_access_file_idx').on(t.fileId),
    index('record_file_access_user_idx').on(t.userId, t.state),
    index('record_file_access_unit_idx').on(t.unitId, t.state),
  ],
);

/** Files a disposal removed from the store: reading one answers content_disposed with the decision. */
export const disposedBlobs = sqliteTable('disposed_blobs', {
  hash: text('hash').primaryKey(),
  disposalId: integer('disposal_id')
    .notNull()
    .references(() => disposals.id),
  /** Set once the bytes are gone from disk (the purge job runs after the decision commits). */
  purgedAt: instantCol('purged_at'),
});
