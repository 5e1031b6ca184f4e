// The low-level writes of routing, shared by workflow/ (incoming) and outgoing/ (review, issue): add and close
// tasks, append to a document's history, notify people. Runs inside the caller's transaction; checks nothing about
// who may do what (the services do) and never emits (the handlers do, after the commit).

import type { TaskKind, TaskStatus, TimelineKind, NotificationDto } from '../../src-shared/api/workflow';
import type { RawDb } from '../db/open';

export interface NewTask {
  documentId: number;
  kind: TaskKind;
  userId?: number | null;
  unitId?: number | null;
  parentId?: number | null;
  directionId?: number | null;
  note?: string | null;
  dueDate?: string | null;
  urgency: number;
  assignedBy: number | null;
}

export interface NewEvent {
  documentId: number;
  kind: TimelineKind;
  actorId: number | null;
  taskId?: number | null;
  text?: string | null;
  data?: Record<string, unknown> | null;
}

export interface NewNotification {
  kind: NotificationDto['kind'];
  text: string;
  documentId?: number | null;
  taskId?: number | null;
  /** An in-app route (starting with '/') the notice opens when it is not about a document. */
  link?: string | null;
}

export function createWorkflowLog(raw: RawDb, now: () => number) {
  const insertTask = raw.prepare(
    `INSERT INTO tasks (document_id, parent_id, direction_id, kind, status, open_flag, user_id, unit_id, urgency, note, due_date, assigned_at, assigned_by)
     VALUES (@documentId, @parentId, @directionId, @kind, 'open', 1, @userId, @unitId, @urgency, @note, @dueDate, @at, @assignedBy)`,
  );
  const closeStmt = raw.prepare(
    `UPDATE tasks SET status = @status, open_flag = 0, completed_at = @at, completed_by = @by, result = coalesce(@result, result) WHERE id = @id AND open_flag = 1`,
  );
  const insertEvent = raw.prepare(
    'INSERT INTO document_events (document_id, task_id, kind, at, actor_id, text, data) VALUES (@documentId, @taskId, @kind, @at, @actorId, @text, @data)',
  );
  const insertNote = raw.prepare(
    'INSERT INTO notifications (user_id, at, kind, text, document_id, task_id, link) VALUES (@userId, @at, @kind, @text, @documentId, @taskId, @link)',
  );

  return {
    /** Adds an open task; returns its id. */
    addTask(t: NewTask): number {
      return Number(
        insertTask.run({
          documentId: t.documentId,
          parentId: t.parentId ?? null,
          directionId: t.directionId ?? null,
          kind: t.kind,
          userId: t.userId ?? null,
          unitId: t.unitId ?? null,
          urgency: t.urgency,
          note: t.note ?? null,
          dueDate: t.dueDate ?? null,
          at: now(),
          assignedBy: t.assignedBy,
        }).lastInsertRowid,
      );
    },

    /** Ends an open task (done, returned, cancelled); false when it was not open. */
    closeTask(id: number, status: Exclude<TaskStatus, 'open' | 'in_progress'>, by: number | null, result: string | null = null): boolean {
      return closeStmt.run({ id, status, at: now(), by, result }).changes > 0;
    },

    /** Ends every open task of these kinds on a document (e.g. the other clerks' issue tasks once one has issued); returns their ids. */
    closeOpen(documentId: number, kinds: TaskKind[], status: Exclude<TaskStatus, 'open' | 'in_progress'>, by: number | null): number[] {
      const ids = raw
        .prepare(`SELECT id FROM tasks WHERE document_id = ? AND open_flag = 1 AND kind IN (SELECT value FROM json_each(?))`)
        .pluck()
        .all(documentId, JSON.stringify(kinds)) as number[];
      for (const id of ids) closeStmt.run({ id, status, at: now(), by, result: null });
      return ids;
    },

    /** Appends to the document's history; returns the event id. */
    event(e: NewEvent): number {
      return Number(
        insertEvent.run({
          documentId: e.documentId,
          taskId: e.taskId ?? null,
          kind: e.kind,
          at: now(),
          actorId: e.actorId,
          text: e.text ?? null,
          data: e.data ? JSON.stringify(e.data) : null,
        }).lastInsertRowid,
      );
    },

    /** Notifies each person once (duplicates in `userIds` ignored); returns the ids, for the handler to emit. */
    notify(userIds: number[], n: NewNotification): Array<{ userId: number; id: number }> {
      const out: Array<{ userId: number; id: number }> = [];
      for (const userId of new Set(userIds)) {
        const id = Number(
          insertNote.run({ userId, at: now(), kind: n.kind, text: n.text, documentId: n.documentId ?? null, taskId: n.taskId ?? null, link: n.link ?? null }).lastInsertRowid,
        );
        out.push({ userId, id });
      }
      return out;
    },
  };
}

export type WorkflowLog = ReturnType<typeof createWorkflowLog>;
