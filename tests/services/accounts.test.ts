import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../src-main/core';
import { AppError } from '../../src-shared/errors';
import { ADMIN_PASSWORD, makeCore, ORG, setupOffice, STRONG_PASSWORD, testClock, testEnv, userWithRoles, type TestCore } from '../helpers/core';

const MIN = 60_000;
const DAY = 86_400_000;
let t: TestCore;
afterEach(() => t?.close());

describe('first-run setup', () => {
  it('creates the office once, NFC-normalised, and refuses a second setup', async () => {
    t = makeCore();
    expect(await t.ok('setup.status', {})).toMatchObject({ initialized: false });
    const nfdName = ORG.name.normalize('NFD');
    const r = await t.ok('setup.init', { org: { ...ORG, name: nfdName }, admin: { fullName: 'Trần Văn A', password: ADMIN_PASSWORD } });
    expect(r.org.name).toBe(ORG.name.normalize('NFC'));
    expect(r.admin.username).toBe('tranvana');
    expect(r.admin.roles).toEqual(['admin']);
    expect(await t.ok('setup.status', {})).toMatchObject({ initialized: true, orgName: ORG.name });
    const again = await t.call('setup.init', { org: ORG, admin: { fullName: 'X Y', password: ADMIN_PASSWORD } });
    expect(again).toMatchObject({ ok: false, error: { code: 'already_initialized' } });
  });

  it('validates the agency code per standards §2 and reports fields in Vietnamese', async () => {
    t = makeCore();
    const bad = await t.call('setup.init', { org: { ...ORG, code: 'h35 xã' }, admin: { fullName: 'A B', password: ADMIN_PASSWORD } });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.code).toBe('invalid_input');
    expect(bad.error.fields?.[0]).toMatchObject({ path: 'org.code' });
    expect(bad.error.fields?.[0].message).toMatch(/Mã định danh/);
    const lower = await t.ok('setup.init', { org: { ...ORG, code: 'h37.02.02' }, admin: { fullName: 'A B', password: ADMIN_PASSWORD } });
    expect(lower.org.code).toBe('H37.02.02');
  });

  it('refuses a weak initial password and writes nothing', async () => {
    t = makeCore();
    const r = await t.call('setup.init', { org: ORG, admin: { fullName: 'A B', password: 'abc12345' } });
    expect(r).toMatchObject({ ok: false, error: { code: 'weak_password' } });
    expect(await t.ok('setup.status', {})).toMatchObject({ initialized: false });
    expect(t.core.services.raw.prepare('SELECT count(*) n FROM users').get()).toEqual({ n: 0 });
  });
});

