// Weekly work schedules through dispatch with a real core: who may draft and publish which week, adjustments after
// publishing announced to the people concerned only, the combined "Lịch của tôi", double-booking warnings, holidays
// on their day, the idempotent copy of recurring entries, the printed PDF (pdftotext) and the .ics export.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InputOf } from '../../src-shared/api';
import { makeCore, type TestCore } from '../helpers/core';
import { outgoingOffice, type OutOffice } from '../helpers/outgoing';

let t: TestCore;
let o: OutOffice;

// The test clock is Friday 20/11/2026; next week starts Monday 23/11/2026.
const WEEK = '2026-11-23';
const OFFICE = { kind: 'office' as const };

beforeEach(async () => {
  t = makeCore();
  o = await outgoingOffice(t);
});
afterEach(() => t.close());

const entry = (over: Partial<InputOf<'schedule.save'>> = {}): InputOf<'schedule.save'> => ({
  owner: OFFICE,
  weekStart: WEEK,
  date: '2026-11-24',
  slot: 'time',
  startTime: '08:00',
  endTime: '10:00',
  content: 'Họp giao ban lãnh đạo Ủy ban nhân dân xã',
  chairUserId: o.leader.id,
  participants: [],
  place: 'Phòng họp tầng 2',
  ...over,
});

const failure = async <M extends Parameters<TestCore['call']>[0]>(method: M, input: InputOf<M>, token: string) => {
  const r = await t.call(method, input, token);
  if (r.ok) throw new Error(`${method} succeeded`);
  return r.error;
};

const notes = async (token: string) => (await t.ok('notifications.list', { unreadOnly: false, limit: 100 }, token)).items.map((n) => n.text);

