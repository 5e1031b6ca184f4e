// Registers (sổ văn bản) per direction and year. last_number is the counter behind số đến / số đi: it only moves
// inside the registration transaction, so numbers are consecutive with no gaps and no duplicates.

import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { boolCol, timestamps } from '../db/columns';

export const registers = sqliteTable(
  'registers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    direction: text('direction', { enum: ['in', 'out'] }).notNull(),
    year: integer('year').notNull(),
    seriesKey: text('series_key').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    isDefault: boolCol('is_default').notNull().default(false),
    active: boolCol('active').notNull().default(true),
    lastNumber: integer('last_number').notNull().default(0),
    /** Outgoing registers: what they number (admin = văn bản hành chính, qppl, copy = bản sao SY/TrS/SL). */
    kind: text('kind', { enum: ['admin', 'qppl', 'copy'] })
      .notNull()
      .default('admin'),
    /** Outgoing registers: JSON array of the doc type ids numbered here; [] = every type no other register claims. */
    docTypeIds: text('doc_type_ids').notNull().default('[]'),
    ...timestamps,
  },
  (t) => [uniqueIndex('registers_series_uq').on(t.direction, t.year, t.seriesKey), index('registers_year_idx').on(t.year)],
);
