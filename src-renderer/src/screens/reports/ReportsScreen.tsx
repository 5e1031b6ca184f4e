// Báo cáo: giải quyết văn bản đến, văn bản đi, thống kê gửi nhận điện tử, tài khoản (Mẫu 04). A period (presets:
// tháng, quý, 6 tháng, năm, or from–to), the report's chart and table as the core computed them, and the same report
// exported to Excel or PDF. Shows what the core returns; computes no figure itself.

import { useEffect, useState } from 'react';
import { REPORT_KINDS, type Report, type ReportKind } from '../../../../src-shared/api/reports';
import { addDays, todayVn } from '../../../../src-shared/calendar/vn-time';
import { call, saveFile } from '../../api';
import { fmtDate } from '../../format';
import { parseRoute, useRoute } from '../../router';
import { useSession } from '../../session';
import { Chart } from '../../ui/Chart';
import { Button, SelectField } from '../../ui/Controls';
import { DateField } from '../../ui/DateField';
import { ErrorBanner, useToast } from '../../ui/Feedback';
import type { Permission } from '../../../../src-shared/permissions';

const TABS: Array<{ kind: ReportKind; slug: string; label: string; permission: Permission }> = [
  { kind: 'handlingIn', slug: 'giai-quyet-den', label: 'Giải quyết văn bản đến', permission: 'workflow.follow' },
  { kind: 'handlingOut', slug: 'van-ban-di', label: 'Văn bản đi', permission: 'workflow.follow' },
  { kind: 'exchange', slug: 'dien-tu', label: 'Gửi, nhận điện tử', permission: 'workflow.follow' },
  { kind: 'accounts', slug: 'tai-khoan', label: 'Tài khoản (Mẫu 04)', permission: 'users.manage' },
];

type Preset = 'month' | 'lastMonth' | 'quarter' | 'half' | 'year' | 'lastYear' | 'custom';
const PRESETS: Array<{ value: Preset; label: string }> = [
  { value: 'month', label: 'Tháng này' },
  { value: 'lastMonth', label: 'Tháng trước' },
  { value: 'quarter', label: 'Quý này' },
  { value: 'half', label: '6 tháng (nửa năm này)' },
  { value: 'year', label: 'Năm nay' },
  { value: 'lastYear', label: 'Năm trước' },
  { value: 'custom', label: 'Tùy chọn từ ngày – đến ngày' },
];

const pad = (n: number) => String(n).padStart(2, '0');
const monthEnd = (y: number, m: number) => addDays(m === 12 ? `${y + 1}-01-01` : `${y}-${pad(m + 1)}-01`, -1);

export function presetPeriod(p: Exclude<Preset, 'custom'>, today: string): { from: string; to: string } {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  switch (p) {
    case 'month':
      return { from: `${y}-${pad(m)}-01`, to: monthEnd(y, m) };
    case 'lastMonth': {
      const [ly, lm] = m === 1 ? [y - 1, 12] : [y, m - 1];
      return { from: `${ly}-${pad(lm)}-01`, to: monthEnd(ly, lm) };
    }
    case 'quarter': {
      const q = Math.floor((m - 1) / 3);
      return { from: `${y}-${pad(q * 3 + 1)}-01`, to: monthEnd(y, q * 3 + 3) };
    }
    case 'half':
      return m <= 6 ? { from: `${y}-01-01`, to: `${y}-06-30` } : { from: `${y}-07-01`, to: `${y}-12-31` };
    case 'year':
      return { from: `${y}-01-01`, to: `${y}-12-31` };
    case 'lastYear':
      return { from: `${y - 1}-01-01`, to: `${y - 1}-12-31` };
  }
}

