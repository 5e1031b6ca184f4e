// Văn bản đến: the register as a list. Urgent unprocessed documents are pinned on top (PY 5.3), unprocessed ones are
// bold, overdue ones red. Paging is by position (keyset), so it stays fast however far back the clerk goes.

import { useCallback, useEffect, useRef, useState } from 'react';
import type { DocTypeDto, DocumentFilters, DocumentListItem, ListPage } from '../../../../src-shared/api/documents';
import type { RegisterDto } from '../../../../src-shared/api/registers';
import { todayVn } from '../../../../src-shared/calendar/vn-time';
import { formatCode, HANDLING, RECEIVED_VIA, subjectStartsWithType, URGENCY_LABELS } from '../../../../src-shared/documents';
import { call, saveFile } from '../../api';
import { fmtDate, fmtDateTime } from '../../format';
import { navigate } from '../../router';
import { useSession } from '../../session';
import { Button, Checkbox, SelectField, TextField } from '../../ui/Controls';
import { DateField } from '../../ui/DateField';
import { ErrorBanner, useToast } from '../../ui/Feedback';
import { useAction } from '../../ui/useAction';
import { useHubSenders } from '../sync/common';
import { onCoreEvent } from '../workflow/events';
import { PrintTrackingDialog } from '../workflow/PrintTrackingDialog';
import { PrintBookDialog } from './PrintBookDialog';
import { ArrivalDate, StatusBadge, UrgencyBadge } from './bits';

type Tab = 'register' | 'pending' | 'refused';

const PAGE = 50;

/**
 * Filters a link may open the register with (the dashboard's numbers): ?tu=YYYY-MM-DD&den=YYYY-MM-DD, ?qua-han=1,
 * ?xu-ly=new|in_progress|done. With any of them the year filter is off, so the list shows exactly that set.
 */
export function linkFilters(query: URLSearchParams): DocumentFilters | undefined {
  const f: DocumentFilters = { direction: 'in' };
  const date = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);
  f.from = date(query.get('tu'));
  f.to = date(query.get('den'));
  if (query.get('qua-han') === '1') f.overdue = true;
  const h = query.get('xu-ly');
  if (h && h in HANDLING) f.handling = h as DocumentFilters['handling'];
  return f.from || f.to || f.overdue || f.handling ? f : undefined;
}