describe('permissions', () => {
  it('lets clerks and leaders draft the office week, staff only their own (or their unit as its head); only a leader publishes', async () => {
    expect((await failure('schedule.save', entry(), o.staff.token)).code).toBe('forbidden');
    expect((await t.ok('schedule.save', entry(), o.clerkToken)).entry.content).toBe('Họp giao ban lãnh đạo Ủy ban nhân dân xã');
    expect((await t.ok('schedule.save', entry({ content: 'Tiếp công dân định kỳ' }), o.leader.token)).entry.id).toBeGreaterThan(0);
    // A person drafts his own personal week; not someone else's.
    const mineOwner = { kind: 'person' as const, id: o.staff.id };
    expect((await t.ok('schedule.save', entry({ owner: mineOwner, content: 'Viết báo cáo tổng kết', chairUserId: null }), o.staff.token)).entry.owner).toEqual(mineOwner);
    expect((await failure('schedule.save', entry({ owner: { kind: 'person', id: o.other.id } }), o.staff.token)).code).toBe('forbidden');
    expect((await failure('schedule.week', { owner: mineOwner, weekStart: WEEK }, o.other.token)).code).toBe('forbidden');
    // The head of a unit drafts his unit's week; a member does not.
    const unit = { kind: 'unit' as const, id: o.vp };
    expect((await t.ok('schedule.save', entry({ owner: unit, content: 'Họp chi bộ Văn phòng' }), o.head.token)).entry.ownerLabel).toBe('Văn phòng HĐND - UBND');
    expect((await failure('schedule.save', entry({ owner: unit }), o.staff.token)).code).toBe('forbidden');
    // Publishing is a leader's.
    expect((await failure('schedule.publish', { owner: OFFICE, weekStart: WEEK }, o.clerkToken)).code).toBe('forbidden');
    expect((await failure('schedule.publish', { owner: unit, weekStart: WEEK }, o.head.token)).code).toBe('forbidden');
    // A draft is not shown to staff; published, it is.
    expect((await t.ok('schedule.week', { owner: OFFICE, weekStart: WEEK }, o.staff.token)).entries).toHaveLength(0);
    const pub = await t.ok('schedule.publish', { owner: OFFICE, weekStart: WEEK }, o.leader.token);
    expect(pub.state).toBe('published');
    expect(pub.publishedBy).toBe('Hoàng Văn Chủ');
    expect((await t.ok('schedule.week', { owner: OFFICE, weekStart: WEEK }, o.staff.token)).entries).toHaveLength(2);
    expect((await failure('schedule.publish', { owner: OFFICE, weekStart: WEEK }, o.leader.token)).code).toBe('invalid_state');
  });

  it('validates dates, times, people and text', async () => {
    const outside = await failure('schedule.save', entry({ date: '2026-11-30' }), o.clerkToken);
    expect(outside.code).toBe('schedule_outside_week');
    expect(outside.fields?.[0].path).toBe('date');
    expect((await failure('schedule.save', entry({ weekStart: '2026-11-24' }), o.clerkToken)).fields?.[0].message).toBe('Tuần phải bắt đầu từ thứ Hai.');
    const backwards = await failure('schedule.save', entry({ startTime: '10:00', endTime: '09:00' }), o.clerkToken);
    expect(backwards.code).toBe('schedule_time_invalid');
    expect(backwards.fields?.[0].path).toBe('endTime');
    expect((await failure('schedule.save', entry({ startTime: null }), o.clerkToken)).code).toBe('schedule_time_invalid');
    expect((await failure('schedule.save', entry({ startTime: '25:00' }), o.clerkToken)).code).toBe('invalid_input');
    expect((await failure('schedule.save', entry({ content: '   ' }), o.clerkToken)).fields?.[0].path).toBe('content');
    expect((await failure('schedule.save', entry({ content: 'x'.repeat(2001) }), o.clerkToken)).fields?.[0].message).toBe('Tối đa 2000 ký tự.');
    expect((await failure('schedule.save', entry({ chairUserId: 9999 }), o.clerkToken)).fields?.[0].path).toBe('chairUserId');
    expect((await failure('schedule.save', entry({ participants: [{ kind: 'unit', unitId: 9999 }] }), o.clerkToken)).fields?.[0].path).toBe('participants.0');
    expect((await failure('schedule.save', entry({ files: [{ hash: 'a'.repeat(64), fileName: 'x.pdf' }] }), o.clerkToken)).fields?.[0].path).toBe('files.0');
    // Decomposed Vietnamese is stored NFC; a morning slot drops any typed time.
    const nfd = 'Hội nghị tổng kết'.normalize('NFD');
    const saved = await t.ok('schedule.save', entry({ content: nfd, slot: 'morning', startTime: '08:00' }), o.clerkToken);
    expect(saved.entry.content).toBe('Hội nghị tổng kết'.normalize('NFC'));
    expect(saved.entry.startTime).toBeNull();
    expect(saved.entry.time).toBe('Sáng');
  });
});

