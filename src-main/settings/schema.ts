// Key/value settings of the office (organisation, working hours, security policy ...), stored as JSON per key.

import { sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { instantCol } from '../db/columns';

export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: instantCol('updated_at').notNull(),
});
