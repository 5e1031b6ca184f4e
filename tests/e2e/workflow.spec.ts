// Routing of an incoming document on screen, with four people in four browsers: the văn thư registers and presents
// it with the routing suggestion in view, the lãnh đạo directs it to a unit in N working days, the trưởng phòng hands
// it to a chuyên viên, who reports progress with a file and completes it; the document ends "Đã xử lý" with every
// step in its timeline. A second test plays the leader's part on a 360×740 phone screen.
import fs from 'node:fs';
import type { Browser, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { api, logIn } from './helpers';
import { handledEarlier, ISSUER, PASSWORD, pick, register, routingOffice, UNIT, vietnamesePdf } from './workflow-helpers';

async function signedIn(browser: Browser, url: string, username: string): Promise<Page> {
  const p = await browser.newPage();
  await logIn(p, url, username, PASSWORD);
  return p;
}

const nav = (p: Page) => p.getByRole('navigation', { name: 'Điều hướng chính' });

test('present with the suggestion, direct, hand down, progress with a file, complete: the document is done', async ({ page, server, shot, browser }, testInfo) => {
  // Four people sign in (each a real password hash): longer than the default limit on a busy machine.
  test.setTimeout(240_000);
  const url = server.url;
  const o = await routingOffice(url);
  await handledEarlier(url, o, 'Về việc tổ chức lễ hội văn hóa truyền thống đầu xuân', '15', 10);

  // Văn thư: registers the new document and presents it; the suggestion card shows the earlier one it is based on.
  await logIn(page, url, o.clerk.username, o.clerk.password);
  await page.getByRole('button', { name: '+ Vào sổ văn bản đến' }).click();
  await page.getByRole('combobox', { name: /Cơ quan ban hành/ }).fill(ISSUER);
  await page.getByLabel('Số', { exact: true }).fill('27');
  await page.getByLabel('Ký hiệu').fill('SVHTTDL-QLVH');
  await page.getByLabel('Trích yếu nội dung').fill('Về việc kiểm tra công tác quản lý lễ hội văn hóa truyền thống');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('heading', { name: 'Văn bản đến số 2' })).toBeVisible();
  await expect(page.getByText('Chưa trình, chưa giao xử lý.')).toBeVisible();
  await page.getByRole('button', { name: 'Trình lãnh đạo' }).click();
  const present = page.getByRole('dialog', { name: 'Trình lãnh đạo' });
  const card = present.getByLabel('Gợi ý phân công');
  await expect(card).toContainText(UNIT);
  await expect(card).toContainText('Nguyễn Văn Lãnh');
  // The deadline the earlier one was given, counted back in working days (9 or 10 depending on the weekday the
  // directive fell on: the core counts from the directive's day).
  await expect(card).toContainText(/\d+ ngày làm việc/);
  await expect(card).toContainText('tổ chức lễ hội văn hóa truyền thống đầu xuân');
  await expect(card).toContainText('15/SVHTTDL-QLVH');
  // Nothing is applied until the clerk says so.
  await expect(present.getByLabel('Ý kiến đề xuất của văn thư')).toHaveValue('');
  await shot(page, '60-trinh-goi-y');
  await card.getByRole('button', { name: 'Dùng gợi ý' }).click();
  await expect(present.getByLabel('Lãnh đạo')).toHaveValue(String(o.leader.id));
  await expect(present.getByLabel('Ý kiến đề xuất của văn thư')).toHaveValue(/Phòng Văn hóa - Xã hội chủ trì, thời hạn \d+ ngày làm việc/);
  await present.getByRole('button', { name: 'Trình', exact: true }).click();
  await expect(present).toHaveCount(0);
  const tasks = page.locator('table.tasks');
  await expect(tasks).toContainText('Nguyễn Văn Lãnh');
  await expect(tasks).toContainText('Trình');
  await expect(page.locator('.wf-timeline')).toContainText('Trình lãnh đạo');

  // Lãnh đạo: the count in the navigation, the inbox row, the directive; a deadline in the past is refused beside its field.
  const leader = await signedIn(browser, url, 'lanhdao');
  await expect(nav(leader).getByRole('link', { name: /Việc cần xử lý/ })).toContainText('1');
  // His bell has the presentation; reading it marks it read.
  await leader.getByRole('button', { name: /^Thông báo: \d+ chưa đọc$/ }).click();
  const bell = leader.getByRole('dialog', { name: 'Thông báo' });
  await expect(bell.getByRole('button', { name: /Trình: Về việc kiểm tra công tác quản lý lễ hội/ })).toBeVisible();
  await shot(leader, '61a-thong-bao');
  await bell.getByRole('button', { name: 'Đánh dấu đã đọc hết' }).click();
  await expect(leader.getByRole('button', { name: 'Thông báo', exact: true })).toBeVisible();
  await leader.keyboard.press('Escape');
  await nav(leader)
    .getByRole('link', { name: /Việc cần xử lý/ })
    .click();
  const row = leader.getByRole('row', { name: /kiểm tra công tác quản lý lễ hội/ });
  await expect(row).toHaveClass(/unread/);
  await expect(row).toContainText('27/SVHTTDL-QLVH');
  await expect(row).toContainText('Trần Thị Thư');
  await shot(leader, '61-viec-can-xu-ly-lanh-dao');
  await row.focus();
  await leader.keyboard.press('Enter');
  await expect(leader.getByRole('heading', { name: 'Văn bản đến số 2' })).toBeVisible();
  await leader.getByRole('button', { name: 'Bút phê' }).click();
  const direct = leader.getByRole('dialog', { name: 'Bút phê, giao xử lý' });
  await direct.getByLabel('Nội dung bút phê').fill('Giao Phòng VH-XH chủ trì kiểm tra, báo cáo kết quả.');
  await pick(direct.getByLabel('Đơn vị, cá nhân chủ trì'), UNIT);
  await direct.getByText('Đến ngày').first().click();
  await direct.getByLabel('Hạn xử lý', { exact: true }).fill('02/01/2020');
  await direct.getByLabel('Hạn xử lý', { exact: true }).press('Tab');
  await direct.getByRole('button', { name: 'Gửi bút phê' }).click();
  await expect(direct.getByRole('alert').filter({ hasText: 'không được trước ngày giao' })).toBeVisible();
  await shot(leader, '62-but-phe-loi-han');
  await direct.getByText('Số ngày làm việc').first().click();
  await direct.getByLabel('Hạn xử lý (ngày làm việc)').fill('5');
  await direct.getByRole('button', { name: 'Gửi bút phê' }).click();
  await expect(direct).toHaveCount(0);
  await expect(leader.locator('blockquote.direction')).toContainText('báo cáo kết quả');
  await expect(leader.locator('table.tasks')).toContainText(UNIT);
  await expect(leader.locator('table.tasks')).toContainText('Chủ trì');
  await expect(leader.getByLabel('Dấu đến điện tử')).toContainText(UNIT);
  await shot(leader, '63-sau-but-phe');

  // Trưởng phòng: hands the unit's task down to her chuyên viên.
  const head = await signedIn(browser, url, 'truongphong');
  await nav(head)
    .getByRole('link', { name: /Việc cần xử lý/ })
    .click();
  await head.getByRole('row', { name: /kiểm tra công tác quản lý lễ hội/ }).click();
  await expect(head.getByRole('heading', { name: 'Văn bản đến số 2' })).toBeVisible();
  await head.getByRole('button', { name: 'Giao xử lý', exact: true }).click();
  const hand = head.getByRole('dialog', { name: `Giao xử lý trong ${UNIT}` });
  await hand.getByLabel('Ý kiến giao việc').fill('Đồng chí Chuyên kiểm tra, dự thảo báo cáo.');
  await pick(hand.getByLabel('Đơn vị, cá nhân chủ trì'), 'Lê Văn Chuyên');
  // The unit's own deadline is offered as a date; she gives three working days instead.
  await expect(hand.getByLabel('Hạn xử lý', { exact: true })).not.toHaveValue('');
  await hand.getByText('Số ngày làm việc').first().click();
  await hand.getByLabel('Hạn xử lý (ngày làm việc)').fill('3');
  await shot(head, '64-giao-xu-ly');
  await hand.getByRole('button', { name: 'Giao xử lý', exact: true }).click();
  await expect(hand).toHaveCount(0);
  await expect(head.locator('table.tasks')).toContainText('Lê Văn Chuyên');

  // Chuyên viên: progress note with a file, then completes with a result.
  const staff = await signedIn(browser, url, 'chuyenvien');
  await nav(staff)
    .getByRole('link', { name: /Việc cần xử lý/ })
    .click();
  await staff.getByRole('row', { name: /kiểm tra công tác quản lý lễ hội/ }).click();
  await staff.getByRole('button', { name: 'Ý kiến, tiến độ' }).click();
  const note = staff.getByRole('dialog', { name: 'Ý kiến, tiến độ xử lý' });
  await expect(note.getByLabel('Loại')).toHaveValue('progress');
  await note.getByLabel('Nội dung').fill('Đã kiểm tra 3 di tích, đang tổng hợp báo cáo.');
  const pdfPath = testInfo.outputPath('bien-ban-kiem-tra.pdf');
  fs.writeFileSync(pdfPath, await vietnamesePdf(['Biên bản kiểm tra lễ hội', 'Đình làng Đồng Hóa']));
  await note.locator('input[type=file]').setInputFiles(pdfPath);
  await expect(note.getByText('bien-ban-kiem-tra.pdf')).toBeVisible();
  await note.getByRole('button', { name: 'Ghi', exact: true }).click();
  await expect(note).toHaveCount(0);
  await expect(staff.locator('.wf-timeline')).toContainText('Đã kiểm tra 3 di tích');
  await expect(staff.locator('.wf-timeline').getByRole('button', { name: 'Tải tệp bien-ban-kiem-tra.pdf' })).toBeVisible();
  await staff.getByRole('button', { name: 'Hoàn thành: Lê Văn Chuyên' }).click();
  const complete = staff.getByRole('dialog', { name: 'Hoàn thành xử lý' });
  await complete.getByLabel('Kết quả xử lý').fill('Đã kiểm tra, gửi báo cáo số 12/BC-VHXH.');
  await complete.getByRole('button', { name: 'Hoàn thành', exact: true }).click();
  await expect(complete).toHaveCount(0);

  // The document is done, and its timeline holds every step (the clerk's screen refreshes by itself).
  for (const p of [staff, page]) {
    await expect(p.locator('.page-head')).toContainText('Đã xử lý');
    const timeline = p.locator('.wf-timeline');
    for (const step of ['Trình lãnh đạo', 'Bút phê, chỉ đạo', 'Giao xử lý', 'Tiến độ', 'Hoàn thành']) await expect(timeline).toContainText(step);
    await expect(timeline).toContainText('Đã kiểm tra, gửi báo cáo số 12/BC-VHXH.');
  }
  await shot(page, '65-da-xu-ly-timeline');

  // The two prints of standards §3.4: the document's Phiếu giải quyết and the register's Sổ theo dõi giải quyết.
  const slip = page.waitForEvent('download');
  await page.getByRole('button', { name: 'In phiếu giải quyết' }).click();
  const slipFile = await slip;
  expect(
    fs
      .readFileSync(await slipFile.path())
      .subarray(0, 5)
      .toString(),
  ).toBe('%PDF-');
  await nav(page).getByRole('link', { name: 'Văn bản đến' }).click();
  await page.getByRole('button', { name: 'Sổ theo dõi giải quyết' }).click();
  const book = page.waitForEvent('download');
  await page.getByRole('dialog', { name: 'In sổ theo dõi giải quyết văn bản đến' }).getByRole('button', { name: 'Tạo tệp PDF' }).click();
  const bookFile = await book;
  expect(
    fs
      .readFileSync(await bookFile.path())
      .subarray(0, 5)
      .toString(),
  ).toBe('%PDF-');

  // The leader follows what he directed: the task is done.
  await leader.goto(`${url}/#/viec-can-xu-ly/theo-doi`);
  await leader.getByLabel('Tình trạng').selectOption('done');
  await expect(leader.locator('table.inbox')).toContainText('kiểm tra công tác quản lý lễ hội');
  await shot(leader, '66-theo-doi');
  for (const p of [leader, head, staff]) await p.close();
});

