// Import batches: one row per committed import of an old register, written in the same transaction as its rows, so
// the same file is never silently imported twice into one register and a retried commit can answer as before.

import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from '../accounts/schema';
import { instantCol } from '../db/columns';
import { registers } from '../registers/schema';

export const importBatches = sqliteTable(
  'import_batches',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    registerId: integer('register_id')
      .notNull()
      .references(() => registers.id),
    /** SHA-256 of the file's bytes (the blob hash). */
    fileHash: text('file_hash').notNull(),
    fileName: text('file_name').notNull(),
    /** Hash of what was asked (file, register, mapping, numbering, sheet, encoding): a retry carries the same key. */
    requestKey: text('request_key').notNull(),
    numbering: text('numbering', { enum: ['keep', 'allocate'] }).notNull(),
    rowCount: integer('row_count').notNull(),
    firstNumber: integer('first_number'),
    lastNumber: integer('last_number'),
    importedBy: integer('imported_by')
      .notNull()
      .references(() => users.id),
    importedAt: instantCol('imported_at').notNull(),
  },
  (t) => [index('import_batches_file_idx').on(t.registerId, t.fileHash), index('import_batches_key_idx').on(t.requestKey)],
);
