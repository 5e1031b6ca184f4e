// The bell in the top bar: unread count, the latest notifications (click opens the document and marks it read),
// a toast for each new one, and in the desktop app an OS notification too (HTML5 Notification, shown natively by
// Electron; in a browser nothing is asked or shown beyond the toast).

import { useCallback, useEffect, useRef, useState } from 'react';
import type { NotificationDto } from '../../../../src-shared/api/workflow';
import { call } from '../../api';
import { fmtDateTime } from '../../format';
import { navigate } from '../../router';
import { Button } from '../../ui/Controls';
import { useToast } from '../../ui/Feedback';
import { onCoreEvent } from './events';

function osNotify(n: NotificationDto): void {
  if (!window.bridge || typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  try {
    const shown = new Notification('VănThư', { body: n.text, tag: `vanthu-${n.id}` });
    shown.onclick = () => {
      window.focus();
      openNotice(n);
    };
  } catch {
    // A platform without notifications: the toast is enough.
  }
}

const target = (n: NotificationDto) => (n.kind === 'review' || n.kind === 'approved' || n.kind === 'issue' || n.kind === 'recalled' ? 'van-ban-di' : 'van-ban-den');

/** Opens what a notice is about: its document, or its in-app link (a schedule week, a records file). */
function openNotice(n: NotificationDto): void {
  if (n.documentId) navigate(`/${target(n)}/${n.documentId}`);
  else if (n.link && n.link.startsWith('/') && !n.link.startsWith('//')) navigate(n.link);
}

export function NotificationBell() {
  const toast = useToast();
  const [items, setItems] = useState<NotificationDto[]>([]);
  const [unread, setUnread] = useState(0);
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);

  const load = useCallback(
    () =>
      call('notifications.list', { limit: 30 }).then(
        (r) => {
          setItems(r.items);
          setUnread(r.unread);
        },
        () => {},
      ),
    [],
  );
  useEffect(() => void load(), [load]);
  useEffect(
    () =>
      onCoreEvent((name, data) => {
        if (name !== 'notification.created') return;
        const n = data as NotificationDto;
        setItems((xs) => [n, ...xs.filter((x) => x.id !== n.id)].slice(0, 30));
        setUnread((u) => u + 1);
        toast('info', n.text);
        osNotify(n);
      }),
    [toast],
  );
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => !ref.current?.contains(e.target as Node) && setOpen(false);
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  const markRead = async (ids: number[], all = false) => {
    try {
      const r = await call('notifications.read', { ids, all });
      setUnread(r.unread);
      setItems((xs) => xs.map((x) => (all || ids.includes(x.id) ? { ...x, read: true } : x)));
    } catch {
      // Left unread; the next list shows it again.
    }
  };

  return (
    <div className="bell" ref={ref}>
      <button
        type="button"
        className="btn ghost bell-btn"
        aria-haspopup="true"
        aria-expanded={open}
        aria-label={unread ? `Thông báo: ${unread} chưa đọc` : 'Thông báo'}
        onClick={() => {
          setOpen(!open);
          if (!open) void load();
        }}
      >
        <svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
          <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        </svg>
        {unread > 0 && <span className="bell-count">{unread > 99 ? '99+' : unread}</span>}
      </button>
      {open && (
        <div className="menu bell-menu" role="dialog" aria-label="Thông báo" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
          <div className="row bell-head">
            <strong>Thông báo</strong>
            <span className="spacer" />
            {unread > 0 && (
              <Button small variant="ghost" onClick={() => void markRead([], true)}>
                Đánh dấu đã đọc hết
              </Button>
            )}
          </div>
          {items.length === 0 && <p className="muted bell-empty">Chưa có thông báo.</p>}
          <ul className="bell-list">
            {items.map((n) => (
              <li key={n.id}>
                <button
                  type="button"
                  className={n.read ? '' : 'unread'}
                  onClick={() => {
                    setOpen(false);
                    if (!n.read) void markRead([n.id]);
                    openNotice(n);
                  }}
                >
                  <span>{n.text}</span>
                  <span className="muted small">{fmtDateTime(n.at)}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