export function IncomingList({ tab, initial }: { tab: Tab; initial?: DocumentFilters }) {
  const { can } = useSession();
  const toast = useToast();
  const year = Number(todayVn(Date.now()).slice(0, 4));
  const [filters, setFilters] = useState<DocumentFilters>(initial ?? { direction: 'in', year });
  const [page, setPage] = useState<ListPage | null>(null);
  const [position, setPosition] = useState(0);
  const [cursor, setCursor] = useState<{ cursor?: string; startDate?: string }>({});
  const { error, setError, run } = useAction();
  const [registers, setRegisters] = useState<RegisterDto[]>([]);
  const [types, setTypes] = useState<DocTypeDto[]>([]);
  const [printing, setPrinting] = useState(false);
  const [printingTracking, setPrintingTracking] = useState(false);
  const [exporting, setExporting] = useState<'xlsx' | 'pdf' | null>(null);
  const [jump, setJump] = useState('');

  useEffect(() => {
    void call('registers.list', { direction: 'in' }).then(setRegisters, setError);
    void call('doctypes.list', {}).then(setTypes, setError);
  }, [setError]);

  const effective: DocumentFilters = { ...filters, status: tab === 'pending' ? 'pending' : tab === 'refused' ? 'refused' : filters.status };

  const [total, setTotal] = useState<number | null>(null);
  const filterKey = JSON.stringify(effective);

  const load = useCallback(
    () => run(async () => setPage(await call('documents.list', { filters: effective, limit: PAGE, cursor: cursor.cursor, startDate: cursor.startDate }))),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- filterKey stands for `effective` by value (a new object each render)
    [run, filterKey, cursor],
  );

  useEffect(() => void load(), [load]);
  // Documents arrive without anyone clicking (from the hub, or another clerk's intake): the list follows the core's
  // events, a burst of them read once.
  const loadRef = useRef(load);
  loadRef.current = load;
  const tabRef = useRef(tab);
  tabRef.current = tab;
  const [refreshed, setRefreshed] = useState(0);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = onCoreEvent((name, data) => {
      // A round with the hub may bring documents (only to Chờ vào sổ); rounds run every few seconds, so the other tabs
      // do not reread on each.
      if ((name === 'document.changed' && (data as { direction?: string }).direction === 'in') || (name === 'sync.changed' && tabRef.current === 'pending')) {
        clearTimeout(timer);
        timer = setTimeout(() => {
          void loadRef.current();
          setRefreshed((n) => n + 1);
        }, 300);
      }
    });
    return () => {
      clearTimeout(timer);
      off();
    };
  }, []);
  // The total comes separately: the page shows at once, the count (slower on a large register) follows.
  useEffect(() => {
    setTotal(null);
    call('documents.count', { filters: effective }).then(
      (r) => setTotal(r.total),
      () => setTotal(null),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps -- filterKey stands for `effective` by value (a new object each render)
  }, [filterKey, refreshed]);
  // Another tab or filter starts again from the first page (compared by value, like filterKey).
  const filtersKey = JSON.stringify(filters);
  useEffect(() => {
    setCursor({});
    setPosition(0);
  }, [tab, filtersKey]);

  const set = <K extends keyof DocumentFilters>(k: K, v: DocumentFilters[K]) => setFilters((f) => ({ ...f, [k]: v }));

  async function exportList(format: 'xlsx' | 'pdf') {
    setExporting(format);
    try {
      saveFile(await call('documents.export', { query: '', filters: effective, format }));
    } catch (e) {
      toast('error', (e as Error).message);
    } finally {
      setExporting(null);
    }
  }

  const rows = page?.items ?? [];
  const title = tab === 'pending' ? 'Văn bản chờ vào sổ' : tab === 'refused' ? 'Văn bản đã từ chối tiếp nhận' : 'Sổ văn bản đến';

  return (
    <section aria-labelledby="incoming-title">
      <div className="page-head">
        <h1 id="incoming-title">{title}</h1>
        <span className="sub">{total != null ? `${total.toLocaleString('vi-VN')} văn bản` : ''}</span>
        <span className="spacer" />
        {can('incoming.register') && (
          <>
            <Button variant="primary" kbd="Alt+N" onClick={() => navigate('/van-ban-den/vao-so')}>
              + Vào sổ văn bản đến
            </Button>
            <Button onClick={() => navigate('/van-ban-den/tiep-nhan')}>Tiếp nhận nhanh</Button>
          </>
        )}
        {can('documents.export') && tab === 'register' && <Button onClick={() => setPrinting(true)}>In sổ</Button>}
        {can('documents.export') && tab === 'register' && <Button onClick={() => setPrintingTracking(true)}>Sổ theo dõi giải quyết</Button>}
      </div>
      <IncomingTabs active={tab} />
      <div className="toolbar" role="search" aria-label="Lọc văn bản">
        <SelectField
          label="Năm"
          value={String(filters.year ?? '')}
          onChange={(v) => setFilters((f) => ({ ...f, year: v ? Number(v) : undefined, registerId: undefined }))}
          options={[
            { value: '', label: 'Tất cả' },
            ...[...new Set([year, ...registers.map((r) => r.year)])].sort((a, b) => b - a).map((y) => ({ value: String(y), label: String(y) })),
          ]}
        />
        {tab === 'register' && (
          <SelectField
            label="Sổ"
            value={String(filters.registerId ?? '')}
            onChange={(v) => set('registerId', v ? Number(v) : undefined)}
            options={[
              { value: '', label: 'Tất cả các sổ' },
              ...registers.filter((r) => !filters.year || r.year === filters.year).map((r) => ({ value: String(r.id), label: `${r.name} (${r.year})` })),
            ]}
          />
        )}
        <DateField label="Từ ngày" value={filters.from ?? ''} onChange={(v) => set('from', v || undefined)} />
        <DateField label="Đến ngày" value={filters.to ?? ''} onChange={(v) => set('to', v || undefined)} />
        <TextField label="Cơ quan ban hành" value={filters.issuer ?? ''} onChange={(v) => set('issuer', v || undefined)} placeholder="Gõ không dấu được" />
        <SelectField
          label="Loại văn bản"
          value={String(filters.docTypeId ?? '')}
          onChange={(v) => set('docTypeId', v ? Number(v) : undefined)}
          options={[{ value: '', label: 'Tất cả' }, ...types.map((t) => ({ value: String(t.id), label: t.name }))]}
        />
        <SelectField
          label="Độ khẩn"
          value={filters.urgentOnly ? 'urgent' : String(filters.urgency ?? '')}
          onChange={(v) => setFilters((f) => ({ ...f, urgentOnly: v === 'urgent' || undefined, urgency: v && v !== 'urgent' ? Number(v) : undefined }))}
          options={[{ value: '', label: 'Tất cả' }, { value: 'urgent', label: 'Mọi mức khẩn' }, ...URGENCY_LABELS.map((l, i) => ({ value: String(i), label: l }))]}
        />
        {tab === 'register' && (
          <SelectField
            label="Xử lý"
            value={filters.handling ?? ''}
            onChange={(v) => set('handling', (v || undefined) as DocumentFilters['handling'])}
            options={[{ value: '', label: 'Tất cả' }, ...Object.entries(HANDLING).map(([value, label]) => ({ value, label }))]}
          />
        )}
        <div className="field">
          <span className="label">&nbsp;</span>
          <div className="checks">
            {tab === 'register' && <Checkbox label="Quá hạn" checked={!!filters.overdue} onChange={(v) => set('overdue', v || undefined)} />}
            <Checkbox label="Vào sổ muộn" checked={!!filters.late} onChange={(v) => set('late', v || undefined)} />
          </div>
        </div>
      </div>
      <ErrorBanner error={error} />
      {tab === 'register' && page && page.pinned.length > 0 && (
        <div className="card pinned" aria-label="Văn bản khẩn chưa xử lý">
          <div className="card-head">
            <strong>Khẩn, chưa xử lý</strong>
            <span className="muted">({page.pinned.length})</span>
          </div>
          <DocTable rows={page.pinned} compact />
        </div>
      )}
      <div className="card table-wrap">
        <DocTable rows={rows} pending={tab === 'pending'} />
        {page && rows.length === 0 && <div className="empty">{tab === 'pending' ? 'Không có văn bản nào đang chờ vào sổ.' : 'Không có văn bản phù hợp.'}</div>}
      </div>
      <div className="pager">
        <Button small disabled={!page?.prevCursor} onClick={() => (setCursor({}), setPosition(0))}>
          « Mới nhất
        </Button>
        <Button small disabled={!page?.prevCursor} onClick={() => (setCursor({ cursor: page!.prevCursor! }), setPosition((p) => Math.max(0, p - PAGE)))}>
          ‹ Trang trước
        </Button>
        <span className="muted">
          {rows.length
            ? cursor.startDate
              ? `Từ ngày ${fmtDate(cursor.startDate)}`
              : `${position + 1}–${position + rows.length}${total != null ? ` / ${total.toLocaleString('vi-VN')}` : ''}`
            : ''}
        </span>
        <Button small disabled={!page?.nextCursor} onClick={() => (setCursor({ cursor: page!.nextCursor! }), setPosition((p) => p + PAGE))}>
          Trang sau ›
        </Button>
        <span className="spacer" />
        <DateField label="Xem từ ngày đến" value={jump} onChange={(v) => (setJump(v), v && setCursor({ startDate: v }))} />
        {can('documents.export') && (
          <>
            <Button small busy={exporting === 'xlsx'} onClick={() => void exportList('xlsx')}>
              Xuất Excel
            </Button>
            <Button small busy={exporting === 'pdf'} onClick={() => void exportList('pdf')}>
              Xuất PDF
            </Button>
          </>
        )}
      </div>
      {printing && <PrintBookDialog registers={registers} onClose={() => setPrinting(false)} />}
      {printingTracking && <PrintTrackingDialog onClose={() => setPrintingTracking(false)} />}
    </section>
  );
}

