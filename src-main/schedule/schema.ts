// Weekly work schedule tables (lịch công tác): one week row per owner (the office, a unit, a person) and Monday,
// its entries with participants and attached blobs, and the history of changes made after publishing. Entries of a
// published week are never deleted: a cancellation keeps the row (struck through) and its history.

import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { units, users } from '../accounts/schema';
import { boolCol, instantCol, timestamps } from '../db/columns';

/** A week of one owner: owner_id is 0 for the office, else the unit's or the person's id. */
export const scheduleWeeks = sqliteTable(
  'schedule_weeks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ownerKind: text('owner_kind', { enum: ['office', 'unit', 'person'] }).notNull(),
    ownerId: integer('owner_id').notNull().default(0),
    weekStart: text('week_start').notNull(),
    state: text('state', { enum: ['draft', 'published'] })
      .notNull()
      .default('draft'),
    publishedAt: instantCol('published_at'),
    publishedBy: integer('published_by').references(() => users.id),
    ...timestamps,
  },
  (t) => [uniqueIndex('schedule_weeks_owner_uq').on(t.ownerKind, t.ownerId, t.weekStart), index('schedule_weeks_start_idx').on(t.weekStart)],
);

export const scheduleEntries = sqliteTable(
  'schedule_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    weekId: integer('week_id')
      .notNull()
      .references(() => scheduleWeeks.id),
    date: text('date').notNull(),
    slot: text('slot', { enum: ['time', 'morning', 'afternoon', 'allday'] }).notNull(),
    startTime: text('start_time'),
    endTime: text('end_time'),
    content: text('content').notNull(),
    chairUserId: integer('chair_user_id').references(() => users.id),
    chairText: text('chair_text'),
    place: text('place'),
    prepUnitId: integer('prep_unit_id').references(() => units.id),
    prepText: text('prep_text'),
    notes: text('notes'),
    recurring: boolCol('recurring').notNull().default(false),
    /** The entry of the week before this one was copied from (lặp lại hằng tuần): copying twice adds nothing. */
    copiedFromId: integer('copied_from_id'),
    cancelled: boolCol('cancelled').notNull().default(false),
    /** Set when changed after the week was published: added, changed or cancelled. */
    adjustment: text('adjustment', { enum: ['added', 'changed', 'cancelled'] }),
    createdBy: integer('created_by').references(() => users.id),
    updatedBy: integer('updated_by').references(() => users.id),
    ...timestamps,
  },
  (t) => [
    index('schedule_entries_week_idx').on(t.weekId, t.date),
    index('schedule_entries_date_idx').on(t.date),
    index('schedule_entries_chair_idx').on(t.chairUserId, t.date),
    uniqueIndex('schedule_entries_copied_uq').on(t.weekId, t.copiedFromId),
  ],
);

/** Thành phần: accounts, units, or outside guests as text. */
export const scheduleParticipants = sqliteTable(
  'schedule_participants',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    entryId: integer('entry_id')
      .notNull()
      .references(() => scheduleEntries.id),
    kind: text('kind', { enum: ['user', 'unit', 'text'] }).notNull(),
    userId: integer('user_id').references(() => users.id),
    unitId: integer('unit_id').references(() => units.id),
    name: text('name'),
    position: integer('position').notNull(),
  },
  (t) => [index('schedule_participants_entry_idx').on(t.entryId), index('schedule_participants_user_idx').on(t.userId), index('schedule_participants_unit_idx').on(t.unitId)],
);

export const scheduleFiles = sqliteTable(
  'schedule_files',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    entryId: integer('entry_id')
      .notNull()
      .references(() => scheduleEntries.id),
    blobHash: text('blob_hash').notNull(),
    fileName: text('file_name').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [index('schedule_files_entry_idx').on(t.entryId), index('schedule_files_hash_idx').on(t.blobHash)],
);

/** What an entry looked like before each change made after publishing (append-only). */
export const scheduleHistory = sqliteTable(
  'schedule_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    entryId: integer('entry_id')
      .notNull()
      .references(() => scheduleEntries.id),
    at: instantCol('at').notNull(),
    byId: integer('by_id').references(() => users.id),
    action: text('action', { enum: ['added', 'changed', 'cancelled'] }).notNull(),
    /** A one-line summary of the entry before the change (or the reason of a cancellation). */
    text: text('text').notNull(),
  },
  (t) => [index('schedule_history_entry_idx').on(t.entryId, t.id)],
);
