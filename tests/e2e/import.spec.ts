// An old commune register typed with the .VnTime (TCVN3) fonts, imported from CSV as a clerk would: the encoding is
// recognised and converted, the old numbers kept, and importing the same file a second time needs a deliberate yes.
import fs from 'node:fs';
import { cp1252Byte, unicodeToTcvn3 } from '../../src-main/imports/legacy-encoding';
import { expect, test } from './fixtures';
import { logIn, officeWithClerk } from './helpers';

const ROWS = [
  'Ngày đến,Số đến,Tác giả,Số và ký hiệu,Ngày tháng văn bản,Tên loại và trích yếu nội dung,Ghi chú',
  '05/03/2026,12,Phòng Y tế huyện,45/PYT,03/03/2026,Công văn về việc triển khai tiêm chủng mở rộng,',
  '06/03/2026,13,Huyện ủy Kim Bảng,45-CV/HU,04/03/2026,Công văn về việc tổ chức đại hội chi bộ,',
];

function tcvn3Csv(): Buffer {
  const text = unicodeToTcvn3(ROWS.join('\r\n') + '\r\n');
  return Buffer.from([...text].map((c) => cp1252Byte(c.charCodeAt(0))));
}

test('an old TCVN3 register is converted, imported once, and a second import needs confirming', async ({ page, server, shot }, testInfo) => {
  const o = await officeWithClerk(server.url);
  await logIn(page, server.url, o.clerk.username, o.clerk.password);
  const file = testInfo.outputPath('so-den-2026-tcvn3.csv');
  fs.writeFileSync(file, tcvn3Csv());

  await page
    .getByRole('tab', { name: 'Nhập sổ cũ (Excel)' })
    .or(page.getByRole('link', { name: 'Nhập sổ cũ (Excel)' }))
    .click();
  await expect(page.getByRole('heading', { name: /Nhập sổ văn bản đến cũ/ })).toBeVisible();
  await page.getByLabel('Tệp sổ cũ (.xlsx, .csv)').setInputFiles(file);
  await expect(page.getByText('Bảng mã chữ tìm thấy:')).toContainText('TCVN3');
  await expect(page.locator('.sample')).toContainText('triển khai tiêm chủng mở rộng');
  await expect(page.locator('.sample')).toContainText('45-CV/HU');
  await shot(page, '20-nhap-so-cu-tcvn3');
  await page.getByRole('button', { name: 'Nhập 2 dòng' }).click();
  await expect(page.locator('.banner.ok').filter({ hasText: 'Đã nhập 2 văn bản' })).toBeVisible();

  // The same file again: recognised, and not imported without a deliberate confirmation.
  await page.getByLabel('Tệp sổ cũ (.xlsx, .csv)').setInputFiles(file);
  await expect(page.getByRole('alert').filter({ hasText: 'Tệp này đã được nhập vào sổ' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Nhập 2 dòng' })).toBeDisabled();
  await shot(page, '21-nhap-lai-can-xac-nhan');
  await page.getByLabel('Tôi hiểu và muốn nhập lại tệp này').check();
  await expect(page.getByRole('button', { name: 'Nhập 2 dòng' })).toBeEnabled();

  // The converted text is searchable without diacritics, and the old number is kept beside the new one.
  await page.getByLabel('Tìm văn bản').fill('tiem chung mo rong');
  await page.getByLabel('Tìm văn bản').press('Enter');
  await expect(page.locator('.hit').first()).toContainText('Số đến 1');
  await page.locator('.hit').first().click();
  await expect(page.getByText('Số đến cũ')).toBeVisible();
  await expect(page.getByText('12 (sổ cũ, trước khi nhập)')).toBeVisible();
});
