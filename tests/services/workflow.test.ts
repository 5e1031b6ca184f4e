// Incoming routing through dispatch on a real core: trình, bút phê with deadlines, giao tiếp inside a unit, Việc cần
// xử lý, return / reassign / complete and their cascades, follow-up, notifications to the right people only, the
// stamp's "Chuyển" line, and the unit that cannot be closed while it has work.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../src-shared/api';
import { makeCore, STRONG_PASSWORD, tempDir, userWithRoles, type TestCore } from '../helpers/core';
import { clerkOffice, docInput } from '../helpers/incoming';
import { makePdf } from '../unit/blobs-fixtures';

const DAY = 86_400_000;

async function office(t: TestCore) {
  const o = await clerkOffice(t);
  const unitP = (await t.ok('units.create', { name: 'Phòng Tư pháp - Hộ tịch', code: 'TP', parentId: null }, o.adminToken)).id;
  const unitQ = (await t.ok('units.create', { name: 'Phòng Địa chính', code: 'DC', parentId: null }, o.adminToken)).id;
  const leader = await userWithRoles(t, o.adminToken, 'Hoàng Văn Chủ', ['leader']);
  const leader2 = await userWithRoles(t, o.adminToken, 'Trịnh Thị Phó', ['leader']);
  const head = await userWithRoles(t, o.adminToken, 'Đỗ Văn Trưởng', ['staff']);
  const staff1 = await userWithRoles(t, o.adminToken, 'Vũ Thị Chuyên', ['staff']);
  const staff2 = await userWithRoles(t, o.adminToken, 'Ngô Văn Địa', ['staff']);
  const outsider = await userWithRoles(t, o.adminToken, 'Lý Văn Ngoài', ['staff']);
  const place = async (id: number, unitId: number, headsUnit: boolean, fullName: string) =>
    t.ok('users.update', { id, fullName, position: null, email: null, phone: null, unitId, headsUnit, roles: ['staff'] }, o.adminToken);
  await place(head.id, unitP, true, 'Đỗ Văn Trưởng');
  await place(staff1.id, unitP, false, 'Vũ Thị Chuyên');
  await place(staff2.id, unitQ, false, 'Ngô Văn Địa');
  await place(outsider.id, unitQ, false, 'Lý Văn Ngoài');
  let n = 100;
  const register = async (over: Parameters<typeof docInput>[1] = {}) =>
    (await t.ok('incoming.register', docInput(o.registerId, { codeNumber: String(n++), ...over }), o.clerkToken)).id;
  return { ...o, unitP, unitQ, leader, leader2, head, staff1, staff2, outsider, register };
}

type Office = Awaited<ReturnType<typeof office>>;

