// Việc cần xử lý: the person's own tasks (cần xử lý / để biết / đã xong), urgent first then by deadline as the core
// sorts them; filter by kind and overdue; "Xem thêm" pages by cursor. Arrow keys move, Enter opens. On a phone the
// table becomes stacked cards (styles.css).

import { useCallback, useEffect, useRef, useState } from 'react';
import { TASK_KINDS, type InboxCounts, type InboxItem, type TaskKind } from '../../../../src-shared/api/workflow';
import { formatCode } from '../../../../src-shared/documents';
import { call } from '../../api';
import { parseRoute, useRoute } from '../../router';
import { useSession } from '../../session';
import { Button, Checkbox, SelectField } from '../../ui/Controls';
import { ErrorBanner } from '../../ui/Feedback';
import { UrgencyBadge } from '../incoming/bits';
import { DueCell, KindBadge, openItem } from './common';
import { onCoreEvent } from './events';

type View = 'open' | 'info' | 'done';
const VIEWS: Array<[View, string]> = [
  ['open', 'Cần xử lý'],
  ['info', 'Để biết'],
  ['done', 'Đã xong'],
];
const PAGE = 50;

/** Filters a link may open the list with (the dashboard's numbers): ?han=qua-han | hom-nay | moi. */
const LINK_FILTERS = { 'hom-nay': 'Đến hạn hôm nay', moi: 'Mới, chưa xem' } as const;
type LinkFilter = keyof typeof LINK_FILTERS;

