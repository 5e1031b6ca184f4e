// Tables of interconnection (liên thông): the outbox (written in the changing transaction), the inbox of applied feed
// items (idempotence), the one-row sync state (settings, cursor, directory version, health), the delivery trail of
// outgoing documents and what the hub told about each document. Order is the outbox id and the hub's seq, never a clock.

import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { boolCol, instantCol } from '../db/columns';
import { documents } from '../documents/schema';

/** One packet to push: a document (the .edxml built once by the worker, kept as a blob) or a status (inline). */
export const syncOutbox = sqliteTable(
  'sync_outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** UUID chosen here, stable across retries: the hub never stores a packet twice. */
    packetId: text('packet_id').notNull(),
    kind: text('kind', { enum: ['document', 'status'] }).notNull(),
    statusCode: text('status_code'),
    documentId: integer('document_id').references(() => documents.id),
    /** JSON array of agency codes. */
    recipients: text('recipients').notNull(),
    /** Status packets: JSON of the ResponseFor and the description, fixed at the change. */
    payload: text('payload'),
    /** Status packets: the .edxml text, built once (every retry sends the same bytes). */
    edxml: text('edxml'),
    /** Document packets: the built .edxml in the blob store (SHA-256) and its size. */
    blobHash: text('blob_hash'),
    state: text('state', { enum: ['waiting', 'uploading', 'sent', 'failed'] })
      .notNull()
      .default('waiting'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: instantCol('next_attempt_at'),
    lastError: text('last_error'),
    lastErrorCode: text('last_error_code'),
    permanent: boolCol('permanent').notNull().default(false),
    uploadedBytes: integer('uploaded_bytes').notNull().default(0),
    totalBytes: integer('total_bytes').notNull().default(0),
    /** JSON of the hub's PushResponse. */
    hubResult: text('hub_result'),
    createdAt: instantCol('created_at').notNull(),
    sentAt: instantCol('sent_at'),
  },
  (t) => [uniqueIndex('sync_outbox_packet_uq').on(t.packetId), index('sync_outbox_state_idx').on(t.state, t.id), index('sync_outbox_doc_idx').on(t.documentId, t.statusCode)],
);

/** Every feed item applied (or refused), by packetId: a packet seen twice is applied once. */
export const syncInbox = sqliteTable(
  'sync_inbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    packetId: text('packet_id').notNull(),
    seq: integer('seq').notNull(),
    fromCode: text('from_code').notNull(),
    kind: text('kind', { enum: ['document', 'status'] }).notNull(),
    /** document, status, recall, update, replace, duplicate, ignored, invalid */
    outcome: text('outcome').notNull(),
    documentId: integer('document_id').references(() => documents.id),
    detail: text('detail'),
    hubReceivedAt: instantCol('hub_received_at'),
    appliedAt: instantCol('applied_at').notNull(),
  },
  (t) => [uniqueIndex('sync_inbox_packet_uq').on(t.packetId), index('sync_inbox_doc_idx').on(t.documentId)],
);

/** One row (id = 1): the connection settings (secret sealed), the feed cursor, the directory version, health. */
export const syncState = sqliteTable('sync_state', {
  id: integer('id').primaryKey(),
  enabled: boolCol('enabled').notNull().default(false),
  hubUrl: text('hub_url'),
  officeCode: text('office_code'),
  /** base64(iv ‖ tag ‖ ciphertext) with the remote-signing key file; never returned, never logged. */
  secretEnc: text('secret_enc'),
  caFile: text('ca_file'),
  intervalSec: integer('interval_sec').notNull().default(30),
  feedCursor: integer('feed_cursor').notNull().default(0),
  directoryVersion: integer('directory_version').notNull().default(0),
  directorySyncedAt: instantCol('directory_synced_at'),
  lastContactAt: instantCol('last_contact_at'),
  lastSuccessAt: instantCol('last_success_at'),
  /** JSON SyncErrorDto of the last round that failed, cleared by a good one. */
  lastError: text('last_error'),
  clockSkewMs: integer('clock_skew_ms'),
  anchorCount: integer('anchor_count'),
  anchorHead: text('anchor_head'),
  anchorAt: instantCol('anchor_at'),
});

/** The journey of an outgoing document to each recipient: sent, delivered, refused by the hub, statuses 01…16. */
export const syncDeliveries = sqliteTable(
  'sync_deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id),
    recipientCode: text('recipient_code').notNull(),
    event: text('event').notNull(),
    description: text('description'),
    at: instantCol('at').notNull(),
    /** What makes a trail row unique (the packet that told it and the recipient): applying twice adds nothing. */
    dedupeKey: text('dedupe_key').notNull(),
  },
  (t) => [uniqueIndex('sync_deliveries_key_uq').on(t.dedupeKey), index('sync_deliveries_doc_idx').on(t.documentId, t.id)],
);

/** What interconnection knows about one document: where it came from (in) or its DocumentId (out), recall, completion. */
export const syncDocuments = sqliteTable(
  'sync_documents',
  {
    documentId: integer('document_id')
      .primaryKey()
      .references(() => documents.id),
    direction: text('direction', { enum: ['in', 'out'] }).notNull(),
    edxmlDocumentId: text('edxml_document_id').notNull(),
    /** Incoming: the sender, its name and the packet, the hub's receiving time. */
    fromCode: text('from_code'),
    fromName: text('from_name'),
    packetId: text('packet_id'),
    receivedAt: instantCol('received_at'),
    /** ResponseFor of the statuses answering it (JSON): the sender's code, number/notation, date, DocumentId. */
    responseFor: text('response_for'),
    /** Replace (business 3): the earlier document this one replaces. */
    replacesDocumentId: integer('replaces_document_id').references(() => documents.id),
    recallRequestedAt: instantCol('recall_requested_at'),
    recallReason: text('recall_reason'),
    recallAnswer: text('recall_answer', { enum: ['agreed', 'refused'] }),
    recallAnsweredAt: instantCol('recall_answered_at'),
    completionReportedAt: instantCol('completion_reported_at'),
  },
  (t) => [index('sync_documents_edxml_idx').on(t.edxmlDocumentId, t.fromCode)],
);
