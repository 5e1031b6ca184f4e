// Weekly work schedules (lịch công tác): who may see, draft and publish which week, entries and their adjustments
// after publishing, the combined personal week, double-booking warnings and the weekly copy of recurring entries.
// Runs inside the handler's transaction for writes; never emits and never writes notifications (the handler does).

import type { Adjustment, ClashDto, ParticipantDto, ScheduleDayDto, ScheduleEntryDto, ScheduleOwner, ScheduleWeekDto, WeekState, entryInput } from '../../src-shared/api/schedule';
import { solarToLunar } from '../../src-shared/calendar/lunar';
import { addDays, weekdayOf } from '../../src-shared/calendar/vn-time';
import { AppError } from '../../src-shared/errors';
import type { Permission } from '../../src-shared/permissions';
import {
  WEEKDAY_NAMES,
  dmy,
  findClashes,
  isMonday,
  isoWeek,
  parseHhmm,
  slotSortKey,
  timeLabel,
  weekDates,
  weekTitle,
  type BookedEntry,
  type WorkPeriodLike,
} from '../../src-shared/schedule/week';
import type { Statement } from 'better-sqlite3';
import type { z } from 'zod';
import type { CalendarService } from '../calendar/service';
import type { RawDb } from '../db/open';
import type { SettingsService } from '../settings/service';

export type EntryInput = z.output<typeof entryInput>;

export interface ScheduleActor {
  userId: number;
  permissions: ReadonlySet<Permission>;
}

interface Me {
  userId: number;
  unitId: number | null;
  headsUnit: boolean;
  draft: boolean;
  publish: boolean;
}

interface WeekRow {
  id: number;
  ownerKind: ScheduleOwner['kind'];
  ownerId: number;
  weekStart: string;
  state: WeekState;
  publishedAt: number | null;
  publishedBy: string | null;
}

interface EntryRow {
  id: number;
  weekId: number;
  ownerKind: ScheduleOwner['kind'];
  ownerId: number;
  weekState: WeekState;
  date: string;
  slot: ScheduleEntryDto['slot'];
  startTime: string | null;
  endTime: string | null;
  content: string;
  chairUserId: number | null;
  chairName: string | null;
  chairText: string | null;
  place: string | null;
  prepUnitId: number | null;
  prepUnitName: string | null;
  prepText: string | null;
  notes: string | null;
  recurring: number;
  cancelled: number;
  adjustment: Adjustment | null;
  updatedAt: number;
}

const ENTRY_SELECT = `SELECT e.id, e.week_id AS weekId, w.owner_kind AS ownerKind, w.owner_id AS ownerId, w.state AS weekState, e.date, e.slot,
  e.start_time AS startTime, e.end_time AS endTime, e.content, e.chair_user_id AS chairUserId, cu.full_name AS chairName, e.chair_text AS chairText,
  e.place, e.prep_unit_id AS prepUnitId, pu.name AS prepUnitName, e.prep_text AS prepText, e.notes, e.recurring, e.cancelled, e.adjustment,
  e.updated_at AS updatedAt
  FROM schedule_entries e JOIN schedule_weeks w ON w.id = e.week_id
  LEFT JOIN users cu ON cu.id = e.chair_user_id LEFT JOIN units pu ON pu.id = e.prep_unit_id`;

const ownerOf = (kind: ScheduleOwner['kind'], id: number): ScheduleOwner => (kind === 'office' ? { kind: 'office' } : { kind, id });
const ownerIdOf = (o: ScheduleOwner): number => (o.kind === 'office' ? 0 : o.id);

