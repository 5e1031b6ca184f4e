// Liên thông end to end, with the real parts: the provincial hub (PGlite) as its own process and two VănThư servers
// (two communes). Office A's admin configures the connection on screen and tests it; A's clerk issues a công văn to
// B; B's clerk sees it in Chờ vào sổ with "Liên thông từ …", opens it and registers it; A's clerk sees "Đã tiếp
// nhận" in the recipient's hub trail; the health screen says online with nothing waiting. Then the hub is killed:
// the chip turns "ngoại tuyến" and an issued document waits; the hub comes back and the outbox drains.
// A second story: B refuses one document with a reason, reports another completed, and refuses A's recall of it
// (a reason is required); A's trail shows each answer.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { startHub, type TestHub } from '../helpers/hub';
import { expect, startServer, stopServer, test as base, type Server } from './fixtures';
import { api, logIn, officeWithClerk } from './helpers';
import { outgoingOffice, PASSWORD, signedIn, approvedCongVan } from './outgoing-helpers';
import { vietnamesePdf } from './workflow-helpers';

const A = { code: '000.00.12.H35', name: 'Ủy ban nhân dân xã Đồng Hóa' };
const B = { code: '000.00.13.H35', name: 'Ủy ban nhân dân xã Nhật Tân' };
const SUBJECT = 'Về việc phối hợp tổ chức Ngày hội Đại đoàn kết toàn dân tộc năm 2026';
const SUBJECT_OFFLINE = 'Về việc chuẩn bị phương án phòng, chống rét cho gia súc, gia cầm';

const test = base.extend<{ hub: TestHub; officeB: Server }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from an object pattern, even an empty one
  hub: async ({}, use) => {
    const hub = await startHub({ db: 'pglite' });
    await use(hub);
    await hub.stop();
  },
  // eslint-disable-next-line no-empty-pattern -- as above
  officeB: async ({}, use) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-e2e-b-'));
    const server = await startServer(dataDir, {});
    await use(server);
    await stopServer(server);
  },
});

const chip = (page: Page) => page.locator('header.topbar .sync-chip');

/**
 * The registration form of a hub document is filled from the document and the registers as they load: like a clerk
 * who reads it before pressing Ctrl+Enter, wait until the register and the issuing body are there.
 */
async function formReady(page: Page) {
  await expect(page.getByLabel('Sổ văn bản đến')).toHaveValue(/^[1-9]\d*$/);
  await expect(page.getByRole('combobox', { name: /Cơ quan ban hành/ })).toHaveValue(/Đồng Hóa/);
}

/** A công văn drafted in A with its PDF, addressed to B through the directory, approved by the leader (API). */
async function approvedDraft(url: string, o: Awaited<ReturnType<typeof outgoingOffice>>, agencyId: number, subject: string): Promise<number> {
  const pdf = await vietnamesePdf([`Kính gửi: ${B.name}`, subject, 'Đề nghị Ủy ban nhân dân xã phối hợp thực hiện.']);
  return approvedCongVan(url, o, { subject, pdf, fileName: 'Công văn.pdf', recipients: [{ kind: 'agency', agencyId, name: B.name }], noPaper: true });
}

