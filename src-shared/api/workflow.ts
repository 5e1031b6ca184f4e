// Contract for routing and handling (trình, bút phê, chuyển xử lý): presenting a document to a leader, the
// leader's directive, handing down inside a unit, each person's Việc cần xử lý, handling, the timeline, follow-up
// (đôn đốc, overdue), notifications, the routing suggestion and the two prints of standards §3.4. Mirrors
// src-main/workflow/. Tasks of outgoing drafts (review, issue) live in the same inbox; outgoing.* creates them.

import { z } from 'zod';
import type { Urgency } from '../documents';
import { id, isoDate, longText, method, text, type BinaryOut } from './define';
import { fileRef } from './documents';

// ---- code tables -----------------------------------------------------------------------------------------------

/** What a task asks of its assignee. presented: a leader is to direct it; review/issue: an outgoing draft. */
export const TASK_KINDS = {
  presented: 'Trình',
  lead: 'Chủ trì',
  cooperate: 'Phối hợp',
  info: 'Để biết',
  review: 'Xem xét dự thảo',
  issue: 'Ban hành',
} as const;
export type TaskKind = keyof typeof TASK_KINDS;

export const TASK_STATUS = {
  open: 'Chưa xử lý',
  in_progress: 'Đang xử lý',
  returned: 'Đã trả lại',
  done: 'Đã xong',
  /** Ended by someone else: reassigned, the document recalled or voided, the draft issued by another clerk. */
  cancelled: 'Đã kết thúc',
} as const;
export type TaskStatus = keyof typeof TASK_STATUS;

/** Entries of a document's processing history (the timeline; sync later carries them as edXML statuses 04/05/06). */
export const TIMELINE_KINDS = {
  registered: 'Vào sổ',
  presented: 'Trình lãnh đạo',
  directed: 'Bút phê, chỉ đạo',
  handed_down: 'Giao xử lý',
  comment: 'Ý kiến',
  progress: 'Tiến độ',
  attached: 'Đính kèm tệp',
  returned: 'Trả lại',
  reassigned: 'Giao lại',
  completed: 'Hoàn thành',
  read: 'Đã xem',
  reminded: 'Đôn đốc',
  draft_created: 'Tạo dự thảo',
  draft_version: 'Cập nhật dự thảo',
  submitted: 'Trình duyệt dự thảo',
  approved: 'Duyệt dự thảo',
  draft_returned: 'Trả lại dự thảo',
  sent_to_issue: 'Chuyển ban hành',
  issued: 'Ban hành',
  recalled: 'Thu hồi',
  reply_linked: 'Văn bản trả lời',
  signed: 'Ký số',
  timestamped: 'Thêm dấu thời gian',
  copy_made: 'Tạo bản sao điện tử',
} as const;
export type TimelineKind = keyof typeof TIMELINE_KINDS;

/** How many days ahead a deadline counts as "sắp đến hạn" (due soon) in the inbox and the counts. */
export const DUE_SOON_DAYS = 2;

// ---- shapes returned -------------------------------------------------------------------------------------------

export interface AssigneeRef {
  userId: number | null;
  userName: string | null;
  unitId: number | null;
  unitName: string | null;
}

export interface TaskDto extends AssigneeRef {
  id: number;
  documentId: number;
  /** The task this one was handed down from (a unit head's hand-down, a presented task's directive). */
  parentId: number | null;
  kind: TaskKind;
  status: TaskStatus;
  /** The directive or hand-down note addressed to this assignee. */
  note: string | null;
  dueDate: string | null;
  assignedAt: number;
  assignedById: number | null;
  assignedByName: string | null;
  completedAt: number | null;
  completedByName: string | null;
  result: string | null;
  replyDocumentId: number | null;
  /** Computed for today (Vietnam): past its due date and not finished. */
  overdue: boolean;
  dueSoon: boolean;
}

/** One line of Việc cần xử lý: the task with what the list needs of its document. */
export interface InboxItem extends TaskDto {
  direction: 'in' | 'out';
  subject: string;
  issuerName: string;
  codeNumber: string | null;
  codeNotation: string | null;
  arrivalNumber: number | null;
  typeName: string | null;
  urgency: Urgency;
  restricted: boolean;
  /** Not yet opened by the assignee: shown in bold. */
  unread: boolean;
}

