// Tổng quan: the first screen after login. The person's own work (đang chờ, đến hạn hôm nay, quá hạn, mới); for
// leaders and clerks (workflow.follow) the office's documents by week/month/year, backlog by unit and overdue by
// person, with charts. Every number is a link to the list that shows exactly those items (same query in the core).

import { useCallback, useEffect, useRef, useState } from 'react';
import type { Dashboard } from '../../../../src-shared/api/reports';
import { call } from '../../api';
import { fmtDate } from '../../format';
import { useSession } from '../../session';
import { Chart } from '../../ui/Chart';
import { ErrorBanner } from '../../ui/Feedback';
import { onCoreEvent } from '../workflow/events';

const FOLLOW_UP = '#/viec-can-xu-ly/theo-doi';

function Tile({ label, value, href, tone }: { label: string; value: number; href: string; tone?: 'red' | 'orange' | 'blue' | 'green' }) {
  return (
    <a className={`stat-tile${tone && value > 0 ? ` ${tone}` : ''}`} href={href} aria-label={`${label}: ${value}`}>
      <span className="stat-value">{value.toLocaleString('vi-VN')}</span>
      <span className="stat-label">{label}</span>
    </a>
  );
}

const num = (n: number, href: string, label: string) => (
  <a href={href} aria-label={label}>
    {n.toLocaleString('vi-VN')}
  </a>
);

export function DashboardScreen() {
  const { me } = useSession();
  const [d, setD] = useState<Dashboard | null>(null);
  const [error, setError] = useState<unknown>(null);
  const ask = useRef(0);
  const load = useCallback(async () => {
    const n = ++ask.current;
    try {
      const v = await call('reports.dashboard', {});
      if (n === ask.current) {
        setD(v);
        setError(null);
      }
    } catch (e) {
      if (n === ask.current) setError(e);
    }
  }, []);
  useEffect(() => void load(), [load]);
  // New work, a registered or handled document: the figures follow (a burst of events read once).
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = onCoreEvent((name) => {
      if (name !== 'workflow.changed' && name !== 'notification.created' && name !== 'document.changed') return;
      clearTimeout(timer);
      timer = setTimeout(() => void load(), 500);
    });
    return () => {
      clearTimeout(timer);
      off();
    };
  }, [load]);

  const o = d?.office;
  return (
    <section aria-labelledby="dash-title" className="dashboard">
      <div className="page-head">
        <h1 id="dash-title">Tổng quan</h1>
        <span className="sub">{d ? `Hôm nay ${fmtDate(d.asOf)} · ${me.user.fullName}` : ''}</span>
      </div>
      <ErrorBanner error={error} />
      {!d && !error && <div className="empty">Đang tải…</div>}
      {d && (
        <div className="card" role="region" aria-label="Việc của tôi">
          <div className="card-head">
            <strong>Việc của tôi</strong>
            <span className="spacer" />
            <a href="#/viec-can-xu-ly">Mở Việc cần xử lý ›</a>
          </div>
          <div className="stat-tiles">
            <Tile label="Đang chờ xử lý" value={d.mine.open} href="#/viec-can-xu-ly" tone="blue" />
            <Tile label="Đến hạn hôm nay" value={d.mine.dueToday} href="#/viec-can-xu-ly?han=hom-nay" tone="orange" />
            <Tile label="Quá hạn" value={d.mine.overdue} href="#/viec-can-xu-ly?han=qua-han" tone="red" />
            <Tile label="Mới, chưa xem" value={d.mine.unread} href="#/viec-can-xu-ly?han=moi" tone="green" />
          </div>
        </div>
      )}
      {o && (
        <>
          <div className="dash-grid">
            <div className="card" role="region" aria-label="Văn bản của cơ quan">
              <div className="card-head">
                <strong>Văn bản của cơ quan</strong>
              </div>
              <table className="data">
                <thead>
                  <tr>
                    <th>Kỳ</th>
                    <th className="num">Văn bản đến</th>
                    <th className="num">Văn bản đi</th>
                  </tr>
                </thead>
                <tbody>
                  {o.periods.map((p) => (
                    <tr key={p.key}>
                      <td>
                        {p.label}
                        <div className="muted small">
                          {fmtDate(p.from)} – {fmtDate(p.to)}
                        </div>
                      </td>
                      <td className="num">{num(p.incoming, `#/van-ban-den?tu=${p.from}&den=${p.to}`, `Văn bản đến ${p.label.toLowerCase()}: ${p.incoming}`)}</td>
                      <td className="num">{p.outgoing.toLocaleString('vi-VN')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <div className="card-body">
                <Chart
                  label="Biểu đồ số văn bản đến, văn bản đi theo tuần, tháng, năm"
                  height={200}
                  chart={{
                    kind: 'bar',
                    labels: o.periods.map((p) => p.label),
                    series: [
                      { label: 'Văn bản đến', data: o.periods.map((p) => p.incoming) },
                      { label: 'Văn bản đi', data: o.periods.map((p) => p.outgoing) },
                    ],
                  }}
                />
              </div>
            </div>
            <div className="card" role="region" aria-label="Quá hạn của cơ quan">
              <div className="card-head">
                <strong>Quá hạn</strong>
              </div>
              <div className="stat-tiles">
                <Tile label="Văn bản đến quá hạn giải quyết" value={o.incomingOverdue} href="#/van-ban-den?qua-han=1" tone="red" />
                <Tile label="Việc quá hạn (cả cơ quan)" value={o.overdueTasks} href={FOLLOW_UP} tone="red" />
              </div>
              <div className="card-head">
                <strong>Quá hạn theo cá nhân</strong>
              </div>
              {o.overdueByPerson.length === 0 ? (
                <div className="empty">Không có việc quá hạn.</div>
              ) : (
                <table className="data">
                  <thead>
                    <tr>
                      <th>Cán bộ</th>
                      <th>Đơn vị</th>
                      <th className="num">Quá hạn</th>
                      <th className="num">Đang xử lý</th>
                    </tr>
                  </thead>
                  <tbody>
                    {o.overdueByPerson.map((p) => (
                      <tr key={p.userId}>
                        <td>{p.userName}</td>
                        <td>{p.unitName ?? ''}</td>
                        <td className="num">{num(p.overdue, FOLLOW_UP, `${p.userName}: ${p.overdue} việc quá hạn`)}</td>
                        <td className="num">{p.open}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
          </div>
          <div className="card" role="region" aria-label="Tồn đọng theo đơn vị">
            <div className="card-head">
              <strong>Việc tồn đọng theo đơn vị</strong>
              <span className="spacer" />
              <a href={FOLLOW_UP}>Theo dõi, đôn đốc ›</a>
            </div>
            {o.backlogByUnit.length === 0 ? (
              <div className="empty">Không có việc đang xử lý.</div>
            ) : (
              <div className="card-body">
                <Chart
                  label="Biểu đồ việc đang xử lý theo đơn vị: trong hạn và quá hạn"
                  height={Math.max(180, 40 + o.backlogByUnit.length * 28)}
                  chart={{
                    kind: 'bar',
                    stacked: true,
                    labels: o.backlogByUnit.map((u) => u.unitName ?? 'Chưa thuộc đơn vị'),
                    series: [
                      { label: 'Trong hạn', data: o.backlogByUnit.map((u) => u.open - u.overdue) },
                      { label: 'Quá hạn', data: o.backlogByUnit.map((u) => u.overdue) },
                    ],
                  }}
                />
              </div>
            )}
          </div>
        </>
      )}
    </section>
  );
}