test('two communes through the hub: configure and test, issue, arrive in Chờ vào sổ, register, Đã tiếp nhận back; offline and drained', async ({
  page,
  server,
  officeB,
  hub,
  shot,
  browser,
}) => {
  test.setTimeout(300_000);
  const urlA = server.url;
  const urlB = officeB.url;
  const a = await outgoingOffice(urlA, false);
  const b = await officeWithClerk(urlB, B);
  const credA = await hub.addOffice(A.code, A.name);
  const credB = await hub.addOffice(B.code, B.name);
  // B is configured through the API (the screen is exercised on A); both poll every 5 s, the shortest allowed.
  await api(urlB, 'sync.saveSettings', { enabled: true, hubUrl: hub.url, officeCode: B.code, secret: credB.secret, caFile: null, intervalSec: 5 }, b.adminToken);
  const agencyB = await api<{ id: number }>(urlA, 'agencies.save', { code: B.code, name: B.name, parentCode: null, active: true }, a.adminToken);

  // ---- A's admin: Liên thông, not configured yet → the settings, Kiểm tra kết nối --------------------------------
  await logIn(page, urlA, 'quantri', 'VanThu#2026x');
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Liên thông' }).click();
  await expect(page.getByRole('heading', { name: 'Liên thông', level: 1 })).toBeVisible();
  await expect(page.getByText('Chưa cấu hình kết nối trục liên thông.')).toBeVisible();
  // Not configured: no chip in the header (the status is known by now: the banner above comes from it).
  await expect(chip(page)).toHaveCount(0);
  const form = page.getByRole('form', { name: 'Cấu hình kết nối trục liên thông' });
  // A wrong office code is refused on its field, in Vietnamese.
  await form.getByLabel('Bật liên thông', { exact: false }).check();
  await form.getByLabel('Địa chỉ trục liên thông').fill(hub.url);
  await form.getByLabel('Mã định danh của cơ quan').fill('000 00 12');
  await form.getByLabel('Mật khẩu kết nối').fill(credA.secret);
  await form.getByLabel('Chu kỳ đồng bộ (giây)').fill('5');
  await form.getByRole('button', { name: 'Lưu cấu hình liên thông' }).click();
  await expect(form.getByText('Mã định danh chỉ gồm chữ, số và dấu chấm giữa các nhóm.')).toBeVisible();
  await expect(form.getByLabel('Mã định danh của cơ quan')).toHaveAttribute('aria-invalid', 'true');
  await shot(page, 'sync-01-cau-hinh-loi');
  await form.getByLabel('Mã định danh của cơ quan').fill(A.code);
  // Enter in a field submits the form.
  await form.getByLabel('Mã định danh của cơ quan').press('Enter');
  await expect(page.locator('.toast', { hasText: 'Đã lưu cấu hình kết nối trục liên thông.' })).toBeVisible();
  // The secret is write-only: after saving, only "đã lưu" and "Thay đổi".
  await expect(form.getByText('đã lưu', { exact: true })).toBeVisible();
  await expect(form.getByRole('button', { name: 'Thay đổi' })).toBeVisible();
  await expect(form.locator('input[type=password]')).toHaveCount(0);
  expect(await page.content()).not.toContain(credA.secret);
  await form.getByRole('button', { name: 'Kiểm tra kết nối' }).click();
  const result = form.getByLabel('Kết quả kiểm tra kết nối');
  await expect(result).toContainText('Kết nối được tới trục.');
  await expect(result).toContainText(A.name);
  // Configured: the chip appears and links here.
  await expect(chip(page)).toContainText('Liên thông:');
  await shot(page, 'sync-02-cau-hinh-kiem-tra');

  // ---- A's clerk issues the công văn to B ------------------------------------------------------------------------
  const draftId = await approvedDraft(urlA, a, agencyB.id, SUBJECT);
  const clerkA = await signedIn(browser, urlA, a.clerk.username);
  const ca = clerkA.page;
  await ca.goto(`${urlA}/#/van-ban-di/${draftId}`);
  await ca.getByRole('toolbar', { name: 'Thao tác' }).getByRole('button', { name: 'Cấp số và ban hành' }).click();
  await ca.getByRole('dialog', { name: 'Cấp số và ban hành' }).getByRole('button', { name: 'Cấp số, ban hành' }).click();
  await expect(ca.locator('.out-head .badge', { hasText: 'Đã ban hành' })).toBeVisible();
  const trail = ca.getByRole('row', { name: new RegExp(`^${B.name}:`) });
  await expect(ca.getByRole('heading', { name: /Gửi qua trục liên thông/ })).toBeVisible();

  // ---- B's clerk: Chờ vào sổ shows it with its sender; opened, registered -----------------------------------------
  const clerkB = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', viewport: { width: 1366, height: 860 } });
  const cb = await clerkB.newPage();
  const problemsB: string[] = [];
  cb.on('console', (m) => m.type() === 'error' && !/status of 4\d\d/.test(m.text()) && problemsB.push(m.text()));
  cb.on('pageerror', (e) => problemsB.push(String(e)));
  await logIn(cb, urlB, b.clerk.username, PASSWORD);
  await cb.goto(`${urlB}/#/van-ban-den/cho-vao-so`);
  const row = cb.getByRole('row', { name: new RegExp(SUBJECT) });
  // No reload, no click: the list follows the core's events.
  await expect(row).toBeVisible();
  await expect(row).toContainText(/Liên thông từ .*Đồng Hóa/);
  await shot(cb, 'sync-03-cho-vao-so-lien-thong');
  await row.focus();
  await cb.keyboard.press('Enter');
  await expect(cb.getByRole('heading', { name: 'Văn bản chờ vào sổ' })).toBeVisible();
  const hubCard = cb.getByLabel('Liên thông', { exact: true });
  await expect(hubCard).toContainText(/Liên thông từ .*Đồng Hóa/);
  await expect(hubCard.getByRole('list', { name: 'Trạng thái đã báo cho nơi gửi' })).toContainText('Đã đến');
  await shot(cb, 'sync-04-van-ban-lien-thong');
  await cb.getByRole('button', { name: 'Vào sổ', exact: true }).click();
  await expect(cb.getByRole('heading', { name: 'Vào sổ văn bản đã tiếp nhận' })).toBeVisible();
  await expect(cb.locator('.sync-source-banner')).toContainText(/Liên thông từ .*Đồng Hóa/);
  await formReady(cb);
  await cb.keyboard.press('Control+Enter');
  await expect(cb.getByRole('heading', { name: 'Văn bản đến số 1' })).toBeVisible();
  await expect(hubCard.getByRole('list', { name: 'Trạng thái đã báo cho nơi gửi' })).toContainText('Đã tiếp nhận');

  // ---- A's clerk: the recipient's trail reaches "Đã tiếp nhận" (and the recipients list follows) ----------------------
  await expect(trail.getByTestId('hub-delivery-state')).toHaveText('Đã tiếp nhận');
  await expect(ca.getByLabel(`Tình trạng gửi cho ${B.name}`)).toHaveValue('accepted');
  await trail.locator('summary').click();
  await expect(trail.getByRole('list', { name: `Quá trình gửi cho ${B.name}` })).toContainText('Đã tiếp nhận');
  await shot(ca, 'sync-05-noi-nhan-da-tiep-nhan');

  // ---- A's clerk: the health screen, online, nothing waiting ---------------------------------------------------------
  await chip(ca).click();
  await expect(ca.getByRole('heading', { name: 'Liên thông', level: 1 })).toBeVisible();
  await expect(ca.getByTestId('sync-online')).toHaveText('Trực tuyến');
  await expect(ca.getByTestId('sync-waiting')).toHaveText('0');
  await expect(ca.getByText('Không có gói tin nào đang chờ gửi.')).toBeVisible();
  // The clerk does not see the connection settings.
  await expect(ca.getByRole('form', { name: 'Cấu hình kết nối trục liên thông' })).toHaveCount(0);
  await ca.getByRole('button', { name: 'Đồng bộ ngay' }).click();
  await expect(ca.getByRole('status').filter({ hasText: /Đã đồng bộ lúc/ })).toContainText('Không còn gói tin nào chờ gửi.');
  const download = ca.waitForEvent('download');
  await ca.getByRole('button', { name: 'Tải gói chẩn đoán' }).click();
  expect(fs.statSync(await (await download).path()).size).toBeGreaterThan(0);
  await shot(ca, 'sync-06-suc-khoe-truc-tuyen');

  // ---- The hub goes away: offline, and a document issued now waits ---------------------------------------------------
  await hub.kill();
  const second = await approvedDraft(urlA, a, agencyB.id, SUBJECT_OFFLINE);
  await api(urlA, 'outgoing.issue', { id: second, version: 1 }, a.clerk.token);
  await expect(chip(ca)).toContainText('ngoại tuyến');
  await expect(chip(ca)).toContainText('1 chờ gửi');
  await expect(ca.getByTestId('sync-online')).toHaveText('Ngoại tuyến');
  await expect(ca.getByRole('row', { name: new RegExp(SUBJECT_OFFLINE) })).toContainText('Chờ gửi');
  await expect(
    ca
      .getByRole('alert')
      .filter({ hasText: /Không kết nối được tới trục|Trục/ })
      .first(),
  ).toBeVisible();
  await shot(ca, 'sync-07-ngoai-tuyen');

  // ---- The hub is back: the outbox drains by itself, and B gets the second document ----------------------------------
  await hub.restart();
  await expect(chip(ca)).toContainText('trực tuyến');
  await expect(chip(ca)).not.toContainText('chờ gửi');
  await expect(ca.getByTestId('sync-waiting')).toHaveText('0');
  await expect(ca.getByText('Không có gói tin nào đang chờ gửi.')).toBeVisible();
  await shot(ca, 'sync-08-da-gui-het');
  await cb.goto(`${urlB}/#/van-ban-den/cho-vao-so`);
  await expect(cb.getByRole('row', { name: new RegExp(SUBJECT_OFFLINE) })).toBeVisible();

  expect(clerkA.problems).toEqual([]);
  expect(problemsB).toEqual([]);
  await clerkB.close();
});

