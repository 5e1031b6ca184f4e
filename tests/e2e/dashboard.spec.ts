// Tổng quan and Báo cáo in Chromium: a leader signs in and lands on the dashboard, clicks the count of overdue
// incoming documents and lands on the register showing exactly those documents; a staff member's dashboard shows only
// their own work; the clerk opens the incoming-handling report with its chart. Screenshots of each are kept.

import { expect, test } from './fixtures';
import { api, logIn } from './helpers';
import { ISSUER, PASSWORD, routingOffice } from './workflow-helpers';

/** A Vietnam calendar date `days` from today (the server counts overdue against today in Vietnam). */
function vnDate(days: number): string {
  return new Date(Date.now() + 7 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

test('leader lands on Tổng quan, clicks the overdue count, sees exactly those documents; staff sees only their work', async ({ page, server, shot, browser }) => {
  test.setTimeout(180_000);
  const url = server.url;
  const o = await routingOffice(url);
  const reg = (subject: string, n: number, handlingDueDate: string | null) =>
    api<{ id: number }>(
      url,
      'incoming.register',
      { registerId: o.registerId, issuer: { agencyId: null, code: null, name: ISSUER }, subject, codeNumber: String(n), codeNotation: 'SVHTTDL-VP', handlingDueDate },
      o.clerkToken,
    );
  const overdue = ['Về việc báo cáo công tác phòng chống thiên tai', 'Về việc kiểm tra an toàn thực phẩm', 'Về việc tổng hợp số liệu hộ nghèo'];
  for (const [i, s] of overdue.entries()) await reg(s, 10 + i, vnDate(-3 - i));
  await reg('Về việc tổ chức lễ hội truyền thống đầu xuân', 20, vnDate(10));
  const directed = await reg('Về việc chuẩn bị bầu cử đại biểu Hội đồng nhân dân', 21, null);
  await api(url, 'workflow.direct', { documentId: directed.id, text: 'Giao Phòng VH-XH chủ trì.', lead: { userId: o.staff.id, dueWorkingDays: 5, note: null } }, o.leader.token);

  await logIn(page, url, 'lanhdao', PASSWORD);
  await expect(page.getByRole('heading', { name: 'Tổng quan', level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/#\/tong-quan$/);
  const tile = page.getByRole('link', { name: 'Văn bản đến quá hạn giải quyết: 3' });
  await expect(tile).toBeVisible();
  await expect(page.getByRole('region', { name: 'Văn bản của cơ quan' }).getByRole('link', { name: /^Văn bản đến năm \d{4}: 5$/ })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Tồn đọng theo đơn vị' }).locator('canvas')).toBeVisible();
  await shot(page, 'dashboard-lanh-dao');

  await tile.click();
  await expect(page).toHaveURL(/#\/van-ban-den\?qua-han=1$/);
  await expect(page.getByRole('heading', { name: 'Sổ văn bản đến' })).toBeVisible();
  await expect(page.getByText('3 văn bản', { exact: true })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Quá hạn' })).toBeChecked();
  for (const s of overdue) await expect(page.getByRole('row', { name: new RegExp(s) }).first()).toBeVisible();
  await expect(page.getByRole('row', { name: /lễ hội truyền thống/ })).toHaveCount(0);
  await expect(page.getByRole('row', { name: /bầu cử đại biểu/ })).toHaveCount(0);

  // The staff member: their own work only, and "Đang chờ xử lý" opens it.
  const staff = await browser.newPage();
  await logIn(staff, url, 'chuyenvien', PASSWORD);
  await expect(staff.getByRole('heading', { name: 'Tổng quan', level: 1 })).toBeVisible();
  await expect(staff.getByRole('link', { name: 'Đang chờ xử lý: 1' })).toBeVisible();
  await expect(staff.getByRole('region', { name: 'Văn bản của cơ quan' })).toHaveCount(0);
  await expect(staff.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Báo cáo' })).toHaveCount(0);
  await shot(staff, 'dashboard-chuyen-vien');
  await staff.getByRole('link', { name: 'Mới, chưa xem: 1' }).click();
  await expect(staff.getByRole('row', { name: /bầu cử đại biểu/ })).toBeVisible();
  await staff.close();
});

test('the clerk opens the incoming-handling report: figures, chart, a bad period refused', async ({ page, server, shot }) => {
  test.setTimeout(120_000);
  const url = server.url;
  const o = await routingOffice(url);
  for (let i = 0; i < 3; i++)
    await api(
      url,
      'incoming.register',
      {
        registerId: o.registerId,
        issuer: { agencyId: null, code: null, name: ISSUER },
        subject: `Về việc thử báo cáo số ${i + 1}`,
        codeNumber: String(30 + i),
        codeNotation: 'SVHTTDL-VP',
        handlingDueDate: i === 0 ? vnDate(-2) : null,
      },
      o.clerkToken,
    );
  await logIn(page, url, o.clerk.username, o.clerk.password);
  // The văn thư starts on the register, as before; the dashboard is one click away.
  await expect(page.getByRole('heading', { name: 'Sổ văn bản đến' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Báo cáo' }).click();
  await page.getByLabel('Kỳ báo cáo', { exact: true }).selectOption('year');
  const report = page.getByRole('region', { name: 'Báo cáo giải quyết văn bản đến' });
  const office = report.getByRole('row', { name: /Toàn cơ quan/ });
  // Received 3: 1 overdue (no task, deadline passed), 2 in progress within deadline (no deadline).
  await expect(office).toContainText(/Toàn cơ quan\s*Cơ quan\s*3\s*0\s*0\s*0\s*2\s*1/);
  await expect(report.locator('canvas')).toBeVisible();
  await shot(page, 'reports-giai-quyet-van-ban-den');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Xuất Excel' }).click();
  expect((await download).suggestedFilename()).toMatch(/^bao-cao-giai-quyet-van-ban-den-\d{4}-01-01-\d{4}-12-31\.xlsx$/);

  await page.getByLabel('Từ ngày').fill('31/12/2026');
  await page.getByLabel('Từ ngày').press('Tab');
  await page.getByLabel('Đến ngày').fill('01/01/2026');
  await page.getByLabel('Đến ngày').press('Tab');
  await expect(page.getByRole('alert')).toContainText('Ngày bắt đầu kỳ báo cáo sau ngày kết thúc');
});
