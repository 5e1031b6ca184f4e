// Remote signing on screen (ký số từ xa, VNPT SmartCA / Viettel MySign style): a local Cloud Signature Consortium
// API v1 server runs in this test process (node:http on 127.0.0.1, the leader's key in SoftHSM2, the Vietnamese test
// PKI); the app server is the fixture's. The admin adds the service in Quản trị › Chữ ký số › Cấu hình, the leader
// links his credential in Ảnh chữ ký của tôi, then signs an approved draft with "Ký từ xa": the dialog waits for the
// phone with a countdown (also at phone size), the server approves → success and a valid signature in the panel; a
// second draft is refused on the phone → the Vietnamese refusal, the document unchanged. Conditions only, no sleeps.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { discoverModules } from '../../src-main/signing/pkcs11-modules';
import { createPkcs11Provider } from '../../src-main/signing/pkcs11-token';
import { startCscServer, type CscTestServer } from '../helpers/csc-server';
import { expect, test as base } from './fixtures';
import { api, logIn } from './helpers';
import { outgoingOffice, signedIn, approvedCongVan } from './outgoing-helpers';
import { LEADER_PIN, signingKit, type SigningKit } from './signing-helpers';
import { putBlob } from './workflow-helpers';

const SECRET = 'bí-mật-MySign-e2e-4b1d';
const PROVIDER = 'Viettel MySign (thử nghiệm)';
const ACCOUNT = '0912345678';

const test = base.extend<{ kit: SigningKit; csc: CscTestServer }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from an object pattern, even an empty one
  kit: async ({}, use) => {
    const kit = await signingKit();
    await use(kit);
    await kit.close();
  },
  // The app server sees the same SoftHSM2 folder (its token list in the sign dialog is deterministic).
  serverEnv: async ({ kit }, use) => use({ SOFTHSM2_CONF: kit.hsm.confPath }),
  // The provider's side: the leader's key on the "Token Lãnh đạo" of SoftHSM2, opened in this process.
  csc: async ({ kit }, use) => {
    const before = process.env.SOFTHSM2_CONF;
    process.env.SOFTHSM2_CONF = kit.hsm.confPath;
    const provider = createPkcs11Provider({
      modules: discoverModules('linux', [kit.hsm.modulePath], () => false),
      logger: { info() {}, warn() {}, error() {} },
    });
    const token = provider.listTokens().find((t) => t.label === 'Token Lãnh đạo')!;
    const signer = await provider.openSigner({
      tokenId: token.id,
      certFingerprint: createHash('sha256').update(kit.pki.leaves.anh.certDer).digest('hex'),
      pin: LEADER_PIN,
    });
    const csc = await startCscServer({ signer, userId: ACCOUNT, clientId: 'vanthu-e2e', clientSecret: SECRET });
    await use(csc);
    await csc.close();
    signer.close();
    provider.close();
    if (before === undefined) delete process.env.SOFTHSM2_CONF;
    else process.env.SOFTHSM2_CONF = before;
  },
});

function approvedDraft(url: string, o: Awaited<ReturnType<typeof outgoingOffice>>, kit: SigningKit, subject: string): Promise<number> {
  return approvedCongVan(url, o, {
    subject,
    pdf: fs.readFileSync(kit.files.letterPdf),
    fileName: 'Công văn báo cáo hộ nghèo.pdf',
    authority: 'TM.',
    recipients: [{ kind: 'text', name: 'Phòng Lao động - Thương binh và Xã hội huyện Kim Bảng' }],
  });
}

