// Writing incoming documents: intake (chờ vào sổ), registration with số đến, edits, files, voiding, refusal, and the
// all-or-nothing import of old registers. Every function here runs inside the caller's write transaction and does
// no slow work; the arrival-time rule (HN 10.2, PY 5.2) is applied here with the office's working calendar.

import type { DocumentDetail } from '../../src-shared/api/documents';
import { vnInstant, vnParts } from '../../src-shared/calendar/vn-time';
import { addWorkingHours, nextWorkingInstant } from '../../src-shared/calendar/working-time';
import { AppError } from '../../src-shared/errors';
import { REGISTRATION_LIMIT_HOURS, type FileRole, type ReceivedVia, type RefusalReason } from '../../src-shared/documents';
import { fold } from '../../src-shared/vn/text';
import type { CalendarService } from '../calendar/service';
import type { RawDb } from '../db/open';
import type { Viewer } from '../documents/access';
import type { DocumentsService } from '../documents/service';
import { AUDITED_EDIT_FIELDS, column, IMPORT_FIELDS, INSERT_FIELDS, insertFields, METADATA_FIELDS, REGISTRATION_FIELDS, setFields } from '../documents/columns';
import { duplicateKey, type MetaFields } from '../documents/query';
import type { LegacyRecord } from '../imports/incoming-legacy';
import type { RegistersService } from '../registers/service';

export interface Metadata {
  issuerAgencyId: number | null;
  issuerCode: string | null;
  issuerName: string;
  codeNumber: string | null;
  codeNotation: string | null;
  issuedDate: string | null;
  docTypeId: number | null;
  typeName: string | null;
  subject: string;
  signerPosition: string | null;
  signerName: string | null;
  urgency: number;
  urgentDeadlineAt: number | null;
  pageCount: number | null;
  copies: number | null;
  receivedVia: ReceivedVia;
  handlingDueDate: string | null;
  notes: string | null;
  edxmlDocumentId: string | null;
  /** Hạn chế: seen only by those it is given to (documents/access.ts). */
  restricted: boolean;
}

/** One row of an old register, already validated by imports/incoming-legacy.ts (its spreadsheet row number aside). */
export type ImportRecord = Omit<LegacyRecord, 'row'>;

export interface FileInput {
  hash: string;
  fileName: string;
  role: FileRole;
}

interface Deps {
  raw: RawDb;
  calendar: CalendarService;
  registers: RegistersService;
  documents: DocumentsService;
  now: () => number;
}

const yearOf = (ms: number) => Number(vnParts(ms).date.slice(0, 4));

