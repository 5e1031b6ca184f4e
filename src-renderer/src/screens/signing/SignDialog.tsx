// Ký số: choose a certificate on a token plugged into this PC and type its PIN. Used for the leader's personal
// signature (personal certificates) and the clerk's organisation signature (organisation certificates); the other
// kind can still be shown. The PIN lives only in the password field: it is read when the form is sent, passed to
// `onSign`, and the field is emptied after every attempt and when the dialog closes. It is never kept in React state
// and never logged.

import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { CERT_EXPIRY_WARN_DAYS, type TokenCertDto, type TokenDto, type TokenModuleDto } from '../../../../src-shared/api/signing';
import { ApiError, call } from '../../api';
import { useSession } from '../../session';
import { Button, Checkbox } from '../../ui/Controls';
import { Dialog } from '../../ui/Dialog';
import { ErrorBanner, fieldError } from '../../ui/Feedback';
import { fmtMsDate } from './common';

export type SignKind = 'personal' | 'organisation';

export interface SignerChoice {
  tokenId: string;
  certFingerprint: string;
  pin: string;
}

const KIND_LABEL: Record<SignKind, string> = { personal: 'chứng thư số cá nhân', organisation: 'chứng thư số của cơ quan' };
const CERT_KIND_BADGE: Record<SignKind, string> = { personal: 'Cá nhân', organisation: 'Cơ quan, tổ chức' };

/** What went wrong with the last attempt, when it needs more than the error's message. */
type Failure = { code: 'pin_incorrect'; countLow: boolean; finalTry: boolean } | { code: 'pin_locked'; tokenId: string } | { code: 'token_absent' } | null;

const keyOf = (tokenId: string, fingerprint: string) => `${tokenId}\n${fingerprint}`;

function usableFor(t: TokenDto, c: TokenCertDto, locked: Set<string>): boolean {
  return c.usable && !t.pinLocked && !locked.has(t.id);
}

