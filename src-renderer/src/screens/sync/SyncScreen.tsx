// Liên thông: the health of the connection to the provincial hub for the clerk and the admin (online or not, last
// contact, what waits and since when, the last error in words, clock skew, the agency directory), the outbox with
// "Gửi lại", "Đồng bộ ngay" with its progress and result, and the diagnostics file for the district IT officer.
// The admin also gets the connection settings (SyncSettingsCard). Reads only; the core's worker decides what runs.

import { useCallback, useEffect, useRef, useState } from 'react';
import type { OutboxItemDto, SyncStatusDto } from '../../../../src-shared/api/sync';
import { formatHhmm, vnParts } from '../../../../src-shared/calendar/vn-time';
import { call, saveFile } from '../../api';
import { fmtDateTime } from '../../format';
import { useSession } from '../../session';
import { Button, Checkbox } from '../../ui/Controls';
import { ErrorBanner, useToast } from '../../ui/Feedback';
import { Icon } from '../../ui/Icons';
import { useAction } from '../../ui/useAction';
import { onCoreEvent } from '../workflow/events';
import { bytes, fmtAgo, fmtDuration, fmtIn, needsAdmin, OUTBOX_STATE, statusCodeLabel, syncErrorTitle, useNow, useSyncStatus } from './common';
import { SyncSettingsCard } from './SyncSettingsCard';

/** Beyond this the PC's clock is called wrong: deadlines and "time of receipt" (HN 10.2) would be off. */
const SKEW_WARN_MS = 5 * 60_000;
/** While a round runs, the outbox is read this often so upload progress moves (no event per chunk). */
const PROGRESS_MS = 1000;

/** What "Đồng bộ ngay" ended with, shown until the next round. */
type RoundResult = { at: number; status: SyncStatusDto } | null;

