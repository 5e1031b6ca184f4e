// The `vanthu` command as an installer or administrator would run it: scripted setup, users, audit verification.
import { execFileSync, spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/core';

const run = (args: string[]) => {
  const r = spawnSync(process.execPath, ['src-main/bin/vanthu.mjs', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('vanthu command', () => {
  // Eleven runs of the command, each a fresh Node process: seconds apiece on a busy 2-core machine.
  it('sets up an office, manages users and verifies the audit chain', { timeout: 180_000 }, () => {
    const dir = tempDir('vanthu-cli-');
    const bad = run(['init', '--data-dir', dir, '--org-code', 'H35 xã', '--org-name', 'UBND', '--org-abbr', 'UBND', '--admin-user', 'quantri', '--admin-password', 'Khoi@tao2026']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/org\.code: Mã định danh/);

    const init = run([
      'init',
      '--data-dir',
      dir,
      '--org-code',
      '000.00.12.H35',
      '--org-name',
      'Ủy ban nhân dân xã Đồng Hóa',
      '--org-abbr',
      'ubnd',
      '--admin-user',
      'quantri',
      '--admin-password',
      'Khoi@tao2026',
    ]);
    expect(init.code).toBe(0);
    expect(init.out).toContain('Đã thiết lập Ủy ban nhân dân xã Đồng Hóa (000.00.12.H35)');
    expect(
      run(['init', '--data-dir', dir, '--org-code', '000.00.12.H35', '--org-name', 'X', '--org-abbr', 'X', '--admin-user', 'khac', '--admin-password', 'Khoi@tao2026']).err,
    ).toMatch(/đã được thiết lập/);

    const add = run(['user', 'add', '--data-dir', dir, '--full-name', 'Trần Văn A', '--roles', 'clerk,staff']);
    expect(add.code).toBe(0);
    expect(add.out).toMatch(/Đã tạo tài khoản tranvana/);
    expect(add.out).toMatch(/Mật khẩu tạm thời: \S{12,}/);
    expect(run(['user', 'add', '--data-dir', dir, '--full-name', 'Trần Văn A', '--roles', 'chief']).err).toMatch(/Vai trò không hợp lệ: chief/);
    expect(run(['user', 'disable', '--data-dir', dir, '--username', 'tranvana', '--reason', 'Nghỉ hưu']).code).toBe(0);
    const list = run(['user', 'list', '--data-dir', dir]);
    expect(list.out).toMatch(/tranvana\s+Trần Văn A\s+clerk,staff\s+vô hiệu hóa/);
    expect(run(['user', 'disable', '--data-dir', dir, '--username', 'quantri']).err).toMatch(/ít nhất một quản trị/);

    const ok = run(['audit', 'verify', '--data-dir', dir]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/Nhật ký toàn vẹn: đã kiểm tra \d+ dòng/);
    // Someone edits the database by hand: verification says where.
    const db = new Database(path.join(dir, 'vanthu.db'));
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare("UPDATE audit_log SET details = '{}' WHERE id = 2").run();
    db.close();
    const broken = run(['audit', 'verify', '--data-dir', dir]);
    expect(broken.code).toBe(2);
    expect(broken.out).toMatch(/NHẬT KÝ BỊ SAI LỆCH tại dòng 2/);
  });

  // Five fresh Node processes: over 30 s on a 2-core machine that is also running the browser suite.
  it('says when rows were cut from the end of the audit log, and when all is well', { timeout: 120_000 }, () => {
    const dir = tempDir('vanthu-cli-');
    expect(
      run(['init', '--data-dir', dir, '--org-code', '000.00.12.H35', '--org-name', 'UBND xã', '--org-abbr', 'UBND', '--admin-user', 'quantri', '--admin-password', 'Khoi@tao2026'])
        .code,
    ).toBe(0);
    for (const name of ['Nguyễn Văn Một', 'Nguyễn Văn Hai']) expect(run(['user', 'add', '--data-dir', dir, '--full-name', name, '--roles', 'staff']).code).toBe(0);
    const ok = run(['audit', 'verify', '--data-dir', dir]);
    expect(ok.out).toMatch(/Nhật ký toàn vẹn: đã kiểm tra 3 dòng\. Khớp tệp neo\. Mọi dòng có khóa HMAC\./);
    const db = new Database(path.join(dir, 'vanthu.db'));
    db.exec('DROP TRIGGER audit_log_no_delete');
    db.prepare('DELETE FROM audit_log WHERE id > 1').run();
    db.close();
    const cut = run(['audit', 'verify', '--data-dir', dir]);
    expect(cut.code).toBe(2);
    expect(cut.out).toMatch(/MẤT 2 DÒNG CUỐI \(từ dòng 2\)/);
  });

  it('unlocks a locked account from the machine itself, audited', { timeout: 120_000 }, () => {
    const dir = tempDir('vanthu-cli-');
    expect(
      run(['init', '--data-dir', dir, '--org-code', '000.00.12.H35', '--org-name', 'UBND xã', '--org-abbr', 'UBND', '--admin-user', 'quantri', '--admin-password', 'Khoi@tao2026'])
        .code,
    ).toBe(0);
    // As five network failures leave it.
    const db = new Database(path.join(dir, 'vanthu.db'));
    db.prepare("UPDATE users SET locked_until = ?, failed_logins = 0 WHERE username = 'quantri'").run(Date.now() + 15 * 60_000);
    db.close();
    const r = run(['user', 'unlock', 'quantri', '--data-dir', dir]);
    expect(r.err).toBe('');
    expect(r.out).toContain('Đã mở khóa quantri.');
    const after = new Database(path.join(dir, 'vanthu.db'), { readonly: true });
    expect(after.prepare("SELECT locked_until FROM users WHERE username = 'quantri'").get()).toEqual({ locked_until: null });
    expect(after.prepare("SELECT actor_name, details FROM audit_log WHERE action = 'users.unlock'").all()).toEqual([
      { actor_name: 'dong-lenh', details: JSON.stringify({ wasLocked: true }) },
    ]);
    after.close();
    expect(run(['user', 'unlock', 'khongco', '--data-dir', dir]).err).toMatch(/Không có tài khoản "khongco"/);
  });

  it('prints help in Vietnamese and rejects unknown commands', () => {
    expect(execFileSync(process.execPath, ['src-main/bin/vanthu.mjs', '--help'], { encoding: 'utf8' })).toContain('vanthu init --data-dir D');
    expect(run(['bay', '--data-dir', tempDir()]).err).toMatch(/Lệnh không hợp lệ: bay/);
  });
});
