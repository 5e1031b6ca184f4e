// The admin catalogues behind văn bản đến, driven as an administrator would: a new document type, the agency
// directory imported from a CSV (a rejected file first, then a good one) and found without diacritics, a make-up
// working day and the year's confirmation on the calendar, and a new register.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { addDays, todayVn, weekdayOf } from '../../src-shared/calendar/vn-time';
import { expect, test } from './fixtures';

async function setUpAndLogIn(page: Page, url: string) {
  await page.goto(url);
  await page.getByLabel('Tên cơ quan').fill('Ủy ban nhân dân xã Đồng Hóa');
  await page.getByLabel('Mã định danh điện tử').fill('000.00.12.H35');
  await page.getByLabel('Họ và tên').fill('Nguyễn Văn Quản');
  await page.getByLabel('Mật khẩu khởi tạo').fill('Khoi@tao2026');
  await page.getByLabel('Nhập lại mật khẩu').fill('Khoi@tao2026');
  await page.getByRole('button', { name: 'Hoàn tất thiết lập' }).click();
  await expect(page.getByText('Đã thiết lập xong')).toBeVisible();
  await page.getByLabel('Mật khẩu').fill('Khoi@tao2026');
  await page.keyboard.press('Enter');
  await page.getByLabel('Mật khẩu hiện tại').fill('Khoi@tao2026');
  await page.getByLabel('Mật khẩu mới', { exact: true }).fill('VanThu#2026x');
  await page.getByLabel('Nhập lại mật khẩu mới').fill('VanThu#2026x');
  await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
  await expect(page.getByRole('button', { name: 'Tài khoản Nguyễn Văn Quản' })).toBeVisible();
}

const goTo = (page: Page, label: string) => page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: label, exact: true }).click();

