// Accounts end to end in Chromium (issue 14 items 12–14): the session lives in an HttpOnly cookie page scripts cannot
// read and survives a reload; the admin records an account request, approves it and creates the account from it; sets
// a clerk's date of leaving, revokes the account behind a red confirmation and finds it under "Đã thu hồi"; the
// revoked clerk can no longer sign in.

import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { logIn, officeWithClerk } from './helpers';

test.setTimeout(150_000);
test.use({ actionTimeout: 30_000 });

const nav = (page: Page) => page.getByRole('navigation', { name: 'Điều hướng chính' });

test('cookie session, account request carried out, leaver date and revocation', async ({ page, server, browser, shot }) => {
  const url = server.url;
  const o = await officeWithClerk(url);
  await logIn(page, url, 'quantri', 'VanThu#2026x');

  // ---- the session: an HttpOnly, SameSite=Strict cookie; nothing a page script can read -------------------------
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === 'vanthu_session');
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
  expect(await page.evaluate(() => document.cookie)).toBe('');
  expect(await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }))).not.toContain(session!.value);
  await page.reload();
  await expect(page.getByRole('button', { name: /^Tài khoản / })).toBeVisible();

  // ---- an account request: recorded, approved, carried out by creating the account from it -----------------------
  await nav(page).getByRole('link', { name: 'Đề nghị tài khoản' }).click();
  await expect(page.getByRole('heading', { name: 'Đề nghị tài khoản' })).toBeVisible();
  await page.getByRole('button', { name: '+ Ghi nhận đề nghị' }).click();
  const rec = page.getByRole('dialog', { name: 'Ghi nhận đề nghị tài khoản' });
  await rec.getByLabel('Họ và tên người được cấp').fill('Hoàng Thị Mới');
  await rec.getByLabel('Người đề nghị').fill('Chánh Văn phòng (Tờ trình số 12/TTr-VP)');
  await rec.getByLabel('Chức vụ').fill('Công chức văn phòng');
  await rec.getByRole('checkbox', { name: 'Văn thư' }).check();
  await rec.getByLabel('Lý do, ghi chú').fill('Tuyển dụng mới');
  await rec.getByRole('button', { name: 'Ghi nhận' }).click();
  await expect(rec).toBeHidden();
  const row = page.getByRole('row', { name: /Hoàng Thị Mới/ });
  await expect(row.getByText('Chờ duyệt')).toBeVisible();
  await row.getByRole('button', { name: /^Duyệt đề nghị/ }).click();
  const decide = page.getByRole('dialog', { name: 'Duyệt đề nghị' });
  await decide.getByLabel('Ghi chú').fill('Đồng ý cấp');
  await decide.getByRole('button', { name: 'Duyệt' }).click();
  await expect(row.getByText('Đã duyệt, chờ thực hiện')).toBeVisible();
  await row.getByRole('button', { name: /^Thực hiện đề nghị/ }).click();
  const create = page.getByRole('dialog', { name: /Cấp tài khoản theo đề nghị số/ });
  await expect(create.getByLabel('Họ và tên')).toHaveValue('Hoàng Thị Mới');
  await expect(create.getByLabel('Chức vụ')).toHaveValue('Công chức văn phòng');
  await expect(create.getByLabel('Tên đăng nhập')).toHaveValue('hoangthimoi');
  await create.getByRole('button', { name: 'Tạo tài khoản' }).click();
  const secret = page.getByRole('dialog', { name: 'Mật khẩu tạm thời' });
  await expect(secret.getByLabel('Mật khẩu tạm thời')).not.toBeEmpty();
  await secret.getByRole('button', { name: 'Đã ghi lại' }).click();
  await expect(row.getByText('Đã thực hiện')).toBeVisible();
  await expect(row.getByText('hoangthimoi')).toBeVisible();
  await shot(page, 'accounts-requests');

  // ---- a leaver: the date of leaving, then an early revocation behind a red confirmation --------------------------
  await nav(page).getByRole('link', { name: 'Người dùng' }).click();
  await page.getByRole('button', { name: 'Sửa Trần Thị Thư' }).click();
  const edit = page.getByRole('dialog', { name: 'Sửa tài khoản tranthithu' });
  await edit.getByLabel('Ngày nghỉ việc').fill('30/12/2026');
  await edit.getByLabel('Ngày nghỉ việc').blur();
  await edit.getByRole('button', { name: 'Lưu' }).click();
  await expect(edit).toBeHidden();
  const clerkRow = page.getByRole('row', { name: /Trần Thị Thư/ });
  await expect(clerkRow.getByText('Nghỉ việc từ 30/12/2026')).toBeVisible();

  await clerkRow.getByRole('button', { name: 'Thu hồi Trần Thị Thư' }).click();
  const revoke = page.getByRole('dialog', { name: 'Thu hồi tài khoản' });
  await expect(revoke.getByRole('alert')).toContainText('vĩnh viễn');
  await revoke.getByLabel('Lý do thu hồi').fill('Chuyển công tác');
  await shot(page, 'accounts-revoke-confirm');
  await revoke.getByRole('button', { name: 'Thu hồi vĩnh viễn' }).click();
  await expect(revoke).toBeHidden();
  await page.getByLabel('Trạng thái').selectOption({ label: 'Đã thu hồi' });
  await expect(page.getByRole('row', { name: /Trần Thị Thư/ }).getByText('Đã thu hồi — cần cấp tài khoản mới')).toBeVisible();
  await expect(page.getByRole('row')).toHaveCount(2);
  await shot(page, 'accounts-revoked-list');

  // ---- the revoked clerk, in a browser of their own, cannot sign in -----------------------------------------------
  const other = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const cp = await other.newPage();
  await cp.goto(url);
  await cp.getByLabel('Tên đăng nhập').fill(o.clerk.username);
  await cp.getByLabel('Mật khẩu').fill(o.clerk.password);
  await cp.keyboard.press('Enter');
  await expect(cp.getByText(/đã bị thu hồi/)).toBeVisible();
  await other.close();
});
