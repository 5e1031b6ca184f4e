// Báo cáo văn bản đi: documents issued in a period by type — signed, sent electronically (through the hub), asking
// for a reply, replies still outstanding and overdue. One GROUP BY over the issued documents of the period.
// Reads only.

import type { Report, ReportValue } from '../../src-shared/api/reports';
import { accessSql, type Viewer } from '../documents/access';
import type { RawDb } from '../db/open';
import { checkPeriod, instants, periodLabel, type Period } from './period';

/** Sent through the interconnection hub: some recipient from the agency directory has a delivery state. */
export const SENT_ELECTRONICALLY = `EXISTS (SELECT 1 FROM outgoing_recipients r WHERE r.document_id = d.id AND r.kind = 'agency' AND r.delivery != 'pending')`;
/** A reply asked for and no recipient has answered yet. */
const REPLY_OUTSTANDING = `(o.reply_requested = 1 AND NOT EXISTS (SELECT 1 FROM outgoing_recipients r WHERE r.document_id = d.id AND r.reply_document_id IS NOT NULL))`;

interface OutFigures {
  issued: number;
  signed: number;
  electronic: number;
  replyRequested: number;
  replyOutstanding: number;
  replyOverdue: number;
}

export function computeOutgoingHandling(raw: RawDb, p: Period, ctx: { today: string; viewer: Viewer }): Report {
  checkPeriod(p);
  const { start, end } = instants(p);
  const a = accessSql(ctx.viewer);
  const sums = `count(*) AS issued, coalesce(sum(o.signed), 0) AS signed, coalesce(sum(${SENT_ELECTRONICALLY}), 0) AS electronic,
    coalesce(sum(o.reply_requested), 0) AS replyRequested, coalesce(sum(${REPLY_OUTSTANDING}), 0) AS replyOutstanding,
    coalesce(sum(${REPLY_OUTSTANDING} AND o.reply_due_date < @today), 0) AS replyOverdue`;
  const byType = raw
    .prepare(
      `SELECT coalesce(d.type_name, '(Không rõ loại)') AS typeName, ${sums}
         FROM documents d JOIN outgoing_documents o ON o.document_id = d.id
        WHERE d.direction = 'out' AND d.status IN ('issued', 'recalled') AND d.arrival_at >= @start AND d.arrival_at < @end AND ${a.clause}
        GROUP BY 1 ORDER BY issued DESC, typeName`,
    )
    .all({ ...a.params, start, end, today: ctx.today }) as Array<OutFigures & { typeName: string }>;
  const total = byType.reduce<OutFigures>(
    (s, r) => ({
      issued: s.issued + r.issued,
      signed: s.signed + r.signed,
      electronic: s.electronic + r.electronic,
      replyRequested: s.replyRequested + r.replyRequested,
      replyOutstanding: s.replyOutstanding + r.replyOutstanding,
      replyOverdue: s.replyOverdue + r.replyOverdue,
    }),
    { issued: 0, signed: 0, electronic: 0, replyRequested: 0, replyOutstanding: 0, replyOverdue: 0 },
  );
  const row = (label: string, f: OutFigures): Record<string, ReportValue> => ({ label, ...f });
  return {
    kind: 'handlingOut',
    title: 'BÁO CÁO VĂN BẢN ĐI',
    subtitle: periodLabel(p),
    from: p.from,
    to: p.to,
    asOf: ctx.today,
    columns: [
      { key: 'label', label: 'Loại văn bản', width: 3 },
      { key: 'issued', label: 'Số văn bản ban hành', align: 'right', width: 1 },
      { key: 'signed', label: 'Có ký số', align: 'right', width: 1 },
      { key: 'electronic', label: 'Gửi điện tử (liên thông)', align: 'right', width: 1.2 },
      { key: 'replyRequested', label: 'Đề nghị trả lời', align: 'right', width: 1 },
      { key: 'replyOutstanding', label: 'Chưa được trả lời', align: 'right', width: 1 },
      { key: 'replyOverdue', label: 'Quá hạn trả lời', align: 'right', width: 1 },
    ],
    rows: [row('Tổng số', total), ...byType.map((r) => row(r.typeName, r))],
    chart: { kind: 'bar', labels: byType.map((r) => r.typeName), series: [{ label: 'Số văn bản ban hành', data: byType.map((r) => r.issued) }] },
    notes: [
      'Văn bản đi: văn bản đã cấp số, ban hành trong kỳ (kể cả văn bản sau đó bị thu hồi).',
      'Gửi điện tử: có ít nhất một nơi nhận được gửi qua trục liên thông.',
      'Chưa được trả lời: văn bản đề nghị trả lời mà chưa nơi nhận nào có văn bản trả lời; quá hạn trả lời: hạn trả lời trước ngày lập báo cáo.',
    ],
    landscape: true,
  };
}
