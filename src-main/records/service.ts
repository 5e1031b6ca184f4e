// Records and archive (hồ sơ, lưu trữ): the retention table, the yearly Danh mục hồ sơ and its codes, files and their
// items with DocOrdinal, closing checks, per-file access with approval, transfer to the office archive, disposal.
// Synchronous and transactional only: the caller (handlers.ts) wraps each change in ctx.write; PDFs, the export
// package and the removal of bytes happen outside, after the commit. NĐ 30/2020 Đ28–31, Phụ lục V–VI.

import type {
  CloseProblem,
  DisposalDto,
  FileAccessDto,
  FileHistoryDto,
  FileItemDto,
  FileListResult,
  FilePlanDto,
  FilePlanHeadingDto,
  FilePlanLineDto,
  FileRights,
  FileStatsRow,
  RecordFileDetailDto,
  RecordFileDto,
  RetentionDto,
  RetentionKind,
  TransferDto,
} from '../../src-shared/api/records';
import { formatCode } from '../../src-shared/documents';
import { AppError } from '../../src-shared/errors';
import type { Permission } from '../../src-shared/permissions';
import { fold } from '../../src-shared/vn/text';
import type { Statement } from 'better-sqlite3';
import type { RawDb } from '../db/open';
import type { Viewer } from '../documents/access';

/** Who is acting: the access rule's viewer plus the permissions that widen what they may do with files. */
export interface RecordsActor {
  userId: number;
  viewer: Viewer;
  permissions: ReadonlySet<Permission>;
}

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];
export function roman(n: number): string {
  if (n <= 10) return ROMAN[n - 1];
  const tens = ['', 'X', 'XX', 'XXX', 'XL', 'L', 'LX', 'LXX', 'LXXX', 'XC'];
  const hundreds = ['', 'C', 'CC', 'CCC', 'CD', 'D', 'DC', 'DCC', 'DCCC', 'CM'];
  const ones = ['', 'I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX'];
  return hundreds[Math.floor(n / 100) % 10] + tens[Math.floor(n / 10) % 10] + ones[n % 10];
}

/** "01.TCCB": at least two digits, then the heading's abbreviation. */
export const fileCodeOf = (n: number, abbr: string) => `${String(n).padStart(2, '0')}.${abbr}`;

/** Mã hồ sơ (Phụ lục VI): OrganId.FileCatalog.FileNotation; without an OrganId, just year and notation. */
export const fullFileCode = (organId: string | null, year: number, code: string) => [organId, String(year), code].filter(Boolean).join('.');

/** Files with these retentions must go to the office archive (NĐ 30 Đ31: retention ≥ 5 years). */
export function mustTransfer(kind: RetentionKind, years: number | null): boolean {
  return kind !== 'years' || (years ?? 0) >= 5;
}

