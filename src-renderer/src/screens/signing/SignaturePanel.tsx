// Chữ ký số của một tệp PDF: the verdict over the whole file (signing.verify, stored with the document as evidence),
// then each signature or document timestamp with its signer, time and one-sentence message, and its details folded
// (integrity, certificate chain, revocation, what changed after signing, notes). "Kiểm tra lại" asks the core to
// check again now (revocation may have become reachable). An incoming file found invalid can be returned with the
// reason prefilled when the caller offers it; otherwise the reason is shown ready to copy.

import { useCallback, useEffect, useState } from 'react';
import type { SignatureCheck, VerificationReport } from '../../../../src-shared/api/signing';
import { call } from '../../api';
import { Button } from '../../ui/Controls';
import { ErrorBanner, useToast } from '../../ui/Feedback';
import { cnOf, fmtMsDate, fmtMsDateTime, VerdictBadge } from './common';

const INTEGRITY: Record<SignatureCheck['integrity'], string> = {
  ok: 'Nội dung được ký còn nguyên vẹn',
  failed: 'Nội dung đã bị thay đổi sau khi ký',
  unknown: 'Chưa xác định được',
};

const REVOCATION: Record<SignatureCheck['revocation'], string> = {
  good: 'Chứng thư chưa bị thu hồi',
  revoked: 'Chứng thư đã bị thu hồi',
  unknown: 'Chưa xác định được (không lấy được thông tin thu hồi)',
  'not-checked': 'Chưa kiểm tra',
};

/** The longest reason the refusal accepts (incoming.refuse reasonText). */
const REASON_MAX = 500;

/** A refusal reason from a failed report: the verdict, then each failed signature's signer and message. */
export function failureReason(r: VerificationReport): string {
  const lines = [`Chữ ký số trên văn bản không hợp lệ. ${r.summary}`.trim()];
  for (const s of r.signatures.filter((x) => x.indication === 'TOTAL_FAILED')) lines.push(`${s.signer?.subjectCN ?? 'Chữ ký'}: ${s.message}`);
  const text = lines.join(' ');
  return text.length > REASON_MAX ? `${text.slice(0, REASON_MAX - 1)}…` : text;
}

