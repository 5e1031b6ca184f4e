// The backup service: settings (in the settings table), the derived key for scheduled encrypted backups, the run
// history (backup_runs), one backup at a time started in the background, the weekly slot, verify for the screen.
// Does not copy anything itself (engine.ts does) and never stores or logs a passphrase.

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { BACKUP_WARN_DAYS, type BackupRunDto, type BackupSettingsDto, type BackupStatusDto, type BackupVerifyDto } from '../../src-shared/api/backup';
import { addDays, formatVnDateTime, vnInstant, vnParts, weekdayOf } from '../../src-shared/calendar/vn-time';
import { AppError } from '../../src-shared/errors';
import type { AuditService } from '../audit/service';
import type { RawDb } from '../db/open';
import type { Env } from '../env';
import type { SettingsService } from '../settings/service';
import { deriveKey, keyFromStored, type BackupKey, type EncryptionInfo } from './crypto';
import { checkDest, listBackupDirs, MANIFEST, runBackup, verifyFolder, type Manifest, type Progress } from './engine';

export const BACKUP_KEY_FILE = 'backup.key';
const DAY = 86_400_000;

export const DEFAULT_BACKUP_SETTINGS: BackupSettingsDto = { dest: null, enabled: true, weekday: 5, time: '17:30', keep: 8, encrypt: false };

interface RunRow {
  id: number;
  trigger: BackupRunDto['trigger'];
  slot: string | null;
  status: BackupRunDto['status'];
  dest: string;
  backup_id: string | null;
  encrypted: number;
  started_at: number;
  finished_at: number | null;
  db_bytes: number | null;
  blobs_total: number | null;
  blobs_copied: number | null;
  bytes_copied: number | null;
  audit_count: number | null;
  error_code: string | null;
  error_message: string | null;
}

const toDto = (r: RunRow): BackupRunDto => ({
  id: r.id,
  trigger: r.trigger,
  status: r.status,
  dest: r.dest,
  backupId: r.backup_id,
  encrypted: !!r.encrypted,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  dbBytes: r.db_bytes,
  blobsTotal: r.blobs_total,
  blobsCopied: r.blobs_copied,
  bytesCopied: r.bytes_copied,
  auditCount: r.audit_count,
  errorCode: r.error_code,
  errorMessage: r.error_message,
});

const PHASE_TEXT: Record<Progress['phase'], string> = {
  db: 'Đang chép cơ sở dữ liệu',
  blobs: 'Đang chép tệp văn bản',
  finish: 'Đang ghi bản kê và mốc nhật ký',
  prune: 'Đang dọn các bản sao lưu cũ',
};

/** The weekly slot at or before `now`: its key ("YYYY-MM-DD HH:MM", Vietnam time) and instant. */
export function lastSlot(now: number, weekday: number, time: string): { key: string; at: number } {
  const today = vnParts(now).date;
  let date = addDays(today, -((weekdayOf(today) - weekday + 7) % 7));
  if (vnInstant(date, time) > now) date = addDays(date, -7);
  return { key: `${date} ${time}`, at: vnInstant(date, time) };
}

export interface BackupDeps {
  raw: RawDb;
  env: Env;
  settings: SettingsService;
  audit: AuditService;
  now: () => number;
  /** Progress and outcome of a run, for the admins' screens. */
  onProgress(runId: number, phase: BackupProgressPhase, done: number, total: number, message: string): void;
}

export type BackupProgressPhase = Progress['phase'] | 'done' | 'failed';

