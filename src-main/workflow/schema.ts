// Routing and handling: tasks (who must do what with a document, by when), directions (bút phê, a unit head's
// hand-down), the append-only processing history of each document, and per-person notifications. Incoming routing
// (workflow/) and outgoing review and issuing (outgoing/) both write here through workflow/log.ts.

import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { units, users } from '../accounts/schema';
import { instantCol } from '../db/columns';
import { documents } from '../documents/schema';

/** A bút phê of a leader (level office) or a unit head's hand-down (level unit): the words; its tasks point to it. */
export const directions = sqliteTable(
  'directions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id),
    level: text('level', { enum: ['office', 'unit'] }).notNull(),
    text: text('text'),
    byId: integer('by_id')
      .notNull()
      .references(() => users.id),
    at: instantCol('at').notNull(),
  },
  (t) => [index('directions_doc_idx').on(t.documentId, t.at)],
);

/**
 * One piece of work on one document for one person or unit. `open_flag` is 1 while the task is open or in progress
 * (the inbox's index rides it); `urgency` is copied from the document so the inbox sorts from the index alone.
 */
export const tasks = sqliteTable(
  'tasks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id),
    parentId: integer('parent_id'),
    directionId: integer('direction_id').references(() => directions.id),
    kind: text('kind', { enum: ['presented', 'lead', 'cooperate', 'info', 'review', 'issue'] }).notNull(),
    status: text('status', { enum: ['open', 'in_progress', 'returned', 'done', 'cancelled'] }).notNull(),
    openFlag: integer('open_flag').notNull().default(1),
    userId: integer('user_id').references(() => users.id),
    unitId: integer('unit_id').references(() => units.id),
    urgency: integer('urgency').notNull().default(0),
    note: text('note'),
    /** YYYY-MM-DD; NULL = no deadline. */
    dueDate: text('due_date'),
    /** due_date with no deadline sorting last: what the inbox indexes sort on. */
    dueSort: text('due_sort').generatedAlwaysAs(sql`coalesce(due_date, '9999-12-31')`, { mode: 'virtual' }),
    assignedAt: instantCol('assigned_at').notNull(),
    assignedBy: integer('assigned_by').references(() => users.id),
    /** First opened by its assignee (unread until then). */
    readAt: instantCol('read_at'),
    completedAt: instantCol('completed_at'),
    completedBy: integer('completed_by').references(() => users.id),
    result: text('result'),
    replyDocumentId: integer('reply_document_id').references(() => documents.id),
  },
  (t) => [
    // Việc cần xử lý: open tasks of a person (or a unit), urgent first, then by deadline (NULL last), oldest first.
    index('tasks_user_inbox_idx')
      .on(t.userId, sql`${t.urgency} DESC`, t.dueSort, t.id)
      .where(sql`${t.openFlag} = 1`),
    index('tasks_unit_inbox_idx')
      .on(t.unitId, sql`${t.urgency} DESC`, t.dueSort, t.id)
      .where(sql`${t.openFlag} = 1`),
    // Overdue and follow-up lists: open tasks by deadline.
    index('tasks_open_due_idx')
      .on(t.dueDate)
      .where(sql`${t.openFlag} = 1`),
    index('tasks_user_done_idx').on(t.userId, t.completedAt),
    index('tasks_doc_idx').on(t.documentId),
    index('tasks_assigned_by_idx').on(t.assignedBy, t.openFlag, t.dueDate),
    index('tasks_parent_idx').on(t.parentId),
    // Reports (stats/): a document's chủ trì tasks and when they were completed, without reading the table.
    index('tasks_report_idx').on(t.documentId, t.kind, t.status, t.userId, t.unitId, t.parentId, t.dueDate, t.completedAt),
    check('tasks_one_assignee', sql`(${t.userId} IS NULL) <> (${t.unitId} IS NULL)`),
  ],
);

/** The processing history of a document (append-only): who did what, when. */
export const documentEvents = sqliteTable(
  'document_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id),
    taskId: integer('task_id').references(() => tasks.id),
    kind: text('kind').notNull(),
    at: instantCol('at').notNull(),
    actorId: integer('actor_id').references(() => users.id),
    text: text('text'),
    /** JSON: kind-specific details; files as [{hash, fileName}] under "files". */
    data: text('data'),
  },
  (t) => [index('document_events_doc_idx').on(t.documentId, t.id)],
);

export const notifications = sqliteTable(
  'notifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    at: instantCol('at').notNull(),
    kind: text('kind').notNull(),
    text: text('text').notNull(),
    documentId: integer('document_id').references(() => documents.id),
    taskId: integer('task_id').references(() => tasks.id),
    /** An in-app route for notices about something other than a document (a schedule week, a records file). */
    link: text('link'),
    readAt: instantCol('read_at'),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.id),
    index('notifications_unread_idx')
      .on(t.userId)
      .where(sql`${t.readAt} IS NULL`),
  ],
);

/**
 * Files attached to a history entry (a comment, a progress note): whoever sees the document may read them
 * (documents/access.ts canReadBlob), as for the document's own files.
 */
export const eventFiles = sqliteTable(
  'event_files',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: integer('event_id')
      .notNull()
      .references(() => documentEvents.id),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id),
    blobHash: text('blob_hash').notNull(),
    fileName: text('file_name').notNull(),
  },
  (t) => [index('event_files_blob_idx').on(t.blobHash, t.documentId), index('event_files_event_idx').on(t.eventId)],
);