/** 1 year after the job ended (NĐ 30 Đ31.1.b). */
export function transferDue(endDate: string): string {
  const [y, m, d] = endDate.split('-').map(Number);
  // 29 February + 1 year → 28 February.
  const last = new Date(Date.UTC(y + 1, m, 0)).getUTCDate();
  return `${y + 1}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The last calendar year a file must be kept: counted from the year the work ended (TT 10/2022). */
export function expiresAfterYear(kind: RetentionKind, years: number | null, endDate: string | null): number | null {
  if (kind !== 'years' || years == null || !endDate) return null;
  return Number(endDate.slice(0, 4)) + years;
}

interface FileRow {
  id: number;
  year: number;
  code: string;
  title: string;
  retentionId: number;
  retentionLabel: string;
  retentionKind: RetentionKind;
  retentionYears: number | null;
  ownerId: number;
  ownerName: string;
  unitId: number | null;
  unitName: string | null;
  planLineId: number | null;
  startDate: string;
  endDate: string | null;
  language: string;
  description: string | null;
  rights: FileRights;
  pendingRights: FileRights | null;
  state: RecordFileDto['state'];
  docTotal: number;
  pageTotal: number;
  closedAt: number | null;
  transferDueDate: string | null;
  transferredAt: number | null;
  disposedAt: number | null;
  disposalId: number | null;
  transferId: number | null;
  updatedAt: number;
}

const FILE_COLUMNS = `f.id, f.year, f.code, f.title, f.retention_id AS retentionId, f.retention_label AS retentionLabel,
  f.retention_kind AS retentionKind, f.retention_years AS retentionYears, f.owner_id AS ownerId, ou.full_name AS ownerName,
  f.unit_id AS unitId, un.name AS unitName, f.plan_line_id AS planLineId, f.start_date AS startDate, f.end_date AS endDate,
  f.language, f.description, f.rights, f.pending_rights AS pendingRights, f.state, f.doc_total AS docTotal,
  f.page_total AS pageTotal, f.closed_at AS closedAt, f.transfer_due_date AS transferDueDate,
  f.transferred_at AS transferredAt, f.disposed_at AS disposedAt, f.disposal_id AS disposalId, f.transfer_id AS transferId,
  f.updated_at AS updatedAt`;
const FILE_FROM = `record_files f JOIN users ou ON ou.id = f.owner_id LEFT JOIN units un ON un.id = f.unit_id`;

/** Documents given to the viewer through files: theirs, or granted to them or their unit (documents/access.ts reads this). */
export const FILE_LINKED_DOCUMENTS = `SELECT i.document_id FROM record_file_items i JOIN record_files f ON f.id = i.file_id WHERE f.owner_id = @vUser AND i.document_id IS NOT NULL
  UNION SELECT i.document_id FROM record_file_items i JOIN record_file_access g ON g.file_id = i.file_id
   WHERE g.state = 'active' AND (g.user_id = @vUser OR g.unit_id = @vUnit) AND i.document_id IS NOT NULL`;

export function createRecords(o: { raw: RawDb; now: () => number; organId: () => string | null }) {
  const { raw, now } = o;
  const stmts = new Map<string, Statement<unknown[]>>();
  const stmt = (sql: string) => {
    let s = stmts.get(sql);
    if (!s) stmts.set(sql, (s = raw.prepare<unknown[]>(sql)));
    return s;
  };

  // ---- retention -----------------------------------------------------------------------------------------------

  const RETENTION_SELECT = 'SELECT id, label, kind, years, note, sort_order AS sortOrder, active, builtin FROM retention_codes';
  const toRetention = (r: Record<string, unknown>): RetentionDto => ({ ...(r as unknown as RetentionDto), active: !!r.active, builtin: !!r.builtin });

  function retention(id: number): RetentionDto {
    const r = stmt(`${RETENTION_SELECT} WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
    if (!r) throw new AppError('invalid_input', undefined, { fields: [{ path: 'retentionId', message: 'Không có thời hạn bảo quản này.' }] });
    return toRetention(r);
  }

  function activeRetention(id: number, path = 'retentionId'): RetentionDto {
    const r = retention(id);
    if (!r.active) throw new AppError('invalid_input', undefined, { fields: [{ path, message: `Thời hạn "${r.label}" đã ngừng sử dụng.` }] });
    return r;
  }

  // ---- who may see and change a file ---------------------------------------------------------------------------

  /** A SQL condition on record_files `f` for the actor, with its parameters. */
  function visibleSql(a: RecordsActor): { clause: string; params: Record<string, unknown> } {
    const params = { fUser: a.userId, fUnit: a.viewer.unitId ?? null, fHeads: JSON.stringify(a.viewer.headOf) };
    // The archive keeps every file; the head who decides who may use a restricted file sees the list of them (their
    // documents stay behind the documents' own access rules: a file shows only number and date of what he can't read).
    if (a.permissions.has('records.archive') || a.permissions.has('fileplan.approve')) return { clause: '1 = 1', params };
    const granted = `EXISTS (SELECT 1 FROM record_file_access g WHERE g.file_id = f.id AND g.state = 'active' AND (g.user_id = @fUser OR g.unit_id = @fUnit))`;
    const headed = `f.unit_id IN (SELECT value FROM json_each(@fHeads))`;
    const open = a.viewer.wide ? `f.rights = 'open'` : `(f.rights = 'open' AND ${headed})`;
    return { clause: `(f.owner_id = @fUser OR ${granted} OR ${open})`, params };
  }

  function fileRow(id: number, a: RecordsActor): FileRow {
    const v = visibleSql(a);
    const r = stmt(`SELECT ${FILE_COLUMNS} FROM ${FILE_FROM} WHERE f.id = @id AND ${v.clause}`).get({ ...v.params, id }) as FileRow | undefined;
    if (!r) throw new AppError('not_found', 'Không tìm thấy hồ sơ.');
    return r;
  }

  const isArchivist = (a: RecordsActor) => a.permissions.has('records.archive');

  /** Open files: their keeper or the archive; closed ones: the archive only; archived and disposed: nobody (frozen). */
  function canEdit(f: FileRow, a: RecordsActor): boolean {
    if (f.state === 'open') return f.ownerId === a.userId || isArchivist(a);
    if (f.state === 'closed') return isArchivist(a);
    return false;
  }

  function mustEdit(f: FileRow, a: RecordsActor): void {
    if (canEdit(f, a)) return;
    if (f.state === 'archived') throw new AppError('file_closed', 'Hồ sơ đã nộp lưu vào Lưu trữ cơ quan: không thêm, bớt, sửa được.');
    if (f.state === 'disposed') throw new AppError('file_closed', 'Hồ sơ đã tiêu hủy: chỉ còn thông tin mô tả.');
    if (f.state === 'closed') throw new AppError('file_closed');
    throw new AppError('forbidden', 'Chỉ người lập hồ sơ (hoặc bộ phận lưu trữ) được thay đổi hồ sơ này.');
  }

  function toDto(f: FileRow, a: RecordsActor): RecordFileDto {
    const exp = f.state === 'open' ? null : expiresAfterYear(f.retentionKind, f.retentionYears, f.endDate);
    return {
      id: f.id,
      year: f.year,
      code: f.code,
      fileCode: fullFileCode(o.organId(), f.year, f.code),
      title: f.title,
      retentionId: f.retentionId,
      retentionLabel: f.retentionLabel,
      retentionKind: f.retentionKind,
      retentionYears: f.retentionYears,
      ownerId: f.ownerId,
      ownerName: f.ownerName,
      unitName: f.unitName,
      planLineId: f.planLineId,
      startDate: f.startDate,
      endDate: f.endDate,
      language: f.language,
      description: f.description,
      rights: f.rights,
      state: f.state,
      docTotal: f.docTotal,
      pageTotal: f.pageTotal,
      closedAt: f.closedAt,
      transferDueDate: f.transferDueDate,
      transferredAt: f.transferredAt,
      disposedAt: f.disposedAt,
      expiresAfterYear: exp,
      canEdit: canEdit(f, a),
      updatedAt: f.updatedAt,
    };
  }

  // ---- items ---------------------------------------------------------------------------------------------------

  interface ItemRow {
    id: number;
    ordinal: number;
    documentId: number | null;
    direction: 'in' | 'out' | null;
    status: string | null;
    codeNumber: string | null;
    codeNotation: string | null;
    issuedDate: string | null;
    typeName: string | null;
    subject: string | null;
    issuerName: string | null;
    pageCount: number | null;
    blobHash: string | null;
    fileName: string | null;
    addedAt: number;
    addedBy: string | null;
    restricted: number | null;
  }

  const ITEM_SELECT = `SELECT i.id, i.ordinal, i.document_id AS documentId, d.direction, d.status,
      coalesce(d.code_number, i.code_number) AS codeNumber, coalesce(d.code_notation, i.code_notation) AS codeNotation,
      coalesce(d.issued_date, i.issued_date) AS issuedDate, coalesce(d.type_name, i.type_name) AS typeName,
      coalesce(d.subject, i.subject) AS subject, coalesce(d.issuer_name, i.issuer_name) AS issuerName,
      coalesce(d.page_count, i.page_count) AS pageCount, i.blob_hash AS blobHash, i.file_name AS fileName,
      i.added_at AS addedAt, u.full_name AS addedBy, d.restricted
    FROM record_file_items i LEFT JOIN documents d ON d.id = i.document_id LEFT JOIN users u ON u.id = i.added_by`;

  function warningOf(r: { direction: string | null; status: string | null }): string | null {
    if (r.direction === 'in') {
      if (r.status === 'voided') return 'Văn bản đã bị hủy số.';
      if (r.status === 'refused') return 'Văn bản đã bị từ chối, không vào sổ.';
      if (r.status === 'pending') return 'Văn bản chưa vào sổ.';
    }
    if (r.direction === 'out') {
      if (r.status === 'recalled') return 'Văn bản đã bị thu hồi.';
      if (r.status === 'draft' || r.status === 'review' || r.status === 'approved') return 'Dự thảo chưa ban hành.';
    }
    return null;
  }

  /** The file's items in order, or just one of them. */
  function items(fileId: number, a: RecordsActor, state: RecordFileDto['state'], only?: number): FileItemDto[] {
    const rows = (
      only == null ? stmt(`${ITEM_SELECT} WHERE i.file_id = ? ORDER BY i.ordinal`).all(fileId) : stmt(`${ITEM_SELECT} WHERE i.file_id = ? AND i.id = ?`).all(fileId, only)
    ) as ItemRow[];
    const docIds = rows.filter((r) => r.documentId != null).map((r) => r.documentId!);
    const visible = docIds.length ? visibleDocs(a.viewer, docIds) : new Set<number>();
    return rows.map((r) => {
      const seen = r.documentId == null || visible.has(r.documentId);
      return {
        id: r.id,
        ordinal: r.ordinal,
        kind: r.direction ?? 'other',
        documentId: r.documentId,
        code: formatCode(r.codeNumber, r.codeNotation) || null,
        issuedDate: r.issuedDate,
        typeName: seen ? r.typeName : null,
        subject: seen ? (r.subject ?? '') : '(Văn bản hạn chế)',
        issuerName: seen ? r.issuerName : null,
        pageCount: r.pageCount,
        blobHash: seen ? r.blobHash : null,
        fileName: seen ? r.fileName : null,
        addedAt: r.addedAt,
        addedBy: r.addedBy,
        warning: warningOf(r),
        visible: seen,
        disposed: state === 'disposed',
      };
    });
  }

  let visibleDocs: (v: Viewer, ids: number[]) => Set<number> = () => new Set();

  /**
   * A new item's DocOrdinal without renumbering the file: ordinals always follow (sort_date, id) and a new item has
   * the highest id, so it goes after every item of its date and shifts only the later ones (none when filed in order).
   */
  function placeNew(fileId: number, itemId: number, sortDate: string): void {
    const before = stmt(`SELECT count(*) FROM record_file_items WHERE file_id = @fileId AND id != @itemId AND (sort_date < @d OR (sort_date = @d AND id < @itemId))`)
      .pluck()
      .get({ fileId, itemId, d: sortDate }) as number;
    stmt('UPDATE record_file_items SET ordinal = ordinal + 1 WHERE file_id = @fileId AND ordinal > @before AND id != @itemId').run({ fileId, itemId, before });
    stmt('UPDATE record_file_items SET ordinal = ? WHERE id = ?').run(before + 1, itemId);
    totals(fileId);
  }

  function totals(fileId: number): void {
    stmt(
      `UPDATE record_files SET doc_total = (SELECT count(*) FROM record_file_items WHERE file_id = @fileId),
         page_total = (SELECT coalesce(sum(coalesce(d.page_count, i.page_count, 0)), 0) FROM record_file_items i LEFT JOIN documents d ON d.id = i.document_id WHERE i.file_id = @fileId),
         updated_at = @at WHERE id = @fileId`,
    ).run({ fileId, at: now() });
  }

  /** DocOrdinal: chronological (the document's date, then the order added). Rewrites only rows whose number moves. */
  function renumber(fileId: number): void {
    stmt(
      `UPDATE record_file_items SET ordinal = r.rn
         FROM (SELECT id, row_number() OVER (ORDER BY sort_date, id) AS rn FROM record_file_items WHERE file_id = @fileId) r
        WHERE record_file_items.id = r.id AND record_file_items.ordinal != r.rn`,
    ).run({ fileId });
    totals(fileId);
  }

  /** "Lưu hồ sơ số" on the document: the code of the first file it was put in that still holds it. */
  function refreshDocumentFileCode(documentId: number): void {
    stmt(
      `UPDATE documents SET file_code = (SELECT f.code FROM record_file_items i JOIN record_files f ON f.id = i.file_id
          WHERE i.document_id = @id ORDER BY i.id LIMIT 1) WHERE id = @id`,
    ).run({ id: documentId });
  }

  function history(fileId: number): FileHistoryDto[] {
    const rows = stmt(
      `SELECT l.at, coalesce(u.full_name, l.actor_name) AS actor, l.action, l.details FROM audit_log l LEFT JOIN users u ON u.id = l.actor_id
        WHERE l.target_type = 'record_file' AND l.target_id = ? AND l.outcome = 'ok' ORDER BY l.id DESC LIMIT 200`,
    ).all(String(fileId)) as Array<{ at: number; actor: string | null; action: string; details: string | null }>;
    return rows.map((r) => {
      let label: unknown;
      try {
        label = r.details ? (JSON.parse(r.details) as { label?: unknown }).label : null;
      } catch {
        label = null;
      }
      const text = HISTORY_TEXT[r.action] ?? r.action;
      return { at: r.at, actor: r.actor, action: r.action, text: typeof label === 'string' && label ? `${text}: ${label}` : text };
    });
  }

  /** How the history names an item: its number and date (never the subject, which a restricted document hides). */
  function itemLabel(itemId: number): string | null {
    const r = stmt(
      `SELECT coalesce(d.code_number, i.code_number) AS n, coalesce(d.code_notation, i.code_notation) AS k, coalesce(d.issued_date, i.issued_date) AS day,
              i.file_name AS fileName, i.ordinal FROM record_file_items i LEFT JOIN documents d ON d.id = i.document_id WHERE i.id = ?`,
    ).get(itemId) as { n: string | null; k: string | null; day: string | null; fileName: string | null; ordinal: number } | undefined;
    if (!r) return null;
    const code = formatCode(r.n, r.k) || r.fileName || 'không số';
    const day = r.day ? ` ngày ${r.day.slice(8, 10)}/${r.day.slice(5, 7)}/${r.day.slice(0, 4)}` : '';
    return `số ${r.ordinal} trong hồ sơ, ${code}${day}`;
  }

  function accessList(fileId: number): FileAccessDto[] {
    return stmt(
      `SELECT g.id, g.user_id AS userId, u.full_name AS userName, g.unit_id AS unitId, n.name AS unitName, g.state,
              r.full_name AS requestedBy, g.requested_at AS requestedAt, d.full_name AS decidedBy, g.decided_at AS decidedAt
         FROM record_file_access g LEFT JOIN users u ON u.id = g.user_id LEFT JOIN units n ON n.id = g.unit_id
         LEFT JOIN users r ON r.id = g.requested_by LEFT JOIN users d ON d.id = g.decided_by
        WHERE g.file_id = ? AND g.state != 'revoked' ORDER BY g.id`,
    ).all(fileId) as FileAccessDto[];
  }

  // ---- the Danh mục hồ sơ ----------------------------------------------------------------------------------------

  interface PlanRow {
    id: number;
    year: number;
    status: FilePlanDto['status'];
    grouping: FilePlanDto['grouping'];
    numbering: FilePlanDto['numbering'];
    version: number;
    approvedAt: number | null;
    approvedBy: string | null;
    issuedAt: number | null;
    issuedBy: string | null;
    updatedAt: number;
  }

  function planRow(year: number): PlanRow | undefined {
    return stmt(
      `SELECT p.id, p.year, p.status, p.grouping, p.numbering, p.version, p.approved_at AS approvedAt, a.full_name AS approvedBy,
              p.issued_at AS issuedAt, i.full_name AS issuedBy, p.updated_at AS updatedAt
         FROM file_plans p LEFT JOIN users a ON a.id = p.approved_by LEFT JOIN users i ON i.id = p.issued_by WHERE p.year = ?`,
    ).get(year) as PlanRow | undefined;
  }

  function getPlan(year: number): FilePlanDto {
    const p = planRow(year);
    if (!p) {
      return {
        id: null,
        year,
        status: 'draft',
        grouping: 'unit',
        numbering: 'continuous',
        headings: [],
        approvedAt: null,
        approvedBy: null,
        issuedAt: null,
        issuedBy: null,
        updatedAt: null,
        version: 0,
        counts: { total: 0, permanent: 0, limited: 0 },
      };
    }
    const heads = stmt('SELECT id, parent_id AS parentId, abbr, title, unit_id AS unitId FROM file_plan_headings WHERE plan_id = ? ORDER BY position').all(p.id) as Array<{
      id: number;
      parentId: number | null;
      abbr: string | null;
      title: string;
      unitId: number | null;
    }>;
    const lines = stmt(
      `SELECT l.id, l.heading_id AS headingId, l.number, l.code, l.title, l.retention_id AS retentionId, r.label AS retentionLabel, r.kind AS retentionKind,
              l.keeper_user_id AS keeperUserId, coalesce(l.keeper, ku.full_name) AS keeper, l.notes,
              (SELECT count(*) FROM record_files f WHERE f.plan_line_id = l.id) AS fileCount
         FROM file_plan_lines l JOIN retention_codes r ON r.id = l.retention_id LEFT JOIN users ku ON ku.id = l.keeper_user_id
        WHERE l.plan_id = ? ORDER BY l.position`,
    ).all(p.id) as Array<FilePlanLineDto & { headingId: number; retentionKind: RetentionKind }>;
    const byHeading = new Map<number, FilePlanLineDto[]>();
    const counts = { total: 0, permanent: 0, limited: 0 };
    for (const { headingId, retentionKind, ...l } of lines) {
      if (!byHeading.has(headingId)) byHeading.set(headingId, []);
      byHeading.get(headingId)!.push(l);
      counts.total++;
      if (retentionKind === 'permanent') counts.permanent++;
      else counts.limited++;
    }
    const top = heads.filter((h) => h.parentId == null);
    const headings: FilePlanHeadingDto[] = top.map((h, i) => ({
      id: h.id,
      numeral: roman(i + 1),
      abbr: h.abbr,
      title: h.title,
      unitId: h.unitId,
      lines: byHeading.get(h.id) ?? [],
      children: heads
        .filter((c) => c.parentId === h.id)
        .map((c, j) => ({ id: c.id, numeral: String(j + 1), abbr: null, title: c.title, unitId: c.unitId, lines: byHeading.get(c.id) ?? [], children: [] })),
    }));
    return { ...p, headings, counts };
  }

  type LineIn = { id?: number; title: string; retentionId: number; keeperUserId?: number | null; keeper: string | null; notes: string | null };
  type SubIn = { id?: number; title: string; lines: LineIn[] };
  type HeadIn = { id?: number; abbr: string; title: string; unitId?: number | null; lines: LineIn[]; children: SubIn[] };

  function savePlan(input: { year: number; version?: number; grouping: 'unit' | 'field'; numbering: 'continuous' | 'per_heading'; headings: HeadIn[] }): number {
    const t = now();
    let p = planRow(input.year);
    if (p && p.status !== 'draft') {
      throw new AppError('invalid_state', `Danh mục hồ sơ năm ${input.year} đã ${p.status === 'issued' ? 'ban hành' : 'được duyệt'}; hãy mở lại để sửa.`);
    }
    if (p && input.version !== p.version) {
      throw new AppError('conflict', 'Danh mục đã được người khác sửa sau khi bạn mở. Hãy tải lại để xem bản mới nhất rồi sửa tiếp.');
    }
    if (!p) {
      const id = stmt(`INSERT INTO file_plans (year, status, grouping, numbering, version, created_at, updated_at) VALUES (?, 'draft', ?, ?, 1, ?, ?) RETURNING id`)
        .pluck()
        .get(input.year, input.grouping, input.numbering, t, t) as number;
      p = { ...planRow(input.year)!, id };
    } else {
      stmt('UPDATE file_plans SET grouping = ?, numbering = ?, version = version + 1, updated_at = ? WHERE id = ?').run(input.grouping, input.numbering, t, p.id);
    }
    const planId = p.id;
    const fields: Array<{ path: string; message: string }> = [];
    const abbrs = new Map<string, number>();
    input.headings.forEach((h, i) => {
      if (input.numbering === 'per_heading' && abbrs.has(h.abbr)) {
        fields.push({ path: `headings.${i}.abbr`, message: `Viết tắt "${h.abbr}" trùng với đề mục ${roman(abbrs.get(h.abbr)! + 1)}: số hồ sơ sẽ bị trùng.` });
      }
      abbrs.set(h.abbr, i);
    });
    // Ids given must be this plan's; lines whose files exist may move but not go.
    const ownHeadings = new Set(stmt('SELECT id FROM file_plan_headings WHERE plan_id = ?').pluck().all(planId) as number[]);
    const ownLines = new Set(stmt('SELECT id FROM file_plan_lines WHERE plan_id = ?').pluck().all(planId) as number[]);
    const keptLines = new Set<number>();
    const givenHeadings = new Set<number>();
    const checkLine = (l: LineIn, path: string) => {
      if (l.id != null && (!ownLines.has(l.id) || keptLines.has(l.id))) fields.push({ path: `${path}.id`, message: 'Dòng không thuộc danh mục này.' });
      try {
        activeRetention(l.retentionId, `${path}.retentionId`);
      } catch (e) {
        if (e instanceof AppError && e.fields) fields.push(...e.fields);
        else throw e;
      }
      if (l.keeperUserId != null && !stmt('SELECT 1 FROM users WHERE id = ?').get(l.keeperUserId))
        fields.push({ path: `${path}.keeperUserId`, message: 'Không có tài khoản này.' });
      if (l.id != null) keptLines.add(l.id);
    };
    input.headings.forEach((h, i) => {
      if (h.id != null) {
        if (!ownHeadings.has(h.id) || givenHeadings.has(h.id)) fields.push({ path: `headings.${i}.id`, message: 'Đề mục không thuộc danh mục này.' });
        givenHeadings.add(h.id);
      }
      h.lines.forEach((l, j) => checkLine(l, `headings.${i}.lines.${j}`));
      h.children.forEach((c, j) => {
        if (c.id != null) {
          if (!ownHeadings.has(c.id) || givenHeadings.has(c.id)) fields.push({ path: `headings.${i}.children.${j}.id`, message: 'Đề mục không thuộc danh mục này.' });
          givenHeadings.add(c.id);
        }
        c.lines.forEach((l, k) => checkLine(l, `headings.${i}.children.${j}.lines.${k}`));
      });
    });
    const dropped = [...ownLines].filter((id) => !keptLines.has(id));
    const used = dropped.length
      ? (stmt(
          `SELECT l.code, l.title FROM file_plan_lines l WHERE l.id IN (SELECT value FROM json_each(?)) AND EXISTS (SELECT 1 FROM record_files f WHERE f.plan_line_id = l.id)`,
        ).all(JSON.stringify(dropped)) as Array<{ code: string; title: string }>)
      : [];
    for (const u of used) fields.push({ path: 'headings', message: `Không bỏ được dòng ${u.code} "${u.title}": đã có hồ sơ mở theo dòng này.` });
    if (fields.length) throw new AppError('invalid_input', undefined, { fields });

    // Codes move freely within the plan: clear them first so the unique index never sees a transient duplicate.
    stmt(`UPDATE file_plan_lines SET code = '~' || id WHERE plan_id = ?`).run(planId);
    const upHeading = stmt('UPDATE file_plan_headings SET parent_id = @parentId, position = @position, abbr = @abbr, title = @title, unit_id = @unitId WHERE id = @id');
    const insHeading = stmt(
      'INSERT INTO file_plan_headings (plan_id, parent_id, position, abbr, title, unit_id) VALUES (@planId, @parentId, @position, @abbr, @title, @unitId) RETURNING id',
    ).pluck();
    const upLine = stmt(
      `UPDATE file_plan_lines SET heading_id = @headingId, position = @position, number = @number, code = @code, title = @title, retention_id = @retentionId,
         keeper_user_id = @keeperUserId, keeper = @keeper, notes = @notes WHERE id = @id`,
    );
    const insLine = stmt(
      `INSERT INTO file_plan_lines (plan_id, heading_id, position, number, code, title, retention_id, keeper_user_id, keeper, notes)
       VALUES (@planId, @headingId, @position, @number, @code, @title, @retentionId, @keeperUserId, @keeper, @notes)`,
    );
    const usedHeadings = new Set<number>();
    const putHeading = (h: { id?: number; abbr: string | null; title: string; unitId?: number | null }, parentId: number | null, position: number): number => {
      const v = { planId, parentId, position, abbr: h.abbr, title: h.title, unitId: h.unitId ?? null };
      let hid = h.id;
      if (hid != null) upHeading.run({ ...v, id: hid });
      else hid = insHeading.get(v) as number;
      usedHeadings.add(hid);
      return hid;
    };
    let position = 0;
    let headingPos = 0;
    let counter = 0;
    const codes = new Set<string>();
    const putLine = (l: LineIn, headingId: number, abbr: string) => {
      counter++;
      const code = fileCodeOf(counter, abbr);
      if (codes.has(code)) throw new AppError('invalid_input', `Số và ký hiệu hồ sơ ${code} bị trùng trong danh mục; hãy đổi viết tắt của một đề mục.`);
      codes.add(code);
      const v = {
        planId,
        headingId,
        position: position++,
        number: counter,
        code,
        title: l.title,
        retentionId: l.retentionId,
        keeperUserId: l.keeperUserId ?? null,
        keeper: l.keeper,
        notes: l.notes,
      };
      if (l.id != null) upLine.run({ ...v, id: l.id });
      else insLine.run(v);
    };
    for (const h of input.headings) {
      if (input.numbering === 'per_heading') counter = 0;
      const hid = putHeading(h, null, headingPos++);
      for (const l of h.lines) putLine(l, hid, h.abbr);
      for (const c of h.children) {
        const cid = putHeading({ ...c, abbr: null }, hid, headingPos++);
        for (const l of c.lines) putLine(l, cid, h.abbr);
      }
    }
    if (dropped.length) stmt('DELETE FROM file_plan_lines WHERE id IN (SELECT value FROM json_each(?))').run(JSON.stringify(dropped));
    const gone = [...ownHeadings].filter((h) => !usedHeadings.has(h));
    if (gone.length) stmt('DELETE FROM file_plan_headings WHERE id IN (SELECT value FROM json_each(?))').run(JSON.stringify(gone));
    return planId;
  }

  function copyPlan(year: number, fromYear: number): void {
    if (year === fromYear) throw new AppError('invalid_input', undefined, { fields: [{ path: 'fromYear', message: 'Chọn một năm khác.' }] });
    const from = getPlan(fromYear);
    if (from.id == null || !from.counts.total) throw new AppError('not_found', `Chưa có Danh mục hồ sơ năm ${fromYear} để sao chép.`);
    const existing = planRow(year);
    if (existing) {
      const n = stmt('SELECT count(*) FROM file_plan_lines WHERE plan_id = ?').pluck().get(existing.id) as number;
      if (n > 0 || existing.status !== 'draft') throw new AppError('conflict', `Danh mục hồ sơ năm ${year} đã có nội dung; không sao chép đè lên.`);
    }
    const strip = (l: FilePlanLineDto): LineIn => ({
      title: l.title.replace(new RegExp(`\\b${fromYear}\\b`, 'g'), String(year)),
      retentionId: l.retentionId,
      keeperUserId: l.keeperUserId,
      keeper: l.keeperUserId ? null : l.keeper,
      notes: l.notes,
    });
    savePlan({
      year,
      version: existing?.version,
      grouping: from.grouping,
      numbering: from.numbering,
      headings: from.headings.map((h) => ({
        abbr: h.abbr ?? 'HS',
        title: h.title,
        unitId: h.unitId,
        lines: h.lines.map(strip),
        children: h.children.map((c) => ({ title: c.title, lines: c.lines.map(strip) })),
      })),
    });
  }

  function setPlanStatus(year: number, to: 'approved' | 'issued' | 'draft', userId: number, version?: number): void {
    const p = planRow(year);
    if (!p) throw new AppError('not_found', `Chưa có Danh mục hồ sơ năm ${year}.`);
    const t = now();
    if (to === 'approved') {
      if (p.status !== 'draft') throw new AppError('invalid_state', 'Danh mục đã được duyệt.');
      if (version !== undefined && version !== p.version) throw new AppError('conflict', 'Danh mục vừa được sửa sau khi bạn mở; hãy xem bản mới nhất trước khi duyệt.');
      const n = stmt('SELECT count(*) FROM file_plan_lines WHERE plan_id = ?').pluck().get(p.id) as number;
      if (!n) throw new AppError('invalid_state', 'Danh mục chưa có hồ sơ nào.');
      stmt(`UPDATE file_plans SET status = 'approved', approved_at = ?, approved_by = ?, updated_at = ? WHERE id = ?`).run(t, userId, t, p.id);
    } else if (to === 'issued') {
      if (p.status !== 'approved')
        throw new AppError('invalid_state', p.status === 'issued' ? 'Danh mục đã được ban hành.' : 'Danh mục cần được lãnh đạo duyệt trước khi ban hành.');
      stmt(`UPDATE file_plans SET status = 'issued', issued_at = ?, issued_by = ?, updated_at = ? WHERE id = ?`).run(t, userId, t, p.id);
    } else {
      if (p.status === 'draft') throw new AppError('invalid_state', 'Danh mục đang là dự thảo.');
      stmt(
        `UPDATE file_plans SET status = 'draft', version = version + 1, approved_at = NULL, approved_by = NULL, issued_at = NULL, issued_by = NULL, updated_at = ? WHERE id = ?`,
      ).run(t, p.id);
    }
  }

  // ---- files ---------------------------------------------------------------------------------------------------

  function codeTaken(year: number, code: string, except?: number): boolean {
    return !!stmt('SELECT 1 FROM record_files WHERE year = ? AND code = ? AND id IS NOT ?').get(year, code, except ?? null);
  }

  function openFile(
    input: {
      year: number;
      planLineId?: number;
      code?: string;
      title?: string;
      retentionId?: number;
      ownerId?: number;
      startDate: string;
      description: string | null;
      rights: FileRights;
    },
    a: RecordsActor,
  ): number {
    let { code, title, retentionId } = input;
    if (input.planLineId != null) {
      const l = stmt(`SELECT l.code, l.title, l.retention_id AS retentionId, p.year, p.status FROM file_plan_lines l JOIN file_plans p ON p.id = l.plan_id WHERE l.id = ?`).get(
        input.planLineId,
      ) as { code: string; title: string; retentionId: number; year: number; status: string } | undefined;
      if (!l) throw new AppError('invalid_input', undefined, { fields: [{ path: 'planLineId', message: 'Không có dòng này trong Danh mục hồ sơ.' }] });
      if (l.year !== input.year) throw new AppError('invalid_input', undefined, { fields: [{ path: 'planLineId', message: `Dòng này thuộc Danh mục hồ sơ năm ${l.year}.` }] });
      if (l.status === 'draft') throw new AppError('invalid_state', 'Danh mục hồ sơ năm này chưa được duyệt; hãy mở hồ sơ tự xác định hoặc chờ danh mục được duyệt.');
      code ??= l.code;
      title ??= l.title;
      retentionId ??= l.retentionId;
    }
    const fields: Array<{ path: string; message: string }> = [];
    if (!code) fields.push({ path: 'code', message: 'Nhập số và ký hiệu hồ sơ.' });
    if (!title) fields.push({ path: 'title', message: 'Nhập tiêu đề hồ sơ.' });
    if (retentionId == null) fields.push({ path: 'retentionId', message: 'Chọn thời hạn bảo quản.' });
    if (input.startDate.slice(0, 4) > String(input.year)) fields.push({ path: 'startDate', message: 'Ngày bắt đầu sau năm hình thành hồ sơ.' });
    if (fields.length) throw new AppError('invalid_input', undefined, { fields });
    const ownerId = input.ownerId ?? a.userId;
    if (ownerId !== a.userId && !isArchivist(a) && !a.permissions.has('fileplan.approve')) {
      throw new AppError('forbidden', 'Chỉ lãnh đạo hoặc bộ phận lưu trữ được mở hồ sơ cho người khác.');
    }
    const owner = stmt(`SELECT unit_id AS unitId, status FROM users WHERE id = ?`).get(ownerId) as { unitId: number | null; status: string } | undefined;
    if (!owner || owner.status !== 'active')
      throw new AppError('invalid_input', undefined, { fields: [{ path: 'ownerId', message: 'Người lập hồ sơ không tồn tại hoặc đã bị khóa.' }] });
    if (codeTaken(input.year, code!))
      throw new AppError('file_code_taken', `Số và ký hiệu hồ sơ ${code} đã có trong năm ${input.year}.`, { fields: [{ path: 'code', message: 'Đã có hồ sơ mang số này.' }] });
    const r = activeRetention(retentionId!);
    const t = now();
    return stmt(
      `INSERT INTO record_files (year, code, title, search, retention_id, retention_label, retention_kind, retention_years, owner_id, unit_id, plan_line_id,
          start_date, description, rights, state, created_by, created_at, updated_at)
       VALUES (@year, @code, @title, @search, @retentionId, @label, @kind, @years, @ownerId, @unitId, @planLineId, @startDate, @description, @rights, 'open', @by, @t, @t)
       RETURNING id`,
    )
      .pluck()
      .get({
        year: input.year,
        code,
        title,
        search: fold(`${code} ${title}`),
        retentionId: r.id,
        label: r.label,
        kind: r.kind,
        years: r.years,
        ownerId,
        unitId: owner.unitId,
        planLineId: input.planLineId ?? null,
        startDate: input.startDate,
        description: input.description,
        rights: input.rights,
        by: a.userId,
        t,
      }) as number;
  }

  /**
   * Code, title and retention of a file (edited while open, fixed again at closing): the code unique in its year, a
   * retention from the table, and the documents' "Lưu hồ sơ số" kept in step with the code.
   */
  function setIdentity(f: FileRow, input: { code: string; title: string; retentionId: number }): RetentionDto {
    if (codeTaken(f.year, input.code, f.id)) throw new AppError('file_code_taken', `Số và ký hiệu hồ sơ ${input.code} đã có trong năm ${f.year}.`);
    const r = input.retentionId === f.retentionId ? retention(f.retentionId) : activeRetention(input.retentionId);
    stmt(
      `UPDATE record_files SET code = @code, title = @title, search = @search, retention_id = @rid, retention_label = @label, retention_kind = @kind,
         retention_years = @years WHERE id = @id`,
    ).run({ id: f.id, code: input.code, title: input.title, search: fold(`${input.code} ${input.title}`), rid: r.id, label: r.label, kind: r.kind, years: r.years });
    if (input.code !== f.code) {
      for (const d of stmt('SELECT document_id FROM record_file_items WHERE file_id = ? AND document_id IS NOT NULL').pluck().all(f.id) as number[]) refreshDocumentFileCode(d);
    }
    return r;
  }

  function updateFile(input: { id: number; code: string; title: string; retentionId: number; startDate: string; description: string | null }, a: RecordsActor): void {
    const f = fileRow(input.id, a);
    mustEdit(f, a);
    setIdentity(f, input);
    stmt('UPDATE record_files SET start_date = ?, description = ?, updated_at = ? WHERE id = ?').run(input.startDate, input.description, now(), f.id);
  }

  function addDocument(fileId: number, documentId: number, a: RecordsActor, mustSeeDoc: (id: number) => void): { itemId: number; warning: string | null; direction: 'in' | 'out' } {
    const f = fileRow(fileId, a);
    mustEdit(f, a);
    mustSeeDoc(documentId);
    const d = stmt(
      `SELECT id, direction, status, issued_date AS issuedDate, date(coalesce(registered_at, arrival_at, created_at) / 1000, 'unixepoch', '+7 hours') AS day FROM documents WHERE id = ?`,
    ).get(documentId) as { id: number; direction: 'in' | 'out'; status: string; issuedDate: string | null; day: string };
    if (stmt('SELECT 1 FROM record_file_items WHERE file_id = ? AND document_id = ?').get(fileId, documentId)) {
      throw new AppError('conflict', 'Văn bản đã có trong hồ sơ này.');
    }
    const id = stmt(`INSERT INTO record_file_items (file_id, document_id, ordinal, sort_date, added_by, added_at) VALUES (?, ?, 0, ?, ?, ?) RETURNING id`)
      .pluck()
      .get(fileId, documentId, d.issuedDate ?? d.day, a.userId, now()) as number;
    placeNew(fileId, id, d.issuedDate ?? d.day);
    refreshDocumentFileCode(documentId);
    return { itemId: id, warning: warningOf(d), direction: d.direction };
  }

  function addOther(
    fileId: number,
    other: {
      blobHash: string;
      fileName: string;
      subject: string;
      codeNumber: string | null;
      codeNotation: string | null;
      issuedDate?: string | null;
      typeName: string | null;
      issuerName: string | null;
      pageCount?: number | null;
    },
    a: RecordsActor,
    mayReadBlob: (hash: string) => boolean,
  ): number {
    const f = fileRow(fileId, a);
    mustEdit(f, a);
    if (!stmt('SELECT 1 FROM blobs WHERE hash = ?').get(other.blobHash) || !mayReadBlob(other.blobHash)) throw new AppError('not_found', 'Không tìm thấy tệp đã tải lên.');
    if (stmt('SELECT 1 FROM record_file_items WHERE file_id = ? AND blob_hash = ?').get(fileId, other.blobHash)) throw new AppError('conflict', 'Tệp này đã có trong hồ sơ.');
    const day = other.issuedDate ?? new Date(now() + 7 * 3_600_000).toISOString().slice(0, 10);
    const id = stmt(
      `INSERT INTO record_file_items (file_id, ordinal, sort_date, blob_hash, file_name, subject, code_number, code_notation, issued_date, type_name, issuer_name, page_count, added_by, added_at)
       VALUES (@fileId, 0, @day, @blobHash, @fileName, @subject, @codeNumber, @codeNotation, @issuedDate, @typeName, @issuerName, @pageCount, @by, @t) RETURNING id`,
    )
      .pluck()
      .get({ ...other, issuedDate: other.issuedDate ?? null, pageCount: other.pageCount ?? null, fileId, day, by: a.userId, t: now() }) as number;
    placeNew(fileId, id, day);
    return id;
  }

  function removeItem(fileId: number, itemId: number, a: RecordsActor): void {
    const f = fileRow(fileId, a);
    mustEdit(f, a);
    const it = stmt('SELECT document_id AS documentId FROM record_file_items WHERE id = ? AND file_id = ?').get(itemId, fileId) as { documentId: number | null } | undefined;
    if (!it) throw new AppError('not_found', 'Không có văn bản này trong hồ sơ.');
    stmt('DELETE FROM record_file_items WHERE id = ?').run(itemId);
    renumber(fileId);
    if (it.documentId != null) refreshDocumentFileCode(it.documentId);
  }

  /** What stops a file from closing: drafts, open tasks, voided or duplicate documents, nothing in it. */
  function closeProblems(fileId: number): CloseProblem[] {
    const out: CloseProblem[] = [];
    const rows = stmt(`${ITEM_SELECT} WHERE i.file_id = ? ORDER BY i.ordinal`).all(fileId) as ItemRow[];
    if (!rows.length) out.push({ itemId: null, documentId: null, text: 'Hồ sơ chưa có văn bản nào.' });
    const label = (r: ItemRow) => `Văn bản số ${r.ordinal} (${formatCode(r.codeNumber, r.codeNotation) || 'không số'})`;
    for (const r of rows) {
      const w = warningOf(r);
      if (w === 'Dự thảo chưa ban hành.') out.push({ itemId: r.id, documentId: r.documentId, text: `${label(r)} là dự thảo chưa ban hành: hãy bỏ ra khỏi hồ sơ.` });
      else if (w) out.push({ itemId: r.id, documentId: r.documentId, text: `${label(r)}: ${w} Hãy bỏ ra khỏi hồ sơ.` });
    }
    const open = stmt(
      `SELECT i.id AS itemId, i.document_id AS documentId, i.ordinal, count(*) AS n FROM record_file_items i JOIN tasks t ON t.document_id = i.document_id
        WHERE i.file_id = ? AND t.status IN ('open', 'in_progress', 'returned') GROUP BY i.id ORDER BY i.ordinal`,
    ).all(fileId) as Array<{ itemId: number; documentId: number; ordinal: number; n: number }>;
    for (const r of open) out.push({ itemId: r.itemId, documentId: r.documentId, text: `Văn bản số ${r.ordinal} còn ${r.n} việc đang xử lý.` });
    const dups = stmt(
      `SELECT min(i.ordinal) AS a, max(i.ordinal) AS b FROM record_file_items i LEFT JOIN documents d ON d.id = i.document_id
        WHERE i.file_id = ? AND coalesce(d.dup_key, i.blob_hash) IS NOT NULL GROUP BY coalesce(d.dup_key, i.blob_hash) HAVING count(*) > 1`,
    ).all(fileId) as Array<{ a: number; b: number }>;
    for (const d of dups) out.push({ itemId: null, documentId: null, text: `Văn bản số ${d.a} và số ${d.b} trùng nhau: hãy bỏ bớt một bản.` });
    return out;
  }

  function closeFile(input: { id: number; retentionId: number; title: string; code: string; endDate?: string }, a: RecordsActor): void {
    const f = fileRow(input.id, a);
    if (f.state !== 'open') throw new AppError('invalid_state', 'Hồ sơ không ở trạng thái đang lập.');
    mustEdit(f, a);
    const problems = closeProblems(f.id);
    if (problems.length) {
      throw new AppError('file_not_ready', `Chưa đóng được hồ sơ: ${problems.length} vấn đề cần xử lý trước.`, { details: { problems } });
    }
    const r = setIdentity(f, input);
    const last = stmt('SELECT max(sort_date) FROM record_file_items WHERE file_id = ?').pluck().get(f.id) as string | null;
    const endDate = input.endDate ?? (last && last > f.startDate ? last : f.startDate);
    if (endDate < f.startDate) throw new AppError('invalid_input', undefined, { fields: [{ path: 'endDate', message: 'Ngày kết thúc trước ngày bắt đầu hồ sơ.' }] });
    const t = now();
    stmt(`UPDATE record_files SET end_date = @endDate, state = 'closed', closed_at = @t, closed_by = @by, transfer_due_date = @due, updated_at = @t WHERE id = @id`).run({
      id: f.id,
      endDate,
      t,
      by: a.userId,
      due: mustTransfer(r.kind, r.years) ? transferDue(endDate) : null,
    });
    renumber(f.id);
  }

  function reopenFile(id: number, a: RecordsActor): void {
    const f = fileRow(id, a);
    if (f.state !== 'closed') throw new AppError('invalid_state', f.state === 'open' ? 'Hồ sơ đang mở.' : 'Hồ sơ đã nộp lưu hoặc tiêu hủy: không mở lại được.');
    stmt(`UPDATE record_files SET state = 'open', closed_at = NULL, closed_by = NULL, transfer_due_date = NULL, transfer_alerted_at = NULL, updated_at = ? WHERE id = ?`).run(
      now(),
      id,
    );
  }

  /**
   * Sets the use mode and who may see the file. Taking access away takes effect at once; giving it on a restricted
   * file (or making a file restricted, or open again) waits for a leader's approval (standards §3.9 function 3).
   * Returns whether something now waits for approval.
   */
  function setAccess(input: { id: number; rights: FileRights; userIds: number[]; unitIds: number[] }, a: RecordsActor): boolean {
    const f = fileRow(input.id, a);
    if (f.ownerId !== a.userId && !isArchivist(a)) throw new AppError('forbidden', 'Chỉ người lập hồ sơ hoặc bộ phận lưu trữ được đặt quyền truy cập.');
    if (f.state === 'disposed') throw new AppError('file_closed', 'Hồ sơ đã tiêu hủy.');
    const users = [...new Set(input.userIds)];
    const unitIds = [...new Set(input.unitIds)];
    const okUsers = stmt(`SELECT count(*) FROM users WHERE status = 'active' AND id IN (SELECT value FROM json_each(?))`).pluck().get(JSON.stringify(users)) as number;
    if (okUsers < users.length) throw new AppError('invalid_input', undefined, { fields: [{ path: 'userIds', message: 'Có người không tồn tại hoặc đã bị khóa.' }] });
    const okUnits = stmt(`SELECT count(*) FROM units WHERE active = 1 AND id IN (SELECT value FROM json_each(?))`).pluck().get(JSON.stringify(unitIds)) as number;
    if (okUnits < unitIds.length) throw new AppError('invalid_input', undefined, { fields: [{ path: 'unitIds', message: 'Có đơn vị không tồn tại.' }] });
    const t = now();
    const needsApproval = input.rights === 'restricted' || f.rights === 'restricted';
    const current = stmt(`SELECT id, user_id AS userId, unit_id AS unitId, state FROM record_file_access WHERE file_id = ? AND state != 'revoked'`).all(f.id) as Array<{
      id: number;
      userId: number | null;
      unitId: number | null;
      state: string;
    }>;
    const wanted = (g: { userId: number | null; unitId: number | null }) => (g.userId != null ? users.includes(g.userId) : unitIds.includes(g.unitId!));
    for (const g of current) if (!wanted(g)) stmt(`UPDATE record_file_access SET state = 'revoked', decided_by = ?, decided_at = ? WHERE id = ?`).run(a.userId, t, g.id);
    const has = (k: 'userId' | 'unitId', v: number) => current.some((g) => g[k] === v);
    const ins = stmt(
      `INSERT INTO record_file_access (file_id, user_id, unit_id, state, requested_by, requested_at, decided_by, decided_at) VALUES (@fileId, @userId, @unitId, @state, @by, @t, @decidedBy, @decidedAt)`,
    );
    let pending = false;
    const add = (userId: number | null, unitId: number | null) => {
      const state = needsApproval ? 'pending' : 'active';
      pending ||= state === 'pending';
      ins.run({ fileId: f.id, userId, unitId, state, by: a.userId, t, decidedBy: needsApproval ? null : a.userId, decidedAt: needsApproval ? null : t });
    };
    for (const u of users) if (!has('userId', u)) add(u, null);
    for (const u of unitIds) if (!has('unitId', u)) add(null, u);
    let pendingRights: FileRights | null = null;
    if (input.rights !== f.rights) {
      // Restricting protects at once; opening a restricted file up is a widening and waits for approval.
      if (input.rights === 'restricted') stmt('UPDATE record_files SET rights = ? WHERE id = ?').run('restricted', f.id);
      else pendingRights = 'open';
    }
    stmt('UPDATE record_files SET pending_rights = ?, updated_at = ? WHERE id = ?').run(pendingRights, t, f.id);
    return pending || pendingRights !== null;
  }

  function approveAccess(id: number, approve: boolean, a: RecordsActor): void {
    const f = fileRow(id, a);
    const t = now();
    const pending = stmt(`SELECT count(*) FROM record_file_access WHERE file_id = ? AND state = 'pending'`).pluck().get(id) as number;
    if (!pending && !f.pendingRights) throw new AppError('invalid_state', 'Hồ sơ không có thay đổi quyền truy cập nào chờ duyệt.');
    stmt(`UPDATE record_file_access SET state = ?, decided_by = ?, decided_at = ? WHERE file_id = ? AND state = 'pending'`).run(approve ? 'active' : 'revoked', a.userId, t, id);
    if (f.pendingRights) {
      if (approve) stmt('UPDATE record_files SET rights = pending_rights, pending_rights = NULL, updated_at = ? WHERE id = ?').run(t, id);
      else stmt('UPDATE record_files SET pending_rights = NULL, updated_at = ? WHERE id = ?').run(t, id);
    }
  }

  function listFiles(
    q: { year?: number; ownerId?: number; state?: RecordFileDto['state']; due?: 'transfer' | 'expired'; query?: string; mine?: boolean; limit: number; offset: number },
    a: RecordsActor,
    today: string,
  ): FileListResult {
    const v = visibleSql(a);
    const where = [v.clause];
    const params: Record<string, unknown> = { ...v.params, limit: q.limit, offset: q.offset };
    if (q.year != null) {
      where.push('f.year = @year');
      params.year = q.year;
    }
    if (q.mine) {
      where.push('f.owner_id = @fUser');
    } else if (q.ownerId != null) {
      where.push('f.owner_id = @ownerId');
      params.ownerId = q.ownerId;
    }
    if (q.state) {
      where.push('f.state = @state');
      params.state = q.state;
    }
    if (q.due === 'transfer') {
      where.push(`f.state = 'closed' AND f.transfer_due_date IS NOT NULL AND f.transfer_due_date <= @soon`);
      params.soon = addDaysIso(today, 30);
    } else if (q.due === 'expired') {
      where.push(`f.state IN ('closed', 'archived') AND f.retention_kind = 'years' AND CAST(substr(f.end_date, 1, 4) AS INTEGER) + f.retention_years < @thisYear`);
      params.thisYear = Number(today.slice(0, 4));
    }
    const words = fold(q.query ?? '')
      .split(/[^a-z0-9.]+/)
      .filter(Boolean)
      .slice(0, 8);
    words.forEach((w, i) => {
      where.push(`f.search LIKE @w${i} ESCAPE '\\'`);
      params[`w${i}`] = `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    });
    const order = q.due === 'transfer' ? 'f.transfer_due_date, f.id' : 'f.year DESC, f.code COLLATE NOCASE, f.id';
    const rows = raw.prepare(`SELECT ${FILE_COLUMNS} FROM ${FILE_FROM} WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT @limit OFFSET @offset`).all(params) as FileRow[];
    const total = raw
      .prepare(`SELECT count(*) FROM record_files f WHERE ${where.join(' AND ')}`)
      .pluck()
      .get(params) as number;
    return { items: rows.map((r) => toDto(r, a)), total };
  }

  function forDocument(documentId: number, a: RecordsActor): RecordFileDto[] {
    const v = visibleSql(a);
    const rows = stmt(
      `SELECT ${FILE_COLUMNS} FROM ${FILE_FROM} WHERE f.id IN (SELECT file_id FROM record_file_items WHERE document_id = @doc) AND ${v.clause} ORDER BY f.year DESC, f.code`,
    ).all({ ...v.params, doc: documentId }) as FileRow[];
    return rows.map((r) => toDto(r, a));
  }

  function stats(year: number | undefined): FileStatsRow[] {
    return stmt(
      `SELECT u.id AS userId, u.full_name AS name,
              sum(f.state = 'open') AS open, sum(f.state = 'closed') AS closed, sum(f.state = 'archived') AS archived, sum(f.state = 'disposed') AS disposed,
              coalesce(sum(f.doc_total), 0) AS documents
         FROM record_files f JOIN users u ON u.id = f.owner_id WHERE @year IS NULL OR f.year = @year
        GROUP BY u.id ORDER BY u.full_name`,
    ).all({ year: year ?? null }) as FileStatsRow[];
  }

  // ---- transfer and disposal -----------------------------------------------------------------------------------

  function filesFor(ids: number[], a: RecordsActor): FileRow[] {
    const unique = [...new Set(ids)];
    const rows = unique.map((id) => fileRow(id, a));
    return rows.sort((x, y) => x.year - y.year || x.code.localeCompare(y.code, 'vi', { numeric: true }) || x.id - y.id);
  }

  function checkTransferable(files: FileRow[]): void {
    const bad = files.filter((f) => f.state !== 'closed');
    if (bad.length) {
      throw new AppError('invalid_state', `Chỉ nhận nộp lưu hồ sơ đã đóng. Chưa đóng hoặc đã nộp: ${bad.map((f) => `${f.code} (${STATE_WORD[f.state]})`).join(', ')}.`, {
        details: { fileIds: bad.map((f) => f.id) },
      });
    }
  }

  function transfer(input: { fileIds: number[]; deliveredBy: string; deliveringUnit: string | null; notes: string | null }, a: RecordsActor, today: string): number {
    const files = filesFor(input.fileIds, a);
    checkTransferable(files);
    const t = now();
    const year = Number(today.slice(0, 4));
    const number = ((stmt('SELECT max(number) FROM archive_transfers WHERE year = ?').pluck().get(year) as number | null) ?? 0) + 1;
    const docs = files.reduce((n, f) => n + f.docTotal, 0);
    const id = stmt(
      `INSERT INTO archive_transfers (year, number, at, delivered_by, delivering_unit, received_by, file_count, document_count, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    )
      .pluck()
      .get(year, number, t, input.deliveredBy, input.deliveringUnit, a.userId, files.length, docs, input.notes) as number;
    const up = stmt(`UPDATE record_files SET state = 'archived', transfer_id = ?, transferred_at = ?, updated_at = ? WHERE id = ?`);
    for (const f of files) up.run(id, t, t, f.id);
    return id;
  }

  function transferDto(id: number): TransferDto {
    const r = stmt(
      `SELECT t.id, t.number, t.year, t.at, t.delivered_by AS deliveredBy, t.delivering_unit AS deliveringUnit, u.full_name AS receivedBy, t.file_count AS fileCount,
              t.document_count AS documentCount, t.notes FROM archive_transfers t JOIN users u ON u.id = t.received_by WHERE t.id = ?`,
    ).get(id) as Omit<TransferDto, 'fileIds'> | undefined;
    if (!r) throw new AppError('not_found', 'Không tìm thấy lần nộp lưu này.');
    const fileIds = stmt('SELECT id FROM record_files WHERE transfer_id = ? ORDER BY year, code').pluck().all(id) as number[];
    return { ...r, fileIds };
  }

  function transfers(year?: number): TransferDto[] {
    const ids = stmt('SELECT id FROM archive_transfers WHERE @year IS NULL OR year = @year ORDER BY id DESC')
      .pluck()
      .all({ year: year ?? null }) as number[];
    return ids.map(transferDto);
  }

  function expiredProblem(f: FileRow, thisYear: number): string | null {
    if (f.state !== 'closed' && f.state !== 'archived') return `${f.code}: hồ sơ ${STATE_WORD[f.state]}`;
    if (f.retentionKind === 'permanent') return `${f.code}: bảo quản vĩnh viễn`;
    if (f.retentionKind === 'condition') return `${f.code}: thời hạn "${f.retentionLabel}" theo điều kiện, cần thẩm định lại thời hạn trước`;
    const last = expiresAfterYear(f.retentionKind, f.retentionYears, f.endDate);
    if (last == null || last >= thisYear) return `${f.code}: còn thời hạn bảo quản đến hết năm ${last ?? '?'}`;
    return null;
  }

  /**
   * Records the decision and marks the files disposed. Returns the stored files to remove: those of the files' items
   * that nothing still alive refers to (a document also in a live file, or in no file at all, keeps its bytes; so do
   * signature images, files attached to a work schedule and anything waiting to be sent). The bytes go after the commit (purge job).
   */
  function dispose(
    input: { fileIds: number[]; decisionNumber: string; decisionDate: string; signerName: string; signerPosition: string; notes: string | null },
    a: RecordsActor,
    today: string,
  ): { id: number; remove: string[]; kept: number } {
    const files = filesFor(input.fileIds, a);
    const thisYear = Number(today.slice(0, 4));
    const problems = files.map((f) => expiredProblem(f, thisYear)).filter((p): p is string => !!p);
    if (problems.length) {
      throw new AppError('retention_not_ended', `Không tiêu hủy được: ${problems.join('; ')}.`, { details: { problems } });
    }
    if (input.decisionDate > today) throw new AppError('invalid_input', undefined, { fields: [{ path: 'decisionDate', message: 'Ngày quyết định sau ngày hôm nay.' }] });
    const t = now();
    const id = stmt(`INSERT INTO disposals (decision_number, decision_date, signer_name, signer_position, notes, at, by, file_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`)
      .pluck()
      .get(input.decisionNumber, input.decisionDate, input.signerName, input.signerPosition, input.notes, t, a.userId, files.length) as number;
    const ids = JSON.stringify(files.map((f) => f.id));
    stmt(`UPDATE record_files SET state = 'disposed', disposal_id = ?, disposed_at = ?, updated_at = ? WHERE id IN (SELECT value FROM json_each(?))`).run(id, t, t, ids);
    // A document is gone with the files only when every file holding it is disposed.
    const deadDocs = `SELECT i.document_id FROM record_file_items i WHERE i.file_id IN (SELECT value FROM json_each(@ids)) AND i.document_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM record_file_items j JOIN record_files g ON g.id = j.file_id WHERE j.document_id = i.document_id AND g.state != 'disposed')`;
    const candidates = stmt(
      `SELECT blob_hash FROM document_files WHERE document_id IN (${deadDocs})
       UNION SELECT blob_hash FROM event_files WHERE document_id IN (${deadDocs})
       UNION SELECT blob_hash FROM outgoing_version_files WHERE document_id IN (${deadDocs})
       UNION SELECT blob_hash FROM record_file_items WHERE file_id IN (SELECT value FROM json_each(@ids)) AND blob_hash IS NOT NULL`,
    )
      .pluck()
      .all({ ids }) as string[];
    const live = `SELECT d.id FROM documents d WHERE d.id NOT IN (${deadDocs})
        AND (NOT EXISTS (SELECT 1 FROM record_file_items j WHERE j.document_id = d.id)
             OR EXISTS (SELECT 1 FROM record_file_items j JOIN record_files g ON g.id = j.file_id WHERE j.document_id = d.id AND g.state != 'disposed'))`;
    const stillUsed = stmt(
      `SELECT 1 WHERE EXISTS (SELECT 1 FROM document_files WHERE blob_hash = @h AND document_id IN (${live}))
          OR EXISTS (SELECT 1 FROM event_files WHERE blob_hash = @h AND document_id IN (${live}))
          OR EXISTS (SELECT 1 FROM outgoing_version_files WHERE blob_hash = @h AND document_id IN (${live}))
          OR EXISTS (SELECT 1 FROM record_file_items j JOIN record_files g ON g.id = j.file_id WHERE j.blob_hash = @h AND g.state != 'disposed')
          OR EXISTS (SELECT 1 FROM signing_images WHERE blob_hash = @h)
          OR EXISTS (SELECT 1 FROM schedule_files WHERE blob_hash = @h)
          OR EXISTS (SELECT 1 FROM sync_outbox WHERE blob_hash = @h)`,
    );
    const remove: string[] = [];
    let kept = 0;
    const mark = stmt('INSERT OR IGNORE INTO disposed_blobs (hash, disposal_id) VALUES (?, ?)');
    for (const h of candidates) {
      if (stillUsed.get({ ids, h })) kept++;
      else {
        remove.push(h);
        mark.run(h, id);
      }
    }
    // The extracted text is content too: it leaves the search index in this transaction.
    const delText = stmt('DELETE FROM blob_texts WHERE hash = ?');
    for (const h of remove) delText.run(h);
    stmt('UPDATE disposals SET blobs_removed = ?, blobs_kept = ? WHERE id = ?').run(remove.length, kept, id);
    return { id, remove, kept };
  }

  function disposalDto(id: number): DisposalDto {
    const r = stmt(
      `SELECT s.id, s.decision_number AS decisionNumber, s.decision_date AS decisionDate, s.signer_name AS signerName, s.signer_position AS signerPosition,
              s.notes, s.at, u.full_name AS by, s.file_count AS fileCount, s.blobs_removed AS blobsRemoved, s.blobs_kept AS blobsKept
         FROM disposals s JOIN users u ON u.id = s.by WHERE s.id = ?`,
    ).get(id) as Omit<DisposalDto, 'fileIds'> | undefined;
    if (!r) throw new AppError('not_found', 'Không tìm thấy quyết định tiêu hủy.');
    return { ...r, fileIds: stmt('SELECT id FROM record_files WHERE disposal_id = ? ORDER BY year, code').pluck().all(id) as number[] };
  }

  /** The disposal that removed a stored file, if any: reading it answers content_disposed. */
  function disposedBlob(hash: string): { decisionNumber: string; decisionDate: string } | null {
    return (
      (stmt(`SELECT s.decision_number AS decisionNumber, s.decision_date AS decisionDate FROM disposed_blobs b JOIN disposals s ON s.id = b.disposal_id WHERE b.hash = ?`).get(
        hash,
      ) as { decisionNumber: string; decisionDate: string } | undefined) ?? null
    );
  }

  /** Files closed and due for transfer within 30 days that nobody was told of yet: tell their keeper and the archive. */
  function transferAlerts(today: string): Array<{ fileId: number; userIds: number[]; text: string }> {
    const due = stmt(
      `SELECT f.id, f.code, f.title, f.owner_id AS ownerId, f.transfer_due_date AS due FROM record_files f
        WHERE f.state = 'closed' AND f.transfer_due_date IS NOT NULL AND f.transfer_due_date <= ? AND f.transfer_alerted_at IS NULL`,
    ).all(addDaysIso(today, 30)) as Array<{ id: number; code: string; title: string; ownerId: number; due: string }>;
    if (!due.length) return [];
    const archivists = stmt(`SELECT DISTINCT u.id FROM users u JOIN user_roles r ON r.user_id = u.id WHERE u.status = 'active' AND r.role = 'clerk'`).pluck().all() as number[];
    const out: Array<{ fileId: number; userIds: number[]; text: string }> = [];
    const t = now();
    for (const f of due) {
      const [y, m, d] = f.due.split('-');
      const text = `Hồ sơ ${f.code} "${f.title.length > 80 ? `${f.title.slice(0, 77)}…` : f.title}" ${f.due < today ? 'đã quá' : 'sắp đến'} hạn nộp lưu (${d}/${m}/${y}).`;
      out.push({ fileId: f.id, userIds: [...new Set([f.ownerId, ...archivists])], text });
      stmt('UPDATE record_files SET transfer_alerted_at = ? WHERE id = ?').run(t, f.id);
    }
    return out;
  }

  return {
    setVisibleDocs(fn: (v: Viewer, ids: number[]) => Set<number>) {
      visibleDocs = fn;
    },
    retention,
    listRetention(all: boolean): RetentionDto[] {
      return (stmt(`${RETENTION_SELECT} WHERE @all = 1 OR active = 1 ORDER BY sort_order, id`).all({ all: all ? 1 : 0 }) as Record<string, unknown>[]).map(toRetention);
    },
    saveRetention(input: { id?: number; label: string; kind: RetentionKind; years?: number | null; note: string | null; active: boolean }): number {
      const years = input.kind === 'permanent' ? null : (input.years ?? null);
      const clash = stmt('SELECT id FROM retention_codes WHERE label = ? AND id IS NOT ?').get(input.label, input.id ?? null);
      if (clash) throw new AppError('conflict', `Đã có thời hạn "${input.label}".`, { fields: [{ path: 'label', message: 'Trùng với thời hạn đã có.' }] });
      if (input.id != null) {
        const cur = retention(input.id);
        if (cur.builtin && (cur.kind !== input.kind || cur.years !== years)) {
          throw new AppError('invalid_input', 'Thời hạn có sẵn chỉ sửa được tên hiển thị, ghi chú hoặc ngừng sử dụng.');
        }
        stmt('UPDATE retention_codes SET label = ?, kind = ?, years = ?, note = ?, active = ? WHERE id = ?').run(
          input.label,
          input.kind,
          years,
          input.note,
          input.active ? 1 : 0,
          input.id,
        );
        return input.id;
      }
      const order = ((stmt('SELECT max(sort_order) FROM retention_codes').pluck().get() as number | null) ?? 0) + 10;
      return stmt('INSERT INTO retention_codes (label, kind, years, note, sort_order, active, builtin) VALUES (?, ?, ?, ?, ?, ?, 0) RETURNING id')
        .pluck()
        .get(input.label, input.kind, years, input.note, order, input.active ? 1 : 0) as number;
    },
    getPlan,
    savePlan,
    copyPlan,
    setPlanStatus,
    fileRow,
    toDto,
    detail(id: number, a: RecordsActor): RecordFileDetailDto {
      const f = fileRow(id, a);
      return { ...toDto(f, a), items: items(f.id, a, f.state), access: accessList(f.id), pendingRights: f.pendingRights, history: history(f.id) };
    },
    items,
    itemLabel,
    itemDto(fileId: number, itemId: number, a: RecordsActor): FileItemDto {
      const f = fileRow(fileId, a);
      const [it] = items(fileId, a, f.state, itemId);
      if (!it) throw new AppError('not_found', 'Không có văn bản này trong hồ sơ.');
      return it;
    },
    openFile,
    updateFile,
    addDocument,
    addOther,
    removeItem,
    closeProblems,
    closeFile,
    reopenFile,
    setAccess,
    approveAccess,
    pendingAccess(a: RecordsActor): RecordFileDto[] {
      const rows = stmt(
        `SELECT ${FILE_COLUMNS} FROM ${FILE_FROM} WHERE f.pending_rights IS NOT NULL OR EXISTS (SELECT 1 FROM record_file_access g WHERE g.file_id = f.id AND g.state = 'pending') ORDER BY f.updated_at`,
      ).all() as FileRow[];
      return rows.map((r) => toDto(r, a));
    },
    listFiles,
    forDocument,
    stats,
    filesFor,
    checkTransferable,
    transfer,
    transferDto,
    transfers,
    dispose,
    disposalDto,
    disposals(): DisposalDto[] {
      return (stmt('SELECT id FROM disposals ORDER BY id DESC').pluck().all() as number[]).map(disposalDto);
    },
    disposedBlob,
    /** Disposed files not yet removed from disk (the purge job's work list; survives a crash). */
    unpurged(disposalId?: number): string[] {
      return stmt('SELECT hash FROM disposed_blobs WHERE purged_at IS NULL AND (@id IS NULL OR disposal_id = @id)')
        .pluck()
        .all({ id: disposalId ?? null }) as string[];
    },
    markPurged(hash: string): void {
      stmt('UPDATE disposed_blobs SET purged_at = ? WHERE hash = ?').run(now(), hash);
    },
    transferAlerts,
  };
}

export type RecordsService = ReturnType<typeof createRecords>;

const STATE_WORD: Record<RecordFileDto['state'], string> = { open: 'đang lập', closed: 'đã đóng', archived: 'đã nộp lưu', disposed: 'đã tiêu hủy' };

const HISTORY_TEXT: Record<string, string> = {
  'files.open': 'Mở hồ sơ',
  'files.update': 'Sửa thông tin hồ sơ',
  'files.addDocument': 'Đưa văn bản vào hồ sơ',
  'files.removeItem': 'Bỏ văn bản khỏi hồ sơ',
  'files.close': 'Đóng hồ sơ',
  'files.reopen': 'Mở lại hồ sơ',
  'files.setAccess': 'Đặt quyền truy cập',
  'files.approveAccess': 'Duyệt quyền truy cập',
  'files.export': 'Xuất hồ sơ',
  'files.printIndex': 'In mục lục văn bản',
  'archive.transfer': 'Nộp lưu vào Lưu trữ cơ quan',
  'archive.dispose': 'Tiêu hủy theo quyết định',
  'files.get': 'Xem hồ sơ',
};

function addDaysIso(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
