// Báo cáo giải quyết văn bản đến (Phụ lục VI outputs): for the incoming documents that arrived in a period, how many
// were resolved on time, late, and how many are still being handled within or past their deadline — for the office,
// per unit and per person in charge (chủ trì). SQL aggregates only (GROUP BY over indexes): no per-row JavaScript.
// Reads only; the definitions below are the ones the user guide gives (section 12).

import type { Report, ReportColumn, ReportValue } from '../../src-shared/api/reports';
import { accessSql, type Viewer } from '../documents/access';
import type { RawDb } from '../db/open';
import { checkPeriod, instants, periodLabel, vnDateSql, type Period } from './period';

/**
 * One document's state (ds), computed once per document as a GROUP BY key:
 *  1 resolved on time — handling_status 'done' (every chủ trì task of the last bút phê completed) on or before
 *    handling_due_date (the deadline counted in working days when it was directed), or with no deadline, or marked
 *    done with no completed task (as an imported register may be);
 *  2 resolved late — the last chủ trì completion (Vietnam date) after handling_due_date;
 *  3 in progress within deadline — not done, deadline today or later, or none;  4 overdue — deadline before today.
 * A chủ trì task's own state (ts) is judged the same way by its own deadline and completion; 0 = no task.
 */
const DOC_STATE = `CASE WHEN d.handling_status != 'done' THEN (CASE WHEN d.handling_due_date < @today THEN 4 ELSE 3 END)
  WHEN d.handling_due_date IS NULL THEN 1
  WHEN ${vnDateSql(`(SELECT max(x.completed_at) FROM tasks x WHERE x.document_id = d.id AND x.kind = 'lead' AND x.status = 'done')`)} > d.handling_due_date THEN 2
  ELSE 1 END`;
const TASK_STATE = `CASE WHEN t.status IS NULL THEN 0
  WHEN t.status = 'done' THEN (CASE WHEN t.due_date IS NULL OR ${vnDateSql('t.completed_at')} <= t.due_date THEN 1 ELSE 2 END)
  WHEN t.due_date < @today THEN 4 ELSE 3 END`;

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

const empty = (): HandlingFigures => ({ received: 0, resolved: 0, onTime: 0, late: 0, inTime: 0, overdue: 0 });

/** Adds n documents (or tasks) in state 1–4 to f. */
function count(f: HandlingFigures, state: number, n: number): void {
  f.received += n;
  if (state === 1) f.onTime += n;
  else if (state === 2) f.late += n;
  else if (state === 3) f.inTime += n;
  else if (state === 4) f.overdue += n;
  if (state === 1 || state === 2) f.resolved += n;
}

interface Group {
  userId: number | null;
  unitId: number | null;
  /** A unit head's hand-down: a chủ trì task under the unit's own chủ trì task. */
  handDown: number;
  ds: number;
  ts: number;
  n: number;
}

export function computeIncomingHandling(raw: RawDb, p: Period, ctx: { today: string; viewer: Viewer }): Report {
  checkPeriod(p);
  const { start, end } = instants(p);
  const a = accessSql(ctx.viewer);
  // One pass over the period's documents (covering index) and their chủ trì tasks (covering index), grouped by
  // assignee and state: a few thousand groups at most, added up below. No table row is read, no row reaches JS.
  const groups = raw
    .prepare(
      `SELECT t.user_id AS userId, t.unit_id AS unitId,
              (t.user_id IS NOT NULL AND t.parent_id IS NOT NULL AND EXISTS (SELECT 1 FROM tasks p WHERE p.id = t.parent_id AND p.kind = 'lead')) AS handDown,
              ${DOC_STATE} AS ds, ${TASK_STATE} AS ts, count(*) AS n
         FROM documents d INDEXED BY documents_report_in_idx
         LEFT JOIN tasks t INDEXED BY tasks_report_idx ON t.document_id = d.id AND t.kind = 'lead' AND t.status IN ('open', 'in_progress', 'done')
        WHERE d.direction = 'in' AND d.arrival_at >= @start AND d.arrival_at < @end AND d.status = 'registered' AND ${a.clause}
        GROUP BY 1, 2, 3, 4, 5`,
    )
    .all({ ...a.params, start, end, today: ctx.today }) as Group[];
  const users = new Map(
    (raw.prepare('SELECT u.id, u.full_name AS name, u.unit_id AS unitId FROM users u').all() as Array<{ id: number; name: string; unitId: number | null }>).map((u) => [u.id, u]),
  );
  const unitNames = new Map((raw.prepare('SELECT id, name FROM units').all() as Array<{ id: number; name: string }>).map((u) => [u.id, u.name]));
  // The office counts each document once: through its chủ trì task (a unit head's hand-down aside: a document has
  // one current chủ trì, a new bút phê cancels the earlier one's open work), or as having none yet.
  const total = empty();
  const perUnitMap = new Map<number | null, HandlingFigures & { unitId: number | null; unitName: string | null }>();
  const perPersonMap = new Map<number, HandlingFigures & { userId: number; userName: string; unitName: string | null }>();
  for (const g of groups) {
    if (!g.handDown) count(total, g.ds, g.n);
    if (g.userId == null && g.unitId == null) continue;
    const unitId = g.unitId ?? (g.userId != null ? (users.get(g.userId)?.unitId ?? null) : null);
    if (!g.handDown) {
      const u = perUnitMap.get(unitId) ?? { ...empty(), unitId, unitName: unitId != null ? (unitNames.get(unitId) ?? null) : null };
      count(u, g.ds, g.n);
      perUnitMap.set(unitId, u);
    }
    if (g.userId != null) {
      const who = users.get(g.userId);
      const q = perPersonMap.get(g.userId) ?? {
        ...empty(),
        userId: g.userId,
        userName: who?.name ?? '',
        unitName: who?.unitId != null ? (unitNames.get(who.unitId) ?? null) : null,
      };
      count(q, g.ts, g.n);
      perPersonMap.set(g.userId, q);
    }
  }
  const perUnit = [...perUnitMap.values()];
  const perPerson = [...perPersonMap.values()];
  // Vietnamese order (Đ after D, not after Z as bytes would put it); units without a name last.
  const vi = new Intl.Collator('vi');
  const byName = (a: string | null, b: string | null) => (a == null ? (b == null ? 0 : 1) : b == null ? -1 : vi.compare(a, b));
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
