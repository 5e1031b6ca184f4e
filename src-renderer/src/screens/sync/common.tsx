// Shared by the interconnection (liên thông) screens: relative times ("3 phút trước"), labels of the outbox states,
// status codes and delivery events, the sync state kept current by the core's events, and the header chip.
// Presentation only: what the words mean comes from the core (SyncErrorDto.message, the DTOs' labels).

import { useCallback, useEffect, useState } from 'react';
import type { DeliveryEventDto, OutboxState, SyncStatusDto } from '../../../../src-shared/api/sync';
import { STATUS_CODES, type StatusCode } from '../../../../src-shared/edxml/types';
import { call } from '../../api';
import { fmtDateTime } from '../../format';
import { onCoreEvent } from '../workflow/events';

export const SYNC_PATH = '/lien-thong';

export const OUTBOX_STATE: Record<OutboxState, { label: string; tone: 'blue' | 'orange' | 'green' | 'red' }> = {
  waiting: { label: 'Chờ gửi', tone: 'blue' },
  uploading: { label: 'Đang gửi', tone: 'orange' },
  sent: { label: 'Đã gửi lên trục', tone: 'green' },
  failed: { label: 'Lỗi', tone: 'red' },
};

/** "03 Đã tiếp nhận": a status code as the clerk reads it (standards §1.9). */
export function statusCodeLabel(code: StatusCode): string {
  return `${code} ${STATUS_CODES[code]}`;
}

/**
 * Short headings of the stable error codes of SyncErrorDto: the core's message says what happened and what to do;
 * the heading lets the clerk tell at a glance whether it is the network (wait) or the settings (call the admin).
 */
const ERROR_TITLES: Record<string, string> = {
  offline: 'Không kết nối được tới trục',
  timeout: 'Trục không trả lời kịp',
  tls: 'Không xác thực được máy chủ trục (chứng thư TLS)',
  unauthenticated: 'Trục không chấp nhận mã định danh hoặc mật khẩu kết nối',
  forbidden: 'Trục không cho phép cơ quan này thực hiện thao tác',
  invalid_packet: 'Trục từ chối gói tin',
  unknown_recipient: 'Nơi nhận không có trên trục',
  server: 'Trục đang gặp sự cố',
  resync: 'Cần đồng bộ lại từ đầu',
};

export function syncErrorTitle(code: string): string {
  return ERROR_TITLES[code] ?? 'Lỗi liên thông';
}

/** Errors of the configuration (not of the network): only the admin can fix them. */
export function needsAdmin(code: string): boolean {
  return code === 'tls' || code === 'unauthenticated' || code === 'forbidden';
}

/** Tones of the delivery events of an outgoing document, by what they mean for the sender. */
export function deliveryTone(event: DeliveryEventDto['event'] | 'waiting'): 'green' | 'red' | 'blue' | 'orange' | '' {
  if (event === 'refused_by_hub' || event === '02' || event === '16') return 'red';
  if (event === '03' || event === '06' || event === '15') return 'green';
  if (event === 'waiting') return '';
  if (event === '13') return 'orange';
  return 'blue';
}

// ---- time ------------------------------------------------------------------------------------------------------

/**
 * "vừa xong", "3 phút trước", "2 giờ trước"; older than a day: the date and time. `now` ticks every few seconds, so a
 * moment just recorded may look a little ahead of it: that is "vừa xong" too. Far ahead (the server's clock is not
 * this PC's), the date and time.
 */
export function fmtAgo(ms: number | null, now: number): string {
  if (ms == null) return '—';
  const s = Math.round((now - ms) / 1000);
  if (s < -300) return fmtDateTime(ms);
  if (s < 45) return 'vừa xong';
  const m = Math.round(s / 60);
  if (m < 60) return `${Math.max(1, m)} phút trước`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} giờ trước`;
  return fmtDateTime(ms);
}

/** "sau 25 giây", "sau 3 phút"; a time already past (the worker is on it): "ngay bây giờ". */
export function fmtIn(ms: number | null, now: number): string {
  if (ms == null) return '—';
  const s = Math.round((ms - now) / 1000);
  if (s <= 1) return 'ngay bây giờ';
  if (s < 60) return `sau ${s} giây`;
  const m = Math.round(s / 60);
  if (m < 60) return `sau ${m} phút`;
  return fmtDateTime(ms);
}

/** "3 phút" for a clock difference. */
export function fmtDuration(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 60) return `${s} giây`;
  const m = Math.round(s / 60);
  if (m < 120) return `${m} phút`;
  const h = Math.round(m / 60);
  return h < 48 ? `${h} giờ` : `${Math.round(h / 24)} ngày`;
}

/** The current time, ticking: relative times ("3 phút trước") stay true while the screen stays open. */
export function useNow(everyMs = 10_000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / 1048576).toFixed(1).replace('.', ',')} MB`;
}