test('admin catalogues: document type, agency import and search, calendar, register', async ({ page, server, shot }, testInfo) => {
  const year = Number(todayVn(Date.now()).slice(0, 4));
  await setUpAndLogIn(page, server.url);

  // ---- Loại văn bản: add a type in the table, Enter saves ------------------------------------------------------
  await goTo(page, 'Loại văn bản');
  await expect(page.getByRole('heading', { name: 'Loại văn bản' })).toBeVisible();
  await expect(page.getByRole('row', { name: /Công văn/ }).getByText('theo NĐ 30')).toBeVisible();
  await page.getByRole('button', { name: '+ Thêm loại văn bản' }).click();
  await page.getByLabel('Tên loại văn bản mới').fill('Giấy xác nhận');
  await page.getByLabel('Viết tắt của loại văn bản mới').fill('GXN');
  await shot(page, 'qt-01-them-loai-van-ban');
  await page.getByLabel('Viết tắt của loại văn bản mới').press('Enter');
  await expect(page.getByText('Đã thêm loại văn bản Giấy xác nhận.')).toBeVisible();
  const added = page.getByRole('row', { name: /Giấy xác nhận/ });
  await expect(added).toContainText('GXN');
  await expect(added).toContainText('Đang dùng');
  await expect(added.getByText('theo NĐ 30')).toHaveCount(0);
  await shot(page, 'qt-02-loai-van-ban');

  // ---- Danh mục cơ quan: a file with errors is refused whole, then a good file is imported -----------------------
  await goTo(page, 'Danh mục cơ quan');
  await expect(page.getByRole('heading', { name: 'Danh mục cơ quan' })).toBeVisible();
  await expect(page.getByText('Danh mục chưa có cơ quan nào.', { exact: false })).toBeVisible();
  const bad = testInfo.outputPath('co-quan-loi.csv');
  const good = testInfo.outputPath('danh-muc-co-quan.csv');
  fs.mkdirSync(path.dirname(bad), { recursive: true });
  fs.writeFileSync(bad, 'Mã định danh;Tên cơ quan;Mã cơ quan cấp trên\n000.00.00.H35;Ủy ban nhân dân tỉnh Hà Nam;\n000.00.00.H35;Trùng mã;\n', 'utf8');
  fs.writeFileSync(
    good,
    [
      'Mã định danh;Tên cơ quan;Mã cơ quan cấp trên',
      '000.00.00.H35;Ủy ban nhân dân tỉnh Hà Nam;',
      '000.00.12.H35;Ủy ban nhân dân huyện Kim Bảng;000.00.00.H35',
      '000.05.00.H35;Sở Nội vụ tỉnh Hà Nam;000.00.00.H35',
      ';Công an xã Đồng Hóa;',
      '',
    ].join('\n'),
    'utf8',
  );
  const importFile = async (file: string) => {
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Nhập từ tệp CSV/XLSX' }).click()]);
    await chooser.setFiles(file);
  };

  await importFile(bad);
  const rejected = page.getByRole('dialog', { name: 'Tệp danh mục chưa nhập được' });
  await expect(rejected).toBeVisible();
  await expect(rejected.getByRole('row', { name: /^3 .*trùng với dòng 2/ })).toBeVisible();
  await shot(page, 'qt-03-tep-co-quan-loi');
  await page.keyboard.press('Escape');
  await expect(rejected).toBeHidden();
  await expect(page.getByText('0 cơ quan', { exact: true })).toBeVisible();

  await importFile(good);
  await expect(page.getByText('Đã nhập danh-muc-co-quan.csv: thêm 4, cập nhật 0 cơ quan.')).toBeVisible();
  await expect(page.getByText('4 cơ quan', { exact: true })).toBeVisible();
  await page.getByLabel('Tìm cơ quan').fill('noi vu tinh ha nam');
  await expect(page.getByRole('cell', { name: 'Sở Nội vụ tỉnh Hà Nam', exact: true })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Ủy ban nhân dân huyện Kim Bảng', exact: true })).toHaveCount(0);
  await expect(page.getByText('1 cơ quan phù hợp')).toBeVisible();
  await shot(page, 'qt-04-tim-co-quan-khong-dau');
  await page.getByLabel('Tìm cơ quan').fill('dong hoa');
  await expect(page.getByRole('cell', { name: 'Công an xã Đồng Hóa', exact: true })).toBeVisible();

  // ---- Lịch nghỉ, làm bù: a make-up working day on a Saturday, then confirm the year -----------------------------
  await goTo(page, 'Lịch nghỉ, làm bù');
  await expect(page.getByRole('heading', { name: 'Lịch nghỉ, làm bù' })).toBeVisible();
  await expect(page.getByText('Thứ Hai – Thứ Sáu')).toBeVisible();
  await expect(page.getByText(`Lịch năm ${year} có`)).toBeVisible();
  await expect(page.getByText('Chưa xác nhận').first()).toBeVisible();
  // The first Saturday of March: no holiday or suggested day falls in March.
  let saturday = `${year}-03-01`;
  while (weekdayOf(saturday) !== 6) saturday = addDays(saturday, 1);
  const shown = `${saturday.slice(8, 10)}/${saturday.slice(5, 7)}/${year}`;

  await page.getByRole('button', { name: '+ Thêm ngày' }).click();
  const day = page.getByRole('dialog', { name: 'Thêm ngày nghỉ hoặc làm bù' });
  await day.getByRole('textbox', { name: 'Ngày', exact: true }).fill(shown);
  await day.getByLabel('Loại ngày').selectOption('workday');
  await day.getByLabel('Tên ngày').fill('Làm bù theo thông báo của Bộ Nội vụ');
  await expect(day.getByText('Thứ Bảy', { exact: true })).toBeVisible();
  await shot(page, 'qt-05-them-ngay-lam-bu');
  await day.getByLabel('Tên ngày').press('Enter');
  await expect(day).toBeHidden();
  const row = page.getByRole('row', { name: new RegExp(shown) });
  await expect(row).toContainText('Thứ Bảy');
  await expect(row).toContainText('Làm bù');
  await expect(row).toContainText('Đã xác nhận');

  await page.getByRole('button', { name: `Xác nhận lịch năm ${year}` }).click();
  const confirm = page.getByRole('dialog', { name: `Xác nhận lịch năm ${year}` });
  await expect(confirm.getByText('Tết Nguyên đán (mùng 1)')).toBeVisible();
  await confirm.getByLabel('Căn cứ (thông báo chính thức)').fill(`Thông báo số 6150/TB-BNV về lịch nghỉ năm ${year}`);
  await shot(page, 'qt-06-xac-nhan-lich');
  await confirm.getByRole('button', { name: `Xác nhận lịch năm ${year}` }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByText(`Lịch năm ${year} đã được xác nhận.`)).toBeVisible();
  await expect(page.getByText('Chưa xác nhận')).toHaveCount(0);
  // Statutory days cannot be deleted from here.
  await expect(page.getByRole('row', { name: /Tết Dương lịch/ }).getByText('Theo luật')).toBeVisible();
  await expect(page.getByRole('button', { name: `Xóa ngày 01/01/${year}` })).toHaveCount(0);
  await shot(page, 'qt-07-lich-da-xac-nhan');

  // ---- Sổ văn bản: create a register for this year ---------------------------------------------------------------
  await goTo(page, 'Sổ văn bản');
  await expect(page.getByRole('heading', { name: 'Sổ văn bản' })).toBeVisible();
  await expect(page.getByText('tự tạo sổ của năm mới')).toBeVisible();
  await page.getByRole('button', { name: '+ Thêm sổ' }).click();
  const reg = page.getByRole('dialog', { name: `Thêm sổ văn bản năm ${year}` });
  await reg.getByLabel('Tên sổ').fill('Sổ đăng ký đơn thư');
  await reg.getByLabel('Loại sổ').selectOption('in');
  await reg.getByLabel('Mã sổ').fill('Đơn thư');
  await reg.getByRole('button', { name: 'Tạo sổ' }).click();
  await expect(reg.getByText('Mã sổ gồm chữ thường không dấu')).toBeVisible();
  await reg.getByLabel('Mã sổ').fill('don-thu');
  await reg.getByLabel('Mô tả').fill('Đơn, thư của công dân');
  await reg.getByLabel('Mô tả').press('Enter');
  await expect(reg).toBeHidden();
  const created = page.getByRole('row', { name: /Sổ đăng ký đơn thư/ });
  await expect(created).toContainText('Văn bản đến');
  await expect(created).toContainText('don-thu');
  await expect(created).toContainText('Chưa cấp số');
  await expect(page.getByRole('row', { name: /Sổ đăng ký văn bản đến/ })).toContainText('Mặc định');
  await shot(page, 'qt-08-so-van-ban');
});
