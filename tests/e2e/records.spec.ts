// Hồ sơ end to end, in Chromium: the clerk drafts and saves the year's Danh mục hồ sơ, the leader approves it, the
// clerk issues it, opens a file from one of its lines, files an incoming, an outgoing and an uploaded document, closes
// the file and exports it. The ZIP is opened (fflate) and its ho-so.pdf read back with poppler: pages rendered into
// tests/artifacts/screenshots, page count as reported, the Mục lục and every document's own text inside.
// Documents are registered and issued through the API (their screens have their own specs).

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import type { Page } from '@playwright/test';
import { ARTIFACTS, expect, test } from './fixtures';
import { api, logIn, officeWithClerk } from './helpers';
import { apiWire, approvedCongVan, outgoingOffice, signedIn } from './outgoing-helpers';
import { putBlob, vietnamesePdf } from './workflow-helpers';

test.setTimeout(180_000);
// A step that cannot happen fails in seconds, not at the end of the whole budget.
test.use({ actionTimeout: 30_000 });

const YEAR = new Date().getFullYear();
const HEADING = 'Văn phòng - Tổng hợp';
const LINE_1 = 'Hồ sơ tổng kết công tác văn thư, lưu trữ năm ' + YEAR;
const LINE_2 = 'Tập lưu công văn trao đổi với các thôn';
const IN_SUBJECT = 'Về việc hướng dẫn tổng kết công tác văn thư, lưu trữ';
const IN_TEXT = 'Sở Nội vụ hướng dẫn tổng kết văn thư lưu trữ';
const OUT_SUBJECT = 'Về việc báo cáo kết quả công tác văn thư, lưu trữ';
const OUT_TEXT = 'Ủy ban nhân dân xã báo cáo kết quả văn thư';
const OTHER_SUBJECT = 'Biên bản họp tổng kết công tác văn thư';
const OTHER_TEXT = 'Biên bản cuộc họp ngày mười tháng mười một';

const nfc = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ');
const nav = (page: Page) => page.getByRole('navigation', { name: 'Điều hướng chính' });