test('a leader on a phone: inbox, the document with its PDF, and the directive form at 360×740', async ({ page, server, shot }) => {
  const url = server.url;
  const o = await routingOffice(url);
  const pdf = await vietnamesePdf(['Kính gửi: Ủy ban nhân dân xã Đồng Hóa', 'Về việc chuẩn bị lễ hội đình làng năm nay']);
  const id = await register(url, o, { subject: 'Về việc chuẩn bị lễ hội đình làng và bảo đảm an ninh trật tự', codeNumber: '31', codeNotation: 'SVHTTDL-QLVH', urgency: 2, pdf });
  await api(url, 'workflow.present', { documentId: id, leaderId: o.leader.id, note: 'Kính trình đồng chí Chủ tịch.' }, o.clerkToken);

  await page.setViewportSize({ width: 360, height: 740 });
  await logIn(page, url, 'lanhdao', PASSWORD);
  const noSideScroll = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

  // The leader starts on Tổng quan; the register fits the screen as cards too.
  await expect(page.getByRole('heading', { name: 'Tổng quan', level: 1 })).toBeVisible();
  await page.goto(`${url}/#/van-ban-den`);
  await expect(page.getByRole('heading', { name: 'Sổ văn bản đến' })).toBeVisible();
  await expect(page.getByRole('row', { name: /chuẩn bị lễ hội đình làng/ }).first()).toBeVisible();
  await noSideScroll();
  await shot(page, '69-dien-thoai-so-den');
  // The navigation hides behind the menu button; the inbox is cards.
  await page.getByRole('button', { name: 'Mở danh mục' }).click();
  await expect(nav(page)).toBeInViewport();
  await shot(page, '70-dien-thoai-danh-muc');
  await nav(page)
    .getByRole('link', { name: /Việc cần xử lý/ })
    .click();
  await expect(nav(page)).not.toBeInViewport();
  const row = page.getByRole('row', { name: /chuẩn bị lễ hội đình làng/ });
  await expect(row).toContainText('Thượng khẩn');
  await noSideScroll();
  await shot(page, '71-dien-thoai-viec-can-xu-ly');

  await row.click();
  await expect(page.getByRole('heading', { name: 'Văn bản đến số 1' })).toBeVisible();
  await expect(page.getByLabel('Trang 1')).toBeVisible();
  await noSideScroll();
  await shot(page, '72-dien-thoai-van-ban');

  await page.getByRole('button', { name: 'Bút phê' }).click();
  const direct = page.getByRole('dialog', { name: 'Bút phê, giao xử lý' });
  const box = await direct.boundingBox();
  expect(box?.width).toBeGreaterThanOrEqual(359);
  await direct.getByLabel('Nội dung bút phê').fill('Giao Phòng VH-XH chủ trì, phối hợp Công an xã.');
  await pick(direct.getByLabel('Đơn vị, cá nhân chủ trì'), UNIT);
  await direct.getByLabel('Hạn xử lý (ngày làm việc)').fill('4');
  await direct.getByRole('button', { name: '+ Thêm phối hợp' }).click();
  await pick(direct.getByLabel('Phối hợp 1', { exact: true }), 'Lê Văn Chuyên');
  await direct.getByLabel('Hạn phối hợp 1 (ngày làm việc)').fill('3');
  await noSideScroll();
  await shot(page, '73-dien-thoai-but-phe');
  await direct.getByRole('button', { name: 'Gửi bút phê' }).click();
  await expect(direct).toHaveCount(0);
  await expect(page.locator('table.tasks')).toContainText(UNIT);
  await expect(page.locator('table.tasks')).toContainText('Phối hợp');
  await noSideScroll();
  await shot(page, '74-dien-thoai-sau-but-phe');
});