/** Both offices configured (API), B in A's directory, the people of A; `issued` documents sent from A to B. */
async function twoOffices(urlA: string, urlB: string, hub: TestHub) {
  const a = await outgoingOffice(urlA, false);
  const b = await officeWithClerk(urlB, B);
  const credA = await hub.addOffice(A.code, A.name);
  const credB = await hub.addOffice(B.code, B.name);
  await api(urlA, 'sync.saveSettings', { enabled: true, hubUrl: hub.url, officeCode: A.code, secret: credA.secret, caFile: null, intervalSec: 5 }, a.adminToken);
  await api(urlB, 'sync.saveSettings', { enabled: true, hubUrl: hub.url, officeCode: B.code, secret: credB.secret, caFile: null, intervalSec: 5 }, b.adminToken);
  // B was put in the province's directory when the hub registered it: A gets it with its first round.
  let agencyB: { id: number; code: string | null } | undefined;
  await expect
    .poll(async () => {
      agencyB = (await api<Array<{ id: number; code: string | null }>>(urlA, 'agencies.search', { query: B.code, limit: 5 }, a.adminToken)).find((x) => x.code === B.code);
      return !!agencyB;
    })
    .toBe(true);
  const issue = async (subject: string) => {
    const id = await approvedDraft(urlA, a, agencyB!.id, subject);
    await api(urlA, 'outgoing.issue', { id, version: 1 }, a.clerk.token);
    return id;
  };
  return { a, b, issue };
}

