// Liên thông › Kết nối trục liên thông (admin, sync.manage): enabled, hub address, the office's mã định danh, the
// secret (write-only: the form only says "đã lưu" and offers "Thay đổi"; it is never read back), the hub's CA file,
// the interval; "Kiểm tra kết nối" tests what is saved, so unsaved changes are saved first.

import { useEffect, useState } from 'react';
import type { SyncSettingsDto } from '../../../../src-shared/api/sync';
import { call } from '../../api';
import { fmtDateTime } from '../../format';
import { Button, Checkbox, Field, TextField } from '../../ui/Controls';
import { ErrorBanner, fieldError, useToast } from '../../ui/Feedback';
import { useAction } from '../../ui/useAction';

interface Form {
  enabled: boolean;
  hubUrl: string;
  officeCode: string;
  caFile: string;
  intervalSec: string;
  /** null: keep the stored secret (or none); a string: the new one typed. */
  secret: string | null;
}

const fromDto = (s: SyncSettingsDto): Form => ({
  enabled: s.enabled,
  hubUrl: s.hubUrl ?? '',
  officeCode: s.officeCode ?? '',
  caFile: s.caFile ?? '',
  intervalSec: String(s.intervalSec),
  secret: s.hasSecret ? null : '',
});

type TestResult = { ok: boolean; message: string; officeName: string | null; hubTime: number | null };

