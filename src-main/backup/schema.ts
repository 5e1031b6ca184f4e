// The backup history (backup_runs): one row per backup attempt with its status and the Vietnamese error an admin
// reads. A scheduled run carries its slot (the week's configured day and time) so a slot never runs twice.

import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { boolCol, instantCol } from '../db/columns';

export const backupRuns = sqliteTable(
  'backup_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    trigger: text('trigger', { enum: ['manual', 'schedule', 'cli'] }).notNull(),
    /** "2026-12-04 17:30" (Vietnam time) for a scheduled run; null otherwise. */
    slot: text('slot'),
    status: text('status', { enum: ['running', 'ok', 'failed'] }).notNull(),
    dest: text('dest').notNull(),
    /** Folder name of the backup at the destination (vanthu-YYYYMMDD-HHMMSS), once known. */
    backupId: text('backup_id'),
    encrypted: boolCol('encrypted').notNull().default(false),
    startedAt: instantCol('started_at').notNull(),
    finishedAt: instantCol('finished_at'),
    dbBytes: integer('db_bytes'),
    blobsTotal: integer('blobs_total'),
    blobsCopied: integer('blobs_copied'),
    bytesCopied: integer('bytes_copied'),
    auditCount: integer('audit_count'),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    startedBy: integer('started_by'),
  },
  (t) => [uniqueIndex('backup_runs_slot_uq').on(t.slot), index('backup_runs_status_idx').on(t.status, t.id)],
);
