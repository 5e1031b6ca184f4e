// Quản trị › Sao lưu, phục hồi: when the last good backup was made (and the 7-day warning), "Sao lưu ngay" with its
// progress, the folder and weekly schedule, encryption, checking a backup folder, and the history with its errors.
// Restoring replaces a whole data folder, which the running app cannot do to itself: the screen shows the command.

import { useCallback, useEffect, useState } from 'react';
import {
  BACKUP_STATUS,
  BACKUP_TRIGGERS,
  WEEKDAY_LABELS,
  type BackupEvents,
  type BackupRunDto,
  type BackupStatusDto,
  type BackupVerifyDto,
} from '../../../../src-shared/api/backup';
import { call } from '../../api';
import { fmtDateTime } from '../../format';
import { Button, Checkbox, SelectField, TextField } from '../../ui/Controls';
import { ErrorBanner, fieldError, useToast } from '../../ui/Feedback';
import { useAction } from '../../ui/useAction';
import { onCoreEvent } from '../workflow/events';

type ProgressEvent = BackupEvents['backup.progress'];

const TONE: Record<BackupRunDto['status'], 'green' | 'red' | 'orange'> = { ok: 'green', failed: 'red', running: 'orange' };

const mb = (n: number | null) => (n == null ? '—' : `${(n / 1048576).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB`);

interface Form {
  dest: string;
  enabled: boolean;
  weekday: string;
  time: string;
  keep: string;
  encrypt: boolean;
  passphrase: string;
  passphrase2: string;
}

const toForm = (s: BackupStatusDto): Form => ({
  dest: s.settings.dest ?? '',
  enabled: s.settings.enabled,
  weekday: String(s.settings.weekday),
  time: s.settings.time,
  keep: String(s.settings.keep),
  encrypt: s.settings.encrypt,
  passphrase: '',
  passphrase2: '',
});