export function SyncSettingsCard({ onSaved }: { onSaved: () => void }) {
  const toast = useToast();
  const [saved, setSaved] = useState<SyncSettingsDto | null>(null);
  const [f, setF] = useState<Form | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const { busy, error, setError, run } = useAction();
  const [testing, setTesting] = useState(false);
  const [tested, setTested] = useState<TestResult | null>(null);

  const show = (s: SyncSettingsDto) => {
    setSaved(s);
    setF(fromDto(s));
  };
  useEffect(() => void call('sync.settings', {}).then(show, setLoadError), []);

  if (!f || !saved) return <ErrorBanner error={loadError} />;

  const dirty = JSON.stringify(f) !== JSON.stringify(fromDto(saved));
  const set =
    <K extends keyof Form>(k: K) =>
    (v: Form[K]) => {
      setF((x) => (x ? { ...x, [k]: v } : x));
      setTested(null);
    };

  /** Saves the form; resolves with whether it was saved (errors are shown on the fields). */
  const save = async (): Promise<boolean> => {
    const interval = f.intervalSec.trim() === '' ? undefined : Number(f.intervalSec);
    const s = await call('sync.saveSettings', {
      enabled: f.enabled,
      hubUrl: f.hubUrl.trim() || null,
      officeCode: f.officeCode.trim() || null,
      // null keeps the stored secret; a typed one replaces it. An empty field never removes it (the contract's ''):
      // "Thay đổi" then Lưu without typing must not cut the office off the hub.
      secret: f.secret ? f.secret : null,
      caFile: f.caFile.trim() || null,
      intervalSec: interval,
    });
    show(s);
    onSaved();
    return true;
  };

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await save();
      toast('ok', 'Đã lưu cấu hình kết nối trục liên thông.');
    });
  };

  const test = () => {
    setTested(null);
    setError(null);
    setTesting(true);
    void run(async () => {
      if (dirty) await save();
      setTested(await call('sync.testConnection', {}));
    }).finally(() => setTesting(false));
  };

  const fe = (p: string) => fieldError(error, p);

  return (
    <section className="card" aria-labelledby="sync-settings-title">
      <div className="card-head">
        <h2 id="sync-settings-title" className="grow">
          Kết nối trục liên thông
        </h2>
        <span className="muted small">Chỉ quản trị hệ thống thấy và sửa phần này</span>
      </div>
      <form className="card-body stack" onSubmit={submit} noValidate aria-label="Cấu hình kết nối trục liên thông" autoComplete="off">
        <ErrorBanner error={error} shownFields={['hubUrl', 'officeCode', 'secret', 'caFile', 'intervalSec', 'enabled']} />
        <Checkbox
          label={
            <>
              <strong>Bật liên thông</strong> — tự động gửi văn bản đã ban hành và nhận văn bản đến qua trục
            </>
          }
          checked={f.enabled}
          onChange={set('enabled')}
        />
        <div className="grid-2">
          <TextField
            label="Địa chỉ trục liên thông"
            value={f.hubUrl}
            onChange={set('hubUrl')}
            placeholder="https://lienthong.hanam.gov.vn:8443"
            error={fe('hubUrl')}
            hint="Do đơn vị vận hành trục của tỉnh cung cấp, dạng http(s)://máy:cổng."
            spellCheck={false}
            required={f.enabled}
          />
          <TextField
            label="Mã định danh của cơ quan"
            value={f.officeCode}
            onChange={set('officeCode')}
            placeholder="000.00.12.H35"
            error={fe('officeCode')}
            hint="Mã đã đăng ký trên trục (QĐ 20/2020/QĐ-TTg)."
            spellCheck={false}
            className="input mono"
            required={f.enabled}
          />
          {f.secret === null ? (
            <Field label="Mật khẩu kết nối" hint="Không hiển thị lại mật khẩu đã lưu." error={fe('secret')}>
              {(id, describedBy) => (
                <div className="row">
                  <span className="static-value" id={id} aria-describedby={describedBy}>
                    <span className="badge green">đã lưu</span>
                  </span>
                  <Button small onClick={() => set('secret')('')}>
                    Thay đổi
                  </Button>
                </div>
              )}
            </Field>
          ) : (
            <div className="field-with-action">
              <TextField
                label="Mật khẩu kết nối"
                type="password"
                value={f.secret}
                onChange={set('secret')}
                autoComplete="new-password"
                error={fe('secret')}
                hint={saved.hasSecret ? 'Nhập mật khẩu mới do đơn vị vận hành trục cấp.' : 'Do đơn vị vận hành trục cấp cùng mã định danh.'}
                required={f.enabled && !saved.hasSecret}
                autoFocus={saved.hasSecret}
              />
              {saved.hasSecret && (
                <Button small variant="ghost" onClick={() => set('secret')(null)}>
                  Giữ mật khẩu đã lưu
                </Button>
              )}
            </div>
          )}
          <TextField
            label="Chu kỳ đồng bộ (giây)"
            type="number"
            min={5}
            max={3600}
            value={f.intervalSec}
            onChange={set('intervalSec')}
            error={fe('intervalSec')}
            hint="Từ 5 đến 3600 giây; mặc định 30."
          />
          <TextField
            fieldClass="span-2"
            label="Tệp chứng thư CA của trục (PEM)"
            value={f.caFile}
            onChange={set('caFile')}
            placeholder="C:\VanThu\truc-lien-thong-ca.pem"
            error={fe('caFile')}
            hint="Đường dẫn trên máy chủ VănThư. Chỉ cần khi chứng thư TLS của trục do CA riêng của tỉnh cấp; để trống nếu không."
            spellCheck={false}
          />
        </div>
        <div className="row wrap">
          <Button variant="primary" type="submit" busy={busy && !testing}>
            Lưu cấu hình liên thông
          </Button>
          <Button busy={testing} disabled={busy && !testing} onClick={test}>
            {dirty ? 'Lưu và kiểm tra kết nối' : 'Kiểm tra kết nối'}
          </Button>
          {testing && <span className="muted">Đang kết nối tới trục…</span>}
        </div>
        {tested && (
          <div className={`banner ${tested.ok ? 'ok' : 'error'}`} role={tested.ok ? 'status' : 'alert'} aria-label="Kết quả kiểm tra kết nối">
            <div>
              <strong>{tested.ok ? 'Kết nối được tới trục.' : 'Chưa kết nối được tới trục.'}</strong> {tested.message}
              {tested.officeName && !tested.message.includes(tested.officeName) && <div>Trục nhận diện cơ quan: {tested.officeName}</div>}
              {tested.hubTime && <div className="muted small">Giờ của trục: {fmtDateTime(tested.hubTime)}</div>}
            </div>
          </div>
        )}
      </form>
    </section>
  );
}
