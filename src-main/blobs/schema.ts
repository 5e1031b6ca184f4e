// Which blobs the store holds and what they are (type, size, macro flag), plus their extracted text for search.
// The bytes themselves live on disk in the content-addressed store; the text lives apart so lists never load it.

import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { boolCol, instantCol } from '../db/columns';

export const blobs = sqliteTable(
  'blobs',
  {
    hash: text('hash').primaryKey(),
    size: integer('size').notNull(),
    kind: text('kind').notNull(),
    mime: text('mime').notNull(),
    macro: boolCol('macro').notNull().default(false),
    /** pending: waiting for the text extractor; none: no text in this kind (images until OCR). */
    textStatus: text('text_status', { enum: ['pending', 'done', 'none', 'error'] }).notNull(),
    textChars: integer('text_chars'),
    createdAt: instantCol('created_at').notNull(),
    createdBy: integer('created_by'),
  },
  (t) => [index('blobs_text_status_idx').on(t.textStatus)],
);

export const blobTexts = sqliteTable('blob_texts', {
  hash: text('hash')
    .primaryKey()
    .references(() => blobs.hash),
  text: text('text').notNull(),
  /** The same text folded (no diacritics, đ -> d) character for character, so a match position found here is the
   *  position in `text`: search snippets are cut from the original at that place. */
  folded: text('folded').notNull(),
});

/** Who uploaded which file: an uploader may read back their own upload before it is attached (documents/access.ts). */
export const blobUploads = sqliteTable(
  'blob_uploads',
  {
    hash: text('hash')
      .notNull()
      .references(() => blobs.hash),
    userId: integer('user_id').notNull(),
    at: instantCol('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.hash] })],
);
