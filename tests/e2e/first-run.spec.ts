// A new office: first-run setup -> admin logs in -> forced password change -> creates a văn thư -> who logs in.
import { expect, test } from './fixtures';

test('first run, admin, forced password change, a văn thư account', async ({ page, server, shot }) => {
  await page.goto(server.url);
  await expect(page.getByRole('heading', { name: 'Thiết lập VănThư lần đầu' })).toBeVisible();
  await shot(page, '01-thiet-lap');

  await page.getByLabel('Tên cơ quan').fill('Ủy ban nhân dân xã Đồng Hóa');
  await page.getByLabel('Cơ quan chủ quản').fill('Ủy ban nhân dân huyện Kim Bảng');
  await page.getByLabel('Mã định danh điện tử').fill('000.00.12.H35');
  await page.getByLabel('Địa danh').fill('Đồng Hóa');
  await page.getByLabel('Họ và tên').fill('Nguyễn Văn Quản');
  await expect(page.getByLabel('Tên đăng nhập')).toHaveValue('nguyenvanquan');
  await page.getByLabel('Mật khẩu khởi tạo').fill('Khoi@tao2026');
  await page.getByLabel('Nhập lại mật khẩu').fill('Khoi@tao2026');
  await page.getByRole('button', { name: 'Hoàn tất thiết lập' }).click();

  await expect(page.getByText('Đã thiết lập xong')).toBeVisible();
  await expect(page.getByLabel('Tên đăng nhập')).toHaveValue('nguyenvanquan');
  // Keyboard only: password, then Enter.
  await page.getByLabel('Mật khẩu').fill('Khoi@tao2026');
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { name: 'Đổi mật khẩu' })).toBeVisible();
  await page.getByLabel('Mật khẩu hiện tại').fill('Khoi@tao2026');
  await page.getByLabel('Mật khẩu mới', { exact: true }).fill('khongdumanh');
  await shot(page, '02-doi-mat-khau');
  await page.getByLabel('Nhập lại mật khẩu mới').fill('khongdumanh');
  await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
  await expect(page.getByText('Mật khẩu phải có chữ hoa.').first()).toBeVisible();
  await page.getByLabel('Mật khẩu mới', { exact: true }).fill('QuanTri#2026');
  await page.getByLabel('Nhập lại mật khẩu mới').fill('QuanTri#2026');
  await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();

  await expect(page.getByRole('heading', { name: 'Tổng quan', level: 1 })).toBeVisible();
  await page.getByRole('link', { name: 'Người dùng' }).click();
  await expect(page.getByRole('heading', { name: 'Người dùng' })).toBeVisible();
  await shot(page, '03-nguoi-dung');

  await page.getByRole('button', { name: '+ Thêm tài khoản' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Họ và tên').fill('Trần Thị Thư');
  await expect(dialog.getByLabel('Tên đăng nhập')).toHaveValue('tranthithu');
  await dialog.getByLabel('Chuyên viên').uncheck();
  await dialog.getByLabel('Văn thư').check();
  await shot(page, '04-them-tai-khoan');
  await dialog.getByRole('button', { name: 'Tạo tài khoản' }).click();

  const secret = page.getByRole('dialog', { name: 'Mật khẩu tạm thời' }).locator('.secret');
  await expect(secret).toBeVisible();
  const temporary = (await secret.textContent())!.trim();
  expect(temporary.length).toBeGreaterThanOrEqual(12);
  await shot(page, '05-mat-khau-tam');
  await page.getByRole('button', { name: 'Đã ghi lại' }).click();
  await expect(page.getByRole('cell', { name: 'tranthithu' })).toBeVisible();

  await page.getByRole('button', { name: 'Tài khoản Nguyễn Văn Quản' }).click();
  await page.getByRole('menuitem', { name: 'Đăng xuất' }).click();
  await expect(page.getByText('Bạn đã đăng xuất.')).toBeVisible();

  await page.getByLabel('Tên đăng nhập').fill('tranthithu');
  await page.getByLabel('Mật khẩu').fill(temporary);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.getByRole('heading', { name: 'Đổi mật khẩu' })).toBeVisible();
  await page.getByLabel('Mật khẩu hiện tại').fill(temporary);
  await page.getByLabel('Mật khẩu mới', { exact: true }).fill('VanThu@2026');
  await page.getByLabel('Nhập lại mật khẩu mới').fill('VanThu@2026');
  await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();

  // A văn thư has no admin area.
  await expect(page.getByRole('button', { name: 'Tài khoản Trần Thị Thư' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Điều hướng chính' })).not.toContainText('Người dùng');
  await shot(page, '06-van-thu');
});

test('the audit screen shows the chain intact and refuses the wrong password', async ({ page, server, shot }) => {
  await page.goto(server.url);
  await page.getByLabel('Tên cơ quan').fill('Ủy ban nhân dân xã Thi Sơn');
  await page.getByLabel('Mã định danh điện tử').fill('000.00.13.H35');
  await page.getByLabel('Họ và tên').fill('Lê Quản Trị');
  await page.getByLabel('Mật khẩu khởi tạo').fill('Khoi@tao2026');
  await page.getByLabel('Nhập lại mật khẩu').fill('Khoi@tao2026');
  await page.getByRole('button', { name: 'Hoàn tất thiết lập' }).click();
  await expect(page.getByText('Đã thiết lập xong')).toBeVisible();
  await page.getByLabel('Mật khẩu').fill('Sai@matkhau1');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.getByText('Tên đăng nhập hoặc mật khẩu không đúng.')).toBeVisible();
  await shot(page, '07-dang-nhap-sai');
  await page.getByLabel('Mật khẩu').fill('Khoi@tao2026');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByLabel('Mật khẩu hiện tại').fill('Khoi@tao2026');
  await page.getByLabel('Mật khẩu mới', { exact: true }).fill('QuanTri#2026');
  await page.getByLabel('Nhập lại mật khẩu mới').fill('QuanTri#2026');
  await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
  await page.keyboard.press('Alt+4');
  await page.getByRole('link', { name: 'Nhật ký hệ thống' }).click();
  await page.getByRole('button', { name: 'Kiểm tra toàn vẹn' }).click();
  await expect(page.getByText(/Chuỗi nhật ký toàn vẹn: đã kiểm tra \d+ dòng/)).toBeVisible();
  await expect(page.getByRole('cell', { name: /Bị từ chối quyền|Thất bại/ }).first()).toBeVisible();

  // Readable on an office laptop (1366×768): details get the room, a long one is two lines until opened.
  await page.setViewportSize({ width: 1366, height: 768 });
  const setupRow = page.getByRole('row').filter({ hasText: 'setup.init' });
  const details = setupRow.getByRole('cell').nth(5);
  expect((await details.boundingBox())!.width).toBeGreaterThan(300);
  expect((await setupRow.boundingBox())!.height).toBeLessThan(120);
  await setupRow.getByRole('button', { name: 'Xem đầy đủ' }).click();
  await expect(details.locator('pre')).toContainText('"code": "000.00.13.H35"');
  await shot(page, '08-nhat-ky');
  await setupRow.getByRole('button', { name: 'Thu gọn' }).click();
  await expect(details.locator('pre')).toHaveCount(0);
});
