// Account lifecycle (QN 8.5, 14.3) through dispatch on a real core with the test clock: suspended accounts revoked
// after 15 days unless renewed, leavers reminded once and revoked 5 days after leaving, revocation final, last admin kept.

import { afterEach, describe, expect, it } from 'vitest';
import { makeCore, setupOffice, STRONG_PASSWORD, userWithRoles, type TestCore } from '../helpers/core';

const DAY = 86_400_000;
let t: TestCore;
afterEach(() => t?.close());

/** An office whose passwords do not expire and whose accounts are suspended after 30 unused days. */
async function office() {
  t = makeCore();
  const { adminToken, adminId } = await setupOffice(t);
  const s = await t.ok('settings.get', {}, adminToken);
  await t.ok(
    'settings.update',
    { security: { ...s.security, requireLower: true, requireUpper: true, requireDigit: true, requireSpecial: true, expiryDays: 0, inactiveSuspendDays: 30 } },
    adminToken,
  );
  /** A fresh admin session (the old one has expired after days of test time); signing in also keeps the admin active. */
  const admin = async () => (await t.ok('auth.login', { username: 'admin', password: STRONG_PASSWORD })).token;
  return { adminToken, adminId, admin };
}

function auditRows(action: string) {
  return t.core.services.raw.prepare('SELECT actor_name, outcome, target_id, details, origin FROM audit_log WHERE action = ? ORDER BY id').all(action) as Array<{
    actor_name: string;
    outcome: string;
    target_id: string;
    details: string;
    origin: string;
  }>;
}

/** The leaver reminders a user got (other jobs, such as the backup reminder, notify admins too). */
function notesOf(userId: number) {
  return t.core.services.raw.prepare("SELECT kind, text FROM notifications WHERE user_id = ? AND text LIKE '%nghỉ việc từ ngày%' ORDER BY id").all(userId) as Array<{
    kind: string;
    text: string;
  }>;
}

describe('suspended accounts', () => {
  it('are revoked 15 days after suspension unless an admin renews them in between', async () => {
    const { adminToken, admin } = await office();
    const a = await userWithRoles(t, adminToken, 'Vũ Thị Chuyên', ['staff']);
    const b = await userWithRoles(t, adminToken, 'Lê Văn Bình', ['staff']);
    t.clock.advance(31 * DAY);
    await admin();
    t.core.runJobs();
    let tok = await admin();
    expect((await t.ok('users.list', { status: 'suspended' }, tok)).items.map((u) => u.id).sort()).toEqual([a.id, b.id].sort());

    // B is renewed; A is not.
    await t.ok('users.enable', { id: b.id }, tok);
    t.clock.advance(14 * DAY);
    t.core.runJobs();
    tok = await admin();
    expect((await t.ok('users.get', { id: a.id }, tok)).status).toBe('suspended');
    t.clock.advance(DAY + 60_000);
    t.core.runJobs();
    tok = await admin();
    const revokedA = await t.ok('users.get', { id: a.id }, tok);
    expect(revokedA).toMatchObject({ status: 'revoked', revokedAt: t.clock.now() });
    expect((await t.ok('users.get', { id: b.id }, tok)).status).toBe('active');
    expect((await t.ok('users.list', { status: 'revoked' }, tok)).items.map((u) => u.id)).toEqual([a.id]);

    const rows = auditRows('users.revoke');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_name: 'hệ thống', outcome: 'ok', target_id: String(a.id), origin: 'job' });
    expect(JSON.parse(rows[0].details).reason).toMatch(/Tạm ngừng quá 15 ngày/);

    // Final: no sign-in, no re-enabling, no password reset; the name stays taken.
    expect(await t.call('auth.login', { username: a.username, password: STRONG_PASSWORD })).toMatchObject({ ok: false, error: { code: 'account_revoked' } });
    expect(await t.call('users.enable', { id: a.id }, tok)).toMatchObject({ ok: false, error: { code: 'account_revoked' } });
    expect(await t.call('users.resetPassword', { id: a.id }, tok)).toMatchObject({ ok: false, error: { code: 'account_revoked' } });
    expect(await t.call('users.create', { fullName: 'Vũ Thị Chuyên', username: a.username, roles: ['staff'] }, tok)).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect((await t.ok('users.suggestUsername', { fullName: 'Vũ Thị Chuyên' }, tok)).username).not.toBe(a.username);
    // Running again changes nothing more.
    t.core.runJobs();
    expect(auditRows('users.revoke')).toHaveLength(1);
  });
});