describe('workflow', () => {
  let t: TestCore;
  let o: Office;
  let events: EventEnvelope[];

  beforeEach(async () => {
    t = makeCore();
    o = await office(t);
    events = [];
    t.core.events.subscribe((e) => events.push(e));
  });
  afterEach(() => t.close());

  const notes = (token: string) => t.ok('notifications.list', { unreadOnly: false, limit: 100 }, token);

  it('only the clerk presents, to an active leader, once at a time; the leader alone is told', async () => {
    const doc = await o.register();
    const staffTry = await t.call('workflow.present', { documentId: doc, leaderId: o.leader.id }, o.staff1.token);
    expect(staffTry.ok || staffTry.error.code).toBe('forbidden');
    const notLeader = await t.call('workflow.present', { documentId: doc, leaderId: o.staff1.id }, o.clerkToken);
    expect(notLeader.ok || notLeader.error.fields?.[0].path).toBe('leaderId');

    const wf = await t.ok('workflow.present', { documentId: doc, leaderId: o.leader.id, note: 'Kính trình', usedSuggestion: true }, o.clerkToken);
    expect(wf.tasks).toMatchObject([{ kind: 'presented', userId: o.leader.id, status: 'open' }]);
    expect(wf.timeline.find((e) => e.kind === 'presented')?.data).toMatchObject({ usedSuggestion: true, leaderName: 'Hoàng Văn Chủ' });
    const again = await t.call('workflow.present', { documentId: doc, leaderId: o.leader2.id }, o.clerkToken);
    expect(again.ok || again.error.code).toBe('invalid_state');

    expect((await notes(o.leader.token)).items).toMatchObject([{ kind: 'assigned', documentId: doc }]);
    expect((await notes(o.leader2.token)).items).toHaveLength(0);
    const sent = events.filter((e) => e.name === 'notification.created');
    expect(sent.map((e) => e.to)).toEqual([[o.leader.id]]);
    expect(events.some((e) => e.name === 'workflow.changed')).toBe(true);
    const inbox = await t.ok('workflow.inbox', { view: 'open' }, o.leader.token);
    expect(inbox.items).toMatchObject([{ kind: 'presented', documentId: doc, unread: true, direction: 'in' }]);

    // The leader returns it: the clerk may present it again, to someone else.
    await t.ok('workflow.return', { taskId: wf.tasks[0].id, reason: 'Trình đồng chí Phó Chủ tịch' }, o.leader.token);
    expect((await notes(o.clerkToken)).items[0]).toMatchObject({ kind: 'returned' });
    await t.ok('workflow.present', { documentId: doc, leaderId: o.leader2.id }, o.clerkToken);
  });

  it('an urgent registration notifies the leaders', async () => {
    await o.register({ urgency: 2 });
    expect((await notes(o.leader.token)).items).toMatchObject([{ kind: 'urgent' }]);
    expect((await notes(o.leader2.token)).items).toMatchObject([{ kind: 'urgent' }]);
    expect((await notes(o.staff1.token)).items).toHaveLength(0);
  });

  it('the directive: leaders only, deadlines from today on, working days on the calendar; people told, access given, stamp filled', async () => {
    const doc = await o.register({ handlingDueDate: '2026-12-15' });
    await t.ok('workflow.present', { documentId: doc, leaderId: o.leader.id }, o.clerkToken);
    const staffTry = await t.call('workflow.direct', { documentId: doc, text: 'x', lead: { unitId: o.unitP } }, o.staff1.token);
    expect(staffTry.ok || staffTry.error.code).toBe('forbidden');
    // Today is Friday 20/11/2026 on the test clock.
    const early = await t.call('workflow.direct', { documentId: doc, text: 'x', lead: { unitId: o.unitP, dueDate: '2026-11-19' } }, o.leader.token);
    expect(early.ok).toBe(false);
    if (!early.ok) {
      expect(early.error.code).toBe('invalid_input');
      expect(early.error.fields?.[0].path).toBe('lead.dueDate');
      expect(early.error.fields?.[0].message).toContain('không được trước ngày giao');
    }
    const earlyCoop = await t.call(
      'workflow.direct',
      { documentId: doc, text: 'x', lead: { unitId: o.unitP }, cooperate: [{ userId: o.staff2.id, dueDate: '2026-01-01' }] },
      o.leader.token,
    );
    expect(earlyCoop.ok || earlyCoop.error.fields?.[0].path).toBe('cooperate.0.dueDate');
    // Nothing of the refused directives was written.
    expect((await t.ok('workflow.get', { documentId: doc }, o.leader.token)).directions).toHaveLength(0);

    // The staff member of unit P sees nothing of it yet.
    expect((await t.call('documents.get', { id: doc }, o.staff1.token)).ok).toBe(false);
    const wf = await t.ok(
      'workflow.direct',
      {
        documentId: doc,
        text: 'Giao Phòng Tư pháp chủ trì, Phòng Địa chính phối hợp.',
        lead: { unitId: o.unitP, dueWorkingDays: 3 },
        cooperate: [{ userId: o.staff2.id, dueDate: '2026-11-30' }],
        info: [{ userId: o.outsider.id }],
      },
      o.leader.token,
    );
    const lead = wf.tasks.find((x) => x.kind === 'lead')!;
    // Three working days after Friday 20/11: Mon 23, Tue 24, Wed 25.
    expect(lead).toMatchObject({ unitId: o.unitP, dueDate: '2026-11-25', status: 'open' });
    expect(wf.tasks.find((x) => x.kind === 'presented')).toMatchObject({ status: 'done' });
    expect(wf.directions).toMatchObject([{ level: 'office', byName: 'Hoàng Văn Chủ' }]);
    expect(wf.transfer).toBe('Phòng Tư pháp - Hộ tịch (chủ trì); Ngô Văn Địa (phối hợp)');
    const detail = await t.ok('documents.get', { id: doc }, o.clerkToken);
    expect(detail.stamp.transfer).toBe(wf.transfer);
    const row = t.core.services.raw.prepare('SELECT handling_status, handling_due_date, transfer_date, recipient FROM documents WHERE id = ?').get(doc);
    expect(row).toEqual({ handling_status: 'in_progress', handling_due_date: '2026-11-25', transfer_date: '2026-11-20', recipient: wf.transfer });

    // Work given to unit P reaches its head; the cooperating and informed people are told; no one else.
    expect((await notes(o.head.token)).items).toMatchObject([{ kind: 'assigned', taskId: lead.id }]);
    expect((await notes(o.staff2.token)).items).toHaveLength(1);
    expect((await notes(o.outsider.token)).items).toHaveLength(1);
    expect((await notes(o.staff1.token)).items).toHaveLength(0);
    expect((await notes(o.leader2.token)).items).toHaveLength(0);
    expect((await t.call('documents.get', { id: doc }, o.staff1.token)).ok).toBe(false);
    expect((await t.call('workflow.get', { documentId: doc }, o.staff1.token)).ok).toBe(false);
    expect((await t.ok('documents.get', { id: doc }, o.head.token)).id).toBe(doc);
    const headInbox = await t.ok('workflow.inbox', { view: 'open' }, o.head.token);
    expect(headInbox.items.map((i) => i.id)).toEqual([lead.id]);
    expect((await t.ok('workflow.get', { documentId: doc }, o.head.token)).can.handDown).toEqual([lead.id]);
  });

  it('hand-down by the assignee or head only, deadlines within the parent; the chủ trì finishing finishes the parent and the document', async () => {
    const doc = await o.register();
    const wf = await t.ok('workflow.direct', { documentId: doc, text: 'Phòng Tư pháp xử lý.', lead: { unitId: o.unitP, dueDate: '2026-11-27' } }, o.leader.token);
    const lead = wf.tasks.find((x) => x.kind === 'lead')!;
    const byOther = await t.call('workflow.handDown', { taskId: lead.id, text: 'x', lead: { userId: o.staff1.id } }, o.staff2.token);
    expect(byOther.ok || byOther.error.code).toBe('not_found');
    const byLeader = await t.call('workflow.handDown', { taskId: lead.id, text: 'x', lead: { userId: o.staff1.id } }, o.leader2.token);
    expect(byLeader.ok || byLeader.error.code).toBe('forbidden');
    const late = await t.call('workflow.handDown', { taskId: lead.id, text: 'x', lead: { userId: o.staff1.id, dueDate: '2026-11-30' } }, o.head.token);
    expect(late.ok || late.error.fields?.[0].path).toBe('lead.dueDate');
    const outside = await t.call('workflow.handDown', { taskId: lead.id, text: 'x', lead: { userId: o.staff2.id } }, o.head.token);
    expect(outside.ok || outside.error.fields?.[0].path).toBe('lead.userId');

    const after = await t.ok('workflow.handDown', { taskId: lead.id, text: 'Đ/c Chuyên dự thảo trả lời.', lead: { userId: o.staff1.id, dueDate: '2026-11-26' } }, o.head.token);
    const child = after.tasks.find((x) => x.parentId === lead.id)!;
    expect(child).toMatchObject({ kind: 'lead', userId: o.staff1.id, dueDate: '2026-11-26' });
    expect(after.tasks.find((x) => x.id === lead.id)?.status).toBe('in_progress');
    expect(after.directions.map((d) => d.level)).toEqual(['office', 'unit']);
    // Now the staff member sees it, and has it in the inbox.
    expect((await t.ok('documents.get', { id: doc }, o.staff1.token)).id).toBe(doc);
    expect((await t.ok('workflow.inbox', { view: 'open' }, o.staff1.token)).items.map((i) => i.id)).toEqual([child.id]);
    expect((await notes(o.staff1.token)).items).toMatchObject([{ kind: 'assigned', taskId: child.id }]);

    const noResult = await t.call('workflow.complete', { taskId: child.id, result: '' }, o.staff1.token);
    expect(noResult.ok || noResult.error.code).toBe('invalid_input');
    const done = await t.ok('workflow.complete', { taskId: child.id, result: 'Đã trả lời bằng Công văn số 12/UBND-TP' }, o.staff1.token);
    expect(done.tasks.find((x) => x.id === child.id)).toMatchObject({ status: 'done' });
    expect(done.tasks.find((x) => x.id === lead.id)).toMatchObject({ status: 'done', result: 'Đã trả lời bằng Công văn số 12/UBND-TP' });
    expect((t.core.services.raw.prepare('SELECT handling_status FROM documents WHERE id = ?').pluck().get(doc) as string) === 'done').toBe(true);
    // A handled document is not presented again, and the clerk is not offered to.
    expect((await t.ok('workflow.get', { documentId: doc }, o.clerkToken)).can.present).toBe(false);
    const again = await t.call('workflow.present', { documentId: doc, leaderId: o.leader.id }, o.clerkToken);
    expect(again.ok || again.error.code).toBe('invalid_state');
    // The head hears of the child, the leader of the lead task.
    expect((await notes(o.head.token)).items.some((n) => n.kind === 'completed')).toBe(true);
    expect((await notes(o.leader.token)).items.some((n) => n.kind === 'completed')).toBe(true);
    expect((await t.ok('workflow.inbox', { view: 'done' }, o.staff1.token)).items.map((i) => i.id)).toEqual([child.id]);
  });

  it('a reply must be an outgoing document; its link is recorded', async () => {
    const doc = await o.register();
    const wf = await t.ok('workflow.direct', { documentId: doc, text: null, lead: { userId: o.staff1.id } }, o.leader.token);
    const lead = wf.tasks.find((x) => x.kind === 'lead')!;
    const other = await o.register();
    const wrong = await t.call('workflow.complete', { taskId: lead.id, result: null, replyDocumentId: other }, o.staff1.token);
    expect(wrong.ok || wrong.error.fields?.[0].path).toBe('replyDocumentId');
    const now = t.clock.now();
    const out = Number(
      t.core.services.raw
        .prepare(
          `INSERT INTO documents (direction, status, year, issuer_name, issuer_search, subject, received_at, arrival_at, registration_due_at, received_via, created_by, created_at, updated_at)
           VALUES ('out', 'registered', 2026, 'UBND xã', 'ubnd xa', 'Công văn trả lời', ?, ?, ?, 'paper', ?, ?, ?)`,
        )
        .run(now, now, now, o.staff1.id, now, now).lastInsertRowid,
    );
    const done = await t.ok('workflow.complete', { taskId: lead.id, result: null, replyDocumentId: out }, o.staff1.token);
    expect(done.tasks.find((x) => x.id === lead.id)?.replyDocumentId).toBe(out);
    expect(done.timeline.map((e) => e.kind)).toContain('reply_linked');
    expect(done.replies).toMatchObject([{ id: out, subject: 'Công văn trả lời' }]);
  });

  it('return of a chủ trì lets the leader direct again; the earlier work ends; reassign by the leader', async () => {
    const doc = await o.register();
    const wf = await t.ok('workflow.direct', { documentId: doc, text: null, lead: { userId: o.staff1.id }, cooperate: [{ userId: o.staff2.id }] }, o.leader.token);
    const lead = wf.tasks.find((x) => x.kind === 'lead')!;
    const coop = wf.tasks.find((x) => x.kind === 'cooperate')!;
    const notMine = await t.call('workflow.return', { taskId: lead.id, reason: 'Không đúng' }, o.staff2.token);
    expect(notMine.ok || notMine.error.code).toBe('forbidden');
    await t.ok('workflow.return', { taskId: lead.id, reason: 'Không thuộc lĩnh vực được giao' }, o.staff1.token);
    expect((await notes(o.leader.token)).items[0]).toMatchObject({ kind: 'returned' });
    const again = await t.ok('workflow.direct', { documentId: doc, text: 'Giao lại', lead: { userId: o.head.id } }, o.leader.token);
    expect(again.tasks.find((x) => x.id === coop.id)?.status).toBe('cancelled');
    expect(again.tasks.find((x) => x.id === lead.id)?.status).toBe('returned');
    expect(again.transfer).toBe('Đỗ Văn Trưởng (chủ trì)');

    const newLead = again.tasks.find((x) => x.kind === 'lead' && x.status === 'open')!;
    const byStaff = await t.call('workflow.reassign', { taskId: newLead.id, to: { userId: o.staff2.id }, reason: 'x' }, o.staff1.token);
    // staff1 still sees the document (it was given to them) but may not move someone else's work.
    expect(byStaff.ok || byStaff.error.code).toBe('forbidden');
    const moved = await t.ok('workflow.reassign', { taskId: newLead.id, to: { userId: o.staff2.id, dueDate: '2026-12-01' }, reason: 'Đ/c Địa nắm hồ sơ' }, o.leader2.token);
    expect(moved.tasks.find((x) => x.id === newLead.id)?.status).toBe('cancelled');
    expect(moved.tasks.find((x) => x.kind === 'lead' && x.status === 'open')).toMatchObject({ userId: o.staff2.id, dueDate: '2026-12-01' });
    expect(moved.transfer).toBe('Ngô Văn Địa (chủ trì)');
    expect((await t.ok('workflow.inbox', { view: 'open' }, o.head.token)).items).toHaveLength(0);
  });

  it('inbox: urgent first, then by deadline, no deadline last; overdue and due-soon with the clock; keyset pages', async () => {
    const mk = async (urgency: 0 | 1 | 2, due: string | null) => {
      const doc = await o.register({ urgency });
      const wf = await t.ok('workflow.direct', { documentId: doc, text: null, lead: { userId: o.staff1.id, ...(due ? { dueDate: due } : {}) } }, o.leader.token);
      return wf.tasks.find((x) => x.kind === 'lead')!.id;
    };
    const a = await mk(0, null);
    const b = await mk(0, '2026-12-10');
    const c = await mk(1, '2026-12-20');
    const d = await mk(0, '2026-11-23');
    const e = await mk(2, null);
    const f = await mk(0, '2026-11-21');
    const inbox = await t.ok('workflow.inbox', { view: 'open', limit: 50 }, o.staff1.token);
    expect(inbox.items.map((i) => i.id)).toEqual([e, c, f, d, b, a]);
    expect(inbox.counts).toMatchObject({ open: 6, urgent: 2, overdue: 0, dueSoon: 1 });
    expect(inbox.items.find((i) => i.id === f)).toMatchObject({ dueSoon: true, overdue: false });

    const p1 = await t.ok('workflow.inbox', { view: 'open', limit: 4 }, o.staff1.token);
    const p2 = await t.ok('workflow.inbox', { view: 'open', limit: 4, cursor: p1.nextCursor! }, o.staff1.token);
    expect([...p1.items, ...p2.items].map((i) => i.id)).toEqual([e, c, f, d, b, a]);
    expect(p2.nextCursor).toBeNull();

    t.clock.advance(3 * DAY); // Monday 23/11: sessions idle that long have ended; sign in again.
    const login = async (u: { username: string }) => (await t.ok('auth.login', { username: u.username, password: STRONG_PASSWORD })).token;
    o.staff1.token = await login(o.staff1);
    o.staff2.token = await login(o.staff2);
    o.leader.token = await login(o.leader);
    o.clerkToken = await o.fresh();
    const later = await t.ok('workflow.inbox', { view: 'open', overdueOnly: true }, o.staff1.token);
    expect(later.items.map((i) => i.id)).toEqual([f]);
    expect(later.items[0]).toMatchObject({ overdue: true, dueSoon: false });
    expect(later.counts).toMatchObject({ overdue: 1, dueSoon: 1 });

    const opened = await t.ok('workflow.open', { taskId: f }, o.staff1.token);
    expect(opened.id).toBe(f);
    expect((await t.ok('workflow.inbox', { view: 'open' }, o.staff1.token)).items.find((i) => i.id === f)?.unread).toBe(false);

    // The leader's follow-up lists and the office's overdue report.
    const directed = await t.ok('workflow.directed', { state: 'overdue' }, o.leader.token);
    expect(directed.items.map((i) => i.id)).toEqual([f]);
    expect((await t.ok('workflow.directed', { state: 'open', limit: 50 }, o.leader.token)).items.map((i) => i.id)).toEqual([f, d, b, c, a, e]);
    const report = await t.ok('workflow.overdue', {}, o.clerkToken);
    expect(report.total).toBe(1);
    expect(report.items.map((i) => i.id)).toEqual([f]);
    expect(report.byPerson).toMatchObject([{ userId: o.staff1.id, open: 6, overdue: 1, unitId: o.unitP }]);
    expect(report.byUnit).toMatchObject([{ unitId: o.unitP, open: 6, overdue: 1 }]);
    const staffReport = await t.call('workflow.overdue', {}, o.staff1.token);
    expect(staffReport.ok || staffReport.error.code).toBe('forbidden');

    await t.ok('workflow.remind', { taskId: f, text: 'Đề nghị hoàn thành ngay' }, o.leader.token);
    expect((await notes(o.staff1.token)).items[0]).toMatchObject({ kind: 'reminder', taskId: f });
    const staffRemind = await t.call('workflow.remind', { taskId: f, text: null }, o.staff2.token);
    expect(staffRemind.ok || staffRemind.error.code).toBe('not_found');
    // Nobody reminds themselves: the assignee is neither offered nor allowed it.
    const self = await t.call('workflow.remind', { taskId: f, text: null }, o.staff1.token);
    expect(self.ok || self.error.code).toBe('forbidden');
    expect(
      (await t.ok('workflow.get', { documentId: (await t.ok('workflow.inbox', { view: 'open' }, o.staff1.token)).items.find((i) => i.id === f)!.documentId }, o.staff1.token)).can
        .remind,
    ).not.toContain(f);
  });

  it('the inbox page rides the partial indexes without sorting all rows', () => {
    const plan = t.core.services.raw
      .prepare('EXPLAIN QUERY PLAN SELECT t.id, t.urgency, t.due_sort FROM tasks t WHERE t.user_id = 5 AND t.open_flag = 1 ORDER BY t.urgency DESC, t.due_sort, t.id LIMIT 51')
      .all() as Array<{ detail: string }>;
    const text = plan.map((p) => p.detail).join('\n');
    expect(text).toContain('tasks_user_inbox_idx');
    expect(text).not.toContain('TEMP B-TREE');
    const unitPlan = t.core.services.raw
      .prepare(
        "EXPLAIN QUERY PLAN SELECT t.id FROM tasks t WHERE t.unit_id IN (SELECT value FROM json_each('[3]')) AND t.open_flag = 1 ORDER BY t.urgency DESC, t.due_sort, t.id LIMIT 51",
      )
      .all() as Array<{ detail: string }>;
    expect(unitPlan.map((p) => p.detail).join('\n')).toContain('tasks_unit_inbox_idx');
  });

  it('info tasks end when read; comments with files are readable by the document readers', async () => {
    const doc = await o.register();
    const wf = await t.ok('workflow.direct', { documentId: doc, text: null, lead: { userId: o.staff1.id }, info: [{ unitId: o.unitQ }] }, o.leader.token);
    // Để biết to a unit reaches everyone in it, each with their own task: one reading it does not read it for the other.
    const infos = wf.tasks.filter((x) => x.kind === 'info');
    expect(infos.map((x) => x.userId).sort()).toEqual([o.staff2.id, o.outsider.id].sort());
    const info = infos.find((x) => x.userId === o.staff2.id)!;
    const other = infos.find((x) => x.userId === o.outsider.id)!;
    expect((await notes(o.staff2.token)).items).toHaveLength(1);
    expect((await notes(o.outsider.token)).items).toHaveLength(1);
    expect((await t.ok('workflow.inbox', { view: 'info' }, o.staff2.token)).items.map((i) => i.id)).toEqual([info.id]);
    await t.ok('workflow.open', { taskId: info.id }, o.staff2.token);
    const after = await t.ok('workflow.get', { documentId: doc }, o.leader.token);
    expect(after.tasks.find((x) => x.id === info.id)?.status).toBe('done');
    expect(after.tasks.find((x) => x.id === other.id)).toMatchObject({ status: 'open' });
    expect(after.timeline.map((e) => e.kind)).toContain('read');
    expect(after.timeline.find((e) => e.kind === 'directed')?.data).toMatchObject({ info: ['Phòng Địa chính'] });

    const put = await t.ok('blobs.put', { fileName: 'du-thao.pdf', bytes: await makePdf([['Dự thảo công văn trả lời']]) }, o.staff1.token);
    const foreign = await t.ok('blobs.put', { fileName: 'rieng.pdf', bytes: await makePdf([['Tệp riêng của người khác']]) }, o.outsider.token);
    const stolen = await t.call('workflow.comment', { documentId: doc, kind: 'progress', text: 'x', files: [{ hash: foreign.hash, fileName: 'a.pdf' }] }, o.staff1.token);
    expect(stolen.ok || stolen.error.code).toBe('invalid_input');
    expect((await t.call('blobs.get', { hash: put.hash }, o.head.token)).ok).toBe(false);
    const c = await t.ok(
      'workflow.comment',
      { documentId: doc, kind: 'progress', text: 'Đã dự thảo, xin ý kiến', files: [{ hash: put.hash, fileName: 'du-thao.pdf' }] },
      o.staff1.token,
    );
    expect(c.timeline.find((e) => e.kind === 'progress')).toMatchObject({ actorName: 'Vũ Thị Chuyên', files: [{ hash: put.hash, fileName: 'du-thao.pdf' }] });
    // The head of unit P sees the document (a person of the unit is linked), hence the file; an outsider does not.
    expect((await t.call('blobs.get', { hash: put.hash }, o.head.token)).ok).toBe(true);
    expect((await t.call('blobs.get', { hash: put.hash }, o.leader.token)).ok).toBe(true);
    const outsiderComment = await t.call('workflow.comment', { documentId: doc, kind: 'comment', text: 'x' }, o.clerkToken);
    expect(outsiderComment.ok).toBe(true);
  });

  it('a unit with open tasks cannot be closed; the tasks are listed', async () => {
    const doc = await o.register();
    const wf = await t.ok('workflow.direct', { documentId: doc, text: null, lead: { unitId: o.unitQ } }, o.leader.token);
    const lead = wf.tasks.find((x) => x.kind === 'lead')!;
    const r = await t.call('units.update', { id: o.unitQ, name: 'Phòng Địa chính', code: 'DC', parentId: null, active: false }, o.adminToken);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('has_open_tasks');
      expect(r.error.details?.tasks).toMatchObject([{ id: lead.id, documentId: doc, kind: 'lead' }]);
    }
    expect((t.core.services.raw.prepare('SELECT active FROM units WHERE id = ?').pluck().get(o.unitQ) as number) === 1).toBe(true);
    await t.ok('workflow.reassign', { taskId: lead.id, to: { unitId: o.unitP }, reason: 'Chuyển đơn vị' }, o.leader.token);
    await t.ok('units.update', { id: o.unitQ, name: 'Phòng Địa chính', code: 'DC', parentId: null, active: false }, o.adminToken);
  });

  it('notifications: read one, read all', async () => {
    await o.register({ urgency: 1 });
    await o.register({ urgency: 1 });
    const list = await notes(o.leader.token);
    expect(list.unread).toBe(2);
    expect((await t.ok('notifications.read', { ids: [list.items[0].id] }, o.leader.token)).unread).toBe(1);
    // Someone else's notification is not theirs to mark.
    const other = await notes(o.leader2.token);
    await t.ok('notifications.read', { ids: [other.items[0].id] }, o.leader.token);
    expect((await notes(o.leader2.token)).unread).toBe(2);
    expect((await t.ok('notifications.read', { all: true }, o.leader.token)).unread).toBe(0);
    expect((await t.ok('workflow.counts', {}, o.leader2.token)).unreadNotifications).toBe(2);
  });
  it('a restricted document is routed only by those it is given to', async () => {
    const doc = await o.register({ restricted: true, subject: 'Quyết định kỷ luật cán bộ' });
    const blind = await t.call('workflow.direct', { documentId: doc, text: null, lead: { userId: o.staff1.id } }, o.leader.token);
    expect(blind.ok || blind.error.code).toBe('not_found');
    await t.ok('workflow.present', { documentId: doc, leaderId: o.leader.id }, o.clerkToken);
    await t.ok('workflow.direct', { documentId: doc, text: null, lead: { userId: o.staff1.id } }, o.leader.token);
    expect((await t.call('workflow.get', { documentId: doc }, o.leader2.token)).ok).toBe(false);
    expect((await t.ok('workflow.inbox', { view: 'open' }, o.staff1.token)).items.map((i) => i.documentId)).toEqual([doc]);
  });

  it('prints the Phiếu giải quyết and the Sổ theo dõi giải quyết from the routing', async () => {
    const pdfText = (bytes: Uint8Array) => {
      const file = path.join(tempDir('vanthu-print-'), 'p.pdf');
      fs.writeFileSync(file, bytes);
      return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).normalize('NFC');
    };
    const doc = await o.register({ subject: 'Công văn về việc rà soát hộ nghèo thôn Yên Lạc' });
    const wf = await t.ok('workflow.direct', { documentId: doc, text: 'Giao Phòng Tư pháp chủ trì', lead: { unitId: o.unitP, dueDate: '2026-11-30' } }, o.leader.token);
    const lead = wf.tasks.find((x) => x.kind === 'lead')!;
    const down = await t.ok('workflow.handDown', { taskId: lead.id, text: 'Đ/c Chuyên xử lý', lead: { userId: o.staff1.id } }, o.head.token);
    const child = down.tasks.find((x) => x.parentId === lead.id)!;
    await t.ok('workflow.complete', { taskId: child.id, result: 'Đã rà soát xong danh sách' }, o.staff1.token);

    const slip = await t.ok('workflow.printSlip', { documentId: doc }, o.clerkToken);
    expect(slip.mime).toBe('application/pdf');
    const slipText = pdfText(slip.bytes);
    for (const s of ['PHIẾU GIẢI QUYẾT VĂN BẢN ĐẾN', 'Hoàng Văn Chủ', 'Giao Phòng Tư pháp chủ trì', 'Đỗ Văn Trưởng', 'Vũ Thị Chuyên', 'Đã rà soát xong danh sách']) {
      expect(slipText.replace(/\s+/g, ' ')).toContain(s);
    }
    expect((await t.call('workflow.printSlip', { documentId: doc }, o.staff2.token)).ok).toBe(false);

    const book = await t.ok('workflow.printTracking', { from: '2026-11-01', to: '2026-11-30' }, o.leader.token);
    const bookText = pdfText(book.bytes).replace(/\s+/g, ' ');
    expect(bookText).toContain('SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN');
    expect(bookText).toContain('hộ nghèo');
    expect(bookText).toContain('Đã giải quyết');
    const other = await t.ok('workflow.printTracking', { from: '2026-11-01', to: '2026-11-30', unitId: o.unitQ }, o.leader.token);
    expect(pdfText(other.bytes).replace(/\s+/g, ' ')).not.toContain('hộ nghèo');
    const staffBook = await t.call('workflow.printTracking', { from: '2026-11-01', to: '2026-11-30' }, o.staff1.token);
    expect(staffBook.ok || staffBook.error.code).toBe('forbidden');
  });
});
