// Contract for weekly work schedules (lịch công tác): the office's, each unit's and each person's week, its
// entries, publishing and adjustments (điều chỉnh), the combined "Lịch của tôi", printing (PDF) and .ics export.
// Mirrors src-main/schedule/. Week and slot rules live in src-shared/schedule/week.ts.

import { z } from 'zod';
import { clockTime, id, isoDate, longText, method, optText, text, type BinaryOut } from './define';

export const OWNER_KINDS = { office: 'Lịch cơ quan', unit: 'Lịch đơn vị', person: 'Lịch cá nhân' } as const;
export type OwnerKind = keyof typeof OWNER_KINDS;

export const WEEK_STATES = { draft: 'Dự thảo', published: 'Đã ban hành' } as const;
export type WeekState = keyof typeof WEEK_STATES;

/** Marks of a change made after the week was published ("điều chỉnh"). */
export const ADJUSTMENTS = { added: 'Bổ sung', changed: 'Điều chỉnh', cancelled: 'Hủy' } as const;
export type Adjustment = keyof typeof ADJUSTMENTS;

const SLOTS = ['time', 'morning', 'afternoon', 'allday'] as const;

export const owner = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('office') }),
  z.object({ kind: z.literal('unit'), id }),
  z.object({ kind: z.literal('person'), id }),
]);
export type ScheduleOwner = z.output<typeof owner>;

export const participant = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), userId: id }),
  z.object({ kind: z.literal('unit'), unitId: id }),
  z.object({ kind: z.literal('text'), name: text(200) }),
]);

export interface ParticipantDto {
  kind: 'user' | 'unit' | 'text';
  userId: number | null;
  unitId: number | null;
  /** The person's or unit's name, or the text as typed (outside guests). */
  name: string;
}

export interface ScheduleFileDto {
  hash: string;
  fileName: string;
}

export interface ClashDto {
  entryId: number;
  date: string;
  time: string;
  /** The other entry's content; "(lịch cá nhân)" when it is someone else's personal entry. */
  content: string;
  ownerLabel: string;
  /** Who is booked twice. */
  people: string[];
}

export interface ScheduleEntryDto {
  id: number;
  weekId: number;
  owner: ScheduleOwner;
  ownerLabel: string;
  weekState: WeekState;
  date: string;
  slot: (typeof SLOTS)[number];
  startTime: string | null;
  endTime: string | null;
  /** As printed: "08:00 - 10:00", "Sáng", "Cả ngày". */
  time: string;
  content: string;
  chairUserId: number | null;
  /** The chair's name (an account) or the text typed. */
  chair: string | null;
  participants: ParticipantDto[];
  place: string | null;
  prepUnitId: number | null;
  /** Đơn vị chuẩn bị: a unit's name or text. */
  prep: string | null;
  notes: string | null;
  recurring: boolean;
  files: ScheduleFileDto[];
  cancelled: boolean;
  adjustment: Adjustment | null;
  /** Double bookings of the chair or a participant (warnings only). */
  clashes: ClashDto[];
  /** Earlier versions after publishing, newest first. */
  history: Array<{ at: number; by: string | null; action: Adjustment; text: string }>;
  updatedAt: number;
  canEdit: boolean;
}

export interface ScheduleDayDto {
  date: string;
  /** "Thứ Hai" … "Chủ nhật". */
  weekday: string;
  /** Âm lịch, "d/m". */
  lunar: string;
  /** Holiday or day-off names from the office calendar; "Làm bù" for a working weekend day. */
  holidays: string[];
  dayOff: boolean;
}

export interface ScheduleWeekDto {
  /** Null while nothing was drafted for this owner and week. */
  id: number | null;
  owner: ScheduleOwner | null;
  ownerLabel: string;
  weekStart: string;
  weekEnd: string;
  isoWeek: number;
  title: string;
  state: WeekState;
  publishedAt: number | null;
  publishedBy: string | null;
  days: ScheduleDayDto[];
  entries: ScheduleEntryDto[];
  canEdit: boolean;
  canPublish: boolean;
}

