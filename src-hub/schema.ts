// The hub's PostgreSQL schema (drizzle pg-core), one for PostgreSQL and PGlite alike. Times are the HUB's epoch ms
// (never an office's clock). Feed order lives in offices.feed_seq, bumped under the office row's lock.
import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, customType, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength)),
});

const ms = (name: string) => bigint(name, { mode: 'number' });

export const offices = pgTable('offices', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  /** SHA-256 (hex) of the office's secret: the secret itself is never stored. */
  secretHash: text('secret_hash').notNull(),
  /** SHA-256("vanthu-anchor:" + secret), hex: the anchor MAC key (protocol.ts), kept so MACs can be checked. */
  anchorKey: text('anchor_key').notNull(),
  disabled: boolean('disabled').notNull().default(false),
  /** Last sequence number given in this office's feed (bumped under this row's lock: order = commit order). */
  feedSeq: integer('feed_seq').notNull().default(0),
  /** Items ≤ this were purged by retention: a cursor below it must resync. */
  purgedSeq: integer('purged_seq').notNull().default(0),
  /** Highest cursor the office has acknowledged (items ≤ it are delivered). */
  ackedSeq: integer('acked_seq').notNull().default(0),
  createdAt: ms('created_at').notNull(),
});

export const packets = pgTable(
  'packets',
  {
    packetId: text('packet_id').primaryKey(),
    senderId: integer('sender_id')
      .notNull()
      .references(() => offices.id),
    kind: text('kind', { enum: ['document', 'status'] }).notNull(),
    /** SHA-256 of what defines the push (kind, edXML or blob, recipients): a retry must match it. */
    contentHash: text('content_hash').notNull(),
    edxml: text('edxml'),
    blobSha256: text('blob_sha256'),
    blobSize: ms('blob_size'),
    /** Document packets: their DocumentId; status packets: the DocumentId they answer. */
    documentId: text('document_id').notNull(),
    recipients: jsonb('recipients').$type<string[]>().notNull(),
    accepted: jsonb('accepted').$type<string[]>().notNull(),
    refused: jsonb('refused').$type<Array<{ code: string; reason: string }>>().notNull(),
    receivedAt: ms('received_at').notNull(),
  },
  (t) => [index('packets_document_idx').on(t.documentId, t.kind), index('packets_received_idx').on(t.receivedAt)],
);

/** One row per (packet, registered recipient): its place in the recipient's feed and its delivery. */
export const deliveries = pgTable(
  'deliveries',
  {
    packetId: text('packet_id')
      .notNull()
      .references(() => packets.packetId, { onDelete: 'cascade' }),
    recipientId: integer('recipient_id')
      .notNull()
      .references(() => offices.id),
    senderId: integer('sender_id').notNull(),
    feedSeq: integer('feed_seq').notNull(),
    deliveredAt: ms('delivered_at'),
  },
  (t) => [
    primaryKey({ columns: [t.packetId, t.recipientId] }),
    index('deliveries_pending_idx')
      .on(t.recipientId, t.feedSeq)
      .where(sql`${t.deliveredAt} IS NULL`),
    index('deliveries_recipient_sender_idx').on(t.recipientId, t.senderId),
  ],
);

export const feedItems = pgTable(
  'feed_items',
  {
    officeId: integer('office_id')
      .notNull()
      .references(() => offices.id),
    seq: integer('seq').notNull(),
    type: text('type', { enum: ['packet', 'receipt'] }).notNull(),
    packetId: text('packet_id').notNull(),
    /** Receipts: the recipient who acknowledged the packet. */
    recipient: text('recipient'),
    at: ms('at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.officeId, t.seq] }),
    uniqueIndex('feed_items_receipt_once')
      .on(t.officeId, t.packetId, t.recipient)
      .where(sql`${t.type} = 'receipt'`),
  ],
);

/** A blob per (uploader, sha256): uploads never mix across offices. */
export const blobs = pgTable(
  'blobs',
  {
    ownerId: integer('owner_id')
      .notNull()
      .references(() => offices.id),
    sha256: text('sha256').notNull(),
    total: ms('total').notNull(),
    received: ms('received').notNull().default(0),
    complete: boolean('complete').notNull().default(false),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ownerId, t.sha256] }), index('blobs_sha_idx').on(t.sha256)],
);

export const blobChunks = pgTable(
  'blob_chunks',
  {
    ownerId: integer('owner_id').notNull(),
    sha256: text('sha256').notNull(),
    offset: ms('offset').notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ownerId, t.sha256, t.offset] })],
);

export const agencies = pgTable(
  'agencies',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    parentCode: text('parent_code'),
    active: boolean('active').notNull().default(true),
    version: bigint('version', { mode: 'number' }).notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [uniqueIndex('agencies_version_idx').on(t.version)],
);

export const anchors = pgTable(
  'anchors',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    officeId: integer('office_id')
      .notNull()
      .references(() => offices.id),
    count: ms('count').notNull(),
    head: text('head').notNull(),
    at: ms('at').notNull(),
    mac: text('mac').notNull(),
    receivedAt: ms('received_at').notNull(),
  },
  (t) => [index('anchors_office_idx').on(t.officeId, t.count)],
);