export function createIncoming({ raw, calendar, registers, documents, now }: Deps) {
  const insertDoc = raw.prepare(insertFields(INSERT_FIELDS, { direction: "'in'", createdBy: '@userId', createdAt: '@now', updatedAt: '@now' }));
  const insertFile = raw.prepare(
    `INSERT INTO document_files (document_id, blob_hash, file_name, role, position, added_at, added_by)
     VALUES (?, ?, ?, ?, (SELECT coalesce(max(position), 0) + 1 FROM document_files WHERE document_id = ?), ?, ?)`,
  );
  // An old register's documents were handled long ago: 'done', so they never fill the "chưa xử lý" lists.
  const insertImported = raw.prepare(
    insertFields(IMPORT_FIELDS, { direction: "'in'", status: "'registered'", source: "'import'", late: '0', receivedVia: "'paper'", handlingStatus: "'done'" }, true),
  );
  const registerPending = raw.prepare(`UPDATE documents SET ${setFields([...REGISTRATION_FIELDS, ...METADATA_FIELDS])}, updated_at = @now WHERE id = @id`);
  const updateMetadata = raw.prepare(`UPDATE documents SET ${setFields(METADATA_FIELDS)}, updated_at = @now WHERE id = @id`);
  const docRow = raw.prepare('SELECT id, status, register_id, received_at, arrival_at, registration_due_at, year FROM documents WHERE id = ?');

  function metaParams(m: Metadata) {
    return {
      issuerAgencyId: m.issuerAgencyId,
      issuerCode: m.issuerCode,
      issuerName: m.issuerName,
      issuerSearch: fold(m.issuerName),
      codeNumber: m.codeNumber,
      codeNotation: m.codeNotation,
      issuedDate: m.issuedDate,
      docTypeId: m.docTypeId,
      typeName: m.typeName,
      subject: m.subject,
      signerPosition: m.signerPosition,
      signerName: m.signerName,
      urgency: m.urgency,
      urgentDeadlineAt: m.urgentDeadlineAt,
      pageCount: m.pageCount,
      copies: m.copies,
      receivedVia: m.receivedVia,
      handlingDueDate: m.handlingDueDate,
      notes: m.notes,
      edxmlDocumentId: m.edxmlDocumentId,
      dupKey: duplicateKey(m),
      restricted: m.restricted ? 1 : 0,
      handlingStatus: 'new',
    } satisfies Record<(typeof METADATA_FIELDS)[number], unknown> & { handlingStatus: 'new' };
  }

  /** When the document counts as arrived and by when it must be registered (8 working hours). */
  function arrival(receivedAt: number) {
    const cal = calendar.around(receivedAt);
    const arrivalAt = nextWorkingInstant(cal, receivedAt);
    return { receivedAt, arrivalAt, registrationDueAt: addWorkingHours(cal, arrivalAt, REGISTRATION_LIMIT_HOURS), year: yearOf(arrivalAt) };
  }

  function pending(id: number) {
    const r = docRow.get(id) as { id: number; status: string; received_at: number; arrival_at: number; registration_due_at: number; year: number } | undefined;
    if (!r) throw new AppError('not_found', 'Không tìm thấy văn bản chờ vào sổ.');
    if (r.status !== 'pending') throw new AppError('conflict', 'Văn bản này không còn ở trạng thái chờ vào sổ.');
    return r;
  }

  function attach(docId: number, files: FileInput[], userId: number): void {
    const t = now();
    for (const f of files) insertFile.run(docId, f.hash, f.fileName, f.role, docId, t, userId);
  }

  function checkRegister(registerId: number, year: number) {
    const r = registers.row(registerId);
    if (r.direction !== 'in') throw new AppError('invalid_input', undefined, { fields: [{ path: 'registerId', message: 'Đây không phải sổ văn bản đến.' }] });
    if (!r.active) throw new AppError('invalid_input', undefined, { fields: [{ path: 'registerId', message: 'Sổ văn bản đã ngừng sử dụng.' }] });
    if (r.year !== year) {
      throw new AppError('invalid_input', `Văn bản đến năm ${year} phải vào sổ năm ${year}, không vào "${r.name}" năm ${r.year}.`, {
        fields: [{ path: 'registerId', message: `Chọn sổ của năm ${year}.` }],
      });
    }
    return r;
  }

  /**
   * A document received but not (or never to be) registered: intake (pending) or a refusal. It gets the arrival
   * rule's times and no number; the caller attaches its files and indexes it.
   */
  function insertUnregistered(
    status: 'pending' | 'refused',
    at: number,
    userId: number | null,
    v: {
      issuerName: string | null;
      codeNumber: string | null;
      codeNotation: string | null;
      issuedDate: string | null;
      subject: string | null;
      urgency: number;
      receivedVia: ReceivedVia;
      notes: string | null;
    },
  ): number {
    const a = arrival(at);
    const meta = metaParams({
      issuerAgencyId: null,
      issuerCode: null,
      issuerName: v.issuerName ?? '',
      codeNumber: v.codeNumber,
      codeNotation: v.codeNotation,
      issuedDate: v.issuedDate,
      docTypeId: null,
      typeName: null,
      subject: v.subject ?? '',
      signerPosition: null,
      signerName: null,
      urgency: v.urgency,
      urgentDeadlineAt: null,
      pageCount: null,
      copies: null,
      receivedVia: v.receivedVia,
      handlingDueDate: null,
      notes: v.notes,
      edxmlDocumentId: null,
      restricted: false,
    });
    return Number(
      insertDoc.run({
        ...meta,
        // A refused document is not a candidate for "already registered".
        ...(status === 'refused' ? { dupKey: null } : {}),
        status,
        source: 'manual',
        registerId: null,
        year: a.year,
        arrivalNumber: null,
        receivedAt: a.receivedAt,
        arrivalAt: a.arrivalAt,
        registrationDueAt: a.registrationDueAt,
        registeredAt: null,
        registeredBy: null,
        late: 0,
        recipient: null,
        transferDate: null,
        userId,
        now: at,
      }).lastInsertRowid,
    );
  }

  return {
    arrival,

    /** Intake: the document is in the office now; it waits for registration with its deadline running. */
    receive(v: { receivedVia: ReceivedVia; issuerName: string | null; subject: string | null; urgency: number; notes: string | null; files: FileInput[] }, userId: number): number {
      const id = insertUnregistered('pending', now(), userId, {
        issuerName: v.issuerName,
        codeNumber: null,
        codeNotation: null,
        issuedDate: null,
        subject: v.subject,
        urgency: v.urgency,
        receivedVia: v.receivedVia,
        notes: v.notes,
      });
      attach(id, v.files, userId);
      documents.index(id);
      return id;
    },

    /**
     * A document packet from the hub (sync/inbox.ts): intake as for a clerk's receive, with the packet's metadata,
     * source 'hub' and no user (the sync worker brought it). Its files are recorded blobs; it waits in "Chờ vào sổ".
     */
    receiveFromHub(m: Metadata, files: FileInput[], at: number): number {
      const id = insertUnregistered('pending', at, null, {
        issuerName: m.issuerName,
        codeNumber: m.codeNumber,
        codeNotation: m.codeNotation,
        issuedDate: m.issuedDate,
        subject: m.subject,
        urgency: m.urgency,
        receivedVia: 'hub',
        notes: m.notes,
      });
      updateMetadata.run({ ...metaParams(m), id, now: at });
      raw.prepare("UPDATE documents SET source = 'hub' WHERE id = ?").run(id);
      for (const f of files) insertFile.run(id, f.hash, f.fileName, f.role, id, at, null);
      documents.index(id);
      return id;
    },

    /** Metadata corrected by the sender (business 'update') while the document still waits for registration. */
    updatePending(id: number, m: Metadata): void {
      pending(id);
      updateMetadata.run({ ...metaParams(m), id, now: now() });
      documents.index(id);
    },

    /** Registration: allocates the next số đến of the register in this transaction. */
    register(v: Metadata & { pendingId?: number; registerId: number; files: FileInput[] }, userId: number): number {
      const t = now();
      const p = v.pendingId ? pending(v.pendingId) : null;
      const a = p ? { receivedAt: p.received_at, arrivalAt: p.arrival_at, registrationDueAt: p.registration_due_at, year: p.year } : arrival(t);
      checkRegister(v.registerId, a.year);
      const number = registers.allocate(v.registerId);
      const common = {
        ...metaParams(v),
        status: 'registered',
        registerId: v.registerId,
        year: a.year,
        arrivalNumber: number,
        registeredAt: t,
        registeredBy: userId,
        late: t > a.registrationDueAt ? 1 : 0,
      };
      let id: number;
      if (p) {
        id = p.id;
        registerPending.run({ ...common, id, now: t });
      } else {
        id = Number(
          insertDoc.run({
            ...common,
            source: 'manual',
            receivedAt: a.receivedAt,
            arrivalAt: a.arrivalAt,
            registrationDueAt: a.registrationDueAt,
            recipient: null,
            transferDate: null,
            userId,
            now: t,
          }).lastInsertRowid,
        );
      }
      attach(id, v.files, userId);
      documents.index(id);
      return id;
    },

    /**
     * Corrects the metadata of a registered or pending document and adds the files given, in the caller's one
     * transaction; number, register and times never change.
     */
    update(id: number, m: Metadata, files: FileInput[], userId: number): Record<string, { from: unknown; to: unknown }> {
      const before = raw.prepare('SELECT * FROM documents WHERE id = ?').get(id) as Record<string, unknown> | undefined;
      if (!before) throw new AppError('not_found', 'Không tìm thấy văn bản.');
      if (before.status !== 'registered' && before.status !== 'pending') {
        throw new AppError('conflict', 'Văn bản đã hủy số hoặc đã từ chối thì không sửa được.');
      }
      const p = metaParams(m);
      updateMetadata.run({ ...p, id, now: now() });
      attach(id, files, userId);
      documents.index(id);
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      // The audit trail is read by the admin, who does not see restricted documents: it records which fields of
      // one changed, never their values.
      const hidden = !!before.restricted || !!p.restricted;
      for (const key of AUDITED_EDIT_FIELDS) {
        const to = p[key];
        if (before[column(key)] !== to) changes[key] = hidden ? { from: '…', to: '…' } : { from: before[column(key)], to };
      }
      if (!!before.restricted !== !!p.restricted) changes.restricted = { from: !!before.restricted, to: !!p.restricted };
      return changes;
    },

    attachFiles(id: number, files: FileInput[], userId: number): void {
      const r = docRow.get(id) as { status: string } | undefined;
      if (!r) throw new AppError('not_found', 'Không tìm thấy văn bản.');
      if (r.status !== 'registered' && r.status !== 'pending') throw new AppError('conflict', 'Không đính kèm tệp vào văn bản đã hủy số hoặc đã từ chối.');
      attach(id, files, userId);
      raw.prepare('UPDATE documents SET updated_at = ? WHERE id = ?').run(now(), id);
      documents.index(id);
    },

    /** Voiding keeps the number used and visible (never reused), with the reason. */
    void(id: number, reason: string, userId: number): void {
      const r = docRow.get(id) as { status: string } | undefined;
      if (!r) throw new AppError('not_found', 'Không tìm thấy văn bản.');
      if (r.status === 'voided') throw new AppError('already_voided');
      if (r.status !== 'registered') throw new AppError('conflict', 'Chỉ hủy số được văn bản đã vào sổ.');
      raw.prepare("UPDATE documents SET status = 'voided', void_reason = ?, voided_at = ?, voided_by = ?, updated_at = ? WHERE id = ?").run(reason, now(), userId, now(), id);
    },

    refuse(
      v: {
        pendingId?: number;
        reason: RefusalReason;
        reasonText: string | null;
        issuerName: string | null;
        codeNumber: string | null;
        codeNotation: string | null;
        issuedDate: string | null;
        subject: string | null;
        receivedVia: ReceivedVia;
        files: FileInput[];
      },
      userId: number,
    ): number {
      const t = now();
      let id: number;
      if (v.pendingId) {
        id = pending(v.pendingId).id;
        raw
          .prepare(
            `UPDATE documents SET status = 'refused', refusal_reason = @reason, refusal_text = @text, refused_at = @t, refused_by = @u,
               issuer_name = coalesce(@issuer, issuer_name), issuer_search = coalesce(@issuerSearch, issuer_search),
               code_number = coalesce(@codeNumber, code_number), code_notation = coalesce(@codeNotation, code_notation),
               issued_date = coalesce(@issuedDate, issued_date), subject = coalesce(@subject, subject), updated_at = @t WHERE id = @id`,
          )
          .run({
            reason: v.reason,
            text: v.reasonText,
            t,
            u: userId,
            issuer: v.issuerName,
            issuerSearch: v.issuerName ? fold(v.issuerName) : null,
            codeNumber: v.codeNumber,
            codeNotation: v.codeNotation,
            issuedDate: v.issuedDate,
            subject: v.subject,
            id,
          });
      } else {
        id = insertUnregistered('refused', t, userId, {
          issuerName: v.issuerName,
          codeNumber: v.codeNumber,
          codeNotation: v.codeNotation,
          issuedDate: v.issuedDate,
          subject: v.subject,
          urgency: 0,
          receivedVia: v.receivedVia,
          notes: null,
        });
        raw.prepare('UPDATE documents SET refusal_reason = ?, refusal_text = ?, refused_at = ?, refused_by = ? WHERE id = ?').run(v.reason, v.reasonText, t, userId, id);
      }
      attach(id, v.files, userId);
      documents.index(id);
      return id;
    },

    /**
     * Old-register rows into `registerId`, numbered from the file (keep) or in file order (allocate). Arrival times
     * are the day's first working period, a second apart per row, so the file's order is kept within a day.
     */
    importRecords(registerId: number, records: ImportRecord[], numbering: 'keep' | 'allocate', userId: number, startOfDay: string): { from: number; to: number } | null {
      const reg = registers.row(registerId);
      let first = Number.POSITIVE_INFINITY;
      let last = 0;
      const perDay = new Map<string, number>();
      const t = now();
      const keep = numbering === 'keep';
      let next = keep ? 0 : registers.allocateBlock(reg.id, records.length);
      // Index rows are written together every few thousand documents (one statement), in this transaction.
      const toIndex: Array<{ id: number; meta: MetaFields }> = [];
      for (const rec of records) {
        const k = perDay.get(rec.arrivalDate) ?? 0;
        perDay.set(rec.arrivalDate, k + 1);
        const at = vnInstant(rec.arrivalDate, startOfDay) + k * 1000;
        const number = keep && rec.arrivalNumber != null ? rec.arrivalNumber : next++;
        if (number < first) first = number;
        if (number > last) last = number;
        // Positional parameters and no per-row objects: this loop runs for every row of a register (≥ 5,000/s).
        const id = Number(
          insertImported.run(
            reg.id,
            reg.year,
            number,
            at,
            at,
            at,
            at,
            userId,
            rec.issuerName,
            fold(rec.issuerName),
            rec.codeNumber,
            rec.codeNotation,
            rec.issuedDate,
            rec.docTypeId,
            rec.typeName,
            rec.subject,
            rec.urgency,
            rec.pageCount,
            rec.notes,
            rec.recipient,
            rec.transferDate,
            duplicateKey(rec),
            userId,
            t,
            t,
            keep ? null : (rec.oldArrivalNumber ?? null),
          ).lastInsertRowid,
        );
        toIndex.push({
          id,
          meta: {
            subject: rec.subject,
            typeName: rec.typeName,
            codeNumber: rec.codeNumber,
            codeNotation: rec.codeNotation,
            issuerName: rec.issuerName,
            issuerCode: null,
            signerPosition: null,
            signerName: null,
            notes: rec.notes,
            recipient: rec.recipient,
            arrivalNumber: number,
            oldArrivalNumber: keep ? null : (rec.oldArrivalNumber ?? null),
          },
        });
        if (toIndex.length >= 2_000) documents.indexNew(toIndex.splice(0));
      }
      documents.indexNew(toIndex);
      if (keep && last > 0) registers.raiseTo(reg.id, last);
      return records.length ? { from: first, to: last } : null;
    },

    detail(id: number, orgName: string, viewer: Viewer): DocumentDetail {
      return documents.get(id, orgName, vnParts(now()).date, viewer);
    },
  };
}

export type IncomingService = ReturnType<typeof createIncoming>;
