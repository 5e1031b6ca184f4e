// Tables of remote signing (ký số từ xa: VNPT SmartCA, Viettel MySign … over the CSC API): the providers the admin
// configured (the client secret only encrypted, AES-256-GCM with a key file outside the database), each user's linked
// credential, and each signing request with its state (the durable job does the waiting; this row is what screens read).

import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { instantCol } from '../db/columns';
import { users } from '../accounts/schema';
import { documents } from '../documents/schema';

export const remoteProviders = sqliteTable('remote_providers', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  kind: text('kind').notNull(), // 'csc' (a provider-specific driver may follow, e.g. 'vnpt-smartca')
  baseUrl: text('base_url').notNull(),
  clientId: text('client_id'),
  /** base64(iv ‖ tag ‖ ciphertext); null = no secret. Never returned by the API, never logged. */
  secretEnc: text('secret_enc'),
  timeoutSeconds: integer('timeout_seconds').notNull(),
  createdAt: instantCol('created_at').notNull(),
  updatedAt: instantCol('updated_at').notNull(),
});

/** One linked credential per user. */
export const remoteCredentials = sqliteTable('remote_credentials', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id),
  providerId: integer('provider_id')
    .notNull()
    .references(() => remoteProviders.id),
  providerUserId: text('provider_user_id').notNull(),
  credentialId: text('credential_id').notNull(),
  subject: text('subject'),
  updatedAt: instantCol('updated_at').notNull(),
});

export const remoteRequests = sqliteTable(
  'remote_requests',
  {
    id: text('id').primaryKey(),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id),
    version: integer('version').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    providerId: integer('provider_id')
      .notNull()
      .references(() => remoteProviders.id),
    credentialId: text('credential_id').notNull(),
    state: text('state').notNull(), // waiting | signed | refused | expired | failed
    message: text('message'),
    resultHash: text('result_hash'),
    expiresAt: instantCol('expires_at').notNull(),
    createdAt: instantCol('created_at').notNull(),
    updatedAt: instantCol('updated_at').notNull(),
  },
  (t) => [index('remote_requests_doc_idx').on(t.documentId), index('remote_requests_user_idx').on(t.userId)],
);
