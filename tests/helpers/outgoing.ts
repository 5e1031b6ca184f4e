// Helpers for outgoing-document tests: an office with the four roles of the cycle (văn thư ×2, lãnh đạo, lãnh đạo
// phòng and chuyên viên of Văn phòng, code VP), a draft with sensible defaults, and the review path up to approval.

import type { InputOf } from '../../src-shared/api';
import { userWithRoles, type TestCore } from './core';
import { clerkOffice } from './incoming';

export const CONG_VAN = 18;
export const QUYET_DINH = 2;

export async function outgoingOffice(t: TestCore) {
  const o = await clerkOffice(t);
  const vp = (await t.ok('units.create', { name: 'Văn phòng HĐND - UBND', code: 'vp', parentId: null }, o.adminToken)).id;
  const clerk2 = await userWithRoles(t, o.adminToken, 'Phạm Thị Lưu', ['clerk']);
  const leader = await userWithRoles(t, o.adminToken, 'Hoàng Văn Chủ', ['leader']);
  const head = await userWithRoles(t, o.adminToken, 'Đỗ Văn Trưởng', ['staff']);
  const staff = await userWithRoles(t, o.adminToken, 'Vũ Thị Chuyên', ['staff']);
  const other = await userWithRoles(t, o.adminToken, 'Ngô Văn Ngoài', ['staff']);
  const place = (id: number, fullName: string, headsUnit: boolean) =>
    t.ok(
      'users.update',
      { id, fullName, position: headsUnit ? 'Chánh Văn phòng' : 'Chuyên viên', email: null, phone: null, unitId: vp, headsUnit, roles: ['staff'] },
      o.adminToken,
    );
  await place(head.id, 'Đỗ Văn Trưởng', true);
  await place(staff.id, 'Vũ Thị Chuyên', false);
  return { ...o, vp, clerk2, leader, head, staff, other };
}

export type OutOffice = Awaited<ReturnType<typeof outgoingOffice>>;

export function draftInput(over: Partial<InputOf<'outgoing.createDraft'>> = {}): InputOf<'outgoing.createDraft'> {
  return {
    docTypeId: CONG_VAN,
    subject: 'V/v báo cáo kết quả rà soát hộ nghèo, hộ cận nghèo năm 2026',
    recipients: [{ kind: 'text', name: 'Phòng Lao động - Thương binh và Xã hội huyện Kim Bảng' }],
    keepLine: 'Lưu: VT, VP.',
    ...over,
  };
}

/** Drafted by the chuyên viên, forwarded by the head of VP, approved by the leader: ready for the clerk. */
export async function approvedDraft(t: TestCore, o: OutOffice, over: Partial<InputOf<'outgoing.createDraft'>> = {}) {
  const d = await t.ok('outgoing.createDraft', draftInput(over), o.staff.token);
  await t.ok('outgoing.submit', { id: d.id, version: d.currentVersion }, o.staff.token);
  await t.ok('outgoing.approve', { id: d.id, version: d.currentVersion, forwardTo: o.leader.id, note: 'Kính trình lãnh đạo.' }, o.head.token);
  return t.ok('outgoing.approve', { id: d.id, version: d.currentVersion }, o.leader.token);
}

export async function issued(t: TestCore, o: OutOffice, over: Partial<InputOf<'outgoing.createDraft'>> = {}, token = o.clerkToken) {
  const d = await approvedDraft(t, o, over);
  return t.ok('outgoing.issue', { id: d.id, version: d.currentVersion }, token);
}
