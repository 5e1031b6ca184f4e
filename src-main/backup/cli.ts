// The `vanthu backup now|verify|list` and `vanthu restore` commands. `now` goes through dispatch as the local admin
// like every command; verify, list and restore read a backup folder and need no data folder (a USB disk on any
// machine). Exit codes: 0 ok, 1 `Lỗi <mã>: …`, 2 usage. The passphrase comes from VANTHU_BACKUP_PASSPHRASE, never
// from the command line (which other users of the machine can read).

import path from 'node:path';
import type { BackupRunDto } from '../../src-shared/api/backup';
import { formatVnDateTime } from '../../src-shared/calendar/vn-time';
import { AppError } from '../../src-shared/errors';
import type { Core } from '../core';
import { packageRoot, packageVersion, systemClock } from '../env';
import { listBackupDirs, MANIFEST, restoreBackup, verifyFolder, type Manifest } from './engine';
import { openCheck } from './restore-check';
import fs from 'node:fs';

export const BACKUP_HELP = `  vanthu backup now [--dest THƯ_MỤC] [--data-dir D]
              sao lưu ngay (vào thư mục đã đặt, hoặc đặt thư mục mới bằng --dest); mã hóa khi đã bật trong cài đặt
  vanthu backup verify THƯ_MỤC
              kiểm tra một bản sao lưu hoặc mọi bản trong thư mục sao lưu: mã băm từng tệp, nhật ký mốc, chuỗi nhật ký
  vanthu backup list [THƯ_MỤC] [--data-dir D]
  vanthu restore BẢN_SAO_LƯU THƯ_MỤC_DỮ_LIỆU_MỚI
              phục hồi vào một thư mục dữ liệu MỚI (không ghi đè), mở thử và kiểm tra nhật ký rồi in báo cáo
              Bản sao lưu mã hóa: đặt mật khẩu vào biến môi trường VANTHU_BACKUP_PASSPHRASE.
              Mã thoát: 0 thành công, 1 lỗi (in "Lỗi <mã>: <lý do>"), 2 sai cách dùng
`;

const passphrase = () => process.env.VANTHU_BACKUP_PASSPHRASE || undefined;
const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;

function fail(e: unknown): number {
  if (!(e instanceof AppError)) throw e;
  process.stderr.write(`Lỗi ${e.code}: ${e.message}\n`);
  return 1;
}

function usage(text: string): number {
  process.stderr.write(`Lỗi: ${text}\n\nCách dùng:\n${BACKUP_HELP}`);
  return 2;
}

/** `vanthu backup verify|list FOLDER` and `vanthu restore`: no core needed. Returns null for commands it does not own. */
export async function backupCliStandalone(cmd: string, sub: string | undefined, args: string[]): Promise<number | null> {
  if (cmd === 'restore') {
    const [from, to] = [sub, args[0]];
    if (!from || !to) return usage('cần bản sao lưu và thư mục dữ liệu mới: vanthu restore BẢN_SAO_LƯU THƯ_MỤC_MỚI');
    try {
      const root = packageRoot();
      process.stdout.write(`Đang kiểm tra và phục hồi ${path.resolve(from)} vào ${path.resolve(to)} …\n`);
      const r = await restoreBackup(from, to, {
        passphrase: passphrase(),
        openCheck: openCheck({ resourcesDir: path.join(root, 'resources'), version: packageVersion(root), clock: systemClock }),
      });
      const last = r.opened.lastAudit;
      process.stdout.write(
        [
          `Đã phục hồi bản sao lưu ${r.verify.id} (lập lúc ${formatVnDateTime(r.verify.createdAt)}${r.verify.encrypted ? ', có mã hóa' : ''}) vào ${r.target}.`,
          `Văn bản: ${r.opened.documents}; tệp đính kèm: ${r.opened.files}; tệp trong kho: ${r.opened.blobs} (đã kiểm tra mã băm ${r.verify.blobs} tệp, ${mb(r.verify.bytes)}).`,
          `Nhật ký hệ thống: ${r.opened.auditRows} dòng, toàn vẹn, khớp mốc của bản sao lưu (${r.verify.anchor.count} dòng).`,
          last ? `Dòng nhật ký cuối: #${last.id} lúc ${formatVnDateTime(last.at)} — ${last.action}${last.actorName ? ` (${last.actorName})` : ''}.` : 'Nhật ký chưa có dòng nào.',
          `Để dùng dữ liệu này: vanthu serve --data-dir "${r.target}" (hoặc chọn thư mục này trong ứng dụng).`,
        ].join('\n') + '\n',
      );
      return 0;
    } catch (e) {
      return fail(e);
    }
  }
  if (cmd !== 'backup') return null;
  if (sub === 'verify') {
    const folder = args[0];
    if (!folder) return usage('thiếu thư mục: vanthu backup verify THƯ_MỤC');
    try {
      const items = await verifyFolder(folder, { passphrase: passphrase() });
      for (const r of items) {
        process.stdout.write(
          `${r.id}: tốt — ${r.files} tệp dữ liệu, ${r.blobs} tệp văn bản (${mb(r.bytes)}), ${r.documents} văn bản, nhật ký ${r.anchor.count} dòng${r.chainChecked ? ' (đã kiểm tra chuỗi)' : ''}${r.encrypted ? ', có mã hóa' : ''}.\n`,
        );
      }
      process.stdout.write(`Tất cả ${items.length} bản sao lưu đều kiểm tra tốt; nhật ký mốc (anchors.log) khớp.\n`);
      return 0;
    } catch (e) {
      return fail(e);
    }
  }
  if (sub === 'list' && args[0]) return list(args[0]);
  if (sub !== 'now' && sub !== 'list') return usage(`lệnh không hợp lệ: backup ${sub ?? ''}`.trim());
  return null;
}

