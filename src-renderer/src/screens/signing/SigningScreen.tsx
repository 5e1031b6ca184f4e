// Quản trị › Chữ ký số. Three tabs, each shown to who may use it:
//  - Cấu hình (settings.manage): the token libraries (PKCS#11) to try besides the known ones, the time-stamping
//    server, where the seal goes; the remote signing services (RemoteProvidersCard); and the libraries this PC
//    actually found (tokens.list().modules).
//  - Chứng thư gốc tin cậy (settings.manage): the CA certificates signatures are checked against; add from a
//    .cer/.crt/.pem file, switch one on or off.
//  - Con dấu, token cơ quan (signing.seal): the office's seal image (PNG) and the custody log of the organisation's
//    token (Sổ bàn giao token cơ quan).

import { useCallback, useEffect, useRef, useState } from 'react';
import type { CustodyDto, SigningSettingsDto, TokenDto, TokenModuleDto, TrustAnchorDto } from '../../../../src-shared/api/signing';
import { todayVn } from '../../../../src-shared/calendar/vn-time';
import { call } from '../../api';
import { fmtDate, fmtDateTime } from '../../format';
import { useSession } from '../../session';
import { Button, SelectField, TextAreaField, TextField } from '../../ui/Controls';
import { DateField } from '../../ui/DateField';
import { ErrorBanner, fieldError, useToast } from '../../ui/Feedback';
import { useAction } from '../../ui/useAction';
import { cnOf, fmtMsDate, PngUpload } from './common';
import { RemoteProvidersCard } from './RemoteProvidersCard';

export const DEFAULT_TSA_URL = 'http://tsa.ca.gov.vn';

export const SEAL_POSITIONS: Record<SigningSettingsDto['sealPosition'], string> = {
  'overlap-left': 'Trùm lên khoảng 1/3 chữ ký, về phía bên trái (theo quy định)',
  'top-left': 'Phía trên, bên trái chữ ký',
  'top-right': 'Phía trên, bên phải chữ ký',
};

type Tab = 'settings' | 'trust' | 'seal';

export function SigningScreen() {
  const { can } = useSession();
  const tabs: Array<[Tab, string]> = [
    ...(can('settings.manage')
      ? ([
          ['settings', 'Cấu hình'],
          ['trust', 'Chứng thư gốc tin cậy'],
        ] as Array<[Tab, string]>)
      : []),
    ...(can('signing.seal') ? ([['seal', 'Con dấu, token cơ quan']] as Array<[Tab, string]>) : []),
  ];
  const [tab, setTab] = useState<Tab>(tabs[0]?.[0] ?? 'seal');
  return (
    <section aria-labelledby="signing-title" className="stack">
      <div className="page-head">
        <h1 id="signing-title">Chữ ký số</h1>
        <span className="sub">Token ký số, máy chủ dấu thời gian, chứng thư gốc tin cậy, con dấu và sổ bàn giao token</span>
      </div>
      {tabs.length > 1 && (
        <nav className="tabs" aria-label="Chữ ký số">
          {tabs.map(([t, label]) => (
            <a
              key={t}
              href="#/quan-tri/chu-ky-so"
              className={tab === t ? 'active' : ''}
              aria-current={tab === t ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                setTab(t);
              }}
            >
              {label}
            </a>
          ))}
        </nav>
      )}
      {tab === 'settings' && <SettingsTab />}
      {tab === 'trust' && <TrustTab />}
      {tab === 'seal' && <SealTab />}
    </section>
  );
}

// ---- Cấu hình ----------------------------------------------------------------------------------------------------

/** The message of the first invalid library path (fields are reported as modulePaths.0, modulePaths.1 …). */
function firstPathError(error: unknown): string | undefined {
  for (let i = 0; i < 20; i++) {
    const m = fieldError(error, `modulePaths.${i}`);
    if (m) return `Dòng ${i + 1}: ${m}`;
  }
  return undefined;
}