test('clerk drafts the Danh mục, leader approves, clerk files three documents, closes and exports the file', async ({ page, server, browser, shot }, testInfo) => {
  const url = server.url;
  const o = await outgoingOffice(url, false);

  // ---- documents to file: an incoming one (with its PDF), an issued outgoing one; the third is uploaded on screen --
  const regs = await api<Array<{ id: number }>>(url, 'registers.list', { direction: 'in', year: YEAR }, o.clerk.token);
  const inHash = await putBlob(url, o.clerk.token, 'cv-den.pdf', await vietnamesePdf(['SỞ NỘI VỤ TỈNH HÀ NAM', IN_TEXT]));
  await api(
    url,
    'incoming.register',
    {
      registerId: regs[0].id,
      issuer: { agencyId: null, code: null, name: 'Sở Nội vụ tỉnh Hà Nam' },
      subject: IN_SUBJECT,
      codeNumber: '812',
      codeNotation: 'SNV-VTLT',
      issuedDate: `${YEAR}-11-03`,
      urgency: 0,
      pageCount: 1,
      files: [{ hash: inHash, fileName: 'cv-den.pdf', role: 'main' }],
    },
    o.clerk.token,
  );
  const outId = await approvedCongVan(url, o, {
    subject: OUT_SUBJECT,
    pdf: await vietnamesePdf(['ỦY BAN NHÂN DÂN XÃ ĐỒNG HÓA', OUT_TEXT]),
    fileName: 'bao-cao.pdf',
    recipients: [{ kind: 'text', name: 'Ủy ban nhân dân huyện Kim Bảng' }],
  });
  await api(url, 'outgoing.issue', { id: outId, version: 1 }, o.clerk.token);
  const otherPdf = testInfo.outputPath('bien-ban-hop.pdf');
  fs.writeFileSync(otherPdf, await vietnamesePdf(['BIÊN BẢN', OTHER_TEXT]));

  // ---- 1. The clerk drafts the Danh mục hồ sơ of the year ---------------------------------------------------------
  await logIn(page, url, o.clerk.username, o.clerk.password);
  await nav(page).getByRole('link', { name: 'Hồ sơ', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Hồ sơ của tôi' })).toBeVisible();
  await expect(page.getByText('Bạn chưa mở hồ sơ nào trong năm này.')).toBeVisible();
  await page.getByRole('navigation', { name: 'Hồ sơ' }).getByRole('link', { name: 'Danh mục hồ sơ' }).click();
  await expect(page.getByRole('heading', { name: `Danh mục hồ sơ năm ${YEAR}` })).toBeVisible();
  await expect(page.getByText(`Năm ${YEAR} chưa có Danh mục hồ sơ.`)).toBeVisible();

  await page.getByRole('button', { name: '+ Thêm đề mục lớn' }).click();
  await page.getByLabel('Viết tắt đề mục I').fill('vp');
  await page.getByLabel('Tên đề mục I', { exact: true }).fill(HEADING);
  await page.getByRole('button', { name: '+ Thêm hồ sơ vào đề mục I' }).click();
  await page.getByPlaceholder('Tiêu đề hồ sơ').last().fill(LINE_1);
  await page.getByLabel(`Thời hạn bảo quản: ${LINE_1}`).selectOption({ label: 'Vĩnh viễn' });
  await page.getByLabel(`Người lập hồ sơ: ${LINE_1}`).selectOption({ label: 'Trần Thị Thư' });
  await page.getByRole('button', { name: '+ Thêm hồ sơ vào đề mục I' }).click();
  await page.getByPlaceholder('Tiêu đề hồ sơ').last().fill(LINE_2);
  await page.getByLabel(`Thời hạn bảo quản: ${LINE_2}`).selectOption({ label: '10 năm' });
  await page.getByLabel(`Người lập (chữ): ${LINE_2}`).fill('Công chức Văn phòng - Thống kê');
  await expect(page.getByText('Chưa lưu')).toBeVisible();
  await page.getByRole('button', { name: /^Lưu/ }).click();
  await expect(page.getByRole('status')).toContainText(`Đã lưu Danh mục hồ sơ năm ${YEAR}: 2 hồ sơ.`);
  // The codes are the core's: numbered on save, suffixed with the heading's abbreviation.
  await expect(page.getByRole('cell', { name: '01.VP' })).toBeVisible();
  await expect(page.getByRole('cell', { name: '02.VP' })).toBeVisible();
  await expect(page.getByLabel('Tổng số hồ sơ')).toHaveText(/Danh mục có 2 hồ sơ, bao gồm: 1 hồ sơ bảo quản vĩnh viễn, 1 hồ sơ bảo quản có thời hạn\./);
  await expect(page.locator('.page-head .badge', { hasText: 'Dự thảo' })).toBeVisible();
  await shot(page, 'records-01-danh-muc-du-thao');

  // A draft list is not in force yet: "Mở hồ sơ" offers only a self-defined file.
  await page.getByRole('navigation', { name: 'Hồ sơ' }).getByRole('link', { name: 'Hồ sơ của tôi' }).click();
  await page.getByRole('button', { name: /Mở hồ sơ/ }).click();
  await expect(page.getByRole('dialog').getByText('chưa mở hồ sơ theo danh mục được')).toBeVisible();
  await page.getByRole('dialog').getByRole('button', { name: 'Hủy' }).click();

  // ---- 2. The leader approves it ----------------------------------------------------------------------------------
  const leader = await signedIn(browser, url, 'nguyenvanchu');
  const lp = leader.page;
  await lp.goto(`${url}/#/ho-so/danh-muc`);
  await expect(lp.getByRole('cell', { name: '01.VP' })).toBeVisible();
  // Read-only for the leader: no inputs, the titles as text.
  await expect(lp.getByPlaceholder('Tiêu đề hồ sơ')).toHaveCount(0);
  await expect(lp.getByRole('cell', { name: LINE_1 })).toBeVisible();
  await lp.locator('.page-head').getByRole('button', { name: 'Duyệt', exact: true }).click();
  await expect(lp.getByRole('dialog')).toContainText('gồm 2 hồ sơ');
  await lp.getByRole('dialog').getByRole('button', { name: 'Duyệt', exact: true }).click();
  await expect(lp.locator('.page-head .badge', { hasText: 'Đã duyệt' })).toBeVisible();
  await expect(lp.getByText(/Đã duyệt .* bởi Nguyễn Văn Chủ\./)).toBeVisible();
  await shot(lp, 'records-02-danh-muc-da-duyet');

  // ---- 3. The clerk issues it and opens a file from its first line ------------------------------------------------
  await page.getByRole('navigation', { name: 'Hồ sơ' }).getByRole('link', { name: 'Danh mục hồ sơ' }).click();
  await expect(page.locator('.page-head .badge', { hasText: 'Đã duyệt' })).toBeVisible();
  await page.locator('.page-head').getByRole('button', { name: 'Ban hành' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Ban hành' }).click();
  await expect(page.locator('.page-head .badge', { hasText: 'Đã ban hành' })).toBeVisible();

  await page.getByRole('navigation', { name: 'Hồ sơ' }).getByRole('link', { name: 'Hồ sơ của tôi' }).click();
  await page.getByRole('button', { name: /Mở hồ sơ/ }).click();
  const open = page.getByRole('dialog');
  await expect(open.getByRole('heading', { name: `Mở hồ sơ năm ${YEAR}` })).toBeVisible();
  const lineValue = await open.locator('option', { hasText: `01.VP — ${LINE_1}` }).getAttribute('value');
  await open.getByLabel('Dòng của Danh mục hồ sơ').selectOption(lineValue!);
  await expect(open.getByText('Vĩnh viễn', { exact: true })).toBeVisible();
  await shot(page, 'records-03-mo-ho-so');
  await open.getByRole('button', { name: 'Mở hồ sơ' }).click();
  await expect(page.getByRole('heading', { name: 'Hồ sơ số 01.VP' })).toBeVisible();
  await expect(page.getByRole('heading', { name: LINE_1 })).toBeVisible();
  await expect(page.getByText(`000.00.12.H35.${YEAR}.01.VP`)).toBeVisible();

  // Closing an empty file is refused, with the core's list of problems.
  await page.locator('.rec-actions').getByRole('button', { name: 'Đóng hồ sơ' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Đóng hồ sơ' }).click();
  const refusal = page.getByRole('dialog').getByRole('alert');
  await expect(refusal).toContainText('Chưa đóng được hồ sơ');
  await expect(refusal.getByRole('listitem')).toHaveText(['Hồ sơ chưa có văn bản nào.']);
  await shot(page, 'records-04-dong-ho-so-chua-duoc');
  await page.getByRole('dialog').getByRole('button', { name: 'Hủy' }).click();

  // ---- 4. Three documents go in: incoming (found without diacritics), outgoing, an uploaded minutes ---------------
  await page.getByRole('button', { name: '+ Thêm văn bản' }).click();
  const add = page.getByRole('dialog');
  await add.getByLabel('Tìm văn bản đến').fill('huong dan tong ket van thu');
  await expect(add.getByText('1 văn bản khớp')).toBeVisible();
  await add.getByRole('button', { name: 'Đưa vào hồ sơ: 812/SNV-VTLT' }).click();
  await expect(add.getByText('Đã có trong hồ sơ')).toBeVisible();
  await add.getByRole('tab', { name: 'Văn bản đi' }).click();
  const outRow = add.getByRole('row', { name: new RegExp(OUT_SUBJECT) });
  await outRow.getByRole('button', { name: /^Đưa vào hồ sơ/ }).click();
  await expect(outRow.getByText('Đã có trong hồ sơ')).toBeVisible();
  await add.getByRole('tab', { name: 'Tài liệu khác' }).click();
  await add.getByLabel('Chọn tệp tài liệu').setInputFiles(otherPdf);
  await expect(add.getByText('bien-ban-hop.pdf')).toBeVisible();
  await add.getByLabel('Trích yếu nội dung').fill(OTHER_SUBJECT);
  await add.getByLabel('Tên loại').fill('Biên bản');
  await add.getByLabel('Ngày', { exact: true }).fill(`10/11/${YEAR}`);
  await add.getByLabel('Tác giả').fill('Ủy ban nhân dân xã Đồng Hóa');
  // Pages counted from the uploaded PDF.
  await expect(add.getByLabel('Số trang')).toHaveValue('1');
  await shot(page, 'records-05-them-tai-lieu-khac');
  await add.getByRole('button', { name: 'Thêm tài liệu vào hồ sơ' }).click();
  await expect(page.getByRole('status')).toContainText(`Đã thêm tài liệu "${OTHER_SUBJECT}" vào hồ sơ.`);
  await add.getByRole('button', { name: 'Xong' }).click();

  // The Mục lục in date order: the incoming of 03/11, the minutes of 10/11, the outgoing issued today.
  const items = page.locator('table.rec-items tbody tr');
  await expect(items).toHaveCount(3);
  await expect(items.nth(0)).toContainText('812/SNV-VTLT');
  await expect(items.nth(0)).toContainText(IN_SUBJECT);
  await expect(items.nth(1)).toContainText(OTHER_SUBJECT);
  await expect(items.nth(1)).toContainText('Tài liệu khác');
  await expect(items.nth(2)).toContainText(OUT_SUBJECT);
  // Pages as entered on each document (the outgoing one was drafted without its "Số trang").
  await expect(items.nth(1).locator('td').nth(5)).toHaveText('1');
  await expect(items.nth(2).locator('td').nth(5)).toHaveText('—');
  await expect(page.getByText('3 văn bản, 2 trang')).toBeVisible();
  await shot(page, 'records-06-ho-so-dang-lap');

  // The incoming document's own page shows the file it is in.
  await items.nth(0).getByRole('link', { name: IN_SUBJECT }).click();
  const card = page.locator('.rec-doc-files');
  await expect(card.getByRole('link', { name: new RegExp(`01.VP ${LINE_1}`) })).toBeVisible();
  await expect(card.getByText('Đang lập')).toBeVisible();
  await shot(page, 'records-07-van-ban-den-the-ho-so');
  await card.getByRole('link', { name: new RegExp('01.VP') }).click();
  await expect(page.getByRole('heading', { name: 'Hồ sơ số 01.VP' })).toBeVisible();

  // ---- 5. Close it -------------------------------------------------------------------------------------------------
  await page.locator('.rec-actions').getByRole('button', { name: 'Đóng hồ sơ' }).click();
  const close = page.getByRole('dialog');
  await expect(close.getByLabel('Thời hạn bảo quản')).toHaveValue(/\d+/);
  await expect(close).toContainText('Hồ sơ có 3 văn bản, 2 trang.');
  await close.getByRole('button', { name: 'Đóng hồ sơ' }).click();
  await expect(page.getByRole('status')).toContainText('Đã đóng hồ sơ 01.VP.');
  await expect(page.locator('.page-head .badge', { hasText: 'Đã đóng' })).toBeVisible();
  await expect(page.getByRole('button', { name: '+ Thêm văn bản' })).toHaveCount(0);
  // Permanent files go to the office archive a year after they end.
  await expect(page.locator('dl.kv')).toContainText('Hạn nộp lưu');
  await shot(page, 'records-08-ho-so-da-dong');

  // ---- 5b. Restricted, and shown to one colleague: restricting holds at once, the widening waits for the leader ----
  const fileUrl = page.url();
  await page.locator('.rec-actions').getByRole('button', { name: 'Quyền truy cập' }).click();
  const access = page.getByRole('dialog');
  await access.getByLabel('Chế độ sử dụng').selectOption('restricted');
  await access.getByLabel('Lọc người, đơn vị').fill('le van soan');
  await access.getByRole('checkbox', { name: /^Lê Văn Soạn/ }).check();
  await access.getByRole('button', { name: 'Lưu quyền truy cập' }).click();
  await expect(page.getByRole('status')).toContainText('Đã gửi đề nghị; thay đổi có hiệu lực khi lãnh đạo duyệt.');
  await expect(page.getByText('Có thay đổi quyền truy cập đang chờ lãnh đạo duyệt.')).toBeVisible();
  await expect(page.locator('.access-list li', { hasText: 'Lê Văn Soạn' })).toContainText('Chờ duyệt');
  await expect(page.locator('.page-head')).toContainText('Hạn chế');
  // The leader finds it among the files waiting for a decision.
  await lp.goto(`${url}/#/ho-so/tat-ca`);
  const waiting = lp.getByRole('region', { name: 'Chờ duyệt quyền truy cập' });
  await expect(waiting).toContainText('1 hồ sơ có thay đổi quyền truy cập chờ lãnh đạo duyệt');
  await expect(waiting.getByRole('link', { name: `01.VP — ${LINE_1}` })).toHaveAttribute('href', `#/ho-so/${fileUrl.split('/').pop()}`);
  await shot(lp, 'records-09-cho-duyet-quyen-truy-cap');
  // He opens it and approves: the colleague may now see it.
  await waiting.getByRole('link', { name: `01.VP — ${LINE_1}` }).click();
  await lp.locator('.rec-actions').getByRole('button', { name: 'Duyệt quyền truy cập' }).click();
  await expect(lp.getByRole('dialog')).toContainText('Lê Văn Soạn');
  await lp.getByRole('dialog').getByRole('button', { name: 'Duyệt', exact: true }).click();
  // The dialog lists the same person: only the page's list once it has closed.
  await expect(lp.getByRole('dialog')).toHaveCount(0);
  await expect(lp.locator('.access-list li', { hasText: 'Lê Văn Soạn' })).toContainText('Được xem');
  await page.reload();
  await expect(page.locator('.access-list li', { hasText: 'Lê Văn Soạn' })).toContainText('Được xem');
  await expect(page.getByText('Có thay đổi quyền truy cập đang chờ lãnh đạo duyệt.')).toHaveCount(0);

  // ---- 6. The other screens of the area, as the clerk sees them ----------------------------------------------------
  await page.goto(`${url}/#/ho-so/tat-ca`);
  const row = page.getByRole('row', { name: /Hồ sơ 01\.VP/ });
  await expect(row).toContainText('Vĩnh viễn');
  await expect(row).toContainText('3 / 2');
  await expect(row).toContainText('Đã đóng');
  // The search folds diacritics on the server.
  await page.getByLabel('Tìm hồ sơ').fill('tong ket cong tac van thu');
  await expect(page.getByRole('row', { name: /Hồ sơ 01\.VP/ })).toBeVisible();
  await page.getByLabel('Tìm hồ sơ').fill('khong co ho so nay');
  await expect(page.getByText('Không có hồ sơ nào khớp điều kiện lọc.')).toBeVisible();
  await page.getByLabel('Tìm hồ sơ').fill('');
  await expect(row).toBeVisible();
  await shot(page, 'records-10-tat-ca-ho-so');
  await page.getByRole('navigation', { name: 'Hồ sơ' }).getByRole('link', { name: 'Lưu trữ cơ quan' }).click();
  await expect(page.getByRole('heading', { name: 'Lưu trữ cơ quan' })).toBeVisible();
  await expect(page.getByText('Không có hồ sơ nào đến hạn nộp lưu.')).toBeVisible();
  await shot(page, 'records-11-luu-tru');
  await page.getByRole('navigation', { name: 'Hồ sơ' }).getByRole('link', { name: 'Thời hạn bảo quản' }).click();
  await expect(page.getByRole('cell', { name: 'Vĩnh viễn (có sẵn)' })).toBeVisible();
  // The office adds a term of its own.
  await page.getByRole('button', { name: '+ Thêm thời hạn' }).click();
  await page.getByRole('dialog').getByLabel('Thời hạn (như in trên danh mục)').fill('03 năm');
  await page.getByRole('dialog').getByLabel('Số năm').fill('3');
  await page.getByRole('dialog').getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByRole('row', { name: /^03 năm/ })).toContainText('Đang dùng');
  await shot(page, 'records-12-thoi-han-bao-quan');
  await page.goto(`${url}/#/ho-so/tat-ca`);
  await row.click();
  await expect(page.getByRole('heading', { name: 'Hồ sơ số 01.VP' })).toBeVisible();

  // ---- 7. Export: ZIP downloaded, ho-so.pdf inside with the cover, the Mục lục and every document ----------------
  await page.locator('.rec-actions').getByRole('button', { name: 'Xuất hồ sơ' }).click();
  const exp = page.getByRole('dialog');
  const download = page.waitForEvent('download', { timeout: 120_000 });
  await exp.getByRole('button', { name: 'Xuất hồ sơ' }).click();
  // Packing runs in the server; the dialog shows the elapsed time, then the result or the core's refusal.
  await expect(exp.getByRole('status').or(exp.getByRole('alert'))).toBeVisible({ timeout: 120_000 });
  expect(await exp.getByRole('alert').allInnerTexts()).toEqual([]);
  await expect(exp.getByRole('status')).toContainText('Đã xuất hồ sơ');
  const zipPath = testInfo.outputPath('ho-so.zip');
  await (await download).saveAs(zipPath);
  const reported = Number((await exp.getByRole('status').innerText()).match(/(\d+) trang PDF/)![1]);
  await shot(page, 'records-13-xuat-ho-so');

  const zip = unzipSync(new Uint8Array(fs.readFileSync(zipPath)));
  const pdfName = Object.keys(zip).find((n) => path.posix.basename(n) === 'ho-so.pdf');
  expect(pdfName, `entries: ${Object.keys(zip).join(', ')}`).toBeTruthy();
  expect(Object.keys(zip).some((n) => n.endsWith('.xml'))).toBe(true);
  const pdfPath = testInfo.outputPath('ho-so.pdf');
  fs.writeFileSync(pdfPath, zip[pdfName!]);
  const pages = Number(execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' }).match(/^Pages:\s+(\d+)/m)![1]);
  // A cover, at least one Mục lục page, and the three one-page documents.
  expect(pages).toBeGreaterThanOrEqual(5);
  expect(pages).toBe(reported);
  const text = nfc(execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' }));
  expect(text).toContain('MỤC LỤC VĂN BẢN');
  for (const t of [IN_TEXT, OUT_TEXT, OTHER_TEXT, '812/SNV-VTLT']) expect(text).toContain(nfc(t));
  for (const f of fs.readdirSync(ARTIFACTS).filter((n) => n.startsWith('records-ho-so-pdf-'))) fs.rmSync(path.join(ARTIFACTS, f));
  execFileSync('pdftoppm', ['-r', '50', '-png', pdfPath, path.join(ARTIFACTS, 'records-ho-so-pdf')]);
  expect(fs.readdirSync(ARTIFACTS).filter((n) => n.startsWith('records-ho-so-pdf-')).length).toBe(pages);

  expect(leader.problems).toEqual([]);
  await lp.context().close();
});

/** A file of 2020 with one uploaded minutes, closed at the end of that year (through the API). */
async function oldClosedFile(url: string, token: string, f: { code: string; title: string; retention: string; text: string }) {
  const retentions = await api<Array<{ id: number; label: string }>>(url, 'retention.list', {}, token);
  const retentionId = retentions.find((r) => r.label === f.retention)!.id;
  const file = await api<{ id: number }>(url, 'files.open', { year: 2020, code: f.code, title: f.title, retentionId, startDate: '2020-03-02' }, token);
  const hash = await putBlob(url, token, `${f.code}.pdf`, await vietnamesePdf(['BIÊN BẢN', f.text]));
  await api(url, 'files.addDocument', { fileId: file.id, other: { blobHash: hash, fileName: `${f.code}.pdf`, subject: f.text, issuedDate: '2020-05-10', pageCount: 1 } }, token);
  await api(url, 'files.close', { id: file.id, retentionId, title: f.title, code: f.code, endDate: '2020-12-15' }, token);
  return { id: file.id, hash };
}

test('the office archive receives a file due for transfer and disposes of one past its retention', async ({ page, server, shot }, testInfo) => {
  const url = server.url;
  const o = await officeWithClerk(url);
  // 10 years, ended 2020: due for transfer since 2021. 2 years, ended 2020: kept to the end of 2022, expired now.
  const due = await oldClosedFile(url, o.clerkToken, { code: '01.VP', title: 'Hồ sơ hội nghị tổng kết năm 2020', retention: '10 năm', text: 'Biên bản hội nghị tổng kết' });
  const old = await oldClosedFile(url, o.clerkToken, { code: '02.VP', title: 'Tập lưu công văn trao đổi năm 2020', retention: '02 năm', text: 'Công văn trao đổi ngắn hạn' });

  await logIn(page, url, o.clerk.username, o.clerk.password);
  await nav(page).getByRole('link', { name: 'Hồ sơ', exact: true }).click();
  await page.getByRole('navigation', { name: 'Hồ sơ' }).getByRole('link', { name: 'Lưu trữ cơ quan' }).click();
  await expect(page.getByRole('heading', { name: 'Lưu trữ cơ quan' })).toBeVisible();

  // ---- Transfer: the forms printed before, then received --------------------------------------------------------
  const dueRow = page.getByRole('row', { name: /01\.VP/ });
  await expect(dueRow).toContainText('15/12/2021');
  await expect(page.getByRole('row', { name: /02\.VP/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'In mục lục và biên bản' })).toBeDisabled();
  await dueRow.getByRole('checkbox').check();
  await expect(page.getByLabel('Người giao')).toHaveValue('Trần Thị Thư');
  const forms = page.waitForEvent('download');
  await page.getByRole('button', { name: 'In mục lục và biên bản' }).click();
  const formsPath = testInfo.outputPath('nop-luu.pdf');
  await (await forms).saveAs(formsPath);
  const formsText = nfc(execFileSync('pdftotext', [formsPath, '-'], { encoding: 'utf8' }));
  expect(formsText).toContain('MỤC LỤC HỒ SƠ, TÀI LIỆU NỘP LƯU');
  expect(formsText).toContain('Hồ sơ hội nghị tổng kết năm 2020');
  await shot(page, 'records-arch-01-den-han-nop-luu');
  await page.getByRole('button', { name: 'Nhận nộp lưu (1)' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Nhận 1 hồ sơ' }).click();
  await expect(page.getByRole('status')).toContainText(`Đã nhận 1 hồ sơ vào Lưu trữ cơ quan (biên bản số 1/${YEAR}).`);
  await expect(page.getByText('Không có hồ sơ nào đến hạn nộp lưu.')).toBeVisible();

  await page.getByRole('tab', { name: 'Các lần nộp lưu' }).click();
  const transfer = page.getByRole('row', { name: new RegExp(`1/${YEAR}`) });
  await expect(transfer).toContainText('Trần Thị Thư');
  const again = page.waitForEvent('download');
  await transfer.getByRole('button', { name: 'In lại' }).click();
  expect((await again).suggestedFilename()).toMatch(/\.pdf$/);
  await shot(page, 'records-arch-02-cac-lan-nop-luu');

  // ---- Disposal: a decision, a red confirmation, the content gone, the description kept --------------------------
  await page.getByRole('tab', { name: 'Hết hạn bảo quản' }).click();
  const oldRow = page.getByRole('row', { name: /02\.VP/ });
  await expect(oldRow).toContainText('hết năm 2022');
  await oldRow.getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Tiêu hủy (1)…' }).click();
  const dispose = page.getByRole('dialog');
  await dispose.getByLabel('Số quyết định').fill('15/QĐ-UBND');
  await dispose.getByLabel('Người ký quyết định').fill('Nguyễn Văn Chủ');
  await dispose.getByLabel('Chức vụ người ký').fill('Chủ tịch UBND xã');
  await expect(dispose.getByRole('button', { name: 'Tiêu hủy 1 hồ sơ' })).toBeDisabled();
  await dispose.getByLabel('Tôi đã kiểm tra quyết định tiêu hủy và xác nhận tiêu hủy các hồ sơ trên.').check();
  await shot(page, 'records-arch-03-tieu-huy');
  await dispose.getByRole('button', { name: 'Tiêu hủy 1 hồ sơ' }).click();
  await expect(page.getByRole('status')).toContainText('Đã tiêu hủy 1 hồ sơ theo Quyết định số 15/QĐ-UBND.');
  await expect(page.getByText('Không có hồ sơ nào hết thời hạn bảo quản.')).toBeVisible();
  await page.getByRole('tab', { name: 'Quyết định tiêu hủy' }).click();
  await expect(page.getByRole('row', { name: /Số 15\/QĐ-UBND/ })).toContainText('Nguyễn Văn Chủ');
  await shot(page, 'records-arch-04-quyet-dinh-tieu-huy');

  await page.goto(`${url}/#/ho-so/${old.id}`);
  await expect(page.getByText(/Hồ sơ đã tiêu hủy lúc .*nội dung tài liệu đã bị xóa theo quyết định/)).toBeVisible();
  await expect(page.getByText('Nội dung đã tiêu hủy.')).toBeVisible();
  await expect(page.getByRole('button', { name: /^Tải / })).toHaveCount(0);
  expect((await apiWire(url, 'blobs.get', { hash: old.hash }, o.clerkToken)).ok).toBe(false);
  await page.goto(`${url}/#/ho-so/${due.id}`);
  await expect(page.locator('.page-head')).toContainText('Đã nộp lưu');
});
