// Per-document access on screen: the văn thư registers a restricted document, sends it "để biết" to one staff member
// by picking her from the office directory, and that staff member sees it — and only it — in her register.
import { expect, test } from './fixtures';
import { api, logIn, officeWithClerk } from './helpers';

test('a restricted document sent "để biết" is seen by its recipient and nobody else on staff', async ({ page, server, shot, browser }) => {
  const o = await officeWithClerk(server.url);
  const unit = await api<{ id: number }>(server.url, 'units.create', { name: 'Phòng Văn hóa - Xã hội', code: 'VHXH', parentId: null }, o.adminToken);
  for (const [fullName, username] of [
    ['Lê Thị Chuyên', 'lethichuyen'],
    ['Phan Văn Khác', 'phanvankhac'],
  ]) {
    await api(server.url, 'users.create', { fullName, username, roles: ['staff'], unitId: unit.id, password: 'Tam@thoi2026' }, o.adminToken);
    const l = await api<{ token: string }>(server.url, 'auth.login', { username, password: 'Tam@thoi2026' });
    await api(server.url, 'auth.changePassword', { currentPassword: 'Tam@thoi2026', newPassword: 'VanThu@2026' }, l.token);
  }
  // An ordinary document the staff member is never given.
  const regs = await api<Array<{ id: number }>>(server.url, 'registers.list', { direction: 'in', year: new Date().getFullYear() }, o.clerkToken);
  await api(
    server.url,
    'incoming.register',
    {
      registerId: regs[0].id,
      issuer: { agencyId: null, code: null, name: 'Công an huyện Kim Bảng' },
      subject: 'Về việc tuần tra an ninh dịp Tết',
      codeNumber: '12',
      codeNotation: 'CAH',
    },
    o.clerkToken,
  );

  await logIn(page, server.url, o.clerk.username, o.clerk.password);
  await page.getByRole('button', { name: '+ Vào sổ văn bản đến' }).click();
  await page.getByRole('combobox', { name: /Cơ quan ban hành/ }).fill('Thanh tra huyện Kim Bảng');
  await page.getByLabel('Số', { exact: true }).fill('7');
  await page.getByLabel('Ký hiệu').fill('TTr');
  await page.getByLabel('Trích yếu nội dung').fill('Về việc xác minh đơn tố cáo liên quan cán bộ văn hóa xã');
  await page.getByRole('checkbox', { name: /Hạn chế/ }).check();
  await shot(page, '40-vao-so-han-che');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('heading', { name: 'Văn bản đến số 2' })).toBeVisible();
  await expect(page.locator('.page-head .badge', { hasText: 'Hạn chế' })).toBeVisible();
  await expect(page.getByText('Chưa giao, chưa gửi để biết cho ai.')).toBeVisible();

  // Gửi để biết: filter the directory without diacritics, tick her, send.
  await page.getByRole('button', { name: 'Gửi để biết…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Gửi văn bản để biết' });
  await dialog.getByLabel('Lọc theo tên').fill('le thi chuyen');
  await dialog.getByRole('checkbox', { name: /Lê Thị Chuyên/ }).check();
  await expect(dialog.getByRole('checkbox', { name: /Phan Văn Khác/ })).toHaveCount(0);
  await shot(page, '41-gui-de-biet');
  await dialog.getByRole('button', { name: 'Gửi để biết' }).click();
  await expect(page.locator('.access-list')).toContainText('Lê Thị Chuyên');
  await shot(page, '42-nguoi-duoc-xem');

  // She sees that one document, not the ordinary one she was never given.
  const hers = await browser.newPage();
  await logIn(hers, server.url, 'lethichuyen', 'VanThu@2026');
  await hers.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Văn bản đến' }).click();
  await expect(hers.getByText('xác minh đơn tố cáo')).toBeVisible();
  await expect(hers.getByText('tuần tra an ninh')).toHaveCount(0);
  await shot(hers, '43-chuyen-vien-thay-van-ban-duoc-gui');
  await hers.close();

  // Her colleague in the same unit sees nothing, by list or by search.
  const other = await browser.newPage();
  await logIn(other, server.url, 'phanvankhac', 'VanThu@2026');
  await other.keyboard.press('/');
  await other.keyboard.type('to cao can bo van hoa');
  await other.keyboard.press('Enter');
  await expect(other.getByText(/Không tìm thấy|0 kết quả|Không có/).first()).toBeVisible();
  await expect(other.getByText('xác minh đơn tố cáo')).toHaveCount(0);
  await other.close();
});