// ---- state -----------------------------------------------------------------------------------------------------

/**
 * sync.status, read again whenever the core says the sync state changed (a round ended, the hub went away) or an
 * outgoing document changed (issuing one puts packets in the outbox). `null` until known, or when the core cannot
 * answer: the chip then stays hidden rather than guess.
 */
export function useSyncStatus(): { status: SyncStatusDto | null; error: unknown; reload: () => Promise<void> } {
  const [status, setStatus] = useState<SyncStatusDto | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = useCallback(
    () =>
      call('sync.status', {}).then(
        (s) => {
          setStatus(s);
          setError(null);
        },
        (e: unknown) => setError(e),
      ),
    [],
  );
  useEffect(() => {
    void reload();
    return onCoreEvent((name, data) => {
      if (name === 'sync.changed') {
        // The event carries the counts: show them at once, the rest follows with the read.
        const d = data as { online: boolean | null; waiting: number; failed: number };
        setStatus((s) => (s ? { ...s, online: d.online, waiting: d.waiting, failed: d.failed } : s));
        void reload();
      } else if (name === 'document.changed' && (data as { direction?: string }).direction === 'out') void reload();
    });
  }, [reload]);
  return { status, error, reload };
}

/** "Liên thông: trực tuyến · 3 chờ gửi" in the top bar; a link to the health screen for who may open it. */
export function SyncChip({ canOpen }: { canOpen: boolean }) {
  const { status } = useSyncStatus();
  if (!status?.configured) return null;
  const tone = !status.enabled ? 'off' : status.online === true ? 'online' : status.online === false ? 'offline' : 'unknown';
  const state = !status.enabled ? 'đã tắt' : status.online === true ? 'trực tuyến' : status.online === false ? 'ngoại tuyến' : 'chưa kết nối';
  const content = (
    <>
      <span className="sync-dot" aria-hidden />
      <span>
        Liên thông: <strong>{state}</strong>
      </span>
      {status.waiting > 0 && <span className="sync-chip-count">· {status.waiting.toLocaleString('vi-VN')} chờ gửi</span>}
      {status.failed > 0 && <span className="sync-chip-count failed">· {status.failed.toLocaleString('vi-VN')} lỗi</span>}
      {status.running && <span className="spinner sync-chip-spin" aria-label="Đang đồng bộ" />}
    </>
  );
  const title = status.lastError ? `${syncErrorTitle(status.lastError.code)}: ${status.lastError.message}` : 'Tình trạng liên thông với trục tỉnh';
  return canOpen ? (
    <a className={`sync-chip ${tone}`} href={`#${SYNC_PATH}`} title={title} aria-label={`Liên thông: ${state}${status.waiting ? `, ${status.waiting} chờ gửi` : ''}`}>
      {content}
    </a>
  ) : (
    <span className={`sync-chip ${tone}`} title={title} role="status">
      {content}
    </span>
  );
}

/** Sending offices already looked up: what a received packet came from never changes. */
const senders = new Map<number, string>();

/**
 * "Liên thông từ <cơ quan>" for the hub documents of a short list (Chờ vào sổ): the sending office of each, from
 * sync.document, asked once per document. The list's own issuer column may name another body (a forwarded document).
 */
export function useHubSenders(ids: number[]): Record<number, string> {
  const [names, setNames] = useState<Record<number, string>>({});
  const key = ids.join(',');
  useEffect(() => {
    let alive = true;
    const wanted = key ? key.split(',').map(Number) : [];
    const known = () => Object.fromEntries(wanted.filter((id) => senders.has(id)).map((id) => [id, senders.get(id)!]));
    setNames(known());
    const missing = wanted.filter((id) => !senders.has(id));
    void Promise.all(
      missing.map((documentId) =>
        call('sync.document', { documentId }).then(
          (d) => d.received && senders.set(documentId, d.received.fromName),
          () => {},
        ),
      ),
    ).then(() => alive && setNames(known()));
    return () => {
      alive = false;
    };
  }, [key]);
  return names;
}
