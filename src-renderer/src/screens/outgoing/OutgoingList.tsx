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
import { SignDialog } from '../signing/SignDialog';
import { Dialog } from '../../ui/Dialog';

type BatchResult = Awaited<ReturnType<typeof call<'signing.sealBatch'>>>['results'];

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
  // Batch sealing (văn thư): documents chosen in "Chờ ban hành", numbered and signed with one PIN.
  const batchable = tab === 'approved' && can('outgoing.issue') && can('signing.seal');
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [sealing, setSealing] = useState(false);
  const [results, setResults] = useState<BatchResult | null>(null);
  const [reload, setReload] = useState(0);
  useEffect(() => setSelected(new Set()), [tab, cursor, reload]);

  useEffect(() => setTrail(['']), [tab]);
  useEffect(() => {
    void run(async () => {
      const page = await call('outgoing.list', { ...filterOf(tab), cursor: cursor || undefined, limit: PAGE });
      setItems(page.items);
      setNext(page.nextCursor);
      if (page.total != null || !cursor) setTotal(page.total);
    });
  }, [tab, cursor, run, reload]);

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
        {batchable && (
          <Button variant="primary" disabled={selected.size === 0} onClick={() => setSealing(true)}>
            Cấp số và ký số cơ quan{selected.size ? ` (${selected.size})` : ''}
          </Button>
        )}
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
        <OutTable
          rows={items ?? []}
          selection={
            batchable
              ? {
                  selected,
                  toggle: (id) =>
                    setSelected((cur) => {
                      const n = new Set(cur);
                      if (n.has(id)) n.delete(id);
                      else n.add(id);
                      return n;
                    }),
                  all: (on) => setSelected(on ? new Set((items ?? []).map((d) => d.id)) : new Set()),
                }
              : undefined
          }
        />
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
      {sealing && (
        <SignDialog
          kind="organisation"
          title="Cấp số và ký số cơ quan hàng loạt"
          action={`Cấp số và ký ${selected.size} văn bản`}
          onClose={() => setSealing(false)}
          onSign={async (signer) => {
            const chosen = (items ?? []).filter((d) => selected.has(d.id));
            const r = await call('signing.sealBatch', { items: chosen.map((d) => ({ outgoingId: d.id, version: d.currentVersion })), ...signer });
            setSealing(false);
            setResults(r.results);
            setReload((n) => n + 1);
          }}
        >
          <p>{selected.size} văn bản được cấp số theo thứ tự trong danh sách, ghi số và ngày hôm nay vào văn bản, rồi ký số bằng chứng thư của cơ quan. Chỉ nhập mã PIN một lần.</p>
        </SignDialog>
      )}
      {results && (
        <Dialog title="Kết quả ký số hàng loạt" onClose={() => setResults(null)} footer={<Button onClick={() => setResults(null)}>Đóng</Button>}>
          <ul className="batch-results">
            {results.map((r) => {
              const d = (items ?? []).find((x) => x.id === r.outgoingId);
              return (
                <li key={r.outgoingId} className={r.ok ? 'ok' : 'failed'}>
                  <strong>{r.ok ? `Số ${r.number}` : 'Chưa ký'}</strong> — {d?.subject ?? `Văn bản #${r.outgoingId}`}
                  {r.error && <div className="small late-cell">{r.error.message}</div>}
                </li>
              );
            })}
          </ul>
        </Dialog>
      )}
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

interface Selection {
  selected: Set<number>;
  toggle: (id: number) => void;
  all: (on: boolean) => void;
}

function OutTable({ rows, selection }: { rows: OutgoingListItem[]; selection?: Selection }) {
  const open = (d: OutgoingListItem) => navigate(`/van-ban-di/${d.id}`);
  return (
    <table className="data docs out-docs">
      <thead>
        <tr>
          {selection && (
            <th className="pick">
              <input
                type="checkbox"
                aria-label="Chọn tất cả văn bản trên trang"
                checked={rows.length > 0 && rows.every((d) => selection.selected.has(d.id))}
                onChange={(e) => selection.all(e.target.checked)}
              />
            </th>
          )}
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
            {selection && (
              <td className="pick" onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()}>
                <input type="checkbox" aria-label={`Chọn: ${d.subject}`} checked={selection.selected.has(d.id)} onChange={() => selection.toggle(d.id)} />
              </td>
            )}
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
