// The agency directory (danh mục cơ quan): mã định danh, name, parent. Codes are opaque strings (standards §2.2);
// bodies without a code are allowed. search_text is the folded name and code for searching without diacritics.

import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { boolCol, timestamps } from '../db/columns';

export const agencies = sqliteTable(
  'agencies',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    code: text('code'),
    name: text('name').notNull(),
    parentCode: text('parent_code'),
    searchText: text('search_text').notNull(),
    active: boolCol('active').notNull().default(true),
    source: text('source', { enum: ['manual', 'import', 'hub'] })
      .notNull()
      .default('manual'),
    ...timestamps,
  },
  (t) => [uniqueIndex('agencies_code_uq').on(t.code), index('agencies_name_idx').on(t.searchText)],
);
