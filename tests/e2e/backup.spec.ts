// Quản trị › Sao lưu, phục hồi in the browser mode: the admin sees that no backup was ever made, chooses a folder,
// clicks "Sao lưu ngay", follows the progress to "thành công" and the last good time; checking the folder reports
// every backup good, and a damaged copy is named. A clerk has no such screen.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';
import { api, logIn, officeWithClerk } from './helpers';

test('the admin backs up now, sees it succeed and checks the backup', async ({ page, server, shot }) => {
  const o = await officeWithClerk(server.url);
  const dest = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-e2e-saoluu-'));
  try {
    await logIn(page, server.url, 'quantri', 'VanThu#2026x');
    await page.getByRole('link', { name: 'Sao lưu, phục hồi' }).click();
    await expect(page.getByRole('heading', { name: 'Sao lưu, phục hồi' })).toBeVisible();
    await expect(page.getByRole('alert').filter({ hasText: 'Chưa có bản sao lưu nào thành công' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Sao lưu ngay' })).toBeDisabled();

    // A folder inside the data folder is refused, with the reason beside the field.
    await page.getByLabel('Thư mục sao lưu', { exact: false }).first().fill(path.join(server.dataDir, 'saoluu'));
    await page.getByRole('button', { name: 'Lưu cài đặt' }).click();
    await expect(page.getByText('Không được sao lưu vào trong thư mục dữ liệu của VănThư')).toBeVisible();

    await page.getByLabel('Thư mục sao lưu', { exact: false }).first().fill(dest);
    await page.getByRole('button', { name: 'Lưu cài đặt' }).click();
    await expect(page.getByText('Đã lưu cài đặt sao lưu.')).toBeVisible();
    await expect(page.getByText(/Lần sao lưu tự động tới/)).toBeVisible();

    await page.getByRole('button', { name: 'Sao lưu ngay' }).click();
    await expect(page.getByRole('status').filter({ hasText: /Sao lưu thành công: vanthu-\d{8}-\d{6}/ })).toBeVisible();
    await expect(page.getByTestId('last-good')).toContainText(/\d{2}:\d{2} \d{2}\/\d{2}\/\d{4} — vanthu-/);
    await expect(page.getByRole('alert').filter({ hasText: 'Chưa có bản sao lưu nào' })).toHaveCount(0);
    await expect(page.locator('table.data tbody tr').first()).toContainText('Thành công');
    await shot(page, 'qt-10-sao-luu');

    await page.getByRole('button', { name: 'Kiểm tra', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Tất cả 1 bản sao lưu đều tốt' })).toBeVisible();
    await shot(page, 'qt-11-sao-luu-kiem-tra');

    // One flipped byte in a chunk of the database copy (kept in the pool under its SHA-256): the check names the file.
    const id = fs.readdirSync(dest).find((x) => x.startsWith('vanthu-'))!;
    const manifest = JSON.parse(fs.readFileSync(path.join(dest, id, 'manifest.json'), 'utf8')) as { pool: string; db: { chunks: string[] } };
    const h = manifest.db.chunks[manifest.db.chunks.length >> 1];
    const chunk = path.join(dest, manifest.pool, h.slice(0, 2), h);
    fs.chmodSync(chunk, 0o644);
    const b = fs.readFileSync(chunk);
    b[b.length >> 1] ^= 1;
    fs.writeFileSync(chunk, b);
    await page.getByRole('button', { name: 'Kiểm tra', exact: true }).click();
    await expect(page.getByRole('alert').filter({ hasText: `tệp "${manifest.pool}/${h.slice(0, 2)}/${h}" đã bị thay đổi` })).toBeVisible();
    await shot(page, 'qt-12-sao-luu-hong');

    await expect(api(server.url, 'backup.status', {}, o.clerkToken)).rejects.toThrow(/forbidden/);
  } finally {
    fs.rmSync(dest, { recursive: true, force: true });
  }
});
