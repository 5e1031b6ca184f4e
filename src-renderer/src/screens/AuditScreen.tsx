// Quản trị › Nhật ký hệ thống: who did what and when, whether the hash chain is intact, export for inspection.

import { useCallback, useEffect, useState } from 'react';
import { api, isMethodName } from '../../../src-shared/api';
import type { AuditAnchorStatus, AuditRowDto, AuditVerifyResult } from '../../../src-shared/api/accounts';
import { call, saveFile } from '../api';
import { fmtDateTime } from '../format';
import { Button, SelectField } from '../ui/Controls';
import { DateField } from '../ui/DateField';
import { ErrorBanner, useToast } from '../ui/Feedback';
import { useBusy } from '../ui/useAction';

const OUTCOME = { ok: ['Thành công', 'green'], denied: ['Bị từ chối quyền', 'red'], failed: ['Thất bại', 'orange'] } as const;
const TARGETS: Record<string, string> = {
  user: 'Tài khoản',
  unit: 'Đơn vị',
  settings: 'Cấu hình',
  document: 'Văn bản',
  blob: 'Tệp',
  register: 'Sổ',
  register_year: 'Sổ năm',
  agency: 'Cơ quan',
  doc_type: 'Loại văn bản',
  calendar_day: 'Ngày',
  calendar_year: 'Lịch năm',
  saved_search: 'Tìm kiếm đã lưu',
  job: 'Công việc nền',
};
/** Entries written by the system itself (periodic jobs), not by a method call. */
const EXTRA_ACTIONS: Record<string, string> = {
  'users.suspend': 'Tạm ngừng tài khoản không sử dụng',
  'registers.newYear': 'Tạo sổ văn bản năm mới',
  'audit.triggersRestored': 'Khôi phục cơ chế chống sửa, xóa nhật ký (đã bị gỡ bỏ)',
  'audit.rowsMissing': 'Phát hiện nhật ký bị xóa các dòng cuối',
  'audit.anchorMismatch': 'Phát hiện nhật ký không khớp mốc lưu ngoài cơ sở dữ liệu',
  'audit.keyMissing': 'Mất tệp khóa nhật ký; đã tạo khóa mới',
};

/** What the anchor kept outside the database says about the end of the log. */
const ANCHOR_STATE: Record<AuditAnchorStatus['state'], string> = {
  match: 'khớp với mốc lưu ngoài cơ sở dữ liệu',
  behind: 'mốc lưu ngoài cơ sở dữ liệu chưa kịp ghi dòng cuối (bình thường sau khi mất điện)',
  rows_missing: 'MẤT CÁC DÒNG CUỐI so với mốc lưu ngoài cơ sở dữ liệu',
  diverged: 'các dòng cuối đã bị xóa rồi ghi lại (khác mốc lưu ngoài cơ sở dữ liệu)',
  missing: 'không tìm thấy tệp mốc lưu ngoài cơ sở dữ liệu',
  invalid: 'tệp mốc lưu ngoài cơ sở dữ liệu không hợp lệ (bị sửa hoặc của máy khác)',
  none: 'chưa có mốc lưu ngoài cơ sở dữ liệu',
  not_checked: 'chưa so với mốc lưu ngoài cơ sở dữ liệu',
};

function actionLabel(action: string): string {
  return isMethodName(action) ? api[action].summary : (EXTRA_ACTIONS[action] ?? action);
}

/** The object of an entry; a file's 64-digit hash is shortened (the whole hash on hover and in the CSV export). */
function Target({ type, id }: { type: string | null; id: string | null }) {
  if (!type) return null;
  const long = id != null && id.length > 16;
  return (
    <span title={long ? id : undefined}>
      {TARGETS[type] ?? type} {long ? <span className="mono">{id.slice(0, 10)}…</span> : id}
    </span>
  );
}

const SHORT_DETAILS = 120;

/** Details as "key: value" pairs on two lines at most; longer ones open in place. */
function Details({ details }: { details: Record<string, unknown> | null }) {
  const [open, setOpen] = useState(false);
  if (!details) return null;
  const line = Object.entries(details)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' · ');
  if (line.length <= SHORT_DETAILS) return <span className="audit-details">{line}</span>;
  return (
    <div className="audit-details">
      {open ? <pre>{JSON.stringify(details, null, 2)}</pre> : <span>{line.slice(0, SHORT_DETAILS)}…</span>}
      <button type="button" className="link" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? 'Thu gọn' : 'Xem đầy đủ'}
      </button>
    </div>
  );
}

