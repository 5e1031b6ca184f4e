// The dashboard (Tổng quan) and the reports (báo cáo giải quyết văn bản đến/đi, thống kê gửi nhận điện tử, Mẫu 04
// tài khoản): one generic report shape that the screen, the XLSX and the PDF all draw from the same figures.
// Declarations only: the figures are computed in src-main/stats/.

import { z } from 'zod';
import { isoDate, method, type BinaryOut } from './define';

// ---- the generic report ----------------------------------------------------------------------------------------

export type ReportValue = string | number | null;

export interface ReportColumn {
  key: string;
  label: string;
  /** Numbers are right-aligned. */
  align?: 'left' | 'center' | 'right';
  /** Relative width in the PDF. */
  width?: number;
}

export interface ReportChart {
  kind: 'bar' | 'line' | 'doughnut';
  labels: string[];
  series: Array<{ label: string; data: number[] }>;
  /** Bars stacked (parts of one whole). */
  stacked?: boolean;
}

/** A report as computed once per request: the table, its chart, and how it prints. */
export interface Report {
  kind: ReportKind;
  title: string;
  /** "Từ ngày … đến ngày …". */
  subtitle: string;
  from: string;
  to: string;
  /** Today (Vietnam) when computed: "quá hạn" is counted against it. */
  asOf: string;
  columns: ReportColumn[];
  rows: Array<Record<string, ReportValue>>;
  chart: ReportChart | null;
  /** Definitions printed under the table (what "đúng hạn", "điện tử" … mean here). */
  notes: string[];
  landscape: boolean;
}

export const REPORT_KINDS = {
  handlingIn: 'Báo cáo giải quyết văn bản đến',
  handlingOut: 'Báo cáo văn bản đi',
  exchange: 'Thống kê gửi, nhận văn bản điện tử',
  accounts: 'Báo cáo hoạt động sử dụng tài khoản (Mẫu 04)',
} as const;
export type ReportKind = keyof typeof REPORT_KINDS;

/** The longest period a report may cover. */
export const REPORT_MAX_YEARS = 10;

/** A period of calendar dates; from ≤ to and at most REPORT_MAX_YEARS long are checked by the core (invalid_period). */
export const period = z.object({ from: isoDate, to: isoDate });

const exchangeInput = period.extend({ groupBy: z.enum(['month', 'half', 'year']).default('month') });
const format = z.enum(['xlsx', 'pdf']);

// ---- the dashboard ---------------------------------------------------------------------------------------------

export interface MyWork {
  /** Open tasks of the caller and of the units they head (as Việc cần xử lý lists them). */
  open: number;
  dueToday: number;
  overdue: number;
  /** Not yet opened by the assignee. */
  unread: number;
}

export interface PeriodCount {
  key: 'week' | 'month' | 'year';
  label: string;
  from: string;
  to: string;
  /** Văn bản đến vào sổ (and voided: as the register list shows them) with ngày đến in the period. */
  incoming: number;
  /** Văn bản đi ban hành (and recalled) in the period. */
  outgoing: number;
}

export interface UnitBacklog {
  unitId: number | null;
  unitName: string | null;
  open: number;
  overdue: number;
}

export interface PersonOverdue {
  userId: number;
  userName: string | null;
  unitName: string | null;
  open: number;
  overdue: number;
}

export interface OfficeFigures {
  periods: PeriodCount[];
  /** Incoming documents past their handling deadline and not done (the register's "Quá hạn" filter). */
  incomingOverdue: number;
  /** Open tasks past their deadline, office-wide (Việc quá hạn). */
  overdueTasks: number;
  backlogByUnit: UnitBacklog[];
  overdueByPerson: PersonOverdue[];
}

export interface Dashboard {
  asOf: string;
  mine: MyWork;
  /** Office-wide figures: only for those who follow the office's work (workflow.follow). */
  office: OfficeFigures | null;
}

// ---- methods ---------------------------------------------------------------------------------------------------

export const reportsApi = {
  'reports.dashboard': method<Dashboard>()({
    input: z.object({}).optional().default({}),
    access: 'session',
    permission: null,
    mutates: false,
    summary: 'Tổng quan: việc của tôi; với lãnh đạo, văn thư: số văn bản, tồn đọng, quá hạn của cơ quan.',
  }),
  'reports.handling': method<Report>()({
    input: period.extend({ direction: z.enum(['in', 'out']) }),
    access: 'session',
    permission: 'workflow.follow',
    mutates: false,
    summary: 'Báo cáo giải quyết văn bản đến, văn bản đi trong kỳ.',
  }),
  'reports.exchange': method<Report>()({
    input: exchangeInput,
    access: 'session',
    permission: 'workflow.follow',
    mutates: false,
    summary: 'Thống kê văn bản gửi, nhận điện tử và giấy theo tháng, 6 tháng, năm.',
  }),
  'reports.accounts': method<Report>()({
    input: period,
    access: 'session',
    permission: 'users.manage',
    mutates: false,
    summary: 'Báo cáo hoạt động sử dụng tài khoản (Mẫu 04).',
  }),
  'reports.handlingExport': method<BinaryOut>()({
    input: period.extend({ direction: z.enum(['in', 'out']), format }),
    access: 'session',
    permission: 'workflow.follow',
    mutates: true,
    binary: 'output',
    summary: 'Xuất báo cáo giải quyết văn bản (XLSX, PDF).',
  }),
  'reports.exchangeExport': method<BinaryOut>()({
    input: exchangeInput.extend({ format }),
    access: 'session',
    permission: 'workflow.follow',
    mutates: true,
    binary: 'output',
    summary: 'Xuất thống kê gửi, nhận văn bản điện tử (XLSX, PDF).',
  }),
  'reports.accountsExport': method<BinaryOut>()({
    input: period.extend({ format }),
    access: 'session',
    permission: 'users.manage',
    mutates: true,
    binary: 'output',
    summary: 'Xuất báo cáo tài khoản Mẫu 04 (XLSX, PDF).',
  }),
} as const;
