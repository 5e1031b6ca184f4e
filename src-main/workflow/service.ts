// Incoming routing: presenting to a leader, the leader's directive, a unit head's hand-down, handling (comment,
// return, reassign, complete, remind), each person's Việc cần xử lý, follow-up and the document's routing view.
// Writes run inside the handler's transaction (through workflow/log.ts); this file decides who may do what.

import type {
  AssigneeInput,
  DirectionDto,
  DocumentWorkflow,
  InboxCounts,
  InboxItem,
  NotificationDto,
  OverdueReport,
  OverdueRow,
  TaskDto,
  TaskKind,
  TimelineEvent,
} from '../../src-shared/api/workflow';
import { DUE_SOON_DAYS } from '../../src-shared/api/workflow';
import { formatCode, type Urgency } from '../../src-shared/documents';
import { AppError } from '../../src-shared/errors';
import type { Role } from '../../src-shared/permissions';
import { addDays, formatVnDate, todayVn } from '../../src-shared/calendar/vn-time';
import { addWorkingDays } from '../../src-shared/calendar/working-time';
import type { Statement } from 'better-sqlite3';
import type { CalendarService } from '../calendar/service';
import type { RawDb } from '../db/open';
import { accessSql, type AccessService, type Viewer } from '../documents/access';
import { createWorkflowLog } from './log';

/** Who is acting: their id, roles and reader view (documents/access.ts). */
export interface Actor {
  userId: number;
  roles: readonly Role[];
  viewer: Viewer;
}

/** What a write did, for the handler to emit after the commit. */
export interface Effects {
  documentId: number;
  notified: Array<{ userId: number; id: number }>;
}

interface TaskRow {
  id: number;
  documentId: number;
  parentId: number | null;
  directionId: number | null;
  kind: TaskKind;
  status: TaskDto['status'];
  openFlag: number;
  userId: number | null;
  unitId: number | null;
  urgency: number;
  note: string | null;
  dueDate: string | null;
  assignedAt: number;
  assignedBy: number | null;
  readAt: number | null;
  completedAt: number | null;
  completedBy: number | null;
  result: string | null;
  replyDocumentId: number | null;
}

interface DocRow {
  id: number;
  direction: 'in' | 'out';
  status: string;
  urgency: number;
  subject: string;
  handlingDueDate: string | null;
  handlingStatus: string;
  restricted: number;
}

type AssigneeKind = 'lead' | 'cooperate' | 'info';
/** Kinds this service routes; review and issue belong to outgoing drafts and are handled there. */
const ROUTED: readonly TaskKind[] = ['presented', 'lead', 'cooperate', 'info'];

const TASK_COLS = `t.id, t.document_id AS documentId, t.parent_id AS parentId, t.direction_id AS directionId, t.kind, t.status, t.open_flag AS openFlag,
  t.user_id AS userId, t.unit_id AS unitId, t.urgency, t.note, t.due_date AS dueDate, t.assigned_at AS assignedAt, t.assigned_by AS assignedBy,
  t.read_at AS readAt, t.completed_at AS completedAt, t.completed_by AS completedBy, t.result, t.reply_document_id AS replyDocumentId`;

const DTO_COLS = `${TASK_COLS}, au.full_name AS userName, an.name AS unitName, ab.full_name AS assignedByName, cb.full_name AS completedByName`;
const DTO_JOINS = `LEFT JOIN users au ON au.id = t.user_id LEFT JOIN units an ON an.id = t.unit_id
  LEFT JOIN users ab ON ab.id = t.assigned_by LEFT JOIN users cb ON cb.id = t.completed_by`;
const ITEM_COLS = `${DTO_COLS}, d.direction, d.subject, d.issuer_name AS issuerName, d.code_number AS codeNumber, d.code_notation AS codeNotation,
  d.arrival_number AS arrivalNumber, d.type_name AS typeName, d.urgency AS docUrgency, d.restricted`;

type DtoRow = TaskRow & { userName: string | null; unitName: string | null; assignedByName: string | null; completedByName: string | null };
type ItemRow = DtoRow & {
  direction: 'in' | 'out';
  subject: string;
  issuerName: string;
  codeNumber: string | null;
  codeNotation: string | null;
  arrivalNumber: number | null;
  typeName: string | null;
  docUrgency: number;
  restricted: number;
};

export function toTaskDto(r: DtoRow, today: string): TaskDto {
  const open = r.openFlag === 1;
  const overdue = open && r.dueDate != null && r.dueDate < today;
  return {
    id: r.id,
    documentId: r.documentId,
    parentId: r.parentId,
    kind: r.kind,
    status: r.status,
    note: r.note,
    dueDate: r.dueDate,
    assignedAt: r.assignedAt,
    assignedById: r.assignedBy,
    assignedByName: r.assignedByName,
    completedAt: r.completedAt,
    completedByName: r.completedByName,
    result: r.result,
    replyDocumentId: r.replyDocumentId,
    userId: r.userId,
    userName: r.userName,
    unitId: r.unitId,
    unitName: r.unitName,
    overdue,
    dueSoon: open && !overdue && r.dueDate != null && r.dueDate <= addDays(today, DUE_SOON_DAYS),
  };
}

export function toInboxItem(r: ItemRow, today: string): InboxItem {
  return {
    ...toTaskDto(r, today),
    direction: r.direction,
    subject: r.subject,
    issuerName: r.issuerName,
    codeNumber: r.codeNumber,
    codeNotation: r.codeNotation,
    arrivalNumber: r.arrivalNumber,
    typeName: r.typeName,
    urgency: r.docUrgency as Urgency,
    restricted: r.restricted === 1,
    unread: r.readAt == null,
  };
}

/** Keyset cursors: the sort key of the last row of a page, opaque to the client. */
function encode(v: unknown[]): string {
  return Buffer.from(JSON.stringify(v)).toString('base64url');
}
function decode(s: string | undefined, n: number): unknown[] | null {
  if (!s) return null;
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === n) return v;
  } catch {
    /* falls through */
  }
  throw new AppError('invalid_input', undefined, { fields: [{ path: 'cursor', message: 'Vị trí trang không hợp lệ.' }] });
}

const fieldError = (path: string, message: string) => new AppError('invalid_input', undefined, { fields: [{ path, message }] });