function list(dest: string): number {
  const dirs = listBackupDirs(path.resolve(dest));
  if (!dirs.length) {
    process.stdout.write(`Không có bản sao lưu nào trong ${dest}.\n`);
    return 0;
  }
  for (const d of dirs) {
    try {
      const m = JSON.parse(fs.readFileSync(path.join(dest, d, MANIFEST), 'utf8')) as Manifest;
      process.stdout.write(`${d}  ${formatVnDateTime(m.createdAt)}  ${m.counts.documents} văn bản  ${m.blobs.length} tệp${m.encryption ? '  mã hóa' : ''}\n`);
    } catch {
      process.stdout.write(`${d}  (bản kê không đọc được — chạy vanthu backup verify)\n`);
    }
  }
  return 0;
}

/** `vanthu backup now|list` with the office's data folder. */
export async function backupCliWithCore(core: Core, sub: string | undefined, values: Record<string, unknown>): Promise<number> {
  const admin = { origin: 'cli' as const, asLocalAdmin: true };
  if (sub === 'list') {
    const dest = core.services.backup.settings().dest;
    if (!dest) return usage('chưa đặt thư mục sao lưu; dùng vanthu backup list THƯ_MỤC');
    return list(dest);
  }
  if (sub !== 'now') return usage(`lệnh không hợp lệ: backup ${sub ?? ''}`);
  const destOpt = typeof values.dest === 'string' && values.dest.trim() ? path.resolve(values.dest) : null;
  if (destOpt) {
    const s = core.services.backup.settings();
    const r = await core.dispatch('backup.saveSettings', { ...s, dest: destOpt, passphrase: passphrase() }, admin);
    if (!r.ok) return fail(new AppError(r.error.code, r.error.message));
  }
  const r = await core.dispatch('backup.run', { wait: true, passphrase: passphrase() }, admin);
  if (!r.ok) return fail(new AppError(r.error.code, r.error.message));
  const run = r.value as BackupRunDto;
  if (run.status !== 'ok') {
    process.stderr.write(`Lỗi ${run.errorCode}: ${run.errorMessage}\n`);
    return 1;
  }
  process.stdout.write(
    `Đã sao lưu ${run.backupId} vào ${run.dest}: cơ sở dữ liệu ${mb(run.dbBytes ?? 0)}, ${run.blobsTotal} tệp văn bản (${run.blobsCopied} tệp mới, ${mb(run.bytesCopied ?? 0)}), nhật ký ${run.auditCount} dòng${run.encrypted ? ', có mã hóa' : ''}.\n`,
  );
  return 0;
}