describe('publishing and adjustments', () => {
  it('announces publishing and every later change to the people concerned only, and keeps cancelled entries with their history', async () => {
    const unit = { kind: 'unit' as const, userId: undefined, unitId: o.vp };
    const a = await t.ok(
      'schedule.save',
      entry({
        participants: [
          { kind: 'user', userId: o.other.id },
          { kind: 'text', name: 'Đại diện Mặt trận Tổ quốc xã' },
        ],
      }),
      o.clerkToken,
    );
    const b = await t.ok(
      'schedule.save',
      entry({ date: '2026-11-25', content: 'Kiểm tra công tác văn thư, lưu trữ', participants: [{ kind: 'unit', unitId: unit.unitId }] }),
      o.clerkToken,
    );
    expect(a.notified).toBe(0);
    expect(await notes(o.other.token)).toHaveLength(0);

    await t.ok('schedule.publish', { owner: OFFICE, weekStart: WEEK }, o.leader.token);
    // Participants (a person, and the members of a participating unit) are told; the publishing leader and uninvolved staff are not.
    expect((await notes(o.other.token))[0]).toMatch(/^Đã ban hành lịch công tác tuần 48 \(từ ngày 23\/11\/2026 đến ngày 29\/11\/2026\)/);
    // The notice opens the person's own week.
    expect((await t.ok('notifications.list', { unreadOnly: false, limit: 1 }, o.other.token)).items[0].link).toBe('/lich-cong-tac/cua-toi?tuan=2026-11-23');
    expect(await notes(o.staff.token)).toHaveLength(1);
    expect(await notes(o.head.token)).toHaveLength(1);
    expect(await notes(o.leader.token)).toHaveLength(0);
    expect(await notes(o.clerk2.token)).toHaveLength(0);

    // A change after publishing: marked, kept as history, told to the old and new people.
    const changed = await t.ok(
      'schedule.save',
      { ...entry({ participants: [{ kind: 'user', userId: o.clerk2.id }] }), id: a.entry.id, startTime: '14:00', endTime: null },
      o.clerkToken,
    );
    expect(changed.entry.adjustment).toBe('changed');
    expect(changed.entry.history[0].text).toContain('Trước khi điều chỉnh: Thứ Ba 24/11/2026, 08:00 - 10:00: Họp giao ban');
    expect(changed.notified).toBe(3); // leader (chair), other (removed), clerk2 (added)
    expect((await notes(o.clerk2.token))[0]).toContain('Điều chỉnh lịch công tác');
    expect((await notes(o.other.token))[0]).toContain('14:00');
    expect(await notes(o.staff.token)).toHaveLength(1);

    // Added after publishing.
    const added = await t.ok(
      'schedule.save',
      entry({
        date: '2026-11-26',
        content: 'Làm việc với Đoàn kiểm tra của huyện',
        chairUserId: null,
        chairText: 'Phó Chủ tịch UBND xã',
        participants: [{ kind: 'user', userId: o.staff.id }],
      }),
      o.clerkToken,
    );
    expect(added.entry.adjustment).toBe('added');
    expect((await notes(o.staff.token))[0]).toMatch(/^Bổ sung lịch công tác/);

    // Cancelled after publishing: kept, struck through, told.
    const c = await t.ok('schedule.cancel', { id: b.entry.id, reason: 'Đoàn kiểm tra dời lịch' }, o.clerkToken);
    expect(c).toEqual({ deleted: false, notified: 3 }); // the chair and the unit's two members
    expect((await notes(o.head.token))[0]).toContain('lý do: Đoàn kiểm tra dời lịch');
    const week = await t.ok('schedule.week', { owner: OFFICE, weekStart: WEEK }, o.staff.token);
    const cancelled = week.entries.find((e) => e.id === b.entry.id)!;
    expect(cancelled.cancelled).toBe(true);
    expect(cancelled.adjustment).toBe('cancelled');
    expect(cancelled.history[0].text).toBe('Hủy: Đoàn kiểm tra dời lịch');
    expect((await failure('schedule.save', { ...entry(), id: b.entry.id, date: '2026-11-25' }, o.clerkToken)).code).toBe('invalid_state');

    // In a draft week, cancelling deletes.
    const draft = await t.ok('schedule.save', entry({ weekStart: '2026-11-30', date: '2026-12-01' }), o.clerkToken);
    expect(await t.ok('schedule.cancel', { id: draft.entry.id }, o.clerkToken)).toEqual({ deleted: true, notified: 0 });
    expect((await t.ok('schedule.week', { owner: OFFICE, weekStart: '2026-11-30' }, o.clerkToken)).entries).toHaveLength(0);
  });
});

