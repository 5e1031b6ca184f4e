// Báo cáo giải quyết văn bản đến (Phụ lục VI outputs): for the incoming documents that arrived in a period, how many
// were resolved on time, late, and how many are still being handled within or past their deadline — for the office,
// per unit and per person in charge (chủ trì). SQL aggregates only (GROUP BY over indexes): no per-row JavaScript.
// Reads only; the definitions below are the ones the user guide gives (section 12).

import type { Report, ReportColumn, ReportValue } from '../../src-shared/api/reports';
import { accessSql, type Viewer } from '../documents/access';
import type { RawDb } from '../db/open';
import { checkPeriod, instants, periodLabel, vnDateSql, type Period } from './period';

/**
 * One document's state:
 *  - resolved (đã giải quyết): handling_status = 'done' (every chủ trì task of the last bút phê completed);
 *  - its resolution date: the Vietnam date of the last completion of a chủ trì task (else of its last update);
 *  - on time: resolved on or before handling_due_date (the deadline counted in working days when it was directed),
 *    or resolved with no deadline; late: resolved after it;
 *  - in progress within deadline: not resolved, deadline today or later, or none; overdue: deadline before today.
 */
const STATE_SUMS = `count(*) AS received, coalesce(sum(hs = 'done'), 0) AS resolved,
  coalesce(sum(hs = 'done' AND (due IS NULL OR doneOn <= due)), 0) AS onTime,
  coalesce(sum(hs = 'done' AND due IS NOT NULL AND doneOn > due), 0) AS late,
  coalesce(sum(hs != 'done' AND (due IS NULL OR due >= @today)), 0) AS inTime,
  coalesce(sum(hs != 'done' AND due < @today), 0) AS overdue`;

export interface HandlingFigures {
  received: number;
  resolved: number;
  onTime: number;
  late: number;
  inTime: number;
  overdue: number;
}

const FIGURE_COLUMNS: ReportColumn[] = [
  { key: 'received', label: 'Tổng số văn bản đến', align: 'right', width: 1 },
  { key: 'resolved', label: 'Đã giải quyết', align: 'right', width: 1 },
  { key: 'onTime', label: 'Đúng hạn', align: 'right', width: 1 },
  { key: 'late', label: 'Quá hạn (đã giải quyết)', align: 'right', width: 1.2 },
  { key: 'inTime', label: 'Đang giải quyết trong hạn', align: 'right', width: 1.2 },
  { key: 'overdue', label: 'Đang giải quyết quá hạn', align: 'right', width: 1.2 },
];

const EMPTY: HandlingFigures = { received: 0, resolved: 0, onTime: 0, late: 0, inTime: 0, overdue: 0 };

function docsCte(viewer: Viewer): { sql: string; params: Record<string, unknown> } {
  const a = accessSql(viewer);
  const done = `(SELECT max(t.completed_at) FROM tasks t WHERE t.document_id = d.id AND t.kind = 'lead' AND t.status = 'done')`;
  return {
    sql: `docs AS (
      SELECT d.id, d.handling_status AS hs, d.handling_due_date AS due,
             CASE WHEN d.handling_status = 'done' THEN ${vnDateSql(`coalesce(${done}, d.updated_at)`)} END AS doneOn
        FROM documents d INDEXED BY documents_report_in_idx
       WHERE d.direction = 'in' AND d.arrival_at >= @start AND d.arrival_at < @end AND d.status = 'registered' AND ${a.clause})`,
    params: a.params,
  };
}