export function InboxScreen() {
  const { can } = useSession();
  const han = parseRoute(useRoute()).query.get('han');
  const [view, setView] = useState<View>('open');
  const [kind, setKind] = useState<TaskKind | ''>('');
  const [overdueOnly, setOverdueOnly] = useState(han === 'qua-han');
  const [only, setOnly] = useState<LinkFilter | null>(han === 'hom-nay' || han === 'moi' ? han : null);
  useEffect(() => {
    setOverdueOnly(han === 'qua-han');
    setOnly(han === 'hom-nay' || han === 'moi' ? han : null);
  }, [han]);
  const linkFilter = { dueTodayOnly: only === 'hom-nay', unreadOnly: only === 'moi' };
  const [items, setItems] = useState<InboxItem[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [counts, setCounts] = useState<InboxCounts | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [more, setMore] = useState(false);
  const ask = useRef(0);

  const load = useCallback(async () => {
    const n = ++ask.current;
    try {
      const page = await call('workflow.inbox', { view, kind: kind || undefined, overdueOnly, ...linkFilter, limit: PAGE });
      if (n !== ask.current) return;
      setItems(page.items);
      setNext(page.nextCursor);
      setCounts(page.counts);
      setError(null);
    } catch (e) {
      if (n === ask.current) setError(e);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- linkFilter is derived from `only`
  }, [view, kind, overdueOnly, only]);
  useEffect(() => void load(), [load]);
  // New work and changes elsewhere show up without a reload (the first page only: paging stays where it is).
  useEffect(() => onCoreEvent((name) => (name === 'workflow.changed' || name === 'notification.created') && void load()), [load]);

  const loadMore = async () => {
    if (!next) return;
    setMore(true);
    try {
      const page = await call('workflow.inbox', { view, kind: kind || undefined, overdueOnly, ...linkFilter, limit: PAGE, cursor: next });
      setItems((xs) => [...(xs ?? []), ...page.items]);
      setNext(page.nextCursor);
    } catch (e) {
      setError(e);
    } finally {
      setMore(false);
    }
  };

  return (
    <section aria-labelledby="inbox-title">
      <div className="page-head wrap-head">
        <h1 id="inbox-title">Việc cần xử lý</h1>
        {counts && (
          <span className="sub">
            {counts.open} việc đang chờ
            {counts.dueSoon > 0 && <span className="badge orange">{counts.dueSoon} sắp đến hạn</span>}
            {counts.overdue > 0 && <span className="badge red">{counts.overdue} quá hạn</span>}
          </span>
        )}
        <span className="spacer" />
        {(can('workflow.direct') || can('workflow.follow')) && (
          <Button onClick={() => (window.location.hash = '/viec-can-xu-ly/theo-doi')}>{can('workflow.direct') ? 'Theo dõi việc đã giao' : 'Việc quá hạn'}</Button>
        )}
      </div>
      <nav className="tabs" aria-label="Loại việc">
        {VIEWS.map(([v, label]) => (
          <a
            key={v}
            href="#/viec-can-xu-ly"
            className={view === v ? 'active' : ''}
            aria-current={view === v ? 'page' : undefined}
            onClick={(e) => {
              e.preventDefault();
              setView(v);
            }}
          >
            {label}
            {v === 'open' && counts && counts.open > 0 && <span className="count">{counts.open}</span>}
          </a>
        ))}
      </nav>
      <div className="toolbar" role="search" aria-label="Lọc việc">
        {view !== 'info' && (
          <SelectField
            label="Loại việc"
            value={kind}
            onChange={(v) => setKind(v as TaskKind | '')}
            options={[
              { value: '', label: 'Tất cả' },
              ...Object.entries(TASK_KINDS)
                .filter(([k]) => k !== 'info')
                .map(([value, label]) => ({ value, label })),
            ]}
          />
        )}
        {view === 'open' && (
          <div className="field">
            <span className="label">&nbsp;</span>
            <Checkbox label="Chỉ quá hạn" checked={overdueOnly} onChange={setOverdueOnly} />
          </div>
        )}
        {view === 'open' && only && (
          <div className="field">
            <span className="label">&nbsp;</span>
            <span className="badge blue">
              {LINK_FILTERS[only]}{' '}
              <button type="button" className="btn ghost small" aria-label="Bỏ lọc" onClick={() => setOnly(null)}>
                ✕
              </button>
            </span>
          </div>
        )}
      </div>
      <ErrorBanner error={error} />
      <div className="card table-wrap">
        {items && <InboxTable items={items} />}
        {items && items.length === 0 && (
          <div className="empty">
            {view === 'open' ? (overdueOnly ? 'Không có việc quá hạn.' : 'Không có việc cần xử lý.') : view === 'info' ? 'Không có văn bản để biết.' : 'Chưa có việc đã xong.'}
          </div>
        )}
        {!items && !error && <div className="empty">Đang tải…</div>}
      </div>
      {next && (
        <div className="pager">
          <Button busy={more} onClick={() => void loadMore()}>
            Xem thêm
          </Button>
        </div>
      )}
    </section>
  );
}

/** Enter opens the row; arrow keys move between rows. */
function rowKeys(e: React.KeyboardEvent<HTMLTableRowElement>, open: () => void): void {
  if (e.key === 'Enter') return open();
  const next = e.key === 'ArrowDown' ? e.currentTarget.nextElementSibling : e.key === 'ArrowUp' ? e.currentTarget.previousElementSibling : null;
  if (next instanceof HTMLElement) {
    e.preventDefault();
    next.focus();
  }
}

export function InboxTable({ items, action }: { items: InboxItem[]; action?: (item: InboxItem) => React.ReactNode }) {
  return (
    <table className="data docs inbox stacked">
      <thead>
        <tr>
          <th>Việc</th>
          <th>Số, ký hiệu</th>
          <th>Trích yếu</th>
          <th>Cơ quan ban hành</th>
          <th>{action ? 'Giao cho' : 'Người giao'}</th>
          <th>Hạn xử lý</th>
          {action && <th className="right">Thao tác</th>}
        </tr>
      </thead>
      <tbody>
        {items.map((t) => {
          const cls = [t.unread ? 'unread' : '', t.overdue ? 'overdue' : t.dueSoon ? 'due-soon' : '', t.urgency > 0 ? 'urgent' : ''].filter(Boolean).join(' ');
          const code = formatCode(t.codeNumber, t.codeNotation);
          return (
            <tr
              key={t.id}
              className={cls}
              tabIndex={0}
              onClick={() => openItem(t)}
              onKeyDown={(e) => rowKeys(e, () => openItem(t))}
              aria-label={`${TASK_KINDS[t.kind]}: ${t.subject}`}
            >
              <td data-label="Việc" className="nowrap">
                <KindBadge kind={t.kind} /> <UrgencyBadge urgency={t.urgency} />
                {t.direction === 'in' && t.arrivalNumber != null && <div className="muted small">Số đến {t.arrivalNumber}</div>}
              </td>
              <td data-label="Số, ký hiệu" className="nowrap">
                {code || <span className="muted">—</span>}
              </td>
              <td data-label="Trích yếu" className="subject">
                {t.restricted && <span className="badge purple">Hạn chế</span>} {t.typeName && <span className="type">{t.typeName}</span>}{' '}
                {t.subject || <span className="muted">(chưa có trích yếu)</span>}
                {t.note && <div className="muted small prewrap">{t.note}</div>}
              </td>
              <td data-label="Cơ quan ban hành">{t.issuerName || <span className="muted">—</span>}</td>
              <td data-label={action ? 'Giao cho' : 'Người giao'}>{action ? (t.userName ?? t.unitName) : (t.assignedByName ?? <span className="muted">—</span>)}</td>
              <td data-label="Hạn xử lý" className="nowrap">
                <DueCell task={t} />
              </td>
              {action && (
                <td className="actions" data-label="Thao tác" onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()}>
                  {action(t)}
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
