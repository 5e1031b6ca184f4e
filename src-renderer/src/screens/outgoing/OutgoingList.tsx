// Văn bản đi as lists by stage: my drafts, under review, waiting to be issued, issued, recalled, replies overdue.
// Paging by the core's cursor (the previous pages' cursors are kept to go back); arrow keys + Enter in the rows.

import { useEffect, useState } from 'react';
import type { OutgoingListItem } from '../../../../src-shared/api/outgoing';
import type { RegisterDto } from '../../../../src-shared/api/registers';
import { vnParts } from '../../../../src-shared/calendar/vn-time';
import { subjectStartsWithType } from '../../../../src-shared/documents';
import { call } from '../../api';
import { fmtDate } from '../../format';
import { navigate } from '../../router';
import { useSession } from '../../session';
import { Button } from '../../ui/Controls';
import { ErrorBanner } from '../../ui/Feedback';
import { useAction } from '../../ui/useAction';
import { currentYearVn } from '../admin/common';
import { UrgencyBadge } from '../incoming/bits';
import { OutStatusBadge } from './common';
import { PrintOutgoingBookDialog } from './PrintOutgoingBookDialog';

export const OUT_TABS = {
  mine: { slug: '', label: 'Dự thảo của tôi', empty: 'Bạn chưa có dự thảo nào đang soạn hoặc đang giữ.' },
  review: { slug: 'cho-duyet', label: 'Chờ duyệt', empty: 'Không có dự thảo nào đang trình duyệt.' },
  approved: { slug: 'cho-ban-hanh', label: 'Chờ ban hành', empty: 'Không có văn bản nào đã duyệt đang chờ cấp số, ban hành.' },
  issued: { slug: 'da-ban-hanh', label: 'Đã ban hành', empty: 'Chưa có văn bản nào được ban hành.' },
  recalled: { slug: 'da-thu-hoi', label: 'Đã thu hồi', empty: 'Không có văn bản nào bị thu hồi.' },
  replyOverdue: { slug: 'qua-han-tra-loi', label: 'Chờ trả lời quá hạn', empty: 'Không có văn bản nào quá hạn trả lời.' },
} as const;
export type OutTab = keyof typeof OUT_TABS;

const PAGE = 50;

function filterOf(tab: OutTab) {
  if (tab === 'mine') return { mine: true, replyOverdue: false };
  if (tab === 'replyOverdue') return { mine: false, replyOverdue: true };
  return { mine: false, replyOverdue: false, status: tab };
}

export function OutgoingList({ tab }: { tab: OutTab }) {
  const { can } = useSession();
  const [items, setItems] = useState<OutgoingListItem[] | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [next, setNext] = useState<string | null>(null);
  // Cursors of the pages shown so far: the last is the current page's ('' = first page).
  const [trail, setTrail] = useState<string[]>(['']);
  const [printing, setPrinting] = useState(false);
  const [registers, setRegisters] = useState<RegisterDto[]>([]);
  const { error, setError, run } = useAction();
  const cursor = trail[trail.length - 1];

  useEffect(() => setTrail(['']), [tab]);
  useEffect(() => {
    void run(async () => {
      const page = await call('outgoing.list', { ...filterOf(tab), cursor: cursor || undefined, limit: PAGE });
      setItems(page.items);
      setNext(page.nextCursor);
      if (page.total != null || !cursor) setTotal(page.total);
    });
  }, [tab, cursor, run]);

  const openPrint = () => {
    setPrinting(true);
    call('registers.list', { direction: 'out', year: currentYearVn() }).then(setRegisters, setError);
  };

  return (
    <section aria-labelledby="outgoing-title">
      <div className="page-head wrap">
        <h1 id="outgoing-title">Văn bản đi</h1>
        <span className="sub">{total != null ? `${total.toLocaleString('vi-VN')} văn bản` : ''}</span>
        <span className="spacer" />
        {can('outgoing.draft') && (
          <Button variant="primary" kbd="Alt+N" onClick={() => navigate('/van-ban-di/moi')}>
            + Soạn văn bản mới
          </Button>
        )}
        {can('documents.export') && <Button onClick={openPrint}>In sổ văn bản đi</Button>}
      </div>
      <nav className="tabs out-tabs" aria-label="Danh sách văn bản đi">
        {(Object.keys(OUT_TABS) as OutTab[]).map((t) => (
          <a key={t} href={`#/van-ban-di${OUT_TABS[t].slug ? `/${OUT_TABS[t].slug}` : ''}`} className={t === tab ? 'active' : ''} aria-current={t === tab ? 'page' : undefined}>
            {OUT_TABS[t].label}
          </a>
        ))}
      </nav>
      <ErrorBanner error={error} />
      <div className="card table-wrap">
        <OutTable rows={items ?? []} />
        {items && items.length === 0 && <div className="empty">{OUT_TABS[tab].empty}</div>}
      </div>
      <div className="pager">
        <Button small disabled={trail.length < 2} onClick={() => setTrail([''])}>
          « Trang đầu
        </Button>
        <Button small disabled={trail.length < 2} onClick={() => setTrail((t) => t.slice(0, -1))}>
          ‹ Trang trước
        </Button>
        <span className="muted">{items?.length ? `${(trail.length - 1) * PAGE + 1}–${(trail.length - 1) * PAGE + items.length}` : ''}</span>
        <Button small disabled={!next} onClick={() => next && setTrail((t) => [...t, next])}>
          Trang sau ›
        </Button>
      </div>
      {printing && <PrintOutgoingBookDialog registers={registers} onClose={() => setPrinting(false)} />}
    </section>
  );
}

