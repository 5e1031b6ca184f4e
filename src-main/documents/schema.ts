// Official documents of both directions (incoming now, outgoing next: one table, one search index, one list, one
// blob link), their files, document types, saved searches. A registered document keeps its number forever.
//
// Direction-specific columns stay on the shared table, grouped and named for their direction: the incoming-only ones
// are in `incomingOnly` below and named for the arrival (arrival_*, received_*, registration_due_at, late,
// old_arrival_number); outgoing-only ones will be named for the issuing (issue_number = số đi, its own unique index
// per register). Why not an `incoming_details` table: arrival_at and arrival_number are the keys of the list index
// and the per-register unique number, so a side table would put a join (or a duplicated column) in every list page
// and register allocation at 1M rows (list p95 ≤ 2 ms), and it would cost a migration copying every row for no
// query that gets faster; unused columns of the other direction cost SQLite nothing. received_at, arrival_at and
// registration_due_at are NOT NULL: outgoing fills arrival_at with its issuing instant (one list index for both) or
// relaxes them. Shared as is: issued_date (ngày ban hành), signer_*, register_id, registered_*. Nơi nhận will be
// its own table (many per document).

import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { units, users } from '../accounts/schema';
import { agencies } from '../agencies/schema';
import { blobs } from '../blobs/schema';
import { boolCol, instantCol, timestamps } from '../db/columns';
import { registers } from '../registers/schema';

export const docTypes = sqliteTable(
  'doc_types',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    abbr: text('abbr'),
    sortOrder: integer('sort_order').notNull(),
    active: boolCol('active').notNull().default(true),
    builtin: boolCol('builtin').notNull().default(false),
  },
  (t) => [uniqueIndex('doc_types_name_uq').on(t.name)],
);

/** Văn bản đến only: the arrival, its counting and registration deadline, how it came (HN 10.2, PY 5.2). */
const incomingOnly = {
  /** Số đến: allocated from registers.last_number in the registering transaction. */
  arrivalNumber: integer('arrival_number'),
  /** Số đến cũ: the number in the old book of a document imported with new numbers, as written there. */
  oldArrivalNumber: text('old_arrival_number'),
  receivedAt: instantCol('received_at').notNull(),
  /** Ngày đến as counted: receivedAt moved to the next working period when outside office hours (HN 10.2). */
  arrivalAt: instantCol('arrival_at').notNull(),
  registrationDueAt: instantCol('registration_due_at').notNull(),
  /** Registered after registrationDueAt. */
  late: boolCol('late').notNull().default(false),
  /** Hình thức nhận. */
  receivedVia: text('received_via', { enum: ['paper', 'hand', 'hub', 'email', 'fax'] }).notNull(),
};