export function BackupScreen() {
  const toast = useToast();
  const [st, setSt] = useState<BackupStatusDto | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const [progress, setProgress] = useState<ProgressEvent | null>(null);
  const load = useAction();
  const save = useAction();
  const runNow = useAction();
  const verify = useAction();
  const [verifyFolder, setVerifyFolder] = useState('');
  const [verifyPass, setVerifyPass] = useState('');
  const [verified, setVerified] = useState<BackupVerifyDto | null>(null);
  const [mismatch, setMismatch] = useState(false);

  const refresh = useCallback(
    (resetForm = false) =>
      load.run(async () => {
        const s = await call('backup.status', {});
        setSt(s);
        if (resetForm) {
          setForm(toForm(s));
          setVerifyFolder((v) => v || s.settings.dest || '');
        }
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );
  useEffect(() => void refresh(true), [refresh]);
  useEffect(
    () =>
      onCoreEvent((name, data) => {
        if (name !== 'backup.progress') return;
        const p = data as ProgressEvent;
        setProgress(p);
        // The outcome shows in the status card (a banner), so no toast repeats it.
        if (p.phase === 'done' || p.phase === 'failed') void refresh();
      }),
    [refresh],
  );

  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => (f ? { ...f, [k]: v } : f));

  const onSave = () =>
    save.run(async () => {
      if (!form) return;
      if (form.encrypt && form.passphrase !== form.passphrase2) {
        setMismatch(true);
        return;
      }
      setMismatch(false);
      const s = await call('backup.saveSettings', {
        dest: form.dest.trim() || null,
        enabled: form.enabled,
        weekday: Number(form.weekday),
        time: form.time,
        keep: Number(form.keep),
        encrypt: form.encrypt,
        ...(form.encrypt && form.passphrase ? { passphrase: form.passphrase } : {}),
      });
      setSt(s);
      setForm(toForm(s));
      setVerifyFolder((v) => v || s.settings.dest || '');
      toast('ok', 'Đã lưu cài đặt sao lưu.');
    });

  const onRun = () =>
    runNow.run(async () => {
      const r = await call('backup.run', {});
      // The run may already have reported (a small office backs up in a moment): never step back to "starting".
      setProgress((p) => (p && p.runId === r.id ? p : { runId: r.id, phase: 'db', done: 0, total: 0, message: 'Đang bắt đầu sao lưu' }));
      await refresh();
    });

  const onVerify = () =>
    verify.run(async () => {
      setVerified(null);
      setVerified(await call('backup.verify', { folder: verifyFolder.trim(), ...(verifyPass ? { passphrase: verifyPass } : {}) }));
    });

  if (!st || !form) {
    return (
      <section className="stack" aria-labelledby="backup-title">
        <h1 id="backup-title">Sao lưu, phục hồi</h1>
        <ErrorBanner error={load.error} />
        {!load.error && <p className="muted">Đang tải…</p>}
      </section>
    );
  }

  const running = st.running != null || (progress != null && progress.phase !== 'done' && progress.phase !== 'failed');
  const pct = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : null;
  const lastFailed = st.lastRun?.status === 'failed' ? st.lastRun : null;

  return (
    <section className="stack" aria-labelledby="backup-title">
      <div className="page-head">
        <h1 id="backup-title">Sao lưu, phục hồi</h1>
        <span className="sub">Sao lưu cơ sở dữ liệu và toàn bộ tệp văn bản ra ổ USB hoặc ổ mạng; kiểm tra bản sao lưu</span>
        <span className="spacer" />
        <Button variant="primary" onClick={() => void onRun()} busy={runNow.busy || running} disabled={!st.settings.dest}>
          Sao lưu ngay
        </Button>
      </div>
      <ErrorBanner error={load.error ?? runNow.error} />

      <div className="card">
        <div className="card-body stack">
          {st.warning ? (
            <div className="banner warn" role="alert">
              {st.warning}
            </div>
          ) : null}
          <dl className="grid-2" style={{ margin: 0 }}>
            <div>
              <dt className="muted">Lần sao lưu thành công gần nhất</dt>
              <dd data-testid="last-good" style={{ margin: 0 }}>
                {st.lastGood ? `${fmtDateTime(st.lastGood.finishedAt)} — ${st.lastGood.backupId}` : 'Chưa có'}
              </dd>
            </div>
            <div>
              <dt className="muted">Lần sao lưu tự động tới</dt>
              <dd style={{ margin: 0 }}>
                {st.nextAt == null
                  ? st.settings.dest
                    ? 'Đã tắt sao lưu tự động'
                    : 'Chưa chọn thư mục sao lưu'
                  : st.nextAt <= Date.now()
                    ? `Đến hạn: sẽ chạy trong vòng một giờ (lượt ${fmtDateTime(st.nextAt)} chưa chạy)`
                    : `${WEEKDAY_LABELS[st.settings.weekday]}, ${fmtDateTime(st.nextAt)}`}
              </dd>
            </div>
          </dl>
          {running && progress && (
            <div className="rec-progress" role="status" aria-live="polite">
              <span className="spinner" aria-hidden />
              <div className="stack" style={{ gap: 4, flex: 1 }}>
                <span>{progress.message}</span>
                <progress max={100} value={pct ?? undefined} aria-label="Tiến độ sao lưu" style={{ width: '100%' }} />
              </div>
            </div>
          )}
          {!running && progress?.phase === 'done' && (
            <div className="banner ok" role="status">
              {progress.message}
            </div>
          )}
          {!running && lastFailed && (
            <div className="banner error" role="alert">
              Lần sao lưu lúc {fmtDateTime(lastFailed.startedAt)} thất bại: {lastFailed.errorMessage}
            </div>
          )}
        </div>
      </div>

      <div className="card">
        <div className="card-head">
          <h2 style={{ margin: 0 }}>Cài đặt</h2>
        </div>
        <form
          className="card-body form-grid"
          onSubmit={(e) => {
            e.preventDefault();
            void onSave();
          }}
        >
          <TextField
            label="Thư mục sao lưu"
            required
            value={form.dest}
            onChange={(v) => set('dest', v)}
            placeholder="Ví dụ: E:\SaoLuuVanThu hoặc /media/usb/saoluu"
            hint="Ổ USB hoặc ổ mạng, không nằm trong thư mục dữ liệu của VănThư. Các tệp đã có ở đây không được chép lại."
            error={fieldError(save.error, 'dest')}
          />
          <Checkbox label="Tự động sao lưu hằng tuần" checked={form.enabled} onChange={(v) => set('enabled', v)} />
          <div className="grid-3">
            <SelectField
              label="Ngày trong tuần"
              value={form.weekday}
              onChange={(v) => set('weekday', v)}
              options={Object.entries(WEEKDAY_LABELS).map(([value, label]) => ({ value, label }))}
              disabled={!form.enabled}
            />
            <TextField
              label="Giờ (giờ Việt Nam)"
              value={form.time}
              onChange={(v) => set('time', v)}
              placeholder="17:30"
              disabled={!form.enabled}
              error={fieldError(save.error, 'time')}
            />
            <TextField label="Số bản giữ lại" type="number" min={1} max={100} value={form.keep} onChange={(v) => set('keep', v)} error={fieldError(save.error, 'keep')} />
          </div>
          <Checkbox label="Mã hóa bản sao lưu bằng mật khẩu (AES-256)" checked={form.encrypt} onChange={(v) => set('encrypt', v)} />
          {form.encrypt && (
            <>
              <div className="banner info">
                {st.keyStored
                  ? 'Đang có khóa mã hóa cho sao lưu tự động. Chỉ nhập mật khẩu khi muốn đổi mật khẩu.'
                  : 'Ghi mật khẩu ra giấy và cất ở nơi an toàn: mất mật khẩu thì không phục hồi được. VănThư không lưu mật khẩu, chỉ lưu khóa suy ra từ mật khẩu để sao lưu tự động.'}
              </div>
              <div className="grid-2">
                <TextField
                  label="Mật khẩu mã hóa"
                  type="password"
                  autoComplete="new-password"
                  value={form.passphrase}
                  onChange={(v) => set('passphrase', v)}
                  error={fieldError(save.error, 'passphrase')}
                />
                <TextField
                  label="Nhập lại mật khẩu"
                  type="password"
                  autoComplete="new-password"
                  value={form.passphrase2}
                  onChange={(v) => set('passphrase2', v)}
                  error={mismatch ? 'Hai lần nhập mật khẩu không giống nhau.' : undefined}
                />
              </div>
            </>
          )}
          <ErrorBanner error={save.error} shownFields={['dest', 'time', 'keep', 'passphrase']} />
          <div className="row">
            <Button type="submit" variant="primary" busy={save.busy}>
              Lưu cài đặt
            </Button>
          </div>
        </form>
      </div>

      <div className="card">
        <div className="card-head">
          <h2 style={{ margin: 0 }}>Kiểm tra bản sao lưu</h2>
        </div>
        <form
          className="card-body form-grid"
          onSubmit={(e) => {
            e.preventDefault();
            void onVerify();
          }}
        >
          <div className="grid-2">
            <TextField label="Thư mục sao lưu hoặc một bản sao lưu" required value={verifyFolder} onChange={setVerifyFolder} error={fieldError(verify.error, 'folder')} />
            <TextField label="Mật khẩu (nếu bản sao lưu có mã hóa)" type="password" autoComplete="off" value={verifyPass} onChange={setVerifyPass} />
          </div>
          <ErrorBanner error={verify.error} shownFields={['folder']} />
          {verified?.ok && (
            <div className="banner ok" role="status">
              <div>
                Tất cả {verified.items.length} bản sao lưu đều tốt: mã băm từng tệp, nhật ký mốc
                {verified.items.every((i) => i.chainChecked) ? ' và chuỗi nhật ký hệ thống khớp.' : ' khớp (bản có mã hóa: chuỗi nhật ký hệ thống được kiểm tra khi phục hồi).'}
                <ul>
                  {verified.items.map((i) => (
                    <li key={i.id}>
                      {i.id} ({fmtDateTime(i.createdAt)}): {i.documents.toLocaleString('vi-VN')} văn bản, {i.blobs.toLocaleString('vi-VN')} tệp, {mb(i.bytes)}, nhật ký{' '}
                      {i.auditRows.toLocaleString('vi-VN')} dòng
                      {i.encrypted ? ', có mã hóa' : ''}
                    </li>
                  ))}
                </ul>
              </div>
            </div>
          )}
          {verified && !verified.ok && (
            <div className="banner error" role="alert">
              {verified.error?.message}
            </div>
          )}
          <div className="row">
            <Button type="submit" busy={verify.busy}>
              Kiểm tra
            </Button>
          </div>
          <p className="muted" style={{ margin: 0 }}>
            Phục hồi: đóng VănThư, rồi chạy <code>vanthu restore &lt;bản sao lưu&gt; &lt;thư mục dữ liệu mới&gt;</code>. Lệnh kiểm tra lại từng tệp, phục hồi vào một thư mục mới
            (không ghi đè dữ liệu đang có), mở thử và kiểm tra nhật ký hệ thống trước khi báo thành công. Xem mục 13 của Hướng dẫn sử dụng.
          </p>
        </form>
      </div>

      <h2>Lịch sử sao lưu</h2>
      <div className="card table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th>Bắt đầu</th>
              <th>Cách chạy</th>
              <th>Kết quả</th>
              <th>Bản sao lưu</th>
              <th>Tệp mới / tổng</th>
              <th>Dung lượng chép</th>
              <th>Lỗi</th>
            </tr>
          </thead>
          <tbody>
            {st.history.map((r) => (
              <tr key={r.id}>
                <td>{fmtDateTime(r.startedAt)}</td>
                <td>{BACKUP_TRIGGERS[r.trigger]}</td>
                <td>
                  <span className={`badge ${TONE[r.status]}`}>{BACKUP_STATUS[r.status]}</span>
                </td>
                <td className="mono small">
                  {r.backupId ?? '—'}
                  {r.encrypted ? ' (mã hóa)' : ''}
                </td>
                <td>{r.blobsTotal == null ? '—' : `${r.blobsCopied?.toLocaleString('vi-VN')} / ${r.blobsTotal.toLocaleString('vi-VN')}`}</td>
                <td>{mb(r.bytesCopied == null ? null : r.bytesCopied + (r.dbBytes ?? 0))}</td>
                <td>{r.errorMessage ?? <span className="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {st.history.length === 0 && <div className="empty">Chưa sao lưu lần nào.</div>}
      </div>
    </section>
  );
}