describe('leavers', () => {
  it('remind every admin once on the date of leaving and are revoked 5 days after it', async () => {
    const { adminToken, adminId, admin } = await office();
    const admin2 = await userWithRoles(t, adminToken, 'Đỗ Quản Hai', ['admin']);
    const c = await userWithRoles(t, adminToken, 'Phạm Thị Nghỉ', ['clerk']);
    const today = new Date(t.clock.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    const leftOn = new Date(Date.parse(today) + 2 * DAY).toISOString().slice(0, 10);
    const cur = await t.ok('users.get', { id: c.id }, adminToken);
    const updated = await t.ok(
      'users.update',
      { id: c.id, fullName: cur.fullName, position: null, email: null, phone: null, unitId: null, headsUnit: false, roles: cur.roles, leftOn },
      adminToken,
    );
    expect(updated.leftOn).toBe(leftOn);
    t.core.runJobs();
    expect(notesOf(adminId)).toEqual([]);

    t.clock.advance(2 * DAY);
    t.core.runJobs();
    t.core.runJobs();
    for (const id of [adminId, admin2.id]) {
      const notes = notesOf(id);
      expect(notes).toHaveLength(1);
      expect(notes[0].kind).toBe('reminder');
      expect(notes[0].text).toMatch(/Phạm Thị Nghỉ .* sẽ bị thu hồi ngày/);
    }
    expect(notesOf(c.id)).toEqual([]);
    expect(auditRows('users.leaveReminder')).toHaveLength(1);

    // Still working until the revocation date: the clerk can sign in on day 4 after leaving.
    t.clock.advance(4 * DAY);
    t.core.runJobs();
    expect((await t.ok('users.get', { id: c.id }, await admin())).status).toBe('active');
    const session = (await t.ok('auth.login', { username: c.username, password: STRONG_PASSWORD })).token;

    t.clock.advance(DAY);
    t.core.runJobs();
    expect((await t.ok('users.get', { id: c.id }, await admin())).status).toBe('revoked');
    expect(await t.call('auth.me', {}, session)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    const rows = auditRows('users.revoke');
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0].details)).toMatchObject({ leftOn });
    // Reminded once only, over the whole period.
    expect(notesOf(adminId)).toHaveLength(1);
  });

  it('never revokes the last active admin, even past the date of leaving', async () => {
    const { adminToken, adminId, admin } = await office();
    const me = await t.ok('users.get', { id: adminId }, adminToken);
    await t.ok(
      'users.update',
      { id: adminId, fullName: me.fullName, roles: ['admin'], leftOn: '2026-11-01', position: null, email: null, phone: null, unitId: null, headsUnit: false },
      adminToken,
    );
    t.core.runJobs();
    expect((await t.ok('users.get', { id: adminId }, await admin())).status).toBe('active');
    expect(auditRows('users.revoke')).toEqual([]);
  });
});

describe('manual revocation', () => {
  it('is audited with its reason, ends sessions, cannot target oneself and is final', async () => {
    const { adminToken, adminId } = await office();
    const staff = await userWithRoles(t, adminToken, 'Trịnh Văn Thu', ['staff']);
    expect(await t.call('users.revoke', { id: adminId, reason: 'Thử' }, adminToken)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await t.call('users.revoke', { id: staff.id, reason: '  ' }, adminToken)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const r = await t.ok('users.revoke', { id: staff.id, reason: 'Chuyển công tác sang huyện khác' }, adminToken);
    expect(r.status).toBe('revoked');
    expect(await t.call('auth.me', {}, staff.token)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    const rows = auditRows('users.revoke');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: 'ok', target_id: String(staff.id) });
    expect(JSON.parse(rows[0].details)).toEqual({ reason: 'Chuyển công tác sang huyện khác' });
    expect(await t.call('users.revoke', { id: staff.id, reason: 'Lần hai' }, adminToken)).toMatchObject({ ok: false, error: { code: 'account_revoked' } });
    expect(await t.call('users.disable', { id: staff.id, reason: null }, adminToken)).toMatchObject({ ok: false, error: { code: 'account_revoked' } });
    const u = await t.ok('users.get', { id: staff.id }, adminToken);
    expect(
      await t.call('users.update', { id: staff.id, fullName: u.fullName, roles: ['clerk'], position: null, email: null, phone: null, unitId: null, headsUnit: false }, adminToken),
    ).toMatchObject({
      ok: false,
      error: { code: 'account_revoked' },
    });
    // A revoked person disappears from the directory of colleagues.
    expect((await t.ok('users.directory', {}, adminToken)).map((p) => p.id)).not.toContain(staff.id);
    // Staff cannot revoke anyone.
    const other = await userWithRoles(t, adminToken, 'Mai Văn Khác', ['staff']);
    expect(await t.call('users.revoke', { id: other.id, reason: 'x' }, other.token)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