export interface InboxCounts {
  /** Open tasks (open or in progress) of the caller, their units' included when they head one. */
  open: number;
  dueSoon: number;
  overdue: number;
  /** Urgent (Khẩn and above) among the open ones. */
  urgent: number;
  unreadNotifications: number;
}

export interface InboxPage {
  items: InboxItem[];
  nextCursor: string | null;
  counts: InboxCounts;
}

/** A leader's bút phê or a unit head's hand-down: the words and the tasks it made. */
export interface DirectionDto {
  id: number;
  documentId: number;
  /** 'office': lãnh đạo cơ quan (part 1 of the Phiếu); 'unit': lãnh đạo đơn vị (part 2). */
  level: 'office' | 'unit';
  text: string | null;
  byId: number;
  byName: string;
  byPosition: string | null;
  at: number;
  taskIds: number[];
}

export interface TimelineEvent {
  id: number;
  documentId: number;
  taskId: number | null;
  kind: TimelineKind;
  at: number;
  actorId: number | null;
  actorName: string | null;
  text: string | null;
  /** Kind-specific details (recipients, version, number …), already in plain words where shown. */
  data: Record<string, unknown> | null;
  files: Array<{ hash: string; fileName: string }>;
}

/** Everything the document screen shows of its routing, and what the caller may do there. */
export interface DocumentWorkflow {
  documentId: number;
  tasks: TaskDto[];
  directions: DirectionDto[];
  timeline: TimelineEvent[];
  /** "Chuyển" line of the arrival stamp: the directive's recipients, once directed. */
  transfer: string | null;
  /** Replies (outgoing documents) linked to this incoming one, and the incoming one an outgoing replies to. */
  replies: Array<{ id: number; code: string | null; subject: string; status: string }>;
  /** What the caller may do (the core checks again). */
  can: { present: boolean; direct: boolean; handDown: number[]; complete: number[]; returnTask: number[]; reassign: number[]; remind: number[] };
}

export interface SuggestionExample {
  documentId: number;
  code: string | null;
  subject: string;
  issuerName: string;
  arrivalAt: number;
  leaderName: string | null;
  leadName: string | null;
  dueDays: number | null;
  /** Why it counts: same issuer, similar subject, or both. */
  reason: 'issuer' | 'subject' | 'both';
}

export interface RoutingSuggestion {
  leader: { id: number; name: string } | null;
  lead: { userId: number | null; unitId: number | null; name: string } | null;
  /** Working days from the directive to the deadline that similar documents were given. */
  dueWorkingDays: number | null;
  /** Share of the examples that agree with the suggested lead (0–1). */
  confidence: number;
  examples: SuggestionExample[];
}

export interface OverdueRow {
  unitId: number | null;
  unitName: string | null;
  userId: number | null;
  userName: string | null;
  open: number;
  overdue: number;
}

export interface OverdueReport {
  asOf: string;
  byUnit: OverdueRow[];
  byPerson: OverdueRow[];
  /** The overdue tasks themselves, most overdue first (at most `limit`). */
  items: InboxItem[];
  total: number;
}

export interface NotificationDto {
  id: number;
  at: number;
  kind: 'assigned' | 'urgent' | 'reminder' | 'returned' | 'completed' | 'review' | 'approved' | 'issue' | 'recalled';
  text: string;
  documentId: number | null;
  taskId: number | null;
  /** In-app route of a notice that is not about a document (a schedule week, a records file). */
  link: string | null;
  read: boolean;
}

// ---- inputs ----------------------------------------------------------------------------------------------------

/**
 * Whom a directive gives work to, and by when: a calendar date, or a number of working days from the directive's
 * date counted on the office calendar (holidays and compensating days included). Neither = the document's
 * handling deadline, or the office default.
 */
