// Durable background work (việc nền): one row per job, written in the same transaction as the change that causes it
// (a file recorded -> its text extraction), drained by the runner. The outbox of sync, OCR, timestamping and
// notifications is meant to be rows of this table too.

import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { instantCol } from '../db/columns';

export const JOB_STATES = ['waiting', 'running', 'done', 'failed'] as const;

export const jobs = sqliteTable(
  'jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind').notNull(),
    /** JSON; small (a hash, an id), never file bytes. */
    payload: text('payload').notNull(),
    state: text('state', { enum: JOB_STATES }).notNull().default('waiting'),
    /** Runs started so far (a run cut short by a crash counts too). */
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    /** Not run before this instant (epoch ms): the backoff after a failure. */
    nextRunAt: instantCol('next_run_at').notNull(),
    /** The last failure, in Vietnamese, as the admin sees it. */
    lastError: text('last_error'),
    /** Optional: a second enqueue with the same key is ignored (one extraction per file, ever). */
    dedupeKey: text('dedupe_key'),
    createdAt: instantCol('created_at').notNull(),
    updatedAt: instantCol('updated_at').notNull(),
  },
  (t) => [index('jobs_state_next_idx').on(t.state, t.nextRunAt), uniqueIndex('jobs_dedupe_key_idx').on(t.dedupeKey)],
);
