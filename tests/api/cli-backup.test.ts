// `vanthu backup now|verify|list` and `vanthu restore` as an administrator runs them: exit 0 when all is well,
// 1 with "Lỗi <mã>: …" (a damaged backup names its file, a non-empty target is refused), 2 for a wrong usage.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/core';

const run = (args: string[], env: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, ['src-main/bin/vanthu.mjs', ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('vanthu backup and restore', () => {
  it('backs up, lists, verifies and restores; refuses damage, a non-empty target and wrong usage', { timeout: 240_000 }, () => {
    const dir = tempDir('vanthu-cli-bk-');
    const dest = tempDir('vanthu-cli-bk-dest-');
    const init = run([
      'init',
      '--data-dir',
      dir,
      '--org-code',
      '000.00.12.H35',
      '--org-name',
      'Ủy ban nhân dân xã Đồng Hóa',
      '--org-abbr',
      'UBND',
      '--admin-user',
      'quantri',
      '--admin-password',
      'Khoi@tao2026',
    ]);
    expect(init.code).toBe(0);

    expect(run(['backup', 'now', '--data-dir', dir, '--dest', path.join(dir, 'saoluu')]).err).toMatch(/^Lỗi backup_dest_invalid: Không được sao lưu vào trong thư mục dữ liệu/);
    const now = run(['backup', 'now', '--data-dir', dir, '--dest', dest]);
    expect(now.err).toBe('');
    expect(now.code).toBe(0);
    expect(now.out).toMatch(/^Đã sao lưu vanthu-\d{8}-\d{6} vào /);
    const id = fs.readdirSync(dest).find((x) => x.startsWith('vanthu-'))!;

    const list = run(['backup', 'list', dest]);
    expect(list.code).toBe(0);
    expect(list.out).toContain(id);

    const ok = run(['backup', 'verify', dest]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/Tất cả 1 bản sao lưu đều kiểm tra tốt/);

    const target = path.join(tempDir('vanthu-cli-restore-'), 'du-lieu-moi');
    const restored = run(['restore', path.join(dest, id), target]);
    expect(restored.err).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.out).toMatch(/Nhật ký hệ thống: \d+ dòng, toàn vẹn, khớp mốc/);
    expect(run(['audit', 'verify', '--data-dir', target]).code).toBe(0);
    // The restored office is a working one: its users are there.
    expect(run(['user', 'list', '--data-dir', target]).out).toMatch(/quantri/);

    const again = run(['restore', path.join(dest, id), target]);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/^Lỗi restore_target_not_empty: /);

    // One flipped byte in a chunk of the database (in the pool, named by the SHA-256 of its bytes).
    const m = JSON.parse(fs.readFileSync(path.join(dest, id, 'manifest.json'), 'utf8')) as { pool: string; db: { chunks: string[] } };
    const h = m.db.chunks[0];
    const chunk = path.join(dest, m.pool, h.slice(0, 2), h);
    fs.chmodSync(chunk, 0o644);
    const b = fs.readFileSync(chunk);
    b[b.length >> 1] ^= 1;
    fs.writeFileSync(chunk, b);
    const bad = run(['backup', 'verify', dest]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(new RegExp(`^Lỗi backup_corrupt: Bản sao lưu bị hỏng: tệp "pool/${h.slice(0, 2)}/${h}" đã bị thay đổi`));
    const target2 = path.join(tempDir('vanthu-cli-restore-'), 'moi');
    expect(run(['restore', path.join(dest, id), target2]).code).toBe(1);
    expect(fs.existsSync(target2)).toBe(false);

    expect(run(['backup', 'verify']).code).toBe(2);
    expect(run(['restore', dest]).code).toBe(2);
    expect(run(['backup', 'lam-gi']).code).toBe(2);
  });
});