/** Enter opens the row; arrow keys move between rows, as in a spreadsheet. */
function rowKeys(e: React.KeyboardEvent<HTMLTableRowElement>, open: () => void): void {
  if (e.key === 'Enter') return open();
  const to = e.key === 'ArrowDown' ? e.currentTarget.nextElementSibling : e.key === 'ArrowUp' ? e.currentTarget.previousElementSibling : null;
  if (to instanceof HTMLElement) {
    e.preventDefault();
    to.focus();
  }
}

function OutTable({ rows }: { rows: OutgoingListItem[] }) {
  const open = (d: OutgoingListItem) => navigate(`/van-ban-di/${d.id}`);
  return (
    <table className="data docs out-docs">
      <thead>
        <tr>
          <th>Số, ký hiệu</th>
          <th>Ngày</th>
          <th>Loại, trích yếu</th>
          <th>Người soạn</th>
          <th>Người ký</th>
          <th>Nơi nhận</th>
          <th>Đang ở</th>
          <th>Trạng thái</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((d) => (
          <tr
            key={d.id}
            tabIndex={0}
            className={[d.replyOverdue ? 'overdue' : '', d.status === 'recalled' ? 'voided' : '', d.urgency > 0 ? 'urgent' : ''].filter(Boolean).join(' ')}
            onClick={() => open(d)}
            onKeyDown={(e) => rowKeys(e, () => open(d))}
            aria-label={`${d.code ?? 'Dự thảo'}: ${d.subject}`}
          >
            <td className="nowrap num">{d.code ?? <span className="muted">Chưa cấp số</span>}</td>
            <td className="nowrap">{d.issuedDate ? fmtDate(d.issuedDate) : <span className="muted">{fmtDate(vnParts(d.updatedAt).date)}</span>}</td>
            <td className="subject">
              <UrgencyBadge urgency={d.urgency} /> {d.restricted && <span className="badge purple">Hạn chế</span>}{' '}
              {d.typeName && !subjectStartsWithType(d.typeName, d.subject) && <span className="type">{d.typeName}</span>} {d.subject}
              {d.status !== 'issued' && d.status !== 'recalled' && d.currentVersion > 1 && <span className="muted"> · phiên bản {d.currentVersion}</span>}
              {d.replyRequested && d.replyDueDate && (
                <div className={`small ${d.replyOverdue ? 'late-cell' : 'muted'}`}>
                  Yêu cầu trả lời trước {fmtDate(d.replyDueDate)}
                  {d.replyOverdue ? ' — quá hạn' : ''}
                </div>
              )}
            </td>
            <td>{d.drafterName ?? '—'}</td>
            <td>{d.signerName ?? '—'}</td>
            <td className="out-recipients">{d.recipientsText || <span className="muted">—</span>}</td>
            <td>{d.holder ?? <span className="muted">—</span>}</td>
            <td>
              <OutStatusBadge status={d.status} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