describe('authentication', () => {
  it('forces a password change at first login, then logs out every other session', async () => {
    t = makeCore();
    await t.ok('setup.init', { org: ORG, admin: { fullName: 'Quản Trị', username: 'admin', password: ADMIN_PASSWORD } });
    const login = await t.ok('auth.login', { username: 'Admin ', password: ADMIN_PASSWORD });
    expect(login.mustChangePassword).toBe(true);
    const other = await t.ok('auth.login', { username: 'admin', password: ADMIN_PASSWORD });
    expect(await t.call('users.list', {}, login.token)).toMatchObject({ ok: false, error: { code: 'password_change_required' } });
    expect((await t.ok('auth.me', {}, login.token)).mustChangePassword).toBe(true);

    const same = await t.call('auth.changePassword', { currentPassword: ADMIN_PASSWORD, newPassword: ADMIN_PASSWORD }, login.token);
    expect(same).toMatchObject({ ok: false, error: { code: 'password_reused' } });
    const weak = await t.call('auth.changePassword', { currentPassword: ADMIN_PASSWORD, newPassword: 'khongdumanh' }, login.token);
    expect(weak).toMatchObject({ ok: false, error: { code: 'weak_password' } });
    if (!weak.ok) expect(weak.error.fields?.map((f) => f.message)).toEqual(expect.arrayContaining(['Mật khẩu phải có chữ hoa.', 'Mật khẩu phải có chữ số.']));

    const changed = await t.ok('auth.changePassword', { currentPassword: ADMIN_PASSWORD, newPassword: STRONG_PASSWORD }, login.token);
    expect(await t.call('auth.me', {}, login.token)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await t.call('auth.me', {}, other.token)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect((await t.ok('users.list', {}, changed.token)).total).toBe(1);
  });

  it('rejects wrong passwords alike for unknown and known users, and audits the failures', async () => {
    t = makeCore();
    await setupOffice(t);
    expect(await t.call('auth.login', { username: 'admin', password: 'Sai@mat123' })).toMatchObject({ ok: false, error: { code: 'invalid_credentials' } });
    expect(await t.call('auth.login', { username: 'khongco', password: 'Sai@mat123' })).toMatchObject({ ok: false, error: { code: 'invalid_credentials' } });
    const failed = t.core.services.raw.prepare("SELECT actor_name, details FROM audit_log WHERE action = 'auth.login' AND outcome = 'failed'").all();
    expect(failed).toHaveLength(2);
    expect(JSON.stringify(failed)).not.toContain('Sai@mat123');
  });

  /** Calls as the HTTP host does for a client at `remote`. */
  const from = (remote: string) => (method: string, input: unknown) => t.core.dispatch(method, input, { origin: 'http', remote });

  it('locks the account after repeated network failures, answering exactly as for an unknown account', async () => {
    t = makeCore();
    await setupOffice(t);
    const net = from('192.168.1.50');
    const answers: unknown[] = [];
    for (let i = 0; i < 5; i++) {
      answers.push(await net('auth.login', { username: 'admin', password: 'Sai@mat123' }));
      t.clock.advance(MIN);
    }
    // Locked now: even the right password gets the same answer as a wrong one, or as a name that does not exist.
    answers.push(await net('auth.login', { username: 'admin', password: STRONG_PASSWORD }));
    // (From another computer: this one must by now wait longer than a minute between attempts.)
    for (let i = 0; i < 6; i++) {
      t.clock.advance(MIN);
      answers.push(await from('192.168.1.51')('auth.login', { username: 'khongco', password: 'Sai@mat123' }));
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toMatchObject({ ok: false, error: { code: 'invalid_credentials' } });
    expect((answers[0] as { error: { message: string } }).error.message).toBe(
      'Tên đăng nhập hoặc mật khẩu không đúng. Tài khoản đăng nhập sai 5 lần liên tiếp sẽ tạm bị khóa 15 phút.',
    );
    const reasons = t.core.services.raw
      .prepare("SELECT json_extract(details, '$.reason') r FROM audit_log WHERE action = 'auth.login' AND outcome = 'failed' ORDER BY id")
      .all()
      .map((r) => (r as { r: string }).r);
    expect(reasons).toEqual([...Array(5).fill('bad_password'), 'locked', ...Array(6).fill('unknown_user')]);
    t.clock.advance(16 * MIN);
    expect(await net('auth.login', { username: 'admin', password: STRONG_PASSWORD })).toMatchObject({ ok: true });
  });

  it('spends the same password work on unknown, locked and real accounts', async () => {
    t = makeCore({ env: { scryptCost: 1 << 14 } });
    const { adminToken } = await setupOffice(t);
    const locked = await userWithRoles(t, adminToken, 'Lê Văn Khóa', ['clerk']);
    for (let i = 0; i < 5; i++) await from(`10.1.0.${i}`)('auth.login', { username: locked.username, password: 'Sai@mat123' });
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1];
    const times: Record<'unknown' | 'locked' | 'wrong', number[]> = { unknown: [], locked: [], wrong: [] };
    let ip = 0;
    for (let round = 0; round < 5; round++) {
      for (const [kind, username] of [
        ['unknown', 'khongco'],
        ['locked', locked.username],
        ['wrong', 'admin'],
      ] as const) {
        const started = performance.now();
        const r = await from(`10.2.0.${ip++}`)('auth.login', { username, password: 'Sai@mat123' });
        times[kind].push(performance.now() - started);
        expect(r).toMatchObject({ error: { code: 'invalid_credentials' } });
      }
    }
    const [u, l, w] = [median(times.unknown), median(times.locked), median(times.wrong)];
    // Generous bounds for a busy machine; without the scrypt work a locked account answered ~100x faster.
    for (const x of [u, l]) expect(x / w).toBeGreaterThan(0.4);
    for (const x of [u, l]) expect(x / w).toBeLessThan(2.5);
  });

  it('makes a client wait longer after each failure, without holding up other clients', async () => {
    t = makeCore();
    await setupOffice(t);
    const a = from('10.0.0.7');
    for (let i = 0; i < 4; i++) expect(await a('auth.login', { username: 'khongco', password: 'Sai@mat123' })).toMatchObject({ error: { code: 'invalid_credentials' } });
    const wait1 = await a('auth.login', { username: 'admin', password: STRONG_PASSWORD });
    expect(wait1).toMatchObject({ ok: false, error: { code: 'too_many_attempts', details: { retryAfterSeconds: 1 } } });
    // Another computer is answered at once.
    expect(await from('10.0.0.8')('auth.login', { username: 'admin', password: STRONG_PASSWORD })).toMatchObject({ ok: true });
    t.clock.advance(1000);
    expect(await a('auth.login', { username: 'khongco', password: 'Sai@mat123' })).toMatchObject({ error: { code: 'invalid_credentials' } });
    expect(await a('auth.login', { username: 'admin', password: STRONG_PASSWORD })).toMatchObject({ error: { code: 'too_many_attempts', details: { retryAfterSeconds: 2 } } });
    t.clock.advance(2000);
    expect(await a('auth.login', { username: 'admin', password: STRONG_PASSWORD })).toMatchObject({ ok: true });
    // Success clears the client's count.
    expect(await a('auth.login', { username: 'khongco', password: 'Sai@mat123' })).toMatchObject({ error: { code: 'invalid_credentials' } });
    // The wait is capped at the lock-out time.
    for (let i = 0; i < 30; i++) {
      t.clock.advance(20 * MIN);
      await a('auth.login', { username: 'khongco', password: 'Sai@mat123' });
    }
    const capped = await a('auth.login', { username: 'khongco', password: 'Sai@mat123' });
    expect(capped).toMatchObject({ error: { code: 'too_many_attempts', details: { retryAfterSeconds: 15 * 60 } } });
  });

  it('lets the administrator sign in at the machine itself while network failures locked the account', async () => {
    t = makeCore();
    await setupOffice(t);
    const net = from('192.168.1.66');
    for (let i = 0; i < 5; i++) {
      await net('auth.login', { username: 'admin', password: 'Sai@mat123' });
      t.clock.advance(MIN);
    }
    expect(await net('auth.login', { username: 'admin', password: STRONG_PASSWORD })).toMatchObject({ error: { code: 'invalid_credentials' } });
    // The desktop window and a browser on this computer are not shut out; a wrong password there is still refused.
    expect(await t.core.dispatch('auth.login', { username: 'admin', password: 'Sai@mat123' }, { origin: 'ipc', client: 'wc1' })).toMatchObject({
      error: { code: 'invalid_credentials' },
    });
    expect(await t.core.dispatch('auth.login', { username: 'admin', password: STRONG_PASSWORD }, { origin: 'ipc', client: 'wc1' })).toMatchObject({ ok: true });
    expect(await from('127.0.0.1')('auth.login', { username: 'admin', password: STRONG_PASSWORD })).toMatchObject({ ok: true });
    const row = t.core.services.raw.prepare("SELECT details FROM audit_log WHERE action = 'auth.login' AND outcome = 'ok' ORDER BY id DESC LIMIT 1 OFFSET 1").get() as {
      details: string;
    };
    expect(JSON.parse(row.details)).toEqual({ localWhileLocked: true });
  });

  it('lets an administrator unlock an account, audited', async () => {
    t = makeCore();
    const { adminToken } = await setupOffice(t);
    const clerk = await userWithRoles(t, adminToken, 'Lê Văn Khóa', ['clerk']);
    const net = from('192.168.1.70');
    for (let i = 0; i < 5; i++) {
      await net('auth.login', { username: clerk.username, password: 'Sai@mat123' });
      t.clock.advance(MIN);
    }
    expect((await t.ok('users.get', { id: clerk.id }, adminToken)).lockedUntil).not.toBeNull();
    const u = await t.ok('users.unlock', { id: clerk.id }, adminToken);
    expect(u.lockedUntil).toBeNull();
    expect(await from('192.168.1.71')('auth.login', { username: clerk.username, password: STRONG_PASSWORD })).toMatchObject({ ok: true });
    const audit = t.core.services.raw.prepare("SELECT actor_name, target_id, details FROM audit_log WHERE action = 'users.unlock'").all();
    expect(audit).toEqual([{ actor_name: 'admin', target_id: String(clerk.id), details: JSON.stringify({ wasLocked: true }) }]);
  });

  it('ends a session at its absolute lifetime however active, 12 hours unless configured', async () => {
    t = makeCore();
    const { adminToken } = await setupOffice(t);
    for (let i = 0; i < 13; i++) {
      t.clock.advance(55 * MIN);
      expect((await t.call('auth.me', {}, adminToken)).ok).toBe(true);
    }
    t.clock.advance(55 * MIN);
    expect(await t.call('auth.me', {}, adminToken)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });

    const fresh = await t.ok('auth.login', { username: 'admin', password: STRONG_PASSWORD });
    const settings = await t.ok('settings.get', {}, fresh.token);
    expect(settings.security.sessionMaxHours).toBe(12);
    await t.ok(
      'settings.update',
      { security: { ...settings.security, requireLower: true, requireUpper: true, requireDigit: true, requireSpecial: true, sessionMaxHours: 2 } },
      fresh.token,
    );
    t.clock.advance(121 * MIN - 1);
    expect(await t.call('auth.me', {}, fresh.token)).toMatchObject({ error: { code: 'unauthenticated' } });
  });

  it('expires idle sessions and passwords older than the policy allows', async () => {
    t = makeCore();
    const { adminToken } = await setupOffice(t);
    t.clock.advance(59 * MIN);
    expect((await t.call('auth.me', {}, adminToken)).ok).toBe(true);
    t.clock.advance(61 * MIN);
    expect(await t.call('auth.me', {}, adminToken)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });

    t.clock.advance(91 * DAY);
    const login = await t.ok('auth.login', { username: 'admin', password: STRONG_PASSWORD });
    expect(login.mustChangePassword).toBe(true);
    expect(await t.call('users.list', {}, login.token)).toMatchObject({ error: { code: 'password_change_required' } });
  });

  it('logout ends only that session', async () => {
    t = makeCore();
    const { adminToken } = await setupOffice(t);
    const second = await t.ok('auth.login', { username: 'admin', password: STRONG_PASSWORD });
    await t.ok('auth.logout', {}, adminToken);
    expect(await t.call('auth.me', {}, adminToken)).toMatchObject({ error: { code: 'unauthenticated' } });
    expect((await t.call('auth.me', {}, second.token)).ok).toBe(true);
  });
});

