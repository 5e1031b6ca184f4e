// Getting paper in (issue 12), in Chromium with the real parts: the server drives SANE's `test` scanner (a private
// SANE_CONFIG_DIR, A4 pages) and reads pages with Tesseract. A clerk uploads a generated Vietnamese letter as the first
// page of a batch, adds 3 pages from the scanner's feeder and a blank sheet, works the tray by keyboard only (arrow
// keys, R, S, Del), removes the suggested blank page, creates the document, and registers it from the prefilled form
// (số/ký hiệu, ngày, trích yếu, cơ quan ban hành marked "Gợi ý" and matching the letter), then finds it in the register.
// A jammed scanner shows the core's Vietnamese message.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { api, logIn, officeWithClerk } from './helpers';
import { generateLetters, renderLetterPng } from '../helpers/letters';
import { makeSaneConfig } from '../helpers/sane';

// OCR of the letter and the PDF assembly run in the server while the page waits on texts: give them room.
test.setTimeout(180_000);

const saneRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-e2e-sane-'));
test.afterAll(() => fs.rmSync(saneRoot, { recursive: true, force: true }));

const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const fold = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('vi');

/** The thumbnails of the tray, in order. */
const thumbs = (page: Page): Locator => page.locator('.tray-thumb');

/** The wrapper of a form field (its "Gợi ý" badge lives there). */
const suggestOf = (page: Page, field: Locator): Locator => page.locator('.suggest-field', { has: field });