export function SignDialog(props: {
  kind: SignKind;
  title: string;
  /** The button's text, e.g. "Ký số", "Cấp số và ký số". */
  action: string;
  /** What is about to be signed (document, number, date …). */
  children?: ReactNode;
  /** Another way to sign shown above the tokens (e.g. "Ký từ xa (SmartCA, MySign…)"). */
  alternative?: ReactNode;
  /** Does the signing; throws ApiError on failure (the dialog shows it). The caller closes the dialog on success. */
  onSign: (s: SignerChoice) => Promise<void>;
  onClose: () => void;
}) {
  const { me } = useSession();
  const formId = useId();
  const pinId = useId();
  const pinRef = useRef<HTMLInputElement>(null);
  const [modules, setModules] = useState<TokenModuleDto[]>([]);
  const [tokens, setTokens] = useState<TokenDto[] | null>(null);
  const [listing, setListing] = useState(false);
  const [listError, setListError] = useState<unknown>(null);
  const [showAll, setShowAll] = useState(false);
  const [choice, setChoice] = useState<string | null>(null);
  const [signing, setSigning] = useState(false);
  const [failure, setFailure] = useState<Failure>(null);
  const [error, setError] = useState<unknown>(null);
  const [locked, setLocked] = useState<Set<string>>(new Set());
  const [emptyPin, setEmptyPin] = useState(false);

  // After each attempt (once the field is enabled again) the cursor goes back to it, scrolled into view on a phone.
  const [attempts, setAttempts] = useState(0);
  const focusPin = (block: ScrollLogicalPosition) => {
    pinRef.current?.focus();
    pinRef.current?.scrollIntoView({ block });
  };
  useEffect(() => {
    if (attempts > 0) focusPin('center');
  }, [attempts]);

  const clearPin = () => {
    if (pinRef.current) pinRef.current.value = '';
  };

  const list = useCallback(async () => {
    setListing(true);
    setListError(null);
    try {
      const r = await call('tokens.list', {});
      setModules(r.modules);
      setTokens(r.tokens);
    } catch (e) {
      setListError(e);
    } finally {
      setListing(false);
    }
  }, []);
  useEffect(() => {
    void list();
    // The field is emptied when the dialog goes away, whatever closed it.
    const field = pinRef.current;
    return () => {
      if (field) field.value = '';
    };
  }, [list]);

  const matching = (c: TokenCertDto) => showAll || c.kind === props.kind;
  const all = (tokens ?? []).flatMap((t) => t.certificates.map((c) => ({ t, c })));
  const selected = all.find(({ t, c }) => keyOf(t.id, c.fingerprint) === choice) ?? null;

  // Keep the choice while it is still offered; otherwise take the first usable certificate of the kind asked for.
  useEffect(() => {
    if (!tokens) return;
    const offered = tokens.flatMap((t) => t.certificates.filter((c) => showAll || c.kind === props.kind).map((c) => ({ t, c })));
    const still = offered.find(({ t, c }) => keyOf(t.id, c.fingerprint) === choice && usableFor(t, c, locked));
    if (still) return;
    const first = offered.find(({ t, c }) => usableFor(t, c, locked));
    setChoice(first ? keyOf(first.t.id, first.c.fingerprint) : null);
  }, [tokens, showAll, props.kind, locked, choice]);

  // Once a certificate is chosen for the first time, the cursor waits in the PIN field.
  const focused = useRef(false);
  useEffect(() => {
    if (!choice || focused.current) return;
    focused.current = true;
    setTimeout(() => focusPin('nearest'), 0);
  }, [choice]);

  const close = () => {
    // A token call cannot be taken back: the dialog stays until it has answered.
    if (signing) return;
    clearPin();
    props.onClose();
  };

  async function submit() {
    if (signing || !selected) return;
    const pin = pinRef.current?.value ?? '';
    if (!pin) {
      setEmptyPin(true);
      pinRef.current?.focus();
      return;
    }
    setEmptyPin(false);
    setFailure(null);
    setError(null);
    setSigning(true);
    try {
      await props.onSign({ tokenId: selected.t.id, certFingerprint: selected.c.fingerprint, pin });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'pin_incorrect') {
        setFailure({ code: 'pin_incorrect', countLow: e.details?.countLow === true, finalTry: e.details?.finalTry === true });
        void list();
      } else if (e instanceof ApiError && e.code === 'pin_locked') {
        setFailure({ code: 'pin_locked', tokenId: selected.t.id });
        setLocked((s) => new Set(s).add(selected.t.id));
        void list();
      } else if (e instanceof ApiError && e.code === 'token_absent') {
        setFailure({ code: 'token_absent' });
      } else {
        setError(e);
      }
    } finally {
      clearPin();
      setSigning(false);
      setAttempts((n) => n + 1);
    }
  }

  const lockedNow = selected ? selected.t.pinLocked || locked.has(selected.t.id) : false;
  const pinError = failure?.code === 'pin_incorrect' ? 'Mã PIN không đúng.' : emptyPin ? 'Nhập mã PIN của token.' : fieldError(error, 'pin');
  const canSign = !!selected && usableFor(selected.t, selected.c, locked) && !signing;
  const hiddenOther = (t: TokenDto) => (showAll ? 0 : t.certificates.filter((c) => c.kind !== props.kind).length);

  return (
    <Dialog
      title={props.title}
      onClose={close}
      wide
      footer={
        <>
          <Button onClick={close} disabled={signing}>
            Hủy
          </Button>
          <Button variant="primary" type="submit" form={formId} busy={signing} disabled={!canSign}>
            {props.action}
          </Button>
        </>
      }
    >
      <form
        id={formId}
        className="stack sig-dialog"
        autoComplete="off"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {props.children}
        {props.alternative}
        <div className="row wrap sig-token-head">
          <h3 className="grow">Chọn {KIND_LABEL[props.kind]}</h3>
          <Checkbox label="Hiện tất cả chứng thư" checked={showAll} onChange={setShowAll} disabled={signing} />
          <Button small onClick={() => void list()} busy={listing} disabled={signing}>
            Tìm lại token
          </Button>
        </div>
        <ErrorBanner error={listError} />
        {!me.desktop && <p className="muted small">Token phải được cắm vào máy đang chạy chương trình VănThư (máy chủ của cơ quan), không phải máy đang mở trình duyệt.</p>}
        {tokens === null && !listError && (
          <p className="muted row">
            <span className="spinner" aria-hidden /> Đang tìm token…
          </p>
        )}
        {tokens && tokens.length === 0 && (
          <div className="banner warn" role="status">
            <div>
              <strong>Chưa thấy token nào trên máy này.</strong> Cắm token vào máy rồi bấm “Tìm lại token”.
              {modules.length === 0 ? (
                <div className="small">Chưa có thư viện token (PKCS#11) nào: cài phần mềm đi kèm token, hoặc nhờ quản trị khai báo đường dẫn trong Quản trị › Chữ ký số.</div>
              ) : (
                modules
                  .filter((m) => !m.present || m.error)
                  .map((m) => (
                    <div key={m.path} className="small">
                      {m.name}: {m.error ?? 'không thấy tệp thư viện trên máy này.'}
                    </div>
                  ))
              )}
            </div>
          </div>
        )}
        {tokens?.map((t) => {
          const certs = t.certificates.filter(matching);
          const other = hiddenOther(t);
          return (
            <fieldset key={t.id} className="sig-token" disabled={signing}>
              <legend>
                {t.label || 'Token'} <span className="muted">({[t.model, t.manufacturer].filter(Boolean).join(', ') || t.moduleName})</span>
              </legend>
              <div className="muted small">
                {t.moduleName}
                {t.serial ? ` · số sê-ri ${t.serial}` : ''}
              </div>
              {(t.pinLocked || locked.has(t.id)) && (
                <div className="banner error small-banner" role="alert">
                  Token đã bị khóa mã PIN do nhập sai quá số lần cho phép; không ký được bằng token này. Hãy liên hệ tổ chức cung cấp chứng thư số để mở khóa.
                </div>
              )}
              {!t.pinLocked && !locked.has(t.id) && t.pinFinalTry && (
                <div className="banner error small-banner" role="alert">
                  Chỉ còn <strong>một lần</strong> nhập mã PIN: nhập sai lần nữa token sẽ bị khóa. Hãy kiểm tra kỹ mã PIN trước khi nhập.
                </div>
              )}
              {!t.pinLocked && !locked.has(t.id) && !t.pinFinalTry && t.pinCountLow && (
                <div className="banner warn small-banner" role="status">
                  Token báo đã có lần nhập sai mã PIN; số lần thử còn lại ít. Nhập cẩn thận.
                </div>
              )}
              {certs.length === 0 ? (
                <p className="muted small">
                  Không có {KIND_LABEL[props.kind]} trên token này{other > 0 ? ` (có ${other} chứng thư khác: đánh dấu “Hiện tất cả chứng thư” để xem)` : ''}.
                </p>
              ) : (
                <ul className="sig-certs">
                  {certs.map((c) => {
                    const k = keyOf(t.id, c.fingerprint);
                    const ok = usableFor(t, c, locked);
                    return (
                      <li key={c.fingerprint}>
                        <label className={`sig-cert${ok ? '' : ' disabled'}${choice === k ? ' chosen' : ''}`}>
                          <input type="radio" name={`${formId}-cert`} value={k} checked={choice === k} disabled={!ok} onChange={() => setChoice(k)} />
                          <span className="grow">
                            <span className="sig-cert-name">
                              <strong>{c.subjectCN}</strong>
                              {c.organisation && c.organisation !== c.subjectCN && <span> — {c.organisation}</span>}{' '}
                              <span className={`badge ${c.kind === props.kind ? 'blue' : ''}`}>{CERT_KIND_BADGE[c.kind]}</span>
                            </span>
                            <span className="muted small sig-cert-line">Cấp bởi: {c.issuerCN || c.issuer}</span>
                            <span className="small sig-cert-line">
                              Hiệu lực đến {fmtMsDate(c.notAfter)}{' '}
                              {c.daysLeft >= 0 ? <span className="muted">(còn {c.daysLeft} ngày)</span> : <span className="error-text">(đã hết hạn)</span>}
                            </span>
                            {c.usable && c.daysLeft <= CERT_EXPIRY_WARN_DAYS && (
                              <span className="sig-cert-line">
                                <span className="badge orange">Sắp hết hạn</span>{' '}
                                <span className="small">Còn {c.daysLeft} ngày: hãy liên hệ tổ chức cung cấp dịch vụ để gia hạn chứng thư.</span>
                              </span>
                            )}
                            {!c.usable && <span className="error-text sig-cert-line">Không dùng được để ký: {c.problem ?? 'chứng thư không cho phép ký.'}</span>}
                          </span>
                        </label>
                      </li>
                    );
                  })}
                </ul>
              )}
            </fieldset>
          );
        })}
        {failure?.code === 'pin_locked' && (
          <div className="banner error" role="alert">
            <div>
              <strong>Token đã bị khóa mã PIN.</strong> Không thể ký bằng token này cho đến khi được mở khóa; hãy liên hệ tổ chức cung cấp chứng thư số. Văn bản chưa bị thay đổi.
            </div>
          </div>
        )}
        {failure?.code === 'token_absent' && (
          <div className="banner warn" role="alert">
            <div>
              <strong>Không tìm thấy token.</strong> Cắm token rồi bấm “Tìm lại token”, sau đó ký lại; văn bản chưa bị thay đổi.
            </div>
          </div>
        )}
        <ErrorBanner error={error} shownFields={['pin']} />
        <div className="field sig-pin">
          <label htmlFor={pinId}>
            Mã PIN của token
            <span className="req" aria-hidden>
              *
            </span>
          </label>
          <input
            ref={pinRef}
            id={pinId}
            className="input"
            type="password"
            name="token-pin"
            autoComplete="off"
            spellCheck={false}
            maxLength={64}
            disabled={signing || lockedNow || !selected}
            aria-invalid={pinError ? true : undefined}
            aria-describedby={pinError ? `${pinId}-err` : undefined}
            onInput={() => emptyPin && setEmptyPin(false)}
          />
          {pinError && (
            <span className="error" id={`${pinId}-err`} role="alert">
              {pinError}
            </span>
          )}
          {/* Said once: beside the field only while the token's own warning (after the list is read again) is not shown. */}
          {failure?.code === 'pin_incorrect' && failure.finalTry && !selected?.t.pinFinalTry && (
            <span className="banner error small-banner" role="alert">
              Chỉ còn <strong>một lần</strong> nhập mã PIN: nhập sai lần nữa token sẽ bị khóa.
            </span>
          )}
          {failure?.code === 'pin_incorrect' && !failure.finalTry && failure.countLow && !selected?.t.pinFinalTry && !selected?.t.pinCountLow && (
            <span className="banner warn small-banner" role="status">
              Số lần nhập mã PIN còn lại ít; nhập sai nhiều lần token sẽ bị khóa.
            </span>
          )}
          <span className="hint">Mã PIN chỉ dùng cho lần ký này, không được lưu lại.</span>
        </div>
        {signing && (
          <div className="sig-progress" role="status" aria-live="polite">
            <span className="spinner" aria-hidden /> Đang ký số… Không rút token ra cho đến khi xong (có thể mất vài giây).
          </div>
        )}
      </form>
    </Dialog>
  );
}