export function computeIncomingHandling(raw: RawDb, p: Period, ctx: { today: string; viewer: Viewer }): Report {
  checkPeriod(p);
  const { start, end } = instants(p);
  const cte = docsCte(ctx.viewer);
  const params = { ...cte.params, start, end, today: ctx.today };
  const total = (raw.prepare(`WITH ${cte.sql} SELECT ${STATE_SUMS} FROM docs`).get(params) as HandlingFigures | undefined) ?? EMPTY;
  // Per unit: a document counts once for each unit in charge of it (its chủ trì task went to the unit or to one of its people).
  const perUnit = raw
    .prepare(
      `WITH ${cte.sql},
        lead AS (SELECT DISTINCT t.document_id AS documentId, coalesce(t.unit_id, u.unit_id) AS unitId
                   FROM docs JOIN tasks t ON t.document_id = docs.id LEFT JOIN users u ON u.id = t.user_id
                  WHERE t.kind = 'lead' AND t.status != 'cancelled')
       SELECT lead.unitId, n.name AS unitName, ${STATE_SUMS}
         FROM lead JOIN docs ON docs.id = lead.documentId LEFT JOIN units n ON n.id = lead.unitId
        GROUP BY lead.unitId`,
    )
    .all(params) as Array<HandlingFigures & { unitId: number | null; unitName: string | null }>;
  // Per person: their own chủ trì tasks on those documents, judged by the task's deadline and completion.
  const perPerson = raw
    .prepare(
      `WITH ${cte.sql}
       SELECT t.user_id AS userId, u.full_name AS userName, n.name AS unitName, count(*) AS received, coalesce(sum(t.status = 'done'), 0) AS resolved,
              coalesce(sum(t.status = 'done' AND (t.due_date IS NULL OR ${vnDateSql('t.completed_at')} <= t.due_date)), 0) AS onTime,
              coalesce(sum(t.status = 'done' AND t.due_date IS NOT NULL AND ${vnDateSql('t.completed_at')} > t.due_date), 0) AS late,
              coalesce(sum(t.status IN ('open', 'in_progress') AND (t.due_date IS NULL OR t.due_date >= @today)), 0) AS inTime,
              coalesce(sum(t.status IN ('open', 'in_progress') AND t.due_date < @today), 0) AS overdue
         FROM docs JOIN tasks t ON t.document_id = docs.id JOIN users u ON u.id = t.user_id LEFT JOIN units n ON n.id = u.unit_id
        WHERE t.kind = 'lead' AND t.status IN ('open', 'in_progress', 'done')
        GROUP BY t.user_id`,
    )
    .all(params) as Array<HandlingFigures & { userId: number; userName: string; unitName: string | null }>;

  // Vietnamese order (Đ after D, not after Z as bytes would put it); units without a name last.
  const vi = new Intl.Collator('vi');
  const byName = (a: string | null, b: string | null) => (a == null ? 1 : b == null ? -1 : vi.compare(a, b));
  perUnit.sort((a, b) => byName(a.unitName, b.unitName));
  perPerson.sort((a, b) => byName(a.unitName, b.unitName) || vi.compare(a.userName, b.userName));
  const row = (label: string, level: string, f: HandlingFigures): Record<string, ReportValue> => ({
    label,
    level,
    received: f.received,
    resolved: f.resolved,
    onTime: f.onTime,
    late: f.late,
    inTime: f.inTime,
    overdue: f.overdue,
  });
  const rows = [
    row('Toàn cơ quan', 'Cơ quan', total),
    ...perUnit.map((u) => row(u.unitName ?? '(Chưa thuộc đơn vị)', 'Đơn vị', u)),
    ...perPerson.map((u) => row(u.unitName ? `${u.userName} (${u.unitName})` : u.userName, 'Cá nhân', u)),
  ];
  const chartRows = perUnit.length ? perUnit.map((u) => ({ label: u.unitName ?? '(Chưa thuộc đơn vị)', f: u as HandlingFigures })) : [{ label: 'Toàn cơ quan', f: total }];
  return {
    kind: 'handlingIn',
    title: 'BÁO CÁO TÌNH HÌNH GIẢI QUYẾT VĂN BẢN ĐẾN',
    subtitle: periodLabel(p),
    from: p.from,
    to: p.to,
    asOf: ctx.today,
    columns: [{ key: 'label', label: 'Cơ quan, đơn vị, cá nhân chủ trì', width: 3 }, { key: 'level', label: 'Cấp', width: 1 }, ...FIGURE_COLUMNS],
    rows,
    chart: {
      kind: 'bar',
      stacked: true,
      labels: chartRows.map((r) => r.label),
      series: [
        { label: 'Đúng hạn', data: chartRows.map((r) => r.f.onTime) },
        { label: 'Quá hạn (đã giải quyết)', data: chartRows.map((r) => r.f.late) },
        { label: 'Đang giải quyết trong hạn', data: chartRows.map((r) => r.f.inTime) },
        { label: 'Đang giải quyết quá hạn', data: chartRows.map((r) => r.f.overdue) },
      ],
    },
    notes: [
      'Văn bản đến: văn bản đã vào sổ có ngày đến trong kỳ (không tính văn bản đã hủy số, từ chối).',
      'Đã giải quyết: mọi việc chủ trì của bút phê cuối cùng đã hoàn thành; ngày giải quyết là ngày hoàn thành việc chủ trì sau cùng.',
      'Đúng hạn: giải quyết trước hoặc trong ngày hạn giải quyết (hạn tính theo ngày làm việc, đã trừ ngày nghỉ, lễ), hoặc văn bản không có hạn; quá hạn: giải quyết sau ngày hạn.',
      `Đang giải quyết quá hạn: chưa giải quyết xong và hạn giải quyết trước ngày ${ctx.today.split('-').reverse().join('/')} (ngày lập báo cáo).`,
      'Dòng đơn vị: văn bản giao đơn vị hoặc cán bộ của đơn vị chủ trì. Dòng cá nhân: việc chủ trì giao cho người đó, theo hạn và ngày hoàn thành của việc.',
    ],
    landscape: true,
  };
}
