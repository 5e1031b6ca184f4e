// A văn thư's day with incoming documents, in Chromium: register a document with its PDF by keyboard, see it in the
// register with its arrival stamp and preview, find it by typing without diacritics (also by words inside the
// PDF), be stopped from entering a secret document, and print the register book.
import fs from 'node:fs';
import { PDFDocument } from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import { expect, test } from './fixtures';
import { api, logIn, officeWithClerk } from './helpers';

async function vietnamesePdf(lines: string[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(fs.readFileSync('resources/fonts/LiberationSerif-Regular.ttf'), { subset: true });
  const page = doc.addPage([595, 842]);
  lines.forEach((l, i) => page.drawText(l, { x: 60, y: 780 - i * 24, size: 14, font }));
  return Buffer.from(await doc.save());
}

test('register a document with its PDF and find it without diacritics', async ({ page, server, shot }, testInfo) => {
  const o = await officeWithClerk(server.url);
  await api(server.url, 'agencies.save', { code: '000.00.04.H35', name: 'Sở Tài chính tỉnh Hà Nam', parentCode: null, active: true }, o.adminToken);
  await logIn(page, server.url, o.clerk.username, o.clerk.password);
  await expect(page.getByRole('heading', { name: 'Sổ văn bản đến' })).toBeVisible();

  // Alt+N opens the form from anywhere in the area.
  await page.keyboard.press('Alt+N');
  await expect(page.getByRole('heading', { name: 'Vào sổ văn bản đến' })).toBeVisible();
  const issuer = page.getByRole('combobox', { name: /Cơ quan ban hành/ });
  await expect(issuer).toBeFocused();
  await issuer.pressSequentially('so tai chinh', { delay: 20 });
  await expect(page.getByRole('option', { name: /Sở Tài chính tỉnh Hà Nam/ })).toBeVisible();
  await issuer.press('Enter');
  await expect(issuer).toHaveValue('Sở Tài chính tỉnh Hà Nam');
  await page.getByLabel('Số', { exact: true }).fill('2168');
  await page.getByLabel('Ký hiệu').fill('STC-QLNS');
  await page.getByLabel('Ngày văn bản').fill('13/11/2026');
  await page.getByLabel('Loại văn bản').selectOption({ label: 'Công văn' });
  await page.getByLabel('Trích yếu nội dung').fill('Về việc quyết định giao dự toán ngân sách nhà nước năm 2027 cho xã Đồng Hóa');
  await page.locator('.segmented label', { hasText: /^Khẩn$/ }).click();
  await expect(page.getByRole('radio', { name: 'Khẩn', exact: true })).toBeChecked();
  const pdfPath = testInfo.outputPath('cong-van-2168.pdf');
  fs.writeFileSync(
    pdfPath,
    await vietnamesePdf(['Kính gửi: Ủy ban nhân dân xã Đồng Hóa', 'Dự toán chi thường xuyên cho trạm y tế xã', 'Định mức phân bổ theo Nghị quyết của HĐND tỉnh']),
  );
  await page.locator('input[type=file]').setInputFiles(pdfPath);
  // Exact: the reading of the file's fields names it too while it runs.
  await expect(page.getByText('cong-van-2168.pdf', { exact: true })).toBeVisible();
  await shot(page, '10-vao-so-van-ban-den');
  await page.keyboard.press('Control+Enter');

  await expect(page.getByRole('heading', { name: 'Văn bản đến số 1' })).toBeVisible();
  await expect(page.getByLabel('Dấu đến điện tử')).toContainText('ỦY BAN NHÂN DÂN XÃ ĐỒNG HÓA');
  await expect(page.getByLabel('Dấu đến điện tử')).toContainText('ĐẾN');
  await expect(page.getByLabel('Trang 1')).toBeVisible();
  // pdf.js really drew the page: dark (text) pixels on the canvas.
  await expect
    .poll(() =>
      page.evaluate(() => {
        const c = document.querySelector<HTMLCanvasElement>('canvas.pdf-page');
        const data = c?.getContext('2d')?.getImageData(0, 0, c.width, Math.min(c.height, 300)).data;
        let dark = 0;
        for (let i = 0; data && i < data.length; i += 4) if (data[i] < 100 && data[i + 3] > 0) dark++;
        return dark;
      }),
    )
    .toBeGreaterThan(200);
  await shot(page, '11-chi-tiet-van-ban-den');

  // The register list: urgent and unprocessed, pinned on top.
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Văn bản đến' }).click();
  await expect(page.getByLabel('Văn bản khẩn chưa xử lý')).toContainText('2168/STC-QLNS');
  await shot(page, '12-so-van-ban-den');

  // Search without diacritics, from the top bar (the "/" key focuses it).
  await page.keyboard.press('/');
  await page.keyboard.type('du toan ngan sach dong hoa');
  await page.keyboard.press('Enter');
  const hit = page.locator('.hit').first();
  await expect(hit).toContainText('Số đến 1');
  await expect(hit.locator('mark').first()).toHaveText('dự');
  await shot(page, '13-tim-kiem');
  // A word only inside the PDF: found once its text is indexed (in the background, a moment after upload).
  await expect(async () => {
    await page.getByLabel('Từ khóa tìm kiếm').fill('tram y te');
    await page.getByLabel('Từ khóa tìm kiếm').press('Enter');
    await expect(page.locator('.hit-snippet').first()).toContainText('trạm y tế', { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await shot(page, '14-tim-trong-tep');

  // The top-bar box shows the query of the search page; an empty search page explains how to search.
  await expect(page.getByLabel('Tìm văn bản')).toHaveValue('tram y te');
  await page.getByLabel('Từ khóa tìm kiếm').fill('');
  await page.getByLabel('Từ khóa tìm kiếm').press('Enter');
  await expect(page.getByLabel('Cách tìm')).toContainText('7/KH-UBND');
  await expect(page.getByLabel('Tìm văn bản')).toHaveValue('');
  await shot(page, '13b-cach-tim');
});

test('a secret document is refused, a duplicate is caught, the register book prints', async ({ page, server, shot }) => {
  const o = await officeWithClerk(server.url);
  await logIn(page, server.url, o.clerk.username, o.clerk.password);
  await page.getByRole('button', { name: '+ Vào sổ văn bản đến' }).click();
  await page.getByLabel('Độ mật').selectOption({ label: 'Tối mật' });
  await expect(page.getByRole('alert')).toContainText('Không được nhập văn bản “Tối mật” vào hệ thống');
  await expect(page.getByRole('button', { name: /^Vào sổ/ })).toBeDisabled();
  await shot(page, '15-van-ban-mat');
  await page.getByLabel('Độ mật').selectOption({ label: 'Không mật' });

  const fill = async () => {
    await page.getByRole('combobox', { name: /Cơ quan ban hành/ }).fill('Công an huyện Kim Bảng');
    await page.getByLabel('Số', { exact: true }).fill('88');
    await page.getByLabel('Ký hiệu').fill('CAH-TM');
    await page.getByLabel('Ngày văn bản').fill('10/11/2026');
    await page.getByLabel('Trích yếu nội dung').fill('Về việc bảo đảm an ninh trật tự');
  };
  await fill();
  await page.getByRole('button', { name: /^Vào sổ/ }).click();
  await expect(page.getByRole('heading', { name: 'Văn bản đến số 1' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Văn bản đến' }).click();
  await page.getByRole('button', { name: '+ Vào sổ văn bản đến' }).click();
  await fill();
  await expect(page.getByRole('status').filter({ hasText: 'Có thể trùng' })).toBeVisible();
  await page.getByRole('button', { name: /^Vào sổ/ }).click();
  await expect(page.getByRole('dialog', { name: 'Văn bản có thể đã được vào sổ' })).toBeVisible();
  await shot(page, '16-trung-van-ban');
  await page.getByRole('button', { name: 'Mở văn bản này' }).click();
  await expect(page.getByRole('heading', { name: 'Văn bản đến số 1' })).toBeVisible();

  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Văn bản đến' }).click();
  await page.getByRole('button', { name: 'In sổ' }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Tạo tệp PDF' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^so-van-ban-den-\d{4}-.*\.pdf$/);
  const bytes = fs.readFileSync(await file.path());
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
});

test('late reference data never discards what the clerk typed', async ({ page, server }) => {
  const o = await officeWithClerk(server.url);
  await logIn(page, server.url, o.clerk.username, o.clerk.password);
  // Hold back the registers and document types until the clerk has filled the form, as a busy core would.
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const held: string[] = [];
  for (const m of ['registers.list', 'doctypes.list']) {
    await page.route(`**/api/${m}`, async (route) => {
      held.push(m);
      await released;
      await route.continue();
    });
  }
  await page.getByRole('button', { name: '+ Vào sổ văn bản đến' }).click();
  await expect(page.getByRole('heading', { name: 'Vào sổ văn bản đến' })).toBeVisible();
  await expect.poll(() => held.length).toBe(2);
  await page.getByRole('combobox', { name: /Cơ quan ban hành/ }).fill('Công an huyện Kim Bảng');
  await page.getByLabel('Số', { exact: true }).fill('91');
  await page.getByLabel('Trích yếu nội dung').fill('Về việc tuần tra ban đêm');
  await page.getByLabel('Độ mật').selectOption({ label: 'Mật' });
  await page.getByLabel('Độ mật').selectOption({ label: 'Không mật' });
  await page.locator('.segmented label', { hasText: /^Thượng khẩn$/ }).click();
  release();
  // The reference data has arrived once the register offers its next number.
  await expect(page.getByRole('combobox', { name: 'Sổ văn bản đến' })).toContainText('số tiếp: 1');
  await expect(page.getByLabel('Loại văn bản')).toContainText('Công văn');
  await expect(page.getByRole('combobox', { name: /Cơ quan ban hành/ })).toHaveValue('Công an huyện Kim Bảng');
  await expect(page.getByLabel('Số', { exact: true })).toHaveValue('91');
  await expect(page.getByLabel('Trích yếu nội dung')).toHaveValue('Về việc tuần tra ban đêm');
  await expect(page.getByRole('radio', { name: 'Thượng khẩn' })).toBeChecked();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('heading', { name: 'Văn bản đến số 1' })).toBeVisible();

  // The notice sits over the navigation column, not over the page's buttons…
  const toast = page.locator('.toast').filter({ hasText: 'Đã vào sổ' });
  await expect(toast).toBeVisible();
  const box = (await toast.boundingBox())!;
  const nav = (await page.getByRole('navigation', { name: 'Điều hướng chính' }).boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(nav.x + nav.width);
  // …and it is gone for the next person who signs in.
  await page.getByRole('button', { name: /^Tài khoản / }).click();
  await page.getByRole('menuitem', { name: 'Đăng xuất' }).click();
  await expect(page.getByText('Bạn đã đăng xuất.')).toBeVisible();
  await expect(page.locator('.toast')).toHaveCount(0);
});

test('a document saved while its scan is still uploading is saved with the scan', async ({ page, server }, testInfo) => {
  const o = await officeWithClerk(server.url);
  await logIn(page, server.url, o.clerk.username, o.clerk.password);
  // Hold the upload until the clerk has pressed Ctrl+Enter.
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let uploading = false;
  await page.route('**/api/blobs.put', async (route) => {
    uploading = true;
    await released;
    await route.continue();
  });
  await page.keyboard.press('Alt+N');
  await page.getByRole('combobox', { name: /Cơ quan ban hành/ }).fill('Công an huyện Kim Bảng');
  await page.getByLabel('Trích yếu nội dung').fill('Về việc bảo đảm an ninh trật tự dịp Tết');
  const pdfPath = testInfo.outputPath('ban-quet.pdf');
  fs.writeFileSync(pdfPath, await vietnamesePdf(['Bản quét công văn']));
  await page.locator('input[type=file]').setInputFiles(pdfPath);
  await expect.poll(() => uploading).toBe(true);
  await expect(page.getByText('đang tải lên…')).toBeVisible();
  await page.keyboard.press('Control+Enter');
  release();
  await expect(page.getByRole('heading', { name: 'Văn bản đến số 1' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Tệp (1)' })).toBeVisible();
  await expect(page.getByText('ban-quet.pdf').first()).toBeVisible();
});
