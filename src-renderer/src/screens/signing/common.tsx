// Small pieces shared by the signing screens (chữ ký số): dates of certificates and signatures in Vietnam time, the
// colour of a verification verdict, the banner shown after a signature was made, and the PNG image upload used for
// the personal signature image and the organisation's seal. Presentation and one upload; no signing here.

import { useEffect, useRef, useState } from 'react';
import { formatHhmm, formatVnDate, vnParts } from '../../../../src-shared/calendar/vn-time';
import { INDICATION_LABELS, type MainIndication, type SignResultDto, type VerificationReport } from '../../../../src-shared/api/signing';
import { ApiError, call } from '../../api';
import { Button } from '../../ui/Controls';
import { ErrorBanner } from '../../ui/Feedback';

/** dd/mm/yyyy of an epoch-ms instant, in Vietnam time. */
export const fmtMsDate = (ms: number | null | undefined): string => (ms == null ? '' : formatVnDate(vnParts(ms).date));

/** dd/mm/yyyy HH:mm of an epoch-ms instant, in Vietnam time. */
export function fmtMsDateTime(ms: number | null | undefined): string {
  if (ms == null) return '';
  const p = vnParts(ms);
  return `${formatVnDate(p.date)} ${formatHhmm(p.minute)}`;
}

/** The common name of a distinguished name written "CN=…,O=…,C=VN" (the name people know); the text itself otherwise. */
export function cnOf(dn: string): string {
  const m = /(?:^|,)\s*CN=((?:\\.|[^,\\])+)/.exec(dn);
  return m ? m[1].replace(/\\(.)/g, '$1').trim() : dn;
}

export type Verdict = MainIndication | 'UNSIGNED';

/** Green for valid, amber for not yet decided (or no signature), red for invalid. */
export const VERDICT_TONE: Record<Verdict, 'green' | 'orange' | 'red' | ''> = {
  TOTAL_PASSED: 'green',
  INDETERMINATE: 'orange',
  TOTAL_FAILED: 'red',
  UNSIGNED: '',
};

export function VerdictBadge({ verdict }: { verdict: Verdict }) {
  return <span className={`badge ${VERDICT_TONE[verdict]} sig-verdict`}>{INDICATION_LABELS[verdict]}</span>;
}

/** The banner kind matching a verdict. */
export const verdictBanner = (v: Verdict): 'ok' | 'warn' | 'error' | 'info' =>
  v === 'TOTAL_PASSED' ? 'ok' : v === 'TOTAL_FAILED' ? 'error' : v === 'INDETERMINATE' ? 'warn' : 'info';

/** What was just signed, as shown after success: the new number (when one was issued) and the file's verification. */
export interface SignedNotice {
  title: string;
  number?: string;
  result: SignResultDto;
}

export function SignedBanner({ notice, onClose }: { notice: SignedNotice; onClose: () => void }) {
  const r: VerificationReport = notice.result.report;
  return (
    <div className={`banner ${verdictBanner(r.overall)} sig-done`} role="status">
      <div className="grow">
        <div>
          <strong>{notice.title}</strong>
          {notice.number && (
            <>
              {' '}
              — số <strong className="out-issued-number">{notice.number}</strong>
            </>
          )}
        </div>
        <div className="row wrap sig-done-line">
          <span>Kiểm tra tệp vừa ký:</span> <VerdictBadge verdict={r.overall} /> <span>{r.summary}</span>
        </div>
        {notice.result.timestampDeferred && <div className="small">Chưa lấy được dấu thời gian từ máy chủ cấp dấu thời gian; hệ thống sẽ tự bổ sung sau khi kết nối được.</div>}
      </div>
      <Button small variant="ghost" onClick={onClose} aria-label="Đóng thông báo ký số">
        ✕
      </Button>
    </div>
  );
}

/**
 * Choose a PNG, upload it to the blob store, then hand its hash to `onStored` (which calls signing.setImage). Shows
 * the chosen picture on a checkered background so a non-transparent image is visible as such.
 */
export function PngUpload(props: { label: string; hint: string; onStored: (hash: string) => Promise<void>; disabled?: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const [url, setUrl] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);

  async function pick(f: File) {
    setError(null);
    if (!/\.png$/i.test(f.name) && f.type !== 'image/png') {
      setError(new Error('Chọn tệp ảnh PNG (nền trong suốt).'));
      return;
    }
    setBusy(true);
    try {
      const info = await call('blobs.put', { fileName: f.name, bytes: new Uint8Array(await f.arrayBuffer()) });
      if (info.kind !== 'png') throw new Error('Tệp đã chọn không phải ảnh PNG. Hãy lưu ảnh dưới dạng PNG nền trong suốt rồi chọn lại.');
      await props.onStored(info.hash);
      setUrl(URL.createObjectURL(f));
    } catch (e) {
      setError(e instanceof ApiError || e instanceof Error ? e : new Error(String(e)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="stack sig-png">
      <ErrorBanner error={error} />
      <div className="row wrap">
        <Button busy={busy} disabled={props.disabled} onClick={() => input.current?.click()}>
          {props.label}
        </Button>
        <input
          ref={input}
          type="file"
          accept="image/png,.png"
          hidden
          aria-label={props.label}
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void pick(f);
          }}
        />
        <span className="muted small">{props.hint}</span>
      </div>
      {url && (
        <div className="sig-png-preview">
          <img src={url} alt="Ảnh vừa tải lên" />
        </div>
      )}
    </div>
  );
}
