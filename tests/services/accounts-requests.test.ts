// Account requests (QN Điều 8, 12–14) through dispatch: recorded with who asked and what, approved or rejected by an
// admin, carried out by creating, changing or revoking the account in the same transaction, every step audited.

import { afterEach, describe, expect, it } from 'vitest';
import { makeCore, setupOffice, userWithRoles, type TestCore } from '../helpers/core';

let t: TestCore;
afterEach(() => t?.close());

function audit(action: string) {
  return t.core.services.raw.prepare('SELECT actor_name, target_type, target_id, details FROM audit_log WHERE action = ? ORDER BY id').all(action) as Array<{
    actor_name: string;
    target_type: string;
    target_id: string;
    details: string | null;
  }>;
}

describe('account requests', () => {
  it('records a request for a new account, approves it and carries it out by creating the account from it', async () => {
    t = makeCore();
    const { adminToken, adminId } = await setupOffice(t);
    const unit = await t.ok('units.create', { name: 'Bộ phận Tư pháp', code: 'TP', parentId: null }, adminToken);
    const req = await t.ok(
      'accountRequests.create',
      {
        kind: 'new',
        subjectName: 'Hoàng  Thị   Mới',
        requestedBy: 'Trưởng bộ phận Tư pháp (Tờ trình số 12/TTr-TP)',
        requestedOn: '2026-11-18',
        details: { roles: ['staff'], unitId: unit.id, position: 'Công chức tư pháp', reason: 'Tuyển dụng mới' },
      },
      adminToken,
    );
    expect(req).toMatchObject({ kind: 'new', status: 'pending', subjectName: 'Hoàng Thị Mới', userId: null, requestedOn: '2026-11-18' });
    expect(req.details).toMatchObject({ roles: ['staff'], unitId: unit.id, unitName: 'Bộ phận Tư pháp', reason: 'Tuyển dụng mới' });

    // Not yet approved: creating the account from it is refused and nothing is written.
    const early = await t.call('users.create', { fullName: 'Hoàng Thị Mới', roles: ['staff'], unitId: unit.id, requestId: req.id }, adminToken);
    expect(early).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    expect((await t.ok('users.list', { query: 'hoang thi moi' }, adminToken)).total).toBe(0);

    const approved = await t.ok('accountRequests.decide', { id: req.id, approve: true, note: 'Đồng ý' }, adminToken);
    expect(approved).toMatchObject({ status: 'approved', decidedById: adminId, decidedByName: 'Nguyễn Văn Quản', decisionNote: 'Đồng ý' });
    expect(await t.call('accountRequests.decide', { id: req.id, approve: false, note: null }, adminToken)).toMatchObject({ ok: false, error: { code: 'invalid_state' } });

    const created = await t.ok('users.create', { fullName: 'Hoàng Thị Mới', roles: ['staff'], unitId: unit.id, position: 'Công chức tư pháp', requestId: req.id }, adminToken);
    const done = await t.ok('accountRequests.get', { id: req.id }, adminToken);
    expect(done).toMatchObject({ status: 'done', userId: created.user.id, username: created.user.username, doneById: adminId, doneAt: t.clock.now() });
    expect(JSON.parse(audit('users.create').at(-1)!.details!)).toMatchObject({ requestId: req.id });
    expect(audit('accountRequests.create')).toHaveLength(1);
    expect(audit('accountRequests.decide')[0]).toMatchObject({ target_type: 'account_request', target_id: String(req.id) });
    // Done is done.
    expect(await t.call('accountRequests.markDone', { id: req.id, userId: created.user.id }, adminToken)).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
  });

  it('carries out a revocation request by revoking, and a change request by the update', async () => {
    t = makeCore();
    const { adminToken } = await setupOffice(t);
    const staff = await userWithRoles(t, adminToken, 'Lý Văn Đi', ['staff']);
    const rev = await t.ok(
      'accountRequests.create',
      { kind: 'revoke', userId: staff.id, requestedBy: 'Chủ tịch UBND xã', requestedOn: '2026-11-19', details: { reason: 'Nghỉ hưu' } },
      adminToken,
    );
    expect(rev.subjectName).toBe('Lý Văn Đi');
    // Marking a revocation done without revoking is refused.
    await t.ok('accountRequests.decide', { id: rev.id, approve: true, note: null }, adminToken);
    expect(await t.call('accountRequests.markDone', { id: rev.id }, adminToken)).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    // The wrong kind of action for the request is refused too.
    const u = await t.ok('users.get', { id: staff.id }, adminToken);
    const wrongKind = await t.call(
      'users.update',
      { id: staff.id, fullName: u.fullName, roles: ['staff'], position: null, email: null, phone: null, unitId: null, headsUnit: false, requestId: rev.id },
      adminToken,
    );
    expect(wrongKind).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: [{ path: 'requestId' }] } });

    await t.ok('users.revoke', { id: staff.id, reason: 'Nghỉ hưu', requestId: rev.id }, adminToken);
    expect(await t.ok('accountRequests.get', { id: rev.id }, adminToken)).toMatchObject({ status: 'done', userId: staff.id });
    // No request about a revoked account.
    expect(await t.call('accountRequests.create', { kind: 'change', userId: staff.id, requestedBy: 'X', requestedOn: '2026-11-20', details: {} }, adminToken)).toMatchObject({
      ok: false,
      error: { code: 'account_revoked' },
    });

    const clerk = await userWithRoles(t, adminToken, 'Ngô Thị Đổi', ['staff']);
    const change = await t.ok(
      'accountRequests.create',
      { kind: 'change', userId: clerk.id, requestedBy: 'Chánh Văn phòng', requestedOn: '2026-11-20', details: { roles: ['clerk'] } },
      adminToken,
    );
    await t.ok('accountRequests.decide', { id: change.id, approve: true, note: null }, adminToken);
    const c = await t.ok('users.get', { id: clerk.id }, adminToken);
    const after = await t.ok(
      'users.update',
      { id: clerk.id, fullName: c.fullName, roles: ['clerk'], position: null, email: null, phone: null, unitId: null, headsUnit: false, requestId: change.id },
      adminToken,
    );
    expect(after.roles).toEqual(['clerk']);
    expect(await t.ok('accountRequests.get', { id: change.id }, adminToken)).toMatchObject({ status: 'done', userId: clerk.id });
  });

  it('validates requests, lists them with filters, keeps rejected ones and is for admins only', async () => {
    t = makeCore();
    const { adminToken } = await setupOffice(t);
    const staff = await userWithRoles(t, adminToken, 'Đinh Văn Thường', ['staff']);
    expect(await t.call('accountRequests.create', { kind: 'change', requestedBy: 'A', requestedOn: '2026-11-20', details: {} }, adminToken)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fields: [{ path: 'userId' }] },
    });
    expect(await t.call('accountRequests.create', { kind: 'new', requestedBy: 'A', requestedOn: '2026-11-20', details: {} }, adminToken)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fields: [{ path: 'subjectName' }] },
    });
    expect(await t.call('accountRequests.create', { kind: 'new', subjectName: 'B', requestedBy: 'A', requestedOn: '2026-02-30', details: {} }, adminToken)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(
      await t.call('accountRequests.create', { kind: 'new', subjectName: 'B', requestedBy: 'A', requestedOn: '2026-11-20', details: { unitId: 999 } }, adminToken),
    ).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: [{ path: 'details.unitId' }] } });
    expect(await t.call('accountRequests.list', {}, staff.token)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await t.call('accountRequests.create', { kind: 'new', subjectName: 'B', requestedBy: 'A', requestedOn: '2026-11-20', details: {} }, staff.token)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });

    const a = await t.ok(
      'accountRequests.create',
      { kind: 'new', subjectName: 'Trần Văn Một', requestedBy: 'Trưởng phòng Văn hóa', requestedOn: '2026-10-05', details: {} },
      adminToken,
    );
    const b = await t.ok(
      'accountRequests.create',
      { kind: 'change', userId: staff.id, requestedBy: 'Chánh Văn phòng', requestedOn: '2026-11-10', details: { roles: ['clerk'] } },
      adminToken,
    );
    const rejected = await t.ok('accountRequests.decide', { id: b.id, approve: false, note: 'Không đủ điều kiện' }, adminToken);
    expect(rejected.status).toBe('rejected');
    expect(await t.call('accountRequests.markDone', { id: b.id }, adminToken)).toMatchObject({ ok: false, error: { code: 'invalid_state' } });

    const all = await t.ok('accountRequests.list', {}, adminToken);
    expect(all.items.map((r) => r.id)).toEqual([b.id, a.id]);
    expect((await t.ok('accountRequests.list', { status: 'rejected' }, adminToken)).items.map((r) => r.id)).toEqual([b.id]);
    expect((await t.ok('accountRequests.list', { kind: 'new' }, adminToken)).items.map((r) => r.id)).toEqual([a.id]);
    expect((await t.ok('accountRequests.list', { from: '2026-11-01', to: '2026-11-30' }, adminToken)).items.map((r) => r.id)).toEqual([b.id]);
    expect((await t.ok('accountRequests.list', { query: 'dinh van' }, adminToken)).items.map((r) => r.id)).toEqual([b.id]);
    expect((await t.ok('accountRequests.list', { query: 'văn hóa' }, adminToken)).items.map((r) => r.id)).toEqual([a.id]);
  });
});