describe('Lịch của tôi and double bookings', () => {
  it('combines the published office and unit weeks, one’s own entries and what one attends; drafts of others stay out', async () => {
    const unit = { kind: 'unit' as const, id: o.vp };
    await t.ok('schedule.save', entry({ content: 'Giao ban cơ quan' }), o.clerkToken);
    await t.ok('schedule.save', entry({ owner: unit, content: 'Họp Văn phòng', chairUserId: o.head.id }), o.head.token);
    await t.ok('schedule.save', entry({ owner: { kind: 'person', id: o.staff.id }, content: 'Soạn báo cáo quý', chairUserId: null, slot: 'afternoon' }), o.staff.token);
    // Another unit-less person's personal week, where staff participates: not published, so not shown to staff.
    await t.ok(
      'schedule.save',
      entry({ owner: { kind: 'person', id: o.other.id }, content: 'Riêng tư', chairUserId: null, participants: [{ kind: 'user', userId: o.staff.id }] }),
      o.other.token,
    );

    let mine = await t.ok('schedule.mine', { weekStart: WEEK }, o.staff.token);
    expect(mine.entries.map((e) => e.content)).toEqual(['Soạn báo cáo quý']);
    // The state and buttons are those of his personal week.
    expect([mine.state, mine.canEdit, mine.canPublish, mine.owner]).toEqual(['draft', true, true, { kind: 'person', id: o.staff.id }]);
    await t.ok('schedule.publish', { owner: OFFICE, weekStart: WEEK }, o.leader.token);
    await t.ok('schedule.publish', { owner: unit, weekStart: WEEK }, o.leader.token);
    mine = await t.ok('schedule.mine', { weekStart: WEEK }, o.staff.token);
    expect(mine.entries.map((e) => e.content).sort()).toEqual(['Giao ban cơ quan', 'Họp Văn phòng', 'Soạn báo cáo quý']);
    // "other" is in no unit: sees the office week only, plus nothing of the VP unit.
    expect((await t.ok('schedule.mine', { weekStart: WEEK }, o.other.token)).entries.map((e) => e.content).sort()).toEqual(['Giao ban cơ quan', 'Riêng tư']);
    // The person publishes his own week; then staff sees the entry he attends.
    await t.ok('schedule.publish', { owner: { kind: 'person', id: o.other.id }, weekStart: WEEK }, o.other.token);
    expect((await t.ok('schedule.mine', { weekStart: WEEK }, o.staff.token)).entries.map((e) => e.content)).toContain('Riêng tư');
  });

  it('warns when a chair or a participant is booked twice at overlapping times, and still saves', async () => {
    await t.ok('schedule.save', entry({ content: 'Giao ban', startTime: '08:00', endTime: '10:00' }), o.clerkToken);
    // 09:00 without an end lasts an hour: overlaps 08:00–10:00 for the same chair.
    const clash = await t.ok('schedule.save', entry({ content: 'Tiếp công dân', startTime: '09:00', endTime: null }), o.clerkToken);
    expect(clash.entry.id).toBeGreaterThan(0);
    expect(clash.clashes).toEqual([expect.objectContaining({ content: 'Giao ban', time: '08:00 - 10:00', people: ['Hoàng Văn Chủ'], date: '2026-11-24' })]);
    // 10:00 starts as both others end (09:00 + one hour): no clash. Another day: none.
    expect((await t.ok('schedule.save', entry({ content: 'Làm việc với xã', startTime: '10:00', endTime: '11:00' }), o.clerkToken)).clashes).toEqual([]);
    expect((await t.ok('schedule.save', entry({ date: '2026-11-27', content: 'Khác ngày' }), o.clerkToken)).clashes).toEqual([]);
    // A participant booked by his personal "buổi sáng" (07:30–11:30); a chair typed as text books nobody.
    await t.ok(
      'schedule.save',
      entry({ owner: { kind: 'person', id: o.staff.id }, content: 'Khám sức khỏe định kỳ', chairUserId: null, slot: 'morning', startTime: null, endTime: null }),
      o.staff.token,
    );
    const withStaff = await t.ok(
      'schedule.save',
      entry({
        owner: { kind: 'unit', id: o.vp },
        content: 'Tập huấn phần mềm',
        chairUserId: null,
        chairText: 'Chánh Văn phòng',
        startTime: '11:00',
        endTime: '11:45',
        participants: [{ kind: 'user', userId: o.staff.id }],
      }),
      o.head.token,
    );
    // The unit head may not read the staff member's personal entry (clerks may): its content is masked, the person named.
    expect(withStaff.clashes).toEqual([expect.objectContaining({ content: '(lịch cá nhân)', time: 'Sáng', people: ['Vũ Thị Chuyên'], ownerLabel: 'Vũ Thị Chuyên' })]);
    // The week view carries the warnings too; the afternoon does not clash with the morning.
    const afternoon = await t.ok(
      'schedule.save',
      entry({ content: 'Họp chiều', chairUserId: null, slot: 'afternoon', startTime: null, endTime: null, participants: [{ kind: 'user', userId: o.staff.id }] }),
      o.clerkToken,
    );
    expect(afternoon.clashes).toEqual([]);
    const week = await t.ok('schedule.week', { owner: OFFICE, weekStart: WEEK }, o.clerkToken);
    expect(week.entries.find((e) => e.content === 'Giao ban')!.clashes.map((c) => c.content)).toEqual(['Tiếp công dân']);
    // Cả ngày clashes with everything of that person in working hours.
    const allday = await t.ok('schedule.save', entry({ date: '2026-11-24', content: 'Đi công tác huyện', slot: 'allday', startTime: null, endTime: null }), o.clerkToken);
    expect(allday.clashes.map((c) => c.content).sort()).toEqual(['Giao ban', 'Làm việc với xã', 'Tiếp công dân']);
  });
});