/** Enter opens the row; arrow keys move between rows, as in a spreadsheet. */
function rowKeys(e: React.KeyboardEvent<HTMLTableRowElement>, open: () => void): void {
  if (e.key === 'Enter') return open();
  const next = e.key === 'ArrowDown' ? e.currentTarget.nextElementSibling : e.key === 'ArrowUp' ? e.currentTarget.previousElementSibling : null;
  if (next instanceof HTMLElement) {
    e.preventDefault();
    next.focus();
  }
}

function DocTable({ rows, compact, pending }: { rows: DocumentListItem[]; compact?: boolean; pending?: boolean }) {
  // A document from the hub opens on its detail first: the clerk checks the digital signature there, then registers
  // or refuses it (HT 10.2); paper ones go straight to the registration form.
  const open = (d: DocumentListItem) => navigate(pending && d.receivedVia !== 'hub' ? `/van-ban-den/vao-so?tu=${d.id}` : `/van-ban-den/${d.id}`);
  const senders = useHubSenders(pending ? rows.filter((d) => d.receivedVia === 'hub').map((d) => d.id) : []);
  const now = Date.now();
  return (
    <table className={`data docs stacked${compact ? ' compact' : ''}`}>
      <thead>
        <tr>
          <th className="right">{pending ? 'Nhận lúc' : 'Số đến'}</th>
          <th>Ngày đến</th>
          <th>Cơ quan ban hành</th>
          <th>Số, ký hiệu</th>
          <th>Ngày VB</th>
          <th>Trích yếu</th>
          <th>{pending ? 'Hạn vào sổ' : 'Hạn xử lý'}</th>
          <th>Trạng thái</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((d) => {
          const cls = [
            d.handlingStatus === 'new' && d.status === 'registered' ? 'unread' : '',
            d.overdue ? 'overdue' : '',
            d.status === 'voided' ? 'voided' : '',
            d.urgency > 0 ? 'urgent' : '',
          ]
            .filter(Boolean)
            .join(' ');
          const registrationLate = pending && now > d.registrationDueAt;
          return (
            <tr
              key={d.id}
              className={cls}
              tabIndex={0}
              onClick={() => open(d)}
              onKeyDown={(e) => rowKeys(e, () => open(d))}
              aria-label={`${d.arrivalNumber ? `Số đến ${d.arrivalNumber}` : 'Chờ vào sổ'}: ${d.subject || d.issuerName}`}
            >
              <td className="right nowrap num" data-label={pending ? 'Nhận lúc' : 'Số đến'}>
                {pending ? fmtDateTime(d.receivedAt) : d.arrivalNumber}
              </td>
              <td className="nowrap" data-label="Ngày đến">
                <ArrivalDate receivedAt={d.receivedAt} arrivalAt={d.arrivalAt} />
              </td>
              <td data-label="Cơ quan ban hành">
                {d.issuerName || <span className="muted">—</span>}
                {d.receivedVia === 'hub' && (
                  <div className="small sync-source">{senders[d.id] ? `Liên thông từ ${senders[d.id]}` : <span className="badge blue">Liên thông</span>}</div>
                )}
              </td>
              <td className="nowrap" data-label="Số, ký hiệu">
                {formatCode(d.codeNumber, d.codeNotation)}
              </td>
              <td className="nowrap" data-label="Ngày VB">
                {fmtDate(d.issuedDate)}
              </td>
              <td className="subject">
                <UrgencyBadge urgency={d.urgency} /> {d.restricted && <span className="badge purple">Hạn chế</span>}{' '}
                {d.typeName && !subjectStartsWithType(d.typeName, d.subject) && <span className="type">{d.typeName}</span>}{' '}
                {d.subject || <span className="muted">(chưa nhập trích yếu)</span>}
                {d.fileCount > 0 && <span className="muted"> · {d.fileCount} tệp</span>}
              </td>
              <td className={`nowrap${registrationLate ? ' late-cell' : ''}`} data-label={pending ? 'Hạn vào sổ' : 'Hạn xử lý'}>
                {pending ? fmtDateTime(d.registrationDueAt) : fmtDate(d.handlingDueDate)}
                {pending && <div className="muted small">{RECEIVED_VIA[d.receivedVia]}</div>}
              </td>
              <td data-label="Trạng thái">
                <StatusBadge status={d.status} handling={d.handlingStatus} overdue={d.overdue} late={d.late} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The tabs of the Văn bản đến area (the lists, the scan tray, the old-register import). */
export function IncomingTabs({ active }: { active: Tab | 'scan' }) {
  const { can } = useSession();
  const tab = (t: Tab | 'scan', href: string, label: string) => (
    <a href={href} className={active === t ? 'active' : ''} aria-current={active === t ? 'page' : undefined}>
      {label}
    </a>
  );
  return (
    <nav className="tabs" aria-label="Danh sách">
      {tab('register', '#/van-ban-den', 'Sổ đến')}
      {tab('pending', '#/van-ban-den/cho-vao-so', 'Chờ vào sổ')}
      {tab('refused', '#/van-ban-den/tu-choi', 'Đã từ chối')}
      {can('incoming.register') && tab('scan', '#/van-ban-den/quet', 'Quét văn bản')}
      {can('incoming.register') && <a href="#/van-ban-den/nhap-so-cu">Nhập sổ cũ (Excel)</a>}
    </nav>
  );
}
