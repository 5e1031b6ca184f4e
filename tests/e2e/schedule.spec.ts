// Lịch công tác end to end, in Chromium: the clerk drafts two entries of next week's office schedule on screen (one
// with a time, a chair and a participant; one for the afternoon with a unit), the leader publishes the week, and a
// participant finds both in "Lịch của tôi" and the publishing notification in the bell. The PDF downloads.

import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ARTIFACTS, expect, test } from './fixtures';
import { outgoingOffice, signedIn } from './outgoing-helpers';
import { logIn } from './helpers';

test.setTimeout(180_000);
test.use({ actionTimeout: 30_000 });

const FIRST = 'Họp giao ban lãnh đạo Ủy ban nhân dân xã';
const SECOND = 'Kiểm tra công tác văn thư, lưu trữ tại Văn phòng';

function nextMonday(): string {
  const vn = new Date(Date.now() + 7 * 3600_000);
  const wd = vn.getUTCDay() || 7;
  const monday = new Date(Date.UTC(vn.getUTCFullYear(), vn.getUTCMonth(), vn.getUTCDate() + 8 - wd));
  return monday.toISOString().slice(0, 10);
}

test('clerk drafts two entries for next week, the leader publishes, a participant sees them and is notified', async ({ page, server, browser, shot }) => {
  const url = server.url;
  const o = await outgoingOffice(url, true);
  const monday = nextMonday();
  const [y, m, d] = monday.split('-');

  // ---- the clerk drafts on screen ---------------------------------------------------------------------------------
  await logIn(page, url, o.clerk.username, o.clerk.password);
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Lịch công tác' }).click();
  await expect(page.getByRole('link', { name: 'Lịch cơ quan' })).toHaveAttribute('aria-current', 'page');
  // → moves to next week (keyboard), as the week title says.
  await page.locator('body').press('ArrowRight');
  await expect(page.getByText(`từ ngày ${d}/${m}/${y}`)).toBeVisible();
  await expect(page.getByTestId('week-state')).toHaveText('Dự thảo');

  await page.getByRole('button', { name: /Thêm lịch/ }).click();
  let dialog = page.getByRole('dialog', { name: 'Thêm mục lịch' });
  await dialog.getByLabel('Ngày').selectOption({ index: 1 }); // Thứ Ba
  await dialog.getByLabel('Từ giờ').fill('08:00');
  await dialog.getByLabel('Đến giờ').fill('10:00');
  await dialog.getByLabel('Chủ trì', { exact: true }).selectOption({ label: 'Nguyễn Văn Chủ (Chủ tịch UBND xã)' });
  await dialog.getByLabel('Thêm người').selectOption({ label: 'Lê Văn Soạn' });
  await expect(dialog.getByRole('button', { name: 'Bỏ Lê Văn Soạn' })).toBeVisible();
  await dialog.getByLabel('Khách mời (ngoài cơ quan)').fill('Đại diện Mặt trận Tổ quốc xã');
  await dialog.getByLabel('Khách mời (ngoài cơ quan)').press('Enter');
  await expect(dialog.getByRole('button', { name: 'Bỏ Đại diện Mặt trận Tổ quốc xã' })).toBeVisible();
  await dialog.getByLabel('Địa điểm').fill('Phòng họp tầng 2');
  await dialog.getByLabel('Nội dung').fill(FIRST);
  await dialog.getByLabel('Nội dung').press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('row', { name: new RegExp(FIRST) })).toBeVisible();

  await page.keyboard.press('Alt+n');
  dialog = page.getByRole('dialog', { name: 'Thêm mục lịch' });
  await dialog.getByLabel('Ngày').selectOption({ index: 2 }); // Thứ Tư
  await dialog.getByLabel('Buổi').selectOption({ label: 'Buổi chiều' });
  await dialog.getByLabel('Thêm đơn vị').selectOption({ label: 'Văn phòng HĐND và UBND' });
  await dialog.getByLabel('Nội dung').fill(SECOND);
  await dialog.getByLabel('Nội dung').press('Enter');
  await expect(dialog).toBeHidden();
  const second = page.getByRole('row', { name: new RegExp(SECOND) });
  await expect(second).toContainText('Chiều');
  await expect(second).toContainText('Văn phòng HĐND và UBND');
  // Esc closes the dialog without saving.
  await page.getByRole('button', { name: /Thêm lịch/ }).click();
  await page.getByRole('dialog', { name: 'Thêm mục lịch' }).getByLabel('Nội dung').press('Escape');
  await expect(page.getByRole('dialog', { name: 'Thêm mục lịch' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Ban hành' })).toHaveCount(0);
  await shot(page, 'schedule-draft');

  // ---- the leader publishes ---------------------------------------------------------------------------------------
  const leader = await signedIn(browser, url, 'nguyenvanchu');
  await leader.page.goto(`${url}/#/lich-cong-tac/co-quan?tuan=${monday}`);
  await expect(leader.page.getByRole('row', { name: new RegExp(FIRST) })).toBeVisible();
  await leader.page.getByRole('button', { name: 'Ban hành' }).click();
  const confirm = leader.page.getByRole('dialog', { name: 'Ban hành lịch công tác' });
  await expect(confirm).toContainText('2 mục lịch');
  await confirm.getByRole('button', { name: 'Ban hành' }).click();
  await expect(leader.page.getByTestId('week-state')).toHaveText('Đã ban hành');
  await leader.page.close();

  // ---- a participant sees it in Lịch của tôi and in the bell --------------------------------------------------------
  const drafter = await signedIn(browser, url, 'levanson');
  const p = drafter.page;
  await expect(p.getByRole('button', { name: /^Thông báo: \d+ chưa đọc$/ })).toBeVisible();
  await p.getByRole('button', { name: /^Thông báo: \d+ chưa đọc$/ }).click();
  // The notice opens the participant's own week, the published week.
  await p
    .getByRole('dialog', { name: 'Thông báo' })
    .getByRole('button', { name: /Đã ban hành lịch công tác tuần/ })
    .click();
  await expect(p.getByRole('dialog', { name: 'Thông báo' })).toBeHidden();
  await expect(p).toHaveURL(new RegExp(`#/lich-cong-tac/cua-toi\\?tuan=${monday}$`));
  await expect(p.getByRole('row', { name: new RegExp(FIRST) })).toContainText('Nguyễn Văn Chủ');
  await expect(p.getByRole('row', { name: new RegExp(SECOND) })).toBeVisible();
  await shot(p, 'schedule-mine');

  // The printout downloads and carries the entries.
  const download = p.waitForEvent('download');
  await p.getByRole('button', { name: 'In lịch (PDF)' }).click();
  const file = path.join(ARTIFACTS, 'schedule-week.pdf');
  await (await download).saveAs(file);
  const text = execFileSync('pdftotext', [file, '-']).toString().normalize('NFC').replace(/\s+/g, ' ');
  expect(text).toContain('LỊCH CÔNG TÁC TUẦN');
  expect(text).toContain(FIRST);
  expect(fs.statSync(file).size).toBeGreaterThan(1000);

  // A person keeps his own entries in "Lịch của tôi" (his personal week, a draft until he publishes it).
  await expect(p.getByTestId('week-state')).toHaveText('Lịch cá nhân: dự thảo');
  await p.keyboard.press('Alt+n');
  const own = p.getByRole('dialog', { name: 'Thêm mục lịch' });
  await own.getByLabel('Ngày').selectOption({ index: 3 }); // Thứ Năm
  await own.getByLabel('Buổi').selectOption({ label: 'Buổi sáng' });
  await own.getByLabel('Nội dung').fill('Viết báo cáo tháng của Văn phòng');
  await own.getByLabel('Nội dung').press('Enter');
  await expect(own).toBeHidden();
  await expect(p.getByRole('row', { name: /Viết báo cáo tháng của Văn phòng/ })).toContainText('Sáng');
  expect(drafter.problems).toEqual([]);

  // ---- after publishing: an added entry is marked, the double-booked chair is warned, the participant told ---------
  await page.reload();
  await expect(page.getByTestId('week-state')).toHaveText('Đã ban hành');
  await page.keyboard.press('Alt+n');
  dialog = page.getByRole('dialog', { name: 'Thêm mục lịch' });
  await expect(dialog).toContainText('Lịch tuần đã ban hành');
  await dialog.getByLabel('Ngày').selectOption({ index: 1 });
  await dialog.getByLabel('Từ giờ').fill('09:00');
  await dialog.getByLabel('Chủ trì', { exact: true }).selectOption({ label: 'Nguyễn Văn Chủ (Chủ tịch UBND xã)' });
  await dialog.getByLabel('Thêm người').selectOption({ label: 'Lê Văn Soạn' });
  await dialog.getByLabel('Nội dung').fill('Tiếp công dân định kỳ');
  await dialog.getByLabel('Nội dung').press('Enter');
  await expect(page.getByRole('status')).toContainText('lưu ý trùng lịch: Nguyễn Văn Chủ, Lê Văn Soạn — 08:00 - 10:00 ' + FIRST);
  const added = page.getByRole('row', { name: /Tiếp công dân định kỳ/ });
  await expect(added).toContainText('Bổ sung');
  await expect(added.getByRole('note')).toContainText('Trùng lịch');
  await expect(page.getByRole('row', { name: new RegExp(FIRST) }).getByRole('note')).toContainText('Tiếp công dân định kỳ');
  await shot(page, 'schedule-adjusted');
  await expect(p.getByRole('button', { name: /^Thông báo: \d+ chưa đọc$/ })).toBeVisible();
  await p.getByRole('button', { name: /^Thông báo/ }).click();
  await expect(p.getByRole('dialog', { name: 'Thông báo' })).toContainText('Bổ sung lịch công tác');
});
