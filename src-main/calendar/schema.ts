// The office's calendar exceptions per date: Tết and Quốc khánh spans, compensatory days off, make-up working days
// (standards §7.1). Statutory fixed-date holidays are computed, not stored.

import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { boolCol, instantCol } from '../db/columns';

export const calendarDays = sqliteTable('calendar_days', {
  date: text('date').primaryKey(),
  kind: text('kind', { enum: ['holiday', 'off', 'workday'] }).notNull(),
  name: text('name').notNull(),
  confirmed: boolCol('confirmed').notNull().default(false),
  source: text('source', { enum: ['law', 'suggested', 'manual'] }).notNull(),
  updatedAt: instantCol('updated_at').notNull(),
  updatedBy: integer('updated_by'),
});
