// Thống kê gửi, nhận văn bản điện tử (HN 13, HT 17, KB 11): per month, half-year or year of a period, incoming
// documents received through the interconnection hub vs on paper (and other ways), outgoing documents sent through
// the hub vs only on paper, signed vs unsigned. SQL groups by month; months are summed into halves and years (at
// most 120 rows). Reads only.

import type { Report, ReportValue } from '../../src-shared/api/reports';
import { accessSql, type Viewer } from '../documents/access';
import type { RawDb } from '../db/open';
import { SENT_ELECTRONICALLY } from './outgoing-report';
import { checkPeriod, instants, periodLabel, type Period } from './period';

const MONTH_SQL = `strftime('%Y-%m', d.arrival_at / 1000 + 25200, 'unixepoch')`;
/** An incoming document is signed when a check of one of its files found a signature (signing/: verification_reports). */
const IN_SIGNED = `EXISTS (SELECT 1 FROM document_files df JOIN verification_reports v ON v.blob_hash = df.blob_hash
  WHERE df.document_id = d.id AND v.overall != 'UNSIGNED')`;

const FIELDS = ['inTotal', 'inHub', 'inPaper', 'inSigned', 'outTotal', 'outHub', 'outPaper', 'outSigned', 'outUnsigned'] as const;
type Figures = Record<(typeof FIELDS)[number], number>;
const zero = (): Figures => Object.fromEntries(FIELDS.map((f) => [f, 0])) as Figures;

function bucketOf(month: string, groupBy: 'month' | 'half' | 'year'): { key: string; label: string } {
  const [y, m] = month.split('-').map(Number);
  if (groupBy === 'year') return { key: String(y), label: `Năm ${y}` };
  if (groupBy === 'half') return m <= 6 ? { key: `${y}-1`, label: `6 tháng đầu năm ${y}` } : { key: `${y}-2`, label: `6 tháng cuối năm ${y}` };
  return { key: month, label: `Tháng ${m}/${y}` };
}

