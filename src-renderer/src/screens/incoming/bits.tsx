// Small pieces shared by the incoming screens: urgency and status badges, highlighted text, the arrival stamp.

import type { ArrivalStampDto } from '../../../../src-shared/api/documents';
import { DOC_STATUS, HANDLING, URGENCY_LABELS, type DocStatus, type HandlingStatus } from '../../../../src-shared/documents';
import { vnParts } from '../../../../src-shared/calendar/vn-time';
import { fmtDate, fmtDateTime } from '../../format';

export function UrgencyBadge({ urgency }: { urgency: number }) {
  if (!urgency) return null;
  return <span className={`badge urgency-${urgency}`}>{URGENCY_LABELS[urgency]}</span>;
}

export function StatusBadge({ status, handling, overdue, late }: { status: DocStatus; handling?: HandlingStatus; overdue?: boolean; late?: boolean }) {
  const tone = status === 'registered' ? (handling === 'done' ? 'green' : 'blue') : status === 'pending' ? 'orange' : 'red';
  return (
    <span className="badges">
      <span className={`badge ${tone}`}>{status === 'registered' && handling ? HANDLING[handling] : DOC_STATUS[status]}</span>
      {overdue && <span className="badge red">Quá hạn</span>}
      {late && (
        <span className="badge orange" title="Vào sổ sau 8 giờ làm việc kể từ khi đến">
          Vào sổ muộn
        </span>
      )}
    </span>
  );
}

/** Text with <mark> around the given ranges (from the core's highlight ranges). */
export function Highlighted({ text, ranges }: { text: string; ranges?: Array<[number, number]> }) {
  if (!ranges?.length) return <>{text}</>;
  const parts: React.ReactNode[] = [];
  let at = 0;
  ranges.forEach(([a, b], i) => {
    if (a > at) parts.push(text.slice(at, a));
    parts.push(<mark key={i}>{text.slice(a, b)}</mark>);
    at = b;
  });
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}

/**
 * Ngày đến in lists: the day the document really arrived. When it arrived outside working hours the counting of
 * the deadlines starts on a later day, shown under it and labelled, never in its place.
 */
export function ArrivalDate({ receivedAt, arrivalAt }: { receivedAt: number; arrivalAt: number }) {
  const real = vnParts(receivedAt).date;
  const counting = vnParts(arrivalAt).date;
  return (
    <>
      {fmtDate(real)}
      {counting !== real && <div className="muted small">tính hạn từ {fmtDate(counting).slice(0, 5)}</div>}
    </>
  );
}

/** The electronic "ĐẾN" stamp (NĐ 30 Phụ lục IV; PY 5.4b): office, number, date, routing, file. */
export function ArrivalStamp({ stamp }: { stamp: ArrivalStampDto }) {
  return (
    <div className="stamp" aria-label="Dấu đến điện tử">
      <div className="stamp-org">{stamp.orgName.toUpperCase()}</div>
      <div className="stamp-title">ĐẾN</div>
      <dl>
        <dt>Số:</dt>
        <dd>{stamp.arrivalNumber ?? '…'}</dd>
        <dt>Ngày:</dt>
        <dd>{fmtDateTime(stamp.receivedAt)}</dd>
        {stamp.arrivalAt !== stamp.receivedAt && (
          <>
            <dt>Tính hạn từ:</dt>
            <dd>{fmtDateTime(stamp.arrivalAt)}</dd>
          </>
        )}
        <dt>Chuyển:</dt>
        <dd>{stamp.transfer ?? '…'}</dd>
        <dt>Lưu hồ sơ số:</dt>
        <dd>{stamp.fileCode ?? '…'}</dd>
      </dl>
    </div>
  );
}

export function fileSize(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1048576).toFixed(1).replace('.', ',')} MB`;
}
