// Quản trị › Chữ ký số › Cấu hình: the remote signing services (ký số từ xa — Viettel MySign and other CSC v1
// services; VNPT SmartCA once its adapter exists). The client secret is write-only: the form never shows it, an empty
// field when editing keeps the stored one, and the list only says whether one is set.

import { useCallback, useEffect, useState } from 'react';
import type { RemoteProviderDto } from '../../../../src-shared/api/signing';
import { call } from '../../api';
import { Button, TextField } from '../../ui/Controls';
import { ErrorBanner, fieldError, useToast } from '../../ui/Feedback';
import { useAction } from '../../ui/useAction';
import { useSession } from '../../session';

type Form = { id?: number; name: string; baseUrl: string; clientId: string; clientSecret: string; timeoutSeconds: string; hasSecret: boolean };
const EMPTY: Form = { name: '', baseUrl: '', clientId: '', clientSecret: '', timeoutSeconds: '120', hasSecret: false };

export function RemoteProvidersCard() {
  const toast = useToast();
  // Clerks and leaders (signing.use) see the services; only the admin (settings.manage) changes them.
  const manage = useSession().can('settings.manage');
  const [list, setList] = useState<RemoteProviderDto[] | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const { busy, error, run } = useAction();
  const [loadError, setLoadError] = useState<unknown>(null);

  const load = useCallback(() => void call('signing.remoteProviders', {}).then(setList, setLoadError), []);
  useEffect(load, [load]);

  const save = (e: React.FormEvent) => {
    e.preventDefault();
    if (!form) return;
    void run(async () => {
      await call('signing.saveRemoteProvider', {
        id: form.id,
        name: form.name.trim(),
        kind: 'csc',
        baseUrl: form.baseUrl.trim(),
        clientId: form.clientId.trim() || null,
        // Empty when editing = keep the stored secret.
        ...(form.clientSecret ? { clientSecret: form.clientSecret } : {}),
        timeoutSeconds: Number(form.timeoutSeconds) || 120,
      });
      setForm(null);
      toast('ok', 'Đã lưu dịch vụ ký số từ xa.');
      load();
    });
  };

  const remove = (p: RemoteProviderDto) =>
    void run(async () => {
      if (!window.confirm(`Xóa dịch vụ “${p.name}”?`)) return;
      await call('signing.removeRemoteProvider', { id: p.id });
      toast('ok', 'Đã xóa dịch vụ ký số từ xa.');
      load();
    });

  const set = (k: keyof Form) => (v: string) => setForm((f) => (f ? { ...f, [k]: v } : f));

  return (
    <section className="card" aria-labelledby="remote-providers-title">
      <div className="card-head">
        <h2 className="grow" id="remote-providers-title">
          Dịch vụ ký số từ xa
        </h2>
        {manage && !form && (
          <Button small onClick={() => setForm(EMPTY)}>
            Thêm dịch vụ
          </Button>
        )}
      </div>
      <div className="card-body stack">
        <p className="muted small">
          Ký số từ xa (Viettel MySign và các dịch vụ theo chuẩn CSC): người ký xác nhận trên điện thoại, chỉ giá trị băm của văn bản được gửi đi. Khóa bí mật (client secret) được
          mã hóa khi lưu và không hiển thị lại.
        </p>
        <ErrorBanner error={loadError} />
        {!form && <ErrorBanner error={error} />}
        {list && list.length === 0 && <p className="muted">Chưa có dịch vụ nào.</p>}
      </div>
      {list && list.length > 0 && (
        <div className="table-wrap">
          <table className="data stacked">
            <thead>
              <tr>
                <th>Tên</th>
                <th>Địa chỉ API</th>
                <th>Mã ứng dụng</th>
                <th>Khóa bí mật</th>
                <th>Thời gian chờ</th>
                {manage && <th />}
              </tr>
            </thead>
            <tbody>
              {list.map((p) => (
                <tr key={p.id}>
                  <td data-label="Tên">{p.name}</td>
                  <td data-label="Địa chỉ API" className="mono sig-path">
                    {p.baseUrl}
                  </td>
                  <td data-label="Mã ứng dụng">{p.clientId ?? '—'}</td>
                  <td data-label="Khóa bí mật">{p.hasSecret ? 'Đã lưu' : 'Chưa có'}</td>
                  <td data-label="Thời gian chờ">{p.timeoutSeconds} giây</td>
                  {manage && (
                    <td className="row">
                      <Button
                        small
                        onClick={() =>
                          setForm({
                            id: p.id,
                            name: p.name,
                            baseUrl: p.baseUrl,
                            clientId: p.clientId ?? '',
                            clientSecret: '',
                            timeoutSeconds: String(p.timeoutSeconds),
                            hasSecret: p.hasSecret,
                          })
                        }
                      >
                        Sửa
                      </Button>
                      <Button small variant="danger" onClick={() => remove(p)}>
                        Xóa
                      </Button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {form && (
        <form className="card-body stack" onSubmit={save} noValidate aria-label="Dịch vụ ký số từ xa" autoComplete="off">
          <ErrorBanner error={error} shownFields={['name', 'baseUrl', 'clientId', 'clientSecret', 'timeoutSeconds']} />
          <div className="grid-2">
            <TextField label="Tên dịch vụ" required value={form.name} onChange={set('name')} placeholder="Viettel MySign" error={fieldError(error, 'name')} />
            <TextField
              label="Địa chỉ API (CSC v1)"
              required
              value={form.baseUrl}
              onChange={set('baseUrl')}
              placeholder="https://…/csc/v1"
              spellCheck={false}
              error={fieldError(error, 'baseUrl')}
            />
            <TextField label="Mã ứng dụng (client ID)" value={form.clientId} onChange={set('clientId')} spellCheck={false} error={fieldError(error, 'clientId')} />
            <TextField
              label="Khóa bí mật (client secret)"
              type="password"
              autoComplete="new-password"
              value={form.clientSecret}
              onChange={set('clientSecret')}
              placeholder={form.hasSecret ? 'Đã lưu — để trống để giữ nguyên' : ''}
              error={fieldError(error, 'clientSecret')}
              hint="Không hiển thị lại sau khi lưu."
            />
            <TextField
              label="Thời gian chờ xác nhận (giây)"
              type="number"
              min={5}
              max={900}
              value={form.timeoutSeconds}
              onChange={set('timeoutSeconds')}
              error={fieldError(error, 'timeoutSeconds')}
            />
          </div>
          <div className="row">
            <Button variant="primary" type="submit" busy={busy}>
              Lưu dịch vụ
            </Button>
            <Button onClick={() => setForm(null)} disabled={busy}>
              Hủy
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}
