// Helpers for incoming-document tests: a ready office with a clerk, the current register, and a registration with
// sensible defaults that each test overrides.

import type { InputOf } from '../../src-shared/api';
import { todayVn } from '../../src-shared/calendar/vn-time';
import { setupOffice, STRONG_PASSWORD, userWithRoles, type TestCore } from './core';

export async function clerkOffice(t: TestCore) {
  const { adminToken } = await setupOffice(t);
  const clerk = await userWithRoles(t, adminToken, 'Lê Thị Văn Thư', ['clerk']);
  t.core.runJobs();
  const year = Number(todayVn(t.clock.now()).slice(0, 4));
  const regs = await t.ok('registers.list', { direction: 'in', year }, clerk.token);
  /** A fresh clerk session: tests that move the clock by days outlive the idle timeout on purpose. */
  const fresh = async () => (await t.ok('auth.login', { username: clerk.username, password: STRONG_PASSWORD })).token;
  return { adminToken, clerkToken: clerk.token, clerkId: clerk.id, clerkUsername: clerk.username, registerId: regs[0].id, year, fresh };
}

export function docInput(registerId: number, over: Partial<InputOf<'incoming.register'>> = {}): InputOf<'incoming.register'> {
  return {
    registerId,
    issuer: { agencyId: null, code: null, name: 'Ủy ban nhân dân huyện Kim Bảng' },
    codeNumber: '125',
    codeNotation: 'QĐ-UBND',
    issuedDate: '2026-11-18',
    docTypeId: 2,
    subject: 'Quyết định về việc phê duyệt danh sách hộ nghèo, hộ cận nghèo năm 2026 trên địa bàn xã Đồng Hóa',
    signerPosition: 'KT. CHỦ TỊCH - PHÓ CHỦ TỊCH',
    signerName: 'Nguyễn Văn Bình',
    urgency: 0,
    pageCount: 3,
    copies: 1,
    receivedVia: 'paper',
    ...over,
  };
}
