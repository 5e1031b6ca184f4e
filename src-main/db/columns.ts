// Column helpers shared by every table: instants are epoch milliseconds, booleans are 0/1 integers.
// Schema files import these; nothing here touches a live database.

import { integer } from 'drizzle-orm/sqlite-core';

export const instantCol = (name: string) => integer(name, { mode: 'number' });
export const boolCol = (name: string) => integer(name, { mode: 'boolean' });

export const timestamps = {
  createdAt: instantCol('created_at').notNull(),
  updatedAt: instantCol('updated_at').notNull(),
};