export function SyncScreen() {
  const { can } = useSession();
  const toast = useToast();
  const now = useNow(5000);
  const { status, error: statusError, reload } = useSyncStatus();
  const [items, setItems] = useState<OutboxItemDto[] | null>(null);
  const [showSent, setShowSent] = useState(false);
  const { error: outboxError, run: runOutbox } = useAction();
  const round = useAction();
  const [result, setResult] = useState<RoundResult>(null);
  const [retrying, setRetrying] = useState<number | null>(null);
  const retry = useAction();
  const [downloading, setDownloading] = useState(false);

  const loadOutbox = useCallback(
    () =>
      runOutbox(async () => {
        setItems(await call('sync.outbox', { states: showSent ? ['waiting', 'uploading', 'failed', 'sent'] : ['waiting', 'uploading', 'failed'], limit: 200 }));
      }),
    [showSent, runOutbox],
  );
  useEffect(() => void loadOutbox(), [loadOutbox]);
  useEffect(() => onCoreEvent((name) => name === 'sync.changed' && void loadOutbox()), [loadOutbox]);

  // Upload progress of large packets while a round runs (started here or by the worker).
  const running = round.busy || !!status?.running;
  const loadRef = useRef(loadOutbox);
  loadRef.current = loadOutbox;
  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => void loadRef.current(), PROGRESS_MS);
    return () => clearInterval(t);
  }, [running]);

  const syncNow = () =>
    round.run(async () => {
      setResult(null);
      const started = Date.now();
      const s = await call('sync.now', {});
      setResult({ at: started, status: s });
      await Promise.all([reload(), loadOutbox()]);
    });

  const retryItem = (item: OutboxItemDto) =>
    retry.run(async () => {
      setRetrying(item.id);
      try {
        await call('sync.retry', { id: item.id });
        toast('ok', 'Đã đưa gói tin vào hàng chờ để gửi lại.');
        await Promise.all([reload(), loadOutbox()]);
      } finally {
        setRetrying(null);
      }
    });

  const diagnostics = () => {
    setDownloading(true);
    call('sync.diagnostics', {})
      .then(saveFile, (e: Error) => toast('error', e.message))
      .finally(() => setDownloading(false));
  };

  const configured = !!status?.configured;
  const admin = can('sync.manage');

  return (
    <section aria-labelledby="sync-title" className="stack sync-screen">
      <div className="page-head wrap">
        <h1 id="sync-title">Liên thông</h1>
        <span className="sub">Trao đổi văn bản điện tử với trục liên thông văn bản của tỉnh</span>
        <span className="spacer" />
        <Button variant="primary" busy={running} disabled={!configured || !status?.enabled} onClick={() => void syncNow()}>
          {!running && <Icon name="sync" size={16} />}
          Đồng bộ ngay
        </Button>
        <Button busy={downloading} onClick={diagnostics} title="Tệp gửi cho cán bộ công nghệ thông tin của huyện khi liên thông gặp sự cố (không chứa mật khẩu, khóa)">
          {!downloading && <Icon name="download" size={16} />}
          Tải gói chẩn đoán
        </Button>
      </div>
      <ErrorBanner error={statusError} />
      {status && !configured && (
        <div className="banner info" role="status">
          <div>
            <strong>Chưa cấu hình kết nối trục liên thông.</strong>{' '}
            {admin
              ? 'Nhập địa chỉ trục, mã định danh và mật khẩu kết nối do đơn vị vận hành trục cấp ở phần “Kết nối trục liên thông” bên dưới.'
              : 'Văn bản điện tử chưa gửi, nhận qua trục được. Hãy báo quản trị hệ thống của cơ quan.'}
          </div>
        </div>
      )}
      {status && configured && !status.enabled && (
        <div className="banner warn" role="status">
          Liên thông đang tắt: văn bản ban hành vẫn được xếp hàng chờ gửi, sẽ gửi khi quản trị bật lại.
        </div>
      )}
      {running && (
        <div className="sig-progress" role="status" aria-live="polite">
          <span className="spinner" aria-hidden />
          Đang đồng bộ: gửi các gói tin chờ gửi lên trục, nhận văn bản và trạng thái mới…
        </div>
      )}
      {!running && result && status && !movedOn(result, status) && <RoundBanner result={result} onClose={() => setResult(null)} />}
      <ErrorBanner error={round.error} />
      {status && configured && <HealthCards status={status} now={now} />}
      {status?.lastError && configured && !(result && roundFailed(result)) && <LastError status={status} now={now} admin={admin} />}
      {status?.clockSkewMs != null && Math.abs(status.clockSkewMs) > SKEW_WARN_MS && (
        <div className="banner warn" role="alert">
          <div>
            <strong>
              Đồng hồ máy tính này {status.clockSkewMs > 0 ? 'chậm' : 'nhanh'} {fmtDuration(status.clockSkewMs)} so với trục liên thông.
            </strong>{' '}
            Giờ nhận, hạn vào sổ và hạn xử lý tính theo đồng hồ máy: hãy chỉnh lại giờ của máy (hoặc báo quản trị bật đồng bộ giờ tự động).
          </div>
        </div>
      )}
      <div className="card">
        <div className="card-head wrap">
          <h2 className="grow">Gói tin gửi lên trục</h2>
          <Checkbox label="Hiện cả gói đã gửi" checked={showSent} onChange={setShowSent} />
          <Button small onClick={() => void Promise.all([reload(), loadOutbox()])}>
            Làm mới
          </Button>
        </div>
        <ErrorBanner error={outboxError ?? retry.error} />
        {items && <OutboxTable items={items} now={now} onRetry={retryItem} retrying={retrying} busy={retry.busy} />}
        {items && items.length === 0 && <div className="empty">{showSent ? 'Chưa có gói tin nào.' : 'Không có gói tin nào đang chờ gửi.'}</div>}
      </div>
      {admin && <SyncSettingsCard onSaved={() => void reload()} />}
    </section>
  );
}

/** The state has changed since the round (the hub went away, a document was issued): its result is history. */
function movedOn(r: NonNullable<RoundResult>, now: SyncStatusDto): boolean {
  return now.online !== r.status.online || now.waiting !== r.status.waiting || now.failed !== r.status.failed;
}