export function createSchedule(deps: { raw: RawDb; now: () => number; calendar: CalendarService; settings: SettingsService }) {
  const { raw, now, calendar, settings } = deps;
  const cache = new Map<string, Statement<unknown[]>>();
  const stmt = (sql: string) => {
    let s = cache.get(sql);
    if (!s) {
      s = raw.prepare(sql);
      cache.set(sql, s);
    }
    return s;
  };

  function me(a: ScheduleActor): Me {
    const u = stmt('SELECT unit_id AS unitId, heads_unit AS headsUnit FROM users WHERE id = ?').get(a.userId) as { unitId: number | null; headsUnit: number } | undefined;
    return {
      userId: a.userId,
      unitId: u?.unitId ?? null,
      headsUnit: !!u?.headsUnit,
      draft: a.permissions.has('schedule.draft'),
      publish: a.permissions.has('schedule.publish'),
    };
  }

  function periods(): WorkPeriodLike[] {
    return settings.get('workingHours').periods;
  }

  function ownerLabel(o: ScheduleOwner): string {
    if (o.kind === 'office') return settings.org()?.name ?? 'Cơ quan';
    if (o.kind === 'unit') return (stmt('SELECT name FROM units WHERE id = ?').pluck().get(o.id) as string | undefined) ?? `Đơn vị #${o.id}`;
    return (stmt('SELECT full_name FROM users WHERE id = ?').pluck().get(o.id) as string | undefined) ?? `Người dùng #${o.id}`;
  }

  function mustExist(o: ScheduleOwner): void {
    if (o.kind === 'unit' && !stmt('SELECT 1 FROM units WHERE id = ?').get(o.id)) throw new AppError('not_found', 'Không tìm thấy đơn vị.');
    if (o.kind === 'person' && !stmt('SELECT 1 FROM users WHERE id = ?').get(o.id)) throw new AppError('not_found', 'Không tìm thấy người dùng.');
  }

  /** Drafting: the office's by schedule.draft; a unit's also by its head; a person's by himself too. */
  function canEdit(o: ScheduleOwner, m: Me): boolean {
    if (m.draft) return true;
    if (o.kind === 'unit') return m.headsUnit && m.unitId === o.id;
    if (o.kind === 'person') return m.userId === o.id;
    return false;
  }

  /** Publishing: a leader (schedule.publish); a person may publish his own personal week. */
  function canPublish(o: ScheduleOwner, m: Me): boolean {
    return m.publish || (o.kind === 'person' && o.id === m.userId);
  }

  /** Published office and unit weeks are open to everyone; drafts to those who draft them; a personal week to its owner and the drafters. */
  function canView(o: ScheduleOwner, state: WeekState, m: Me): boolean {
    if (canEdit(o, m) || canPublish(o, m)) return true;
    if (o.kind === 'person') return false;
    return state === 'published';
  }

  function weekRow(o: ScheduleOwner, weekStart: string): WeekRow | undefined {
    return stmt(
      `SELECT w.id, w.owner_kind AS ownerKind, w.owner_id AS ownerId, w.week_start AS weekStart, w.state, w.published_at AS publishedAt, u.full_name AS publishedBy
         FROM schedule_weeks w LEFT JOIN users u ON u.id = w.published_by WHERE w.owner_kind = ? AND w.owner_id = ? AND w.week_start = ?`,
    ).get(o.kind, ownerIdOf(o), weekStart) as WeekRow | undefined;
  }

  function ensureWeek(o: ScheduleOwner, weekStart: string): WeekRow {
    const t = now();
    stmt(`INSERT INTO schedule_weeks (owner_kind, owner_id, week_start, state, created_at, updated_at) VALUES (?, ?, ?, 'draft', ?, ?) ON CONFLICT DO NOTHING`).run(
      o.kind,
      ownerIdOf(o),
      weekStart,
      t,
      t,
    );
    return weekRow(o, weekStart)!;
  }

  function checkMonday(weekStart: string): void {
    if (!isMonday(weekStart)) throw new AppError('invalid_input', undefined, { fields: [{ path: 'weekStart', message: 'Tuần phải bắt đầu từ thứ Hai.' }] });
  }

  function days(weekStart: string): ScheduleDayDto[] {
    const dates = weekDates(weekStart);
    const years = [...new Set(dates.map((d) => Number(d.slice(0, 4))))];
    const marks = new Map<string, { names: string[]; off: boolean; workday: boolean }>();
    for (const y of years) {
      for (const d of calendar.days(y)) {
        if (!dates.includes(d.date)) continue;
        const m = marks.get(d.date) ?? { names: [], off: false, workday: false };
        if (d.kind === 'workday') {
          m.workday = true;
          m.names.push(d.name ? `Làm bù: ${d.name}` : 'Làm bù');
        } else {
          m.off = true;
          m.names.push(d.name);
        }
        marks.set(d.date, m);
      }
    }
    const weekdays = settings.get('workingHours').weekdays;
    return dates.map((date) => {
      const m = marks.get(date);
      const l = solarToLunar(date);
      const wd = weekdayOf(date);
      return {
        date,
        weekday: WEEKDAY_NAMES[wd],
        lunar: `${l.day}/${l.month}${l.leap ? ' nhuận' : ''}`,
        holidays: m?.names ?? [],
        dayOff: m ? m.off && !m.workday : !weekdays.includes(wd),
      };
    });
  }

  // ---- entries as shown ----------------------------------------------------------------------------------------

  function participantsOf(ids: number[]): Map<number, ParticipantDto[]> {
    const rows = stmt(
      `SELECT p.entry_id AS entryId, p.kind, p.user_id AS userId, p.unit_id AS unitId, coalesce(u.full_name, n.name, p.name) AS name
         FROM schedule_participants p LEFT JOIN users u ON u.id = p.user_id LEFT JOIN units n ON n.id = p.unit_id
        WHERE p.entry_id IN (SELECT value FROM json_each(?)) ORDER BY p.entry_id, p.position`,
    ).all(JSON.stringify(ids)) as Array<ParticipantDto & { entryId: number }>;
    const out = new Map<number, ParticipantDto[]>();
    for (const { entryId, ...p } of rows) out.set(entryId, [...(out.get(entryId) ?? []), p]);
    return out;
  }

  function filesOf(ids: number[]): Map<number, Array<{ hash: string; fileName: string }>> {
    const rows = stmt(
      'SELECT entry_id AS entryId, blob_hash AS hash, file_name AS fileName FROM schedule_files WHERE entry_id IN (SELECT value FROM json_each(?)) ORDER BY entry_id, position',
    ).all(JSON.stringify(ids)) as Array<{ entryId: number; hash: string; fileName: string }>;
    const out = new Map<number, Array<{ hash: string; fileName: string }>>();
    for (const { entryId, ...f } of rows) out.set(entryId, [...(out.get(entryId) ?? []), f]);
    return out;
  }

  function historyOf(ids: number[]): Map<number, ScheduleEntryDto['history']> {
    const rows = stmt(
      `SELECT h.entry_id AS entryId, h.at, u.full_name AS by, h.action, h.text FROM schedule_history h LEFT JOIN users u ON u.id = h.by_id
        WHERE h.entry_id IN (SELECT value FROM json_each(?)) ORDER BY h.entry_id, h.id DESC`,
    ).all(JSON.stringify(ids)) as Array<ScheduleEntryDto['history'][number] & { entryId: number }>;
    const out = new Map<number, ScheduleEntryDto['history']>();
    for (const { entryId, ...h } of rows) out.set(entryId, [...(out.get(entryId) ?? []), h]);
    return out;
  }

  /** Every live entry between two dates with the accounts it books (chair + participants named as accounts). */
  function booked(from: string, to: string): Array<BookedEntry & { ownerKind: ScheduleOwner['kind']; ownerId: number; weekState: WeekState; content: string }> {
    const rows = stmt(
      `SELECT e.id, e.date, e.slot, e.start_time AS startTime, e.end_time AS endTime, e.content, w.owner_kind AS ownerKind, w.owner_id AS ownerId, w.state AS weekState,
              e.chair_user_id AS chair, (SELECT json_group_array(p.user_id) FROM schedule_participants p WHERE p.entry_id = e.id AND p.user_id IS NOT NULL) AS users
         FROM schedule_entries e JOIN schedule_weeks w ON w.id = e.week_id WHERE e.date BETWEEN ? AND ? AND e.cancelled = 0`,
    ).all(from, to) as Array<
      Omit<BookedEntry, 'people'> & { chair: number | null; users: string; ownerKind: ScheduleOwner['kind']; ownerId: number; weekState: WeekState; content: string }
    >;
    // A personal entry books its owner even when he is not named as chair.
    return rows.map(({ chair, users, ...r }) => ({
      ...r,
      people: [...new Set([...(chair ? [chair] : []), ...(r.ownerKind === 'person' ? [r.ownerId] : []), ...(JSON.parse(users) as number[])])],
    }));
  }

  function clashesFor(entries: Array<BookedEntry>, m: Me): Map<number, ClashDto[]> {
    const out = new Map<number, ClashDto[]>();
    if (!entries.length) return out;
    const dates = entries.map((e) => e.date).sort();
    const all = booked(dates[0], dates[dates.length - 1]);
    const byId = new Map(all.map((e) => [e.id, e]));
    const found = findClashes(entries, all, periods());
    const names = new Map<number, string>();
    const labels = new Map<string, string>();
    const labelOf = (o: ScheduleOwner) => {
      const k = `${o.kind}:${ownerIdOf(o)}`;
      if (!labels.has(k)) labels.set(k, ownerLabel(o));
      return labels.get(k)!;
    };
    const nameOf = (id: number) => {
      if (!names.has(id)) names.set(id, (stmt('SELECT full_name FROM users WHERE id = ?').pluck().get(id) as string) ?? `#${id}`);
      return names.get(id)!;
    };
    for (const [entryId, list] of found) {
      out.set(
        entryId,
        list.map((c) => {
          const o = byId.get(c.entryId)!;
          const owner = ownerOf(o.ownerKind, o.ownerId);
          const visible = canView(owner, o.weekState, m) || o.people.includes(m.userId);
          return {
            entryId: o.id,
            date: o.date,
            time: timeLabel(o),
            content: visible ? o.content : owner.kind === 'person' ? '(lịch cá nhân)' : '(lịch chưa ban hành)',
            ownerLabel: labelOf(owner),
            people: c.userIds.map(nameOf),
          };
        }),
      );
    }
    return out;
  }

  function toDtos(rows: EntryRow[], m: Me): ScheduleEntryDto[] {
    const ids = rows.map((r) => r.id);
    const parts = participantsOf(ids);
    const files = filesOf(ids);
    const hist = historyOf(ids);
    const live = rows.filter((r) => !r.cancelled);
    const clashes = clashesFor(
      live.map((r) => ({
        id: r.id,
        date: r.date,
        slot: r.slot,
        startTime: r.startTime,
        endTime: r.endTime,
        people: [
          ...new Set([
            ...(r.chairUserId ? [r.chairUserId] : []),
            ...(r.ownerKind === 'person' ? [r.ownerId] : []),
            ...(parts.get(r.id) ?? []).filter((p) => p.userId).map((p) => p.userId!),
          ]),
        ],
      })),
      m,
    );
    const labels = new Map<string, string>();
    const label = (o: ScheduleOwner) => {
      const k = `${o.kind}:${ownerIdOf(o)}`;
      if (!labels.has(k)) labels.set(k, ownerLabel(o));
      return labels.get(k)!;
    };
    const ps = periods();
    return rows
      .map((r) => {
        const owner = ownerOf(r.ownerKind, r.ownerId);
        return {
          id: r.id,
          weekId: r.weekId,
          owner,
          ownerLabel: label(owner),
          weekState: r.weekState,
          date: r.date,
          slot: r.slot,
          startTime: r.startTime,
          endTime: r.endTime,
          time: timeLabel(r),
          content: r.content,
          chairUserId: r.chairUserId,
          chair: r.chairName ?? r.chairText,
          participants: parts.get(r.id) ?? [],
          place: r.place,
          prepUnitId: r.prepUnitId,
          prep: r.prepUnitName ?? r.prepText,
          notes: r.notes,
          recurring: !!r.recurring,
          files: files.get(r.id) ?? [],
          cancelled: !!r.cancelled,
          adjustment: r.adjustment,
          clashes: clashes.get(r.id) ?? [],
          history: hist.get(r.id) ?? [],
          updatedAt: r.updatedAt,
          canEdit: !r.cancelled && canEdit(owner, m),
        };
      })
      .sort((a, b) => (a.date !== b.date ? (a.date < b.date ? -1 : 1) : slotSortKey(a, ps) - slotSortKey(b, ps) || a.id - b.id));
  }

  function entryRow(id: number): EntryRow {
    const r = stmt(`${ENTRY_SELECT} WHERE e.id = ?`).get(id) as EntryRow | undefined;
    if (!r) throw new AppError('not_found', 'Không tìm thấy mục lịch.');
    return r;
  }

  function weekDto(o: ScheduleOwner | null, weekStart: string, label: string, w: WeekRow | undefined, rows: EntryRow[], m: Me): ScheduleWeekDto {
    return {
      id: w?.id ?? null,
      owner: o,
      ownerLabel: label,
      weekStart,
      weekEnd: addDays(weekStart, 6),
      isoWeek: isoWeek(weekStart).week,
      title: weekTitle(weekStart),
      state: w?.state ?? 'draft',
      publishedAt: w?.publishedAt ?? null,
      publishedBy: w?.publishedBy ?? null,
      days: days(weekStart),
      entries: toDtos(rows, m),
      canEdit: o ? canEdit(o, m) : false,
      canPublish: o ? canPublish(o, m) && w?.state !== 'published' : false,
    };
  }

  // ---- who is concerned ----------------------------------------------------------------------------------------

  /** Chair, participants named as accounts, and the active members of participating units. */
  function concerned(entryId: number): number[] {
    return stmt(
      `SELECT chair_user_id FROM schedule_entries WHERE id = @id AND chair_user_id IS NOT NULL
       UNION SELECT user_id FROM schedule_participants WHERE entry_id = @id AND user_id IS NOT NULL
       UNION SELECT u.id FROM schedule_participants p JOIN users u ON u.unit_id = p.unit_id WHERE p.entry_id = @id AND u.status = 'active'`,
    )
      .pluck()
      .all({ id: entryId }) as number[];
  }

  function summary(r: EntryRow): string {
    const parts = [`${WEEKDAY_NAMES[weekdayOf(r.date)]} ${dmy(r.date)}, ${timeLabel(r)}: ${r.content}`];
    if (r.chairName ?? r.chairText) parts.push(`chủ trì: ${r.chairName ?? r.chairText}`);
    if (r.place) parts.push(`địa điểm: ${r.place}`);
    return parts.join('; ');
  }

  // ---- validation ------------------------------------------------------------------------------------------------

  function validate(input: EntryInput, mayReadBlob: (hash: string) => boolean, existingHashes: string[]): void {
    checkMonday(input.weekStart);
    const end = addDays(input.weekStart, 6);
    if (input.date < input.weekStart || input.date > end) {
      throw new AppError('schedule_outside_week', `Ngày ${dmy(input.date)} không thuộc tuần từ ${dmy(input.weekStart)} đến ${dmy(end)}.`, {
        fields: [{ path: 'date', message: `Chọn ngày từ ${dmy(input.weekStart)} đến ${dmy(end)}.` }],
      });
    }
    if (input.slot === 'time') {
      if (!input.startTime) throw new AppError('schedule_time_invalid', undefined, { fields: [{ path: 'startTime', message: 'Nhập giờ bắt đầu (HH:MM).' }] });
      if (input.endTime && parseHhmm(input.endTime) <= parseHhmm(input.startTime))
        throw new AppError('schedule_time_invalid', undefined, { fields: [{ path: 'endTime', message: 'Giờ kết thúc phải sau giờ bắt đầu.' }] });
    }
    const bad = (path: string, message: string) => new AppError('invalid_input', undefined, { fields: [{ path, message }] });
    const activeUser = stmt("SELECT 1 FROM users WHERE id = ? AND status = 'active'");
    const activeUnit = stmt('SELECT 1 FROM units WHERE id = ? AND active = 1');
    if (input.chairUserId && !activeUser.get(input.chairUserId)) throw bad('chairUserId', 'Người chủ trì không tồn tại hoặc đã bị khóa.');
    if (input.prepUnitId && !activeUnit.get(input.prepUnitId)) throw bad('prepUnitId', 'Đơn vị chuẩn bị không tồn tại hoặc đã ngừng hoạt động.');
    input.participants.forEach((p, i) => {
      if (p.kind === 'user' && !activeUser.get(p.userId)) throw bad(`participants.${i}`, 'Người tham dự không tồn tại hoặc đã bị khóa.');
      if (p.kind === 'unit' && !activeUnit.get(p.unitId)) throw bad(`participants.${i}`, 'Đơn vị tham dự không tồn tại hoặc đã ngừng hoạt động.');
    });
    input.files.forEach((f, i) => {
      if (existingHashes.includes(f.hash)) return;
      if (!stmt('SELECT 1 FROM blobs WHERE hash = ?').get(f.hash) || !mayReadBlob(f.hash)) throw bad(`files.${i}`, 'Tệp chưa được tải lên.');
    });
  }

  function writeChildren(entryId: number, input: EntryInput): void {
    stmt('DELETE FROM schedule_participants WHERE entry_id = ?').run(entryId);
    stmt('DELETE FROM schedule_files WHERE entry_id = ?').run(entryId);
    const seen = new Set<string>();
    let pos = 0;
    for (const p of input.participants) {
      const key = p.kind === 'user' ? `u${p.userId}` : p.kind === 'unit' ? `n${p.unitId}` : `t${p.name.toLowerCase()}`;
      if (seen.has(key)) continue;
      seen.add(key);
      stmt('INSERT INTO schedule_participants (entry_id, kind, user_id, unit_id, name, position) VALUES (?, ?, ?, ?, ?, ?)').run(
        entryId,
        p.kind,
        p.kind === 'user' ? p.userId : null,
        p.kind === 'unit' ? p.unitId : null,
        p.kind === 'text' ? p.name : null,
        pos++,
      );
    }
    const hashes = new Set<string>();
    input.files.forEach((f) => {
      if (hashes.has(f.hash)) return;
      hashes.add(f.hash);
      stmt('INSERT INTO schedule_files (entry_id, blob_hash, file_name, position) VALUES (?, ?, ?, ?)').run(entryId, f.hash, f.fileName, hashes.size);
    });
  }

  return {
    me,
    ownerLabel,

    week(o: ScheduleOwner, weekStart: string, a: ScheduleActor): ScheduleWeekDto {
      checkMonday(weekStart);
      mustExist(o);
      const m = me(a);
      const w = weekRow(o, weekStart);
      const state = w?.state ?? 'draft';
      if (o.kind === 'person' && !canView(o, state, m)) throw new AppError('forbidden', 'Bạn không được xem lịch cá nhân của người khác.');
      const rows = w && canView(o, state, m) ? (stmt(`${ENTRY_SELECT} WHERE e.week_id = ?`).all(w.id) as EntryRow[]) : [];
      return weekDto(o, weekStart, ownerLabel(o), w, rows, m);
    },

    /** Lịch của tôi: published office and unit weeks, one's own personal week, and what one chairs or attends (also via one's unit). */
    mine(weekStart: string, a: ScheduleActor): ScheduleWeekDto {
      checkMonday(weekStart);
      const m = me(a);
      const rows = stmt(
        `${ENTRY_SELECT} WHERE e.date BETWEEN @from AND @to AND (
           (w.owner_kind = 'person' AND w.owner_id = @me)
           OR (w.state = 'published' AND (
                w.owner_kind = 'office' OR (w.owner_kind = 'unit' AND w.owner_id = @unit) OR e.chair_user_id = @me
                OR EXISTS (SELECT 1 FROM schedule_participants p WHERE p.entry_id = e.id AND (p.user_id = @me OR p.unit_id = @unit)))))`,
      ).all({ from: weekStart, to: addDays(weekStart, 6), me: m.userId, unit: m.unitId ?? -1 }) as EntryRow[];
      const person: ScheduleOwner = { kind: 'person', id: m.userId };
      const w = weekRow(person, weekStart);
      // State and buttons are those of one's personal week: a person publishes his own entries from here.
      return weekDto(person, weekStart, ownerLabel(person), w, rows, m);
    },

    /** Adds or changes an entry; returns its id, whether the week was already published, and whom to tell. */
    save(input: EntryInput, a: ScheduleActor, mayReadBlob: (hash: string) => boolean): { id: number; published: boolean; notify: number[]; text: string | null } {
      const m = me(a);
      mustExist(input.owner);
      if (!canEdit(input.owner, m)) throw new AppError('forbidden', 'Bạn không được soạn lịch này.');
      const before = input.id != null ? entryRow(input.id) : null;
      if (before) {
        const w = weekRow(input.owner, input.weekStart);
        if (!w || w.id !== before.weekId)
          throw new AppError('invalid_input', undefined, { fields: [{ path: 'date', message: 'Không chuyển được mục lịch sang tuần khác; hãy hủy và thêm mới.' }] });
        if (before.cancelled) throw new AppError('invalid_state', 'Mục lịch đã bị hủy, không sửa được.');
      }
      const existing = before
        ? (filesOf([before.id])
            .get(before.id)
            ?.map((f) => f.hash) ?? [])
        : [];
      validate(input, mayReadBlob, existing);
      const w = ensureWeek(input.owner, input.weekStart);
      const published = w.state === 'published';
      const t = now();
      const times = input.slot === 'time' ? { s: input.startTime, e: input.endTime } : { s: null, e: null };
      const values = {
        date: input.date,
        slot: input.slot,
        s: times.s,
        e: times.e,
        content: input.content,
        chair: input.chairUserId,
        chairText: input.chairUserId ? null : input.chairText,
        place: input.place,
        prep: input.prepUnitId,
        prepText: input.prepUnitId ? null : input.prepText,
        notes: input.notes,
        recurring: input.recurring ? 1 : 0,
        by: a.userId,
        t,
      };
      let id: number;
      let oldPeople: number[] = [];
      if (before) {
        id = before.id;
        oldPeople = concerned(id);
        const adjustment: Adjustment | null = published ? (before.adjustment === 'added' ? 'added' : 'changed') : before.adjustment;
        stmt(
          `UPDATE schedule_entries SET date = @date, slot = @slot, start_time = @s, end_time = @e, content = @content, chair_user_id = @chair, chair_text = @chairText,
             place = @place, prep_unit_id = @prep, prep_text = @prepText, notes = @notes, recurring = @recurring, adjustment = @adjustment, updated_by = @by, updated_at = @t WHERE id = @id`,
        ).run({ ...values, adjustment, id });
        if (published)
          stmt("INSERT INTO schedule_history (entry_id, at, by_id, action, text) VALUES (?, ?, ?, 'changed', ?)").run(id, t, a.userId, `Trước khi điều chỉnh: ${summary(before)}`);
      } else {
        id = Number(
          stmt(
            `INSERT INTO schedule_entries (week_id, date, slot, start_time, end_time, content, chair_user_id, chair_text, place, prep_unit_id, prep_text, notes, recurring, adjustment, created_by, updated_by, created_at, updated_at)
             VALUES (@week, @date, @slot, @s, @e, @content, @chair, @chairText, @place, @prep, @prepText, @notes, @recurring, @adjustment, @by, @by, @t, @t)`,
          ).run({ ...values, week: w.id, adjustment: published ? 'added' : null }).lastInsertRowid,
        );
        if (published) stmt("INSERT INTO schedule_history (entry_id, at, by_id, action, text) VALUES (?, ?, ?, 'added', 'Bổ sung sau khi ban hành')").run(id, t, a.userId);
      }
      writeChildren(id, input);
      stmt('UPDATE schedule_weeks SET updated_at = ? WHERE id = ?').run(t, w.id);
      if (!published) return { id, published, notify: [], text: null };
      const after = entryRow(id);
      const people = [...new Set([...oldPeople, ...concerned(id)])].filter((u) => u !== a.userId);
      const word = before ? 'Điều chỉnh' : 'Bổ sung';
      return { id, published, notify: people, text: `${word} lịch công tác (${ownerLabel(input.owner)}): ${summary(after)}` };
    },

    /** A draft entry is deleted; a published one is kept, struck through, marked cancelled, and its people told. */
    cancel(id: number, reason: string | null, a: ScheduleActor): { deleted: boolean; weekStart: string; notify: number[]; text: string | null } {
      const r = entryRow(id);
      const m = me(a);
      const owner = ownerOf(r.ownerKind, r.ownerId);
      if (!canEdit(owner, m)) throw new AppError('forbidden', 'Bạn không được sửa lịch này.');
      if (r.cancelled) throw new AppError('invalid_state', 'Mục lịch đã bị hủy trước đó.');
      const weekStart = stmt('SELECT week_start FROM schedule_weeks WHERE id = ?').pluck().get(r.weekId) as string;
      if (r.weekState === 'draft') {
        for (const table of ['schedule_participants', 'schedule_files', 'schedule_history']) stmt(`DELETE FROM ${table} WHERE entry_id = ?`).run(id);
        stmt('DELETE FROM schedule_entries WHERE id = ?').run(id);
        return { deleted: true, weekStart, notify: [], text: null };
      }
      const t = now();
      stmt("UPDATE schedule_entries SET cancelled = 1, adjustment = 'cancelled', updated_by = ?, updated_at = ? WHERE id = ?").run(a.userId, t, id);
      stmt("INSERT INTO schedule_history (entry_id, at, by_id, action, text) VALUES (?, ?, ?, 'cancelled', ?)").run(id, t, a.userId, reason ? `Hủy: ${reason}` : 'Hủy');
      const notify = concerned(id).filter((u) => u !== a.userId);
      return { deleted: false, weekStart, notify, text: `Hủy lịch công tác (${ownerLabel(owner)}): ${summary(r)}${reason ? ` — lý do: ${reason}` : ''}` };
    },

    /** Publishes the week (created empty if nothing was drafted) and returns everyone its live entries concern. */
    publish(o: ScheduleOwner, weekStart: string, a: ScheduleActor): { notify: number[]; text: string } {
      checkMonday(weekStart);
      mustExist(o);
      const m = me(a);
      if (!canPublish(o, m)) throw new AppError('forbidden', 'Chỉ lãnh đạo được ban hành lịch công tác.');
      const w = ensureWeek(o, weekStart);
      if (w.state === 'published') throw new AppError('invalid_state', 'Lịch tuần này đã được ban hành.');
      const t = now();
      stmt("UPDATE schedule_weeks SET state = 'published', published_at = ?, published_by = ?, updated_at = ? WHERE id = ?").run(t, a.userId, t, w.id);
      const ids = stmt('SELECT id FROM schedule_entries WHERE week_id = ? AND cancelled = 0').pluck().all(w.id) as number[];
      const people = new Set<number>();
      for (const id of ids) for (const u of concerned(id)) people.add(u);
      // A unit's published week concerns all its members, even for entries that name nobody.
      if (o.kind === 'unit') for (const u of stmt("SELECT id FROM users WHERE unit_id = ? AND status = 'active'").pluck().all(o.id) as number[]) people.add(u);
      people.delete(a.userId);
      return { notify: [...people], text: `Đã ban hành lịch công tác ${weekTitle(weekStart).replace(/^T/, 't')} — ${ownerLabel(o)}.` };
    },

    /** Copies last week's "lặp lại hằng tuần" entries seven days on, as drafts; an entry already copied is skipped. */
    copyRecurring(o: ScheduleOwner, weekStart: string, a: ScheduleActor): number {
      checkMonday(weekStart);
      mustExist(o);
      if (!canEdit(o, me(a))) throw new AppError('forbidden', 'Bạn không được soạn lịch này.');
      const prev = weekRow(o, addDays(weekStart, -7));
      if (!prev) return 0;
      const w = ensureWeek(o, weekStart);
      const published = w.state === 'published';
      const t = now();
      const sources = stmt('SELECT id FROM schedule_entries WHERE week_id = ? AND recurring = 1 AND cancelled = 0 ORDER BY date, id').pluck().all(prev.id) as number[];
      let copied = 0;
      for (const src of sources) {
        const res = stmt(
          `INSERT INTO schedule_entries (week_id, date, slot, start_time, end_time, content, chair_user_id, chair_text, place, prep_unit_id, prep_text, notes, recurring, copied_from_id, adjustment, created_by, updated_by, created_at, updated_at)
           SELECT @week, date(date, '+7 days'), slot, start_time, end_time, content, chair_user_id, chair_text, place, prep_unit_id, prep_text, notes, 1, id, @adj, @by, @by, @t, @t
             FROM schedule_entries WHERE id = @src
           ON CONFLICT (week_id, copied_from_id) DO NOTHING`,
        ).run({ week: w.id, src, adj: published ? 'added' : null, by: a.userId, t });
        if (!res.changes) continue;
        const id = Number(res.lastInsertRowid);
        stmt(
          'INSERT INTO schedule_participants (entry_id, kind, user_id, unit_id, name, position) SELECT ?, kind, user_id, unit_id, name, position FROM schedule_participants WHERE entry_id = ?',
        ).run(id, src);
        stmt('INSERT INTO schedule_files (entry_id, blob_hash, file_name, position) SELECT ?, blob_hash, file_name, position FROM schedule_files WHERE entry_id = ?').run(id, src);
        copied += 1;
      }
      return copied;
    },

    /** The saved entry as shown, with its double bookings (read after the commit). */
    entry(id: number, a: ScheduleActor): ScheduleEntryDto {
      return toDtos([entryRow(id)], me(a))[0];
    },

    weekStartOf(entryId: number): string {
      return stmt('SELECT w.week_start FROM schedule_entries e JOIN schedule_weeks w ON w.id = e.week_id WHERE e.id = ?').pluck().get(entryId) as string;
    },

    /** A file attached to an entry the caller may see: its name (else not_found, as if absent). */
    fileOf(entryId: number, hash: string, a: ScheduleActor): string {
      const r = entryRow(entryId);
      const m = me(a);
      const owner = ownerOf(r.ownerKind, r.ownerId);
      const mine = r.chairUserId === m.userId || concerned(entryId).includes(m.userId);
      if (!canView(owner, r.weekState, m) && !(mine && r.weekState === 'published')) throw new AppError('not_found', 'Không tìm thấy tệp.');
      const name = stmt('SELECT file_name FROM schedule_files WHERE entry_id = ? AND blob_hash = ?').pluck().get(entryId, hash) as string | undefined;
      if (!name) throw new AppError('not_found', 'Không tìm thấy tệp.');
      return name;
    },

    periods,
  };
}

export type ScheduleService = ReturnType<typeof createSchedule>;
