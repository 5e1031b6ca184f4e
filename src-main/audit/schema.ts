// The append-only, hash-chained audit log. Each row's hash covers its content and the previous row's hash, so any
// edit, insertion or deletion inside the chain is detected by `vanthu audit verify`. Triggers forbid UPDATE/DELETE.

import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { instantCol } from '../db/columns';

export const auditLog = sqliteTable(
  'audit_log',
  {
    /** Assigned explicitly as previous id + 1 so the chain has no gaps. */
    id: integer('id').primaryKey(),
    at: instantCol('at').notNull(),
    actorId: integer('actor_id'),
    actorName: text('actor_name'),
    action: text('action').notNull(),
    outcome: text('outcome', { enum: ['ok', 'denied', 'failed'] }).notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    /** JSON, already stripped of passwords, PINs, tokens and document bodies. */
    details: text('details'),
    origin: text('origin'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_actor_idx').on(t.actorId, t.id),
    index('audit_action_idx').on(t.action, t.id),
    index('audit_at_idx').on(t.at),
    index('audit_target_idx').on(t.targetType, t.targetId, t.id),
  ],
);