export interface SaveEntryResult {
  entry: ScheduleEntryDto;
  /** Non-blocking: the chair or a participant is booked elsewhere at the same time. */
  clashes: ClashDto[];
  /** People told of the change (after publishing). */
  notified: number;
}

const monday = isoDate;

export const entryInput = z
  .object({
    id: id.optional(),
    owner,
    weekStart: monday,
    date: isoDate,
    slot: z.enum(SLOTS),
    startTime: clockTime.nullish().transform((v) => v ?? null),
    endTime: clockTime.nullish().transform((v) => v ?? null),
    content: text(2000),
    chairUserId: id.nullish().transform((v) => v ?? null),
    chairText: optText(200),
    participants: z.array(participant).max(100).default([]),
    place: optText(300),
    prepUnitId: id.nullish().transform((v) => v ?? null),
    prepText: optText(300),
    notes: longText(2000),
    recurring: z.boolean().default(false),
    files: z
      .array(z.object({ hash: z.string().regex(/^[0-9a-f]{64}$/, 'Mã tệp không hợp lệ.'), fileName: text(255) }))
      .max(20)
      .default([]),
  })
  .strict();

const weekRef = z.object({ owner, weekStart: monday });

export const scheduleApi = {
  'schedule.week': method<ScheduleWeekDto>()({
    input: weekRef,
    access: 'session',
    permission: null,
    mutates: false,
    summary: 'Xem lịch công tác tuần của cơ quan, một đơn vị hoặc một người.',
  }),
  'schedule.mine': method<ScheduleWeekDto>()({
    input: z.object({ weekStart: monday }),
    access: 'session',
    permission: null,
    mutates: false,
    summary: 'Lịch của tôi: lịch cơ quan, lịch đơn vị đã ban hành, lịch cá nhân và các việc mình chủ trì, tham dự.',
  }),
  'schedule.save': method<SaveEntryResult>()({
    input: entryInput,
    access: 'session',
    permission: null,
    mutates: true,
    summary: 'Thêm, sửa một mục lịch công tác (sau khi ban hành: điều chỉnh, có thông báo).',
  }),
  'schedule.cancel': method<{ deleted: boolean; notified: number }>()({
    input: z.object({ id, reason: optText(300) }),
    access: 'session',
    permission: null,
    mutates: true,
    summary: 'Hủy một mục lịch (bản dự thảo: xóa; đã ban hành: giữ lại, gạch ngang, thông báo).',
  }),
  'schedule.publish': method<ScheduleWeekDto>()({
    input: weekRef,
    access: 'session',
    permission: null,
    mutates: true,
    summary: 'Duyệt, ban hành lịch công tác tuần và thông báo cho người liên quan.',
  }),
  'schedule.copyRecurring': method<{ copied: number }>()({
    input: weekRef,
    access: 'session',
    permission: null,
    mutates: true,
    summary: 'Sao chép các mục "lặp lại hằng tuần" của tuần trước vào tuần này (dự thảo; không chép trùng).',
  }),
  'schedule.print': method<BinaryOut>()({
    input: z.union([weekRef, z.object({ mine: z.literal(true), weekStart: monday })]),
    access: 'session',
    permission: null,
    mutates: true,
    binary: 'output',
    summary: 'In lịch công tác tuần (PDF, A4 ngang).',
  }),
  'schedule.ics': method<BinaryOut>()({
    input: z.union([weekRef, z.object({ mine: z.literal(true), weekStart: monday })]),
    access: 'session',
    permission: null,
    mutates: false,
    binary: 'output',
    summary: 'Xuất lịch công tác tuần ra tệp lịch .ics (RFC 5545).',
  }),
  'schedule.file': method<BinaryOut>()({
    input: z.object({ entryId: id, hash: z.string().regex(/^[0-9a-f]{64}$/) }),
    access: 'session',
    permission: null,
    mutates: false,
    auditAccess: true,
    binary: 'output',
    summary: 'Tải tệp đính kèm của một mục lịch công tác.',
  }),
} as const;

export interface ScheduleEvents {
  /** A week's entries or state changed: open schedule screens reload that week. */
  'schedule.changed': { weekStart: string };
}