describe('user administration', () => {
  it('suggests account names per QN 6.2 and numbers namesakes', async () => {
    t = makeCore();
    const { adminToken } = await setupOffice(t);
    expect(await t.ok('users.suggestUsername', { fullName: 'Trần Văn A' }, adminToken)).toEqual({ username: 'tranvana' });
    const a = await t.ok('users.create', { fullName: 'Trần Văn A', roles: ['clerk'] }, adminToken);
    expect(a.user.username).toBe('tranvana');
    expect(a.temporaryPassword).toMatch(/^.{12,}$/);
    const b = await t.ok('users.create', { fullName: 'Trần Văn A', roles: ['staff'] }, adminToken);
    expect(b.user.username).toBe('tranvana2');
    const d = await t.ok('users.create', { fullName: 'Đặng Thị Đào', roles: ['staff'] }, adminToken);
    expect(d.user.username).toBe('dangthidao');
    // The generated temporary password works and must be changed.
    const login = await t.ok('auth.login', { username: 'tranvana', password: a.temporaryPassword! });
    expect(login.mustChangePassword).toBe(true);
    const dup = await t.call('users.create', { fullName: 'X', username: 'tranvana', roles: ['staff'] }, adminToken);
    expect(dup).toMatchObject({ ok: false, error: { code: 'conflict', fields: [{ path: 'username' }] } });
  });

  it('enforces permissions in the core and audits denials', async () => {
    t = makeCore();
    const { adminToken } = await setupOffice(t);
    const clerk = await userWithRoles(t, adminToken, 'Lê Thị Văn Thư', ['clerk']);
    const r = await t.call('users.create', { fullName: 'Kẻ Lạ', roles: ['admin'] }, clerk.token);
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const denied = t.core.services.raw.prepare("SELECT actor_id, action FROM audit_log WHERE outcome = 'denied'").all();
    expect(denied).toEqual([{ actor_id: clerk.id, action: 'users.create' }]);
    expect(await t.call('audit.list', {}, clerk.token)).toMatchObject({ error: { code: 'forbidden' } });
    expect(await t.call('users.list', {})).toMatchObject({ error: { code: 'unauthenticated' } });
    expect(await t.core.dispatch('no.such.method', {}, { token: adminToken, origin: 'test' })).toMatchObject({ error: { code: 'not_found' } });
  });

  it('disables, re-enables and resets passwords; the last admin cannot be removed', async () => {
    t = makeCore();
    const { adminToken, adminId } = await setupOffice(t);
    const clerk = await userWithRoles(t, adminToken, 'Phạm Văn Thư', ['clerk']);
    await t.ok('users.disable', { id: clerk.id, reason: 'Chuyển công tác' }, adminToken);
    expect(await t.call('auth.me', {}, clerk.token)).toMatchObject({ error: { code: 'unauthenticated' } });
    expect(await t.call('auth.login', { username: clerk.username, password: STRONG_PASSWORD })).toMatchObject({ error: { code: 'account_disabled' } });
    await t.ok('users.enable', { id: clerk.id }, adminToken);
    const reset = await t.ok('users.resetPassword', { id: clerk.id }, adminToken);
    expect(reset.user.mustChangePassword).toBe(true);
    expect((await t.ok('auth.login', { username: clerk.username, password: reset.temporaryPassword! })).mustChangePassword).toBe(true);

    expect(await t.call('users.disable', { id: adminId, reason: null }, adminToken)).toMatchObject({ error: { code: 'forbidden' } });
    const me = await t.ok('users.get', { id: adminId }, adminToken);
    const demote = await t.call('users.update', { id: adminId, fullName: me.fullName, position: null, email: null, phone: null, unitId: null, roles: ['clerk'] }, adminToken);
    expect(demote).toMatchObject({ ok: false, error: { code: 'last_admin' } });
    expect((await t.ok('users.get', { id: adminId }, adminToken)).roles).toEqual(['admin']);
  });

  it('suspends accounts unused for six months; an admin can reopen them', async () => {
    t = makeCore();
    const { adminToken } = await setupOffice(t);
    const staff = await userWithRoles(t, adminToken, 'Vũ Thị Chuyên', ['staff']);
    t.clock.advance(150 * DAY);
    // The admin keeps working; the staff member does not.
    await t.ok('auth.login', { username: 'admin', password: STRONG_PASSWORD });
    t.clock.advance(31 * DAY);
    t.core.runJobs();
    const admin = await t.ok('auth.login', { username: 'admin', password: STRONG_PASSWORD });
    const list = await t.call('users.list', {}, admin.token);
    // The admin's password is older than 90 days by now: change it first.
    expect(list).toMatchObject({ error: { code: 'password_change_required' } });
    const fresh = await t.ok('auth.changePassword', { currentPassword: STRONG_PASSWORD, newPassword: 'Moi@matkhau2027' }, admin.token);
    const users = await t.ok('users.list', { status: 'suspended' }, fresh.token);
    expect(users.items.map((u) => u.id)).toEqual([staff.id]);
    expect(await t.call('auth.login', { username: staff.username, password: STRONG_PASSWORD })).toMatchObject({ error: { code: 'account_suspended' } });
    await t.ok('users.enable', { id: staff.id }, fresh.token);
    t.core.runJobs();
    expect((await t.ok('users.get', { id: staff.id }, fresh.token)).status).toBe('active');
    const audit = t.core.services.raw.prepare("SELECT actor_name FROM audit_log WHERE action = 'users.suspend'").all();
    expect(audit).toEqual([{ actor_name: 'hệ thống' }]);
  });

  it('keeps units in a tree without cycles', async () => {
    t = makeCore();
    const { adminToken } = await setupOffice(t);
    const vp = await t.ok('units.create', { name: 'Văn phòng HĐND - UBND', code: 'VP', parentId: null }, adminToken);
    const tp = await t.ok('units.create', { name: 'Bộ phận Tư pháp', code: 'TP', parentId: vp.id }, adminToken);
    const cycle = await t.call('units.update', { id: vp.id, name: vp.name, code: 'VP', parentId: tp.id, active: true }, adminToken);
    expect(cycle).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: [{ path: 'parentId' }] } });
    const u = await t.ok('users.create', { fullName: 'Hoàng Tư Pháp', roles: ['staff'], unitId: tp.id }, adminToken);
    expect(u.user.unitName).toBe('Bộ phận Tư pháp');
    expect((await t.ok('units.list', {}, adminToken)).find((x) => x.id === tp.id)?.userCount).toBe(1);
  });
});