export function ReportsScreen() {
  const { can } = useSession();
  const toast = useToast();
  const { path } = parseRoute(useRoute());
  const tabs = TABS.filter((t) => can(t.permission));
  const slug = path.replace(/^\/bao-cao\/?/, '');
  const tab = tabs.find((t) => t.slug === slug) ?? tabs[0];
  const today = todayVn(Date.now());
  const [preset, setPreset] = useState<Preset>('month');
  const [period, setPeriod] = useState(presetPeriod('month', today));
  const [groupBy, setGroupBy] = useState<'month' | 'half' | 'year'>('month');
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const [exporting, setExporting] = useState<'xlsx' | 'pdf' | null>(null);

  const kind = tab?.kind;
  useEffect(() => {
    if (!kind) return;
    let stale = false;
    setLoading(true);
    setError(null);
    const ask =
      kind === 'handlingIn' || kind === 'handlingOut'
        ? call('reports.handling', { ...period, direction: kind === 'handlingIn' ? 'in' : 'out' })
        : kind === 'exchange'
          ? call('reports.exchange', { ...period, groupBy })
          : call('reports.accounts', period);
    ask.then(
      (r) => !stale && (setReport(r), setLoading(false)),
      (e) => !stale && (setError(e), setReport(null), setLoading(false)),
    );
    return () => {
      stale = true;
    };
  }, [kind, period, groupBy]);

  if (!tab) return <div className="empty">Bạn không có quyền xem báo cáo.</div>;

  async function exportAs(format: 'xlsx' | 'pdf') {
    setExporting(format);
    try {
      const out =
        kind === 'handlingIn' || kind === 'handlingOut'
          ? await call('reports.handlingExport', { ...period, direction: kind === 'handlingIn' ? 'in' : 'out', format })
          : kind === 'exchange'
            ? await call('reports.exchangeExport', { ...period, groupBy, format })
            : await call('reports.accountsExport', { ...period, format });
      saveFile(out);
    } catch (e) {
      toast('error', (e as Error).message);
    } finally {
      setExporting(null);
    }
  }

  const choose = (p: Preset) => {
    setPreset(p);
    if (p !== 'custom') setPeriod(presetPeriod(p, today));
  };

  return (
    <section aria-labelledby="reports-title" className="reports">
      <div className="page-head wrap-head">
        <h1 id="reports-title">Báo cáo</h1>
        <span className="spacer" />
        <Button onClick={() => void exportAs('xlsx')} busy={exporting === 'xlsx'} disabled={!report || exporting !== null}>
          Xuất Excel
        </Button>
        <Button onClick={() => void exportAs('pdf')} busy={exporting === 'pdf'} disabled={!report || exporting !== null}>
          Xuất PDF
        </Button>
      </div>
      <nav className="tabs" aria-label="Loại báo cáo">
        {tabs.map((t) => (
          <a key={t.kind} href={`#/bao-cao/${t.slug}`} className={t === tab ? 'active' : ''} aria-current={t === tab ? 'page' : undefined}>
            {t.label}
          </a>
        ))}
      </nav>
      <div className="toolbar" role="search" aria-label="Chọn kỳ báo cáo">
        <SelectField label="Kỳ báo cáo" value={preset} onChange={(v) => choose(v as Preset)} options={PRESETS} />
        <DateField
          label="Từ ngày"
          value={period.from}
          onChange={(v) => {
            setPreset('custom');
            setPeriod((p) => ({ ...p, from: v }));
          }}
        />
        <DateField
          label="Đến ngày"
          value={period.to}
          onChange={(v) => {
            setPreset('custom');
            setPeriod((p) => ({ ...p, to: v }));
          }}
        />
        {kind === 'exchange' && (
          <SelectField
            label="Thống kê theo"
            value={groupBy}
            onChange={(v) => setGroupBy(v as typeof groupBy)}
            options={[
              { value: 'month', label: 'Tháng' },
              { value: 'half', label: '6 tháng' },
              { value: 'year', label: 'Năm' },
            ]}
          />
        )}
      </div>
      <ErrorBanner error={error} />
      {loading && !report && <div className="empty">Đang tính số liệu…</div>}
      {report && <ReportView report={report} busy={loading} />}
    </section>
  );
}

function ReportView({ report, busy }: { report: Report; busy: boolean }) {
  const levelClass = (v: unknown) => (v === 'Cơ quan' ? 'lvl-office' : v === 'Cá nhân' ? 'lvl-person' : '');
  const hasData = report.chart && report.chart.series.some((s) => s.data.some((x) => x > 0));
  return (
    <div className="card" role="region" aria-label={REPORT_KINDS[report.kind]} aria-busy={busy}>
      <div className="card-head">
        <div>
          <strong>{report.title}</strong>
          <div className="muted small">
            {report.subtitle} · số liệu tính đến ngày {fmtDate(report.asOf)}
          </div>
        </div>
      </div>
      {report.chart && (
        <div className="card-body">
          {hasData ? <Chart chart={report.chart} label={`Biểu đồ: ${report.title.toLocaleLowerCase('vi-VN')}`} /> : <div className="empty">Không có số liệu trong kỳ.</div>}
        </div>
      )}
      <div className="table-wrap">
        <table className="data report-table">
          <thead>
            <tr>
              {report.columns.map((c) => (
                <th key={c.key} className={c.align === 'right' ? 'num' : undefined} scope="col">
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {report.rows.map((r, i) => (
              <tr key={i} className={levelClass(r.level)}>
                {report.columns.map((c) => (
                  <td key={c.key} className={c.align === 'right' ? 'num' : undefined}>
                    {typeof r[c.key] === 'number' ? (r[c.key] as number).toLocaleString('vi-VN') : (r[c.key] ?? '')}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {report.notes.length > 0 && (
        <ul className="report-notes">
          {report.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