export function AuditScreen() {
  const toast = useToast();
  const [items, setItems] = useState<AuditRowDto[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [filters, setFilters] = useState({ action: '', outcome: '', from: '', to: '' });
  const [verify, setVerify] = useState<AuditVerifyResult | null>(null);
  // One banner for the list, the check and the export; a new check or export leaves an earlier message in place.
  const [error, setError] = useState<unknown>(null);
  const verifying = useBusy(setError);
  const exporting = useBusy(setError);

  const query = useCallback(
    (beforeId?: number) =>
      call('audit.list', {
        beforeId,
        action: filters.action || undefined,
        outcome: (filters.outcome || undefined) as 'ok' | 'denied' | 'failed' | undefined,
        from: filters.from || undefined,
        to: filters.to || undefined,
        limit: 100,
      }),
    [filters],
  );

  useEffect(() => {
    setError(null);
    query().then((r) => {
      setItems(r.items);
      setNext(r.nextBeforeId);
    }, setError);
  }, [query]);

  async function more() {
    if (!next) return;
    const r = await query(next);
    setItems((xs) => [...xs, ...r.items]);
    setNext(r.nextBeforeId);
  }

  const runVerify = () => verifying.run(async () => setVerify(await call('audit.verify', {})));

  const exportCsv = () =>
    exporting.run(async () => {
      saveFile(await call('audit.export', { from: filters.from || undefined, to: filters.to || undefined }));
      toast('ok', 'Đã xuất nhật ký ra tệp CSV.');
    });

  const set = (k: keyof typeof filters) => (v: string) => setFilters({ ...filters, [k]: v });
  const actions = Object.keys(api).filter((m) => {
    const spec = api[m as keyof typeof api];
    return spec.mutates || ('auditAccess' in spec && spec.auditAccess);
  });

  return (
    <section aria-labelledby="audit-title">
      <div className="page-head">
        <h1 id="audit-title">Nhật ký hệ thống</h1>
        <span className="sub">Mọi thao tác thay đổi dữ liệu, đăng nhập, từ chối quyền, xem văn bản, tải tệp và xuất dữ liệu</span>
        <span className="spacer" />
        <Button onClick={() => void runVerify()} busy={verifying.busy}>
          Kiểm tra toàn vẹn
        </Button>
        <Button onClick={() => void exportCsv()} busy={exporting.busy}>
          Xuất CSV
        </Button>
      </div>
      {verify &&
        (verify.intact ? (
          <div className="banner ok" role="status">
            Chuỗi nhật ký toàn vẹn: đã kiểm tra {verify.checked.toLocaleString('vi-VN')} dòng, không có dòng nào bị sửa, xóa hay chèn; {ANCHOR_STATE[verify.anchor.state]}
            {verify.anchor.at ? ` (ghi lúc ${fmtDateTime(verify.anchor.at)})` : ''}.
          </div>
        ) : (
          <div className="banner error" role="alert">
            <div>
              <strong>
                {verify.anchor.state === 'rows_missing'
                  ? `Nhật ký bị xóa ${verify.anchor.missingRows.toLocaleString('vi-VN')} dòng cuối (từ dòng ${verify.brokenAt}).`
                  : `Nhật ký bị sai lệch tại dòng ${verify.brokenAt}.`}
              </strong>{' '}
              {verify.reason} Đối chiếu: {ANCHOR_STATE[verify.anchor.state]}. Hãy báo lãnh đạo và giữ nguyên máy để kiểm tra.
            </div>
          </div>
        ))}
      <div className="toolbar">
        <SelectField
          label="Thao tác"
          value={filters.action}
          onChange={set('action')}
          options={[{ value: '', label: 'Tất cả' }, ...[...actions, ...Object.keys(EXTRA_ACTIONS)].map((a) => ({ value: a, label: actionLabel(a) }))]}
        />
        <SelectField
          label="Kết quả"
          value={filters.outcome}
          onChange={set('outcome')}
          options={[{ value: '', label: 'Tất cả' }, ...Object.entries(OUTCOME).map(([value, [label]]) => ({ value, label }))]}
        />
        <DateField label="Từ ngày" value={filters.from} onChange={set('from')} />
        <DateField label="Đến ngày" value={filters.to} onChange={set('to')} />
      </div>
      <ErrorBanner error={error} />
      <div className="card table-wrap">
        <table className="data audit-table">
          <colgroup>
            <col className="c-id" />
            <col className="c-at" />
            <col className="c-actor" />
            <col className="c-action" />
            <col className="c-target" />
            <col />
          </colgroup>
          <thead>
            <tr>
              <th>#</th>
              <th>Thời điểm, nguồn</th>
              <th>Người thực hiện</th>
              <th>Thao tác, kết quả</th>
              <th>Đối tượng</th>
              <th>Chi tiết</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id}>
                <td className="mono">{r.id}</td>
                <td>
                  {fmtDateTime(r.at)}
                  <div className="muted small">{r.origin}</div>
                </td>
                <td>{r.actorName ?? <span className="muted">—</span>}</td>
                <td>
                  {actionLabel(r.action)}
                  <div className="muted mono small">{r.action}</div>
                  <span className={`badge ${OUTCOME[r.outcome][1]}`}>{OUTCOME[r.outcome][0]}</span>
                </td>
                <td>
                  <Target type={r.targetType} id={r.targetId} />
                </td>
                <td>
                  <Details details={r.details} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {items.length === 0 && <div className="empty">Không có dòng nhật ký phù hợp.</div>}
      </div>
      {next && (
        <div className="row">
          <Button onClick={() => void more()}>Xem thêm</Button>
        </div>
      )}
    </section>
  );
}