export const documents = sqliteTable(
  'documents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    direction: text('direction', { enum: ['in', 'out'] }).notNull(),
    /** Incoming: pending, registered, voided, refused. Outgoing (outgoing/): draft, review, approved, issued, recalled. */
    status: text('status', { enum: ['pending', 'registered', 'voided', 'refused', 'draft', 'review', 'approved', 'issued', 'recalled'] }).notNull(),
    source: text('source', { enum: ['manual', 'import', 'hub'] })
      .notNull()
      .default('manual'),
    registerId: integer('register_id').references(() => registers.id),
    year: integer('year').notNull(),
    registeredAt: instantCol('registered_at'),
    registeredBy: integer('registered_by').references(() => users.id),
    issuerAgencyId: integer('issuer_agency_id').references(() => agencies.id),
    issuerCode: text('issuer_code'),
    issuerName: text('issuer_name').notNull(),
    /** fold(issuerName): filtering by issuer without diacritics. */
    issuerSearch: text('issuer_search').notNull(),
    codeNumber: text('code_number'),
    codeNotation: text('code_notation'),
    issuedDate: text('issued_date'),
    docTypeId: integer('doc_type_id').references(() => docTypes.id),
    typeName: text('type_name'),
    subject: text('subject').notNull(),
    signerPosition: text('signer_position'),
    signerName: text('signer_name'),
    urgency: integer('urgency').notNull().default(0),
    urgentDeadlineAt: instantCol('urgent_deadline_at'),
    pageCount: integer('page_count'),
    copies: integer('copies'),
    handlingStatus: text('handling_status', { enum: ['new', 'in_progress', 'done'] })
      .notNull()
      .default('new'),
    handlingDueDate: text('handling_due_date'),
    notes: text('notes'),
    /** Column (7) "Đơn vị hoặc người nhận" and (8) "Ngày chuyển" of the register; filled by routing. */
    recipient: text('recipient'),
    transferDate: text('transfer_date'),
    /** "Lưu hồ sơ số": the file code once filed. */
    fileCode: text('file_code'),
    edxmlDocumentId: text('edxml_document_id'),
    /** fold(number|notation|issuer|issued date): finds the same document registered twice. */
    dupKey: text('dup_key'),
    voidReason: text('void_reason'),
    voidedAt: instantCol('voided_at'),
    voidedBy: integer('voided_by').references(() => users.id),
    refusalReason: text('refusal_reason', { enum: ['wrong_recipient', 'not_valid', 'other'] }),
    refusalText: text('refusal_text'),
    refusedAt: instantCol('refused_at'),
    refusedBy: integer('refused_by').references(() => users.id),
    createdBy: integer('created_by').references(() => users.id),
    /** Hạn chế: seen only by the people linked to it, never by role alone (documents/access.ts). */
    restricted: boolCol('restricted').notNull().default(false),
    ...timestamps,
    ...incomingOnly,
  },
  (t) => [
    uniqueIndex('documents_register_number_uq').on(t.registerId, t.arrivalNumber),
    index('documents_arrival_idx').on(t.direction, t.arrivalAt, t.id),
    index('documents_status_idx').on(t.direction, t.status, t.arrivalAt),
    index('documents_issuer_idx').on(t.issuerAgencyId, t.arrivalAt),
    index('documents_type_idx').on(t.docTypeId, t.arrivalAt),
    // Urgent documents not yet handled, most urgent first: the pinned list (PY 5.3).
    index('documents_handling_idx').on(t.direction, t.handlingStatus, sql`${t.urgency} DESC`, t.arrivalAt),
    // Only open documents have a running deadline: the overdue filter reads this small index.
    index('documents_open_due_idx')
      .on(t.direction, t.handlingDueDate)
      .where(sql`${t.status} = 'registered' AND ${t.handlingStatus} != 'done'`),
    index('documents_dup_idx').on(t.dupKey),
    index('documents_edxml_idx').on(t.edxmlDocumentId),
    index('documents_created_by_idx').on(t.createdBy),
    // Reports (stats/): a period's incoming documents and their handling state, read from the index alone.
    index('documents_report_in_idx').on(t.direction, t.arrivalAt, t.status, t.handlingStatus, t.handlingDueDate),
    // The few restricted documents: the set a role-wide reader must not see is read from this small index.
    index('documents_restricted_idx')
      .on(t.id)
      .where(sql`${t.restricted} = 1`),
  ],
);

/**
 * Who a document is given to: trình (presented to a leader), chủ trì (leads), phối hợp (cooperates), để biết (for
 * information). A person or a unit, never both. Routing writes these; documents/access.ts reads them.
 */
export const documentAccess = sqliteTable(
  'document_access',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id),
    userId: integer('user_id').references(() => users.id),
    unitId: integer('unit_id').references(() => units.id),
    kind: text('kind', { enum: ['presented', 'lead', 'cooperate', 'info'] }).notNull(),
    grantedAt: instantCol('granted_at').notNull(),
    grantedBy: integer('granted_by').references(() => users.id),
  },
  (t) => [
    uniqueIndex('document_access_user_uq').on(t.userId, t.documentId, t.kind),
    uniqueIndex('document_access_unit_uq').on(t.unitId, t.documentId, t.kind),
    index('document_access_doc_idx').on(t.documentId),
    check('document_access_one_target', sql`(${t.userId} IS NULL) <> (${t.unitId} IS NULL)`),
  ],
);

export const documentFiles = sqliteTable(
  'document_files',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id),
    blobHash: text('blob_hash')
      .notNull()
      .references(() => blobs.hash),
    fileName: text('file_name').notNull(),
    role: text('role', { enum: ['main', 'attachment', 'paper_copy'] }).notNull(),
    position: integer('position').notNull(),
    addedAt: instantCol('added_at').notNull(),
    addedBy: integer('added_by').references(() => users.id),
  },
  (t) => [index('document_files_doc_idx').on(t.documentId, t.position), index('document_files_blob_idx').on(t.blobHash)],
);

export const savedSearches = sqliteTable(
  'saved_searches',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    query: text('query').notNull(),
    filters: text('filters').notNull(),
    createdAt: instantCol('created_at').notNull(),
  },
  (t) => [index('saved_searches_user_idx').on(t.userId)],
);
