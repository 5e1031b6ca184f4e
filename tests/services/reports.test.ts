// The dashboard and the reports through dispatch on a real core: a small office with known documents — resolved on
// time, late, open within deadline, overdue, paper and electronic, signed and not — gives exactly the hand-counted
// figures; an empty period gives zeros; bad periods are refused with invalid_period; the XLSX cells and the PDF
// text carry the same numbers as the screen; a staff member sees only their own work.

import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Report } from '../../src-shared/api/reports';
import { makeCore, userWithRoles, type TestCore } from '../helpers/core';
import { clerkOffice, docInput } from '../helpers/incoming';
import { flatText, writeTemp } from '../unit/reports-fixtures';

const DAY = 86_400_000;
// The test clock starts on Friday 20/11/2026, 09:00 in Vietnam.

async function office(t: TestCore) {
  const o = await clerkOffice(t);
  const unitP = (await t.ok('units.create', { name: 'Phòng Tư pháp', code: 'TP', parentId: null }, o.adminToken)).id;
  const unitQ = (await t.ok('units.create', { name: 'Phòng Địa chính', code: 'DC', parentId: null }, o.adminToken)).id;
  const leader = await userWithRoles(t, o.adminToken, 'Hoàng Văn Chủ', ['leader']);
  const staff1 = await userWithRoles(t, o.adminToken, 'Vũ Thị Chuyên', ['staff']);
  const staff2 = await userWithRoles(t, o.adminToken, 'Ngô Văn Địa', ['staff']);
  const place = (id: number, unitId: number, fullName: string) =>
    t.ok('users.update', { id, fullName, position: null, email: null, phone: null, unitId, headsUnit: false, roles: ['staff'] }, o.adminToken);
  await place(staff1.id, unitP, 'Vũ Thị Chuyên');
  await place(staff2.id, unitQ, 'Ngô Văn Địa');
  let n = 100;
  const register = async (over: Parameters<typeof docInput>[1] = {}) =>
    (await t.ok('incoming.register', docInput(o.registerId, { codeNumber: String(n++), ...over }), o.clerkToken)).id;
  const direct = async (documentId: number, userId: number, dueDate: string) => {
    const wf = await t.ok('workflow.direct', { documentId, text: 'Giao xử lý', lead: { userId, dueDate } }, leader.token);
    return wf.tasks.find((x) => x.kind === 'lead' && x.userId === userId)!.id;
  };
  return { ...o, unitP, unitQ, leader, staff1, staff2, register, direct };
}

const cells = (r: Report, label: string) => r.rows.find((x) => x.label === label);

