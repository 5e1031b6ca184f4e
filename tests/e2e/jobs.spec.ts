// Quản trị › Công việc nền in the browser mode: a file uploaded over HTTP has its text extracted by the server's
// worker thread (the worker loads under the tsx-run host), and the admin sees the counts in Vietnamese; a clerk has
// no such screen.

import { expect, test } from './fixtures';
import { api, logIn, officeWithClerk } from './helpers';

test('the admin sees the background jobs; an uploaded file is extracted by the worker', async ({ page, server, shot }) => {
  const o = await officeWithClerk(server.url);
  const text = 'Kế hoạch phòng chống thiên tai và tìm kiếm cứu nạn năm 2026 của xã Đồng Hóa';
  const res = await fetch(`${server.url}/api/blobs.put`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${o.clerkToken}`, 'x-vanthu-input': encodeURIComponent(JSON.stringify({ fileName: 'ke-hoach.txt' })) },
    body: new TextEncoder().encode(text),
  });
  const put = (await res.json()) as { ok: boolean; value: { hash: string } };
  expect(put.ok).toBe(true);

  await logIn(page, server.url, 'quantri', 'VanThu#2026x');
  await page.getByRole('link', { name: 'Công việc nền' }).click();
  await expect(page.getByRole('heading', { name: 'Công việc nền' })).toBeVisible();
  // The extraction job ran in the worker: nothing waits, nothing failed, one done (the screen refreshes by itself).
  const counts = page.getByRole('status').filter({ hasText: 'Đã xong:' });
  await expect(counts).toContainText('Đã xong: 1');
  await expect(counts).toContainText('Đang chờ: 0');
  await expect(counts).toContainText('Bị lỗi: 0');
  await expect(page.getByText('Không có công việc nào bị lỗi.')).toBeVisible();
  await shot(page, 'qt-09-cong-viec-nen');
  const jobs = await api<{ items: unknown[]; summary: { done: number } }>(server.url, 'jobs.list', { states: ['done'] }, o.adminToken);
  expect(jobs.summary.done).toBe(1);

  await expect(api(server.url, 'jobs.list', {}, o.clerkToken)).rejects.toThrow(/forbidden/);
});