function SettingsTab() {
  const { can } = useSession();
  const toast = useToast();
  const [s, setS] = useState<SigningSettingsDto | null>(null);
  const [pathsText, setPathsText] = useState('');
  const [tsa, setTsa] = useState('');
  const { busy, error, run } = useAction();
  const [loadError, setLoadError] = useState<unknown>(null);

  const show = (x: SigningSettingsDto) => {
    setS(x);
    setPathsText(x.modulePaths.join('\n'));
    setTsa(x.tsaUrl ?? '');
  };
  useEffect(() => void call('signing.settings', {}).then(show, setLoadError), []);

  const save = (e: React.FormEvent) => {
    e.preventDefault();
    if (!s) return;
    void run(async () => {
      show(
        await call('signing.saveSettings', {
          modulePaths: pathsText
            .split(/\r?\n/)
            .map((p) => p.trim())
            .filter(Boolean),
          tsaUrl: tsa.trim() || null,
          sealPosition: s.sealPosition,
        }),
      );
      toast('ok', 'Đã lưu cấu hình ký số.');
    });
  };

  return (
    <div className="stack">
      <ErrorBanner error={loadError} />
      {s && (
        <form className="stack" onSubmit={save} noValidate aria-label="Cấu hình ký số">
          <ErrorBanner error={error} shownFields={['tsaUrl', 'sealPosition', 'modulePaths']} />
          <fieldset className="card">
            <legend>Ký số</legend>
            <div className="grid-2">
              <TextField
                label="Máy chủ cấp dấu thời gian (TSA)"
                value={tsa}
                onChange={setTsa}
                placeholder={DEFAULT_TSA_URL}
                error={fieldError(error, 'tsaUrl')}
                hint={`Mặc định: ${DEFAULT_TSA_URL} (Ban Cơ yếu Chính phủ). Để trống: chữ ký không kèm dấu thời gian.`}
              />
              <SelectField
                label="Vị trí dấu của cơ quan"
                value={s.sealPosition}
                onChange={(v) => setS({ ...s, sealPosition: v as SigningSettingsDto['sealPosition'] })}
                options={Object.entries(SEAL_POSITIONS).map(([value, label]) => ({ value, label }))}
                error={fieldError(error, 'sealPosition')}
                hint="So với chữ ký (ảnh) của người ký trên văn bản."
              />
              {!tsa.trim() && (
                <div className="span-2">
                  <Button small onClick={() => setTsa(DEFAULT_TSA_URL)}>
                    Dùng máy chủ mặc định
                  </Button>
                </div>
              )}
              <TextAreaField
                fieldClass="span-2"
                label="Thư viện token (PKCS#11) khai báo thêm, mỗi dòng một đường dẫn"
                value={pathsText}
                onChange={setPathsText}
                rows={3}
                spellCheck={false}
                error={fieldError(error, 'modulePaths') ?? firstPathError(error)}
                hint="Đường dẫn đầy đủ tới tệp thư viện của phần mềm token, ví dụ C:\Windows\System32\eTPKCS11.dll. Các thư viện thông dụng đã được tự tìm; chỉ khai báo khi token không được nhận."
              />
            </div>
          </fieldset>
          <div className="row">
            <Button variant="primary" type="submit" busy={busy}>
              Lưu cấu hình ký số
            </Button>
          </div>
        </form>
      )}
      {can('signing.use') && <RemoteProvidersCard />}
      {can('signing.use') ? (
        <ModulesCard changed={s} />
      ) : (
        <p className="muted">Thư viện token và token đang cắm chỉ xem được bằng tài khoản có quyền dùng ký số trên máy này (văn thư, lãnh đạo).</p>
      )}
    </div>
  );
}