describe('reports', () => {
  let t: TestCore;
  let o: Awaited<ReturnType<typeof office>>;

  beforeEach(async () => {
    t = makeCore();
    o = await office(t);
  });
  afterEach(() => t.close());

  /**
   * On 20/11: d1 (due 25/11) and d2 (due 21/11) to Chuyên, d3 (due 30/11) and d4 (due 23/11) to Địa, d5 not directed
   * (no deadline), d6 received through the hub and signed, not directed. Chuyên finishes d1 on 20/11 (on time); on
   * 24/11 she finishes d2 (late). Today is then 24/11: d3 is within its deadline, d4 overdue.
   */
  async function scenario() {
    const d1 = await o.register({ subject: 'Về việc rà soát hộ nghèo' });
    const d2 = await o.register({ subject: 'Về việc báo cáo tư pháp' });
    const d3 = await o.register({ subject: 'Về việc đo đạc đất đai' });
    const d4 = await o.register({ subject: 'Về việc cấp giấy chứng nhận' });
    const d5 = await o.register({ subject: 'Về việc thông báo lịch họp' });
    const d6 = await o.register({ subject: 'Về việc chuyển đổi số' });
    const t1 = await o.direct(d1, o.staff1.id, '2026-11-25');
    const t2 = await o.direct(d2, o.staff1.id, '2026-11-21');
    await o.direct(d3, o.staff2.id, '2026-11-30');
    await o.direct(d4, o.staff2.id, '2026-11-23');
    // Through the hub, with a file a check found signed: the channel and the check are written as sync and signing do.
    const raw = t.core.services.raw;
    raw.prepare("UPDATE documents SET received_via = 'hub' WHERE id = ?").run(d6);
    raw.prepare("INSERT INTO blobs (hash, size, kind, mime, macro, text_status, created_at) VALUES (?, 10, 'pdf', 'application/pdf', 0, 'done', 0)").run('a'.repeat(64));
    raw.prepare("INSERT INTO document_files (document_id, blob_hash, file_name, role, position, added_at) VALUES (?, ?, 'vb.pdf', 'main', 1, 0)").run(d6, 'a'.repeat(64));
    raw.prepare("INSERT INTO verification_reports (blob_hash, checked_at, overall, report) VALUES (?, 0, 'TOTAL_PASSED', '{}')").run('a'.repeat(64));
    await t.ok('workflow.complete', { taskId: t1, result: 'Đã rà soát xong' }, o.staff1.token);
    t.clock.advance(4 * DAY); // Tuesday 24/11
    const staff1 = (await t.ok('auth.login', { username: o.staff1.username, password: 'VanThu#2026a' })).token;
    await t.ok('workflow.complete', { taskId: t2, result: 'Đã báo cáo' }, staff1);
    const leader = (await t.ok('auth.login', { username: o.leader.username, password: 'VanThu#2026a' })).token;
    const clerk = await o.fresh();
    return { d1, d2, d3, d4, d5, d6, leader, clerk, staff1 };
  }

  it('counts incoming handling per office, unit and person as computed by hand', async () => {
    const s = await scenario();
    const r = await t.ok('reports.handling', { from: '2026-11-01', to: '2026-11-30', direction: 'in' }, s.leader);
    expect(r.asOf).toBe('2026-11-24');
    expect(cells(r, 'Toàn cơ quan')).toMatchObject({ received: 6, resolved: 2, onTime: 1, late: 1, inTime: 3, overdue: 1 });
    expect(cells(r, 'Phòng Tư pháp')).toMatchObject({ received: 2, resolved: 2, onTime: 1, late: 1, inTime: 0, overdue: 0 });
    expect(cells(r, 'Phòng Địa chính')).toMatchObject({ received: 2, resolved: 0, onTime: 0, late: 0, inTime: 1, overdue: 1 });
    expect(cells(r, 'Vũ Thị Chuyên (Phòng Tư pháp)')).toMatchObject({ received: 2, onTime: 1, late: 1 });
    expect(cells(r, 'Ngô Văn Địa (Phòng Địa chính)')).toMatchObject({ received: 2, inTime: 1, overdue: 1 });
    expect(r.chart?.labels).toEqual(['Phòng Địa chính', 'Phòng Tư pháp']);
    expect(r.rows.map((x) => x.level)).toEqual(['Cơ quan', 'Đơn vị', 'Đơn vị', 'Cá nhân', 'Cá nhân']);

    // The overdue figure is the register's "Quá hạn" list: the same documents.
    const list = await t.ok('documents.count', { filters: { direction: 'in', overdue: true } }, s.leader);
    expect(list.total).toBe(1);

    // A period with nothing in it: zeros, not an error.
    const empty = await t.ok('reports.handling', { from: '2025-01-01', to: '2025-06-30', direction: 'in' }, s.leader);
    expect(cells(empty, 'Toàn cơ quan')).toMatchObject({ received: 0, resolved: 0, onTime: 0, late: 0, inTime: 0, overdue: 0 });
    expect(empty.rows).toHaveLength(1);
  });

  it('a unit head hands a document down: it counts once for the unit, and for the person who does it', async () => {
    const head = await userWithRoles(t, o.adminToken, 'Đỗ Văn Trưởng', ['staff']);
    await t.ok(
      'users.update',
      { id: head.id, fullName: 'Đỗ Văn Trưởng', position: null, email: null, phone: null, unitId: o.unitP, headsUnit: true, roles: ['staff'] },
      o.adminToken,
    );
    const doc = await o.register({ subject: 'Về việc hướng dẫn hộ tịch' });
    const wf = await t.ok('workflow.direct', { documentId: doc, text: 'Giao Phòng Tư pháp', lead: { unitId: o.unitP, dueDate: '2026-11-27' } }, o.leader.token);
    const unitTask = wf.tasks.find((x) => x.kind === 'lead' && x.unitId === o.unitP)!.id;
    const down = await t.ok('workflow.handDown', { taskId: unitTask, text: 'Chuyên làm', lead: { userId: o.staff1.id } }, head.token);
    const personTask = down.tasks.find((x) => x.kind === 'lead' && x.userId === o.staff1.id)!.id;
    await t.ok('workflow.complete', { taskId: personTask, result: 'Xong' }, o.staff1.token);
    const r = await t.ok('reports.handling', { from: '2026-11-01', to: '2026-11-30', direction: 'in' }, o.leader.token);
    expect(cells(r, 'Toàn cơ quan')).toMatchObject({ received: 1 });
    expect(cells(r, 'Phòng Tư pháp')).toMatchObject({ received: 1 });
    expect(cells(r, 'Vũ Thị Chuyên (Phòng Tư pháp)')).toMatchObject({ received: 1, resolved: 1, onTime: 1 });
  });

  it('refuses bad periods with invalid_period, and staff cannot open office reports', async () => {
    const backwards = await t.call('reports.handling', { from: '2026-12-01', to: '2026-11-01', direction: 'in' }, o.clerkToken);
    expect(backwards.ok || backwards.error.code).toBe('invalid_period');
    const tooLong = await t.call('reports.exchange', { from: '2010-01-01', to: '2026-12-31', groupBy: 'year' }, o.clerkToken);
    expect(tooLong.ok || tooLong.error.code).toBe('invalid_period');
    const badDate = await t.call('reports.accounts', { from: '2026-02-30', to: '2026-03-01' }, o.adminToken);
    expect(badDate.ok || badDate.error.code).toBe('invalid_input');
    const staff = await t.call('reports.handling', { from: '2026-11-01', to: '2026-11-30', direction: 'in' }, o.staff1.token);
    expect(staff.ok || staff.error.code).toBe('forbidden');
    const clerkAccounts = await t.call('reports.accounts', { from: '2026-11-01', to: '2026-11-30' }, o.clerkToken);
    expect(clerkAccounts.ok || clerkAccounts.error.code).toBe('forbidden');
  });

  it('the dashboard: my work for everyone, the office only for those who follow it, each number what its list shows', async () => {
    const s = await scenario();
    const staff2 = (await t.ok('auth.login', { username: o.staff2.username, password: 'VanThu#2026a' })).token;
    const mine = await t.ok('reports.dashboard', {}, staff2);
    expect(mine.office).toBeNull();
    expect(mine.mine).toMatchObject({ open: 2, overdue: 1, dueToday: 0, unread: 2 });
    const inbox = await t.ok('workflow.inbox', { view: 'open', overdueOnly: true }, staff2);
    expect(inbox.items.map((i) => i.documentId)).toEqual([s.d4]);
    expect(inbox.counts.overdue).toBe(mine.mine.overdue);

    const lead = await t.ok('reports.dashboard', {}, s.leader);
    const office = lead.office!;
    expect(office.periods.map((p) => [p.key, p.from, p.to, p.incoming])).toEqual([
      ['week', '2026-11-23', '2026-11-29', 0],
      ['month', '2026-11-01', '2026-11-30', 6],
      ['year', '2026-01-01', '2026-12-31', 6],
    ]);
    expect(office.incomingOverdue).toBe(1);
    expect(office.overdueTasks).toBe(1);
    expect(office.overdueByPerson).toMatchObject([{ userId: o.staff2.id, overdue: 1, open: 2 }]);
    expect(office.backlogByUnit.find((u) => u.unitId === o.unitQ)).toMatchObject({ open: 2, overdue: 1 });
    // Each period's number is the register list's count for that period.
    for (const p of office.periods) {
      const n = await t.ok('documents.count', { filters: { direction: 'in', from: p.from, to: p.to } }, s.leader);
      expect(n.total).toBe(p.incoming);
    }
  });

  it('electronic exchange by month and year; outgoing report zero when nothing was issued', async () => {
    const s = await scenario();
    const byMonth = await t.ok('reports.exchange', { from: '2026-10-01', to: '2026-12-31', groupBy: 'month' }, s.clerk);
    expect(byMonth.rows.map((r) => r.label)).toEqual(['Tháng 10/2026', 'Tháng 11/2026', 'Tháng 12/2026', 'Cộng']);
    expect(cells(byMonth, 'Tháng 10/2026')).toMatchObject({ inTotal: 0, inHub: 0, outTotal: 0 });
    expect(cells(byMonth, 'Tháng 11/2026')).toMatchObject({ inTotal: 6, inHub: 1, inPaper: 5, inSigned: 1, inPct: 16.7 });
    const byHalf = await t.ok('reports.exchange', { from: '2026-01-01', to: '2026-12-31', groupBy: 'half' }, s.clerk);
    expect(byHalf.rows.map((r) => [r.label, r.inTotal])).toEqual([
      ['6 tháng đầu năm 2026', 0],
      ['6 tháng cuối năm 2026', 6],
      ['Cộng', 6],
    ]);
    const out = await t.ok('reports.handling', { from: '2026-01-01', to: '2026-12-31', direction: 'out' }, s.clerk);
    expect(cells(out, 'Tổng số')).toMatchObject({ issued: 0, signed: 0, electronic: 0, replyOutstanding: 0 });
  });

  it('accounts (Mẫu 04): issued, new, changed, suspended, revoked, unused, requests', async () => {
    const raw = t.core.services.raw;
    const now = t.clock.now();
    // Account requests are written by another part of the app; here as rows.
    const req = raw.prepare(
      "INSERT INTO account_requests (kind, user_id, subject_name, details, requested_by, requested_on, status, done_at, created_at, updated_at) VALUES (?, ?, ?, '{}', 'Trưởng phòng', ?, ?, ?, ?, ?)",
    );
    req.run('new', o.staff1.id, 'Vũ Thị Chuyên', '2026-11-18', 'done', now, now, now);
    req.run('change', o.staff2.id, 'Ngô Văn Địa', '2026-11-19', 'done', now, now, now);
    req.run('revoke', null, 'Người đã nghỉ', '2026-11-19', 'pending', null, now, now);
    await t.ok('users.disable', { id: o.staff2.id, reason: 'Nghỉ phép dài ngày' }, o.adminToken);
    raw.prepare("UPDATE users SET status = 'revoked', revoked_at = ? WHERE id = ?").run(now, o.staff2.id);
    const r = await t.ok('reports.accounts', { from: '2026-11-01', to: '2026-11-30' }, o.adminToken);
    const count = (label: string) => r.rows.find((x) => String(x.label).startsWith(label))?.count;
    // admin, clerk, leader, staff1 held at the end; staff2 revoked.
    expect(count('Tổng số tài khoản')).toBe(4);
    expect(count('Tài khoản cấp mới')).toBe(5);
    // staff1 and staff2 were placed in units (users.update), staff2's change request was carried out.
    expect(count('Tài khoản thay đổi')).toBe(2);
    expect(count('Tài khoản bị khóa')).toBe(1);
    expect(count('Tài khoản bị tạm ngừng')).toBe(0);
    expect(count('Tài khoản bị thu hồi')).toBe(1);
    // Everyone held signed in (userWithRoles logs each in); nobody unused.
    expect(count('Tài khoản không đăng nhập')).toBe(0);
    expect(r.rows.find((x) => String(x.label).includes('cấp mới tài khoản'))).toMatchObject({ count: 1, note: 'Đã thực hiện 1, từ chối 0, đang xử lý 0' });
    expect(r.rows.find((x) => String(x.label).includes('thu hồi tài khoản'))).toMatchObject({ count: 1, note: 'Đã thực hiện 0, từ chối 0, đang xử lý 1' });
    const later = await t.ok('reports.accounts', { from: '2027-01-01', to: '2027-03-31' }, o.adminToken);
    expect(later.rows.find((x) => String(x.label).startsWith('Tổng số tài khoản'))?.count).toBe(4);
    expect(later.rows.find((x) => String(x.label).startsWith('Tài khoản không đăng nhập'))?.count).toBe(4);
  });

  it('XLSX cells and PDF text carry the numbers shown on screen', async () => {
    const s = await scenario();
    const input = { from: '2026-11-01', to: '2026-11-30', direction: 'in' as const };
    const screen = await t.ok('reports.handling', input, s.leader);
    const xlsx = await t.ok('reports.handlingExport', { ...input, format: 'xlsx' }, s.leader);
    expect(xlsx.fileName).toBe('bao-cao-giai-quyet-van-ban-den-2026-11-01-2026-11-30.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx.bytes) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const sheetRows: unknown[][] = [];
    ws.eachRow((row) => sheetRows.push((row.values as unknown[]).slice(1)));
    const headerAt = sheetRows.findIndex((r) => r[0] === screen.columns[0].label);
    expect(sheetRows[headerAt]).toEqual(screen.columns.map((c) => c.label));
    const body = sheetRows.slice(headerAt + 1, headerAt + 1 + screen.rows.length);
    expect(body).toEqual(screen.rows.map((r) => screen.columns.map((c) => r[c.key])));
    // The definitions follow the table, as on screen.
    expect(sheetRows.slice(headerAt + 1 + screen.rows.length).map((r) => r[0])).toEqual(screen.notes.map((n) => `- ${n}`));

    const pdf = await t.ok('reports.handlingExport', { ...input, format: 'pdf' }, s.leader);
    const text = flatText(writeTemp(pdf.bytes, 'bao-cao.pdf'));
    for (const r of screen.rows) {
      const figures = screen.columns.filter((c) => c.align === 'right').map((c) => r[c.key]);
      expect(text).toContain(`${r.level} ${figures.join(' ')}`);
    }
    expect(text).toContain('Từ ngày 01/11/2026 đến ngày 30/11/2026');
    expect(screen.notes.length).toBeGreaterThan(0);
    for (const n of screen.notes) expect(text).toContain(`- ${n}`);
  });
});