export function createBackupService(d: BackupDeps) {
  const { raw, env, settings, audit, now } = d;
  const keyPath = path.join(env.dataDir, BACKUP_KEY_FILE);
  const getRun = raw.prepare('SELECT * FROM backup_runs WHERE id = ?');
  let current: { runId: number; done: Promise<BackupRunDto> } | null = null;
  /** Test hook: called with each progress step before it is reported (a test unplugs the disk from here). */
  let progressHook: ((p: Progress) => void | Promise<void>) | null = null;

  function read(): BackupSettingsDto {
    return settings.get('backup');
  }

  function readStoredKey(): BackupKey | null {
    try {
      const j = JSON.parse(fs.readFileSync(keyPath, 'utf8')) as { v: 1; key: string; info: EncryptionInfo };
      return keyFromStored(Buffer.from(j.key, 'base64'), j.info);
    } catch {
      return null;
    }
  }

  /** Keeps the derived key (0600), never the passphrase: scheduled encrypted backups need a key when nobody is there. */
  function storeKey(k: BackupKey): void {
    const tmp = `${keyPath}.${randomBytes(4).toString('hex')}.tmp`;
    fs.writeFileSync(tmp, `${JSON.stringify({ v: 1, key: k.key.toString('base64'), info: k.info })}\n`, { mode: 0o600 });
    fs.chmodSync(tmp, 0o600);
    fs.renameSync(tmp, keyPath);
  }

  /** Salt of the newest encrypted backup at the destination, so the same passphrase keeps sharing the blob pool. */
  function latestEncryption(dest: string): EncryptionInfo | null {
    const dirs = listBackupDirs(dest).reverse();
    for (const dname of dirs) {
      try {
        const m = JSON.parse(fs.readFileSync(path.join(dest, dname, MANIFEST), 'utf8')) as Manifest;
        if (m.encryption) return m.encryption;
      } catch {
        // an unreadable manifest is verify's business
      }
    }
    return null;
  }

  async function keyForPassphrase(passphrase: string, dest: string | null): Promise<BackupKey> {
    const stored = readStoredKey();
    const like = stored?.info ?? (dest ? latestEncryption(dest) : null);
    if (like) {
      const k = await deriveKey(passphrase, like);
      if (k) return k;
    }
    return (await deriveKey(passphrase))!;
  }

  function runs(limit: number): BackupRunDto[] {
    return (raw.prepare('SELECT * FROM backup_runs ORDER BY id DESC LIMIT ?').all(limit) as RunRow[]).map(toDto);
  }

  function lastGood(): BackupRunDto | null {
    const r = raw.prepare("SELECT * FROM backup_runs WHERE status = 'ok' ORDER BY finished_at DESC LIMIT 1").get() as RunRow | undefined;
    return r ? toDto(r) : null;
  }

  function warning(): string | null {
    const good = lastGood();
    if (!good) return 'Chưa có bản sao lưu nào thành công. Hãy chọn thư mục sao lưu và bấm "Sao lưu ngay".';
    const days = Math.floor((now() - (good.finishedAt ?? good.startedAt)) / DAY);
    if (days < BACKUP_WARN_DAYS) return null;
    return `Đã ${days} ngày chưa có bản sao lưu thành công (lần gần nhất lúc ${formatVnDateTime(good.finishedAt ?? good.startedAt)}).`;
  }

  /** The week's slot is taken care of once it ran (well or not), or any backup succeeded after its time. */
  function slotDone(slot: { key: string; at: number }): boolean {
    return !!raw.prepare("SELECT 1 FROM backup_runs WHERE slot = ? OR (status = 'ok' AND finished_at >= ?) LIMIT 1").get(slot.key, slot.at);
  }

  function nextAt(s: BackupSettingsDto): number | null {
    if (!s.enabled || !s.dest) return null;
    const last = lastSlot(now(), s.weekday, s.time);
    return slotDone(last) ? last.at + 7 * DAY : last.at;
  }

  function status(): BackupStatusDto {
    const s = read();
    const running = raw.prepare("SELECT * FROM backup_runs WHERE status = 'running' ORDER BY id DESC LIMIT 1").get() as RunRow | undefined;
    const history = runs(20);
    return {
      settings: s,
      keyStored: !!readStoredKey(),
      lastGood: lastGood(),
      lastRun: history[0] ?? null,
      running: running && current?.runId === running.id ? toDto(running) : null,
      warning: warning(),
      nextAt: nextAt(s),
      history,
    };
  }

  /** Checks and derives before the caller's transaction; returns what to store and whether the key changes. */
  async function prepareSettings(input: BackupSettingsDto & { passphrase?: string }): Promise<{ value: BackupSettingsDto; key: BackupKey | null | 'keep' }> {
    if (input.dest) checkDest(input.dest, env.dataDir);
    const value: BackupSettingsDto = { dest: input.dest, enabled: input.enabled, weekday: input.weekday, time: input.time, keep: input.keep, encrypt: input.encrypt };
    if (!input.encrypt) return { value, key: null };
    if (input.passphrase) return { value, key: await keyForPassphrase(input.passphrase, input.dest) };
    if (readStoredKey()) return { value, key: 'keep' };
    throw new AppError(
      'backup_passphrase_required',
      'Bật mã hóa cần nhập mật khẩu mã hóa (ít nhất 10 ký tự). Hãy ghi lại mật khẩu ở nơi an toàn: mất mật khẩu thì không phục hồi được.',
    );
  }

  function applySettings(p: { value: BackupSettingsDto; key: BackupKey | null | 'keep' }): void {
    settings.set('backup', p.value);
    if (p.key === null) fs.rmSync(keyPath, { force: true });
    else if (p.key !== 'keep') storeKey(p.key);
  }

  /** Inserts the run row (inside the caller's transaction). A scheduled slot already taken returns null. */
  function insertRun(trigger: BackupRunDto['trigger'], dest: string, encrypted: boolean, startedBy: number | null, slot: string | null): number | null {
    if (raw.prepare("SELECT 1 FROM backup_runs WHERE status = 'running'").get() && current) throw new AppError('backup_running');
    const r = raw
      .prepare(
        `INSERT INTO backup_runs (trigger, slot, status, dest, encrypted, started_at, started_by) VALUES (?, ?, 'running', ?, ?, ?, ?)
         ON CONFLICT(slot) DO NOTHING`,
      )
      .run(trigger, slot, dest, encrypted ? 1 : 0, now(), startedBy);
    return r.changes ? Number(r.lastInsertRowid) : null;
  }

  /** What a run needs before its row is written: the folder and the key. Throws the admin's error if not ready. */
  async function prepareRun(passphrase?: string): Promise<{ dest: string; key: BackupKey | null }> {
    if (current) throw new AppError('backup_running');
    const s = read();
    if (!s.dest) throw new AppError('backup_dest_invalid', 'Chưa chọn thư mục sao lưu: hãy nhập thư mục (ổ USB, ổ mạng) rồi bấm "Lưu cài đặt".');
    checkDest(s.dest, env.dataDir);
    let key: BackupKey | null = null;
    if (passphrase) key = await keyForPassphrase(passphrase, s.dest);
    else if (s.encrypt) {
      key = readStoredKey();
      if (!key) throw new AppError('backup_passphrase_required');
    }
    return { dest: s.dest, key };
  }

  /** Starts the copy in the background; `done` settles with the finished run (never rejects). */
  function launch(runId: number, dest: string, key: BackupKey | null): Promise<BackupRunDto> {
    const s = read();
    const finish = (fields: Record<string, unknown>, outcome: 'ok' | 'failed', details: Record<string, unknown>) => {
      raw
        .transaction(() => {
          const sets = Object.keys(fields)
            .map((k) => `${k} = @${k}`)
            .join(', ');
          raw.prepare(`UPDATE backup_runs SET ${sets} WHERE id = @id`).run({ ...fields, id: runId });
          audit.append({ at: now(), actorId: null, actorName: 'hệ thống', action: 'backup.finished', outcome, targetType: 'backup_run', targetId: runId, details, origin: 'job' });
        })
        .immediate();
      audit.flushAnchor();
    };
    const done = (async (): Promise<BackupRunDto> => {
      // Let the request that started the run answer first.
      await new Promise((r) => setImmediate(r));
      try {
        const r = await runBackup({
          raw,
          dataDir: env.dataDir,
          dest,
          key,
          keep: s.keep,
          appVersion: env.version,
          orgCode: settings.org()?.code ?? null,
          now: now(),
          onProgress: async (p) => {
            if (progressHook) await progressHook(p);
            d.onProgress(runId, p.phase, p.done, p.total, p.phase === 'blobs' ? `${PHASE_TEXT.blobs} ${p.done}/${p.total}` : PHASE_TEXT[p.phase]);
          },
        });
        finish(
          {
            status: 'ok',
            finished_at: now(),
            backup_id: r.id,
            db_bytes: r.dbBytes,
            blobs_total: r.blobsTotal,
            blobs_copied: r.blobsCopied,
            bytes_copied: r.bytesCopied,
            audit_count: r.anchor.count,
          },
          'ok',
          {
            backupId: r.id,
            dest,
            blobsTotal: r.blobsTotal,
            blobsCopied: r.blobsCopied,
            missingBlobs: r.missingBlobs,
            anchorCount: r.anchor.count,
            anchorHash: r.anchor.hash,
            pruned: r.pruned,
          },
        );
        d.onProgress(runId, 'done', 1, 1, `Sao lưu thành công: ${r.id}`);
      } catch (e) {
        const err = e instanceof AppError ? e : new AppError('internal', undefined, { cause: e });
        if (!(e instanceof AppError)) env.logger.error('backup failed', { error: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? e.stack : undefined });
        finish({ status: 'failed', finished_at: now(), error_code: err.code, error_message: err.message }, 'failed', { dest, code: err.code, message: err.message });
        d.onProgress(runId, 'failed', 0, 0, err.message);
      } finally {
        current = null;
      }
      return toDto(getRun.get(runId) as RunRow);
    })();
    current = { runId, done };
    return done;
  }

  return {
    status,
    settings: read,
    prepareSettings,
    applySettings,
    prepareRun,
    insertRun,
    launch,
    run: (id: number): BackupRunDto => toDto(getRun.get(id) as RunRow),
    /** The run in progress, if any (tests and orderly shutdown wait for it). */
    current: () => current,
    warning,
    /** A slot due now and not yet run (null when off, not set up, or done). */
    dueSlot(): string | null {
      const s = read();
      if (!s.enabled || !s.dest) return null;
      const last = lastSlot(now(), s.weekday, s.time);
      return slotDone(last) ? null : last.key;
    },
    /** Runs left 'running' by a killed process are failed at start. */
    recover(): number {
      // A snapshot left by a killed run is of no use (its run is failed below).
      fs.rmSync(path.join(env.dataDir, '.backup-tmp'), { recursive: true, force: true });
      return raw
        .prepare(
          "UPDATE backup_runs SET status = 'failed', finished_at = ?, error_code = 'internal', error_message = 'Chương trình bị tắt khi đang sao lưu.' WHERE status = 'running'",
        )
        .run(now()).changes;
    },
    setProgressHook(h: ((p: Progress) => void | Promise<void>) | null) {
      progressHook = h;
    },

    async verify(folder: string, passphrase?: string): Promise<BackupVerifyDto> {
      try {
        const items = await verifyFolder(folder, { passphrase, scratchDir: path.join(env.dataDir, '.backup-tmp') });
        return {
          ok: true,
          items: items.map((r) => ({
            id: r.id,
            createdAt: r.createdAt,
            encrypted: r.encrypted,
            files: r.files,
            blobs: r.blobs,
            bytes: r.bytes,
            documents: r.documents,
            auditRows: r.anchor.count,
            chainChecked: r.chainChecked,
          })),
          error: null,
        };
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        // A damaged backup is an answer, not a failure of the call: the screen shows which file.
        if (e.code === 'backup_corrupt' || e.code === 'not_found') {
          return { ok: false, items: [], error: { code: e.code, message: e.message, file: (e.details?.file as string | undefined) ?? null } };
        }
        throw e;
      }
    },
  };
}

export type BackupService = ReturnType<typeof createBackupService>;