export function SignaturePanel(props: {
  hash: string;
  /** Told each report shown (so a screen can know whether its main file is signed). */
  onReport?: (hash: string, r: VerificationReport) => void;
  /** For an incoming document: when the file is invalid, offer the reason (to copy, or to return with when given). */
  offerReason?: boolean;
  onReturn?: (reason: string) => void;
}) {
  const { hash, onReport } = props;
  const toast = useToast();
  const [report, setReport] = useState<VerificationReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [checking, setChecking] = useState(false);

  const verify = useCallback(
    async (recheck: boolean) => {
      setChecking(true);
      setError(null);
      try {
        const r = await call('signing.verify', { hash, recheck });
        setReport(r);
        onReport?.(hash, r);
      } catch (e) {
        setError(e);
      } finally {
        setChecking(false);
      }
    },
    [hash, onReport],
  );
  useEffect(() => {
    setReport(null);
    void verify(false);
  }, [verify]);

  const reason = report?.overall === 'TOTAL_FAILED' && props.offerReason ? failureReason(report) : null;

  return (
    <section className="sig-panel" aria-label="Chữ ký số của tệp">
      <div className="sig-panel-head">
        <h3>Chữ ký số</h3>
        {report && <VerdictBadge verdict={report.overall} />}
        <span className="spacer" />
        <Button small busy={checking} onClick={() => void verify(true)}>
          Kiểm tra lại
        </Button>
      </div>
      <ErrorBanner error={error} />
      {!report && !error && (
        <p className="muted row small">
          <span className="spinner" aria-hidden /> Đang kiểm tra chữ ký số…
        </p>
      )}
      {report && (
        <>
          <p className="sig-summary">{report.summary}</p>
          <p className="muted small">
            Kiểm tra lúc {fmtMsDateTime(report.checkedAt)}
            {report.online ? '' : ' · máy không kết nối được mạng: chưa kiểm tra được tình trạng thu hồi chứng thư'}
          </p>
          {report.signatures.length > 0 && (
            <ol className="sig-list">
              {report.signatures.map((s, i) => (
                <SignatureItem key={`${s.fieldName}-${i}`} s={s} />
              ))}
            </ol>
          )}
          {reason && (
            <div className="banner error sig-return" role="alert">
              <div className="grow stack">
                <div>
                  <strong>Văn bản có chữ ký số không hợp lệ.</strong>{' '}
                  {props.onReturn ? 'Có thể trả lại (từ chối tiếp nhận) với lý do dưới đây.' : 'Lý do để báo lại cho cơ quan gửi:'}
                </div>
                <textarea className="input sig-reason" readOnly value={reason} rows={3} aria-label="Lý do chữ ký số không hợp lệ" onFocus={(e) => e.target.select()} />
                <div className="row wrap">
                  {props.onReturn && (
                    <Button variant="danger" small onClick={() => props.onReturn?.(reason)}>
                      Trả lại
                    </Button>
                  )}
                  <Button
                    small
                    onClick={() =>
                      void navigator.clipboard?.writeText(reason).then(
                        () => toast('ok', 'Đã chép lý do.'),
                        () => toast('error', 'Không chép được; hãy chọn đoạn lý do rồi nhấn Ctrl+C.'),
                      )
                    }
                  >
                    Chép lý do
                  </Button>
                </div>
              </div>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function SignatureItem({ s }: { s: SignatureCheck }) {
  const who = s.signer
    ? [s.signer.subjectCN, s.signer.organisation && s.signer.organisation !== s.signer.subjectCN ? s.signer.organisation : ''].filter(Boolean).join(' — ')
    : null;
  const time = s.timestampTime ?? s.claimedTime;
  return (
    <li className={`sig-item sig-${s.indication.toLowerCase()}`}>
      <div className="row wrap">
        <span className="badge">{s.kind === 'doc-timestamp' ? 'Dấu thời gian' : 'Chữ ký'}</span>
        <strong className="grow">
          {who ?? (s.kind === 'doc-timestamp' ? (s.timestampAuthority ? cnOf(s.timestampAuthority) : 'Máy chủ dấu thời gian') : 'Không rõ người ký')}
        </strong>
        <VerdictBadge verdict={s.indication} />
      </div>
      <div className="small">
        {time ? (
          <>
            {fmtMsDateTime(time)}{' '}
            <span className="muted">
              {s.timestampTime != null
                ? `(theo dấu thời gian${s.timestampAuthority ? ` của ${cnOf(s.timestampAuthority)}` : ''})`
                : '(thời gian ghi trong chữ ký, chưa có dấu thời gian)'}
            </span>
          </>
        ) : (
          <span className="muted">Không có thời gian ký</span>
        )}
      </div>
      <p className="sig-message">{s.message}</p>
      <details className="sig-details">
        <summary>Chi tiết</summary>
        <dl className="kv sig-kv">
          <dt>Toàn vẹn</dt>
          <dd>{INTEGRITY[s.integrity]}</dd>
          <dt>Giá trị chữ ký</dt>
          <dd>{s.signatureValid ? 'Đúng với chứng thư của người ký' : 'Không đúng (chữ ký không khớp với nội dung hoặc chứng thư)'}</dd>
          <dt>Phạm vi ký</dt>
          <dd>{s.coversWholeFile ? 'Toàn bộ tệp' : 'Một phiên bản trước của tệp (tệp được bổ sung sau khi ký)'}</dd>
          <dt>Thay đổi sau khi ký</dt>
          <dd>
            {s.changesAfter.changes.length === 0 ? (
              'Không có'
            ) : (
              <>
                {!s.changesAfter.allowedOnly && <span className="badge red">Có thay đổi không được phép</span>}
                <ul className="plain">
                  {s.changesAfter.changes.map((c, i) => (
                    <li key={i}>{c}</li>
                  ))}
                </ul>
              </>
            )}
          </dd>
          {s.signer && (
            <>
              <dt>Chứng thư người ký</dt>
              <dd>
                Số sê-ri <span className="mono">{s.signer.serial}</span>, hiệu lực {fmtMsDate(s.signer.notBefore)} – {fmtMsDate(s.signer.notAfter)}
                <div className="muted small">Cấp bởi: {s.signer.issuerCN || s.signer.issuer}</div>
              </dd>
            </>
          )}
          <dt>Chuỗi chứng thư</dt>
          <dd>
            {s.chainTrusted ? <span className="badge green">Đến chứng thư gốc tin cậy</span> : <span className="badge orange">Chưa đến chứng thư gốc tin cậy</span>}
            {s.chain.length > 0 && (
              <ul className="plain">
                {s.chain.map((c) => (
                  <li key={c.fingerprint}>
                    {c.subjectCN} <span className="muted small">(đến {fmtMsDate(c.notAfter)})</span>
                  </li>
                ))}
              </ul>
            )}
          </dd>
          <dt>Tình trạng thu hồi</dt>
          <dd>
            {REVOCATION[s.revocation]}
            {s.revocationDetail && <div className="muted small">{s.revocationDetail}</div>}
          </dd>
          <dt>Thuật toán</dt>
          <dd className="mono">
            {s.digestAlgorithm} · {s.subFilter}
          </dd>
          {s.notes.length > 0 && (
            <>
              <dt>Ghi chú</dt>
              <dd>
                <ul className="plain">
                  {s.notes.map((n, i) => (
                    <li key={i}>{n}</li>
                  ))}
                </ul>
              </dd>
            </>
          )}
        </dl>
      </details>
    </li>
  );
}
