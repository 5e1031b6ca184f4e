// Văn bản đi in Chromium, as the office plays it: a staff member drafts a công văn with its PDF and submits it, the
// head of the unit passes it on, the leader approves it on a phone-size screen (360×740), the văn thư numbers and
// issues it as 01/UBND-VP. And a returned draft edited into version 2: approving version 1 is refused (API and screen).
import fs from 'node:fs';
import { expect, test } from './fixtures';
import { api, logIn } from './helpers';
import { apiWire, darkPixels, outgoingOffice, PASSWORD, signedIn, vietnamesePdf } from './outgoing-helpers';

test('a công văn is drafted, passed on by the unit head, approved on a phone and issued as 01/UBND-VP', async ({ page, server, shot, browser }, testInfo) => {
  // Four people each change their password (scrypt at the product's real cost) and sign in: longer than one clerk's test.
  test.setTimeout(240_000);
  const o = await outgoingOffice(server.url, true);

  // The staff member drafts.
  await logIn(page, server.url, 'levanson', PASSWORD);
  await page.goto(`${server.url}/#/van-ban-di`);
  await expect(page.getByRole('heading', { name: 'Văn bản đi', exact: true })).toBeVisible();
  await page.getByRole('button', { name: /Soạn văn bản mới/ }).click();
  await expect(page.getByRole('heading', { name: 'Soạn văn bản đi' })).toBeVisible();
  await expect(page.getByLabel('Loại văn bản').locator('option:checked')).toHaveText('Công văn');
  await expect(page.getByLabel('Đơn vị soạn thảo').locator('option:checked')).toHaveText('Văn phòng HĐND và UBND (VP)');
  await page.getByLabel('Trích yếu nội dung').fill('Về việc báo cáo kết quả thu ngân sách xã năm 2026');
  await page.getByLabel('Người ký', { exact: true }).selectOption(String(o.leader.id));
  await expect(page.getByLabel('Chức vụ người ký')).toHaveValue('Chủ tịch UBND xã');
  await page.getByLabel('Quyền hạn ký').selectOption('TM.');
  const line = page.getByLabel('Thêm dòng nơi nhận');
  await line.fill('Ủy ban nhân dân huyện Kim Bảng');
  await line.press('Enter');
  await page.getByLabel('Thêm đơn vị trong cơ quan').selectOption({ label: 'Văn phòng HĐND và UBND' });
  await page.getByRole('button', { name: 'Thêm', exact: true }).first().click();
  const chosen = page.getByRole('list', { name: 'Nơi nhận đã chọn' });
  await expect(chosen).toContainText('Ủy ban nhân dân huyện Kim Bảng');
  await expect(chosen).toContainText('Đơn vị trong cơ quan');
  await chosen.getByRole('listitem').first().getByRole('checkbox', { name: 'Gửi kèm bản giấy' }).check();
  const pdf = testInfo.outputPath('cong-van-du-thao.pdf');
  await vietnamesePdf(pdf, ['Kính gửi: Ủy ban nhân dân huyện Kim Bảng', 'Báo cáo kết quả thu ngân sách xã năm 2026', 'Tổng thu đạt 112% dự toán được giao']);
  await page.locator('input[type=file]').setInputFiles(pdf);
  await expect(page.getByLabel('Vai trò của tệp cong-van-du-thao.pdf')).toHaveValue('main');
  await page.getByLabel('Ghi chú phiên bản').fill('Bản dự thảo đầu tiên');
  await shot(page, '60-soan-van-ban-di');
  await page
    .getByRole('button', { name: /Lưu dự thảo/ })
    .first()
    .click();

  await expect(page.getByRole('heading', { name: 'Dự thảo văn bản đi' })).toBeVisible();
  const id = Number(page.url().match(/van-ban-di\/(\d+)/)![1]);
  await expect(page.getByLabel('Trang 1')).toBeVisible();
  await page.getByRole('toolbar', { name: 'Thao tác' }).getByRole('button', { name: 'Trình duyệt' }).click();
  const submit = page.getByRole('dialog');
  await expect(submit).toContainText('Lãnh đạo phòng → Lãnh đạo cơ quan');
  await submit.getByRole('button', { name: 'Trình duyệt' }).click();
  await expect(page.locator('.out-head .badge', { hasText: 'Đang trình duyệt' })).toBeVisible();
  await expect(page.locator('.out-review')).toContainText('Phạm Thị Hương');
  await shot(page, '61-da-trinh-duyet');

  // The head of VP passes it on to the leader.
  const head = await signedIn(browser, server.url, 'phamthihuong');
  await head.page.goto(`${server.url}/#/van-ban-di/${id}`);
  await head.page.getByRole('toolbar', { name: 'Thao tác' }).getByRole('button', { name: 'Duyệt, chuyển lãnh đạo…' }).click();
  const forward = head.page.getByRole('dialog', { name: 'Chuyển tiếp dự thảo' });
  await forward.getByLabel('Chuyển cho').selectOption(String(o.leader.id));
  await forward.getByLabel('Ý kiến').fill('Đã kiểm tra số liệu, kính trình Chủ tịch.');
  await forward.getByRole('button', { name: 'Chuyển tiếp' }).click();
  await expect(head.page.locator('.out-review')).toContainText('Đã chuyển tiếp');
  await expect(head.page.getByRole('toolbar', { name: 'Thao tác' }).getByRole('button', { name: /Duyệt/ })).toHaveCount(0);

  // The leader approves on a phone: PDF shown, actions full width, nothing sideways.
  const leader = await signedIn(browser, server.url, 'nguyenvanchu', { width: 360, height: 740 });
  const lp = leader.page;
  await lp.goto(`${server.url}/#/van-ban-di/${id}`);
  await expect(lp.getByLabel('Trang 1')).toBeVisible();
  await expect.poll(() => darkPixels(lp)).toBeGreaterThan(200);
  const approve = lp.getByRole('toolbar', { name: 'Thao tác' }).getByRole('button', { name: 'Duyệt', exact: true });
  await expect(approve).toBeVisible();
  expect((await approve.boundingBox())!.width).toBeGreaterThan(300);
  await expect(lp.getByRole('toolbar', { name: 'Thao tác' }).getByRole('button', { name: 'Trả lại' })).toBeVisible();
  expect(await lp.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await shot(lp, '62-lanh-dao-duyet-tren-dien-thoai');
  await approve.click();
  const dialog = lp.getByRole('dialog');
  await expect(dialog).toContainText('phiên bản 1');
  await shot(lp, '63-hop-thoai-duyet-dien-thoai');
  await dialog.getByRole('button', { name: 'Duyệt', exact: true }).click();
  await expect(lp.locator('.out-head .badge', { hasText: 'Đã duyệt, chờ ban hành' })).toBeVisible();
  expect(await lp.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await shot(lp, '64-da-duyet-dien-thoai');

  // The văn thư finds it among those waiting, opens it by keyboard, numbers and issues it.
  const clerk = await signedIn(browser, server.url, o.clerk.username);
  const cp = clerk.page;
  await cp.goto(`${server.url}/#/van-ban-di/cho-ban-hanh`);
  const row = cp.getByRole('row', { name: /báo cáo kết quả thu ngân sách/ });
  await expect(row).toContainText('Đã duyệt, chờ ban hành');
  await row.focus();
  await cp.keyboard.press('Enter');
  await cp.getByRole('toolbar', { name: 'Thao tác' }).getByRole('button', { name: 'Cấp số và ban hành' }).click();
  const issue = cp.getByRole('dialog', { name: 'Cấp số và ban hành' });
  await expect(issue.getByLabel('Sổ văn bản đi').locator('option:checked')).toHaveText(/Tự động/);
  await shot(cp, '65-cap-so-ban-hanh');
  await issue.getByRole('button', { name: 'Cấp số, ban hành' }).click();
  await expect(cp.getByLabel('Số, ký hiệu văn bản')).toContainText('Số: 01/UBND-VP');
  await expect(cp.locator('.toast', { hasText: 'Đã ban hành văn bản số 01/UBND-VP' })).toBeVisible();
  await expect(cp.locator('.out-head .badge', { hasText: 'Chưa ký số' })).toBeVisible();
  await expect(cp.locator('.out-head .badge', { hasText: 'Đã ban hành' })).toBeVisible();
  // Delivery by hand for the paper copy.
  await cp.getByRole('button', { name: 'Ghi nhận đã gửi cho Ủy ban nhân dân huyện Kim Bảng' }).click();
  await expect(cp.getByLabel('Tình trạng gửi cho Ủy ban nhân dân huyện Kim Bảng')).toHaveValue('sent');
  await shot(cp, '66-da-ban-hanh');

  // The outgoing register book of the year, as a PDF download.
  await cp.goto(`${server.url}/#/van-ban-di/da-ban-hanh`);
  await cp.getByRole('button', { name: 'In sổ văn bản đi' }).click();
  const book = cp.getByRole('dialog', { name: 'In sổ đăng ký văn bản đi' });
  await expect(book.getByLabel('Sổ').locator('option:checked')).toContainText('đến số 01');
  await shot(cp, '68-in-so-van-ban-di');
  const [download] = await Promise.all([cp.waitForEvent('download'), book.getByRole('button', { name: 'Tạo tệp PDF' }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.pdf$/);
  const bytes = fs.readFileSync(await download.path());
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  await expect(book).toHaveCount(0);

  // The drafter sees the number too, and the list of issued documents has it.
  await page.goto(`${server.url}/#/van-ban-di/da-ban-hanh`);
  await expect(page.getByRole('row', { name: /01\/UBND-VP/ })).toBeVisible();
  await shot(page, '67-danh-sach-da-ban-hanh');
  for (const p of [head, leader, clerk]) expect(p.problems).toEqual([]);
});

test('a returned draft edited into version 2: approving version 1 is refused, the screen offers the new version', async ({ page, server, shot, browser }) => {
  test.setTimeout(180_000);
  const o = await outgoingOffice(server.url, false);
  const types = await api<Array<{ id: number; name: string }>>(server.url, 'doctypes.list', {}, o.drafter.token);
  const congVan = types.find((t) => t.name === 'Công văn')!;
  const draft = await api<{ id: number }>(
    server.url,
    'outgoing.createDraft',
    {
      docTypeId: congVan.id,
      subject: 'Về việc tổ chức hội nghị tổng kết công tác năm 2026',
      signerUserId: o.leader.id,
      recipients: [{ kind: 'text', name: 'Các thôn trên địa bàn xã' }],
    },
    o.drafter.token,
  );
  // No head in VP: the draft goes straight to the only leader.
  await api(server.url, 'outgoing.submit', { id: draft.id, version: 1 }, o.drafter.token);

  // Two tabs of the leader on version 1; from the first, the draft is returned.
  const stale = await signedIn(browser, server.url, 'nguyenvanchu');
  await stale.page.goto(`${server.url}/#/van-ban-di/${draft.id}`);
  await expect(stale.page.getByRole('toolbar', { name: 'Thao tác' }).getByRole('button', { name: 'Duyệt', exact: true })).toBeVisible();
  const leader = await signedIn(browser, server.url, 'nguyenvanchu');
  const lp = leader.page;
  await lp.goto(`${server.url}/#/van-ban-di/${draft.id}`);
  await lp.getByRole('toolbar', { name: 'Thao tác' }).getByRole('button', { name: 'Trả lại' }).click();
  const ret = lp.getByRole('dialog', { name: 'Trả lại dự thảo' });
  await ret.getByLabel('Ý kiến, lý do trả lại').fill('Bổ sung thời gian, địa điểm và thành phần dự họp.');
  await ret.getByRole('button', { name: 'Trả lại' }).click();
  await expect(lp.locator('.out-head .badge', { hasText: 'Dự thảo' })).toBeVisible();
  await expect(lp.locator('.out-review')).toContainText('Bổ sung thời gian, địa điểm');

  // The drafter edits: version 2, and submits again.
  await logIn(page, server.url, 'levanson', PASSWORD);
  await page.goto(`${server.url}/#/van-ban-di/${draft.id}`);
  await expect(page.locator('.out-review')).toContainText('Trả lại');
  await page.getByRole('toolbar', { name: 'Thao tác' }).getByRole('button', { name: 'Sửa (phiên bản mới)' }).click();
  await expect(page.getByRole('heading', { name: 'Sửa dự thảo (lưu thành phiên bản 2)' })).toBeVisible();
  await expect(page.getByLabel('Trích yếu nội dung')).toHaveValue('Về việc tổ chức hội nghị tổng kết công tác năm 2026');
  await page.getByLabel('Trích yếu nội dung').fill('Về việc tổ chức hội nghị tổng kết công tác năm 2026 và triển khai nhiệm vụ năm 2027');
  await page.getByLabel('Ghi chú phiên bản').fill('Bổ sung thời gian, địa điểm theo ý kiến Chủ tịch');
  await shot(page, '70-sua-du-thao-phien-ban-2');
  await page
    .getByRole('button', { name: /Lưu dự thảo/ })
    .first()
    .click();
  await expect(page.locator('.out-preview-card h2')).toContainText('Phiên bản 2');
  await expect(page.locator('.out-versions')).toContainText('Bổ sung thời gian, địa điểm theo ý kiến Chủ tịch');
  await page.getByRole('toolbar', { name: 'Thao tác' }).getByRole('button', { name: 'Trình duyệt' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Trình duyệt' }).click();
  await expect(page.locator('.out-head .badge', { hasText: 'Đang trình duyệt' })).toBeVisible();

  // Approving version 1 through the API is refused.
  const refused = await apiWire(server.url, 'outgoing.approve', { id: draft.id, version: 1 }, o.leader.token);
  expect(refused.ok).toBe(false);
  expect(refused.error?.code).toBe('stale_version');

  // The tab still showing version 1: the approval is refused on screen, and the new version is one click away.
  const sp = stale.page;
  await sp.getByRole('toolbar', { name: 'Thao tác' }).getByRole('button', { name: 'Duyệt', exact: true }).click();
  await sp.getByRole('dialog').getByRole('button', { name: 'Duyệt', exact: true }).click();
  await expect(sp.getByRole('alert').filter({ hasText: 'Dự thảo đã có phiên bản mới' })).toBeVisible();
  await expect(sp.locator('.out-head .badge', { hasText: 'Đang trình duyệt' })).toBeVisible();
  await shot(sp, '71-phien-ban-cu-bi-tu-choi');
  await sp.getByRole('button', { name: 'Tải phiên bản mới' }).click();
  await expect(sp.locator('.out-preview-card h2')).toContainText('Phiên bản 2');
  await expect(sp.getByRole('heading', { name: /triển khai nhiệm vụ năm 2027/ })).toBeVisible();
  await sp.getByRole('toolbar', { name: 'Thao tác' }).getByRole('button', { name: 'Duyệt', exact: true }).click();
  await sp.getByRole('dialog').getByRole('button', { name: 'Duyệt', exact: true }).click();
  await expect(sp.locator('.out-head .badge', { hasText: 'Đã duyệt, chờ ban hành' })).toBeVisible();
  await expect(sp.locator('.out-review')).toContainText('phiên bản 2');
  await shot(sp, '72-duyet-phien-ban-moi');
  for (const p of [stale, leader]) expect(p.problems).toEqual([]);

  // A reply to an incoming document given to the drafter: it shows what it answers, goes back to its issuer, and links it.
  const inRegs = await api<Array<{ id: number }>>(server.url, 'registers.list', { direction: 'in', year: new Date().getFullYear() }, o.clerk.token);
  const incoming = await api<{ id: number }>(
    server.url,
    'incoming.register',
    {
      registerId: inRegs[0].id,
      issuer: { agencyId: null, code: null, name: 'Phòng Tài chính - Kế hoạch huyện Kim Bảng' },
      subject: 'Về việc báo cáo tình hình thực hiện dự toán 9 tháng',
      codeNumber: '45',
      codeNotation: 'TCKH',
    },
    o.clerk.token,
  );
  await api(server.url, 'documents.share', { id: incoming.id, userIds: [o.drafter.id] }, o.clerk.token);
  await page.goto(`${server.url}/#/van-ban-di/moi?replyTo=${incoming.id}`);
  await expect(page.getByRole('heading', { name: 'Soạn văn bản trả lời' })).toBeVisible();
  await expect(page.locator('.out-reply-to')).toContainText('45/TCKH');
  await expect(page.getByRole('list', { name: 'Nơi nhận đã chọn' })).toContainText('Phòng Tài chính - Kế hoạch huyện Kim Bảng');
  await page.getByLabel('Trích yếu nội dung').fill('Về việc báo cáo tình hình thực hiện dự toán 9 tháng năm 2026');
  await page
    .getByRole('button', { name: /Lưu dự thảo/ })
    .first()
    .click();
  await expect(page.getByRole('link', { name: '45/TCKH' })).toHaveAttribute('href', `#/van-ban-den/${incoming.id}`);
  await shot(page, '73-du-thao-tra-loi');
});

test('the admin sets the review chain, a paper rule and what an outgoing register numbers', async ({ page, server, shot }) => {
  const o = await outgoingOffice(server.url, false);
  const year = Number(new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 4));
  // A second outgoing register beside the office's own, for Quyết định only.
  const qd = await api<{ id: number }>(server.url, 'registers.create', { direction: 'out', year, name: 'Sổ quyết định' }, o.adminToken);
  await logIn(page, server.url, 'quantri', 'VanThu#2026x');

  // The review chain: rename the first step, save, the core keeps it.
  await page.goto(`${server.url}/#/quan-tri/quy-trinh-duyet`);
  await expect(page.getByRole('heading', { name: 'Quy trình duyệt văn bản đi' })).toBeVisible();
  await expect(page.getByLabel('Bước 1', { exact: true })).toHaveValue('unit_head');
  await expect(page.getByLabel('Bước 2', { exact: true })).toHaveValue('leader');
  await page.getByLabel('Tên bước').first().fill('Chánh Văn phòng');
  await page.getByRole('button', { name: 'Lưu quy trình' }).click();
  await expect(page.locator('.toast', { hasText: 'Đã lưu quy trình duyệt.' })).toBeVisible();
  const chain = await api<Array<{ who: string; label: string }>>(server.url, 'outgoing.reviewChain', {}, o.adminToken);
  expect(chain).toEqual([
    { who: 'unit_head', label: 'Chánh Văn phòng' },
    { who: 'leader', label: 'Lãnh đạo cơ quan' },
  ]);

  // A paper rule by recipient name, then removed.
  await page.getByRole('button', { name: '+ Thêm quy tắc' }).click();
  const rule = page.getByRole('dialog', { name: 'Thêm quy tắc gửi bản giấy' });
  await rule.getByLabel('Loại văn bản').selectOption({ label: 'Quyết định' });
  await rule.getByRole('combobox', { name: /Nơi nhận/ }).fill('Tòa án nhân dân');
  await rule.getByLabel('Lý do').fill('Tòa án yêu cầu bản giấy có dấu đỏ');
  await rule.getByRole('button', { name: 'Lưu' }).click();
  const row = page.getByRole('row', { name: /Tòa án yêu cầu bản giấy/ });
  await expect(row).toContainText('Quyết định');
  await expect(row).toContainText('Tòa án nhân dân');
  await shot(page, '75-quy-trinh-duyet');
  await row.getByRole('button', { name: /Xóa quy tắc/ }).click();
  await page.getByRole('dialog', { name: 'Xóa quy tắc gửi bản giấy' }).getByRole('button', { name: 'Xóa' }).click();
  await expect(page.getByText('Chưa có quy tắc')).toBeVisible();

  // The outgoing register numbers Quyết định only.
  await page.goto(`${server.url}/#/quan-tri/so-van-ban`);
  await page.getByRole('button', { name: 'Sửa Sổ quyết định' }).click();
  const reg = page.getByRole('dialog');
  await expect(reg.getByLabel('Loại sổ văn bản đi')).toHaveValue('admin');
  await reg.getByRole('checkbox', { name: 'Quyết định (QĐ)' }).check();
  await shot(page, '76-so-van-ban-di');
  await reg.getByRole('button', { name: 'Lưu' }).click();
  const qdRow = page.getByRole('row', { name: /Sổ quyết định/ });
  await expect(qdRow).toContainText('Văn bản hành chính');
  await expect(qdRow.locator('div.small')).toHaveText('Quyết định');
  const configs = await api<Array<{ registerId: number; kind: string; docTypeIds: number[] }>>(server.url, 'outgoing.registers', { year }, o.adminToken);
  expect(configs.find((c) => c.registerId === qd.id)).toEqual({ registerId: qd.id, kind: 'admin', docTypeIds: [2] });
});
