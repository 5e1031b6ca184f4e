// Tables of digital signing: trusted roots, cached revocation lists, stored verification reports (evidence kept
// with the document), signature/seal images, the organisation token's custody log, and the record of every
// signature this office made. Keys and PINs are never stored anywhere.

import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { instantCol } from '../db/columns';
import { users } from '../accounts/schema';
import { documents } from '../documents/schema';

/** Trust anchors (chứng thư gốc tin cậy) managed by the admin. */
export const trustAnchors = sqliteTable(
  'trust_anchors',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    fingerprint: text('fingerprint').notNull(),
    der: text('der').notNull(), // base64
    subject: text('subject').notNull(),
    notAfter: instantCol('not_after').notNull(),
    enabled: integer('enabled').notNull().default(1),
    addedBy: integer('added_by').references(() => users.id),
    addedAt: instantCol('added_at').notNull(),
  },
  (t) => [uniqueIndex('trust_anchors_fp_idx').on(t.fingerprint)],
);

/** CRLs fetched when online, reused offline until their nextUpdate (and shown as stale after). */
export const revocationCache = sqliteTable('revocation_cache', {
  url: text('url').primaryKey(),
  der: text('der').notNull(), // base64
  fetchedAt: instantCol('fetched_at').notNull(),
});

/** Each verification of a file (by content hash): the JSON report is the evidence; the newest one is shown. */
export const verificationReports = sqliteTable(
  'verification_reports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    blobHash: text('blob_hash').notNull(),
    checkedAt: instantCol('checked_at').notNull(),
    overall: text('overall').notNull(),
    /** 1 when some signature was INDETERMINATE/TRY_LATER: re-checked when the network is back. */
    retry: integer('retry').notNull().default(0),
    report: text('report').notNull(),
  },
  (t) => [index('verification_reports_blob_idx').on(t.blobHash, t.checkedAt)],
);

/** The person's own signature image (kind 'signature', user_id set) and the office's seal (kind 'seal', user_id 0). */
export const signingImages = sqliteTable(
  'signing_images',
  {
    kind: text('kind', { enum: ['signature', 'seal'] }).notNull(),
    userId: integer('user_id').notNull(),
    blobHash: text('blob_hash').notNull(),
    updatedAt: instantCol('updated_at').notNull(),
  },
  (t) => [uniqueIndex('signing_images_pk').on(t.kind, t.userId)],
);

/** Biên bản bàn giao token của cơ quan (requirements §4, HT 5.2). Append-only. */
export const tokenCustody = sqliteTable('token_custody', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  fromName: text('from_name').notNull(),
  toName: text('to_name').notNull(),
  date: text('date').notNull(),
  note: text('note'),
  certFingerprint: text('cert_fingerprint'),
  recordedBy: integer('recorded_by').references(() => users.id),
  recordedAt: instantCol('recorded_at').notNull(),
});

/** Every signature or timestamp this office added to a file: input and output blobs, who, with which certificate. */
export const signatures = sqliteTable(
  'signatures',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    documentId: integer('document_id').references(() => documents.id),
    kind: text('kind', { enum: ['personal', 'organisation', 'attachment', 'copy', 'timestamp'] }).notNull(),
    blobIn: text('blob_in').notNull(),
    blobOut: text('blob_out').notNull(),
    fieldName: text('field_name').notNull(),
    certFingerprint: text('cert_fingerprint'),
    signerName: text('signer_name'),
    byId: integer('by_id').references(() => users.id),
    at: instantCol('at').notNull(),
    /** 1 when signed without a timestamp: the timestamp job adds one later (PAdES B-T by a document timestamp). */
    timestampPending: integer('timestamp_pending').notNull().default(0),
  },
  (t) => [index('signatures_document_idx').on(t.documentId), index('signatures_blob_out_idx').on(t.blobOut)],
);
