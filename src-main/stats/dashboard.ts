// Tổng quan (the first screen): the caller's own work, and for those who follow the office's work the office's
// counts by period, backlog by unit and overdue by person. Every figure is computed by the same query as the list
// its link opens (documents.count's filters, Việc cần xử lý's sets, workflow.overdue), so the two always agree.
// Reads only; never writes.

import type { Dashboard, MyWork, OfficeFigures, PeriodCount } from '../../src-shared/api/reports';
import { addDays, weekdayOf } from '../../src-shared/calendar/vn-time';
import type { Viewer } from '../documents/access';
import type { DocumentsService } from '../documents/service';
import type { RawDb } from '../db/open';
import type { Actor, WorkflowService } from '../workflow/service';

export interface DashboardDeps {
  raw: RawDb;
  documents: DocumentsService;
  workflow: WorkflowService;
}

/** Monday–Sunday week, calendar month and calendar year around `today`. */
export function periodsAround(today: string): Array<Pick<PeriodCount, 'key' | 'label' | 'from' | 'to'>> {
  const monday = addDays(today, 1 - weekdayOf(today));
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const monthEnd = addDays(m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`, -1);
  return [
    { key: 'week', label: 'Tuần này', from: monday, to: addDays(monday, 6) },
    { key: 'month', label: `Tháng ${m}/${y}`, from: `${today.slice(0, 7)}-01`, to: monthEnd },
    { key: 'year', label: `Năm ${y}`, from: `${y}-01-01`, to: `${y}-12-31` },
  ];
}

/** The caller's open tasks and those of the units they head: the same sets as Việc cần xử lý (workflow.inbox). */
export function myWork(raw: RawDb, userId: number, headOf: number[], today: string): MyWork {
  const sel = `count(*) AS open, coalesce(sum(due_sort < @today), 0) AS overdue, coalesce(sum(due_date = @today), 0) AS dueToday,
    coalesce(sum(read_at IS NULL), 0) AS unread`;
  const p = { me: userId, today, units: JSON.stringify(headOf) };
  const a = raw.prepare(`SELECT ${sel} FROM tasks INDEXED BY tasks_user_inbox_idx WHERE user_id = @me AND open_flag = 1`).get(p) as MyWork;
  if (!headOf.length) return a;
  const b = raw.prepare(`SELECT ${sel} FROM tasks INDEXED BY tasks_unit_inbox_idx WHERE unit_id IN (SELECT value FROM json_each(@units)) AND open_flag = 1`).get(p) as MyWork;
  return { open: a.open + b.open, overdue: a.overdue + b.overdue, dueToday: a.dueToday + b.dueToday, unread: a.unread + b.unread };
}

export function computeDashboard(deps: DashboardDeps, me: Actor, opts: { today: string; follows: boolean }): Dashboard {
  const { today } = opts;
  const mine = myWork(deps.raw, me.userId, me.viewer.headOf, today);
  if (!opts.follows) return { asOf: today, mine, office: null };
  return { asOf: today, mine, office: officeFigures(deps, me, today) };
}

function officeFigures(deps: DashboardDeps, me: Actor, today: string): OfficeFigures {
  const v: Viewer = me.viewer;
  const count = (f: Parameters<DocumentsService['count']>[0]) => deps.documents.count(f, today, v);
  const periods: PeriodCount[] = periodsAround(today).map((p) => ({
    ...p,
    incoming: count({ direction: 'in', from: p.from, to: p.to }),
    outgoing: count({ direction: 'out', from: p.from, to: p.to }),
  }));
  // The same report the follow-up screen shows (Việc quá hạn): its numbers are the ones the link lands on.
  const overdue = deps.workflow.overdue(me, { limit: 1 });
  return {
    periods,
    incomingOverdue: count({ direction: 'in', overdue: true }),
    overdueTasks: overdue.total,
    backlogByUnit: overdue.byUnit.map((u) => ({ unitId: u.unitId, unitName: u.unitName, open: u.open, overdue: u.overdue })),
    overdueByPerson: overdue.byPerson
      .filter((p) => p.userId != null && p.overdue > 0)
      .slice(0, 20)
      .map((p) => ({ userId: p.userId as number, userName: p.userName, unitName: p.unitName, open: p.open, overdue: p.overdue })),
  };
}