/** The round ended without reaching the hub: its error is what the banner says (and the last error, not twice). */
function roundFailed(r: NonNullable<RoundResult>): boolean {
  return !!r.status.lastError && r.status.lastError.at >= r.at - 60_000 && r.status.online === false;
}

function RoundBanner({ result, onClose }: { result: NonNullable<RoundResult>; onClose: () => void }) {
  const s = result.status;
  const when = formatHhmm(vnParts(result.at).minute);
  const close = (
    <Button variant="ghost" small onClick={onClose} aria-label="Đóng thông báo">
      ✕
    </Button>
  );
  if (s.lastError && roundFailed(result))
    return (
      <div className="banner error" role="alert">
        <div className="grow">
          <strong>
            Đồng bộ lúc {when} không thành công — {syncErrorTitle(s.lastError.code)}.
          </strong>{' '}
          {s.lastError.message}
          {s.waiting > 0 && ` Còn ${s.waiting} gói tin chờ gửi; VănThư sẽ tự gửi lại khi có kết nối.`}
        </div>
        {close}
      </div>
    );
  return (
    <div className="banner ok" role="status">
      <div className="grow">
        <strong>Đã đồng bộ lúc {when}.</strong> {s.waiting === 0 ? 'Không còn gói tin nào chờ gửi.' : `Còn ${s.waiting} gói tin chờ gửi.`}
        {s.failed > 0 && ` ${s.failed} gói tin bị lỗi cần xem lại (bảng dưới).`}
      </div>
      {close}
    </div>
  );
}

function HealthCards({ status: s, now }: { status: SyncStatusDto; now: number }) {
  const online = !s.enabled ? ['Đã tắt', ''] : s.online === true ? ['Trực tuyến', 'green'] : s.online === false ? ['Ngoại tuyến', 'red'] : ['Chưa kết nối', ''];
  return (
    <div className="sync-health" aria-label="Tình trạng liên thông">
      <div className="card sync-figure">
        <span className="label">Kết nối</span>
        <span className={`badge big ${online[1]}`} data-testid="sync-online">
          {online[0]}
        </span>
        <span className="muted small">
          Lần thử gần nhất: <span title={fmtDateTime(s.lastContactAt)}>{fmtAgo(s.lastContactAt, now)}</span>
        </span>
      </div>
      <div className="card sync-figure">
        <span className="label">Liên lạc thành công</span>
        <strong className="value" title={fmtDateTime(s.lastSuccessAt)}>
          {s.lastSuccessAt ? fmtAgo(s.lastSuccessAt, now) : 'Chưa lần nào'}
        </strong>
        <span className="muted small">Lần tới: {s.enabled ? (s.running ? 'đang đồng bộ' : fmtIn(s.nextAttemptAt, now)) : '—'}</span>
      </div>
      <div className="card sync-figure">
        <span className="label">Chờ gửi</span>
        <strong className={`value${s.waiting > 0 ? ' warn' : ''}`} data-testid="sync-waiting">
          {s.waiting.toLocaleString('vi-VN')}
        </strong>
        <span className="muted small">{s.oldestWaitingAt ? <>Cũ nhất: {fmtAgo(s.oldestWaitingAt, now)}</> : 'Không có gói tin chờ'}</span>
      </div>
      <div className="card sync-figure">
        <span className="label">Bị lỗi</span>
        <strong className={`value${s.failed > 0 ? ' bad' : ''}`}>{s.failed.toLocaleString('vi-VN')}</strong>
        <span className="muted small">{s.failed > 0 ? 'Cần xem lại và gửi lại' : 'Không có'}</span>
      </div>
      <div className="card sync-figure">
        <span className="label">Danh mục cơ quan</span>
        <strong className="value">{s.directory.entries.toLocaleString('vi-VN')}</strong>
        <span className="muted small">
          {s.directory.lastSyncAt ? (
            <>
              Phiên bản {s.directory.version} · cập nhật <span title={fmtDateTime(s.directory.lastSyncAt)}>{fmtAgo(s.directory.lastSyncAt, now)}</span>
            </>
          ) : (
            'Chưa nhận danh mục từ trục'
          )}
        </span>
      </div>
    </div>
  );
}