export const assignee = z
  .object({
    userId: id.optional(),
    unitId: id.optional(),
    dueDate: isoDate.optional(),
    dueWorkingDays: z.number().int().min(1).max(365).optional(),
    note: longText(2000),
  })
  .refine((a) => (a.userId == null) !== (a.unitId == null), { message: 'Chọn một người hoặc một đơn vị.', path: ['userId'] })
  .refine((a) => a.dueDate == null || a.dueWorkingDays == null, { message: 'Chỉ chọn hạn theo ngày hoặc theo số ngày làm việc.', path: ['dueDate'] });
export type AssigneeInput = z.input<typeof assignee>;

const forInfo = z.object({ userId: id.optional(), unitId: id.optional() }).refine((a) => (a.userId == null) !== (a.unitId == null), {
  message: 'Chọn một người hoặc một đơn vị.',
  path: ['userId'],
});

const cursorPage = { cursor: z.string().max(200).optional(), limit: z.number().int().min(1).max(200).default(50) };

// ---- methods ---------------------------------------------------------------------------------------------------

export const workflowApi = {
  'workflow.present': method<DocumentWorkflow>()({
    input: z.object({ documentId: id, leaderId: id, note: longText(2000), usedSuggestion: z.boolean().default(false) }),
    access: 'session',
    permission: 'workflow.present',
    mutates: true,
    summary: 'Trình văn bản đến cho lãnh đạo.',
  }),
  'workflow.suggest': method<RoutingSuggestion>()({
    input: z.object({ documentId: id }),
    access: 'session',
    permission: 'workflow.present',
    mutates: false,
    summary: 'Gợi ý lãnh đạo, đơn vị chủ trì, thời hạn từ các văn bản tương tự đã xử lý.',
  }),
  'workflow.direct': method<DocumentWorkflow>()({
    input: z.object({
      documentId: id,
      text: longText(4000),
      lead: assignee,
      cooperate: z.array(assignee).max(50).default([]),
      info: z.array(forInfo).max(100).default([]),
    }),
    access: 'session',
    permission: 'workflow.direct',
    mutates: true,
    summary: 'Bút phê, giao chủ trì, phối hợp, thời hạn giải quyết.',
  }),
  'workflow.handDown': method<DocumentWorkflow>()({
    input: z.object({
      taskId: id,
      text: longText(4000),
      lead: assignee.optional(),
      cooperate: z.array(assignee).max(50).default([]),
      info: z.array(forInfo).max(100).default([]),
    }),
    access: 'session',
    permission: null,
    mutates: true,
    summary: 'Lãnh đạo đơn vị giao xử lý cho cán bộ trong đơn vị.',
  }),
  'workflow.get': method<DocumentWorkflow>()({
    input: z.object({ documentId: id }),
    access: 'session',
    permission: 'documents.read',
    mutates: false,
    summary: 'Quá trình xử lý của văn bản: phân công, ý kiến, lịch sử.',
  }),
  'workflow.inbox': method<InboxPage>()({
    input: z
      .object({
        /** open: chưa xong; done: đã xong; info: để biết. */
        view: z.enum(['open', 'done', 'info']).default('open'),
        kind: z.enum(['presented', 'lead', 'cooperate', 'info', 'review', 'issue']).optional(),
        overdueOnly: z.boolean().default(false),
        /** The dashboard's "Đến hạn hôm nay" and "Mới" (not yet opened): the list behind each number. */
        dueTodayOnly: z.boolean().default(false),
        unreadOnly: z.boolean().default(false),
        ...cursorPage,
      })
      .default({ view: 'open', overdueOnly: false, dueTodayOnly: false, unreadOnly: false, limit: 50 }),
    access: 'session',
    permission: null,
    mutates: false,
    summary: 'Việc cần xử lý của người dùng: khẩn trước, rồi theo hạn.',
  }),
  'workflow.counts': method<InboxCounts>()({
    input: z.object({}).optional().default({}),
    access: 'session',
    permission: null,
    mutates: false,
    summary: 'Số việc đang chờ, sắp đến hạn, quá hạn (hiện trên thanh điều hướng).',
  }),
  'workflow.open': method<TaskDto>()({
    input: z.object({ taskId: id }),
    access: 'session',
    permission: null,
    mutates: true,
    summary: 'Đánh dấu đã xem việc được giao (việc để biết: đã xong).',
  }),
  'workflow.comment': method<DocumentWorkflow>()({
    input: z.object({
      documentId: id,
      taskId: id.optional(),
      kind: z.enum(['comment', 'progress']).default('comment'),
      text: text(4000),
      files: z.array(fileRef).max(20).default([]),
    }),
    access: 'session',
    permission: 'documents.read',
    mutates: true,
    summary: 'Ghi ý kiến, tiến độ xử lý, đính kèm tệp.',
  }),
  'workflow.return': method<DocumentWorkflow>()({
    input: z.object({ taskId: id, reason: text(2000) }),
    access: 'session',
    permission: null,
    mutates: true,
    summary: 'Trả lại việc cho người giao, kèm lý do.',
  }),
  'workflow.reassign': method<DocumentWorkflow>()({
    input: z.object({ taskId: id, to: assignee, reason: text(2000) }),
    access: 'session',
    permission: null,
    mutates: true,
    summary: 'Giao lại việc cho người hoặc đơn vị khác.',
  }),
  'workflow.complete': method<DocumentWorkflow>()({
    input: z
      .object({ taskId: id, result: longText(4000), replyDocumentId: id.optional() })
      .refine((v) => !!v.result || v.replyDocumentId != null, { message: 'Nhập kết quả xử lý hoặc chọn văn bản trả lời.', path: ['result'] }),
    access: 'session',
    permission: null,
    mutates: true,
    summary: 'Hoàn thành xử lý (kết quả, văn bản trả lời).',
  }),
  'workflow.remind': method<DocumentWorkflow>()({
    input: z.object({ taskId: id, text: longText(1000) }),
    access: 'session',
    permission: null,
    mutates: true,
    summary: 'Đôn đốc người được giao.',
  }),
  'workflow.directed': method<{ items: InboxItem[]; nextCursor: string | null }>()({
    input: z.object({ state: z.enum(['open', 'overdue', 'done', 'all']).default('open'), ...cursorPage }).default({ state: 'open', limit: 50 }),
    access: 'session',
    permission: 'workflow.direct',
    mutates: false,
    summary: 'Việc lãnh đạo đã giao và tình trạng (theo dõi, đôn đốc).',
  }),
  'workflow.overdue': method<OverdueReport>()({
    input: z.object({ unitId: id.optional(), limit: z.number().int().min(1).max(500).default(100) }).default({ limit: 100 }),
    access: 'session',
    permission: 'workflow.follow',
    mutates: false,
    summary: 'Việc quá hạn theo đơn vị và cá nhân.',
  }),
  'workflow.printSlip': method<BinaryOut>()({
    input: z.object({ documentId: id }),
    access: 'session',
    permission: 'documents.read',
    mutates: true,
    binary: 'output',
    summary: 'In Phiếu giải quyết văn bản đến (PDF).',
  }),
  'workflow.printTracking': method<BinaryOut>()({
    input: z.object({ from: isoDate, to: isoDate, unitId: id.optional() }).refine((v) => v.from <= v.to, { message: 'Ngày bắt đầu sau ngày kết thúc.', path: ['to'] }),
    access: 'session',
    permission: 'documents.export',
    mutates: true,
    binary: 'output',
    summary: 'In Sổ theo dõi giải quyết văn bản đến (PDF).',
  }),
  'notifications.list': method<{ items: NotificationDto[]; unread: number }>()({
    input: z.object({ unreadOnly: z.boolean().default(false), limit: z.number().int().min(1).max(100).default(30) }).default({ unreadOnly: false, limit: 30 }),
    access: 'session',
    permission: null,
    mutates: false,
    summary: 'Thông báo của người dùng.',
  }),
  'notifications.read': method<{ unread: number }>()({
    input: z.object({ ids: z.array(id).max(200).default([]), all: z.boolean().default(false) }),
    access: 'session',
    permission: null,
    mutates: true,
    summary: 'Đánh dấu đã đọc thông báo.',
  }),
} as const;