test('admin adds a remote signing service, the leader links his credential and signs from the phone; a refusal leaves the document unchanged', async ({
  page,
  server,
  shot,
  browser,
  kit,
  csc,
}) => {
  test.setTimeout(240_000);
  const url = server.url;
  const o = await outgoingOffice(url, false);
  // TSA, trusted test root and the leader's signature image through the API (their screens: signing.spec.ts).
  await api(url, 'signing.saveSettings', { modulePaths: [], tsaUrl: kit.tsa.url, sealPosition: 'overlap-left' }, o.adminToken);
  await api(url, 'signing.trustAdd', { certificate: kit.pki.root.certPem }, o.adminToken);
  const image = await putBlob(url, o.leader.token, 'chu-ky.png', fs.readFileSync(kit.files.signaturePng));
  await api(url, 'signing.setImage', { kind: 'signature', hash: image }, o.leader.token);
  const signDoc = await approvedDraft(url, o, kit, 'Về việc báo cáo kết quả rà soát hộ nghèo, hộ cận nghèo năm 2026');
  const refuseDoc = await approvedDraft(url, o, kit, 'Về việc tổ chức Ngày hội Đại đoàn kết toàn dân tộc năm 2026');

  // Quản trị › Chữ ký số › Cấu hình: the admin adds the service; the secret is write-only.
  await logIn(page, url, 'quantri', 'VanThu#2026x');
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Chữ ký số' }).click();
  const card = page.getByRole('region', { name: 'Dịch vụ ký số từ xa' });
  await expect(card.getByText('Chưa có dịch vụ nào.')).toBeVisible();
  await card.getByRole('button', { name: 'Thêm dịch vụ' }).click();
  const form = card.getByRole('form', { name: 'Dịch vụ ký số từ xa' });
  await form.getByLabel('Tên dịch vụ').fill(PROVIDER);
  await form.getByLabel('Địa chỉ API (CSC v1)').fill(csc.url);
  await form.getByLabel('Mã ứng dụng (client ID)').fill('vanthu-e2e');
  await form.getByLabel('Khóa bí mật (client secret)').fill(SECRET);
  await form.getByRole('button', { name: 'Lưu dịch vụ' }).click();
  await expect(page.getByText('Đã lưu dịch vụ ký số từ xa.')).toBeVisible();
  await expect(form).toHaveCount(0);
  const row = card.locator('tbody tr');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(PROVIDER);
  await expect(row).toContainText(csc.url);
  await expect(row.locator('td[data-label="Khóa bí mật"]')).toHaveText('Đã lưu');
  await expect(page.locator('body')).not.toContainText(SECRET);
  await shot(page, '95-remote-provider');

  // Ảnh chữ ký của tôi › Ký số từ xa: the leader finds his certificate at the service and links it.
  const leader = await signedIn(browser, url, o.leader.username);
  const lp = leader.page;
  await lp.getByRole('button', { name: /^Tài khoản / }).click();
  await lp.getByRole('menuitem', { name: 'Ảnh chữ ký của tôi' }).click();
  const mine = lp.getByRole('dialog', { name: 'Ảnh chữ ký của tôi' });
  const remote = mine.getByRole('region', { name: 'Ký số từ xa (SmartCA, MySign…)' });
  await expect(remote.getByLabel('Dịch vụ', { exact: true }).locator('option:checked')).toHaveText(PROVIDER);
  await remote.getByLabel('Tài khoản tại dịch vụ').fill(ACCOUNT);
  await remote.getByRole('button', { name: 'Tìm chứng thư' }).click();
  const cred = remote.getByRole('radio', { name: /Nguyễn Văn Ánh/ });
  await expect(cred).toBeChecked();
  await expect(remote.locator('label.sig-cert')).toContainText('Cấp bởi: CA thử nghiệm phục vụ cơ quan Nhà nước');
  await remote.getByRole('button', { name: 'Liên kết chứng thư này' }).click();
  await expect(remote.locator('.banner.info')).toContainText(`Đã liên kết: Nguyễn Văn Ánh tại ${PROVIDER} (tài khoản ${ACCOUNT}).`);
  await shot(lp, '96-remote-link');
  await mine.getByText('Đóng', { exact: true }).click();
  await expect(mine).toHaveCount(0);

  // Ký số → Ký từ xa → Gửi yêu cầu ký: the dialog waits for the phone, the countdown runs.
  await lp.goto(`${url}/#/van-ban-di/${signDoc}`);
  await expect(lp.getByRole('region', { name: 'Chữ ký số của tệp' })).toContainText('Không có chữ ký số');
  await lp.getByRole('toolbar', { name: 'Thao tác' }).getByRole('button', { name: 'Ký số', exact: true }).click();
  const sign = lp.getByRole('dialog', { name: 'Ký số văn bản' });
  await sign.getByRole('button', { name: 'Ký từ xa (SmartCA, MySign…)' }).click();
  const remoteDialog = lp.getByRole('dialog', { name: 'Ký số từ xa' });
  await expect(remoteDialog).toContainText(`tại dịch vụ ${PROVIDER} (tài khoản ${ACCOUNT})`);
  await remoteDialog.getByRole('button', { name: 'Gửi yêu cầu ký' }).click();
  await csc.waitForPending(1);
  const waiting = remoteDialog.getByRole('status').filter({ hasText: 'Đang chờ xác nhận trên điện thoại…' });
  await expect(waiting).toBeVisible();
  const countdown = waiting.getByRole('timer', { name: 'thời gian còn lại' });
  await expect(countdown).toHaveText(/^[12]:\d\d$/);
  const first = await countdown.textContent();
  await expect(countdown).not.toHaveText(first!); // it counts down
  await expect(remoteDialog.getByRole('button', { name: 'Đóng (vẫn chờ xác nhận)' })).toBeVisible();
  expect(csc.authorizeRequests.at(-1)!.description).toContain('Công văn báo cáo hộ nghèo.pdf');
  await shot(lp, '97-remote-waiting');

  // The phone approves: success in the dialog, a valid signature by the certificate's holder.
  csc.approve();
  await expect(remoteDialog.getByText('Đã ký số từ xa thành công; phiên bản mới của văn bản đã được lưu.')).toBeVisible();
  await expect(remoteDialog.getByRole('status').filter({ hasText: 'Đang chờ xác nhận' })).toHaveCount(0);
  await expect(lp.locator('.sig-done .sig-verdict')).toHaveText('Hợp lệ');
  await shot(lp, '98-remote-signed');
  await remoteDialog.getByText('Đóng', { exact: true }).click();
  await expect(remoteDialog).toHaveCount(0);
  const panel = lp.getByRole('region', { name: 'Chữ ký số của tệp' });
  await expect(panel.locator('.sig-item')).toHaveCount(1);
  await expect(panel.locator('.sig-item').first()).toContainText('Nguyễn Văn Ánh');
  await expect(panel.locator('.sig-item').first().locator('.sig-verdict')).toHaveText('Hợp lệ');
  const signed = await api<{ currentVersion: number }>(url, 'outgoing.get', { id: signDoc }, o.leader.token);
  expect(signed.currentVersion).toBe(2);

  // The second draft at phone size (once the first request is done: the server's job runner asks one at a time).
  const phone = await signedIn(browser, url, o.leader.username, { width: 360, height: 740 });
  const pp = phone.page;
  await pp.goto(`${url}/#/van-ban-di/${refuseDoc}`);
  await pp.getByRole('toolbar', { name: 'Thao tác' }).getByRole('button', { name: 'Ký số', exact: true }).click();
  await pp.getByRole('dialog', { name: 'Ký số văn bản' }).getByRole('button', { name: 'Ký từ xa (SmartCA, MySign…)' }).click();
  const phoneDialog = pp.getByRole('dialog', { name: 'Ký số từ xa' });
  await phoneDialog.getByRole('button', { name: 'Gửi yêu cầu ký' }).click();
  await csc.waitForPending(1);
  await expect(phoneDialog.getByRole('status').filter({ hasText: 'Đang chờ xác nhận trên điện thoại…' })).toBeVisible();
  await expect(phoneDialog.getByRole('timer', { name: 'thời gian còn lại' })).toHaveText(/^[12]:\d\d$/);
  await expect.poll(() => pp.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  const box = await phoneDialog.boundingBox();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(360);
  await shot(pp, '97-remote-waiting-phone');

  // The phone refuses it: the refusal in Vietnamese, the document unchanged.
  csc.refuse();
  await expect(phoneDialog.getByRole('alert')).toHaveText('Yêu cầu ký đã bị từ chối trên điện thoại. Văn bản chưa được ký.');
  await expect(phoneDialog.getByRole('button', { name: 'Gửi lại yêu cầu ký' })).toBeVisible();
  await shot(pp, '99-remote-refused');
  await phoneDialog.getByText('Đóng', { exact: true }).click();
  await expect(phoneDialog).toHaveCount(0);
  await expect(pp.getByRole('region', { name: 'Chữ ký số của tệp' })).toContainText('Không có chữ ký số');
  const refused = await api<{ currentVersion: number }>(url, 'outgoing.get', { id: refuseDoc }, o.leader.token);
  expect(refused.currentVersion).toBe(1);
  expect(csc.pending()).toBe(0);

  for (const p of [leader, phone]) expect(p.problems).toEqual([]);
});