describe('calendar, copying, printing and export', () => {
  it('shows holidays on their day', async () => {
    const week = await t.ok('schedule.week', { owner: OFFICE, weekStart: '2026-12-28' }, o.clerkToken);
    const jan1 = week.days.find((d) => d.date === '2027-01-01')!;
    expect(jan1.holidays).toContain('Tết Dương lịch');
    expect(jan1.dayOff).toBe(true);
    expect(jan1.weekday).toBe('Thứ Sáu');
    expect(week.days[0].holidays).toEqual([]);
    expect(week.title).toBe('Tuần 53 (từ ngày 28/12/2026 đến ngày 03/01/2027)');
    expect(week.days[6].dayOff).toBe(true); // Sunday
  });

  it('copies last week’s recurring entries once, as drafts, with their participants', async () => {
    const prev = '2026-11-16';
    await t.ok(
      'schedule.save',
      entry({ weekStart: prev, date: '2026-11-16', content: 'Giao ban đầu tuần', recurring: true, participants: [{ kind: 'unit', unitId: o.vp }] }),
      o.clerkToken,
    );
    await t.ok('schedule.save', entry({ weekStart: prev, date: '2026-11-18', content: 'Một lần' }), o.clerkToken);
    expect(await t.ok('schedule.copyRecurring', { owner: OFFICE, weekStart: WEEK }, o.clerkToken)).toEqual({ copied: 1 });
    expect(await t.ok('schedule.copyRecurring', { owner: OFFICE, weekStart: WEEK }, o.clerkToken)).toEqual({ copied: 0 });
    const week = await t.ok('schedule.week', { owner: OFFICE, weekStart: WEEK }, o.clerkToken);
    expect(week.state).toBe('draft');
    expect(week.entries.map((e) => [e.date, e.content, e.recurring, e.participants.map((p) => p.name)])).toEqual([
      ['2026-11-23', 'Giao ban đầu tuần', true, ['Văn phòng HĐND - UBND']],
    ]);
    // The copy is itself recurring: the week after gets it from this one.
    expect(await t.ok('schedule.copyRecurring', { owner: OFFICE, weekStart: '2026-11-30' }, o.clerkToken)).toEqual({ copied: 1 });
    expect((await failure('schedule.copyRecurring', { owner: OFFICE, weekStart: WEEK }, o.staff.token)).code).toBe('forbidden');
  });

  it('prints the week as an A4 landscape PDF with Vietnamese text', async () => {
    await t.ok(
      'schedule.save',
      entry({
        participants: [
          { kind: 'unit', unitId: o.vp },
          { kind: 'text', name: 'Đại diện Mặt trận Tổ quốc xã' },
        ],
        prepText: 'Văn phòng HĐND - UBND',
      }),
      o.clerkToken,
    );
    for (let i = 0; i < 40; i++) {
      await t.ok(
        'schedule.save',
        entry({
          date: '2026-11-25',
          startTime: `${String(7 + (i % 10)).padStart(2, '0')}:00`,
          endTime: null,
          content: `Nội dung làm việc số ${i + 1}: rà soát hồ sơ đất đai, giải quyết đơn thư khiếu nại của công dân thôn Đồng Hóa`,
        }),
        o.clerkToken,
      );
    }
    await t.ok('schedule.publish', { owner: OFFICE, weekStart: WEEK }, o.leader.token);
    const pdf = await t.ok('schedule.print', { owner: OFFICE, weekStart: WEEK }, o.staff.token);
    expect(pdf.mime).toBe('application/pdf');
    expect(pdf.fileName).toBe('lich-cong-tac-tuan-48-2026-11-23.pdf');
    const file = path.join(t.dir, 'week.pdf');
    fs.writeFileSync(file, pdf.bytes);
    if (process.env.SCHEDULE_PDF_OUT) fs.copyFileSync(file, process.env.SCHEDULE_PDF_OUT);
    const info = execFileSync('pdfinfo', [file]).toString();
    expect(info).toMatch(/Page size:\s+841\.89 x 595\.28/);
    expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBeGreaterThan(1);
    const text = execFileSync('pdftotext', [file, '-']).toString().normalize('NFC').replace(/\s+/g, ' ');
    expect(text).toContain('LỊCH CÔNG TÁC TUẦN 48');
    expect(text).toContain('(từ ngày 23/11/2026 đến ngày 29/11/2026)');
    expect(text).toContain('ỦY BAN NHÂN DÂN XÃ ĐỒNG HÓA');
    expect(text).toContain('Họp giao ban lãnh đạo Ủy ban nhân dân xã');
    expect(text).toContain('Đại diện Mặt trận Tổ quốc xã');
    expect(text).toContain('Hoàng Văn Chủ');
    expect(text).toContain('Nội dung làm việc số 40');
    for (const h of ['Thứ/ngày', 'Thời gian', 'Nội dung', 'Chủ trì', 'Thành phần', 'Địa điểm', 'Chuẩn bị']) expect(text).toContain(h);
  });

  it('exports .ics with stable UIDs, UTC times, all-day dates, escaping, folding and cancelled entries', async () => {
    const long = 'Hội nghị sơ kết công tác cải cách hành chính, chuyển đổi số; triển khai nhiệm vụ trọng tâm quý IV năm 2026 \\ toàn xã';
    const a = await t.ok('schedule.save', entry({ content: long, place: 'Hội trường UBND xã, tầng 1', notes: 'Dòng một\nDòng hai' }), o.clerkToken);
    const b = await t.ok('schedule.save', entry({ date: '2026-11-26', slot: 'allday', startTime: null, endTime: null, content: 'Đi kiểm tra cơ sở' }), o.clerkToken);
    await t.ok('schedule.publish', { owner: OFFICE, weekStart: WEEK }, o.leader.token);
    await t.ok('schedule.cancel', { id: b.entry.id }, o.clerkToken);
    const out = await t.ok('schedule.ics', { owner: OFFICE, weekStart: WEEK }, o.clerkToken);
    const raw = Buffer.from(out.bytes).toString('utf8');
    expect(out.mime).toContain('text/calendar');
    // Every line ends with CRLF and is at most 75 octets.
    expect(raw.endsWith('\r\n')).toBe(true);
    const physical = raw.split('\r\n').slice(0, -1);
    expect(physical.every((l) => Buffer.byteLength(l, 'utf8') <= 75)).toBe(true);
    expect(raw.replace(/\r\n/g, '')).not.toContain('\n');
    expect(physical.some((l) => l.startsWith(' '))).toBe(true);
    // Unfold and parse back.
    const lines = raw.replace(/\r\n /g, '').split('\r\n').filter(Boolean);
    const events: Array<Record<string, string>> = [];
    let cur: Record<string, string> | null = null;
    for (const l of lines) {
      if (l === 'BEGIN:VEVENT') cur = {};
      else if (l === 'END:VEVENT') {
        events.push(cur!);
        cur = null;
      } else if (cur) {
        const i = l.indexOf(':');
        cur[l.slice(0, i)] = l.slice(i + 1);
      }
    }
    const unescape = (s: string) => s.replace(/\\n/g, '\n').replace(/\\([\\;,])/g, '$1');
    expect(events).toHaveLength(2);
    const [ea, eb] = events;
    expect(ea.UID).toBe(`lich-${a.entry.id}@000.00.12.H35.vanthu`);
    expect(ea.DTSTART).toBe('20261124T010000Z'); // 08:00 in Vietnam
    expect(ea.DTEND).toBe('20261124T030000Z');
    expect(ea.SUMMARY).toContain('\\;');
    expect(ea.SUMMARY).toContain('\\,');
    expect(unescape(ea.SUMMARY)).toBe(long);
    expect(unescape(ea.LOCATION)).toBe('Hội trường UBND xã, tầng 1');
    expect(unescape(ea.DESCRIPTION)).toContain('Chủ trì: Hoàng Văn Chủ\nGhi chú: Dòng một\nDòng hai');
    expect(ea.STATUS).toBe('CONFIRMED');
    expect(eb['DTSTART;VALUE=DATE']).toBe('20261126');
    expect(eb['DTEND;VALUE=DATE']).toBe('20261127');
    expect(eb.STATUS).toBe('CANCELLED');
    // The same entry keeps its UID in a later export (and in Lịch của tôi).
    const again = Buffer.from((await t.ok('schedule.ics', { mine: true, weekStart: WEEK }, o.leader.token)).bytes).toString('utf8');
    expect(again).toContain(`UID:lich-${a.entry.id}@000.00.12.H35.vanthu`);
  });

  it('attaches uploaded files readable by those who see the entry', async () => {
    const up = await t.ok(
      'blobs.put',
      { bytes: new TextEncoder().encode('%PDF-1.4\n% Giấy mời họp\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'), fileName: 'giay-moi.pdf' } as never,
      o.clerkToken,
    );
    const saved = await t.ok('schedule.save', entry({ files: [{ hash: up.hash, fileName: 'Giấy mời họp.pdf' }] }), o.clerkToken);
    expect(saved.entry.files).toEqual([{ hash: up.hash, fileName: 'Giấy mời họp.pdf' }]);
    // Before publishing staff may not fetch it; after, they may.
    expect((await failure('schedule.file', { entryId: saved.entry.id, hash: up.hash }, o.staff.token)).code).toBe('not_found');
    await t.ok('schedule.publish', { owner: OFFICE, weekStart: WEEK }, o.leader.token);
    const f = await t.ok('schedule.file', { entryId: saved.entry.id, hash: up.hash }, o.staff.token);
    expect(f.fileName).toBe('Giấy mời họp.pdf');
    // Someone else's upload cannot be attached by hash alone.
    const other = await t.ok('blobs.put', { bytes: new TextEncoder().encode('%PDF-1.4\n% khác\n%%EOF\n'), fileName: 'khac.pdf' } as never, o.leader.token);
    expect((await failure('schedule.save', entry({ files: [{ hash: other.hash, fileName: 'khac.pdf' }] }), o.clerkToken)).fields?.[0].path).toBe('files.0');
  });
});