/** Every month from..to, so a month with nothing still shows as a row of zeros. */
function monthsOf(p: Period): string[] {
  const out: string[] = [];
  let y = Number(p.from.slice(0, 4));
  let m = Number(p.from.slice(5, 7));
  const endKey = p.to.slice(0, 7);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    out.push(key);
    if (key >= endKey) break;
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

export function computeExchange(raw: RawDb, p: Period & { groupBy: 'month' | 'half' | 'year' }, ctx: { today: string; viewer: Viewer }): Report {
  checkPeriod(p);
  const { start, end } = instants(p);
  const a = accessSql(ctx.viewer);
  const params = { ...a.params, start, end };
  const incoming = raw
    .prepare(
      `SELECT ${MONTH_SQL} AS month, count(*) AS inTotal, coalesce(sum(d.received_via = 'hub'), 0) AS inHub, coalesce(sum(d.received_via != 'hub'), 0) AS inPaper,
              coalesce(sum(${IN_SIGNED}), 0) AS inSigned
         FROM documents d WHERE d.direction = 'in' AND d.status = 'registered' AND d.arrival_at >= @start AND d.arrival_at < @end AND ${a.clause} GROUP BY 1`,
    )
    .all(params) as Array<Pick<Figures, 'inTotal' | 'inHub' | 'inPaper' | 'inSigned'> & { month: string }>;
  const outgoing = raw
    .prepare(
      `SELECT ${MONTH_SQL} AS month, count(*) AS outTotal, coalesce(sum(${SENT_ELECTRONICALLY}), 0) AS outHub, coalesce(sum(o.signed), 0) AS outSigned
         FROM documents d JOIN outgoing_documents o ON o.document_id = d.id
        WHERE d.direction = 'out' AND d.status IN ('issued', 'recalled') AND d.arrival_at >= @start AND d.arrival_at < @end AND ${a.clause} GROUP BY 1`,
    )
    .all(params) as Array<Pick<Figures, 'outTotal' | 'outHub' | 'outSigned'> & { month: string }>;

  const buckets = new Map<string, { label: string; f: Figures }>();
  for (const month of monthsOf(p)) {
    const b = bucketOf(month, p.groupBy);
    if (!buckets.has(b.key)) buckets.set(b.key, { label: b.label, f: zero() });
  }
  const add = (month: string, part: Partial<Figures>) => {
    const f = buckets.get(bucketOf(month, p.groupBy).key)?.f;
    if (f) for (const [k, v] of Object.entries(part)) f[k as keyof Figures] += Number(v) || 0;
  };
  for (const r of incoming) add(r.month, { inTotal: r.inTotal, inHub: r.inHub, inPaper: r.inPaper, inSigned: r.inSigned });
  for (const r of outgoing)
    add(r.month, { outTotal: r.outTotal, outHub: r.outHub, outPaper: r.outTotal - r.outHub, outSigned: r.outSigned, outUnsigned: r.outTotal - r.outSigned });
  const total = zero();
  for (const { f } of buckets.values()) for (const k of FIELDS) total[k] += f[k];
  const pct = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : 0);
  const row = (label: string, f: Figures): Record<string, ReportValue> => ({ label, ...f, inPct: pct(f.inHub, f.inTotal), outPct: pct(f.outHub, f.outTotal) });
  const list = [...buckets.values()];
  return {
    kind: 'exchange',
    title: 'THỐNG KÊ TÌNH HÌNH GỬI, NHẬN VĂN BẢN ĐIỆN TỬ',
    subtitle: periodLabel(p),
    from: p.from,
    to: p.to,
    asOf: ctx.today,
    columns: [
      { key: 'label', label: 'Thời gian', width: 2 },
      { key: 'inTotal', label: 'Văn bản đến: tổng số', align: 'right', width: 1 },
      { key: 'inHub', label: 'Nhận điện tử (liên thông)', align: 'right', width: 1 },
      { key: 'inPaper', label: 'Nhận giấy, hình thức khác', align: 'right', width: 1 },
      { key: 'inPct', label: 'Tỷ lệ điện tử (%)', align: 'right', width: 1 },
      { key: 'inSigned', label: 'Có ký số', align: 'right', width: 1 },
      { key: 'outTotal', label: 'Văn bản đi: tổng số', align: 'right', width: 1 },
      { key: 'outHub', label: 'Gửi điện tử (liên thông)', align: 'right', width: 1 },
      { key: 'outPaper', label: 'Chỉ gửi giấy', align: 'right', width: 1 },
      { key: 'outPct', label: 'Tỷ lệ điện tử (%)', align: 'right', width: 1 },
      { key: 'outSigned', label: 'Có ký số', align: 'right', width: 1 },
      { key: 'outUnsigned', label: 'Chưa ký số', align: 'right', width: 1 },
    ],
    rows: [...list.map((b) => row(b.label, b.f)), row('Cộng', total)],
    chart: {
      kind: 'bar',
      labels: list.map((b) => b.label),
      series: [
        { label: 'Đến điện tử', data: list.map((b) => b.f.inHub) },
        { label: 'Đến giấy', data: list.map((b) => b.f.inPaper) },
        { label: 'Đi điện tử', data: list.map((b) => b.f.outHub) },
        { label: 'Đi chỉ giấy', data: list.map((b) => b.f.outPaper) },
      ],
    },
    notes: [
      'Nhận điện tử: văn bản đến nhận qua trục liên thông (hình thức nhận "Liên thông"); các hình thức khác (giấy, trực tiếp, thư điện tử, fax) tính là giấy, hình thức khác.',
      'Gửi điện tử: văn bản đi có ít nhất một nơi nhận được gửi qua trục liên thông; còn lại là chỉ gửi giấy.',
      'Có ký số: văn bản đi đã ký số cơ quan khi ban hành; văn bản đến có tệp được kiểm tra có chữ ký số.',
    ],
    landscape: true,
  };
}