test.describe('scanner feeding A4 pages (grid test picture)', () => {
  test.use({ serverEnv: makeSaneConfig(path.join(saneRoot, 'ok'), { a4: true, picture: 'Grid' }) });

  test('clerk scans, checks the tray by keyboard, creates the document and registers it prefilled', async ({ page, server, shot }, testInfo) => {
    const o = await officeWithClerk(server.url);
    const letter = generateLetters(1, 20261207)[0];
    const truth = letter.truth;
    const letterPath = testInfo.outputPath('cong-van-den.png');
    fs.writeFileSync(letterPath, await renderLetterPng(letter, { dpi: 200, rotationDeg: 0.4, noise: 1, seed: 7 }));
    const blankPath = testInfo.outputPath('trang-trang.png');
    fs.writeFileSync(
      blankPath,
      await sharp({ create: { width: 1654, height: 2339, channels: 3, background: '#ffffff' } })
        .png()
        .toBuffer(),
    );

    await logIn(page, server.url, o.clerk.username, o.clerk.password);
    await page.getByRole('navigation', { name: 'Danh sách' }).getByRole('link', { name: 'Quét văn bản' }).click();
    await expect(page.getByRole('heading', { name: 'Quét văn bản' })).toBeVisible();
    // The SANE test device is found and chosen; the feeder is the default source.
    await expect(page.getByLabel('Thiết bị')).toHaveValue(/^test:/);
    await page.getByLabel('Nguồn giấy').selectOption('adf');

    // 1. The letter, uploaded: a new batch whose first page it is.
    await page.getByLabel('Chọn tệp để nhập vào khay').setInputFiles(letterPath);
    await expect(page.getByRole('heading', { name: 'cong-van-den.png' })).toBeVisible();
    await expect(thumbs(page)).toHaveCount(1);

    // 2. "Thêm trang": 3 pages from the feeder into the same batch, the count live while it scans.
    await page.getByLabel('Số trang tối đa').fill('3');
    await page.getByRole('button', { name: 'Thêm trang' }).click();
    await expect(thumbs(page)).toHaveCount(4);
    // The scan has ended (the button is free again) before anything else is asked of the batch.
    await expect(page.getByRole('button', { name: /^Quét/ })).toBeEnabled();

    // 3. A blank sheet (the back of a page) added as an image: suggested, not removed.
    await page.getByLabel('Chọn ảnh để thêm vào lô này').setInputFiles(blankPath);
    await expect(thumbs(page)).toHaveCount(5);
    await expect(page.locator('.tray-page.blank')).toHaveCount(1);
    await expect(page.locator('.tray-page.blank')).toContainText('Có thể là trang trắng');
    await expect(page.getByRole('button', { name: 'Xóa 1 trang trắng gợi ý' })).toBeVisible();
    // Every thumbnail really drawn (an image with pixels) before the picture is taken.
    await expect.poll(() => page.locator('.tray-thumb img').evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length)).toBe(5);
    // The tray scrolls inside the page: the blank page and its badge in view for the picture.
    await page.locator('.tray-page.blank').scrollIntoViewIfNeeded();
    await shot(page, 'scan-01-khay-quet');

    // 4. Keyboard only: into the pages, arrows, R, S (split and join), Del.
    await thumbs(page).first().focus();
    await expect(thumbs(page).first()).toBeFocused();
    await page.keyboard.press('ArrowRight');
    await expect(thumbs(page).nth(1)).toBeFocused();
    await expect(thumbs(page).nth(1)).toHaveAccessibleName(/^Trang 2/);
    await page.keyboard.press('r');
    await expect(thumbs(page).nth(1)).toHaveAccessibleName('Trang 2, xoay 90°');
    await page.keyboard.press('r');
    await page.keyboard.press('r');
    await page.keyboard.press('r');
    await expect(thumbs(page).nth(1)).toHaveAccessibleName('Trang 2');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('s');
    await expect(page.locator('.tray-doc-head')).toHaveCount(2);
    await expect(page.locator('.tray-doc-head').nth(1)).toContainText('Văn bản 2 / 2');
    await page.keyboard.press('s');
    await expect(page.locator('.tray-doc-head')).toHaveCount(0);
    // Del removes the focused (third) page; the focus stays in the tray, on the page now in its place.
    await page.keyboard.press('Delete');
    await expect(thumbs(page)).toHaveCount(4);
    await expect(thumbs(page).nth(2)).toBeFocused();
    // What the core kept is what is shown: once it holds the edit, reload the tray and count again.
    const batchId = Number(new URL(page.url()).hash.match(/lo=(\d+)/)?.[1]);
    await expect.poll(async () => (await api<{ pages: unknown[] }>(server.url, 'imports.get', { batchId }, o.clerkToken)).pages.length).toBe(4);
    await page.reload();
    await expect(thumbs(page)).toHaveCount(4);

    // 5. The suggested blank page goes, by the clerk's choice.
    await page.getByRole('button', { name: 'Xóa 1 trang trắng gợi ý' }).click();
    await expect(thumbs(page)).toHaveCount(3);
    await expect(page.locator('.tray-page.blank')).toHaveCount(0);

    // 6. Tạo văn bản (Ctrl+Enter): waits for OCR, makes the PDF, lists it with "Vào sổ".
    await page.keyboard.press('Control+Enter');
    const created = page.getByLabel('Văn bản đã tạo');
    await expect(created).toBeVisible({ timeout: 120_000 });
    await expect(created.locator('tbody tr')).toHaveCount(1);
    await expect(created.locator('tbody tr').first()).toContainText('3');
    await created.getByRole('button', { name: 'Vào sổ' }).click();

    // 7. The prefilled form: the fields read from the letter, each with its "Gợi ý" badge, the PDF attached.
    await expect(page.getByRole('heading', { name: 'Vào sổ văn bản đến' })).toBeVisible();
    const number = page.getByLabel('Số', { exact: true });
    const notation = page.getByLabel('Ký hiệu', { exact: true });
    const date = page.getByLabel('Ngày văn bản', { exact: true });
    const subject = page.getByRole('textbox', { name: /^Trích yếu nội dung/ });
    const issuer = page.getByRole('combobox', { name: /Cơ quan ban hành/ });
    await expect(number).toHaveValue(truth.codeNumber);
    await expect(notation).toHaveValue(truth.codeNotation);
    await expect(date).toHaveValue(dmy(truth.issuedDate));
    await expect.poll(async () => fold(await subject.inputValue())).toBe(fold(truth.subject));
    await expect.poll(async () => fold(await issuer.inputValue())).toBe(fold(truth.issuerName));
    for (const field of [number, notation, date, subject, issuer]) await expect(suggestOf(page, field).locator('.badge.suggest')).toContainText(/Gợi ý \d+%/);
    await expect(page.getByLabel('Số trang', { exact: true })).toHaveValue('3');
    await expect(page.locator('.files')).toContainText('.pdf');
    await page.keyboard.press('Escape');
    await shot(page, 'scan-02-phieu-dien-san');

    // 8. The clerk checks against the paper and confirms (keyboard reachable), then registers.
    const confirm = page.getByRole('button', { name: 'Xác nhận gợi ý' });
    await confirm.focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('.badge.suggest')).toHaveCount(0);
    await subject.focus();
    await page.keyboard.press('Control+Enter');
    await expect(page.getByRole('heading', { name: /^Văn bản đến số 1/ })).toBeVisible();

    // 9. In the register, by its số/ký hiệu.
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Văn bản đến' }).click();
    await expect(page.locator('table.docs')).toContainText(`${truth.codeNumber}/${truth.codeNotation}`);
    const list = await api<{ items: Array<{ codeNumber: string | null; files?: unknown }> }>(
      server.url,
      'documents.list',
      { filters: { direction: 'in' }, limit: 10 },
      o.clerkToken,
    );
    expect(list.items.map((d) => d.codeNumber)).toEqual([truth.codeNumber]);
  });
});

test.describe('a jammed scanner', () => {
  test.use({ serverEnv: makeSaneConfig(path.join(saneRoot, 'jam'), { a4: true, status: 'SANE_STATUS_JAMMED' }) });

  test('the core’s message is shown and the screen stays usable', async ({ page, server }) => {
    const o = await officeWithClerk(server.url);
    await logIn(page, server.url, o.clerk.username, o.clerk.password);
    await page.goto(`${server.url}/#/van-ban-den/quet`);
    await expect(page.getByLabel('Thiết bị')).toHaveValue(/^test:/);
    await page.keyboard.press('Alt+Q');
    await expect(page.locator('.banner.error')).toContainText(/kẹt giấy/i);
    await expect(page.getByRole('button', { name: /^Quét/ })).toBeEnabled();
  });
});
