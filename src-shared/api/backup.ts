// Contract for backup and verified restore (sao lưu, phục hồi): the weekly schedule and destination, "Sao lưu ngay",
// the history with its Vietnamese errors, and checking a backup folder. Admin only. Mirrors src-main/backup/.
// Restoring replaces a whole data folder, which a running app cannot do to itself: that is the CLI's `vanthu restore`.

import { z } from 'zod';
import { clockTime, method, none } from './define';

/** ISO weekday, 1 = Thứ Hai .. 7 = Chủ nhật. */
export const WEEKDAY_LABELS: Record<number, string> = { 1: 'Thứ Hai', 2: 'Thứ Ba', 3: 'Thứ Tư', 4: 'Thứ Năm', 5: 'Thứ Sáu', 6: 'Thứ Bảy', 7: 'Chủ nhật' };

export const BACKUP_STATUS = { running: 'Đang chạy', ok: 'Thành công', failed: 'Thất bại' } as const;
export const BACKUP_TRIGGERS = { manual: 'Sao lưu ngay', schedule: 'Theo lịch', cli: 'Dòng lệnh' } as const;

/** Days without a good backup after which admins are warned. */
export const BACKUP_WARN_DAYS = 7;

export interface BackupSettingsDto {
  /** Absolute folder on a USB disk or network share; null until the admin chooses one. */
  dest: string | null;
  /** Weekly automatic backup on. */
  enabled: boolean;
  weekday: number;
  /** HH:MM, Vietnam time. */
  time: string;
  /** How many backups to keep (older ones and the files only they refer to are removed). */
  keep: number;
  /** Encrypt with a passphrase (AES-256-GCM); scheduled runs use the derived key kept in the data folder. */
  encrypt: boolean;
}

export interface BackupRunDto {
  id: number;
  trigger: keyof typeof BACKUP_TRIGGERS;
  status: keyof typeof BACKUP_STATUS;
  dest: string;
  backupId: string | null;
  encrypted: boolean;
  startedAt: number;
  finishedAt: number | null;
  dbBytes: number | null;
  blobsTotal: number | null;
  blobsCopied: number | null;
  bytesCopied: number | null;
  auditCount: number | null;
  errorCode: string | null;
  errorMessage: string | null;
}

export interface BackupStatusDto {
  settings: BackupSettingsDto;
  /** A derived key for scheduled encrypted backups is kept in the data folder. */
  keyStored: boolean;
  lastGood: BackupRunDto | null;
  lastRun: BackupRunDto | null;
  running: BackupRunDto | null;
  /** Set when there has been no good backup for BACKUP_WARN_DAYS days (or never). */
  warning: string | null;
  /** When the next scheduled backup is due (null when the schedule is off or no folder is set). */
  nextAt: number | null;
  history: BackupRunDto[];
}

export interface BackupVerifyItemDto {
  id: string;
  createdAt: number;
  encrypted: boolean;
  files: number;
  blobs: number;
  bytes: number;
  documents: number;
  auditRows: number;
  chainChecked: boolean;
}

export interface BackupVerifyDto {
  ok: boolean;
  items: BackupVerifyItemDto[];
  /** The first problem found, naming the file (when not ok). */
  error: { code: string; message: string; file: string | null } | null;
}

export interface BackupEvents {
  /** To admins: a backup's progress, then its outcome. */
  'backup.progress': {
    runId: number;
    phase: 'db' | 'blobs' | 'finish' | 'prune' | 'done' | 'failed';
    done: number;
    total: number;
    message: string;
  };
}

const folder = z
  .string()
  .trim()
  .min(1, 'Bắt buộc nhập.')
  .max(1000, 'Tối đa 1000 ký tự.')
  .refine((s) => s.startsWith('/') || /^[A-Za-z]:[\\/]/.test(s) || s.startsWith('\\\\'), 'Cần đường dẫn đầy đủ (ví dụ E:\\SaoLuu, \\\\may-chu\\saoluu hoặc /media/usb/saoluu).');

const passphrase = z.string().min(10, 'Mật khẩu mã hóa tối thiểu 10 ký tự.').max(200, 'Tối đa 200 ký tự.');

export const backupApi = {
  'backup.status': method<BackupStatusDto>()({
    input: none,
    access: 'session',
    permission: 'backup.manage',
    mutates: false,
    summary: 'Xem tình trạng sao lưu: lần sao lưu tốt gần nhất, lịch, lịch sử',
  }),
  'backup.saveSettings': method<BackupStatusDto>()({
    input: z.object({
      dest: folder.nullable(),
      enabled: z.boolean(),
      weekday: z.number().int().min(1, 'Chọn một ngày trong tuần.').max(7, 'Chọn một ngày trong tuần.'),
      time: clockTime,
      keep: z.number().int().min(1, 'Giữ ít nhất 1 bản.').max(100, 'Giữ tối đa 100 bản.'),
      encrypt: z.boolean(),
      /** Needed when turning encryption on (or changing it); only the derived key is kept, never this. */
      passphrase: passphrase.optional(),
    }),
    access: 'session',
    permission: 'backup.manage',
    mutates: true,
    summary: 'Lưu cài đặt sao lưu (thư mục, lịch hằng tuần, số bản giữ lại, mã hóa)',
  }),
  'backup.run': method<BackupRunDto>()({
    input: z
      .object({
        /** For this run only; without it an encrypted backup uses the kept key. */
        passphrase: passphrase.optional(),
        /** Wait for the end (CLI, tests); the screen does not wait and follows 'backup.progress'. */
        wait: z.boolean().optional(),
      })
      .optional()
      .default({}),
    access: 'session',
    permission: 'backup.manage',
    mutates: true,
    summary: 'Sao lưu ngay vào thư mục đã chọn',
  }),
  'backup.verify': method<BackupVerifyDto>()({
    input: z.object({ folder, passphrase: z.string().max(200).optional() }),
    access: 'session',
    permission: 'backup.manage',
    mutates: true,
    summary: 'Kiểm tra bản sao lưu: mã băm từng tệp, nhật ký mốc, chuỗi nhật ký hệ thống',
  }),
} as const;