/** The token libraries this PC tried: found or not, and the error of a library that did not load. */
function ModulesCard({ changed }: { changed: unknown }) {
  const [data, setData] = useState<{ modules: TokenModuleDto[]; tokens: TokenDto[] } | null>(null);
  const { busy, error, run } = useAction();
  const load = useCallback(() => run(async () => setData(await call('tokens.list', {}))), [run]);
  useEffect(() => void load(), [load, changed]);
  return (
    <div className="card">
      <div className="card-head">
        <h2 className="grow">Thư viện token trên máy này</h2>
        <Button small busy={busy} onClick={() => void load()}>
          Tìm lại token
        </Button>
      </div>
      <ErrorBanner error={error} />
      {data && (
        <div className="table-wrap">
          <table className="data stacked">
            <thead>
              <tr>
                <th>Thư viện</th>
                <th>Đường dẫn</th>
                <th>Nguồn</th>
                <th>Tình trạng</th>
              </tr>
            </thead>
            <tbody>
              {data.modules.map((m) => (
                <tr key={m.path}>
                  <td data-label="Thư viện">{m.name}</td>
                  <td data-label="Đường dẫn" className="mono sig-path">
                    {m.path}
                  </td>
                  <td data-label="Nguồn">{m.source === 'admin' ? 'Quản trị khai báo' : 'Tự tìm'}</td>
                  <td data-label="Tình trạng">
                    {!m.present ? (
                      <span className="badge">Không có trên máy</span>
                    ) : m.error ? (
                      <>
                        <span className="badge red">Lỗi</span> <span className="small">{m.error}</span>
                      </>
                    ) : (
                      <span className="badge green">Có</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.modules.length === 0 && <div className="empty">Chưa tìm thấy thư viện token nào trên máy này.</div>}
          <p className="muted small sig-pad">
            {data.tokens.length === 0
              ? 'Không có token nào đang cắm vào máy.'
              : `Token đang cắm: ${data.tokens.map((t) => `${t.label || 'Token'} (${t.certificates.length} chứng thư)`).join('; ')}.`}
          </p>
        </div>
      )}
    </div>
  );
}

// ---- Chứng thư gốc tin cậy ---------------------------------------------------------------------------------------

function TrustTab() {
  const toast = useToast();
  const [items, setItems] = useState<TrustAnchorDto[] | null>(null);
  const { busy, error, setError, run } = useAction();
  const [toggling, setToggling] = useState<number | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => void call('signing.trustList', {}).then(setItems, setError), [setError]);

  const add = (f: File) =>
    run(async () => {
      // The file's content goes in the call itself: PEM as text, DER (.cer, .crt) as base64.
      const bytes = new Uint8Array(await f.arrayBuffer());
      const head = new TextDecoder('latin1').decode(bytes.subarray(0, 64));
      let bin = '';
      for (const b of bytes) bin += String.fromCharCode(b);
      const a = await call('signing.trustAdd', { certificate: head.includes('-----BEGIN') ? new TextDecoder('latin1').decode(bytes) : btoa(bin) });
      setItems((xs) => [a, ...(xs ?? []).filter((x) => x.id !== a.id)]);
      toast('ok', `Đã thêm chứng thư gốc: ${cnOf(a.subject)}`);
    });
  const toggle = (a: TrustAnchorDto) =>
    run(async () => {
      setToggling(a.id);
      try {
        const x = await call('signing.trustSetEnabled', { id: a.id, enabled: !a.enabled });
        setItems((xs) => (xs ?? []).map((y) => (y.id === x.id ? x : y)));
      } finally {
        setToggling(null);
      }
    });
  const now = Date.now();

  return (
    <div className="stack">
      <div className="row wrap">
        <Button variant="primary" busy={busy && toggling === null} onClick={() => input.current?.click()}>
          Thêm chứng thư gốc…
        </Button>
        <input
          ref={input}
          type="file"
          hidden
          accept=".cer,.crt,.pem,.der"
          aria-label="Chọn tệp chứng thư gốc"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void add(f);
          }}
        />
        <span className="muted small">Tệp .cer, .crt hoặc .pem của tổ chức cung cấp dịch vụ chứng thực (ví dụ chứng thư gốc của Ban Cơ yếu Chính phủ).</span>
      </div>
      <ErrorBanner error={error} />
      <div className="card table-wrap">
        <table className="data stacked">
          <thead>
            <tr>
              <th>Chứng thư</th>
              <th>Hiệu lực đến</th>
              <th>Thêm bởi</th>
              <th>Dùng khi kiểm tra</th>
            </tr>
          </thead>
          <tbody>
            {(items ?? []).map((a) => (
              <tr key={a.id} className={a.enabled ? '' : 'inactive'}>
                <td data-label="Chứng thư" className="sig-subject">
                  <strong>{cnOf(a.subject)}</strong>
                  {cnOf(a.subject) !== a.subject && <div className="muted small">{a.subject}</div>}
                  <div className="mono muted small" title={a.fingerprint}>
                    SHA-256 {a.fingerprint.slice(0, 16)}…
                  </div>
                </td>
                <td data-label="Hiệu lực đến">
                  {fmtMsDate(a.notAfter)} {a.notAfter < now && <span className="badge red">Hết hạn</span>}
                </td>
                <td data-label="Thêm bởi">
                  {a.addedByName ?? '—'}
                  <div className="muted small">{fmtDateTime(a.addedAt)}</div>
                </td>
                <td data-label="Dùng khi kiểm tra">
                  <label className="check">
                    <input type="checkbox" checked={a.enabled} disabled={busy} onChange={() => void toggle(a)} aria-label={`Dùng chứng thư ${a.subject} khi kiểm tra`} />
                    {a.enabled ? 'Đang dùng' : 'Đã tắt'}
                  </label>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {items && items.length === 0 && <div className="empty">Chưa có chứng thư gốc tin cậy nào: chữ ký số sẽ ở trạng thái “Chưa xác định”.</div>}
      </div>
    </div>
  );
}

// ---- Con dấu, token cơ quan --------------------------------------------------------------------------------------

function SealTab() {
  const { can } = useSession();
  const toast = useToast();
  const [hasSeal, setHasSeal] = useState<boolean | null>(null);
  useEffect(() => {
    if (can('signing.use'))
      call('signing.settings', {}).then(
        (s) => setHasSeal(s.hasSeal),
        () => setHasSeal(null),
      );
  }, [can]);
  return (
    <div className="stack">
      <div className="card card-body stack">
        <h2>Ảnh con dấu của cơ quan</h2>
        {can('signing.use') ? (
          <>
            <p className="muted">
              Ảnh PNG nền trong suốt của con dấu, đặt lên văn bản khi văn thư ký số cơ quan.
              {hasSeal === true && ' Đã có ảnh con dấu; tải ảnh mới lên sẽ thay ảnh cũ.'}
              {hasSeal === false && ' Chưa có ảnh con dấu.'}
            </p>
            <PngUpload
              label="Tải ảnh con dấu (PNG)…"
              hint="Nên dùng ảnh quét rõ nét, cắt sát con dấu, nền trong suốt."
              onStored={async (hash) => {
                await call('signing.setImage', { kind: 'seal', hash });
                setHasSeal(true);
                toast('ok', 'Đã cập nhật ảnh con dấu của cơ quan.');
              }}
            />
          </>
        ) : (
          <p className="muted">Ảnh con dấu do văn thư (người dùng token của cơ quan) đặt.</p>
        )}
      </div>
      <CustodyCard />
    </div>
  );
}

function CustodyCard() {
  const { can } = useSession();
  const toast = useToast();
  const [items, setItems] = useState<CustodyDto[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [fromName, setFromName] = useState('');
  const [toName, setToName] = useState('');
  const [date, setDate] = useState(todayVn(Date.now()));
  const [note, setNote] = useState('');
  const [cert, setCert] = useState('');
  const [certs, setCerts] = useState<Array<{ value: string; label: string }> | null>(null);
  const { busy, error, run } = useAction();
  const reading = useAction();
  useEffect(() => void call('signing.custodyList', {}).then(setItems, setLoadError), []);

  const readToken = () =>
    reading.run(async () => {
      const r = await call('tokens.list', {});
      const list = r.tokens.flatMap((t) =>
        t.certificates
          .filter((c) => c.kind === 'organisation')
          .map((c) => ({ value: c.fingerprint, label: `${c.subjectCN} — ${t.label || 'Token'}, hiệu lực đến ${fmtMsDate(c.notAfter)}` })),
      );
      setCerts(list);
      if (list.length === 1) setCert(list[0].value);
    });

  const add = (e: React.FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const x = await call('signing.custodyAdd', { fromName, toName, date, note: note.trim() || null, certFingerprint: cert || null });
      setItems((xs) => [x, ...(xs ?? [])]);
      setFromName('');
      setToName('');
      setNote('');
      setCert('');
      toast('ok', 'Đã ghi biên bản bàn giao token.');
    });
  };

  return (
    <div className="card">
      <div className="card-head">
        <h2>Sổ bàn giao token cơ quan</h2>
      </div>
      <div className="card-body stack">
        <form className="stack" onSubmit={add} noValidate aria-label="Ghi bàn giao token">
          <ErrorBanner error={error} shownFields={['fromName', 'toName', 'date', 'note', 'certFingerprint']} />
          <div className="grid-3">
            <TextField label="Người giao" required value={fromName} onChange={setFromName} maxLength={120} error={fieldError(error, 'fromName')} />
            <TextField label="Người nhận" required value={toName} onChange={setToName} maxLength={120} error={fieldError(error, 'toName')} />
            <DateField label="Ngày bàn giao" required value={date} onChange={setDate} error={fieldError(error, 'date')} />
            <TextAreaField fieldClass="span-2" label="Ghi chú" value={note} onChange={setNote} rows={2} maxLength={1000} error={fieldError(error, 'note')} />
            <div className="field">
              {certs ? (
                <SelectField
                  label="Chứng thư trên token (không bắt buộc)"
                  value={cert}
                  onChange={setCert}
                  options={[{ value: '', label: certs.length ? '— Không ghi —' : '— Không thấy chứng thư cơ quan —' }, ...certs]}
                  error={fieldError(error, 'certFingerprint')}
                />
              ) : (
                <>
                  <span className="label">Chứng thư trên token (không bắt buộc)</span>
                  {can('signing.use') ? (
                    <Button small busy={reading.busy} onClick={() => void readToken()}>
                      Đọc từ token đang cắm
                    </Button>
                  ) : (
                    <span className="muted small">Chỉ đọc được trên máy có quyền dùng token.</span>
                  )}
                </>
              )}
              <ErrorBanner error={reading.error} />
            </div>
          </div>
          <div className="row">
            <Button variant="primary" type="submit" busy={busy}>
              Ghi bàn giao
            </Button>
          </div>
        </form>
        <ErrorBanner error={loadError} />
        <div className="table-wrap">
          <table className="data stacked">
            <thead>
              <tr>
                <th>Ngày</th>
                <th>Người giao</th>
                <th>Người nhận</th>
                <th>Ghi chú</th>
                <th>Ghi bởi</th>
              </tr>
            </thead>
            <tbody>
              {(items ?? []).map((x) => (
                <tr key={x.id}>
                  <td data-label="Ngày" className="nowrap">
                    {fmtDate(x.date)}
                  </td>
                  <td data-label="Người giao">{x.fromName}</td>
                  <td data-label="Người nhận">{x.toName}</td>
                  <td data-label="Ghi chú">
                    {x.note && <span className="prewrap">{x.note}</span>}
                    {x.certFingerprint && (
                      <div className="mono muted small" title={x.certFingerprint}>
                        Chứng thư SHA-256 {x.certFingerprint.slice(0, 16)}…
                      </div>
                    )}
                  </td>
                  <td data-label="Ghi bởi">
                    {x.recordedByName ?? '—'}
                    <div className="muted small">{fmtDateTime(x.recordedAt)}</div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {items && items.length === 0 && <div className="empty">Chưa có lần bàn giao nào được ghi.</div>}
        </div>
      </div>
    </div>
  );
}