const WRONG = 'Về việc cấp kinh phí sửa chữa trường mầm non thôn Yên Lạc';
const DONE = 'Về việc rà soát danh sách hộ gia đình chính sách dịp Tết Nguyên đán';

test('B refuses one with a reason, reports the other completed and refuses its recall; A sees each answer in the trail', async ({ page, server, officeB, hub, shot, browser }) => {
  test.setTimeout(300_000);
  const urlA = server.url;
  const urlB = officeB.url;
  const { b, issue } = await twoOffices(urlA, urlB, hub);
  const wrongId = await issue(WRONG);
  const doneId = await issue(DONE);

  // ---- B's clerk refuses the first through the usual refusal (reason + text) -------------------------------------
  await logIn(page, urlB, b.clerk.username, PASSWORD);
  await page.goto(`${urlB}/#/van-ban-den/cho-vao-so`);
  const wrongRow = page.getByRole('row', { name: new RegExp(WRONG) });
  await expect(wrongRow).toContainText(/Liên thông từ .*Đồng Hóa/);
  await expect(page.getByRole('row', { name: new RegExp(DONE) })).toBeVisible();
  await wrongRow.click();
  await page.getByRole('button', { name: 'Từ chối tiếp nhận' }).click();
  const refuse = page.getByRole('dialog', { name: 'Từ chối tiếp nhận văn bản' });
  await refuse.getByLabel('Lý do (PY 5.6)').selectOption('wrong_recipient');
  await refuse.getByLabel('Nội dung lý do').fill('Việc sửa chữa trường mầm non thôn Yên Lạc thuộc xã Đồng Hóa, không thuộc xã Nhật Tân.');
  await refuse.getByRole('button', { name: 'Từ chối', exact: true }).click();
  await expect(page.locator('.toast', { hasText: 'lý do sẽ được gửi trả nơi gửi qua trục liên thông' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Trạng thái đã báo cho nơi gửi' })).toContainText('Từ chối tiếp nhận');

  // ---- … registers the second and reports it completed (Enter sends the dialog) ----------------------------------
  await page.goto(`${urlB}/#/van-ban-den/cho-vao-so`);
  await page.getByRole('row', { name: new RegExp(DONE) }).click();
  await page.getByRole('button', { name: 'Vào sổ', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Vào sổ văn bản đã tiếp nhận' })).toBeVisible();
  await formReady(page);
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('heading', { name: /^Văn bản đến số \d+$/ })).toBeVisible();
  const docB = page.url();
  await page.getByRole('button', { name: 'Báo hoàn thành cho nơi gửi' }).click();
  const complete = page.getByRole('dialog', { name: 'Báo hoàn thành cho nơi gửi' });
  // Escape closes without sending; the button is still there.
  await page.keyboard.press('Escape');
  await expect(complete).toHaveCount(0);
  await page.getByRole('button', { name: 'Báo hoàn thành cho nơi gửi' }).click();
  await complete.getByLabel('Ghi chú (không bắt buộc)').fill('Đã rà soát, gửi danh sách kèm theo báo cáo.');
  await complete.getByRole('button', { name: 'Gửi báo hoàn thành' }).click();
  await expect(page.locator('.toast', { hasText: 'Đã báo hoàn thành cho' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Trạng thái đã báo cho nơi gửi' })).toContainText('Hoàn thành');
  await expect(page.getByRole('button', { name: 'Báo hoàn thành cho nơi gửi' })).toHaveCount(0);

  // ---- A's clerk: the refusal with its reason, the completion --------------------------------------------------------
  const clerkA = await signedIn(browser, urlA, 'tranthithu');
  const ca = clerkA.page;
  await ca.goto(`${urlA}/#/van-ban-di/${wrongId}`);
  const wrongTrail = ca.getByRole('row', { name: new RegExp(`^${B.name}:`) });
  await expect(wrongTrail.getByTestId('hub-delivery-state')).toHaveText('Từ chối tiếp nhận');
  // A refusal opens its trail by itself, with the recipient's reason.
  await expect(wrongTrail.getByRole('list', { name: `Quá trình gửi cho ${B.name}` })).toContainText('không thuộc xã Nhật Tân');
  await ca.getByRole('heading', { name: /Gửi qua trục liên thông/ }).scrollIntoViewIfNeeded();
  await shot(ca, 'sync-10-noi-nhan-tu-choi');
  await ca.goto(`${urlA}/#/van-ban-di/${doneId}`);
  const doneTrail = ca.getByRole('row', { name: new RegExp(`^${B.name}:`) });
  await expect(doneTrail.getByTestId('hub-delivery-state')).toHaveText('Hoàn thành');

  // ---- A recalls the second; B is asked, must give a reason to refuse, and refuses ----------------------------------
  await ca.getByRole('toolbar', { name: 'Thao tác' }).getByRole('button', { name: 'Thu hồi' }).click();
  const recall = ca.getByRole('dialog', { name: /Thu hồi văn bản/ });
  await recall.getByLabel('Lý do thu hồi').fill('Danh sách kèm theo có sai sót, sẽ ban hành văn bản thay thế.');
  await recall.getByRole('button', { name: 'Thu hồi', exact: true }).click();
  await expect(ca.locator('.out-head .badge', { hasText: 'Đã thu hồi' })).toBeVisible();

  await page.goto(docB);
  const ask = page.getByRole('alert').filter({ hasText: 'Nơi gửi yêu cầu thu hồi văn bản này' });
  await expect(ask).toContainText('Danh sách kèm theo có sai sót');
  await shot(page, 'sync-11-yeu-cau-thu-hoi');
  await ask.getByRole('button', { name: 'Từ chối' }).click();
  const answer = page.getByRole('dialog', { name: 'Từ chối thu hồi văn bản' });
  const reason = answer.getByLabel('Lý do từ chối');
  await expect(reason).toBeFocused();
  await reason.press('Enter');
  await expect(answer.getByText('Nhập lý do từ chối.')).toBeVisible();
  await shot(page, 'sync-12-tu-choi-thu-hoi-thieu-ly-do');
  await reason.fill('Văn bản đã được giải quyết xong và báo hoàn thành; đề nghị ban hành văn bản điều chỉnh.');
  await reason.press('Enter');
  await expect(answer).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'cơ quan đã từ chối lúc' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Trạng thái đã báo cho nơi gửi' })).toContainText('Từ chối thu hồi');

  await expect(doneTrail.getByTestId('hub-delivery-state')).toHaveText('Từ chối thu hồi');
  // A refused recall opens its trail by itself too, with the recipient's reason.
  await expect(doneTrail.getByRole('list', { name: `Quá trình gửi cho ${B.name}` })).toContainText('đề nghị ban hành văn bản điều chỉnh');
  await ca.getByRole('heading', { name: /Gửi qua trục liên thông/ }).scrollIntoViewIfNeeded();
  await shot(ca, 'sync-13-tu-choi-thu-hoi');
  expect(clerkA.problems).toEqual([]);
});
