// The data of the two prints of standards §3.4, read from the routing tables: the Phiếu giải quyết văn bản đến of one
// document and the Sổ theo dõi giải quyết văn bản đến of a period. Drawing is reports/ (it never queries).

import type { HandlingSlipData, SlipDirection } from '../reports/incoming-handling-slip';
import type { TrackingBookData, TrackingRow } from '../reports/incoming-tracking-book';
import { addDays, formatVnDate, todayVn, vnInstant } from '../../src-shared/calendar/vn-time';
import { AppError } from '../../src-shared/errors';
import type { RawDb } from '../db/open';
import { accessSql, type Viewer } from '../documents/access';

const code = (n: string | null, notation: string | null) => (n ? `${n}${notation ? `/${notation}` : ''}` : notation);

export function createPrints(raw: RawDb) {
  function slipData(documentId: number, org: { name: string; parentName: string | null }, printedAt: number, printedBy: string): HandlingSlipData {
    const d = raw
      .prepare(
        `SELECT type_name AS typeName, code_number AS codeNumber, code_notation AS codeNotation, issued_date AS issuedDate, issuer_name AS issuerName, subject,
                arrival_number AS arrivalNumber, arrival_at AS arrivalAt, urgency, direction FROM documents WHERE id = ?`,
      )
      .get(documentId) as
      | {
          typeName: string | null;
          codeNumber: string | null;
          codeNotation: string | null;
          issuedDate: string | null;
          issuerName: string;
          subject: string;
          arrivalNumber: number | null;
          arrivalAt: number;
          urgency: number;
          direction: string;
        }
      | undefined;
    if (!d) throw new AppError('not_found', 'Không tìm thấy văn bản.');
    if (d.direction !== 'in') throw new AppError('invalid_state', 'Phiếu giải quyết chỉ in cho văn bản đến.');
    const directions = raw
      .prepare(
        `SELECT r.id, r.level, r.text, r.at, u.full_name AS byName, u.position AS byPosition FROM directions r JOIN users u ON u.id = r.by_id
          WHERE r.document_id = ? ORDER BY r.id`,
      )
      .all(documentId) as Array<{ id: number; level: 'office' | 'unit'; text: string | null; at: number; byName: string; byPosition: string | null }>;
    // What each directive gave, as it was given (a task later given to someone else still shows who it was first given to).
    const tasks = raw
      .prepare(
        `SELECT t.direction_id AS directionId, t.kind, coalesce(u.full_name, n.name) AS name, t.due_date AS dueDate, t.note FROM tasks t
           LEFT JOIN users u ON u.id = t.user_id LEFT JOIN units n ON n.id = t.unit_id
          WHERE t.document_id = ? AND t.direction_id IS NOT NULL AND t.kind IN ('lead', 'cooperate', 'info') ORDER BY t.id`,
      )
      .all(documentId) as Array<{ directionId: number; kind: 'lead' | 'cooperate' | 'info'; name: string; dueDate: string | null; note: string | null }>;
    const toSlip = (r: (typeof directions)[number]): SlipDirection => ({
      byName: r.byName,
      byPosition: r.byPosition,
      at: r.at,
      text: r.text,
      assignments: tasks.filter((t) => t.directionId === r.id).map((t) => ({ role: t.kind, name: t.name, dueDate: t.dueDate, note: t.note })),
    });
    // Part 3: the handlers' own proposals and results (progress notes, completions).
    const proposals = raw
      .prepare(
        `SELECT u.full_name AS byName, e.at, e.text FROM document_events e JOIN users u ON u.id = e.actor_id
          WHERE e.document_id = ? AND e.kind IN ('progress', 'completed') AND e.text IS NOT NULL ORDER BY e.id`,
      )
      .all(documentId) as Array<{ byName: string; at: number; text: string }>;
    return {
      orgName: org.name,
      parentOrgName: org.parentName,
      document: {
        typeName: d.typeName,
        code: code(d.codeNumber, d.codeNotation),
        issuedDate: d.issuedDate,
        issuerName: d.issuerName,
        subject: d.subject,
        arrivalNumber: d.arrivalNumber,
        arrivalAt: d.arrivalAt,
        urgency: d.urgency,
      },
      office: directions.filter((r) => r.level === 'office').map(toSlip),
      unit: directions.filter((r) => r.level === 'unit').map(toSlip),
      proposals,
      printedAt,
      printedBy,
    };
  }

  /** Incoming documents of the period that were directed (for a unit: led by it or by one of its people), the reader's own view. */
  function trackingData(
    input: { from: string; to: string; unitId?: number },
    v: Viewer,
    org: { name: string; parentName: string | null },
    today: string,
    printedAt: number,
    printedBy: string,
  ): TrackingBookData {
    const a = accessSql(v);
    const unitName = input.unitId != null ? ((raw.prepare('SELECT name FROM units WHERE id = ?').pluck().get(input.unitId) as string | undefined) ?? null) : null;
    if (input.unitId != null && unitName == null) throw new AppError('not_found', 'Không tìm thấy đơn vị.');
    const byUnit =
      input.unitId != null
        ? ` AND EXISTS (SELECT 1 FROM tasks t LEFT JOIN users u ON u.id = t.user_id WHERE t.document_id = d.id AND t.kind = 'lead' AND t.status != 'cancelled'
              AND coalesce(t.unit_id, u.unit_id) = @unit)`
        : '';
    const rows = raw
      .prepare(
        `SELECT d.id, d.arrival_number AS arrivalNumber, d.type_name AS typeName, d.code_number AS codeNumber, d.code_notation AS codeNotation, d.issued_date AS issuedDate,
                d.issuer_name AS issuerName, d.subject, d.recipient, d.handling_due_date AS dueDate, d.handling_status AS handlingStatus, d.notes,
                (SELECT max(t.completed_at) FROM tasks t WHERE t.document_id = d.id AND t.kind = 'lead' AND t.status = 'done') AS doneAt,
                (SELECT r.code_number || coalesce('/' || r.code_notation, '') FROM tasks t JOIN documents r ON r.id = t.reply_document_id
                  WHERE t.document_id = d.id AND t.reply_document_id IS NOT NULL ORDER BY t.id DESC LIMIT 1) AS replyCode
           FROM documents d
          WHERE d.direction = 'in' AND d.status = 'registered' AND d.arrival_at >= @from AND d.arrival_at < @to
            AND EXISTS (SELECT 1 FROM directions r WHERE r.document_id = d.id AND r.level = 'office')${byUnit} AND ${a.clause}
          ORDER BY d.arrival_at, d.arrival_number`,
      )
      .all({ ...a.params, from: vnInstant(input.from, '00:00'), to: vnInstant(addDays(input.to, 1), '00:00'), unit: input.unitId ?? null }) as Array<
      Omit<TrackingRow, 'code' | 'recipients' | 'progress'> & {
        codeNumber: string | null;
        codeNotation: string | null;
        recipient: string | null;
        handlingStatus: string;
        doneAt: number | null;
      }
    >;
    return {
      orgName: org.name,
      parentOrgName: org.parentName,
      from: input.from,
      to: input.to,
      unitName,
      rows: rows.map((r) => ({
        arrivalNumber: r.arrivalNumber,
        typeName: r.typeName,
        code: code(r.codeNumber, r.codeNotation),
        issuedDate: r.issuedDate,
        issuerName: r.issuerName,
        subject: r.subject,
        recipients: r.recipient ?? '',
        dueDate: r.dueDate,
        progress:
          r.handlingStatus === 'done'
            ? `Đã giải quyết${r.doneAt ? ` ${formatVnDate(todayVn(r.doneAt))}` : ''}`
            : r.dueDate != null && r.dueDate < today
              ? 'Quá hạn, đang giải quyết'
              : 'Đang giải quyết',
        replyCode: r.replyCode,
        notes: r.notes,
      })),
      printedAt,
      printedBy,
    };
  }

  return { slipData, trackingData };
}

export type PrintsService = ReturnType<typeof createPrints>;