describe('audit log', () => {
  it('chains every mutating call and detects tampering', async () => {
    t = makeCore();
    const { adminToken } = await setupOffice(t);
    await t.ok('users.create', { fullName: 'Ngô Văn Một', roles: ['staff'], password: 'Mot@matkhau1' }, adminToken);
    const v = await t.ok('audit.verify', {}, adminToken);
    expect(v).toMatchObject({ intact: true, brokenAt: null });
    expect(v.checked).toBeGreaterThanOrEqual(4);
    const all = t.core.services.raw.prepare('SELECT action, details FROM audit_log').all() as Array<{ action: string; details: string | null }>;
    expect(all.map((r) => r.action)).toEqual(expect.arrayContaining(['setup.init', 'auth.login', 'auth.changePassword', 'users.create']));
    const text = JSON.stringify(all);
    for (const secret of [ADMIN_PASSWORD, STRONG_PASSWORD, 'Mot@matkhau1']) expect(text).not.toContain(secret);

    // The log refuses edits through SQL ...
    expect(() => t.core.services.raw.prepare("UPDATE audit_log SET action = 'x' WHERE id = 2").run()).toThrow(/append-only/);
    expect(() => t.core.services.raw.prepare('DELETE FROM audit_log WHERE id = 2').run()).toThrow(/append-only/);
    // ... and if someone drops the guard and edits anyway, verification finds the row.
    t.core.services.raw.exec('DROP TRIGGER audit_log_no_update');
    t.core.services.raw.prepare("UPDATE audit_log SET actor_name = 'ke-gian' WHERE id = 3").run();
    const broken = await t.ok('audit.verify', {}, adminToken);
    expect(broken).toMatchObject({ intact: false, brokenAt: 3 });
  });

  it('lists newest first with keyset paging and exports CSV', async () => {
    t = makeCore();
    const { adminToken } = await setupOffice(t);
    for (let i = 0; i < 5; i++) await t.ok('units.create', { name: `Đơn vị ${i}`, code: null, parentId: null }, adminToken);
    const page1 = await t.ok('audit.list', { limit: 3, action: 'units.create' }, adminToken);
    expect(page1.items).toHaveLength(3);
    expect(page1.items[0].id).toBeGreaterThan(page1.items[2].id);
    const page2 = await t.ok('audit.list', { limit: 3, action: 'units.create', beforeId: page1.nextBeforeId! }, adminToken);
    expect(page2.items).toHaveLength(2);
    expect(page2.nextBeforeId).toBeNull();
    const csv = await t.ok('audit.export', {}, adminToken);
    const textCsv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(csv.bytes);
    expect(textCsv.startsWith('\ufeffid,')).toBe(true);
    expect(textCsv).toContain('Đơn vị 4');
    expect(t.core.services.raw.prepare("SELECT count(*) n FROM audit_log WHERE action = 'audit.export'").get()).toEqual({ n: 1 });
  });
});

describe('storage', () => {
  it('refuses a database migrated by a newer version, leaving it untouched', async () => {
    t = makeCore();
    await setupOffice(t);
    t.close();
    const file = path.join(t.dir, 'vanthu.db');
    const db = new Database(file);
    db.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('future', 9_999_999_999_999);
    const before = db.prepare('SELECT count(*) n FROM audit_log').get();
    db.close();
    let err: unknown;
    try {
      createCore(testEnv(t.dir, testClock()));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('db_too_new');
    const after = new Database(file);
    expect(after.prepare('SELECT count(*) n FROM audit_log').get()).toEqual(before);
    after.close();
  });

  it('reopens an existing database without re-running migrations', async () => {
    t = makeCore();
    await setupOffice(t);
    t.close();
    t = makeCore({ dir: t.dir });
    expect(await t.ok('setup.status', {})).toMatchObject({ initialized: true });
    expect(t.core.services.raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(t.core.services.raw.pragma('foreign_keys', { simple: true })).toBe(1);
  });
});
