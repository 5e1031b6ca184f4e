// Theo dõi: what a leader directed and its state, with "Đôn đốc" per row; Quá hạn: the office's overdue work per unit
// and per person, then the overdue tasks themselves (leaders and clerks, workflow.follow).

import { useCallback, useEffect, useState } from 'react';
import type { InboxItem, OverdueReport, OverdueRow } from '../../../../src-shared/api/workflow';
import { fmtDate } from '../../format';
import { call } from '../../api';
import { useSession } from '../../session';
import { Button, SelectField } from '../../ui/Controls';
import { ErrorBanner, useToast } from '../../ui/Feedback';
import { useDirectory } from './common';
import { onCoreEvent } from './events';
import { InboxTable } from './InboxScreen';
import { PrintTrackingDialog } from './PrintTrackingDialog';
import { RemindDialog } from './RoutingPanel';

type Tab = 'directed' | 'overdue';
type State = 'open' | 'overdue' | 'done' | 'all';

export function FollowUpScreen() {
  const { can } = useSession();
  const [tab, setTab] = useState<Tab>(can('workflow.direct') ? 'directed' : 'overdue');
  const [printing, setPrinting] = useState(false);
  return (
    <section aria-labelledby="follow-title">
      <div className="page-head wrap-head">
        <Button variant="ghost" small onClick={() => (window.location.hash = '/viec-can-xu-ly')}>
          ‹ Việc cần xử lý
        </Button>
        <h1 id="follow-title">Theo dõi, đôn đốc</h1>
        <span className="spacer" />
        {can('documents.export') && <Button onClick={() => setPrinting(true)}>Sổ theo dõi giải quyết</Button>}
      </div>
      <nav className="tabs" aria-label="Theo dõi">
        {can('workflow.direct') && (
          <a href="#/viec-can-xu-ly/theo-doi" className={tab === 'directed' ? 'active' : ''} onClick={(e) => (e.preventDefault(), setTab('directed'))}>
            Việc đã giao
          </a>
        )}
        {can('workflow.follow') && (
          <a href="#/viec-can-xu-ly/theo-doi" className={tab === 'overdue' ? 'active' : ''} onClick={(e) => (e.preventDefault(), setTab('overdue'))}>
            Quá hạn
          </a>
        )}
      </nav>
      {tab === 'directed' ? <Directed /> : <Overdue />}
      {printing && <PrintTrackingDialog onClose={() => setPrinting(false)} />}
    </section>
  );
}

function Directed() {
  const toast = useToast();
  const [state, setState] = useState<State>('open');
  const [items, setItems] = useState<InboxItem[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reminding, setReminding] = useState<InboxItem | null>(null);
  const load = useCallback(
    () =>
      call('workflow.directed', { state, limit: 50 }).then((p) => {
        setItems(p.items);
        setNext(p.nextCursor);
      }, setError),
    [state],
  );
  useEffect(() => void load(), [load]);
  useEffect(() => onCoreEvent((name) => name === 'workflow.changed' && void load()), [load]);
  const more = () =>
    next &&
    call('workflow.directed', { state, limit: 50, cursor: next }).then((p) => {
      setItems((xs) => [...(xs ?? []), ...p.items]);
      setNext(p.nextCursor);
    }, setError);
  const open = (t: InboxItem) => t.status === 'open' || t.status === 'in_progress';
  return (
    <>
      <div className="toolbar">
        <SelectField
          label="Tình trạng"
          value={state}
          onChange={(v) => setState(v as State)}
          options={[
            { value: 'open', label: 'Đang xử lý' },
            { value: 'overdue', label: 'Quá hạn' },
            { value: 'done', label: 'Đã xong' },
            { value: 'all', label: 'Tất cả' },
          ]}
        />
      </div>
      <ErrorBanner error={error} />
      <div className="card table-wrap">
        {items && (
          <InboxTable
            items={items}
            action={(t) =>
              open(t) ? (
                <Button small onClick={() => setReminding(t)} aria-label={`Đôn đốc ${t.userName ?? t.unitName}`}>
                  Đôn đốc
                </Button>
              ) : null
            }
          />
        )}
        {items && items.length === 0 && <div className="empty">Không có việc nào.</div>}
      </div>
      {next && (
        <div className="pager">
          <Button onClick={() => void more()}>Xem thêm</Button>
        </div>
      )}
      {reminding && (
        <RemindDialog
          task={reminding}
          onClose={() => setReminding(null)}
          onDone={(m) => {
            toast('ok', m);
            void load();
          }}
        />
      )}
    </>
  );
}

function Overdue() {
  const dir = useDirectory();
  const [unitId, setUnitId] = useState('');
  const [report, setReport] = useState<OverdueReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => call('workflow.overdue', { unitId: unitId ? Number(unitId) : undefined, limit: 100 }).then(setReport, setError), [unitId]);
  useEffect(() => void load(), [load]);
  useEffect(() => onCoreEvent((name) => name === 'workflow.changed' && void load()), [load]);
  return (
    <>
      <div className="toolbar">
        <SelectField
          label="Đơn vị"
          value={unitId}
          onChange={setUnitId}
          options={[{ value: '', label: 'Cả cơ quan' }, ...dir.units.map((u) => ({ value: String(u.id), label: u.name }))]}
        />
        {report && <span className="muted">Tính đến {fmtDate(report.asOf)}</span>}
      </div>
      <ErrorBanner error={error} />
      {report && (
        <div className="stack">
          <div className="grid-2 stack-phone">
            <OverdueTable title="Theo đơn vị" rows={report.byUnit} name={(r) => r.unitName ?? 'Chưa thuộc đơn vị'} />
            <OverdueTable title="Theo cá nhân" rows={report.byPerson} name={(r) => r.userName ?? r.unitName ?? '—'} />
          </div>
          <div className="card table-wrap">
            <div className="card-head">
              <h2>Việc quá hạn ({report.total})</h2>
            </div>
            <InboxTable items={report.items} action={() => null} />
            {report.items.length === 0 && <div className="empty">Không có việc quá hạn.</div>}
          </div>
        </div>
      )}
    </>
  );
}

function OverdueTable({ title, rows, name }: { title: string; rows: OverdueRow[]; name: (r: OverdueRow) => string }) {
  return (
    <div className="card table-wrap">
      <div className="card-head">
        <h2>{title}</h2>
      </div>
      <table className="data compact">
        <thead>
          <tr>
            <th>{title === 'Theo đơn vị' ? 'Đơn vị' : 'Cá nhân'}</th>
            <th className="right">Đang xử lý</th>
            <th className="right">Quá hạn</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={`${r.unitId}-${r.userId}-${i}`}>
              <td>{name(r)}</td>
              <td className="right">{r.open}</td>
              <td className={`right${r.overdue ? ' late-cell' : ''}`}>{r.overdue}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <div className="empty">Không có.</div>}
    </div>
  );
}