function LastError({ status, now, admin }: { status: SyncStatusDto; now: number; admin: boolean }) {
  const e = status.lastError!;
  // An error older than the last success is history: shown quietly, not as an alarm.
  const current = !status.lastSuccessAt || e.at > status.lastSuccessAt;
  return (
    <div className={`banner ${current ? 'error' : 'info'}`} role={current ? 'alert' : 'status'}>
      <div>
        <strong>
          {current ? '' : 'Lỗi trước đó — '}
          {syncErrorTitle(e.code)}
        </strong>{' '}
        <span className="muted small">({fmtAgo(e.at, now)})</span>
        <div>{e.message}</div>
        {current && needsAdmin(e.code) && !admin && <div className="small">Lỗi này do cấu hình kết nối: hãy báo quản trị hệ thống của cơ quan.</div>}
      </div>
    </div>
  );
}

function OutboxTable(props: { items: OutboxItemDto[]; now: number; onRetry: (i: OutboxItemDto) => void; retrying: number | null; busy: boolean }) {
  if (!props.items.length) return null;
  return (
    <div className="table-wrap">
      <table className="data stacked sync-outbox">
        <thead>
          <tr>
            <th>Văn bản</th>
            <th>Trạng thái báo</th>
            <th>Nơi nhận</th>
            <th>Tình trạng</th>
            <th className="right">Số lần gửi</th>
            <th>Lỗi</th>
            <th aria-label="Thao tác" />
          </tr>
        </thead>
        <tbody>
          {props.items.map((i) => {
            const st = OUTBOX_STATE[i.state];
            const showProgress = i.totalBytes > 0 && (i.state === 'uploading' || (i.uploadedBytes > 0 && i.uploadedBytes < i.totalBytes));
            return (
              <tr key={i.id}>
                <td className="subject">
                  {i.documentLabel ?? <span className="muted">{i.kind === 'status' ? 'Báo trạng thái' : 'Văn bản'}</span>}
                  <div className="muted small">
                    {i.kind === 'document' ? 'Gửi văn bản' : 'Báo trạng thái'} · tạo {fmtAgo(i.createdAt, props.now)}
                    {i.totalBytes > 0 && ` · ${bytes(i.totalBytes)}`}
                  </div>
                </td>
                <td data-label="Trạng thái báo">{i.statusCode ? statusCodeLabel(i.statusCode) : <span className="muted">—</span>}</td>
                <td data-label="Nơi nhận" className="mono">
                  {i.recipients.join(', ') || '—'}
                </td>
                <td data-label="Tình trạng">
                  <span className={`badge ${st.tone}`}>{st.label}</span>
                  {i.permanent && i.state === 'failed' && <div className="small sync-permanent">Cần sửa trước khi gửi lại</div>}
                  {i.state === 'sent' && i.sentAt && <div className="muted small">{fmtAgo(i.sentAt, props.now)}</div>}
                  {i.state === 'waiting' && i.nextAttemptAt && <div className="muted small">Gửi {fmtIn(i.nextAttemptAt, props.now)}</div>}
                  {showProgress && (
                    <div className="sync-progress">
                      <progress max={i.totalBytes} value={i.uploadedBytes} aria-label={`Đã gửi ${bytes(i.uploadedBytes)} trên ${bytes(i.totalBytes)}`} />
                      <span className="muted small">
                        {bytes(i.uploadedBytes)} / {bytes(i.totalBytes)}
                      </span>
                    </div>
                  )}
                </td>
                <td className="right" data-label="Số lần gửi">
                  {i.attempts}
                </td>
                <td data-label="Lỗi" className="sync-error-cell">
                  {i.lastError ?? <span className="muted">—</span>}
                </td>
                <td className="actions">
                  {i.state === 'failed' && (
                    <Button
                      small
                      busy={props.busy && props.retrying === i.id}
                      disabled={props.busy}
                      onClick={() => props.onRetry(i)}
                      aria-label={`Gửi lại: ${i.documentLabel ?? i.packetId}`}
                    >
                      Gửi lại
                    </Button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
