// Shortcuts for e2e tests that are not about setup: prepare an office and accounts through the HTTP API (as a
// script would), so the browser part of the test spends its time on the screen under test.

import type { Page } from '@playwright/test';
import { expect } from './fixtures';

export async function api<T = unknown>(url: string, method: string, input: unknown, token?: string): Promise<T> {
  const res = await fetch(`${url}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input),
  });
  const wire = (await res.json()) as { ok: boolean; value?: T; error?: unknown };
  if (!wire.ok) throw new Error(`${method}: ${JSON.stringify(wire.error)}`);
  return wire.value as T;
}

/**
 * An office with an admin and a văn thư whose passwords are already changed; returns their credentials. `org` names
 * another office (its mã định danh and name) for tests with two of them (liên thông).
 */
export async function officeWithClerk(url: string, org: { code: string; name: string } = { code: '000.00.12.H35', name: 'Ủy ban nhân dân xã Đồng Hóa' }) {
  await api(url, 'setup.init', {
    org: {
      code: org.code,
      name: org.name,
      abbr: 'UBND',
      parentName: 'Ủy ban nhân dân huyện Kim Bảng',
      address: null,
      place: 'Đồng Hóa',
      phone: null,
      email: null,
    },
    admin: { fullName: 'Nguyễn Văn Quản', username: 'quantri', password: 'Khoi@tao2026' },
  });
  const l = await api<{ token: string }>(url, 'auth.login', { username: 'quantri', password: 'Khoi@tao2026' });
  const admin = await api<{ token: string }>(url, 'auth.changePassword', { currentPassword: 'Khoi@tao2026', newPassword: 'VanThu#2026x' }, l.token);
  await api(url, 'users.create', { fullName: 'Trần Thị Thư', username: 'tranthithu', roles: ['clerk'], password: 'Tam@thoi2026' }, admin.token);
  const c = await api<{ token: string }>(url, 'auth.login', { username: 'tranthithu', password: 'Tam@thoi2026' });
  const clerk = await api<{ token: string }>(url, 'auth.changePassword', { currentPassword: 'Tam@thoi2026', newPassword: 'VanThu@2026' }, c.token);
  return { adminToken: admin.token, clerkToken: clerk.token, clerk: { username: 'tranthithu', password: 'VanThu@2026' } };
}

export async function logIn(page: Page, url: string, username: string, password: string) {
  await page.goto(url);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: /^Tài khoản / })).toBeVisible();
}
