// Issue 15: the search page shows its first results at once and the exact number of matches a moment later
// (documents.searchTotal), past the 1,000 the page used to stop counting at.
import { expect, test } from './fixtures';
import { logIn, officeWithClerk } from './helpers';

const HEADER = 'Ngày đến,Số đến,Tác giả,Số và ký hiệu,Ngày tháng văn bản,Tên loại và trích yếu nội dung,Ghi chú';

function registerCsv(rows: number): Buffer {
  const lines = [HEADER];
  for (let n = 1; n <= rows; n++) {
    const day = String(1 + (n % 28)).padStart(2, '0');
    lines.push(`${day}/03/2026,${n},Phòng Y tế huyện,${n}/PYT,${day}/03/2026,Công văn về việc kiểm tra vệ sinh an toàn thực phẩm đợt ${n},`);
  }
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8');
}

test('a search over an imported register shows the first page, then the exact count past a thousand', async ({ page, server, shot }, testInfo) => {
  const o = await officeWithClerk(server.url);
  await logIn(page, server.url, o.clerk.username, o.clerk.password);
  const file = testInfo.outputPath('so-den-2026.csv');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(file, registerCsv(1_250));

  await page
    .getByRole('tab', { name: 'Nhập sổ cũ (Excel)' })
    .or(page.getByRole('link', { name: 'Nhập sổ cũ (Excel)' }))
    .click();
  await page.getByLabel('Tệp sổ cũ (.xlsx, .csv)').setInputFiles(file);
  await page
    .getByRole('button', { name: 'Nhập 1250 dòng' })
    .or(page.getByRole('button', { name: 'Nhập 1.250 dòng' }))
    .click();
  await expect(page.locator('.banner.ok').filter({ hasText: /Đã nhập 1[.]?250 văn bản/ })).toBeVisible({ timeout: 30_000 });

  await page.getByLabel('Tìm văn bản').fill('ve sinh an toan thuc pham');
  await page.getByLabel('Tìm văn bản').press('Enter');
  await expect(page.locator('.hit')).toHaveCount(20);
  // Newest first: the last row imported.
  await expect(page.locator('.hit').first()).toContainText('đợt 1250');
  await expect(page.getByRole('status').filter({ hasText: 'văn bản phù hợp' })).toContainText('1.250 văn bản phù hợp');
  await expect(page.getByRole('status').filter({ hasText: 'văn bản phù hợp' })).not.toContainText('Hơn');
  await shot(page, 'tim-kiem-dem-chinh-xac');

  // A handful of matches (đợt 125, and whichever document got số đến 125) is counted by the page itself.
  await page.getByLabel('Từ khóa tìm kiếm').fill('125 dot');
  await page.getByLabel('Từ khóa tìm kiếm').press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'văn bản phù hợp' })).toContainText('“125 dot”');
  await expect(page.locator('.hit').filter({ hasText: 'đợt 125' }).first()).toBeVisible();
  const shown = await page.locator('.hit').count();
  expect(shown).toBeLessThan(20);
  await expect(page.getByRole('status').filter({ hasText: 'văn bản phù hợp' })).toContainText(new RegExp(`^\\s*${shown} văn bản phù hợp`));
});
