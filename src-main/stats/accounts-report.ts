// Báo cáo hoạt động sử dụng tài khoản (QN Mẫu 04, "1. Tình hình sử dụng"): accounts issued, issued in the period,
// changed, locked, suspended, revoked, not used in the period, and the account requests received. From the users
// table, the audit log (the actions that changed accounts, successful sign-ins) and account_requests. Reads only.

import type { Report, ReportValue } from '../../src-shared/api/reports';
import type { RawDb } from '../db/open';
import { checkPeriod, instants, periodLabel, type Period } from './period';

const KIND_LABELS = { new: 'cấp mới tài khoản', change: 'thay đổi thông tin, quyền', revoke: 'thu hồi tài khoản' } as const;

export function computeAccounts(raw: RawDb, p: Period, ctx: { today: string }): Report {
  checkPeriod(p);
  const { start, end } = instants(p);
  const params = { start, end };
  const one = (sql: string) => (raw.prepare(sql).pluck().get(params) as number | null) ?? 0;
  /** Distinct accounts named by audit rows of these actions in the period (the audit target is the user id). */
  const audited = (actions: string[]) =>
    `SELECT CAST(target_id AS INTEGER) AS id FROM audit_log WHERE action IN (${actions.map((a) => `'${a}'`).join(', ')}) AND outcome = 'ok'
        AND target_type = 'user' AND at >= @start AND at < @end`;
  const heldAtEnd = `created_at < @end AND (revoked_at IS NULL OR revoked_at >= @end)`;
  const total = one(`SELECT count(*) FROM users WHERE ${heldAtEnd}`);
  const created = one('SELECT count(*) FROM users WHERE created_at >= @start AND created_at < @end');
  const changed = one(`SELECT count(*) FROM (${audited(['users.update', 'users.resetPassword'])} UNION SELECT user_id FROM account_requests
      WHERE kind = 'change' AND status = 'done' AND done_at >= @start AND done_at < @end AND user_id IS NOT NULL)`);
  const disabled = one(`SELECT count(*) FROM (${audited(['users.disable'])})`);
  const suspended = one(`SELECT count(*) FROM (${audited(['users.suspend'])} UNION SELECT id FROM users WHERE suspended_at >= @start AND suspended_at < @end)`);
  const revoked = one(`SELECT count(*) FROM (${audited(['users.revoke'])} UNION SELECT id FROM users WHERE revoked_at >= @start AND revoked_at < @end)`);
  // Held during the whole period's end and never signed in during it (a successful auth.login names its account).
  const unused = one(`SELECT count(*) FROM users u WHERE ${heldAtEnd.replace(/created_at|revoked_at/g, (c) => `u.${c}`)}
      AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'auth.login' AND a.outcome = 'ok' AND a.target_type = 'user'
                        AND a.target_id = CAST(u.id AS TEXT) AND a.at >= @start AND a.at < @end)`);
  const requests = raw
    .prepare(
      `SELECT kind, count(*) AS n, coalesce(sum(status = 'done'), 0) AS done, coalesce(sum(status = 'rejected'), 0) AS rejected,
              coalesce(sum(status IN ('pending', 'approved')), 0) AS waiting
         FROM account_requests WHERE requested_on >= @from AND requested_on <= @to GROUP BY kind`,
    )
    .all({ from: p.from, to: p.to }) as Array<{ kind: keyof typeof KIND_LABELS; n: number; done: number; rejected: number; waiting: number }>;

  const rows: Array<Record<string, ReportValue>> = [];
  const add = (label: string, count: number, note: string | null = null) => rows.push({ no: rows.length + 1, label, count, note });
  add('Tổng số tài khoản đã cấp (còn hiệu lực đến cuối kỳ)', total);
  add('Tài khoản cấp mới trong kỳ', created);
  add('Tài khoản thay đổi thông tin, quyền, cấp lại mật khẩu', changed);
  add('Tài khoản bị khóa (vô hiệu hóa)', disabled);
  add('Tài khoản bị tạm ngừng', suspended);
  add('Tài khoản bị thu hồi', revoked);
  add('Tài khoản không đăng nhập trong kỳ', unused);
  for (const kind of Object.keys(KIND_LABELS) as Array<keyof typeof KIND_LABELS>) {
    const r = requests.find((x) => x.kind === kind);
    add(`Đề nghị ${KIND_LABELS[kind]} nhận trong kỳ`, r?.n ?? 0, r ? `Đã thực hiện ${r.done}, từ chối ${r.rejected}, đang xử lý ${r.waiting}` : null);
  }
  const chartRows = rows.slice(1, 7);
  return {
    kind: 'accounts',
    title: 'BÁO CÁO HOẠT ĐỘNG SỬ DỤNG TÀI KHOẢN PHẦN MỀM QUẢN LÝ VĂN BẢN',
    subtitle: periodLabel(p),
    from: p.from,
    to: p.to,
    asOf: ctx.today,
    columns: [
      { key: 'no', label: 'STT', align: 'center', width: 0.5 },
      { key: 'label', label: 'Nội dung', width: 5 },
      { key: 'count', label: 'Số lượng', align: 'right', width: 1 },
      { key: 'note', label: 'Ghi chú', width: 3 },
    ],
    rows,
    chart: { kind: 'bar', labels: chartRows.map((r) => String(r.label)), series: [{ label: 'Số tài khoản', data: chartRows.map((r) => Number(r.count)) }] },
    notes: [
      'Theo Mẫu 04 Quy chế quản lý, vận hành phần mềm Quản lý văn bản: tổng số tài khoản được cấp, tài khoản không đăng nhập, biến động (thêm mới, thay đổi, thu hồi).',
      'Không đăng nhập trong kỳ: tài khoản còn hiệu lực đến cuối kỳ mà không có lần đăng nhập thành công nào trong kỳ (theo nhật ký hệ thống).',
    ],
    landscape: false,
  };
}
