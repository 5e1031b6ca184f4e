// Chữ ký số từ xa của tôi: the user links the credential (key + certificate) a remote signing service holds for them —
// choose the service, type one's account there, pick one of the certificates the service lists. Shown in
// MySignatureDialog to whoever signs personally (signing.personal).

import { useEffect, useState } from 'react';
import type { RemoteCredentialDto, RemoteLinkDto, RemoteProviderDto } from '../../../../src-shared/api/signing';
import { call } from '../../api';
import { Button, SelectField, TextField } from '../../ui/Controls';
import { ErrorBanner, fieldError, useToast } from '../../ui/Feedback';
import { useAction } from '../../ui/useAction';
import { fmtMsDate } from './common';

export function RemoteLinkSection() {
  const toast = useToast();
  const [providers, setProviders] = useState<RemoteProviderDto[] | null>(null);
  const [link, setLink] = useState<RemoteLinkDto | null>(null);
  const [providerId, setProviderId] = useState('');
  const [account, setAccount] = useState('');
  const [creds, setCreds] = useState<RemoteCredentialDto[] | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const { busy, error, run } = useAction();

  useEffect(() => {
    void call('signing.remoteProviders', {}).then((p) => {
      setProviders(p);
      if (p[0]) setProviderId((x) => x || String(p[0].id));
    });
    void call('signing.remoteLink', {}).then((l) => {
      setLink(l);
      if (l) {
        setProviderId(String(l.providerId));
        setAccount(l.providerUserId);
      }
    });
  }, []);

  const find = () =>
    void run(async () => {
      setCreds(null);
      const list = await call('signing.remoteCredentials', { providerId: Number(providerId), providerUserId: account.trim() });
      setCreds(list);
      setChosen(list.find((c) => c.usable)?.credentialId ?? null);
    });

  const save = (credentialId: string | null) =>
    void run(async () => {
      const l = await call('signing.saveRemoteLink', { link: credentialId ? { providerId: Number(providerId), providerUserId: account.trim(), credentialId } : null });
      setLink(l);
      setCreds(null);
      toast('ok', l ? 'Đã liên kết chứng thư ký số từ xa.' : 'Đã bỏ liên kết chứng thư ký số từ xa.');
    });

  if (providers && providers.length === 0) {
    return <p className="muted small">Ký số từ xa (SmartCA, MySign…): quản trị chưa cấu hình dịch vụ nào.</p>;
  }
  return (
    <section className="stack" aria-labelledby="remote-link-title">
      <h3 id="remote-link-title">Ký số từ xa (SmartCA, MySign…)</h3>
      {link ? (
        <div className="banner info row wrap">
          <span className="grow">
            Đã liên kết: <strong>{link.subject ?? link.credentialId}</strong> tại {link.providerName} (tài khoản {link.providerUserId}).
          </span>
          <Button small variant="danger" busy={busy} onClick={() => save(null)}>
            Bỏ liên kết
          </Button>
        </div>
      ) : (
        <p className="muted small">Liên kết chứng thư số do dịch vụ ký số từ xa cấp cho bạn để ký văn bản bằng điện thoại khi không có token.</p>
      )}
      <ErrorBanner error={error} shownFields={['providerUserId']} />
      <div className="grid-2">
        <SelectField label="Dịch vụ" value={providerId} onChange={setProviderId} options={(providers ?? []).map((p) => ({ value: String(p.id), label: p.name }))} />
        <TextField
          label="Tài khoản tại dịch vụ"
          value={account}
          onChange={setAccount}
          spellCheck={false}
          placeholder="Số điện thoại hoặc mã người dùng"
          error={fieldError(error, 'providerUserId')}
        />
      </div>
      <div className="row">
        <Button busy={busy} disabled={!providerId || !account.trim()} onClick={find}>
          Tìm chứng thư
        </Button>
      </div>
      {creds && creds.length === 0 && <p className="muted">Dịch vụ không có chứng thư nào cho tài khoản này.</p>}
      {creds && creds.length > 0 && (
        <ul className="sig-certs">
          {creds.map((c) => (
            <li key={c.credentialId}>
              <label className={`sig-cert${c.usable ? '' : ' disabled'}${chosen === c.credentialId ? ' chosen' : ''}`}>
                <input type="radio" name="remote-cred" checked={chosen === c.credentialId} disabled={!c.usable} onChange={() => setChosen(c.credentialId)} />
                <span className="grow">
                  <strong>{c.certificate?.subjectCN ?? c.description ?? c.credentialId}</strong>
                  {c.certificate && (
                    <span className="muted small sig-cert-line">
                      Cấp bởi: {c.certificate.issuerCN || c.certificate.issuer} · hiệu lực đến {fmtMsDate(c.certificate.notAfter)}
                    </span>
                  )}
                  {!c.usable && <span className="error-text sig-cert-line">{c.problem}</span>}
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
      {creds && chosen && (
        <div className="row">
          <Button variant="primary" busy={busy} onClick={() => save(chosen)}>
            Liên kết chứng thư này
          </Button>
        </div>
      )}
    </section>
  );
}