export function createWorkflow(deps: { raw: RawDb; access: AccessService; calendar: CalendarService; now: () => number }) {
  const { raw, access, calendar, now } = deps;
  const log = createWorkflowLog(raw, now);
  const today = () => todayVn(now());
  // Statements are prepared once per distinct text: the inbox is read on every screen change.
  const prepared = new Map<string, Statement<unknown[]>>();
  const stmt = (sql: string) => {
    let st = prepared.get(sql);
    if (!st) prepared.set(sql, (st = raw.prepare<unknown[]>(sql)));
    return st;
  };

  const taskStmt = stmt(`SELECT ${TASK_COLS} FROM tasks t WHERE t.id = ?`);
  const docStmt = stmt(
    `SELECT id, direction, status, urgency, subject, handling_due_date AS handlingDueDate, handling_status AS handlingStatus, restricted FROM documents WHERE id = ?`,
  );
  const userStmt = stmt(
    `SELECT u.id, u.full_name AS fullName, u.position, u.unit_id AS unitId, u.heads_unit AS headsUnit, u.status,
            (SELECT json_group_array(role) FROM user_roles r WHERE r.user_id = u.id) AS roles
       FROM users u WHERE u.id = ?`,
  );
  const unitStmt = stmt('SELECT id, name, active, parent_id AS parentId FROM units WHERE id = ?');
  const headsStmt = stmt("SELECT id FROM users WHERE unit_id = ? AND heads_unit = 1 AND status = 'active'").pluck();
  const membersStmt = stmt("SELECT id FROM users WHERE unit_id = ? AND status = 'active'").pluck();
  const subtreeStmt = stmt('WITH RECURSIVE tree(id) AS (SELECT ? UNION SELECT u.id FROM units u JOIN tree t ON u.parent_id = t.id) SELECT id FROM tree').pluck();
  const leadersStmt = stmt("SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'leader' WHERE u.status = 'active'").pluck();

  // ---- reading rows -------------------------------------------------------------------------------------------

  function task(id: number): TaskRow {
    const t = taskStmt.get(id) as TaskRow | undefined;
    if (!t) throw new AppError('not_found', 'Không tìm thấy việc được giao.');
    return t;
  }

  /** The task, when the actor may see its document; not_found otherwise (the same answer as for no such task). */
  function visibleTask(me: Actor, id: number): TaskRow {
    const t = taskStmt.get(id) as TaskRow | undefined;
    if (!t || !access.canSee(me.viewer, t.documentId)) throw new AppError('not_found', 'Không tìm thấy việc được giao.');
    return t;
  }

  function doc(id: number): DocRow {
    const d = docStmt.get(id) as DocRow | undefined;
    if (!d) throw new AppError('not_found', 'Không tìm thấy văn bản.');
    return d;
  }

  interface UserRow {
    id: number;
    fullName: string;
    position: string | null;
    unitId: number | null;
    headsUnit: number;
    status: string;
    roles: string;
  }
  function user(id: number): UserRow | undefined {
    return userStmt.get(id) as UserRow | undefined;
  }

  function subtree(unitId: number): number[] {
    return subtreeStmt.all(unitId) as number[];
  }

  /** The name shown for an assignee (a person, or a unit). */
  function nameOf(a: { userId?: number | null; unitId?: number | null }): string {
    if (a.userId != null) return user(a.userId)?.fullName ?? '';
    return (unitStmt.get(a.unitId) as { name: string } | undefined)?.name ?? '';
  }

  /** Who hears of work given to a task's assignee: the person, or the heads of the unit. */
  function peopleOf(a: { userId: number | null; unitId: number | null }, kind: TaskKind): number[] {
    if (a.userId != null) return [a.userId];
    if (a.unitId == null) return [];
    // Để biết to a unit reaches everyone in it; work given to a unit reaches its heads, who pass it on.
    return (kind === 'info' ? membersStmt.all(a.unitId) : headsStmt.all(a.unitId)) as number[];
  }

  /** The actor is the task's assignee, or heads the unit it was given to. */
  function isAssignee(me: Actor, t: TaskRow): boolean {
    if (t.userId != null) return t.userId === me.userId;
    return t.unitId != null && me.viewer.headOf.includes(t.unitId);
  }

  /** Heads the unit of the task's assignee (the unit itself, or the person's unit). */
  function headsAssignee(me: Actor, t: TaskRow): boolean {
    const unit = t.unitId ?? (t.userId != null ? (user(t.userId)?.unitId ?? null) : null);
    return unit != null && me.viewer.headOf.includes(unit);
  }

  function mustBeRouted(t: TaskRow): void {
    if (!ROUTED.includes(t.kind)) throw new AppError('invalid_state', 'Việc xem xét, ban hành dự thảo được xử lý ở màn hình văn bản đi.');
  }

  function mustBeOpen(t: TaskRow): void {
    if (t.openFlag !== 1) throw new AppError('invalid_state', 'Việc này đã kết thúc.');
  }

  function mustBeIncoming(d: DocRow): void {
    if (d.direction !== 'in') throw new AppError('invalid_state', 'Chỉ văn bản đến được trình, bút phê.');
    if (d.status !== 'registered') throw new AppError('invalid_state', 'Văn bản chưa vào sổ hoặc đã hủy, không xử lý được.');
  }

  // ---- deadlines ----------------------------------------------------------------------------------------------

  /**
   * The deadline of one assignee: the date given, or working days counted on the office calendar from today, or
   * `fallback` (the document's handling deadline, the parent's). A date before the directive's day is refused.
   */
  function dueOf(a: { dueDate?: string; dueWorkingDays?: number }, fallback: string | null, path: string): string | null {
    const day = today();
    let due: string | null;
    if (a.dueDate) due = a.dueDate;
    else if (a.dueWorkingDays) due = addWorkingDays(calendar.around(now()), day, a.dueWorkingDays);
    else due = fallback;
    if (due != null && due < day) {
      throw fieldError(`${path}.dueDate`, `Hạn giải quyết (${formatVnDate(due)}) không được trước ngày giao (${formatVnDate(day)}).`);
    }
    return due;
  }

  /** The assignee exists and is active. */
  function checkAssignee(a: { userId?: number; unitId?: number }, path: string, within: number[] | null): void {
    if (a.userId != null) {
      const u = user(a.userId);
      if (!u || u.status !== 'active') throw fieldError(`${path}.userId`, 'Người được giao không tồn tại hoặc đã bị khóa.');
      if (within && (u.unitId == null || !within.includes(u.unitId))) throw fieldError(`${path}.userId`, 'Chỉ giao cho cán bộ trong đơn vị mình.');
    } else if (a.unitId != null) {
      const n = unitStmt.get(a.unitId) as { active: number } | undefined;
      if (!n || !n.active) throw fieldError(`${path}.unitId`, 'Đơn vị không tồn tại hoặc đã ngừng hoạt động.');
      if (within && !within.includes(a.unitId)) throw fieldError(`${path}.unitId`, 'Chỉ giao cho đơn vị trong đơn vị mình.');
    }
  }

  // ---- shared writes ------------------------------------------------------------------------------------------

  function notifyTask(effects: Effects, t: { id: number; userId: number | null; unitId: number | null; kind: TaskKind }, kind: NotificationDto['kind'], text: string) {
    effects.notified.push(...log.notify(peopleOf(t, t.kind), { kind, text, documentId: effects.documentId, taskId: t.id }));
  }

  function grantFor(documentId: number, kind: TaskKind, a: { userId?: number | null; unitId?: number | null }, by: number): void {
    if (kind !== 'presented' && kind !== 'lead' && kind !== 'cooperate' && kind !== 'info') return;
    access.grant(documentId, kind, { userIds: a.userId != null ? [a.userId] : [], unitIds: a.unitId != null ? [a.unitId] : [] }, by, now());
  }

  const shortSubject = (s: string) => (s.length > 90 ? `${s.slice(0, 87)}…` : s);

  /** Register column 7 and the stamp's "Chuyển": the chủ trì and phối hợp of the latest office directive. */
  function refreshRecipient(documentId: number): void {
    const names = stmt(
      `SELECT coalesce(u.full_name, n.name) AS name, t.kind FROM tasks t
           LEFT JOIN users u ON u.id = t.user_id LEFT JOIN units n ON n.id = t.unit_id
          WHERE t.direction_id = (SELECT max(id) FROM directions WHERE document_id = ? AND level = 'office')
            AND t.kind IN ('lead', 'cooperate') AND t.status != 'cancelled'
          ORDER BY t.kind = 'cooperate', t.id`,
    ).all(documentId) as Array<{ name: string; kind: string }>;
    if (!names.length) return;
    const lead = names.filter((n) => n.kind === 'lead').map((n) => n.name);
    const coop = names.filter((n) => n.kind === 'cooperate').map((n) => n.name);
    const line = [lead.length ? `${lead.join(', ')} (chủ trì)` : null, coop.length ? `${coop.join(', ')} (phối hợp)` : null].filter(Boolean).join('; ');
    stmt('UPDATE documents SET recipient = ? WHERE id = ?').run(line, documentId);
  }

  /** Ends open tasks and every open task handed down from them. */
  function cancelTree(ids: number[], by: number): number[] {
    if (!ids.length) return [];
    const all = stmt(
      `WITH RECURSIVE tree(id) AS (SELECT value FROM json_each(?) UNION SELECT t.id FROM tasks t JOIN tree ON t.parent_id = tree.id)
         SELECT t.id FROM tasks t JOIN tree ON tree.id = t.id WHERE t.open_flag = 1`,
    )
      .pluck()
      .all(JSON.stringify(ids)) as number[];
    for (const id of all) log.closeTask(id, 'cancelled', by);
    return all;
  }

  /** Once every chủ trì task of the latest office directive is done, the document is handled. */
  function settleDocument(documentId: number): void {
    const r = stmt(
      `SELECT count(*) AS n, sum(status = 'done') AS done FROM tasks
          WHERE direction_id = (SELECT max(id) FROM directions WHERE document_id = ? AND level = 'office') AND kind = 'lead' AND status != 'cancelled'`,
    ).get(documentId) as { n: number; done: number | null };
    if (r.n > 0 && r.done === r.n) stmt("UPDATE documents SET handling_status = 'done', updated_at = ? WHERE id = ?").run(now(), documentId);
  }

  interface Assigned {
    kind: AssigneeKind;
    a: { userId?: number; unitId?: number; note?: string | null; dueDate?: string; dueWorkingDays?: number };
    path: string;
  }

  /** Creates the tasks of a directive or hand-down, grants the document to them and notifies them. */
  function assign(
    me: Actor,
    d: DocRow,
    list: Assigned[],
    opts: { directionId: number; parentId: number | null; fallbackDue: string | null; maxDue: string | null; effects: Effects; within: number[] | null },
  ) {
    const made: Array<{ id: number; kind: AssigneeKind; name: string; dueDate: string | null }> = [];
    const seen = new Set<string>();
    for (const { kind, a, path } of list) {
      checkAssignee(a, path, opts.within);
      const key = `${kind}:${a.userId ?? ''}:${a.unitId ?? ''}`;
      if (seen.has(key)) throw fieldError(path, 'Người hoặc đơn vị này đã có trong danh sách.');
      seen.add(key);
      const dueDate = kind === 'info' ? null : dueOf(a, opts.fallbackDue, path);
      if (dueDate != null && opts.maxDue != null && dueDate > opts.maxDue) {
        throw fieldError(`${path}.dueDate`, `Hạn giao (${formatVnDate(dueDate)}) không được sau hạn của việc được giao (${formatVnDate(opts.maxDue)}).`);
      }
      if (kind === 'info' && a.unitId != null) {
        // Để biết to a unit: the unit is given the document (new members see it too), and each present member gets
        // their own task, so one person opening it does not mark it read for the others.
        grantFor(d.id, kind, a, me.userId);
        for (const userId of membersStmt.all(a.unitId) as number[]) {
          const id = log.addTask({
            documentId: d.id,
            kind,
            userId,
            parentId: opts.parentId,
            directionId: opts.directionId,
            note: a.note ?? null,
            urgency: d.urgency,
            assignedBy: me.userId,
          });
          notifyTask(opts.effects, { id, userId, unitId: null, kind }, 'assigned', `Để biết: ${shortSubject(d.subject)}`);
        }
        made.push({ id: 0, kind, name: nameOf(a), dueDate: null });
        continue;
      }
      const id = log.addTask({
        documentId: d.id,
        kind,
        userId: a.userId ?? null,
        unitId: a.unitId ?? null,
        parentId: opts.parentId,
        directionId: opts.directionId,
        note: a.note ?? null,
        dueDate,
        urgency: d.urgency,
        assignedBy: me.userId,
      });
      grantFor(d.id, kind, a, me.userId);
      const due = dueDate ? `, hạn ${formatVnDate(dueDate)}` : '';
      const verb = kind === 'lead' ? 'Chủ trì xử lý' : kind === 'cooperate' ? 'Phối hợp xử lý' : 'Để biết';
      notifyTask(
        opts.effects,
        { id, userId: a.userId ?? null, unitId: a.unitId ?? null, kind },
        d.urgency >= 1 && kind !== 'info' ? 'urgent' : 'assigned',
        `${verb}: ${shortSubject(d.subject)}${due}`,
      );
      made.push({ id, kind, name: nameOf(a), dueDate });
    }
    return made;
  }

  function assigneeList(lead: AssigneeInput | undefined, cooperate: AssigneeInput[], info: Array<{ userId?: number; unitId?: number }>): Assigned[] {
    return [
      ...(lead ? [{ kind: 'lead' as const, a: lead, path: 'lead' }] : []),
      ...cooperate.map((a, i) => ({ kind: 'cooperate' as const, a, path: `cooperate.${i}` })),
      ...info.map((a, i) => ({ kind: 'info' as const, a, path: `info.${i}` })),
    ];
  }

  // ---- the writes ---------------------------------------------------------------------------------------------

  function present(me: Actor, input: { documentId: number; leaderId: number; note: string | null; usedSuggestion: boolean }): Effects {
    access.mustSee(me.viewer, input.documentId);
    const d = doc(input.documentId);
    mustBeIncoming(d);
    const leader = user(input.leaderId);
    if (!leader || leader.status !== 'active' || !(JSON.parse(leader.roles) as string[]).includes('leader')) {
      throw fieldError('leaderId', 'Người nhận trình phải là lãnh đạo đang hoạt động.');
    }
    const open = stmt("SELECT u.full_name FROM tasks t JOIN users u ON u.id = t.user_id WHERE t.document_id = ? AND t.kind = 'presented' AND t.open_flag = 1").pluck().get(d.id) as
      string | undefined;
    if (open) throw new AppError('invalid_state', `Văn bản đang trình lãnh đạo ${open}, chờ bút phê. Chỉ trình lại khi lãnh đạo trả lại.`);
    if (d.handlingStatus === 'done') throw new AppError('invalid_state', 'Văn bản đã xử lý xong; không trình lại.');
    const effects: Effects = { documentId: d.id, notified: [] };
    const id = log.addTask({ documentId: d.id, kind: 'presented', userId: leader.id, note: input.note, urgency: d.urgency, assignedBy: me.userId });
    grantFor(d.id, 'presented', { userId: leader.id }, me.userId);
    log.event({
      documentId: d.id,
      kind: 'presented',
      actorId: me.userId,
      taskId: id,
      text: input.note,
      data: { leaderId: leader.id, leaderName: leader.fullName, usedSuggestion: input.usedSuggestion },
    });
    notifyTask(effects, { id, userId: leader.id, unitId: null, kind: 'presented' }, d.urgency >= 1 ? 'urgent' : 'assigned', `Trình: ${shortSubject(d.subject)}`);
    return effects;
  }

  function direct(
    me: Actor,
    input: { documentId: number; text: string | null; lead: AssigneeInput; cooperate: AssigneeInput[]; info: Array<{ userId?: number; unitId?: number }> },
  ): Effects {
    access.mustSee(me.viewer, input.documentId);
    const d = doc(input.documentId);
    mustBeIncoming(d);
    const effects: Effects = { documentId: d.id, notified: [] };
    // The caller's own trình ends with the directive; a leader may also direct a document nobody presented.
    const presented = stmt("SELECT id FROM tasks WHERE document_id = ? AND kind = 'presented' AND open_flag = 1 AND user_id = ?").pluck().all(d.id, me.userId) as number[];
    // Directing again (after a return, or to correct it): the earlier directive's open work ends.
    const earlier = stmt(
      `SELECT t.id FROM tasks t JOIN directions r ON r.id = t.direction_id
          WHERE t.document_id = ? AND r.level = 'office' AND t.open_flag = 1 AND t.kind IN ('lead', 'cooperate')`,
    )
      .pluck()
      .all(d.id) as number[];
    const list = assigneeList(input.lead, input.cooperate, input.info);
    // Validate every deadline before anything is written.
    for (const x of list) if (x.kind !== 'info') dueOf(x.a, d.handlingDueDate, x.path);
    for (const id of presented) log.closeTask(id, 'done', me.userId, 'Đã bút phê');
    cancelTree(earlier, me.userId);
    const directionId = Number(
      stmt("INSERT INTO directions (document_id, level, text, by_id, at) VALUES (?, 'office', ?, ?, ?)").run(d.id, input.text, me.userId, now()).lastInsertRowid,
    );
    const made = assign(me, d, list, { directionId, parentId: presented[0] ?? null, fallbackDue: d.handlingDueDate, maxDue: null, effects, within: null });
    const lead = made.find((m) => m.kind === 'lead');
    stmt("UPDATE documents SET transfer_date = ?, handling_status = 'in_progress', handling_due_date = coalesce(?, handling_due_date), updated_at = ? WHERE id = ?").run(
      today(),
      lead?.dueDate ?? null,
      now(),
      d.id,
    );
    refreshRecipient(d.id);
    log.event({
      documentId: d.id,
      kind: 'directed',
      actorId: me.userId,
      taskId: lead?.id ?? null,
      text: input.text,
      data: {
        directionId,
        lead: lead?.name ?? null,
        dueDate: lead?.dueDate ?? null,
        cooperate: made.filter((m) => m.kind === 'cooperate').map((m) => m.name),
        info: made.filter((m) => m.kind === 'info').map((m) => m.name),
        ...(earlier.length ? { replaced: earlier } : {}),
      },
    });
    return effects;
  }

  function handDown(
    me: Actor,
    input: { taskId: number; text: string | null; lead?: AssigneeInput; cooperate: AssigneeInput[]; info: Array<{ userId?: number; unitId?: number }> },
  ): Effects {
    const t = visibleTask(me, input.taskId);
    mustBeRouted(t);
    if (t.kind !== 'lead' && t.kind !== 'cooperate') throw new AppError('invalid_state', 'Chỉ việc chủ trì, phối hợp mới giao tiếp được.');
    if (!isAssignee(me, t)) throw new AppError('forbidden', 'Chỉ người được giao hoặc lãnh đạo đơn vị được giao tiếp việc này.');
    mustBeOpen(t);
    const list = assigneeList(input.lead, input.cooperate, input.info);
    if (!list.length) throw fieldError('lead', 'Chọn người chủ trì, phối hợp hoặc để biết.');
    const d = doc(t.documentId);
    // Inside the unit the work was given to (or the unit of its assignee, or the actor's own), counting units below.
    const scope = t.unitId ?? (t.userId != null ? (user(t.userId)?.unitId ?? null) : null) ?? me.viewer.unitId ?? null;
    const effects: Effects = { documentId: d.id, notified: [] };
    const directionId = Number(
      stmt("INSERT INTO directions (document_id, level, text, by_id, at) VALUES (?, 'unit', ?, ?, ?)").run(d.id, input.text, me.userId, now()).lastInsertRowid,
    );
    const made = assign(me, d, list, { directionId, parentId: t.id, fallbackDue: t.dueDate, maxDue: t.dueDate, effects, within: scope != null ? subtree(scope) : null });
    stmt("UPDATE tasks SET status = 'in_progress' WHERE id = ? AND open_flag = 1").run(t.id);
    log.event({
      documentId: d.id,
      kind: 'handed_down',
      actorId: me.userId,
      taskId: t.id,
      text: input.text,
      data: {
        directionId,
        lead: made.find((m) => m.kind === 'lead')?.name ?? null,
        cooperate: made.filter((m) => m.kind === 'cooperate').map((m) => m.name),
        info: made.filter((m) => m.kind === 'info').map((m) => m.name),
      },
    });
    return effects;
  }

  function open(me: Actor, taskId: number): TaskDto {
    const t = visibleTask(me, taskId);
    if (isAssignee(me, t) || (t.unitId != null && t.kind === 'info' && me.viewer.unitId === t.unitId)) {
      if (t.readAt == null) stmt('UPDATE tasks SET read_at = ? WHERE id = ?').run(now(), t.id);
      if (t.kind === 'info' && t.openFlag === 1) {
        log.closeTask(t.id, 'done', me.userId);
        log.event({ documentId: t.documentId, kind: 'read', actorId: me.userId, taskId: t.id });
      }
    }
    return taskDto(t.id);
  }

  function comment(
    me: Actor,
    input: { documentId: number; taskId?: number; kind: 'comment' | 'progress'; text: string; files: Array<{ hash: string; fileName: string }> },
  ): Effects {
    access.mustSee(me.viewer, input.documentId);
    // A recalled document is frozen with its history (standards §3.9 function 8).
    if (doc(input.documentId).status === 'recalled') throw new AppError('document_frozen');
    if (input.taskId != null) {
      const t = visibleTask(me, input.taskId);
      if (t.documentId !== input.documentId) throw fieldError('taskId', 'Việc này không thuộc văn bản đang xem.');
    }
    input.files.forEach((f, i) => {
      if (!stmt('SELECT 1 FROM blobs WHERE hash = ?').get(f.hash)) throw fieldError(`files.${i}`, 'Tệp chưa được tải lên.');
      // One may attach what one uploaded, or a file one can already read; never a stranger's file by its hash.
      if (!access.canReadBlob(me.viewer, f.hash)) throw fieldError(`files.${i}`, 'Tệp chưa được tải lên.');
    });
    const files = input.files.map((f) => ({ hash: f.hash, fileName: f.fileName }));
    const eventId = log.event({
      documentId: input.documentId,
      kind: input.kind,
      actorId: me.userId,
      taskId: input.taskId ?? null,
      text: input.text,
      data: files.length ? { files } : null,
    });
    const add = stmt('INSERT INTO event_files (event_id, document_id, blob_hash, file_name) VALUES (?, ?, ?, ?)');
    for (const f of files) add.run(eventId, input.documentId, f.hash, f.fileName);
    return { documentId: input.documentId, notified: [] };
  }

  function returnTask(me: Actor, input: { taskId: number; reason: string }): Effects {
    const t = visibleTask(me, input.taskId);
    mustBeRouted(t);
    if (!isAssignee(me, t)) throw new AppError('forbidden', 'Chỉ người được giao mới trả lại được việc này.');
    mustBeOpen(t);
    const effects: Effects = { documentId: t.documentId, notified: [] };
    log.closeTask(t.id, 'returned', me.userId, input.reason);
    // Work handed down from it has no one to report to any more.
    const children = stmt('SELECT id FROM tasks WHERE parent_id = ? AND open_flag = 1').pluck().all(t.id) as number[];
    cancelTree(children, me.userId);
    log.event({ documentId: t.documentId, kind: 'returned', actorId: me.userId, taskId: t.id, text: input.reason, data: { kind: t.kind } });
    if (t.assignedBy != null) {
      const d = doc(t.documentId);
      effects.notified.push(
        ...log.notify([t.assignedBy], {
          kind: 'returned',
          text: `${nameOf({ userId: me.userId })} trả lại: ${shortSubject(d.subject)} — ${input.reason}`,
          documentId: d.id,
          taskId: t.id,
        }),
      );
    }
    return effects;
  }

  function reassign(me: Actor, input: { taskId: number; to: AssigneeInput; reason: string }): Effects {
    const t = visibleTask(me, input.taskId);
    mustBeRouted(t);
    const may = t.assignedBy === me.userId || me.roles.includes('leader') || headsAssignee(me, t);
    if (!may) throw new AppError('forbidden', 'Chỉ người giao việc, lãnh đạo hoặc lãnh đạo đơn vị được giao lại việc này.');
    mustBeOpen(t);
    if (t.kind === 'presented') {
      const u = input.to.userId != null ? user(input.to.userId) : undefined;
      if (!u || !(JSON.parse(u.roles) as string[]).includes('leader')) throw fieldError('to.userId', 'Văn bản trình chỉ giao lại cho lãnh đạo.');
    }
    if ((input.to.userId ?? null) === t.userId && (input.to.unitId ?? null) === t.unitId) throw fieldError('to.userId', 'Việc đang giao cho người, đơn vị này.');
    checkAssignee(input.to, 'to', null);
    const parentDue = t.parentId != null ? (task(t.parentId).dueDate ?? null) : null;
    const dueDate = t.kind === 'info' ? null : dueOf(input.to, t.dueDate, 'to');
    if (dueDate != null && parentDue != null && dueDate > parentDue && t.parentId != null && task(t.parentId).kind !== 'presented') {
      throw fieldError('to.dueDate', `Hạn giao (${formatVnDate(dueDate)}) không được sau hạn của việc được giao (${formatVnDate(parentDue)}).`);
    }
    const d = doc(t.documentId);
    const effects: Effects = { documentId: d.id, notified: [] };
    cancelTree([t.id], me.userId);
    const id = log.addTask({
      documentId: d.id,
      kind: t.kind,
      userId: input.to.userId ?? null,
      unitId: input.to.unitId ?? null,
      parentId: t.parentId,
      directionId: t.directionId,
      note: input.to.note ?? t.note,
      dueDate,
      urgency: d.urgency,
      assignedBy: me.userId,
    });
    grantFor(d.id, t.kind, input.to, me.userId);
    const from = nameOf(t);
    const to = nameOf(input.to);
    log.event({ documentId: d.id, kind: 'reassigned', actorId: me.userId, taskId: id, text: input.reason, data: { from, to, previousTaskId: t.id, dueDate } });
    notifyTask(
      effects,
      { id, userId: input.to.userId ?? null, unitId: input.to.unitId ?? null, kind: t.kind },
      d.urgency >= 1 ? 'urgent' : 'assigned',
      `Được giao lại: ${shortSubject(d.subject)}`,
    );
    if (t.userId != null && t.userId !== me.userId) {
      effects.notified.push(...log.notify([t.userId], { kind: 'assigned', text: `Việc đã được giao lại cho ${to}: ${shortSubject(d.subject)}`, documentId: d.id, taskId: t.id }));
    }
    if (t.kind === 'lead' || t.kind === 'cooperate') refreshRecipient(d.id);
    return effects;
  }

  function complete(me: Actor, input: { taskId: number; result: string | null; replyDocumentId?: number }): Effects {
    const t = visibleTask(me, input.taskId);
    mustBeRouted(t);
    if (!isAssignee(me, t)) throw new AppError('forbidden', 'Chỉ người được giao hoặc lãnh đạo đơn vị được giao mới hoàn thành được việc này.');
    mustBeOpen(t);
    if (input.replyDocumentId != null) {
      const r = docStmt.get(input.replyDocumentId) as DocRow | undefined;
      if (!r || !access.canSee(me.viewer, r.id)) throw fieldError('replyDocumentId', 'Không tìm thấy văn bản trả lời.');
      if (r.direction !== 'out') throw fieldError('replyDocumentId', 'Văn bản trả lời phải là văn bản đi.');
    }
    const effects: Effects = { documentId: t.documentId, notified: [] };
    const d = doc(t.documentId);
    const finish = (x: TaskRow, cascaded: boolean) => {
      log.closeTask(x.id, 'done', me.userId, input.result);
      if (input.replyDocumentId != null) stmt('UPDATE tasks SET reply_document_id = ? WHERE id = ?').run(input.replyDocumentId, x.id);
      log.event({
        documentId: d.id,
        kind: 'completed',
        actorId: me.userId,
        taskId: x.id,
        text: input.result,
        data: cascaded ? { cascaded: true, kind: x.kind } : { kind: x.kind },
      });
      if (x.assignedBy != null && x.assignedBy !== me.userId) {
        effects.notified.push(
          ...log.notify([x.assignedBy], { kind: 'completed', text: `${nameOf({ userId: me.userId })} đã hoàn thành: ${shortSubject(d.subject)}`, documentId: d.id, taskId: x.id }),
        );
      }
    };
    finish(t, false);
    if (input.replyDocumentId != null) {
      log.event({ documentId: d.id, kind: 'reply_linked', actorId: me.userId, taskId: t.id, data: { replyDocumentId: input.replyDocumentId } });
    }
    // The chủ trì of a hand-down finishing finishes the work it was handed down from, up to the directive.
    let x = t;
    while (x.kind === 'lead' && x.parentId != null) {
      const parent = task(x.parentId);
      if (parent.openFlag !== 1 || (parent.kind !== 'lead' && parent.kind !== 'cooperate')) break;
      finish(parent, true);
      x = parent;
    }
    settleDocument(d.id);
    return effects;
  }

  function remind(me: Actor, input: { taskId: number; text: string | null }): Effects {
    const t = visibleTask(me, input.taskId);
    const may = t.assignedBy === me.userId || me.roles.includes('leader') || headsAssignee(me, t);
    if (!may) throw new AppError('forbidden', 'Chỉ người giao việc, lãnh đạo hoặc lãnh đạo đơn vị được đôn đốc.');
    if (isAssignee(me, t)) throw new AppError('invalid_state', 'Không đôn đốc việc của chính mình.');
    mustBeOpen(t);
    const d = doc(t.documentId);
    const effects: Effects = { documentId: d.id, notified: [] };
    const due = t.dueDate ? ` (hạn ${formatVnDate(t.dueDate)})` : '';
    notifyTask(effects, t, 'reminder', `Đôn đốc${due}: ${shortSubject(d.subject)}${input.text ? ` — ${input.text}` : ''}`);
    log.event({ documentId: d.id, kind: 'reminded', actorId: me.userId, taskId: t.id, text: input.text, data: { to: nameOf(t) } });
    return effects;
  }

  /** An urgent document just registered: the leaders hear of it at once. */
  function urgentRegistered(documentId: number, by: number): Effects {
    const d = doc(documentId);
    const effects: Effects = { documentId, notified: [] };
    if (d.direction !== 'in' || d.urgency < 1) return effects;
    effects.notified.push(
      ...log.notify(
        (leadersStmt.all() as number[]).filter((id) => id !== by),
        { kind: 'urgent', text: `Văn bản khẩn vừa vào sổ: ${shortSubject(d.subject)}`, documentId },
      ),
    );
    return effects;
  }

  // ---- reading ------------------------------------------------------------------------------------------------

  function taskDto(id: number): TaskDto {
    const r = stmt(`SELECT ${DTO_COLS} FROM tasks t ${DTO_JOINS} WHERE t.id = ?`).get(id) as DtoRow;
    return toTaskDto(r, today());
  }

  /** Open tasks of the caller and of the units they head. */
  function inbox(
    me: Actor,
    input: { view: 'open' | 'done' | 'info'; kind?: TaskKind; overdueOnly: boolean; dueTodayOnly?: boolean; unreadOnly?: boolean; cursor?: string; limit: number },
  ) {
    const day = today();
    const params: Record<string, unknown> = { me: me.userId, kind: input.kind ?? null, today: day, limit: input.limit + 1, units: JSON.stringify(me.viewer.headOf) };
    const extra = `${input.kind ? ' AND t.kind = @kind' : ''}${input.overdueOnly ? ' AND t.due_date < @today' : ''}${input.dueTodayOnly ? ' AND t.due_date = @today' : ''}${
      input.unreadOnly ? ' AND t.read_at IS NULL' : ''
    }`;
    let rows: ItemRow[];
    let cursorOf: (r: ItemRow) => unknown[];
    if (input.view === 'open') {
      const c = decode(input.cursor, 3);
      let after = '';
      if (c) {
        Object.assign(params, { cu: c[0], cd: c[1], ci: c[2] });
        after = ' AND (t.urgency < @cu OR (t.urgency = @cu AND (t.due_sort > @cd OR (t.due_sort = @cd AND t.id > @ci))))';
      }
      // Two walks of the partial inbox indexes (the person's, the headed units'), merged; no sort of all rows.
      const own = `SELECT t.id, t.urgency, t.due_sort FROM tasks t WHERE t.user_id = @me AND t.open_flag = 1${extra}${after} ORDER BY t.urgency DESC, t.due_sort, t.id LIMIT @limit`;
      // One walk per headed unit: `unit_id = ?` reads the index in inbox order and stops after a page, where
      // `unit_id IN (…)` would sort every open task of those units (a head's p95 went from 25 ms to a few).
      const headed = me.viewer.headOf.slice(0, 20);
      headed.forEach((u, i) => (params[`u${i}`] = u));
      const unitWalk = (cond: string) =>
        ` UNION ALL SELECT * FROM (SELECT t.id, t.urgency, t.due_sort FROM tasks t WHERE ${cond} AND t.open_flag = 1${extra}${after} ORDER BY t.urgency DESC, t.due_sort, t.id LIMIT @limit)`;
      const unit =
        me.viewer.headOf.length > headed.length ? unitWalk('t.unit_id IN (SELECT value FROM json_each(@units))') : headed.map((_, i) => unitWalk(`t.unit_id = @u${i}`)).join('');
      rows = stmt(
        `SELECT ${ITEM_COLS} FROM (SELECT * FROM (SELECT * FROM (${own})${unit}) ORDER BY urgency DESC, due_sort, id LIMIT @limit) s
           JOIN tasks t ON t.id = s.id JOIN documents d ON d.id = t.document_id ${DTO_JOINS} ORDER BY s.urgency DESC, s.due_sort, s.id`,
      ).all(params) as ItemRow[];
      cursorOf = (r) => [r.urgency, r.dueDate ?? '9999-12-31', r.id];
    } else if (input.view === 'done') {
      const c = decode(input.cursor, 2);
      let after = '';
      if (c) {
        Object.assign(params, { ca: c[0], ci: c[1] });
        after = ' AND (t.completed_at < @ca OR (t.completed_at = @ca AND t.id < @ci))';
      }
      const ids = stmt(
        `SELECT t.id FROM tasks t WHERE t.user_id = @me AND t.status = 'done' AND t.completed_at IS NOT NULL${extra}${after} ORDER BY t.completed_at DESC, t.id DESC LIMIT @limit`,
      )
        .pluck()
        .all(params) as number[];
      rows = itemsByIds(ids);
      cursorOf = (r) => [r.completedAt, r.id];
    } else {
      const c = decode(input.cursor, 1);
      if (c) params.ci = c[0];
      params.unit = me.viewer.unitId ?? null;
      const ids = stmt(
        `SELECT id FROM (SELECT t.id FROM tasks t WHERE t.user_id = @me AND t.kind = 'info'${c ? ' AND t.id < @ci' : ''}
             UNION SELECT t.id FROM tasks t WHERE t.unit_id = @unit AND t.kind = 'info'${c ? ' AND t.id < @ci' : ''}) ORDER BY id DESC LIMIT @limit`,
      )
        .pluck()
        .all(params) as number[];
      rows = itemsByIds(ids);
      cursorOf = (r) => [r.id];
    }
    const more = rows.length > input.limit;
    const page = rows.slice(0, input.limit);
    // Routed tasks gave their document to their assignee (access.grant); drafts' tasks are checked against the rule.
    const unsure = page.filter((r) => !ROUTED.includes(r.kind)).map((r) => r.documentId);
    const visible = unsure.length ? access.visibleOf(me.viewer, unsure) : new Set<number>();
    return {
      items: page.filter((r) => ROUTED.includes(r.kind) || visible.has(r.documentId)).map((r) => toInboxItem(r, day)),
      nextCursor: more && page.length ? encode(cursorOf(page[page.length - 1])) : null,
      counts: counts(me),
    };
  }

  /** The rows of these tasks with their documents, in the order given. */
  function itemsByIds(ids: number[]): ItemRow[] {
    if (!ids.length) return [];
    const rows = stmt(`SELECT ${ITEM_COLS} FROM tasks t JOIN documents d ON d.id = t.document_id ${DTO_JOINS} WHERE t.id IN (SELECT value FROM json_each(?))`).all(
      JSON.stringify(ids),
    ) as ItemRow[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)).filter((r): r is ItemRow => !!r);
  }

  function counts(me: Actor): InboxCounts {
    const day = today();
    const soon = addDays(day, DUE_SOON_DAYS);
    const p = { me: me.userId, units: JSON.stringify(me.viewer.headOf), today: day, soon };
    // due_sort (no deadline = 9999-12-31) and urgency are in the partial inbox indexes: the counts read only them.
    const sel = `count(*) AS open, coalesce(sum(due_sort < @today), 0) AS overdue, coalesce(sum(due_sort >= @today AND due_sort <= @soon), 0) AS dueSoon, coalesce(sum(urgency >= 1), 0) AS urgent`;
    const a = stmt(`SELECT ${sel} FROM tasks INDEXED BY tasks_user_inbox_idx WHERE user_id = @me AND open_flag = 1`).get(p) as Omit<InboxCounts, 'unreadNotifications'>;
    const b = me.viewer.headOf.length
      ? (stmt(`SELECT ${sel} FROM tasks INDEXED BY tasks_unit_inbox_idx WHERE unit_id IN (SELECT value FROM json_each(@units)) AND open_flag = 1`).get(p) as Omit<
          InboxCounts,
          'unreadNotifications'
        >)
      : { open: 0, overdue: 0, dueSoon: 0, urgent: 0 };
    const unread = unreadCount(me.userId);
    return { open: a.open + b.open, overdue: a.overdue + b.overdue, dueSoon: a.dueSoon + b.dueSoon, urgent: a.urgent + b.urgent, unreadNotifications: unread };
  }

  /** What the caller gave to others (chủ trì, phối hợp), with its state. */
  function directed(me: Actor, input: { state: 'open' | 'overdue' | 'done' | 'all'; cursor?: string; limit: number }) {
    const day = today();
    const a = accessSql(me.viewer);
    const params: Record<string, unknown> = { ...a.params, me: me.userId, today: day, limit: input.limit + 1 };
    const cond = {
      open: 't.open_flag = 1',
      overdue: 't.open_flag = 1 AND t.due_date < @today',
      done: "t.open_flag = 0 AND t.status = 'done'",
      all: "t.status != 'cancelled'",
    }[input.state];
    const byDue = input.state === 'open' || input.state === 'overdue';
    const c = decode(input.cursor, 2);
    let after = '';
    if (c) {
      Object.assign(params, { c0: c[0], c1: c[1] });
      after = byDue ? ' AND (t.due_sort > @c0 OR (t.due_sort = @c0 AND t.id > @c1))' : ' AND t.id < @c1';
    }
    const order = byDue ? 't.due_sort, t.id' : 't.id DESC';
    const rows = stmt(
      `SELECT ${ITEM_COLS} FROM tasks t JOIN documents d ON d.id = t.document_id ${DTO_JOINS}
          WHERE t.assigned_by = @me AND t.kind IN ('lead', 'cooperate') AND ${cond}${after} AND ${a.clause} ORDER BY ${order} LIMIT @limit`,
    ).all(params) as ItemRow[];
    const more = rows.length > input.limit;
    const page = rows.slice(0, input.limit);
    const last = page[page.length - 1];
    return { items: page.map((r) => toInboxItem(r, day)), nextCursor: more && last ? encode([last.dueDate ?? '9999-12-31', last.id]) : null };
  }

  /** Open work past its deadline, counted per unit and per person, and the most overdue items. */
  function overdue(me: Actor, input: { unitId?: number; limit: number }): OverdueReport {
    const day = today();
    const units = input.unitId != null ? subtree(input.unitId) : null;
    // Two walks of the partial inbox indexes, which hold everything counted here (no table row is read, no sort):
    // open tasks per person, then per unit for work given to a unit; a person's tasks count for their unit.
    const perUser = stmt(
      `SELECT user_id AS userId, count(*) AS open, sum(due_sort < @today) AS overdue FROM tasks INDEXED BY tasks_user_inbox_idx
        WHERE user_id IS NOT NULL AND open_flag = 1 GROUP BY user_id`,
    ).all({ today: day }) as Array<{ userId: number; open: number; overdue: number }>;
    const perUnit = stmt(
      `SELECT unit_id AS unitId, count(*) AS open, sum(due_sort < @today) AS overdue FROM tasks INDEXED BY tasks_unit_inbox_idx
        WHERE unit_id IS NOT NULL AND open_flag = 1 GROUP BY unit_id`,
    ).all({ today: day }) as Array<{ unitId: number; open: number; overdue: number }>;
    const unitOf = new Map((stmt('SELECT id, unit_id AS unitId FROM users').all() as Array<{ id: number; unitId: number | null }>).map((u) => [u.id, u.unitId]));
    const groups = [...perUser.map((g) => ({ ...g, unitId: unitOf.get(g.userId) ?? null })), ...perUnit.map((g) => ({ ...g, userId: null as number | null }))];
    const inScope = (unitId: number | null) => !units || (unitId != null && units.includes(unitId));
    const unitNames = new Map((stmt('SELECT id, name FROM units').all() as Array<{ id: number; name: string }>).map((u) => [u.id, u.name]));
    const userNames = new Map((stmt('SELECT id, full_name AS name FROM users').all() as Array<{ id: number; name: string }>).map((u) => [u.id, u.name]));
    const byUnit = new Map<number | null, OverdueRow>();
    const byPerson = new Map<number, OverdueRow>();
    let total = 0;
    for (const g of groups) {
      if (!inScope(g.unitId)) continue;
      total += g.overdue;
      const u = byUnit.get(g.unitId) ?? {
        unitId: g.unitId,
        unitName: g.unitId != null ? (unitNames.get(g.unitId) ?? null) : null,
        userId: null,
        userName: null,
        open: 0,
        overdue: 0,
      };
      u.open += g.open;
      u.overdue += g.overdue;
      byUnit.set(g.unitId, u);
      if (g.userId != null) {
        const p = byPerson.get(g.userId) ?? {
          unitId: g.unitId,
          unitName: g.unitId != null ? (unitNames.get(g.unitId) ?? null) : null,
          userId: g.userId,
          userName: userNames.get(g.userId) ?? null,
          open: 0,
          overdue: 0,
        };
        p.open += g.open;
        p.overdue += g.overdue;
        byPerson.set(g.userId, p);
      }
    }
    const rank = (a: OverdueRow, b: OverdueRow) => b.overdue - a.overdue || b.open - a.open;
    const a = accessSql(me.viewer);
    const scope = units ? ' AND coalesce(t.unit_id, (SELECT unit_id FROM users WHERE id = t.user_id)) IN (SELECT value FROM json_each(@units))' : '';
    const rows = stmt(
      `SELECT ${ITEM_COLS} FROM tasks t INDEXED BY tasks_open_due_idx JOIN documents d ON d.id = t.document_id ${DTO_JOINS}
          WHERE t.open_flag = 1 AND t.due_date < @today AND t.kind != 'info'${scope} AND ${a.clause} ORDER BY t.due_date, t.id LIMIT @limit`,
    ).all({ ...a.params, today: day, limit: input.limit, units: JSON.stringify(units ?? []) }) as ItemRow[];
    return {
      asOf: day,
      byUnit: [...byUnit.values()].filter((r) => r.open > 0).sort(rank),
      byPerson: [...byPerson.values()].sort(rank),
      items: rows.map((r) => toInboxItem(r, day)),
      total,
    };
  }

  /** The document's routing: tasks, directives, history, the stamp's "Chuyển", replies, and what the caller may do. */
  function get(me: Actor, documentId: number): DocumentWorkflow {
    access.mustSee(me.viewer, documentId);
    const day = today();
    const d = doc(documentId);
    const taskRows = stmt(`SELECT ${DTO_COLS} FROM tasks t ${DTO_JOINS} WHERE t.document_id = ? ORDER BY t.id`).all(documentId) as DtoRow[];
    const tasks = taskRows.map((r) => toTaskDto(r, day));
    const dirRows = stmt(
      `SELECT r.id, r.document_id AS documentId, r.level, r.text, r.by_id AS byId, u.full_name AS byName, u.position AS byPosition, r.at
           FROM directions r JOIN users u ON u.id = r.by_id WHERE r.document_id = ? ORDER BY r.id`,
    ).all(documentId) as Array<Omit<DirectionDto, 'taskIds'>>;
    const directions: DirectionDto[] = dirRows.map((r) => ({ ...r, taskIds: taskRows.filter((t) => t.directionId === r.id).map((t) => t.id) }));
    const evRows = stmt(
      `SELECT e.id, e.document_id AS documentId, e.task_id AS taskId, e.kind, e.at, e.actor_id AS actorId, u.full_name AS actorName, e.text, e.data
           FROM document_events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.document_id = ? ORDER BY e.id`,
    ).all(documentId) as Array<Omit<TimelineEvent, 'data' | 'files'> & { data: string | null }>;
    const timeline: TimelineEvent[] = evRows.map((e) => {
      const data = e.data ? (JSON.parse(e.data) as Record<string, unknown>) : null;
      const files = Array.isArray(data?.files) ? (data.files as Array<{ hash: string; fileName: string }>) : [];
      return { ...e, data, files };
    });
    const transfer = stmt('SELECT recipient FROM documents WHERE id = ?').pluck().get(documentId) as string | null;
    // Replies: outgoing documents linked by a completed task (and the incoming one an outgoing document answers).
    const replyIds = [...new Set(taskRows.map((t) => t.replyDocumentId).filter((x): x is number => x != null))];
    const answered = stmt("SELECT DISTINCT t.document_id FROM tasks t WHERE t.reply_document_id = ? AND t.status = 'done'").pluck().all(documentId) as number[];
    // … and drafts written as a reply to it (outgoing_documents.reply_to_id), or the incoming one a draft answers.
    const drafted = stmt(
      'SELECT document_id FROM outgoing_documents WHERE reply_to_id = @id UNION SELECT reply_to_id FROM outgoing_documents WHERE document_id = @id AND reply_to_id IS NOT NULL',
    )
      .pluck()
      .all({ id: documentId }) as number[];
    const linked = [...new Set([...replyIds, ...answered, ...drafted])];
    const visible = access.visibleOf(me.viewer, linked);
    const replies = linked
      .filter((id) => visible.has(id))
      .map((id) => {
        const r = stmt('SELECT id, code_number AS codeNumber, code_notation AS codeNotation, subject, status, direction FROM documents WHERE id = ?').get(id) as {
          id: number;
          codeNumber: string | null;
          codeNotation: string | null;
          subject: string;
          status: string;
        };
        return { id: r.id, code: formatCode(r.codeNumber, r.codeNotation) || null, subject: r.subject, status: r.status };
      });
    const open = taskRows.filter((t) => t.openFlag === 1 && ROUTED.includes(t.kind));
    const incoming = d.direction === 'in' && d.status === 'registered';
    const isLeader = me.roles.includes('leader');
    const mine = (t: TaskRow) => isAssignee(me, t);
    const can = {
      present: incoming && d.handlingStatus !== 'done' && me.roles.includes('clerk') && !taskRows.some((t) => t.kind === 'presented' && t.openFlag === 1),
      direct: incoming && isLeader,
      handDown: open.filter((t) => (t.kind === 'lead' || t.kind === 'cooperate') && mine(t)).map((t) => t.id),
      complete: open.filter(mine).map((t) => t.id),
      returnTask: open.filter(mine).map((t) => t.id),
      reassign: open.filter((t) => t.assignedBy === me.userId || isLeader || headsAssignee(me, t)).map((t) => t.id),
      // Đôn đốc is for someone else's work, never one's own.
      remind: open.filter((t) => !mine(t) && (t.assignedBy === me.userId || isLeader || headsAssignee(me, t))).map((t) => t.id),
    };
    return { documentId, tasks, directions, timeline, transfer, replies, can };
  }

  // ---- notifications ------------------------------------------------------------------------------------------

  const noteCols = 'id, at, kind, text, document_id AS documentId, task_id AS taskId, link, read_at IS NOT NULL AS read';
  const toNote = (r: Omit<NotificationDto, 'read'> & { read: number }): NotificationDto => ({ ...r, read: r.read === 1 });

  function notification(id: number): NotificationDto {
    return toNote(stmt(`SELECT ${noteCols} FROM notifications WHERE id = ?`).get(id) as Omit<NotificationDto, 'read'> & { read: number });
  }

  function unreadCount(userId: number): number {
    return stmt('SELECT count(*) FROM notifications WHERE user_id = ? AND read_at IS NULL').pluck().get(userId) as number;
  }

  function notificationsList(userId: number, input: { unreadOnly: boolean; limit: number }) {
    const rows = stmt(`SELECT ${noteCols} FROM notifications WHERE user_id = ?${input.unreadOnly ? ' AND read_at IS NULL' : ''} ORDER BY id DESC LIMIT ?`).all(
      userId,
      input.limit,
    ) as Array<Omit<NotificationDto, 'read'> & { read: number }>;
    return { items: rows.map(toNote), unread: unreadCount(userId) };
  }

  function notificationsRead(userId: number, input: { ids: number[]; all: boolean }): { unread: number } {
    if (input.all) stmt('UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL').run(now(), userId);
    else if (input.ids.length) {
      stmt('UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL AND id IN (SELECT value FROM json_each(?))').run(now(), userId, JSON.stringify(input.ids));
    }
    return { unread: unreadCount(userId) };
  }

  /** Open tasks given to a unit (or its units below): a unit with work in hand cannot be closed. */
  function openTasksOfUnit(unitId: number): Array<{ id: number; documentId: number; kind: TaskKind; subject: string; dueDate: string | null }> {
    return stmt(
      `SELECT t.id, t.document_id AS documentId, t.kind, d.subject, t.due_date AS dueDate FROM tasks t JOIN documents d ON d.id = t.document_id
          WHERE t.unit_id = ? AND t.open_flag = 1 ORDER BY t.id LIMIT 200`,
    ).all(unitId) as Array<{ id: number; documentId: number; kind: TaskKind; subject: string; dueDate: string | null }>;
  }

  return {
    log,
    present,
    direct,
    handDown,
    open,
    comment,
    returnTask,
    reassign,
    complete,
    remind,
    urgentRegistered,
    inbox,
    counts,
    directed,
    overdue,
    get,
    taskDto,
    notification,
    notificationsList,
    notificationsRead,
    openTasksOfUnit,
  };
}

export type WorkflowService = ReturnType<typeof createWorkflow>;
