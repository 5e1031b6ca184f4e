// The office's whole paper-free cycle on screen, four people in four tabs (issue 9): the văn thư registers an incoming
// document and presents it, the lãnh đạo directs it to the Văn phòng, its head hands it to a chuyên viên, who drafts
// the reply; the head passes the draft on, the leader approves it, the văn thư numbers and issues it as 01/UBND-VP;
// the chuyên viên completes the task with that reply, and the incoming document ends "Đã xử lý", linked both ways.
import { expect, test } from './fixtures';
import { logIn } from './helpers';
import { outgoingOffice, signedIn, vietnamesePdf } from './outgoing-helpers';
import { pick } from './workflow-helpers';

const UNIT = 'Văn phòng HĐND và UBND';
const SUBJECT = 'Về việc báo cáo tình hình giải ngân vốn đầu tư công năm 2026';

test('register → present → direct → hand down → draft reply → review → approve → issue 01/UBND-VP → incoming done and linked', async ({
  page,
  server,
  shot,
  browser,
}, testInfo) => {
  // Four people change their password at the product's real scrypt cost and sign in: longer than one clerk's test.
  test.setTimeout(300_000);
  const url = server.url;
  const o = await outgoingOffice(url, true);

  // Văn thư: registers the incoming document and presents it to the leader.
  await logIn(page, url, o.clerk.username, o.clerk.password);
  await page.getByRole('button', { name: '+ Vào sổ văn bản đến' }).click();
  await page.getByRole('combobox', { name: /Cơ quan ban hành/ }).fill('Ủy ban nhân dân huyện Kim Bảng');
  await page.getByLabel('Số', { exact: true }).fill('315');
  await page.getByLabel('Ký hiệu').fill('UBND-TCKH');
  await page.getByLabel('Trích yếu nội dung').fill(SUBJECT);
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('heading', { name: 'Văn bản đến số 1' })).toBeVisible();
  const incomingUrl = page.url();
  await page.getByRole('button', { name: 'Trình lãnh đạo' }).click();
  const present = page.getByRole('dialog', { name: 'Trình lãnh đạo' });
  await present.getByLabel('Lãnh đạo').selectOption(String(o.leader.id));
  await present.getByRole('button', { name: 'Trình', exact: true }).click();
  await expect(present).toHaveCount(0);
  await expect(page.locator('table.tasks')).toContainText('Nguyễn Văn Chủ');

  // Lãnh đạo: bút phê, Văn phòng chủ trì within 5 working days.
  const leader = await signedIn(browser, url, o.leader.username);
  await leader.page.goto(incomingUrl);
  await leader.page.getByRole('button', { name: 'Bút phê' }).click();
  const direct = leader.page.getByRole('dialog', { name: 'Bút phê, giao xử lý' });
  await direct.getByLabel('Nội dung bút phê').fill('Giao Văn phòng chủ trì dự thảo báo cáo, trình ký trước hạn.');
  await pick(direct.getByLabel('Đơn vị, cá nhân chủ trì'), UNIT);
  await direct.getByText('Số ngày làm việc').first().click();
  await direct.getByLabel('Hạn xử lý (ngày làm việc)').fill('5');
  await direct.getByRole('button', { name: 'Gửi bút phê' }).click();
  await expect(direct).toHaveCount(0);
  await expect(leader.page.getByLabel('Dấu đến điện tử')).toContainText(UNIT);

  // Chánh Văn phòng: hands it down to Lê Văn Soạn.
  const head = await signedIn(browser, url, 'phamthihuong');
  await head.page.goto(incomingUrl);
  await head.page.getByRole('button', { name: 'Giao xử lý', exact: true }).click();
  const hand = head.page.getByRole('dialog', { name: `Giao xử lý trong ${UNIT}` });
  await hand.getByLabel('Ý kiến giao việc').fill('Đồng chí Soạn dự thảo văn bản trả lời.');
  await pick(hand.getByLabel('Đơn vị, cá nhân chủ trì'), 'Lê Văn Soạn');
  await hand.getByRole('button', { name: 'Giao xử lý', exact: true }).click();
  await expect(hand).toHaveCount(0);

  // Chuyên viên: drafts the reply from the incoming document and submits it.
  const staff = await signedIn(browser, url, 'levanson');
  const sp = staff.page;
  await sp.goto(incomingUrl);
  await sp.getByRole('button', { name: 'Soạn văn bản trả lời' }).click();
  await expect(sp.getByRole('heading', { name: 'Soạn văn bản trả lời' })).toBeVisible();
  await expect(sp.getByText(SUBJECT).first()).toBeVisible();
  await sp.getByLabel('Trích yếu nội dung').fill('Về việc báo cáo tình hình giải ngân vốn đầu tư công năm 2026 của xã');
  await sp.getByLabel('Người ký', { exact: true }).selectOption(String(o.leader.id));
  await sp.getByLabel('Quyền hạn ký').selectOption('TM.');
  const pdf = testInfo.outputPath('bao-cao-giai-ngan.pdf');
  await vietnamesePdf(pdf, ['Kính gửi: Ủy ban nhân dân huyện Kim Bảng', 'Báo cáo tình hình giải ngân vốn đầu tư công']);
  await sp.locator('input[type=file]').setInputFiles(pdf);
  await expect(sp.getByLabel('Vai trò của tệp bao-cao-giai-ngan.pdf')).toHaveValue('main');
  await sp
    .getByRole('button', { name: /Lưu dự thảo/ })
    .first()
    .click();
  await expect(sp.getByRole('heading', { name: 'Dự thảo văn bản đi' })).toBeVisible();
  const outgoingUrl = sp.url();
  await sp.getByRole('toolbar', { name: 'Thao tác' }).getByRole('button', { name: 'Trình duyệt' }).click();
  await sp.getByRole('dialog').getByRole('button', { name: 'Trình duyệt' }).click();
  await expect(sp.locator('.out-head .badge', { hasText: 'Đang trình duyệt' })).toBeVisible();
  await shot(sp, '80-chu-trinh-du-thao-tra-loi');

  // The head passes the draft on to the leader; the leader approves it.
  await head.page.goto(outgoingUrl);
  await head.page.getByRole('toolbar', { name: 'Thao tác' }).getByRole('button', { name: 'Duyệt, chuyển lãnh đạo…' }).click();
  const forward = head.page.getByRole('dialog', { name: 'Chuyển tiếp dự thảo' });
  await forward.getByLabel('Chuyển cho').selectOption(String(o.leader.id));
  await forward.getByRole('button', { name: 'Chuyển tiếp' }).click();
  await expect(head.page.locator('.out-review')).toContainText('Đã chuyển tiếp');
  await leader.page.goto(outgoingUrl);
  await leader.page.getByRole('toolbar', { name: 'Thao tác' }).getByRole('button', { name: 'Duyệt', exact: true }).click();
  await leader.page.getByRole('dialog').getByRole('button', { name: 'Duyệt', exact: true }).click();
  await expect(leader.page.locator('.out-head .badge', { hasText: 'Đã duyệt, chờ ban hành' })).toBeVisible();

  // Văn thư: the approved draft waits in Việc cần xử lý; she numbers and issues it.
  await page
    .getByRole('navigation', { name: 'Điều hướng chính' })
    .getByRole('link', { name: /Việc cần xử lý/ })
    .click();
  await page.getByRole('row', { name: /giải ngân vốn đầu tư công năm 2026 của xã/ }).click();
  await page.getByRole('toolbar', { name: 'Thao tác' }).getByRole('button', { name: 'Cấp số và ban hành' }).click();
  await page.getByRole('dialog', { name: 'Cấp số và ban hành' }).getByRole('button', { name: 'Cấp số, ban hành' }).click();
  await expect(page.getByLabel('Số, ký hiệu văn bản')).toContainText('Số: 01/UBND-VP');
  // The draft's whole history is on the issued document.
  const history = page.getByRole('list', { name: 'Quá trình xử lý' });
  for (const step of ['Tạo dự thảo', 'Trình duyệt dự thảo', 'Duyệt dự thảo', 'Chuyển ban hành', 'Ban hành']) await expect(history).toContainText(step);
  await expect(history).toContainText('Chuyển cho: Nguyễn Văn Chủ');
  await shot(page, '81-chu-trinh-ban-hanh');

  // Chuyên viên: completes the task with the issued reply; the incoming document is done and shows its reply.
  await sp.goto(incomingUrl);
  await sp.getByRole('button', { name: 'Hoàn thành: Lê Văn Soạn' }).click();
  const complete = sp.getByRole('dialog', { name: 'Hoàn thành xử lý' });
  await complete.getByLabel('Văn bản trả lời').selectOption({ label: `01/UBND-VP — Về việc báo cáo tình hình giải ngân vốn đầu tư công năm 2026 của xã` });
  await complete.getByRole('button', { name: 'Hoàn thành', exact: true }).click();
  await expect(complete).toHaveCount(0);
  for (const p of [sp, page]) {
    await p.goto(incomingUrl);
    await expect(p.locator('.page-head')).toContainText('Đã xử lý');
    await expect(p.getByRole('link', { name: '01/UBND-VP' })).toBeVisible();
    await expect(p.locator('.wf-timeline')).toContainText('Văn bản trả lời');
  }
  await shot(page, '82-chu-trinh-van-ban-den-da-xu-ly');
  // And the reply points back to what it answers.
  await page.getByRole('link', { name: '01/UBND-VP' }).click();
  await expect(page.getByRole('link', { name: /315\/UBND-TCKH/ })).toBeVisible();
  for (const p of [leader, head, staff]) expect(p.problems).toEqual([]);
});
